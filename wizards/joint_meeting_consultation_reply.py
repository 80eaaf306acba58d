from odoo import fields, models


class JointMeetingConsultationReply(models.TransientModel):
    """A department's formal reply (Art. 9)."""

    _name = "joint.meeting.consultation.reply"
    _description = "Reply to a Joint Meeting Consultation"

    consultation_id = fields.Many2one("joint.meeting.consultation", required=True)
    position = fields.Selection(
        [
            ("agree", "Agree"),
            ("agree_amended", "Agree with Amendments"),
            ("disagree", "Disagree"),
        ],
        required=True,
    )
    reply_text = fields.Html(required=True)
    reply_number = fields.Char(string="Reply Document Number")
    signed_by = fields.Char()
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")

    def action_confirm(self):
        self.consultation_id.action_reply(
            self.position,
            self.reply_text,
            self.reply_number,
            self.signed_by,
            attachments=self.attachment_ids,
        )
        return {"type": "ir.actions.act_window_close"}
