from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..texts import file_name
from .joint_meeting_reminder import Due, ReminderJob
from .joint_meeting_step import Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

# Art. 9: the office sends the consultations, the departments reply formally
# by the due date (reminded before it, escalated to the office after it).
CONSULTATION_STEPS = (
    Step(
        "consultation_send",
        "send",
        "office",
        "joint.meeting.consultation",
        "{r}.state = 'to_send'",
        deadline="{r}.due_date",
        waiting=lambda env, consultation, units, date: env._(
            "The government office sends this consultation to %(dept)s.",
            dept=consultation.department_id.name,
        ),
    ),
    Step(
        "consultation_reply",
        "reply",
        "organization",
        "joint.meeting.consultation",
        "{r}.state = 'waiting'",
        units=("department_id",),
        deadline="{r}.due_date",
        waiting=lambda env, consultation, units, date: env._(
            "Waiting for %(dept)s to reply, due %(date)s.", dept=units.name, date=date
        ),
        remind=lambda env, consultation, unit, deadline: env._(
            "Art. 9: reply in writing to the consultation on %(topic)s by %(due)s",
            topic=consultation.topic_id.name,
            due=env["joint.meeting.calendar"]._format_date(deadline),
        ),
        escalate=lambda env, consultation, unit, deadline: env._(
            "Art. 9: %(department)s has not replied to the consultation on %(topic)s (due %(due)s)",
            department=unit.display_name,
            topic=consultation.topic_id.name,
            due=env["joint.meeting.calendar"]._format_date(deadline),
        ),
        escalate_to="office",
    ),
)


