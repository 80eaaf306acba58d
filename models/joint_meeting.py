from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..texts import file_name
from .joint_meeting_reminder import Due, ReminderJob
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
        "joint.meeting.reminder.mixin",
    ]
    _order = "date desc, id desc"
    _joint_meeting_steps = MEETING_STEPS
    _check_company_auto = True
    # The reference comes from the district's sequence; the rest from the actions.
    # Who writes what (see joint.meeting.workflow.mixin). The reference comes
    # from the district's sequence; state, cancellation and calendar event from
    # the actions; the district, topics, consultations and minutes never move.
    _write_by_steps = (
        "name state cancel_reason calendar_event_id topic_ids consultation_ids "
        "minutes_ids resolution_ids"
    )
    _write_allow = {
        "draft collecting approved": {
            "off": "meeting_type extraordinary_reason requesting_organization_id year date "
            "place chair_id preparing_organization_id rotation_override_reason "
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
    rotation_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Next in Rotation",
        compute="_compute_rotation_organization_id",
        help="The mass organisation whose turn it is (Art. 6).",
    )
    rotation_override_reason = fields.Text(
        string="Reason for Another Preparing Organisation", tracking=True
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
    calendar_event_id = fields.Many2one("calendar.event", copy=False, readonly=True)
    topic_ids = fields.One2many("joint.meeting.topic", "meeting_id", string="Topics")
    consultation_ids = fields.One2many(
        "joint.meeting.consultation", "meeting_id", string="Consultations"
    )
    topic_count = fields.Integer(compute="_compute_counts")
    consultation_count = fields.Integer(compute="_compute_counts")
    missing_reply_count = fields.Integer(string="Missing Replies", compute="_compute_counts")
    proposal_deadline = fields.Date(
        compute="_compute_proposal_deadline",
        store=True,
        help="Art. 9: proposals are due this many days before the meeting.",
    )
    proposal_deadline_text = fields.Char(
        string="Proposal Deadline Counted",
        compute="_compute_proposal_deadline_text",
        help="How the proposal deadline was counted (calendar or working days).",
    )
    proposal_days_left = fields.Integer(
        string="Days Left for Proposals", compute="_compute_proposal_days_left"
    )
    previous_meeting_id = fields.Many2one(
        "joint.meeting",
        compute="_compute_previous_meeting_id",
        help="Art. 7(2): the meeting whose agreed matters this meeting reports on: for a "
        "regular meeting the regular meeting before it (an extraordinary meeting in between "
        "does not replace it), for an extraordinary meeting the meeting before it.",
    )
    reported_meeting_ids = fields.Many2many(
        "joint.meeting",
        string="Meetings Reported On",
        compute="_compute_previous_meeting_id",
        help="Art. 7(2): the previous meeting and, for a regular meeting, the extraordinary "
        "meetings held since: the implementation report covers their agreed matters.",
    )
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
    # --- compliance with the regulation, per meeting ---
    late_topic_count = fields.Integer(
        string="Late Proposals", compute="_compute_compliance", help="Art. 9"
    )
    proposal_lead_time_met = fields.Boolean(compute="_compute_compliance")
    all_consultations_replied = fields.Boolean(compute="_compute_compliance")
    minutes_issue_date = fields.Date(compute="_compute_compliance")
    minutes_deadline = fields.Date(
        string="Minutes Due",
        compute="_compute_minutes_deadline",
        help="Art. 11: the minutes are issued by this date (district setting).",
    )
    minutes_deadline_text = fields.Char(
        string="Minutes Due Counted", compute="_compute_minutes_deadline"
    )
    minutes_on_time = fields.Boolean(string="Minutes Issued on Time", compute="_compute_compliance")
    resolution_count = fields.Integer(
        string="Number of Agreed Matters", compute="_compute_compliance"
    )
    resolution_done_count = fields.Integer(string="Done", compute="_compute_compliance")
    resolution_overdue_count = fields.Integer(string="Overdue", compute="_compute_compliance")
    resolution_cannot_count = fields.Integer(
        string="Cannot Be Implemented", compute="_compute_compliance"
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

    def _compute_compliance(self):
        """Per meeting: proposal lead time (Art. 9), consultation replies
        (Art. 9), minutes issued on time (Art. 11), agreed matters (Art. 11);
        a handful of grouped queries for any number of meetings."""
        ids = self.ids
        late = dict(
            self.env["joint.meeting.topic"]._read_group(
                [
                    ("meeting_id", "in", ids),
                    ("state", "in", ("submitted", "accepted")),
                    ("late_exception", "=", True),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        waiting = dict(
            self.env["joint.meeting.consultation"]._read_group(
                [("meeting_id", "in", ids), ("state", "in", ("to_send", "waiting"))],
                ["meeting_id"],
                ["__count"],
            )
        )
        issued = dict(
            self.env["joint.meeting.minutes"]._read_group(
                [("meeting_id", "in", ids), ("state", "=", "issued")],
                ["meeting_id"],
                ["issue_date:min"],
            )
        )
        states = defaultdict(lambda: defaultdict(int))
        Resolution = self.env["joint.meeting.resolution"]
        for meeting, state, count in Resolution._read_group(
            [("meeting_id", "in", ids), ("state", "!=", "draft")],
            ["meeting_id", "state"],
            ["__count"],
        ):
            states[meeting][state] += count
            states[meeting]["all"] += count
        engine = self.env["joint.meeting.calendar"]
        for company in self.company_id:
            for meeting, count in Resolution._read_group(
                [
                    ("meeting_id", "in", ids),
                    ("company_id", "=", company.id),
                    ("state", "in", ("open", "in_progress")),
                    ("deadline", "<", engine._today(company)),
                ],
                ["meeting_id"],
                ["__count"],
            ):
                states[meeting]["overdue"] += count
        for meeting in self:
            origin = meeting._origin
            meeting.late_topic_count = late.get(origin, 0)
            meeting.proposal_lead_time_met = not meeting.late_topic_count
            meeting.all_consultations_replied = not waiting.get(origin, 0)
            meeting.minutes_issue_date = issued.get(origin, False)
            limit = meeting.minutes_deadline
            meeting.minutes_on_time = bool(
                limit and meeting.minutes_issue_date and meeting.minutes_issue_date <= limit
            )
            counts = states[origin]
            meeting.resolution_count = counts["all"]
            meeting.resolution_done_count = counts["done"]
            meeting.resolution_overdue_count = counts["overdue"]
            meeting.resolution_cannot_count = counts["cannot"]

    @api.depends(
        "date",
        "company_id.joint_meeting_proposal_lead_days",
        "company_id.joint_meeting_proposal_lead_unit",
        "company_id.joint_meeting_holiday_policy",
        "company_id.joint_meeting_tz",
    )
    def _compute_proposal_deadline(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            meeting.proposal_deadline = meeting.date and engine._deadline(
                meeting.company_id, "proposal", meeting._local_date()
            )

    @api.depends("proposal_deadline")
    def _compute_proposal_deadline_text(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            meeting.proposal_deadline_text = meeting.date and engine._describe(
                meeting.company_id, "proposal", meeting._local_date(), meeting.proposal_deadline
            )

    @api.depends("date", "company_id")
    def _compute_minutes_deadline(self):
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            start = meeting.date and meeting._local_date()
            deadline = start and engine._deadline(meeting.company_id, "minutes", start)
            meeting.minutes_deadline = deadline
            meeting.minutes_deadline_text = start and engine._describe(
                meeting.company_id, "minutes", start, deadline
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

    @api.depends("proposal_deadline")
    def _compute_proposal_days_left(self):
        """Days left in the unit of the proposal lead time."""
        engine = self.env["joint.meeting.calendar"]
        for meeting in self:
            company = meeting.company_id
            meeting.proposal_days_left = (
                engine._count_days(
                    company,
                    engine._today(company),
                    meeting.proposal_deadline,
                    engine._rule(company, "proposal")[1],
                )
                if meeting.proposal_deadline
                else 0
            )

    @api.depends("date", "company_id", "meeting_type")
    def _compute_previous_meeting_id(self):
        for meeting in self:
            if not meeting.date:
                meeting.previous_meeting_id = meeting.reported_meeting_ids = False
                continue
            before = [
                ("company_id", "=", meeting.company_id.id),
                ("date", "<", meeting.date),
                ("state", "!=", "cancelled"),
                ("id", "!=", meeting._origin.id or 0),
            ]
            previous = self.browse()
            if meeting.meeting_type == "regular":
                previous = self.search(
                    [*before, ("meeting_type", "=", "regular")], order="date desc, id desc", limit=1
                )
            previous = previous or self.search(before, order="date desc, id desc", limit=1)
            meeting.previous_meeting_id = previous
            meeting.reported_meeting_ids = (
                self.search([*before, ("date", ">=", previous.date)], order="date, id")
                if previous
                else False
            )

    @api.depends("company_id", "date")
    def _compute_rotation_organization_id(self):
        for meeting in self:
            meeting.rotation_organization_id = self._rotation_for(
                meeting.company_id, meeting.date, meeting._origin.id
            )

    @api.model
    def _rotation_for(self, company, date=False, exclude_id=False):
        """Art. 6: the mass organisation after the preparer of the meeting
        held before ``date`` (or of the latest meeting)."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "!=", "cancelled"),
            ("preparing_organization_id", "!=", False),
        ]
        if exclude_id:
            domain.append(("id", "!=", exclude_id))
        if date:
            domain.append(("date", "<", date))
        last = self.search(domain, order="date desc, id desc", limit=1)
        return self.env["joint.meeting.organization"]._next_in_rotation(
            last.preparing_organization_id, company
        )

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

    @api.constrains("preparing_organization_id", "rotation_override_reason")
    def _check_rotation_override_reason(self):
        for meeting in self:
            expected = meeting.rotation_organization_id
            if (
                meeting.preparing_organization_id
                and expected
                and meeting.preparing_organization_id != expected
                and not (meeting.rotation_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 6: the mass organisations prepare the meetings in turn and "
                        "it is %(org)s's turn; give the reason for choosing another "
                        "preparing organisation.",
                        org=expected.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if len(vals_list) > 1:
            # Each meeting's rotation and reference follow the one created before it.
            meetings = self.browse()
            for vals in vals_list:
                meetings |= self.create([vals])
            return meetings
        if not self.env.su:
            self.check_access("create")
        if not self._workflow_authorised():
            # Checked before the reference is drawn: a client never types it.
            for vals in vals_list:
                self._create_check_allowed(vals)
        for vals in vals_list:
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
                for vals in vals_list
            ]
        )
        meetings = super(JointMeeting, self._workflow_checked()).create(vals_list)
        meetings = meetings.with_env(self.env)
        meetings._refresh_implementation_report()
        # A meeting held in between changes what the next reports cover.
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

    # ------------------------------------------------------------------
    # Art. 7(2): report on the previous meeting's agreed matters
    # ------------------------------------------------------------------
    def _refresh_implementation_report(self):
        """Compile the agreed matters of the meeting before, with their state,
        latest progress and the explanation of those not implemented, into
        the Art. 7(2) topic of this meeting's agenda. Nobody types it; it
        follows every change until the agenda is approved."""
        Topic = self.env["joint.meeting.topic"].with_context(tracking_disable=True)
        # The meeting before may have been created since it was last computed.
        self.invalidate_recordset(["previous_meeting_id", "reported_meeting_ids"])
        for meeting in self.sudo():
            if meeting.state not in ("draft", "collecting") or not meeting.date:
                continue
            previous = meeting.previous_meeting_id
            reported = meeting.reported_meeting_ids
            resolutions = reported.resolution_ids.filtered(lambda r: r.state != "draft")
            topic = meeting.with_context(active_test=False).topic_ids.filtered(
                lambda t: t.category == "implementation_report"
            )[:1]
            if not resolutions:
                if topic:
                    topic._workflow_env().unlink()
                continue
            body = self.env["ir.qweb"]._render(
                "joint_meeting.implementation_report_body",
                {
                    "meeting": meeting,
                    "previous": previous,
                    "reported": resolutions.meeting_id.sorted("date"),
                    "subject": meeting._implementation_report_subject(),
                    "resolutions": resolutions,
                    "format_date": meeting.env["joint.meeting.calendar"]._official_date,
                },
            )
            vals = {
                "report_body": body,
                # The title of an official agenda item, in Chinese like the report.
                "name": f"{meeting._implementation_report_subject()}议定事项落实情况",
            }
            if topic:
                topic._workflow_write(vals)
                continue
            organization = self.env["joint.meeting.organization"].search(
                [
                    ("company_id", "=", meeting.company_id.id),
                    ("kind", "in", ("supervision", "office")),
                ],
                order="kind desc, sequence, id",
                limit=1,
            )
            if not organization:
                continue
            Topic._workflow_create(
                {
                    **vals,
                    "meeting_id": meeting.id,
                    "organization_id": organization.id,
                    "category": "implementation_report",
                    "state": "accepted",
                    "sequence": 1,
                    "submit_date": fields.Datetime.now(),
                }
            )

    def _implementation_report_subject(self):
        """Which meetings the Art. 7(2) report is about, as its title says it
        (an official text, in Chinese like the report)."""
        self.ensure_one()
        matters = self.reported_meeting_ids.resolution_ids.filtered(lambda r: r.state != "draft")
        if matters.meeting_id - self.previous_meeting_id:
            return f"{self.previous_meeting_id.name}以来各次联席会议"
        return self.previous_meeting_id.name or ""

    @api.model
    def _refresh_implementation_reports_after(self, previous_meetings):
        """Refresh the reports of the meetings in preparation that follow
        ``previous_meetings``."""
        if not previous_meetings:
            return
        candidates = self.sudo().search(
            [
                ("company_id", "in", previous_meetings.company_id.ids),
                ("state", "in", ("draft", "collecting")),
                ("date", "!=", False),
            ]
        )
        candidates.invalidate_recordset(["previous_meeting_id", "reported_meeting_ids"])
        candidates.filtered(
            lambda m: m.reported_meeting_ids & previous_meetings
        )._refresh_implementation_report()

    @jm_action(states="draft collecting approved", when="_jm_when_implementation_report")
    def action_view_implementation_report(self):
        self._jm_ensure_one()
        topic = self.topic_ids.filtered(lambda t: t.category == "implementation_report")[:1]
        if not topic:
            raise UserError(
                self.env._("The meeting before this one has no agreed matters to report on.")
            )
        return topic._get_records_action(context={})

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _reminder_jobs(self):
        """Art. 9: the proposal deadline (each mass organisation that has not
        submitted, then the office once it has passed); Art. 11: minutes not
        issued in time; Art. 8: a year without its regular meeting."""
        return [
            ReminderJob(
                "proposal_due",
                "joint_meeting.mail_activity_type_proposal_due",
                self._proposal_due,
                lambda env, due: env._(
                    "Art. 9: %(organization)s, submit your proposals for %(meeting)s "
                    "by %(deadline)s",
                    organization=due.organization.display_name,
                    meeting=due.record.name,
                    deadline=env["joint.meeting.calendar"]._format_date(due.period),
                ),
                over=[("state", "!=", "collecting")],
            ),
            ReminderJob(
                "proposal_closed",
                "joint_meeting.mail_activity_type_proposal_closed",
                self._proposal_closed,
                lambda env, due: env._(
                    "Art. 9: the proposal deadline of %(meeting)s has passed; review the agenda",
                    meeting=due.record.name,
                ),
                escalate_to="office",
                over=[("state", "!=", "collecting")],
            ),
            ReminderJob(
                "minutes_late",
                "joint_meeting.mail_activity_type_minutes_overdue",
                self._minutes_late,
                lambda env, due: env._(
                    "Art. 11: the minutes of %(name)s are not issued yet", name=due.record.name
                ),
                escalate_to="office",
                over=[("state", "!=", "held")],
            ),
            ReminderJob(
                "annual_meeting",
                "joint_meeting.mail_activity_type_annual_meeting",
                self._annual_meeting_missing,
                lambda env, due: env._(
                    "Art. 8: no regular joint meeting of %(year)s is scheduled yet",
                    year=due.period.year,
                ),
                escalate_to="office",
                yearly=True,
                res_model="joint.meeting.organization",
            ),
        ]

    @api.model
    def _collecting(self):
        return self.search(
            [("state", "=", "collecting"), ("proposal_deadline", "!=", False)], order="id"
        )

    @api.model
    def _proposal_due(self, windows):
        """Within the reminder window before the proposal deadline: each mass
        organisation of the district without a submitted topic."""
        meetings = self._collecting().filtered(
            lambda m: (
                windows[m.company_id.id][0] <= m.proposal_deadline <= windows[m.company_id.id][1]
            )
        )
        mass = (
            self.env["joint.meeting.organization"].sudo()._by_company(meetings.company_id, "mass")
        )
        submitted = defaultdict(set)
        for meeting, organization in (
            self.env["joint.meeting.topic"]
            .sudo()
            ._read_group(
                [("meeting_id", "in", meetings.ids), ("state", "in", ("submitted", "accepted"))],
                ["meeting_id", "organization_id"],
            )
        ):
            submitted[meeting.id].add(organization.id)
        return [
            Due(meeting, meeting.proposal_deadline, meeting.proposal_deadline, organization)
            for meeting in meetings
            for organization in mass[meeting.company_id]
            if organization.id not in submitted[meeting.id]
        ]

    @api.model
    def _proposal_closed(self, windows):
        return [
            Due(meeting, meeting.proposal_deadline, windows[meeting.company_id.id][0])
            for meeting in self._collecting()
            if meeting.proposal_deadline < windows[meeting.company_id.id][0]
        ]

    @api.model
    def _minutes_late(self, windows):
        """Held meetings whose minutes issue time (district setting) is over."""
        return [
            Due(meeting, meeting.minutes_deadline, windows[meeting.company_id.id][0])
            for meeting in self.search([("state", "=", "held")], order="id")
            if meeting.date and meeting.minutes_deadline < windows[meeting.company_id.id][0]
        ]

    @api.model
    def _annual_meeting_missing(self, windows):
        """Art. 8: a district whose regular meeting of the year is not
        scheduled by its configured date; the reminder goes on its office."""
        offices = self.env["joint.meeting.organization"].sudo()
        offices = offices._by_company(offices.env["res.company"].browse(list(windows)), "office")
        todays = {company: windows[company.id][0] for company in offices}
        scheduled = {
            company
            for company, year in self.sudo()._read_group(
                [
                    ("company_id", "in", [company.id for company in todays]),
                    ("year", "in", list({today.year for today in todays.values()})),
                    ("meeting_type", "=", "regular"),
                    ("date", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                ["company_id", "year"],
            )
            if year == todays[company].year
        }
        dues = []
        for company, today in todays.items():
            if company in scheduled:
                continue
            try:
                limit = date(
                    today.year,
                    company.joint_meeting_annual_deadline_month,
                    company.joint_meeting_annual_deadline_day,
                )
            except ValueError:  # 29 February in a common year
                limit = date(today.year, 2, 28)
            if today >= limit:
                dues.append(Due(offices[company][:1], date(today.year, 1, 1), today))
        return dues

    # ------------------------------------------------------------------
    # Calendar
    # ------------------------------------------------------------------
    def _attendee_partners(self):
        self.ensure_one()
        users = self.attendee_organization_ids.member_ids | self.chair_id
        users |= self.preparing_organization_id.member_ids
        return users.partner_id

    def _sync_calendar_event(self):
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
        )
        for meeting in self.filtered("date"):
            vals = {
                "name": meeting.name,
                "start": meeting.date,
                "stop": self.env["joint.meeting.calendar"]._plus_hours(meeting.date, 3),
                "location": meeting.place,
                "partner_ids": [fields.Command.set(meeting._attendee_partners().ids)],
                "user_id": meeting.chair_id.id or self.env.user.id,
                "res_model_id": self.env["ir.model"]._get_id("joint.meeting"),
                "res_id": meeting.id,
            }
            if meeting.calendar_event_id:
                meeting.calendar_event_id.sudo().write(vals)
            else:
                meeting._workflow_write({"calendar_event_id": Event.create(vals).id})

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Meeting Notice")
        return file_name(kind, self.name)
