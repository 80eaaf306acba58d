from collections import defaultdict

from odoo import api, fields, models


class JointMeetingComplianceMixin(models.AbstractModel):
    """The deadlines of a joint meeting and whether they were met: the
    proposals (Art. 9, counted back from the meeting day), the written
    consultations (Art. 9), the minutes (Art. 11, counted from the meeting
    day) and the agreed matters (Art. 11). Part of ``joint.meeting``, whose
    date, district, topics, consultations, minutes and matters it reads."""

    _name = "joint.meeting.compliance.mixin"
    _description = "Joint Meeting Deadlines and Compliance"

    proposal_deadline = fields.Date(
        compute="_compute_proposal_deadline",
        store=True,
        help="Art. 9: proposals are due this many days before the meeting.",
    )
    proposal_deadline_text = fields.Char(
        string="Proposal Deadline Counted",
        compute="_compute_proposal_deadline_text",
        help="How the proposal deadline was counted (calendar or working days).",
    )
    proposal_days_left = fields.Integer(
        string="Days Left for Proposals", compute="_compute_proposal_days_left"
    )
    # --- compliance with the regulation, per meeting ---
    late_topic_count = fields.Integer(
        string="Late Proposals", compute="_compute_compliance", help="Art. 9"
    )
    proposal_lead_time_met = fields.Boolean(compute="_compute_compliance")
    all_consultations_replied = fields.Boolean(compute="_compute_compliance")
    minutes_issue_date = fields.Date(compute="_compute_compliance")
    minutes_deadline = fields.Date(
        string="Minutes Due",
        compute="_compute_minutes_deadline",
        help="Art. 11: the minutes are issued by this date (district setting).",
    )
    minutes_deadline_text = fields.Char(
        string="Minutes Due Counted", compute="_compute_minutes_deadline"
    )
    minutes_on_time = fields.Boolean(string="Minutes Issued on Time", compute="_compute_compliance")
    resolution_count = fields.Integer(
        string="Number of Agreed Matters", compute="_compute_compliance"
    )
    resolution_done_count = fields.Integer(string="Done", compute="_compute_compliance")
    resolution_overdue_count = fields.Integer(string="Overdue", compute="_compute_compliance")
    resolution_cannot_count = fields.Integer(
        string="Cannot Be Implemented", compute="_compute_compliance"
    )

    def _compute_compliance(self):
        """Per meeting: proposal lead time (Art. 9), consultation replies
        (Art. 9), minutes issued on time (Art. 11), agreed matters (Art. 11);
        a handful of grouped queries for any number of meetings."""
        ids = self.ids
        late = dict(
            self.env["joint.meeting.topic"]._read_group(
                [
                    ("meeting_id", "in", ids),
                    ("state", "in", ("submitted", "accepted")),
                    ("late_exception", "=", True),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        waiting = dict(
            self.env["joint.meeting.consultation"]._read_group(
                [("meeting_id", "in", ids), ("state", "in", ("to_send", "waiting"))],
                ["meeting_id"],
                ["__count"],
            )
        )
        issued = dict(
            self.env["joint.meeting.minutes"]._read_group(
                [("meeting_id", "in", ids), ("state", "=", "issued")],
                ["meeting_id"],
                ["issue_date:min"],
            )
        )
        states = defaultdict(lambda: defaultdict(int))
        Resolution = self.env["joint.meeting.resolution"]
        for meeting, state, count in Resolution._read_group(
            [("meeting_id", "in", ids), ("state", "!=", "draft")],
            ["meeting_id", "state"],
            ["__count"],
        ):
            states[meeting][state] += count
            states[meeting]["all"] += count
        engine = self.env["joint.meeting.calendar"]
        for company in self.company_id:
            for meeting, count in Resolution._read_group(
                [
                    ("meeting_id", "in", ids),
                    ("company_id", "=", company.id),
                    ("state", "in", ("open", "in_progress")),
                    ("deadline", "<", engine._today(company)),
                ],
                ["meeting_id"],
                ["__count"],
            ):
                states[meeting]["overdue"] += count
        for meeting in self:
            origin = meeting._origin
            meeting.late_topic_count = late.get(origin, 0)
            meeting.proposal_lead_time_met = not meeting.late_topic_count
            meeting.all_consultations_replied = not waiting.get(origin, 0)
            meeting.minutes_issue_date = issued.get(origin, False)
            limit = meeting.minutes_deadline
            meeting.minutes_on_time = bool(
                limit and meeting.minutes_issue_date and meeting.minutes_issue_date <= limit
            )
            counts = states[origin]
            meeting.resolution_count = counts["all"]
            meeting.resolution_done_count = counts["done"]
            meeting.resolution_overdue_count = counts["overdue"]
            meeting.resolution_cannot_count = counts["cannot"]

    @api.depends(
        "date",
        "company_id.joint_meeting_proposal_lead_days",
        "company_id.joint_meeting_proposal_lead_unit",
        "company_id.joint_meeting_holiday_policy",
        "company_id.joint_meeting_tz",
    )
    def _compute_proposal_deadline(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            meeting.proposal_deadline = meeting.date and engine._deadline(
                meeting.company_id, "proposal", meeting._local_date()
            )

    @api.depends("proposal_deadline")
    def _compute_proposal_deadline_text(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            meeting.proposal_deadline_text = meeting.date and engine._describe(
                meeting.company_id, "proposal", meeting._local_date(), meeting.proposal_deadline
            )

    @api.depends("date", "company_id")
    def _compute_minutes_deadline(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            start = meeting.date and meeting._local_date()
            deadline = start and engine._deadline(meeting.company_id, "minutes", start)
            meeting.minutes_deadline = deadline
            meeting.minutes_deadline_text = start and engine._describe(
                meeting.company_id, "minutes", start, deadline
            )

    @api.depends("proposal_deadline")
    def _compute_proposal_days_left(self):
        """Days left in the unit of the proposal lead time."""
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            company = meeting.company_id
            meeting.proposal_days_left = (
                engine._count_days(
                    company,
                    engine._today(company),
                    meeting.proposal_deadline,
                    engine._rule(company, "proposal")[1],
                )
                if meeting.proposal_deadline
                else 0
            )
