from odoo import fields, models


class JointMeetingResolutionReopen(models.TransientModel):
    _name = "joint.meeting.resolution.reopen"
    _description = "Reopen Agreed Matters"

    resolution_ids = fields.Many2many("joint.meeting.resolution", required=True)
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.resolution_ids._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
