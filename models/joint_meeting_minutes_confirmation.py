from odoo import fields, models


class JointMeetingMinutesConfirmation(models.Model):
    """A drafting organisation's confirmation of the minutes' text (Art. 11):
    written only by the minutes' ``action_confirm_text``."""

    _name = "joint.meeting.minutes.confirmation"
    _inherit = ["joint.meeting.workflow.mixin"]
    _description = "Joint Meeting Minutes Confirmation"
    _order = "date"
    _check_company_auto = True
    # Written only by the confirmation step of the minutes.
    _write_by_steps = "minutes_id organization_id user_id date"
    _write_allow = {}

    minutes_id = fields.Many2one(
        "joint.meeting.minutes", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="minutes_id.company_id", store=True, index=True, string="District"
    )
    organization_id = fields.Many2one(
        "joint.meeting.organization", required=True, check_company=True
    )
    user_id = fields.Many2one("res.users", string="Confirmed By", required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    _minutes_organization_uniq = models.Constraint(
        "unique(minutes_id, organization_id)",
        "This organisation has already confirmed these minutes.",
    )

    def _workflow_locked(self):
        return self.filtered(lambda c: c.minutes_id.state == "issued")
