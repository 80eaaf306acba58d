from odoo import api, fields, models
from odoo.exceptions import UserError

from .joint_meeting_resolution_supervision_mixin import OPEN_STATES
from .joint_meeting_workflow_mixin import jm_action

# The kinds of organisation that lead or co-handle an agreed matter: the
# supervision office supervises it and the leadership decides, neither reports.
UNIT_KINDS = ("department", "mass", "office")


class JointMeetingResolutionAcknowledgementMixin(models.AbstractModel):
    """The units' acknowledgement of an agreed matter (签收), the lead unit's
    return of a matter outside its competence (退回) and the reassignment by
    the supervision office or the government office (转办). Part of
    ``joint.meeting.resolution``."""

    _name = "joint.meeting.resolution.acknowledgement.mixin"
    _description = "Joint Meeting Agreed Matter Acknowledgement, Return and Reassignment"
    # The assignments are made by the steps (see joint.meeting.workflow.mixin).
    _write_by_steps = "assignment_ids"

    # --- acknowledgement, return and reassignment (签收, 退回, 转办) ---
    assignment_ids = fields.One2many(
        "joint.meeting.assignment", "resolution_id", string="Assignments"
    )
    acknowledgement_state = fields.Selection(
        [
            ("pending", "To Acknowledge"),
            ("acknowledged", "Acknowledged"),
            ("returned", "Returned"),
        ],
        string="Acknowledgement",
        compute="_compute_acknowledgement_state",
        store=True,
        index=True,
        help="The lead unit's acknowledgement (签收) of the matter.",
    )
    unit_acknowledgement_state = fields.Selection(
        [
            ("pending", "To Acknowledge"),
            ("acknowledged", "Acknowledged"),
            ("returned", "Returned"),
        ],
        string="Your Unit's Acknowledgement",
        compute="_compute_unit_acknowledgement_state",
        help="The acknowledgement (签收) of the matter by your own unit, lead unit or co-unit: "
        "a co-unit reads its own, not the lead unit's.",
    )
    user_assignment_role = fields.Selection(
        [("lead", "Lead Unit"), ("co", "Co-unit")],
        string="To Acknowledge As",
        compute="_compute_user_assignment_role",
        help="The role in which the user's unit has this matter to acknowledge.",
    )

    @api.depends("assignment_ids.state", "assignment_ids.role", "lead_unit_id")
    def _compute_acknowledgement_state(self):
        for resolution in self:
            lead = resolution.assignment_ids.filtered(
                lambda a, r=resolution: (
                    a.role == "lead"
                    and a.organization_id == r.lead_unit_id
                    and a.state != "withdrawn"
                )
            )
            # Without an assignment (matters issued before acknowledgements
            # existed) the matter counts as acknowledged.
            resolution.acknowledgement_state = (
                lead.sorted("id")[-1:].state or "acknowledged"
                if resolution.state != "draft"
                else False
            )

    @api.depends_context("uid")
    @api.depends("assignment_ids.state", "assignment_ids.organization_id")
    def _compute_unit_acknowledgement_state(self):
        mine = self.env.user.joint_meeting_organization_ids
        for resolution in self:
            states = set(
                resolution.sudo()
                .assignment_ids.filtered(
                    lambda a: a.organization_id in mine and a.state != "withdrawn"
                )
                .mapped("state")
            )
            resolution.unit_acknowledgement_state = next(
                (state for state in ("pending", "acknowledged", "returned") if state in states),
                False,
            )

    @api.depends_context("uid")
    @api.depends("assignment_ids.state")
    def _compute_user_assignment_role(self):
        for resolution in self:
            roles = set(resolution._my_assignments(("pending",)).mapped("role"))
            resolution.user_assignment_role = (
                "lead" if "lead" in roles else "co" if "co" in roles else False
            )

    # ------------------------------------------------------------------
    # Acknowledgement, return and reassignment (签收, 退回, 转办)
    # ------------------------------------------------------------------
    def _assign_units(self):
        """Assign each matter to its lead unit and co-units: one pending
        assignment per unit that has no current one in the same role."""
        Assignment = self.env["joint.meeting.assignment"]
        engine = self.env["joint.meeting.calendar"]
        vals_list = []
        for resolution in self:
            company = resolution.company_id
            today = engine._today(company)
            due = Assignment._supervision_due_date(company, today, "acknowledgement")
            current = {
                (a.organization_id, a.role)
                for a in resolution.assignment_ids
                if a.state in ("pending", "acknowledged")
            }
            wanted = [(resolution.lead_unit_id, "lead")] + [
                (unit, "co") for unit in resolution.co_unit_ids
            ]
            vals_list += [
                {
                    "resolution_id": resolution.id,
                    "organization_id": unit.id,
                    "role": role,
                    "assign_date": today,
                    "due_date": due,
                }
                for unit, role in wanted
                if (unit, role) not in current
            ]
        return Assignment._workflow_create(vals_list)

    def _my_assignments(self, states):
        """The assignments of this matter held by the user's units."""
        mine = self.env.user.joint_meeting_organization_ids
        return self.assignment_ids.filtered(
            lambda a: a.state in states and a.organization_id in mine
        )

    def _awaiting_acknowledgement(self, organization):
        """True while ``organization`` has not acknowledged its assignment."""
        self.ensure_one()
        return bool(
            self.assignment_ids.filtered(
                lambda a: a.organization_id == organization and a.state in ("pending", "returned")
            )
        ) and not self.assignment_ids.filtered(
            lambda a: a.organization_id == organization and a.state == "acknowledged"
        )

    @jm_action(steps="assignment_acknowledge")
    def action_acknowledge(self):
        """签收: the user's units acknowledge their assignment of the matter."""
        self._jm_ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only an open agreed matter can be acknowledged."))
        pending = self._my_assignments(("pending",))
        if not pending:
            raise UserError(self.env._("None of your units has this agreed matter to acknowledge."))
        pending._workflow_write(
            {
                "state": "acknowledged",
                "acknowledged_by": self.env.uid,
                "acknowledge_date": self.env["joint.meeting.calendar"]._today(self.company_id),
            }
        )
        # The reminders of these units are answered; the others' stay.
        users = self.env.user | pending.organization_id.sudo().mapped(lambda o: o._liaison())
        activity_type = self.env.ref("joint_meeting.mail_activity_type_acknowledge")
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id in users
        ).action_feedback(feedback=self.env._("Acknowledged"))
        return True

    @jm_action(steps="assignment_acknowledge", when="_jm_when_returnable")
    def action_return_assignment(self, reason=None):
        """退回: within the acknowledgement period the lead unit returns a
        matter that is not its competence; the supervision office reassigns it."""
        self._jm_ensure_one()
        reason = self._jm_text_arg(reason, self.env._("The reason for returning the matter"))
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only an open agreed matter can be returned."))
        pending = self._my_assignments(("pending",)).filtered(lambda a: a.role == "lead")
        if not pending:
            raise UserError(
                self.env._(
                    "Only the lead unit returns an agreed matter, before it acknowledges it."
                )
            )
        today = self.env["joint.meeting.calendar"]._today(self.company_id)
        if pending.filtered(lambda a: a.due_date < today):
            raise UserError(
                self.env._(
                    "The acknowledgement period ended on %(date)s: the matter can no longer "
                    "be returned; ask the supervision office to reassign it.",
                    date=self.env["joint.meeting.calendar"]._format_date(pending[:1].due_date),
                )
            )
        pending._workflow_write(
            {
                "state": "returned",
                "return_reason": reason,
                "return_date": today,
                "returned_by": self.env.uid,
            }
        )
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_acknowledge"], feedback=self.env._("Returned")
        )
        office = self.env["joint.meeting.organization"].sudo()._find(self.company_id, "supervision")
        liaison = office._liaison() if office else False
        self.sudo().message_post(
            body=self.env._(
                "Returned by %(unit)s: %(reason)s",
                unit=pending.organization_id.display_name,
                reason=reason,
            ),
            partner_ids=liaison.partner_id.ids if liaison else [],
            subtype_xmlid="mail.mt_comment",
        )
        if liaison:
            self.sudo().activity_schedule(
                "joint_meeting.mail_activity_type_acknowledge",
                user_id=liaison.id,
                summary=liaison._joint_meeting_lang_env()._(
                    "Reassign %(matter)s, returned by %(unit)s",
                    matter=self.name,
                    unit=pending.organization_id.display_name,
                ),
                date_deadline=today,
            )
        return True

    def _check_reassigner(self):
        if not self.env.su and not (
            self.env.user.has_group("joint_meeting.group_joint_meeting_supervisor")
            or self.env.user.has_group("joint_meeting.group_joint_meeting_office")
        ):
            raise UserError(
                self.env._(
                    "Only the supervision office or the government office reassigns an "
                    "agreed matter."
                )
            )

    @jm_action(states="open in_progress", roles="sup off")
    def action_reassign(self, lead_unit_id=None, co_unit_ids=None, reason=None):
        """转办: give the matter another lead unit and/or other co-units; the
        new units acknowledge again, the units taken off it are withdrawn."""
        self._jm_ensure_one()
        self._check_reassigner()
        reason = self._jm_text_arg(reason, self.env._("The reason for the reassignment"))
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Only an open agreed matter can be reassigned."))
        Org = self.env["joint.meeting.organization"]
        if co_unit_ids in (None, False):
            co_unit_ids = []
        if not isinstance(co_unit_ids, list | tuple):
            raise UserError(self.env._("Choose the units among the district's organisations."))
        ids = [lead_unit_id, *co_unit_ids]
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise UserError(self.env._("Choose the units among the district's organisations."))
        lead = Org.browse(lead_unit_id).exists()
        co_all = Org.browse(co_unit_ids or []).exists()
        co_units = co_all - lead
        if (
            not lead
            or len(co_all) != len(set(co_unit_ids or []))
            or (lead | co_units).filtered(
                lambda o: o.company_id != self.company_id or o.kind not in UNIT_KINDS
            )
        ):
            raise UserError(
                self.env._(
                    "Choose the lead unit and the co-units among the departments, mass "
                    "organisations and the government office of the district."
                )
            )
        before = self.lead_unit_id.display_name, ", ".join(self.co_unit_ids.mapped("display_name"))
        self._workflow_write({"lead_unit_id": lead.id, "co_unit_ids": [(6, 0, co_units.ids)]})
        wanted = {(lead, "lead")} | {(unit, "co") for unit in co_units}
        self.assignment_ids.filtered(
            lambda a: (
                a.state in ("pending", "acknowledged") and (a.organization_id, a.role) not in wanted
            )
        )._workflow_write({"state": "withdrawn"})
        self._assign_units()
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_acknowledge"], feedback=self.env._("Reassigned")
        )
        self.sudo().message_post(
            body=self.env._(
                "Reassigned: lead unit %(old_lead)s → %(lead)s; co-units %(old_co)s → "
                "%(co)s. Reason: %(reason)s",
                old_lead=before[0],
                lead=lead.display_name,
                old_co=before[1] or "-",
                co=", ".join(co_units.mapped("display_name")) or "-",
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    @jm_action(steps="assignment_acknowledge", when="_jm_when_returnable")
    def action_open_return(self):
        self._jm_ensure_one()
        self._check_unit_member()
        return self.env["joint.meeting.resolution.return"]._get_records_action(
            name=self.env._("Return Agreed Matter"),
            target="new",
            context={"default_resolution_id": self.id},
        )

    @jm_action(states="open in_progress", roles="sup off")
    def action_open_reassign(self):
        self._jm_ensure_one()
        self._check_reassigner()
        return self.env["joint.meeting.resolution.reassign"]._get_records_action(
            name=self.env._("Reassign Agreed Matter"),
            target="new",
            context={
                "default_resolution_id": self.id,
                "default_lead_unit_id": self.lead_unit_id.id,
                "default_co_unit_ids": self.co_unit_ids.ids,
            },
        )
