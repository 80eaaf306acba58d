from odoo import api, fields, models
from odoo.exceptions import UserError

from .joint_meeting_workflow_mixin import jm_action


class JointMeetingImplementationReportMixin(models.AbstractModel):
    """Art. 7(2): each meeting hears how the agreed matters of the meeting
    before it (and, for a regular meeting, of the extraordinary meetings held
    since) were implemented. The system compiles that report into a topic of
    the agenda and keeps it up to date until the agenda is approved. Part of
    ``joint.meeting``."""

    _name = "joint.meeting.implementation.report.mixin"
    _description = "Joint Meeting Implementation Report"

    previous_meeting_id = fields.Many2one(
        "joint.meeting",
        compute="_compute_previous_meeting_id",
        help="Art. 7(2): the meeting whose agreed matters this meeting reports on: for a "
        "regular meeting the regular meeting before it (an extraordinary meeting in between "
        "does not replace it), for an extraordinary meeting the meeting before it.",
    )
    reported_meeting_ids = fields.Many2many(
        "joint.meeting",
        string="Meetings Reported On",
        compute="_compute_previous_meeting_id",
        help="Art. 7(2): the previous meeting and, for a regular meeting, the extraordinary "
        "meetings held since: the implementation report covers their agreed matters.",
    )

    @api.depends("date", "company_id", "meeting_type")
    def _compute_previous_meeting_id(self):
        for meeting in self:
            if not meeting.date:
                meeting.previous_meeting_id = meeting.reported_meeting_ids = False
                continue
            before = [
                ("company_id", "=", meeting.company_id.id),
                ("date", "<", meeting.date),
                ("state", "!=", "cancelled"),
                ("id", "!=", meeting._origin.id or 0),
            ]
            previous = self.browse()
            if meeting.meeting_type == "regular":
                previous = self.search(
                    [*before, ("meeting_type", "=", "regular")], order="date desc, id desc", limit=1
                )
            previous = previous or self.search(before, order="date desc, id desc", limit=1)
            meeting.previous_meeting_id = previous
            meeting.reported_meeting_ids = (
                self.search([*before, ("date", ">=", previous.date)], order="date, id")
                if previous
                else False
            )

    # ------------------------------------------------------------------
    # Art. 7(2): report on the previous meeting's agreed matters
    # ------------------------------------------------------------------
    def _refresh_implementation_report(self):
        """Compile the agreed matters of the meeting before, with their state,
        latest progress and the explanation of those not implemented, into
        the Art. 7(2) topic of this meeting's agenda. Nobody types it; it
        follows every change until the agenda is approved."""
        Topic = self.env["joint.meeting.topic"].with_context(tracking_disable=True)
        # The meeting before may have been created since it was last computed.
        self.invalidate_recordset(["previous_meeting_id", "reported_meeting_ids"])
        for meeting in self.sudo():
            if meeting.state not in ("draft", "collecting") or not meeting.date:
                continue
            previous = meeting.previous_meeting_id
            reported = meeting.reported_meeting_ids
            resolutions = reported.resolution_ids.filtered(lambda r: r.state != "draft")
            topic = meeting.with_context(active_test=False).topic_ids.filtered(
                lambda t: t.category == "implementation_report"
            )[:1]
            if not resolutions:
                if topic:
                    topic._workflow_env().unlink()
                continue
            body = self.env["ir.qweb"]._render(
                "joint_meeting.implementation_report_body",
                {
                    "meeting": meeting,
                    "previous": previous,
                    "reported": resolutions.meeting_id.sorted("date"),
                    "subject": meeting._implementation_report_subject(),
                    "resolutions": resolutions,
                    "format_date": meeting.env["joint.meeting.calendar"]._official_date,
                },
            )
            vals = {
                "report_body": body,
                # The title of an official agenda item, in Chinese like the report.
                "name": f"{meeting._implementation_report_subject()}议定事项落实情况",
            }
            if topic:
                topic._workflow_write(vals)
                continue
            organization = self.env["joint.meeting.organization"].search(
                [
                    ("company_id", "=", meeting.company_id.id),
                    ("kind", "in", ("supervision", "office")),
                ],
                order="kind desc, sequence, id",
                limit=1,
            )
            if not organization:
                continue
            Topic._workflow_create(
                {
                    **vals,
                    "meeting_id": meeting.id,
                    "organization_id": organization.id,
                    "category": "implementation_report",
                    "state": "accepted",
                    "sequence": 1,
                    "submit_date": fields.Datetime.now(),
                }
            )

    def _implementation_report_subject(self):
        """Which meetings the Art. 7(2) report is about, as its title says it
        (an official text, in Chinese like the report)."""
        self.ensure_one()
        matters = self.reported_meeting_ids.resolution_ids.filtered(lambda r: r.state != "draft")
        if matters.meeting_id - self.previous_meeting_id:
            return f"{self.previous_meeting_id.name}以来各次联席会议"
        return self.previous_meeting_id.name or ""

    @api.model
    def _refresh_implementation_reports_after(self, previous_meetings):
        """Refresh the reports of the meetings in preparation that follow
        ``previous_meetings``."""
        dates = previous_meetings.filtered("date").mapped("date")
        if not dates:
            return
        # A report covers meetings before its own: only later meetings can be
        # concerned.
        candidates = self.sudo().search(
            [
                ("company_id", "in", previous_meetings.company_id.ids),
                ("state", "in", ("draft", "collecting")),
                ("date", ">", min(dates)),
            ]
        )
        candidates.invalidate_recordset(["previous_meeting_id", "reported_meeting_ids"])
        candidates.filtered(
            lambda m: m.reported_meeting_ids & previous_meetings
        )._refresh_implementation_report()

    @jm_action(states="draft collecting approved", when="_jm_when_implementation_report")
    def action_view_implementation_report(self):
        self._jm_ensure_one()
        topic = self.topic_ids.filtered(lambda t: t.category == "implementation_report")[:1]
        if not topic:
            raise UserError(
                self.env._("The meeting before this one has no agreed matters to report on.")
            )
        return topic._get_records_action(context={})
