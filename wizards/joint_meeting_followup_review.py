from odoo import fields, models

from ..models.joint_meeting_followup import RATINGS


class JointMeetingFollowupReview(models.TransientModel):
    """The supervision office accepts a follow-up report with a rating, or
    returns it with a comment."""

    _name = "joint.meeting.followup.review"
    _description = "Review Follow-up Reports"

    followup_ids = fields.Many2many("joint.meeting.followup", required=True)
    decision = fields.Selection(
        [("accept", "Accept"), ("return", "Return")], required=True, default="accept"
    )
    rating = fields.Selection(RATINGS)
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "accept":
            self.followup_ids.action_accept(self.rating, self.comment)
        else:
            self.followup_ids.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
