from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # The same relation tables as the organisation's members and managers, so
    # both sides stay in step; record rules rest on these fields.
    joint_meeting_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_organization_member_rel",
        "user_id",
        "organization_id",
        string="Joint Meeting Organisations",
    )
    joint_meeting_managed_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_organization_manager_rel",
        "user_id",
        "organization_id",
        string="Managed Joint Meeting Organisations",
    )
