from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError

JOINT_MEETING_ROLE_GROUPS = (
    "joint_meeting.group_joint_meeting_org_user",
    "joint_meeting.group_joint_meeting_department",
    "joint_meeting.group_joint_meeting_supervisor",
    "joint_meeting.group_joint_meeting_office",
    "joint_meeting.group_joint_meeting_leader",
)


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

    # ------------------------------------------------------------------
    # Home action: the workbench (工作台)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._joint_meeting_set_home_action()
        users._joint_meeting_quiet_odoobot()
        return users

    def write(self, vals):
        users = self
        if self._joint_meeting_roles_only(vals):
            # The module's administrator (no ERP manager) sets the joint-meeting
            # roles and organisations of its own district's users, nothing else.
            self._joint_meeting_check_district_users()
            users = self.sudo()
        res = super(ResUsers, users).write(vals)
        if "group_ids" in vals:
            self._joint_meeting_set_home_action()
            self._joint_meeting_quiet_odoobot()
        return res

    # ------------------------------------------------------------------
    # The module's administrator: roles of its own district's users
    # ------------------------------------------------------------------
    @api.model
    def _joint_meeting_role_groups(self):
        privilege = self.env.ref("joint_meeting.res_groups_privilege_joint_meeting")
        return self.env["res.groups"].sudo().search([("privilege_id", "=", privilege.id)])

    def _joint_meeting_roles_only(self, vals):
        """True when a module administrator who is not Odoo's sends only the
        joint-meeting organisations and roles of users (adding or removing
        the module's groups, nothing else)."""
        if self.env.su or self.env.user.has_group("base.group_erp_manager"):
            return False
        if not self.env.user.has_group("joint_meeting.group_joint_meeting_admin"):
            return False
        roles = set(self._joint_meeting_role_groups().ids)
        for name, value in vals.items():
            if name in ("joint_meeting_organization_ids", "joint_meeting_managed_organization_ids"):
                continue
            if name != "group_ids" or not isinstance(value, list | tuple):
                return False
            for command in value:
                if not (
                    isinstance(command, list | tuple)
                    and len(command) >= 2
                    and command[0] in (Command.LINK, Command.UNLINK)
                    and command[1] in roles
                ):
                    return False
        return True

    def _joint_meeting_check_district_users(self):
        """Users of the administrator's own district only, and never Odoo's
        administrators."""
        mine = self.env.user.company_ids
        for user in self.sudo():
            if (
                not user.company_ids
                or user.company_ids - mine
                or user.has_group("base.group_erp_manager")
                or user.share
            ):
                raise AccessError(
                    self.env._(
                        "You set the joint-meeting roles of your own district's users only; "
                        "%(user)s is managed by the system administrator.",
                        user=user.display_name,
                    )
                )

    def _joint_meeting_set_home_action(self):
        """A user given a joint-meeting role and no home action lands on the
        workbench, if the district chose it (a home action set by hand is
        kept)."""
        action = self.env.ref("joint_meeting.joint_meeting_todo_action", raise_if_not_found=False)
        if not action:
            return
        for user in self.sudo():
            if user.action_id or not user.company_id.joint_meeting_workbench_home:
                continue
            if any(user.has_group(xmlid) for xmlid in JOINT_MEETING_ROLE_GROUPS):
                user.action_id = action.id

    def _joint_meeting_lang_env(self):
        """The environment in this user's language, for a text addressed to
        them (the summary of an activity assigned to them): whoever acts, and
        a scheduled action (which runs without a language), may write in
        another. Without a user or an active language, the current one."""
        lang = self[:1].lang
        if not (lang and self.env["res.lang"]._get_data(code=lang)):
            lang = self.env.lang or "en_US"
        return self.env(context=dict(self.env.context, lang=lang))

    def _joint_meeting_quiet_odoobot(self):
        """OdooBot (mail_bot, installed with mail whenever it is available)
        greets every internal user on the first web client load with an
        unread chat about Odoo's Discuss. A user given a joint-meeting role
        lands on the workbench instead: their OdooBot onboarding is marked
        done before it starts (a user already onboarded keeps their state)."""
        if "odoobot_state" not in self._fields:
            return
        quiet = self.sudo().filtered(
            lambda u: (
                u.odoobot_state in (False, "not_initialized")
                and any(u.has_group(xmlid) for xmlid in JOINT_MEETING_ROLE_GROUPS)
            )
        )
        if quiet:
            quiet.odoobot_state = "disabled"
