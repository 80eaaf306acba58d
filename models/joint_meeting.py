from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..texts import file_name
from .joint_meeting_step import MEETING_DAY, Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

# Art. 9: while the organisations submit their topics, the leadership
# approves (审定) the agenda, time and place, by the meeting's day.
MEETING_STEPS = (
    Step(
        "meeting_approve",
        "approve",
        "leader",
        "joint.meeting",
        "{r}.state = 'collecting' AND {r}.active",
        deadline=MEETING_DAY.format(m="{r}"),
        joins="JOIN res_company c ON c.id = {r}.company_id",
        meeting="{r}.id",
        waiting=lambda env, meeting, units, date: env._(
            "The mass organisations submit their topics by %(date)s; then the "
            "district government's leadership approves the time, place and agenda.",
            date=env["joint.meeting.calendar"]._format_date(
                meeting.proposal_deadline,
                env["joint.meeting.calendar"]._today(meeting.company_id or env.company),
            ),
        ),
    ),
)

MEETING_STATES = [
    ("draft", "Draft"),
    ("collecting", "Proposal Collection"),
    ("approved", "Approved"),
    ("held", "Held"),
    ("minutes_issued", "Minutes Issued"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class JointMeeting(models.Model):
    """A joint meeting (联席会议, Art. 1): the centre of every other record."""

    _name = "joint.meeting"
    _description = "Joint Meeting"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "joint.meeting.workflow.mixin",
        "joint.meeting.rotation.mixin",
        "joint.meeting.compliance.mixin",
        "joint.meeting.implementation.report.mixin",
        "joint.meeting.calendar.event.mixin",
        "joint.meeting.deadline.reminder.mixin",
    ]
    _order = "date desc, id desc"
    _joint_meeting_steps = MEETING_STEPS
    _check_company_auto = True
    # The reference comes from the district's sequence; the rest from the actions.
    # Who writes what (see joint.meeting.workflow.mixin). The reference comes
    # from the district's sequence; state, cancellation and calendar event from
    # the actions; the district, topics, consultations and minutes never move.
    _write_by_steps = (
        "name state cancel_reason topic_ids consultation_ids minutes_ids resolution_ids"
    )
    _write_allow = {
        "draft collecting approved": {
            "off": "meeting_type extraordinary_reason requesting_organization_id year date "
            "place chair_id preparing_organization_id "
            "attendee_organization_ids attendance_ids note",
            "lead": "date place chair_id note",
        },
        "held minutes_issued closed cancelled": {"off": "note", "lead": "note"},
        "*": {"off": "color", "lead": "color"},
    }
    _step_warnings = {
        "action_open_collection": ("off", "_jm_warn_open_collection"),
        "action_approve": ("lead", "_jm_warn_approve"),
    }
    _create_allow = {"off": "company_id"}

    name = fields.Char(required=True, tracking=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    meeting_type = fields.Selection(
        [("regular", "Regular (Annual)"), ("extraordinary", "Extraordinary")],
        string="Type",
        required=True,
        default="regular",
        tracking=True,
    )
    extraordinary_reason = fields.Text(
        help="Art. 8: the special circumstances or major issue that call for an "
        "extraordinary meeting."
    )
    requesting_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Requested By",
        check_company=True,
    )
    year = fields.Integer(
        required=True,
        index=True,
        default=lambda self: self.env["joint.meeting.calendar"]._today(self.env.company).year,
        tracking=True,
    )
    date = fields.Datetime(string="Meeting Date", tracking=True)
    place = fields.Char(tracking=True)
    chair_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("joint_meeting.group_joint_meeting_leader").ids)
        ],
        help="Art. 10: the district head or a deputy district head.",
    )
    preparing_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Preparing Organisation",
        check_company=True,
        tracking=True,
        domain="[('kind', '=', 'mass')]",
        help="Art. 6: the mass organisations prepare the meetings in turn.",
    )
    attendee_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_attendee_organization_rel",
        "meeting_id",
        "organization_id",
        string="Participating Organisations",
        check_company=True,
    )
    state = fields.Selection(
        MEETING_STATES, required=True, default="draft", tracking=True, copy=False, index=True
    )
    cancel_reason = fields.Text(copy=False, tracking=True, readonly=True)
    topic_ids = fields.One2many("joint.meeting.topic", "meeting_id", string="Topics")
    consultation_ids = fields.One2many(
        "joint.meeting.consultation", "meeting_id", string="Consultations"
    )
    topic_count = fields.Integer(compute="_compute_counts")
    consultation_count = fields.Integer(compute="_compute_counts")
    missing_reply_count = fields.Integer(string="Missing Replies", compute="_compute_counts")
    note = fields.Html(string="Notes")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )
    # --- minutes and agreed matters ---
    attendance_ids = fields.One2many("joint.meeting.attendance", "meeting_id")
    minutes_ids = fields.One2many("joint.meeting.minutes", "meeting_id")
    resolution_ids = fields.One2many(
        "joint.meeting.resolution", "meeting_id", string="Agreed Matters"
    )

    _name_company_uniq = models.Constraint(
        "unique(name, company_id)",
        "A joint meeting with this name already exists in this district.",
    )
    _regular_year_company_excl = models.Constraint(
        "EXCLUDE (company_id WITH =, year WITH =) "
        "WHERE (meeting_type = 'regular' AND state <> 'cancelled' AND active)",
        "Art. 8: the joint meeting is held once a year in principle; this year already "
        "has a regular meeting in this district. Hold an extraordinary meeting instead.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("topic_ids", "consultation_ids.state")
    def _compute_counts(self):
        for meeting in self:
            meeting.topic_count = len(meeting.topic_ids)
            meeting.consultation_count = len(meeting.consultation_ids)
            meeting.missing_reply_count = len(
                meeting.consultation_ids.filtered(lambda c: c.state == "waiting")
            )

    @api.depends("state", "active", "date", "proposal_deadline", "company_id")
    def _compute_waiting_help(self):
        engine = self.env["joint.meeting.calendar"]
        lines = waiting_lines(self)
        for meeting in self:
            company = meeting.company_id or self.env.company
            today = engine._today(company)
            if meeting in lines:
                text = lines[meeting]
            elif meeting.state == "draft":
                text = self.env._(
                    "The government office sets the planned date and opens proposal collection."
                )
            elif meeting.state == "approved" and meeting.date:
                text = self.env._(
                    "The meeting is held on %(date)s; the government office then marks it as held.",
                    date=engine._format_date(meeting._local_date(), today),
                )
            else:
                text = ""
            meeting.waiting_help = text

    @api.model
    def _next_reference(self, company, year):
        """The reference of the next meeting: the sequence's next number whose
        name no meeting of the district holds yet (a meeting loaded or
        migrated with its name typed keeps it; the sequence skips it)."""
        taken = self.sudo().with_context(active_test=False)
        while True:
            name = self.env._(
                "%(year)s Joint Meeting No. %(number)s",
                year=year,
                number=self._next_reference_number(company, year),
            )
            if not taken.search_count(
                [("company_id", "=", company.id), ("name", "=", name)], limit=1
            ):
                return name

    @api.model
    def _next_reference_number(self, company, year):
        """The next number of ``year``'s meetings in ``company``: from the
        district's own sequence, so never given twice (a deleted draft keeps
        its number, two meetings created at once get two numbers)."""
        return int(company._joint_meeting_next_number("joint.meeting", f"{int(year)}-01-01"))

    def _local_date(self):
        """The meeting date in the district's time zone (never the user's)."""
        self.ensure_one()
        return self.env["joint.meeting.calendar"]._local_date(self.company_id, self.date)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    def _check_one_regular_meeting_per_year(self, planned):
        """Art. 8: one regular meeting per district and year. ``planned`` is a
        list of (record or None, company id, year, type, state, active) as they
        will be; checked before the database's own exclusion constraint, so a
        user gets the article, not a database error."""
        seen = set()
        for record, company_id, year, meeting_type, state, active in planned:
            if meeting_type != "regular" or state == "cancelled" or not active:
                continue
            key = (company_id, year)
            others = self.with_context(active_test=True).search_count(
                [
                    ("company_id", "=", company_id),
                    ("year", "=", year),
                    ("meeting_type", "=", "regular"),
                    ("state", "!=", "cancelled"),
                    ("id", "not in", self.ids if record is not None else []),
                ],
                limit=1,
            )
            if others or key in seen:
                raise ValidationError(
                    self.env._(
                        "Art. 8: the joint meeting is held once a year in principle; "
                        "%(year)s already has a regular meeting in this district. "
                        "Hold an extraordinary meeting instead.",
                        year=year,
                    )
                )
            seen.add(key)

    @api.constrains("meeting_type", "extraordinary_reason")
    def _check_extraordinary_reason(self):
        for meeting in self:
            if (
                meeting.meeting_type == "extraordinary"
                and not (meeting.extraordinary_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 8: an extraordinary meeting needs the special circumstances "
                        "or major issue that call for it."
                    )
                )

    @api.constrains("chair_id", "company_id")
    def _check_chair_is_leader(self):
        for meeting in self.filtered("chair_id"):
            if not meeting.chair_id.has_group("joint_meeting.group_joint_meeting_leader"):
                raise ValidationError(
                    self.env._(
                        "Art. 10: the joint meeting is chaired by the district head or a "
                        "deputy district head; %(user)s does not hold the leadership role.",
                        user=meeting.chair_id.name,
                    )
                )
            if meeting.company_id not in meeting.chair_id.sudo().company_ids:
                raise ValidationError(
                    self.env._(
                        "Art. 10: the joint meeting is chaired by the head or a deputy head of "
                        "its own district; %(user)s is not a user of %(district)s.",
                        user=meeting.chair_id.name,
                        district=meeting.company_id.name,
                    )
                )

    @api.constrains("date", "year")
    def _check_date_year(self):
        for meeting in self.filtered("date"):
            if meeting._local_date().year != meeting.year:
                raise ValidationError(
                    self.env._("The meeting date must fall in the meeting's year.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
        if not self._workflow_authorised():
            # Checked before the reference is drawn: a client never types it.
            for vals in vals_list:
                self._create_check_allowed(vals)
        meetings = self.browse()
        for vals in vals_list:
            # Each meeting's rotation and reference follow the one created before it.
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if vals.get("date") and not vals.get("year"):
                vals["year"] = (
                    self.env["joint.meeting.calendar"]._local_date(company, vals["date"]).year
                )
            if not vals.get("preparing_organization_id"):
                vals["preparing_organization_id"] = self._rotation_for(company, vals.get("date")).id
            if vals.get("name", "/") == "/":
                year = vals.get("year") or self.env["joint.meeting.calendar"]._today(company).year
                vals["name"] = self._next_reference(company, year)
            self.sudo()._check_one_regular_meeting_per_year(
                [
                    (
                        None,
                        vals.get("company_id") or self.env.company.id,
                        vals.get("year") or self.default_get(["year"]).get("year"),
                        vals.get("meeting_type", "regular"),
                        vals.get("state", "draft"),
                        vals.get("active", True),
                    )
                ]
            )
            meetings |= super(JointMeeting, self._workflow_checked()).create([vals])
        meetings = meetings.with_env(self.env)
        meetings._refresh_implementation_report()
        # A meeting held in between changes what the next reports cover: once
        # for the whole batch (per meeting, every later meeting in preparation
        # would be computed again for each one created).
        self._refresh_implementation_reports_after(meetings.filtered("date"))
        return meetings

    def write(self, vals):
        if {"meeting_type", "year", "company_id", "state", "active"} & set(vals):
            for meeting in self:
                self.sudo().browse(meeting.id)._check_one_regular_meeting_per_year(
                    [
                        (
                            meeting,
                            vals.get("company_id", meeting.company_id.id),
                            vals.get("year", meeting.year),
                            vals.get("meeting_type", meeting.meeting_type),
                            vals.get("state", meeting.state),
                            vals.get("active", meeting.active),
                        )
                    ]
                )
        res = super().write(vals)
        if {"date", "place", "name", "attendee_organization_ids"} & set(vals):
            self.filtered("calendar_event_id")._sync_calendar_event()
        if {"date", "company_id"} & set(vals):
            self._refresh_implementation_report()
        if {"date", "company_id", "meeting_type", "state", "active"} & set(vals):
            self._refresh_implementation_reports_after(self.filtered("date"))
        return res

    def unlink(self):
        # The Art. 7(2) report is the system's and goes with the meeting, once
        # the deletion locks allowed it (the mixin's unlink checks them again).
        self.check_access("unlink")
        self._workflow_check_unlink()
        self.with_context(active_test=False).topic_ids._workflow_env().unlink()
        return super().unlink()

    def _workflow_check_unlink(self):
        for meeting in self:
            if meeting.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Meeting %(name)s is under way or done and cannot be deleted; "
                        "cancel or archive it instead.",
                        name=meeting.name,
                    )
                )
        topics = self.with_context(active_test=False).topic_ids
        if topics.filtered(lambda t: t.category != "implementation_report"):
            raise UserError(
                self.env._(
                    "The meeting already has topics proposed by the organisations; cancel "
                    "it instead of deleting it."
                )
            )
        return super()._workflow_check_unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for meeting in self:
            if meeting.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(action)s is not possible for meeting %(name)s in state %(state)s.",
                        action=action,
                        name=meeting.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            meeting.state
                        ],
                    )
                )

    def _check_group(self, group_xmlid, action):
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise UserError(self.env._("You are not allowed to %(action)s.", action=action))

    def _jm_warn_open_collection(self):
        """Art. 9: proposals come 15 days before the meeting; opening the
        collection after that day leaves the units no time."""
        self.ensure_one()
        if self.state != "draft" or not self.proposal_deadline:
            return ""
        engine = self.env["joint.meeting.calendar"]
        today = engine._today(self.company_id)
        if self.proposal_deadline >= today:
            return ""
        return self.env._(
            "Art. 9: the units propose their topics in writing by %(deadline)s (%(counted)s); "
            "that day has passed, so no unit can propose in time once collection opens. Move "
            "the meeting date first, or accept late topics with a reason.",
            deadline=engine._format_date(self.proposal_deadline, today),
            counted=self.proposal_deadline_text,
        )

    def _jm_warn_approve(self):
        """Art. 9: the departments reply in writing before the agenda is fixed."""
        self.ensure_one()
        if self.state != "collecting":
            return ""
        pending = self.consultation_ids.filtered(lambda c: c.state in ("to_send", "waiting"))
        if not pending:
            return ""
        engine = self.env["joint.meeting.calendar"]
        today = engine._today(self.company_id)
        overdue = pending.filtered(lambda c: c.due_date and c.due_date < today)
        dues = [day for day in pending.mapped("due_date") if day]
        return self.env._(
            "Art. 9: %(count)s of %(total)s written consultations are not answered yet "
            "(%(units)s); %(overdue)s are past their deadline, the last is due on %(date)s. "
            "Approved now, the agenda is fixed without their replies.",
            count=len(pending),
            total=len(self.consultation_ids.filtered(lambda c: c.state != "cancelled")),
            units="、".join(pending.department_id.mapped("name")),
            overdue=len(overdue),
            date=engine._format_date(max(dues), today) if dues else "-",
        )

    def _jm_when_held(self):
        """Art. 10: a meeting is recorded as held once it has taken place."""
        if self.date and self.date > fields.Datetime.now():
            return self.env._(
                "Art. 10: %(name)s is planned for %(date)s; it can be recorded as held "
                "only once it has taken place.",
                name=self.name,
                date=self.env["joint.meeting.calendar"]._format_datetime(
                    self.company_id, self.date
                ),
            )
        return ""

    def _jm_when_agenda_reviewed(self):
        """The leadership approves the agenda once it has reviewed every
        submitted topic and accepted one."""
        topics = self.sudo().topic_ids
        if topics.filtered(lambda t: t.state == "submitted"):
            return self.env._(
                "Some submitted topics are still waiting for approval: accept or return them first."
            )
        if not topics.filtered(lambda t: t.state == "accepted"):
            return self.env._("Accept at least one topic before approving the agenda.")
        return ""

    def _jm_when_implementation_report(self):
        if not self.topic_ids.filtered(lambda t: t.category == "implementation_report"):
            return self.env._("The meeting before this one has no agreed matters to report on.")
        return ""

    @jm_action(states="draft", roles="off")
    def action_open_collection(self):
        self._check_group("joint_meeting.group_joint_meeting_office", self.env._("open proposals"))
        self._check_state(("draft",), self.env._("Opening proposal collection"))
        for meeting in self:
            if not meeting.date:
                raise UserError(
                    self.env._(
                        "Set the planned meeting date first: the proposal deadline of "
                        "Art. 9 is counted back from it."
                    )
                )
            if meeting.date < fields.Datetime.now():
                raise UserError(self.env._("The meeting date is in the past."))
        self._workflow_write({"state": "collecting"})
        return True

    @jm_action(steps="meeting_approve", when="_jm_when_agenda_reviewed")
    def action_approve(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_leader", self.env._("approve the meeting")
        )
        self._check_state(("collecting",), self.env._("Approval"))
        for meeting in self:
            if not (meeting.date and meeting.place and meeting.chair_id):
                raise UserError(
                    self.env._(
                        "Art. 9: the district government fixes the time, place and details "
                        "of the meeting; set the date, the place and the chair before approving."
                    )
                )
            if not meeting.topic_ids.filtered(lambda t: t.state == "accepted"):
                raise UserError(
                    self.env._("Accept at least one topic before approving the agenda.")
                )
            if meeting.topic_ids.filtered(lambda t: t.state == "submitted"):
                raise UserError(
                    self.env._(
                        "Some submitted topics are still waiting for approval: accept or "
                        "return them first."
                    )
                )
        self._refresh_implementation_report()  # its last state goes on the agenda
        self._workflow_write({"state": "approved"})
        self._sync_calendar_event()
        return True

    @jm_action(states="approved", roles="off", when="_jm_when_held")
    def action_mark_held(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("record the meeting")
        )
        self._check_state(("approved",), self.env._("Marking as held"))
        now = fields.Datetime.now()
        for meeting in self:
            if meeting.date and meeting.date > now:
                raise UserError(
                    self.env._(
                        "Art. 10: %(name)s is planned for %(date)s; it can be recorded as held "
                        "only once it has taken place.",
                        name=meeting.name,
                        date=self.env["joint.meeting.calendar"]._format_datetime(
                            meeting.company_id, meeting.date
                        ),
                    )
                )
        self._workflow_write({"state": "held"})
        return True

    @jm_action(states="minutes_issued", roles="off")
    def action_close(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("close the meeting")
        )
        self._check_state(("minutes_issued",), self.env._("Closing"))
        self._workflow_write({"state": "closed"})
        return True

    @jm_action(states="cancelled collecting", roles="off")
    def action_reset_draft(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("reset the meeting")
        )
        self._check_state(("cancelled", "collecting"), self.env._("Resetting to draft"))
        self._workflow_write({"state": "draft", "cancel_reason": False})
        return True

    @jm_action(states="draft collecting approved", roles="off")
    def action_cancel(self):
        self._jm_ensure_one()
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("cancel the meeting")
        )
        return self.env["joint.meeting.cancel"]._get_records_action(
            name=self.env._("Cancel Meeting"),
            target="new",
            context={"default_meeting_id": self.id},
        )

    def _do_cancel(self, reason):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("cancel the meeting")
        )
        self._check_state(("draft", "collecting", "approved"), self.env._("Cancelling"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the meeting."))
        self._workflow_write({"state": "cancelled", "cancel_reason": reason})
        self.consultation_ids.filtered(lambda c: c.state in ("to_send", "waiting"))._workflow_write(
            {"state": "cancelled"}
        )
        self.calendar_event_id.sudo().action_archive()

    @jm_action()
    def action_view_topics(self):
        self._jm_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_topic_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    @jm_action()
    def action_view_consultations(self):
        self._jm_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_consultation_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_waiting": 1}
        return action

    @jm_action(states="collecting approved", roles="off")
    def action_send_consultations(self):
        self._jm_ensure_one()
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("send consultations")
        )
        return self.env["joint.meeting.consultation.send"]._get_records_action(
            name=self.env._("Send Consultations"),
            target="new",
            context={"default_meeting_id": self.id},
        )

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Meeting Notice")
        return file_name(kind, self.name)
