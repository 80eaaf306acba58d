from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains(
        "joint_meeting_organization_ids", "joint_meeting_managed_organization_ids", "company_ids"
    )
    def _check_joint_meeting_organization_district(self):
        for user in self:
            organizations = (
                user.joint_meeting_organization_ids | user.joint_meeting_managed_organization_ids
            )
            foreign = organizations.filtered(lambda o, u=user: o.company_id not in u.company_ids)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot belong to %(orgs)s: the user does not work in "
                        "that district.",
                        user=user.name,
                        orgs=", ".join(foreign.mapped("name")),
                    )
                )
