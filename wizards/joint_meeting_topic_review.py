from odoo import fields, models


class JointMeetingTopicReview(models.TransientModel):
    """Leadership's approval (审定, Art. 9): accept or return with a comment."""

    _name = "joint.meeting.topic.review"
    _description = "Review Joint Meeting Topics"

    topic_ids = fields.Many2many("joint.meeting.topic", required=True)
    comment = fields.Text()

    def action_accept(self):
        self.topic_ids.action_accept(self.comment)
        return {"type": "ir.actions.act_window_close"}

    def action_return(self):
        self.topic_ids.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
