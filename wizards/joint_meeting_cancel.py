from odoo import fields, models


class JointMeetingCancel(models.TransientModel):
    _name = "joint.meeting.cancel"
    _description = "Cancel a Joint Meeting"

    meeting_id = fields.Many2one("joint.meeting", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.meeting_id._do_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
