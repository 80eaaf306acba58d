from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    joint_meeting_proposal_lead_days = fields.Integer(
        related="company_id.joint_meeting_proposal_lead_days", readonly=False
    )
    joint_meeting_reminder_days = fields.Integer(
        related="company_id.joint_meeting_reminder_days", readonly=False
    )
    joint_meeting_consultation_days = fields.Integer(
        related="company_id.joint_meeting_consultation_days", readonly=False
    )
    joint_meeting_minutes_days = fields.Integer(
        related="company_id.joint_meeting_minutes_days", readonly=False
    )
    joint_meeting_minutes_number_pattern = fields.Char(
        related="company_id.joint_meeting_minutes_number_pattern", readonly=False
    )
    joint_meeting_issuing_authority = fields.Char(
        related="company_id.joint_meeting_issuing_authority", readonly=False
    )
    joint_meeting_annual_deadline_month = fields.Integer(
        related="company_id.joint_meeting_annual_deadline_month", readonly=False
    )
    joint_meeting_annual_deadline_day = fields.Integer(
        related="company_id.joint_meeting_annual_deadline_day", readonly=False
    )

    def action_joint_meeting_rotation(self):
        return self.env["joint.meeting.organization"].action_view_rotation()
