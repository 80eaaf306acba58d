from odoo import api, fields, models


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
    joint_meeting_bulletin_period = fields.Selection(
        related="company_id.joint_meeting_bulletin_period", readonly=False
    )
    joint_meeting_bulletin_number_pattern = fields.Char(
        related="company_id.joint_meeting_bulletin_number_pattern", readonly=False
    )
    joint_meeting_annual_deadline_month = fields.Integer(
        related="company_id.joint_meeting_annual_deadline_month", readonly=False
    )
    joint_meeting_annual_deadline_day = fields.Integer(
        related="company_id.joint_meeting_annual_deadline_day", readonly=False
    )

    joint_meeting_workbench_home = fields.Boolean(
        related="company_id.joint_meeting_workbench_home", readonly=False
    )
    joint_meeting_proposal_lead_unit = fields.Selection(
        related="company_id.joint_meeting_proposal_lead_unit", readonly=False
    )
    joint_meeting_reminder_unit = fields.Selection(
        related="company_id.joint_meeting_reminder_unit", readonly=False
    )
    joint_meeting_consultation_unit = fields.Selection(
        related="company_id.joint_meeting_consultation_unit", readonly=False
    )
    joint_meeting_minutes_unit = fields.Selection(
        related="company_id.joint_meeting_minutes_unit", readonly=False
    )
    joint_meeting_acknowledgement_days = fields.Integer(
        related="company_id.joint_meeting_acknowledgement_days", readonly=False
    )
    joint_meeting_acknowledgement_unit = fields.Selection(
        related="company_id.joint_meeting_acknowledgement_unit", readonly=False
    )
    joint_meeting_extension_levels = fields.Selection(
        related="company_id.joint_meeting_extension_levels", readonly=False
    )
    joint_meeting_urge_days = fields.Integer(
        related="company_id.joint_meeting_urge_days", readonly=False
    )
    joint_meeting_urge_unit = fields.Selection(
        related="company_id.joint_meeting_urge_unit", readonly=False
    )
    joint_meeting_holiday_policy = fields.Selection(
        related="company_id.joint_meeting_holiday_policy", readonly=False
    )
    joint_meeting_tz = fields.Selection(related="company_id.joint_meeting_tz", readonly=False)
    joint_meeting_calendar_id = fields.Many2one(
        related="company_id.joint_meeting_calendar_id", readonly=False
    )
    joint_meeting_calendar_warning = fields.Char(compute="_compute_joint_meeting_calendar_warning")

    @api.depends("company_id")
    def _compute_joint_meeting_calendar_warning(self):
        engine = self.env["joint.meeting.calendar"]
        for settings in self:
            settings.joint_meeting_calendar_warning = engine._missing_warning(settings.company_id)

    def action_joint_meeting_holidays(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.resource_calendar_leaves_action_joint_meeting"
        )

    def action_joint_meeting_workdays(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_workday_action"
        )

    def action_joint_meeting_rotation(self):
        return self.env["joint.meeting.organization"].action_view_rotation()
