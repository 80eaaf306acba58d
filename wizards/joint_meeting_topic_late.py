from odoo import fields, models


class JointMeetingTopicLate(models.TransientModel):
    """The office's explicit exception to the Art. 9 deadline."""

    _name = "joint.meeting.topic.late"
    _description = "Accept Late Joint Meeting Topics"

    topic_ids = fields.Many2many("joint.meeting.topic", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.topic_ids.action_grant_late_exception(self.reason)
        return {"type": "ir.actions.act_window_close"}
