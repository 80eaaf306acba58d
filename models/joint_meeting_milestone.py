from odoo import api, fields, models
from odoo.exceptions import UserError


class JointMeetingMilestone(models.Model):
    """A step of the lead unit's plan for an agreed matter (序时进度): what is
    to be done, by when, and how far the matter should be by then. The
    traffic light compares the reported progress with the plan."""

    _name = "joint.meeting.milestone"
    _description = "Joint Meeting Milestone"
    _inherit = ["joint.meeting.workflow.mixin"]
    _order = "resolution_id, planned_date, id"
    _check_company_auto = True
    # The lead unit's plan (its other checks in ``_check_planner``).
    _write_allow = {
        "*": {
            "dept@resolution_id.lead_unit_id": "name planned_date planned_percent",
            "org@resolution_id.lead_unit_id": "name planned_date planned_percent",
        },
    }
    _create_allow = {"dept": "resolution_id", "org": "resolution_id"}

    resolution_id = fields.Many2one(
        "joint.meeting.resolution",
        string="Agreed Matter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="District"
    )
    name = fields.Char(string="Milestone", required=True)
    planned_date = fields.Date(required=True)
    planned_percent = fields.Integer(string="Planned Progress (%)", required=True)

    _planned_percent_range = models.Constraint(
        "CHECK(planned_percent > 0 AND planned_percent <= 100)",
        "The planned progress of a milestone is between 1 and 100 percent.",
    )

    def _workflow_locked(self):
        return self.filtered(lambda m: m.resolution_id.state in ("done", "cannot"))

    def _workflow_locked_message(self):
        return self.env._("The plan of a closed agreed matter cannot be changed.")

    def _check_planner(self):
        """Only the lead unit plans, while the matter is open and acknowledged."""
        if self.env.su:
            return
        mine = self.env.user.joint_meeting_organization_ids
        for milestone in self:
            resolution = milestone.resolution_id
            if resolution.lead_unit_id not in mine:
                raise UserError(self.env._("Only the lead unit of the agreed matter plans it."))
            if resolution.state not in ("open", "in_progress"):
                raise UserError(self.env._("Only an open agreed matter is planned."))
            if resolution._awaiting_acknowledgement(resolution.lead_unit_id):
                raise UserError(self.env._("Acknowledge the agreed matter before planning it."))

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        milestones._check_planner()
        return milestones

    def write(self, vals):
        self._check_planner()
        res = super().write(vals)
        self._check_planner()
        return res

    def _workflow_check_unlink(self):
        self._check_planner()
        return super()._workflow_check_unlink()
