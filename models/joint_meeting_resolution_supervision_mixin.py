from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .joint_meeting_reminder import Due, ReminderJob
from .joint_meeting_workflow_mixin import jm_action

# The states in which the supervision office follows a matter, until it
# closes it as done or as not implementable.
OPEN_STATES = ("open", "in_progress")
# Who acts on a matter as its unit (the buttons of jm_action): the members of
# its units, as the form's groups say (mass organisations, departments).
UNITS = "org@lead_unit_id org@co_unit_ids dept@lead_unit_id dept@co_unit_ids"
LEAD_UNIT = "org@lead_unit_id dept@lead_unit_id"


class JointMeetingResolutionSupervisionMixin(models.AbstractModel):
    """Art. 11: the target supervision office (目标督查办) follows each agreed
    matter: the lead unit is reminded before the deadline, the matter is
    marked overdue and escalated after it; the office urges the units, closes
    the matter (done, or not implementable with the accepted explanation)
    and reopens it. Part of ``joint.meeting.resolution``."""

    _name = "joint.meeting.resolution.supervision.mixin"
    _description = "Joint Meeting Agreed Matter Supervision"
    _inherit = ["joint.meeting.reminder.mixin"]
    # Written by the supervision steps (see joint.meeting.workflow.mixin).
    _write_by_steps = "overdue_date urge_count last_urge_date close_date reopen_reason"

    overdue_date = fields.Date(
        string="Marked Overdue On",
        readonly=True,
        copy=False,
        help="Set by the scheduled action on the first day after the deadline.",
    )
    urge_count = fields.Integer(string="Urging Notices", readonly=True, copy=False)
    last_urge_date = fields.Date(readonly=True, copy=False)
    close_date = fields.Date(readonly=True, copy=False, tracking=True)
    on_time_percent = fields.Integer(
        string="On-time Rate (%)",
        compute="_compute_on_time_percent",
        store=True,
        aggregator="avg",
        help="100 for a matter closed as done by its deadline, else 0: its average over the "
        "matters closed as done is the on-time rate.",
    )
    reopen_reason = fields.Text(readonly=True, copy=False, tracking=True)

    @api.depends("state", "close_date", "deadline")
    def _compute_on_time_percent(self):
        for resolution in self:
            on_time = (
                resolution.state == "done"
                and resolution.close_date
                and resolution.close_date <= resolution.deadline
            )
            resolution.on_time_percent = 100 if on_time else 0

    # ------------------------------------------------------------------
    # Supervision office (目标督查办)
    # ------------------------------------------------------------------
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(
                self.env._(
                    "Art. 11: only the target supervision office urges, closes and reopens "
                    "agreed matters."
                )
            )

    @jm_action(states="open in_progress", roles="sup", when="_jm_when_completed")
    def action_close_done(self):
        self._check_supervisor()
        for resolution in self:
            if resolution.state not in OPEN_STATES:
                raise UserError(self.env._("Only an open agreed matter can be closed."))
            if resolution._last_accepted_report().outcome != "completed":
                raise UserError(
                    self.env._(
                        "%(matter)s: accept the unit's report of completion before closing "
                        "the matter as done.",
                        matter=resolution.name,
                    )
                )
        engine = self.env["joint.meeting.calendar"]
        for company in self.company_id:
            self.filtered(lambda r, company=company: r.company_id == company)._workflow_write(
                {"state": "done", "close_date": engine._today(company)}
            )
        self._close_activities()
        return True

    # ------------------------------------------------------------------
    # Reminders (Art. 11): the lead unit before the deadline; after it the
    # matter is marked overdue and escalated to the supervision office
    # ------------------------------------------------------------------
    @api.model
    def _reminder_jobs(self):
        over = [("state", "in", ("done", "cannot"))]
        start = self._joint_meeting_steps[0]
        steps = tuple(step.name for step in self._joint_meeting_steps)
        return [
            ReminderJob(
                "resolution_due",
                "joint_meeting.mail_activity_type_resolution_due",
                lambda windows: self._reminders_due(windows, "due"),
                lambda env, due: start.remind(env, due.record, due.organization, due.period),
                over=over,
                steps=steps,
            ),
            ReminderJob(
                "resolution_overdue",
                "joint_meeting.mail_activity_type_resolution_overdue",
                lambda windows: self._reminders_due(windows, "overdue"),
                lambda env, due: start.escalate(env, due.record, due.organization, due.period),
                escalate_to=start.escalate_to,
                before_batch=self._mark_overdue,
                over=over,
                steps=steps,
            ),
        ]

    @api.model
    def _reminders_due(self, windows, phase):
        """Matters at a step of their lead unit (to start, to report on) due
        within the reminder window ("due") or past their deadline
        ("overdue"), not reminded yet: the step's unit and deadline."""
        # Both steps remind their first unit (the lead unit) of the matter's
        # deadline: one query for both.
        step = self._joint_meeting_steps[0]
        found = self.env["joint.meeting.reminder"]._due_in_window(
            self._name,
            SQL(step.sql("deadline")),
            SQL(" OR ").join(
                SQL("(%s)", other.reminder_where()) for other in self._joint_meeting_steps
            ),
            "resolution_due",
            "resolution_overdue",
            windows,
        )
        deadline, unit = step.field("deadline"), step.field("unit")
        return [
            Due(
                matter,
                matter[deadline],
                matter[deadline] if phase == "due" else windows[matter.company_id.id][0],
                matter[unit],
            )
            for matter, found_phase in found.items()
            if found_phase == phase
        ]

    @api.model
    def _mark_overdue(self, dues):
        """The matters escalated as overdue are marked so on the day."""
        overdue = defaultdict(list)
        for due in dues:
            if not due.record.overdue_date:
                overdue[due.deadline].append(due.record.id)
        for today, ids in overdue.items():
            self.browse(ids)._workflow_write({"overdue_date": today})

    def _close_activities(self):
        """A closed matter needs no more reminders, escalations or urging."""
        self.sudo().activity_feedback(
            [
                "joint_meeting.mail_activity_type_urge",
                "joint_meeting.mail_activity_type_resolution_due",
                "joint_meeting.mail_activity_type_resolution_overdue",
            ],
            feedback=self.env._("Closed by the supervision office"),
        )

    @jm_action(states="open in_progress", roles="sup", when="_jm_when_explained")
    def action_close_cannot(self):
        self._check_supervisor()
        for resolution in self:
            if resolution.state not in OPEN_STATES:
                raise UserError(self.env._("Only an open agreed matter can be closed."))
            report = resolution._last_accepted_report()
            if report.outcome != "cannot":
                raise UserError(
                    self.env._(
                        "Art. 7(2): %(matter)s can be closed as not implementable only once "
                        "the unit's explanation is accepted.",
                        matter=resolution.name,
                    )
                )
            resolution._workflow_write(
                {
                    "state": "cannot",
                    "explanation": report.explanation,
                    "close_date": self.env["joint.meeting.calendar"]._today(resolution.company_id),
                }
            )
        self._close_activities()
        return True

    def _reopen(self, reason):
        self._check_supervisor()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason for reopening the agreed matter."))
        reason = self._jm_text_arg(reason, self.env._("The reason for reopening"))
        if self.filtered(lambda r: r.state not in ("done", "cannot")):
            raise UserError(self.env._("Only a closed agreed matter can be reopened."))
        self._workflow_write({"state": "in_progress", "reopen_reason": reason, "close_date": False})
        for resolution in self:
            resolution.sudo().message_post(
                body=self.env._("Reopened by the supervision office: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @jm_action(states="done cannot", roles="sup")
    def action_open_reopen(self):
        self._check_supervisor()
        return self.env["joint.meeting.resolution.reopen"]._get_records_action(
            name=self.env._("Reopen Agreed Matter"),
            target="new",
            context={"default_resolution_ids": self.ids},
        )

    @jm_action(states="open in_progress", roles="sup")
    def action_open_urge(self):
        self._check_supervisor()
        return self.env["joint.meeting.urge"]._get_records_action(
            name=self.env._("Urge Units"),
            target="new",
            context={"default_resolution_ids": self.ids},
        )
