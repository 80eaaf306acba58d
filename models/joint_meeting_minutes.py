from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..texts import file_name
from .joint_meeting_step import Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

# Art. 11: each drafting organisation confirms the text of the minutes in
# review; the leadership approves them once all confirmed (or the office gave
# its reason to proceed); the office issues them.
MINUTES_STEPS = (
    Step(
        "minutes_confirm",
        "confirm",
        "organization",
        "joint.meeting.minutes",
        "{r}.state = 'review' AND {r}.active AND NOT EXISTS ("
        "SELECT 1 FROM joint_meeting_minutes_confirmation f "
        "WHERE f.minutes_id = {r}.id AND f.organization_id = {u})",
        units=("drafting_organization_ids",),
        waiting=lambda env, minutes, units, date: env._(
            "Waiting for %(orgs)s to confirm the text (Art. 11).",
            orgs="、".join(units.mapped("name")),
        ),
    ),
    Step(
        "minutes_approve",
        "approve",
        "leader",
        "joint.meeting.minutes",
        "{r}.state = 'review' AND {r}.active AND ({r}.override_reason IS NOT NULL OR NOT EXISTS ("
        "SELECT 1 FROM joint_meeting_minutes_drafting_rel d WHERE d.minutes_id = {r}.id "
        "AND NOT EXISTS (SELECT 1 FROM joint_meeting_minutes_confirmation f "
        "WHERE f.minutes_id = {r}.id AND f.organization_id = d.organization_id)))",
        waiting=lambda env, minutes, units, date: env._(
            "Waiting for the district government's leadership to approve the minutes."
        ),
    ),
    Step(
        "minutes_issue",
        "issue",
        "office",
        "joint.meeting.minutes",
        "{r}.state = 'approved' AND {r}.active",
        waiting=lambda env, minutes, units, date: env._(
            "The government office issues the minutes with their document number."
        ),
    ),
)


