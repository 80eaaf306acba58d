from odoo import fields, models


class JointMeetingMinutesReturn(models.TransientModel):
    """Leadership returns the minutes to the drafters with a comment."""

    _name = "joint.meeting.minutes.return"
    _description = "Return Joint Meeting Minutes"

    minutes_id = fields.Many2one("joint.meeting.minutes", required=True)
    comment = fields.Text(required=True)

    def action_confirm(self):
        self.minutes_id.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