class JointMeetingConsultation(models.Model):
    """A written consultation (征求意见) of one department on one topic (Art. 9),
    and the department's formal reply."""

    _name = "joint.meeting.consultation"
    _description = "Joint Meeting Consultation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "joint.meeting.workflow.mixin",
        "joint.meeting.reminder.mixin",
    ]
    _order = "due_date, id"
    _joint_meeting_steps = CONSULTATION_STEPS
    _check_company_auto = True
    # The reply is the department's, written by its reply step.
    _write_by_steps = (
        "sent_date state position reply_text reply_attachment_ids reply_number signed_by "
        "replied_by_id reply_date replied_on_behalf"
    )
    _write_allow = {
        "to_send": {
            "off": "department_id mode letter_number coordination_date coordination_place "
            "participants due_date",
        },
        "waiting": {
            "off": "mode letter_number coordination_date coordination_place participants",
        },
    }
    _create_allow = {"off": "topic_id"}

    name = fields.Char(compute="_compute_name", store=True)
    topic_id = fields.Many2one(
        "joint.meeting.topic",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    meeting_id = fields.Many2one(
        related="topic_id.meeting_id", store=True, index=True, string="Meeting"
    )
    company_id = fields.Many2one(
        related="topic_id.company_id", store=True, index=True, string="District"
    )
    department_id = fields.Many2one(
        "joint.meeting.organization",
        required=True,
        index=True,
        check_company=True,
        domain="[('kind', '=', 'department')]",
    )
    mode = fields.Selection(
        [("letter", "In Writing (Letter)"), ("coordination", "Coordination Meeting")],
        required=True,
        default="letter",
    )
    letter_number = fields.Char()
    coordination_date = fields.Datetime()
    coordination_place = fields.Char()
    participants = fields.Text()
    sent_date = fields.Date(readonly=True, copy=False)
    due_date = fields.Date(
        required=True,
        default=lambda self: self._default_due_date(),
        tracking=True,
    )
    due_date_text = fields.Char(
        string="Reply Time Counted",
        compute="_compute_due_date_text",
        help="How the reply time was counted (calendar or working days).",
    )
    state = fields.Selection(
        [
            ("to_send", "To Send"),
            ("waiting", "Waiting for Reply"),
            ("replied", "Replied"),
            ("cancelled", "Cancelled"),
        ],
        default="to_send",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    position = fields.Selection(
        [
            ("agree", "Agree"),
            ("agree_amended", "Agree with Amendments"),
            ("disagree", "Disagree"),
        ],
        tracking=True,
        copy=False,
        readonly=True,
    )
    reply_text = fields.Html(copy=False, readonly=True)
    reply_attachment_ids = fields.Many2many(
        "ir.attachment", string="Reply Attachments", readonly=True
    )
    reply_number = fields.Char(string="Reply Document Number", copy=False, readonly=True)
    signed_by = fields.Char(copy=False, readonly=True)
    replied_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reply_date = fields.Datetime(readonly=True, copy=False)
    replied_on_behalf = fields.Boolean(string="Entered by the Office", readonly=True, copy=False)
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )
    time_left = fields.Char(
        compute="_compute_waiting_help",
        help="Time left to reply, in the unit of the reminder window.",
    )
    days_left = fields.Integer(
        compute="_compute_waiting_help",
        help="Days to reply in the unit of the reminder window, negative when overdue; a year "
        "whose holiday schedule is not loaded is counted Monday to Friday (the list says so "
        "once).",
    )

    _topic_department_uniq = models.Constraint(
        "unique(topic_id, department_id)",
        "This department is already consulted on this topic.",
    )

    @api.depends("topic_id.name", "department_id.name")
    def _compute_name(self):
        for consultation in self:
            consultation.name = (
                f"{consultation.topic_id.name or ''} — {consultation.department_id.name or ''}"
            )

    @api.model
    def _default_due_date(self):
        engine = self.env["joint.meeting.calendar"]
        company = self.env.company
        return engine._deadline(company, "consultation", engine._today(company))

    @api.depends("sent_date", "due_date", "company_id")
    def _compute_due_date_text(self):
        engine = self.env["joint.meeting.calendar"]
        for consultation in self:
            company = consultation.company_id or self.env.company
            start = consultation.sent_date or engine._today(company)
            consultation.due_date_text = engine._describe(
                company, "consultation", start, consultation.due_date
            )

    @api.depends("state", "department_id", "due_date", "company_id")
    def _compute_waiting_help(self):
        engine = self.env["joint.meeting.calendar"]
        lines = waiting_lines(self)
        for consultation in self:
            company = consultation.company_id or self.env.company
            waiting = consultation.state == "waiting" and consultation.due_date
            today = engine._today(company)
            consultation.time_left = (
                engine._describe_remaining(company, consultation.due_date, today) if waiting else ""
            )
            consultation.days_left = (
                engine._days_left(company, consultation.due_date, today) if waiting else 0
            )
            consultation.waiting_help = lines.get(consultation, "")

    @api.depends("state", "due_date")
    def _compute_is_overdue(self):
        engine = self.env["joint.meeting.calendar"]
        for consultation in self:
            consultation.is_overdue = (
                consultation.state == "waiting"
                and consultation.due_date
                and consultation.due_date < engine._today(consultation.company_id)
            )

    def _search_is_overdue(self, operator, value):
        # 19.0 hands a boolean's search method ("in", {True}); for
        # "not in" (is_overdue = False) it negates what "in" returns.
        if operator != "in":
            return NotImplemented
        # "Today" is each district's own (time zone).
        engine = self.env["joint.meeting.calendar"]
        overdue = Domain("state", "=", "waiting") & Domain.OR(
            Domain("company_id", "=", company.id) & Domain("due_date", "<", engine._today(company))
            for company in engine._districts()
        )
        if False in value:
            return Domain.TRUE if True in value else ~overdue
        return overdue

    @api.constrains("due_date", "topic_id")
    def _check_due_date(self):
        for consultation in self:
            meeting = consultation.topic_id.meeting_id
            if meeting.date and consultation.due_date >= meeting._local_date():
                raise ValidationError(
                    self.env._(
                        "Art. 9: the replies prepare the meeting; the due date %(due)s must "
                        "be before the meeting on %(date)s.",
                        due=self.env["joint.meeting.calendar"]._format_date(consultation.due_date),
                        date=self.env["joint.meeting.calendar"]._format_date(meeting._local_date()),
                    )
                )

    @api.constrains("department_id")
    def _check_department_kind(self):
        for consultation in self:
            if consultation.department_id.kind != "department":
                raise ValidationError(
                    self.env._("Consultations are addressed to government departments.")
                )

    # ------------------------------------------------------------------
    # Reminders (Art. 9): the department before the due date, the office after it
    # ------------------------------------------------------------------
    @api.model
    def _reminder_jobs(self):
        over = [("state", "in", ("replied", "cancelled"))]
        step = CONSULTATION_STEPS[1]
        return [
            ReminderJob(
                "consultation_due",
                "joint_meeting.mail_activity_type_consultation_due",
                lambda windows: self._reminders_due(windows, "due"),
                lambda env, due: step.remind(env, due.record, due.organization, due.period),
                over=over,
                steps=(step.name,),
            ),
            ReminderJob(
                "consultation_overdue",
                "joint_meeting.mail_activity_type_consultation_overdue",
                lambda windows: self._reminders_due(windows, "overdue"),
                lambda env, due: step.escalate(env, due.record, due.organization, due.period),
                escalate_to=step.escalate_to,
                over=over,
                steps=(step.name,),
            ),
        ]

    @api.model
    def _reminders_due(self, windows, phase):
        """Consultations at the reply step due within the reminder window
        ("due") or past their due date ("overdue"), not reminded yet: the
        department of the step, its deadline."""
        step = CONSULTATION_STEPS[1]
        found = self.env["joint.meeting.reminder"]._due_in_window(
            self._name,
            SQL(step.sql("deadline")),
            step.reminder_where(),
            "consultation_due",
            "consultation_overdue",
            windows,
        )
        deadline, unit = step.field("deadline"), step.field("unit")
        return [
            Due(
                consultation,
                consultation[deadline],
                consultation[deadline]
                if phase == "due"
                else windows[consultation.company_id.id][0],
                consultation[unit],
            )
            for consultation, found_phase in found.items()
            if found_phase == phase
        ]

    def _workflow_locked(self):
        return self.filtered(lambda c: c.state == "replied")

    def _workflow_locked_message(self):
        return self.env._("A replied consultation is a formal reply and is read-only.")

    def _workflow_check_unlink(self):
        if self.filtered(lambda c: c.state in ("waiting", "replied")):
            raise UserError(
                self.env._("A consultation that was sent or replied cannot be deleted.")
            )
        return super()._workflow_check_unlink()

    @jm_action(steps="consultation_send")
    def action_send(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_office"
        ):
            raise UserError(self.env._("Consultations are sent by the government office."))
        engine = self.env["joint.meeting.calendar"]
        for consultation in self:
            today = engine._today(consultation.company_id)
            if consultation.state != "to_send":
                raise UserError(self.env._("This consultation has already been sent."))
            if consultation.meeting_id.state == "cancelled":
                raise UserError(self.env._("The meeting is cancelled."))
            if consultation.due_date < today:
                raise UserError(self.env._("The due date is in the past."))
        for company in self.company_id:
            self.filtered(lambda c, company=company: c.company_id == company)._workflow_write(
                {"state": "waiting", "sent_date": engine._today(company)}
            )
        for consultation in self:
            for user in consultation.department_id.member_ids:
                consultation.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=consultation.due_date,
                    summary=user._joint_meeting_lang_env()._("Reply to the consultation (Art. 9)"),
                    user_id=user.id,
                )
        return True

    @jm_action(steps="consultation_reply", roles="off")
    def action_reply(
        self, position=None, reply_text=None, reply_number=False, signed_by=False, attachments=None
    ):
        """Record the department's formal reply (Art. 9); ``attachments``
        (ir.attachment records) must be readable by the user."""
        user = self.env.user
        if not isinstance(position, str) or position not in dict(
            self._fields["position"].selection
        ):
            raise UserError(self.env._("Art. 9: a formal reply needs a position and its text."))
        if not isinstance(reply_text, str) or self._jm_html_empty(reply_text):
            raise UserError(self.env._("Art. 9: a formal reply needs a position and its text."))
        reply_text = self._jm_text_arg(reply_text, self.env._("The reply"), html=True)
        reply_number = self._jm_text_arg(
            reply_number, self.env._("The reply document number"), required=False
        )
        signed_by = self._jm_text_arg(signed_by, self.env._("Signed by"), required=False)
        attachments = attachments or self.env["ir.attachment"]
        if not isinstance(attachments, models.BaseModel) or attachments._name != "ir.attachment":
            raise UserError(self.env._("Attachments must be uploaded files."))
        self._jm_check_attachments_readable(attachments)
        is_office = user.has_group("joint_meeting.group_joint_meeting_office")
        for consultation in self:
            if consultation.meeting_id.state == "cancelled" or consultation.state == "cancelled":
                raise UserError(
                    self.env._("The meeting was cancelled: its consultations take no reply.")
                )
            if consultation.state != "waiting":
                raise UserError(
                    self.env._("Only a sent consultation that awaits its reply can be answered.")
                )
            own = consultation.department_id in user.joint_meeting_organization_ids
            if not (own or is_office or self.env.su):
                raise UserError(
                    self.env._(
                        "Art. 9: only %(dept)s replies to this consultation; it is not "
                        "addressed to your department.",
                        dept=consultation.department_id.name,
                    )
                )
            consultation._workflow_write(
                {
                    "state": "replied",
                    "position": position,
                    "reply_text": reply_text,
                    "reply_number": reply_number,
                    "signed_by": signed_by or user.name,
                    "replied_by_id": user.id,
                    "reply_date": fields.Datetime.now(),
                    "replied_on_behalf": not own,
                    "reply_attachment_ids": [fields.Command.link(a.id) for a in attachments],
                }
            )
            consultation.sudo().activity_ids.action_feedback(feedback=self.env._("Replied"))
        return True

    @jm_action(steps="consultation_reply", roles="off")
    def action_open_reply(self):
        self._jm_ensure_one()
        user = self.env.user
        if not (
            self.department_id in user.joint_meeting_organization_ids
            or user.has_group("joint_meeting.group_joint_meeting_office")
        ):
            raise UserError(
                self.env._(
                    "Art. 9: only %(dept)s replies to this consultation; it is not "
                    "addressed to your department.",
                    dept=self.department_id.name,
                )
            )
        return self.env["joint.meeting.consultation.reply"]._get_records_action(
            name=self.env._("Reply to Consultation"),
            target="new",
            context={"default_consultation_id": self.id},
        )

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Consultation Letter")
        return file_name(kind, self.letter_number or self.department_id.name)
