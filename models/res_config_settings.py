from odoo import api, fields, models
from odoo.exceptions import AccessError

ADMIN_GROUP = "joint_meeting.group_joint_meeting_admin"


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

    # ------------------------------------------------------------------
    # The module's administrator: its own district's settings only
    # ------------------------------------------------------------------
    @api.model
    def _joint_meeting_district_admin(self):
        """A module administrator who is not Odoo's: it saves its district's
        joint-meeting settings and nothing else of the settings screen."""
        return not self.env.is_admin() and self.env.user.has_group(ADMIN_GROUP)

    @api.model
    def _joint_meeting_company_fields(self):
        """{settings field: company field} of the joint-meeting settings."""
        return {
            name: field.related.split(".", 1)[1]
            for name, field in self._fields.items()
            if name.startswith("joint_meeting_")
            and field.related
            and field.related.startswith("company_id.")
            and not field.readonly
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self._joint_meeting_district_admin():
            return super().create(vals_list)
        mapping = self._joint_meeting_company_fields()
        pending = []
        for vals in vals_list:
            pending.append(
                {mapping[name]: vals.pop(name) for name in list(vals) if name in mapping}
            )
        settings = super().create(vals_list)
        for record, company_vals in zip(settings, pending, strict=True):
            record._joint_meeting_write_district(company_vals)
        return settings

    def _joint_meeting_write_district(self, company_vals):
        """Write the district's joint-meeting settings for its administrator:
        only a company of the user's own, only joint-meeting fields."""
        company = self.company_id
        if company not in self.env.user.company_ids or company not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You administer the joint meetings of your own district only: %(district)s "
                    "is configured by its administrator.",
                    district=company.display_name,
                )
            )
        changed = {name: value for name, value in company_vals.items() if company[name] != value}
        if changed:
            company.sudo().write(changed)

    def execute(self):
        """The district's administrator: its values were saved with the record
        (``create``); nothing else of Odoo's settings is written."""
        if not self._joint_meeting_district_admin():
            return super().execute()
        self.ensure_one()
        return {"type": "ir.actions.client", "tag": "reload"}

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
