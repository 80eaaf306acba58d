from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .joint_meeting_step import Step
from .joint_meeting_workflow_mixin import jm_action

OPEN_REQUEST_STATES = ("submitted", "reviewed")

# 延期申请: the supervision office reviews a request, then the leadership
# decides it where the district has two levels; both before the deadline of
# the matter.
EXTENSION_STEPS = (
    Step(
        "extension_review",
        "review",
        "supervisor",
        "joint.meeting.extension",
        "{r}.state = 'submitted'",
        deadline="s.deadline",
        joins="JOIN joint_meeting_resolution s ON s.id = {r}.resolution_id",
        title="s.name",
        meeting="s.meeting_id",
    ),
    Step(
        "extension_approve",
        "approve",
        "leader",
        "joint.meeting.extension",
        "{r}.state = 'reviewed'",
        deadline="s.deadline",
        joins="JOIN joint_meeting_resolution s ON s.id = {r}.resolution_id",
        title="s.name",
        meeting="s.meeting_id",
    ),
)


class JointMeetingExtension(models.Model):
    """A request of the lead unit to extend the deadline of an agreed matter
    (延期申请): reviewed by the supervision office and, when the district
    asks for two levels, approved or refused by the leadership. The deadline
    of the matter changes only through an approved request."""

    _name = "joint.meeting.extension"
    _description = "Joint Meeting Extension Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "id desc"
    _joint_meeting_steps = EXTENSION_STEPS
    _check_company_auto = True
    # Its matter is fixed at the request; the rest comes from the review steps.
    _write_by_steps = (
        "organization_id number current_deadline state levels requested_by request_date "
        "reviewer_id review_date review_comment approver_id approve_date approve_comment"
    )
    _write_allow = {
        "submitted": {
            "dept@organization_id": "requested_deadline reason",
            "org@organization_id": "requested_deadline reason",
        },
    }
    _create_allow = {"dept": "resolution_id", "org": "resolution_id"}

    resolution_id = fields.Many2one(
        "joint.meeting.resolution",
        string="Agreed Matter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="District"
    )
    organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Requesting Unit",
        readonly=True,
        index=True,
        check_company=True,
    )
    number = fields.Integer(
        string="Request No.", readonly=True, help="The n-th extension request of the matter."
    )
    current_deadline = fields.Date(readonly=True)
    requested_deadline = fields.Date(required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        [
            ("submitted", "Submitted"),
            ("reviewed", "Reviewed"),
            ("approved", "Granted"),
            ("refused", "Not Granted"),
        ],
        default="submitted",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    levels = fields.Selection(
        [("1", "One Level"), ("2", "Two Levels")], string="Approval Levels", readonly=True
    )
    repeat = fields.Boolean(
        string="Extended Again",
        compute="_compute_repeat",
        store=True,
        help="The matter's deadline was already extended before this request.",
    )
    requested_by = fields.Many2one("res.users", string="Applicant", readonly=True)
    request_date = fields.Date(readonly=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    review_date = fields.Date(readonly=True)
    review_comment = fields.Text(string="Review Opinion", readonly=True)
    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    approve_date = fields.Date(string="Decided On", readonly=True)
    approve_comment = fields.Text(string="Decision Comment", readonly=True)

    @api.depends("number")
    def _compute_repeat(self):
        for request in self:
            request.repeat = request.number >= 2

    @api.depends("resolution_id.name", "number")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "%(matter)s - extension %(number)s",
                matter=request.resolution_id.name or "",
                number=request.number or "",
            )

    def _workflow_locked(self):
        return self.filtered(lambda r: r.state in ("approved", "refused"))

    def _workflow_locked_message(self):
        return self.env._(
            "A decided extension request is part of the supervision record: it cannot be "
            "changed or deleted."
        )

    @api.constrains("requested_deadline", "current_deadline")
    def _check_requested_deadline(self):
        for request in self:
            if request.current_deadline and request.requested_deadline <= request.current_deadline:
                raise ValidationError(
                    self.env._(
                        "The requested deadline must be after the current deadline (%(deadline)s).",
                        deadline=self.env["joint.meeting.calendar"]._format_date(
                            request.current_deadline
                        ),
                    )
                )

    # ------------------------------------------------------------------
    # Request (the lead unit)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        engine = self.env["joint.meeting.calendar"]
        mine = self.env.user.joint_meeting_organization_ids
        system = self._workflow_authorised()
        for request in requests:
            resolution = request.resolution_id
            today = engine._today(resolution.company_id)
            if not system:
                request._check_request(resolution, today, mine)
            auto = {
                "organization_id": resolution.lead_unit_id.id,
                "current_deadline": resolution.deadline,
                "levels": resolution.company_id.sudo().joint_meeting_extension_levels,
                "number": resolution.extension_count + 1,
                "requested_by": self.env.uid,
                "request_date": today,
            }
            # Data files (history) bring their own values.
            request._workflow_write(
                {name: value for name, value in auto.items() if not (system and request[name])}
            )
        requests.filtered(lambda r: r.state == "submitted")._ask_decision("supervision")
        return requests

    def _check_request(self, resolution, today, mine):
        if resolution.lead_unit_id not in mine:
            raise UserError(
                self.env._("Only the lead unit of the agreed matter requests an extension.")
            )
        if resolution.state not in ("open", "in_progress"):
            raise UserError(self.env._("Only an open agreed matter can be extended."))
        if resolution.deadline < today:
            raise UserError(
                self.env._(
                    "An extension is requested before the deadline (%(deadline)s).",
                    deadline=self.env["joint.meeting.calendar"]._format_date(resolution.deadline),
                )
            )
        if (resolution.extension_ids - self).filtered(lambda r: r.state in OPEN_REQUEST_STATES):
            raise UserError(
                self.env._("This agreed matter already has an extension request under review.")
            )
        if resolution._awaiting_acknowledgement(resolution.lead_unit_id):
            raise UserError(
                self.env._("Acknowledge the agreed matter before requesting an extension.")
            )

    def _ask_decision(self, kind):
        """An activity for the liaison of the supervision office or the leadership."""
        liaisons = (
            self.env["joint.meeting.organization"]
            .sudo()
            ._liaisons_by_company(self.company_id, kind)
        )
        for request in self:
            liaison = liaisons[request.company_id]
            if liaison:
                request.sudo().activity_schedule(
                    "joint_meeting.mail_activity_type_extension",
                    user_id=liaison.id,
                    summary=liaison._joint_meeting_lang_env()._(
                        "Extension of %(matter)s to %(deadline)s requested by %(unit)s",
                        matter=request.resolution_id.name,
                        deadline=liaison._joint_meeting_lang_env()[
                            "joint.meeting.calendar"
                        ]._format_date(request.requested_deadline),
                        unit=request.organization_id.display_name,
                    ),
                    date_deadline=self.env["joint.meeting.calendar"]._today(request.company_id),
                )

    # ------------------------------------------------------------------
    # Review and decision
    # ------------------------------------------------------------------
    def _check_group(self, group, message):
        if not self.env.su and not self.env.user.has_group(group):
            raise UserError(message)

    @jm_action(steps="extension_review")
    def action_review(self, comment=None):
        """The supervision office agrees: the request is approved (one level)
        or goes to the leadership (two levels)."""
        self._jm_ensure_one()
        self._check_group(
            "joint_meeting.group_joint_meeting_supervisor",
            self.env._("Only the supervision office reviews extension requests."),
        )
        comment = self._jm_text_arg(comment, self.env._("The comment"), required=False)
        if self.state != "submitted":
            raise UserError(self.env._("Only a submitted extension request can be reviewed."))
        today = self.env["joint.meeting.calendar"]._today(self.company_id)
        self._workflow_write(
            {
                "state": "reviewed",
                "reviewer_id": self.env.uid,
                "review_date": today,
                "review_comment": comment,
            }
        )
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_extension"], feedback=self.env._("Reviewed")
        )
        if self.levels == "1":
            self._approve(comment)
        else:
            self._ask_decision("leadership")
        return True

    @jm_action(steps="extension_approve")
    def action_approve(self, comment=None):
        """The leadership approves a reviewed request: the deadline changes."""
        self._jm_ensure_one()
        self._check_group(
            "joint_meeting.group_joint_meeting_leader",
            self.env._("Only the leadership approves extension requests."),
        )
        comment = self._jm_text_arg(comment, self.env._("The comment"), required=False)
        if self.state != "reviewed":
            raise UserError(
                self.env._(
                    "Only an extension request reviewed by the supervision office is approved."
                )
            )
        self._approve(comment)
        return True

    def _approve(self, comment):
        resolution = self.resolution_id
        if resolution.state not in ("open", "in_progress"):
            raise UserError(self.env._("Only an open agreed matter can be extended."))
        self._workflow_write(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "approve_date": self.env["joint.meeting.calendar"]._today(self.company_id),
                "approve_comment": comment,
            }
        )
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_extension"], feedback=self.env._("Granted")
        )
        resolution._workflow_write(
            {
                "deadline": self.requested_deadline,
                "extension_count": resolution.extension_count + 1,
            }
        )
        resolution.sudo().message_post(
            body=self.env._(
                "Deadline extended from %(old)s to %(new)s (extension request %(number)s): "
                "%(reason)s",
                old=self.env["joint.meeting.calendar"]._format_date(self.current_deadline),
                new=self.env["joint.meeting.calendar"]._format_date(self.requested_deadline),
                number=self.number,
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @jm_action(steps="extension_review extension_approve")
    def action_refuse(self, comment=None):
        """The supervision office (submitted) or the leadership (reviewed)
        refuses: the deadline stays."""
        self._jm_ensure_one()
        comment = self._jm_text_arg(comment, self.env._("The reason for the refusal"))
        if self.state == "submitted":
            self._check_group(
                "joint_meeting.group_joint_meeting_supervisor",
                self.env._("Only the supervision office reviews extension requests."),
            )
            vals = {"reviewer_id": self.env.uid, "review_comment": comment, "review_date": None}
        elif self.state == "reviewed":
            self._check_group(
                "joint_meeting.group_joint_meeting_leader",
                self.env._("Only the leadership approves extension requests."),
            )
            vals = {"approver_id": self.env.uid, "approve_comment": comment, "approve_date": None}
        else:
            raise UserError(self.env._("This extension request is already decided."))
        today = self.env["joint.meeting.calendar"]._today(self.company_id)
        vals = {key: value or today for key, value in vals.items()}
        self._workflow_write({"state": "refused", **vals})
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_extension"], feedback=self.env._("Not Granted")
        )
        self.sudo().message_post(
            body=self.env._("Extension refused: %(comment)s", comment=comment),
            partner_ids=self.requested_by.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        return True

    @jm_action(steps="extension_review extension_approve")
    def action_open_decision(self):
        self._jm_ensure_one()
        if not self.env.su and not (
            self.env.user.has_group("joint_meeting.group_joint_meeting_supervisor")
            or self.env.user.has_group("joint_meeting.group_joint_meeting_leader")
        ):
            raise UserError(
                self.env._("Only the supervision office and the leadership decide on extensions.")
            )
        return self.env["joint.meeting.extension.decide"]._get_records_action(
            name=self.env._("Decide on the Extension Request"),
            target="new",
            context={"default_extension_id": self.id},
        )