class JointMeetingMinutes(models.Model):
    """Minutes (会议纪要, Art. 11): jointly drafted by the office and the mass
    organisations, approved by the district government, issued as district
    government meeting minutes."""

    _name = "joint.meeting.minutes"
    _description = "Joint Meeting Minutes"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "id desc"
    _joint_meeting_steps = MINUTES_STEPS
    _check_company_auto = True
    _write_by_steps = (
        "confirmation_ids state return_comment approved_by_id document_number issue_date "
        "approval_requested_date "
        "previous_revision_id pdf_attachment_id pdf_sha256 pdf_sealed_date seal_sequence seal_hash "
        # the OFD copy (models/joint_meeting_ofd.py)
        "ofd_attachment_id ofd_sha256 ofd_sealed_date ofd_seal_sequence ofd_seal_hash"
    )
    _write_allow = {
        "draft": {
            "off": "name body drafting_organization_ids resolution_ids override_reason "
            "main_recipients cc_recipients",
            "lead": "body",
        },
        "review": {"off": "override_reason main_recipients cc_recipients"},
        "approved": {"off": "main_recipients cc_recipients"},
    }
    _create_allow = {"off": "meeting_id"}

    name = fields.Char(string="Title", required=True, tracking=True)
    meeting_id = fields.Many2one(
        "joint.meeting", required=True, ondelete="restrict", index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, string="District"
    )
    body = fields.Html()
    drafting_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_minutes_drafting_rel",
        "minutes_id",
        "organization_id",
        string="Drafting Organisations",
        check_company=True,
    )
    confirmation_ids = fields.One2many(
        "joint.meeting.minutes.confirmation", "minutes_id", string="Confirmations"
    )
    missing_confirmation_ids = fields.Many2many(
        "joint.meeting.organization",
        string="Not Yet Confirmed",
        compute="_compute_missing_confirmation_ids",
    )
    resolution_ids = fields.One2many(
        "joint.meeting.resolution", "minutes_id", string="Agreed Matters"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "Joint Review"),
            ("approved", "Approved"),
            ("issued", "Issued"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    override_reason = fields.Text(
        string="Reason to Proceed Without All Confirmations", tracking=True, copy=False
    )
    return_comment = fields.Text(tracking=True, copy=False, readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_requested_date = fields.Datetime(
        string="Approval Requested On",
        readonly=True,
        copy=False,
        help="When the government office submitted the minutes to the leadership for approval "
        "(报请审定): once per joint review.",
    )
    document_number = fields.Char(readonly=True, copy=False, index=True)
    issue_date = fields.Date(readonly=True, copy=False)
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )
    main_recipients = fields.Text(string="Main Recipients (主送)")
    cc_recipients = fields.Text(string="Copy To (抄送)")
    previous_revision_id = fields.Many2one(
        "joint.meeting.minutes", string="Corrects", readonly=True, copy=False
    )
    active = fields.Boolean(default=True)

    _document_number_company_uniq = models.Constraint(
        "unique(document_number, company_id)",
        "This document number was already given to other minutes.",
    )

    @api.depends("drafting_organization_ids", "confirmation_ids.organization_id")
    def _compute_missing_confirmation_ids(self):
        for minutes in self:
            minutes.missing_confirmation_ids = (
                minutes.drafting_organization_ids - minutes.confirmation_ids.organization_id
            )

    def _workflow_locked(self):
        return self.filtered(lambda m: m.state == "issued")

    def unlink(self):
        # Draft minutes go with their draft agreed matters.
        self.check_access("unlink")
        matters = self.with_context(active_test=False).resolution_ids
        if not self._workflow_locked() and not matters.filtered(lambda r: r.state != "draft"):
            matters.unlink()
        return super().unlink()

    def _workflow_locked_message(self):
        return self.env._(
            "Art. 11: issued minutes are an official document and are locked; "
            "make a new revision to correct them."
        )

    def _check_office(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_office"
        ):
            raise UserError(self.env._("This step belongs to the government office."))

    @api.depends("state", "active", "missing_confirmation_ids", "override_reason")
    def _compute_waiting_help(self):
        lines = waiting_lines(self)
        for minutes in self:
            # Drafting is before any step of the workflow (nobody awaits it).
            minutes.waiting_help = lines.get(minutes, "") or (
                minutes.state == "draft"
                and self.env._(
                    "The government office drafts the minutes with the organisations and "
                    "submits them to joint review."
                )
                or ""
            )

    def _jm_when_meeting_held(self):
        if self.meeting_id.state not in ("held", "minutes_issued", "closed"):
            return self.env._(
                "Art. 11: the minutes record what the meeting agreed; they go to "
                "joint review once the meeting has been held."
            )
        return ""

    @jm_action(states="draft", roles="off", when="_jm_when_meeting_held")
    def action_submit_review(self):
        self._check_office()
        if self.filtered(lambda m: m.state != "draft"):
            raise UserError(self.env._("Only draft minutes go to joint review."))
        for minutes in self:
            if minutes.meeting_id.state not in ("held", "minutes_issued", "closed"):
                raise UserError(
                    self.env._(
                        "Art. 11: the minutes record what the meeting agreed; they go to "
                        "joint review once the meeting has been held."
                    )
                )
            if not minutes.drafting_organization_ids:
                raise UserError(
                    self.env._(
                        "Art. 11: the minutes are drafted jointly by the office and the mass "
                        "organisations; name the drafting organisations."
                    )
                )
        self._workflow_write({"state": "review", "return_comment": False})
        return True

    @jm_action(steps="minutes_confirm")
    def action_confirm_text(self):
        """A drafting organisation confirms the text (who and when)."""
        user = self.env.user
        for minutes in self:
            if minutes.state != "review":
                raise UserError(self.env._("The text is confirmed during the joint review."))
            orgs = minutes.missing_confirmation_ids & user.joint_meeting_organization_ids
            if not orgs:
                raise UserError(
                    self.env._(
                        "Only a drafting organisation that has not confirmed yet can "
                        "confirm the text."
                    )
                )
            self.env["joint.meeting.minutes.confirmation"]._workflow_create(
                [
                    {"minutes_id": minutes.id, "organization_id": org.id, "user_id": user.id}
                    for org in orgs
                ]
            )
        return True

    def _jm_when_approval_not_requested(self):
        """报请审定 once: the leadership has the minutes on its workbench."""
        if self.approval_requested_date:
            return self.env._(
                "The approval of %(minutes)s was requested on %(date)s; the leadership has "
                "it among its steps.",
                minutes=self.name,
                date=self.env["joint.meeting.calendar"]._format_datetime(
                    self.company_id, self.approval_requested_date
                ),
            )
        return ""

    @jm_action(states="review", roles="off", when="_jm_when_approval_not_requested")
    def action_request_approval(self, override_reason=False):
        self._check_office()
        override_reason = self._jm_text_arg(
            override_reason, self.env._("The reason to proceed"), required=False
        )
        for minutes in self:
            if minutes.state != "review":
                raise UserError(self.env._("Only minutes in joint review go to approval."))
            if minutes.missing_confirmation_ids and not (override_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Art. 11: the minutes are drafted jointly; %(orgs)s have not "
                        "confirmed the text. Wait for them or give the reason to proceed.",
                        orgs=", ".join(minutes.missing_confirmation_ids.mapped("name")),
                    )
                )
        if override_reason:
            self._workflow_write({"override_reason": override_reason})
        self._workflow_write({"approval_requested_date": fields.Datetime.now()})
        self._schedule_approval_activity()
        for minutes in self:
            minutes.sudo().message_post(
                body=self.env._(
                    "Submitted to the leadership for approval (报请审定) by %(user)s.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _schedule_approval_activity(self):
        leader_group = self.env.ref("joint_meeting.group_joint_meeting_leader")
        todo = self.env.ref("mail.mail_activity_data_todo")
        for minutes in self:
            for leader in minutes.meeting_id.chair_id or leader_group.all_user_ids[:1]:
                if minutes.sudo().activity_ids.filtered(
                    lambda a, leader=leader: a.user_id == leader and a.activity_type_id == todo
                ):
                    continue  # one activity per leader and request (报请审定 once)
                minutes.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=leader._joint_meeting_lang_env()._("Approve the minutes (Art. 11)"),
                    user_id=leader.id,
                )

    def _check_leader(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_leader"
        ):
            raise UserError(
                self.env._(
                    "Art. 11: the minutes are approved by the district government's leadership."
                )
            )

    @jm_action(steps="minutes_approve")
    def action_approve(self):
        self._check_leader()
        for minutes in self:
            if minutes.state != "review":
                raise UserError(self.env._("Only minutes in joint review can be approved."))
            if minutes.missing_confirmation_ids and not minutes.override_reason:
                raise UserError(
                    self.env._("Art. 11: not all drafting organisations have confirmed the text.")
                )
        self._workflow_write({"state": "approved", "approved_by_id": self.env.uid})
        self.activity_ids.action_feedback(feedback=self.env._("Approved"))
        return True

    @jm_action(states="review", roles="lead")
    def action_return(self, comment=None):
        self._check_leader()
        if self.filtered(lambda m: m.state != "review"):
            raise UserError(self.env._("Only minutes in joint review can be returned."))
        if not isinstance(comment, str) or not comment.strip():
            raise UserError(self.env._("Say why the minutes are returned."))
        comment = self._jm_text_arg(comment, self.env._("The reason"))
        self.confirmation_ids._workflow_env().unlink()
        self._workflow_write(
            {
                "state": "draft",
                "return_comment": comment,
                "override_reason": False,
                "approval_requested_date": False,
            }
        )
        return True

    @jm_action(states="review", roles="lead")
    def action_open_return(self):
        self._jm_ensure_one()
        self._check_leader()
        return self.env["joint.meeting.minutes.return"]._get_records_action(
            name=self.env._("Return Minutes"),
            target="new",
            context={"default_minutes_id": self.id},
        )

    @jm_action(states="review", roles="off", when="_jm_when_approval_not_requested")
    def action_request_approval_button(self):
        self._jm_ensure_one()
        return self.action_request_approval(self.override_reason)

    @jm_action(steps="minutes_issue")
    def action_issue(self):
        self._check_office()
        for minutes in self:
            if minutes.state != "approved":
                raise UserError(self.env._("Only approved minutes can be issued, and only once."))
        # The number comes from the district's sequence, locked until this
        # transaction commits (see res.company._joint_meeting_sequence); the
        # kept copy is rendered by the scheduled action triggered once it has.
        for minutes in self:
            today = self.env["joint.meeting.calendar"]._today(minutes.company_id)
            number = minutes._next_number(today.year)
            minutes._workflow_write(
                {
                    "state": "issued",
                    "document_number": minutes.company_id._joint_meeting_format_number(
                        today.year, number
                    ),
                    "issue_date": today,
                }
            )
            assigned = minutes.resolution_ids.filtered(lambda r: r.state == "draft")
            assigned._workflow_write({"state": "open"})
            # 交办: each lead unit and co-unit acknowledges its matters (签收).
            assigned._assign_units()
            if minutes.meeting_id.state == "held":
                minutes.meeting_id._workflow_write({"state": "minutes_issued"})
            minutes.meeting_id.sudo().activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("joint_meeting.mail_activity_type_minutes_overdue")
                )
            ).action_feedback(feedback=minutes.document_number)
        self._joint_meeting_keep_issued_copies()
        return True

    def _next_number(self, year):
        self.ensure_one()
        return int(
            self.company_id._joint_meeting_next_number("joint.meeting.minutes", f"{year}-01-01")
        )

    @jm_action(states="issued", roles="off")
    def action_new_revision(self):
        self._check_office()
        self._jm_ensure_one()
        if self.state != "issued":
            raise UserError(self.env._("Only issued minutes are corrected by a new revision."))
        revision = self._workflow_env().copy(
            {
                "previous_revision_id": self.id,
                "name": self.name,
                "drafting_organization_ids": [
                    fields.Command.set(self.drafting_organization_ids.ids)
                ],
            }
        )
        return revision.with_env(self.env)._get_records_action(context={})

    @api.constrains("meeting_id")
    def _check_meeting_held(self):
        for minutes in self:
            if minutes.meeting_id.state == "cancelled":
                raise ValidationError(self.env._("A cancelled meeting has no minutes."))

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Minutes")
        return file_name(kind, self.document_number or self.name)
