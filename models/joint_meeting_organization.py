from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError

from .joint_meeting_workflow_mixin import check_text_values

ORGANIZATION_KINDS = [
    ("office", "Government Office"),
    ("leadership", "Leadership"),
    ("department", "Government Department"),
    ("mass", "Mass Organisation"),
    ("supervision", "Supervision Office"),
]


class JointMeetingOrganization(models.Model):
    """A party to the joint meetings (Art. 2): the government office, the
    leadership, a government department, a mass organisation or the
    supervision office of one district (company)."""

    _name = "joint.meeting.organization"
    _description = "Joint Meeting Organisation"
    _inherit = ["mail.thread"]
    _order = "kind, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    short_name = fields.Char(help="Short name used in lists and documents, e.g. 团区委.")
    kind = fields.Selection(ORGANIZATION_KINDS, required=True, default="mass", tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    sequence = fields.Integer(default=10)
    rotation_sequence = fields.Integer(
        string="Rotation Order",
        default=10,
        help="Art. 6: mass organisations prepare the meetings in turn, in this order.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "joint_meeting_organization_member_rel",
        "organization_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
    )
    manager_ids = fields.Many2many(
        "res.users",
        "joint_meeting_organization_manager_rel",
        "organization_id",
        "user_id",
        string="Managers",
        domain="[('share', '=', False)]",
        help="Heads of the organisation; they are members too.",
    )
    liaison_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="Receives the reminders and urging notices addressed to the organisation; "
        "by default its first manager, else its first member.",
    )
    member_count = fields.Integer(compute="_compute_member_count")
    contact_name = fields.Char(string="Contact Person")
    phone = fields.Char()
    email = fields.Char()
    address = fields.Char()
    note = fields.Html(string="Notes")
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)

    _name_kind_company_uniq = models.Constraint(
        "unique(name, kind, company_id)",
        "An organisation of this kind with this name already exists in this district.",
    )

    @api.depends("member_ids")
    def _compute_member_count(self):
        for organization in self:
            organization.member_count = len(organization.member_ids)

    @api.depends("name", "short_name")
    def _compute_display_name(self):
        for organization in self:
            organization.display_name = organization.name or organization.short_name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_text_values(self, vals)
        organizations = super().create(vals_list)
        organizations._add_managers_to_members()
        return organizations

    def write(self, vals):
        check_text_values(self, vals)
        if "company_id" in vals:
            moved = self.filtered(lambda o: o.company_id.id != vals["company_id"])
            if moved and moved._has_records():
                raise UserError(
                    self.env._(
                        "An organisation that already has joint meeting records stays in its "
                        "district; create a new organisation in the other district instead."
                    )
                )
        res = super().write(vals)
        if "manager_ids" in vals or "member_ids" in vals:
            self._add_managers_to_members()
        return res

    def _add_managers_to_members(self):
        for organization in self:
            missing = organization.manager_ids - organization.member_ids
            if missing:
                organization.member_ids = [fields.Command.link(u.id) for u in missing]

    def _liaison(self):
        """The user who receives what is addressed to the organisation."""
        self.ensure_one()
        return self.liaison_id or self.manager_ids[:1] or self.member_ids[:1]

    @api.model
    def _by_company(self, companies, kind):
        """{district: its organisations of ``kind``}, in one query."""
        organizations = self.search([("company_id", "in", companies.ids), ("kind", "=", kind)])
        result = defaultdict(lambda: self.browse())
        for organization in organizations:
            result[organization.company_id] |= organization
        return result

    @api.model
    def _find(self, company, kind):
        """The (first) organisation of ``kind`` in the district ``company``."""
        return self._by_company(company, kind)[company][:1]

    @api.model
    def _liaisons_by_company(self, companies, kind):
        """{district: liaison of its first organisation of ``kind``}."""
        return defaultdict(
            lambda: self.env["res.users"],
            {
                company: organizations[:1]._liaison()
                for company, organizations in self._by_company(companies, kind).items()
            },
        )

    def _referencing_fields(self):
        """Fields of this add-on's models that point to organisations."""
        return [
            field
            for model_name, model in self.env.items()
            if (model_name == "joint.meeting" or model_name.startswith("joint.meeting."))
            and model_name != self._name
            and not model._transient
            and not model._abstract
            for field in model._fields.values()
            if field.type in ("many2one", "many2many")
            and field.comodel_name == self._name
            and field.store
        ]

    def _has_records(self):
        for field in self._referencing_fields():
            model = self.env[field.model_name].sudo().with_context(active_test=False)
            if model.search_count([(field.name, "in", self.ids)], limit=1):
                return True
        return False

    def unlink(self):
        """The lock is checked here, not in an ``@api.ondelete`` hook, which
        Odoo skips under ``_force_unlink``, a key any client may send; only a
        module's real uninstallation (the system user) goes past it."""
        uninstalling = self.env.context.get(MODULE_UNINSTALL_FLAG) and (
            self.env.su and self.env.uid == SUPERUSER_ID
        )
        if not uninstalling:
            self._check_unlink_has_records()
        return super().unlink()

    def _check_unlink_has_records(self):
        if self._has_records():
            raise UserError(
                self.env._(
                    "An organisation that already has joint meeting records cannot "
                    "be deleted; archive it instead."
                )
            )

    @api.constrains("company_id", "member_ids", "manager_ids", "liaison_id")
    def _check_users_district(self):
        for organization in self:
            users = organization.member_ids | organization.manager_ids | organization.liaison_id
            strangers = users.filtered(lambda u, o=organization: o.company_id not in u.company_ids)
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(users)s cannot belong to %(org)s: they do not work in %(district)s.",
                        users=", ".join(strangers.mapped("name")),
                        org=organization.name,
                        district=organization.company_id.name,
                    )
                )

    @api.model
    def _next_in_rotation(self, previous, company):
        """Art. 6, mass organisations prepare in turn: the mass organisation of
        ``company`` that follows ``previous`` in the rotation order."""
        rotation = self.search(
            [("company_id", "=", company.id), ("kind", "=", "mass")],
            order="rotation_sequence, id",
        )
        if not rotation:
            return self
        if not previous or previous not in rotation:
            return rotation[0]
        index = list(rotation).index(previous)
        return rotation[(index + 1) % len(rotation)]

    def action_view_rotation(self):
        rotation_view = self.env.ref("joint_meeting.joint_meeting_organization_view_list_rotation")
        return self.browse()._get_records_action(
            name=self.env._("Rotation Order"),
            views=[(rotation_view.id, "list"), (False, "form")],
            domain=[("kind", "=", "mass")],
            context={"default_kind": "mass"},
        )
