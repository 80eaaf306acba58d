from odoo import api, fields, models

# Everything of an assignment is written by the agreed matter's transitions.
ASSIGNMENT_WORKFLOW_FIELDS = frozenset(
    {
        "resolution_id",
        "organization_id",
        "role",
        "state",
        "assign_date",
        "due_date",
        "acknowledged_by",
        "acknowledge_date",
        "return_reason",
        "return_date",
        "returned_by",
    }
)


class JointMeetingAssignment(models.Model):
    """One unit's assignment of an agreed matter (交办): pending until the unit
    acknowledges it (签收) or returns it as outside its competence (退回);
    withdrawn when the matter is reassigned (转办). Every assignment is kept:
    the matter's whole history of who had it and when."""

    _name = "joint.meeting.assignment"
    _description = "Joint Meeting Assignment"
    _inherit = ["joint.meeting.workflow.mixin"]
    _order = "resolution_id, id"
    _check_company_auto = True
    _workflow_fields = ASSIGNMENT_WORKFLOW_FIELDS

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
