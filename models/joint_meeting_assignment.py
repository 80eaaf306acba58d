from odoo import api, fields, models

from .joint_meeting_reminder import Due, ReminderJob
from .joint_meeting_step import Step

# Art. 11 (签收): each assigned unit acknowledges (or returns) its agreed
# matter within the acknowledgement time; reminded once, then escalated once
# to the supervision office. The assessment scores the acknowledgement on
# time or late against the same deadline, for the same unit.
ASSIGNMENT_STEPS = (
    Step(
        "assignment_acknowledge",
        "acknowledge",
        "organization",
        "joint.meeting.assignment",
        "{r}.state = 'pending' AND s.active AND s.state IN ('open', 'in_progress')",
        units=("organization_id",),
        deadline="{r}.due_date",
        joins="JOIN joint_meeting_resolution s ON s.id = {r}.resolution_id",
        title="s.name",
        meeting="s.meeting_id",
        company="s.company_id",
        document=("joint.meeting.resolution", "s.id"),
        remind=lambda env, matter, unit, deadline: env._(
            "Acknowledge or return %(matter)s by %(date)s",
            matter=matter.name,
            date=env["joint.meeting.calendar"]._format_date(deadline),
        ),
        escalate=lambda env, matter, unit, deadline: env._(
            "%(unit)s has not acknowledged %(matter)s (due %(date)s)",
            unit=unit.display_name,
            matter=matter.name,
            date=env["joint.meeting.calendar"]._format_date(deadline),
        ),
        escalate_to="supervision",
        scored=("ack_on_time", "ack_late"),
    ),
)


class JointMeetingAssignment(models.Model):
    """One unit's assignment of an agreed matter (交办): pending until the unit
    acknowledges it (签收) or returns it as outside its competence (退回);
    withdrawn when the matter is reassigned (转办). Every assignment is kept:
    the matter's whole history of who had it and when."""

    _name = "joint.meeting.assignment"
    _description = "Joint Meeting Assignment"
    _inherit = ["joint.meeting.workflow.mixin", "joint.meeting.reminder.mixin"]
    _order = "resolution_id, id"
    _joint_meeting_steps = ASSIGNMENT_STEPS
    _check_company_auto = True
    # Written only by the assignment steps (签收, 退回, 转办).
    _write_by_steps = (
        "resolution_id organization_id role state assign_date due_date acknowledged_by "
        "acknowledge_date return_reason return_date returned_by"
    )
    _write_allow = {}

    resolution_id = fields.Many2one(
        "joint.meeting.resolution",
        string="Agreed Matter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="District"
    )
    organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Unit",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    role = fields.Selection([("lead", "Lead Unit"), ("co", "Co-unit")], required=True)
    state = fields.Selection(
        [
            ("pending", "To Acknowledge"),
            ("acknowledged", "Acknowledged"),
            ("returned", "Returned"),
            ("withdrawn", "Reassigned"),
        ],
        default="pending",
        required=True,
        index=True,
    )
    assign_date = fields.Date(string="Assigned On", required=True)
    due_date = fields.Date(string="Acknowledge By", required=True)
    acknowledged_by = fields.Many2one("res.users")
    acknowledge_date = fields.Date(string="Acknowledged On")
    return_reason = fields.Text()
    return_date = fields.Date(string="Returned On")
    returned_by = fields.Many2one("res.users")

    @api.depends("organization_id", "role", "state")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for assignment in self:
            assignment.display_name = (
                f"{assignment.organization_id.display_name} "
                f"({roles.get(assignment.role, '')}, {states.get(assignment.state, '')})"
            )

    def _workflow_locked(self):
        # An acknowledgement, a return or a reassignment is history.
        return self.filtered(lambda a: a.state != "pending")

    def _workflow_locked_message(self):
        return self.env._(
            "An acknowledged, returned or reassigned assignment is part of the agreed "
            "matter's history: it cannot be changed or deleted."
        )

    @api.model
    def _supervision_due_date(self, company, start, kind):
        """The end of the time limit ``kind`` ('acknowledgement', ...) that
        starts on ``start``, counted by the district's date engine."""
        return self.env["joint.meeting.calendar"]._deadline(company, kind, start)

    # ------------------------------------------------------------------
    # Reminders of the acknowledgement (签收): each unit once, then the
    # supervision office once the acknowledgement time is over
    # ------------------------------------------------------------------
    @api.model
    def _reminder_jobs(self):
        over = [("state", "in", ("done", "cannot"))]
        step = ASSIGNMENT_STEPS[0]
        return [
            ReminderJob(
                "acknowledgement_due",
                "joint_meeting.mail_activity_type_acknowledge",
                lambda windows: self._reminders_due(windows, "due"),
                lambda env, due: step.remind(env, due.record, due.organization, due.period),
                over=over,
                res_model="joint.meeting.resolution",
                steps=(step.name,),
            ),
            ReminderJob(
                "acknowledgement_overdue",
                "joint_meeting.mail_activity_type_acknowledge",
                lambda windows: self._reminders_due(windows, "overdue"),
                lambda env, due: step.escalate(env, due.record, due.organization, due.period),
                escalate_to=step.escalate_to,
                over=over,
                res_model="joint.meeting.resolution",
                steps=(step.name,),
            ),
        ]

    @api.model
    def _reminders_due(self, windows, phase):
        """Assignments at the acknowledgement step: "due" until the last day
        of the acknowledgement time, "overdue" after it. The reminder goes on
        the matter (the step's document), about the step's unit."""
        step = ASSIGNMENT_STEPS[0]
        rows = step.rows(self.env)
        assignments = self.browse(sorted({row[0] for row in rows}))
        deadline, unit = step.field("deadline"), step.field("unit")
        dues = []
        for assignment in assignments:
            today = windows[assignment.company_id.id][0]
            late = assignment[deadline] < today
            if late == (phase == "overdue"):
                dues.append(
                    Due(
                        assignment.resolution_id,
                        assignment[deadline],
                        today if late else assignment[deadline],
                        assignment[unit],
                    )
                )
        return dues
