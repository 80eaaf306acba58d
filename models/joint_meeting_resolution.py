from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .joint_meeting_extension import OPEN_REQUEST_STATES
from .joint_meeting_followup import RATINGS
from .joint_meeting_resolution_acknowledgement_mixin import UNIT_KINDS
from .joint_meeting_resolution_supervision_mixin import LEAD_UNIT, OPEN_STATES, UNITS
from .joint_meeting_step import Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

# Printed in the minutes (完成时限 included): fixed for everyone, the system
# user included, once the minutes leave the draft; only the supervision steps
# (extension, reassignment) change them afterwards.
PRINTED_FIELDS = frozenset(
    {
        "name",
        "text",
        "lead_unit_id",
        "co_unit_ids",
        "minutes_id",
        "deadline",
        "sequence",
        "topic_ids",
    }
)


# Art. 11: the lead unit is reminded before the deadline of its matter, open
# or under way; after it the matter is overdue and escalated to the
# supervision office. The same words for both steps of the lead unit.
def _remind_matter(env, matter, unit, deadline):
    return env._(
        "Art. 11: %(matter)s is due on %(deadline)s; report its progress",
        matter=matter.name,
        deadline=env["joint.meeting.calendar"]._format_date(deadline),
    )


def _escalate_matter(env, matter, unit, deadline):
    return env._(
        "Art. 11: %(matter)s (lead unit %(unit)s) is overdue since %(deadline)s",
        matter=matter.name,
        unit=unit.display_name,
        deadline=env["joint.meeting.calendar"]._format_date(deadline),
    )


# Art. 11: the lead unit starts an agreed matter, then the lead unit and the
# co-units report on it until its deadline. The assessment judges the reports
# and the completion against this deadline and gives the matter's events to
# the lead unit; the bulletin counts the matter for it.
RESOLUTION_STEPS = (
    Step(
        "resolution_start",
        "start",
        "organization",
        "joint.meeting.resolution",
        "{r}.state = 'open' AND {r}.active",
        units=("lead_unit_id",),
        deadline="{r}.deadline",
        waiting=lambda env, matter, units, date: env._(
            "%(unit)s starts this matter and reports its progress, due %(date)s.",
            unit=units.name,
            date=date,
        ),
        remind=_remind_matter,
        escalate=_escalate_matter,
        escalate_to="supervision",
    ),
    Step(
        "resolution_report",
        "report",
        "organization",
        "joint.meeting.resolution",
        "{r}.state = 'in_progress' AND {r}.active",
        units=("lead_unit_id", "co_unit_ids"),
        deadline="{r}.deadline",
        waiting=lambda env, matter, units, date: env._(
            "%(units)s report progress to the supervision office, due %(date)s.",
            units="、".join(units.mapped("name")),
            date=date,
        ),
        remind=_remind_matter,
        escalate=_escalate_matter,
        escalate_to="supervision",
        scored=("report_on_time", "done_on_time", "overdue", "urge"),
    ),
)


class JointMeetingResolution(models.Model):
    """An agreed matter (议定事项, Art. 11) assigned to a lead unit and co-units."""

    _name = "joint.meeting.resolution"
    _description = "Joint Meeting Agreed Matter"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "joint.meeting.workflow.mixin",
        "joint.meeting.resolution.acknowledgement.mixin",
        "joint.meeting.resolution.plan.mixin",
        "joint.meeting.resolution.supervision.mixin",
    ]
    _order = "minutes_id, sequence, id"
    _joint_meeting_steps = RESOLUTION_STEPS
    _check_company_auto = True
    # The supervision figures are computed; state, dates and counts come from
    # the supervision steps; the minutes (and so the meeting) never change.
    # What the minutes print (完成时限 included) is fixed once they leave the draft.
    _write_by_steps = "state explanation followup_ids extension_ids extension_count"
    _write_allow_state = "minutes_id.state"
    _write_allow = {
        "draft": {"off": "name text lead_unit_id co_unit_ids topic_ids deadline sequence"},
        "*": {"off": "color"},
    }
    _create_allow = {"off": "minutes_id"}

    name = fields.Char(string="Short Title", required=True, tracking=True)
    text = fields.Html()
    minutes_id = fields.Many2one(
        "joint.meeting.minutes", required=True, ondelete="restrict", index=True, check_company=True
    )
    meeting_id = fields.Many2one(related="minutes_id.meeting_id", store=True, index=True)
    company_id = fields.Many2one(
        related="minutes_id.company_id", store=True, index=True, string="District"
    )
    lead_unit_id = fields.Many2one(
        "joint.meeting.organization",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    co_unit_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_resolution_co_unit_rel",
        "resolution_id",
        "organization_id",
        string="Co-units",
        check_company=True,
    )
    topic_ids = fields.Many2many(
        "joint.meeting.topic",
        "joint_meeting_resolution_topic_rel",
        "resolution_id",
        "topic_id",
        string="From Topics",
        domain="[('meeting_id', '=', meeting_id), ('state', '=', 'accepted'), "
        "('category', '!=', 'implementation_report')]",
        check_company=True,
        help="The topics of the meeting that led to this agreed matter.",
    )
    story_html = fields.Html(
        string="Story",
        compute="_compute_story_html",
        sanitize=False,
        help="Every step of the matter, from the topic that raised it to its line in the "
        "next meeting's implementation report, as far as you may read them.",
    )
    deadline = fields.Date(required=True, tracking=True)
    days_left = fields.Integer(
        compute="_compute_deadline_text",
        help="Days to the deadline in the unit of the reminder window (working or calendar "
        "days), negative when overdue; a year whose holiday schedule is not loaded is counted "
        "Monday to Friday (the list says so once).",
    )
    deadline_text = fields.Char(
        string="Time Left",
        compute="_compute_deadline_text",
        help="Time left to the deadline, counted in the unit of the reminder window "
        "(calendar or working days) in the district's time zone.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cannot", "Cannot Be Implemented"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_states",
    )
    explanation = fields.Text(tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    # --- supervision (Art. 11) ---
    followup_ids = fields.One2many(
        "joint.meeting.followup", "resolution_id", string="Follow-up Reports"
    )
    followup_count = fields.Integer(compute="_compute_followup_count")
    last_followup_id = fields.Many2one(
        "joint.meeting.followup",
        string="Last Report",
        compute="_compute_last_followup_id",
        store=True,
        index="btree_not_null",
    )
    last_report_date = fields.Date(related="last_followup_id.date", store=True)
    progress_percent = fields.Integer(
        string="Progress (%)", related="last_followup_id.percent", store=True
    )
    last_rating = fields.Selection(RATINGS, compute="_compute_last_rating", store=True)
    # --- extension requests (延期申请) ---
    extension_ids = fields.One2many(
        "joint.meeting.extension", "resolution_id", string="Extension Requests"
    )
    extension_count = fields.Integer(
        string="Extensions Granted",
        readonly=True,
        copy=False,
        help="How many extension requests of this matter were approved.",
    )
    repeat_extension = fields.Boolean(
        string="Extended Again",
        compute="_compute_repeat_extension",
        store=True,
        help="The deadline was extended more than once.",
    )
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )

    def _group_expand_states(self, states, domain):
        """The kanban shows the supervision's columns in their order, empty or not."""
        return ["open", "in_progress", "done", "cannot"]

    @api.depends("followup_ids")
    def _compute_followup_count(self):
        counts = dict(
            self.env["joint.meeting.followup"]._read_group(
                [("resolution_id", "in", self.ids)], ["resolution_id"], ["__count"]
            )
        )
        for resolution in self:
            resolution.followup_count = counts.get(resolution._origin, 0)

    @staticmethod
    def _latest_report(reports):
        """The latest of ``reports``, the lead unit's consolidated reports
        first: a co-unit's part is the matter's last report only while the
        lead unit has not reported (its percent is of its own part)."""
        lead = reports.filtered(lambda f: f.report_role == "lead")
        return max(lead or reports, key=lambda f: (f.date, f.id), default=reports.browse())

    @api.depends("followup_ids.state", "followup_ids.date", "followup_ids.report_role")
    def _compute_last_followup_id(self):
        """The latest report that was not returned (the lead unit's first)."""
        for resolution in self:
            resolution.last_followup_id = self._latest_report(
                resolution.followup_ids.filtered(lambda f: f.state != "returned")
            )

    @api.depends(
        "followup_ids.state",
        "followup_ids.rating",
        "followup_ids.date",
        "followup_ids.report_role",
    )
    def _compute_last_rating(self):
        for resolution in self:
            resolution.last_rating = resolution._last_accepted_report().rating

    def _last_accepted_report(self):
        self.ensure_one()
        return self._latest_report(self.followup_ids.filtered(lambda f: f.state == "accepted"))

    @api.depends_context("uid")
    @api.depends(
        "topic_ids",
        "state",
        "deadline",
        "followup_ids",
        "assignment_ids",
        "extension_ids",
        "milestone_ids",
    )
    def _compute_story_html(self):
        """The story of each matter (议定事项全过程), step by step."""
        real = self.filtered("id")
        stories = self.env["joint.meeting.resolution.story"]._events(real)
        engine = self.env["joint.meeting.calendar"]
        for resolution in self:
            events = stories.get(resolution.id, [])
            today = engine._today(resolution.company_id or self.env.company)
            resolution.story_html = self.env["ir.qweb"]._render(
                "joint_meeting.resolution_story",
                {
                    "events": events,
                    "today": today,
                    "format_date": engine._format_date,
                },
            )

    @api.constrains("topic_ids", "minutes_id")
    def _check_topics_of_meeting(self):
        for resolution in self:
            foreign = resolution.sudo().topic_ids.filtered(
                lambda t, r=resolution: t.meeting_id != r.minutes_id.meeting_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "An agreed matter comes from topics of its own meeting: %(topics)s "
                        "belong to another meeting.",
                        topics="、".join(foreign.mapped("name")),
                    )
                )

    @api.depends("state", "active", "deadline", "lead_unit_id", "co_unit_ids", "company_id")
    def _compute_waiting_help(self):
        lines = waiting_lines(self)
        for resolution in self:
            resolution.waiting_help = lines.get(resolution, "")

    @api.depends("state", "deadline", "company_id")
    def _compute_deadline_text(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for resolution in self:
            company = resolution.company_id or self.env.company
            if company not in todays:
                todays[company] = engine._today(company)
            counting = resolution.state in OPEN_STATES
            resolution.deadline_text = (
                engine._describe_remaining(company, resolution.deadline, todays[company])
                if counting
                else ""
            )
            resolution.days_left = (
                engine._days_left(company, resolution.deadline, todays[company]) if counting else 0
            )

    @api.depends("extension_count")
    def _compute_repeat_extension(self):
        for resolution in self:
            resolution.repeat_extension = resolution.extension_count >= 2

    @api.constrains("lead_unit_id", "co_unit_ids")
    def _check_unit_kinds(self):
        """The same rule as the reassignment (转办): at creation, in the draft
        minutes and in data files."""
        for resolution in self:
            if (resolution.lead_unit_id | resolution.co_unit_ids).filtered(
                lambda o: o.kind not in UNIT_KINDS
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 11: %(matter)s: choose the lead unit and the co-units among the "
                        "departments, mass organisations and the government office of the "
                        "district; the supervision office and the leadership do not implement "
                        "agreed matters.",
                        matter=resolution.name,
                    )
                )

    @api.constrains("deadline", "minutes_id")
    def _check_deadline_after_meeting(self):
        for resolution in self:
            meeting = resolution.minutes_id.meeting_id
            if meeting.date and resolution.deadline <= meeting._local_date():
                raise ValidationError(
                    self.env._(
                        "The deadline of an agreed matter must be after the meeting (%(date)s).",
                        date=self.env["joint.meeting.calendar"]._format_date(meeting._local_date()),
                    )
                )

    @api.constrains("state", "explanation")
    def _check_explanation(self):
        for resolution in self:
            if resolution.state == "cannot" and not (resolution.explanation or "").strip():
                raise ValidationError(
                    self.env._(
                        "Art. 7(2): a matter that cannot be implemented needs an explanation."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        resolutions = super().create(vals_list)
        if resolutions.minutes_id.filtered(lambda m: m.state != "draft"):
            raise UserError(
                self.env._("Agreed matters can be added only while the minutes are a draft.")
            )
        return resolutions

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        if (
            PRINTED_FIELDS & set(vals)
            and not self._workflow_unlocked()
            and self.minutes_id.filtered(lambda m: m.state != "draft")
        ):
            raise UserError(
                self.env._("The agreed matters of minutes under review or issued are locked.")
            )
        res = super().write(vals)
        if "deadline" in vals and self.filtered("overdue_date"):
            # A new deadline: the matter is no longer marked overdue.
            self.filtered("overdue_date")._workflow_write({"overdue_date": False})
        if {"state", "explanation", "deadline"} & set(vals):
            self._refresh_next_implementation_reports()
        if {"state", "deadline"} & set(vals):
            # A prepared notice follows the matter: a moved deadline or a
            # closed matter withdraws the notices that no longer apply.
            self.env["joint.meeting.notice"]._withdraw_stale(self)
        return res

    def _workflow_check_unlink(self):
        if self.filtered(lambda r: r.state != "draft" or r.minutes_id.state == "issued"):
            raise UserError(
                self.env._("Agreed matters of issued minutes cannot be deleted; archive them.")
            )
        return super()._workflow_check_unlink()

    def _check_unit_member(self):
        user = self.env.user
        if self.env.su or user.has_group("joint_meeting.group_joint_meeting_office"):
            return
        for resolution in self:
            units = resolution.lead_unit_id | resolution.co_unit_ids
            if not units & user.joint_meeting_organization_ids:
                raise UserError(
                    self.env._("Only the units assigned to this agreed matter can act on it.")
                )

    # Why a unit's step is not open to the user now (``jm_action(when=...)``).
    def _jm_when_acknowledged(self):
        """A unit starts, reports on or plans a matter once it has acknowledged it."""
        matter = self.sudo()
        units = (
            matter.lead_unit_id | matter.co_unit_ids
        ) & self.env.user.joint_meeting_organization_ids
        if units and all(matter._awaiting_acknowledgement(unit) for unit in units):
            return self.env._(
                "%(unit)s starts, plans and reports on %(matter)s once it has acknowledged "
                "it (签收).",
                unit="、".join(units.mapped("display_name")),
                matter=matter.name,
            )
        return ""

    def _jm_when_lead_acknowledged(self):
        if self.sudo()._awaiting_acknowledgement(self.sudo().lead_unit_id):
            return self.env._("Acknowledge the agreed matter before planning it.")
        return ""

    def _jm_when_extension_open(self):
        """The lead unit requests an extension once it has acknowledged the
        matter, before its deadline, one request at a time."""
        matter = self.sudo()
        if matter._awaiting_acknowledgement(matter.lead_unit_id):
            return self.env._("Acknowledge the agreed matter before requesting an extension.")
        if matter.extension_ids.filtered(lambda r: r.state in OPEN_REQUEST_STATES):
            return self.env._("This agreed matter already has an extension request under review.")
        engine = self.env["joint.meeting.calendar"]
        if matter.deadline and matter.deadline < engine._today(matter.company_id):
            return self.env._(
                "An extension is requested before the deadline (%(deadline)s).",
                deadline=engine._format_date(matter.deadline),
            )
        return ""

    def _jm_when_returnable(self):
        """退回: the lead unit, within the acknowledgement period."""
        pending = self.sudo()._my_assignments(("pending",)).filtered(lambda a: a.role == "lead")
        if not pending:
            return self.env._(
                "Only the lead unit returns an agreed matter, before it acknowledges it."
            )
        engine = self.env["joint.meeting.calendar"]
        if pending.filtered(lambda a: a.due_date < engine._today(self.company_id)):
            return self.env._(
                "The acknowledgement period ended on %(date)s: the matter can no longer "
                "be returned; ask the supervision office to reassign it.",
                date=engine._format_date(pending[:1].due_date),
            )
        return ""

    def _jm_when_completed(self):
        if self.sudo()._last_accepted_report().outcome != "completed":
            return self.env._(
                "%(matter)s: accept the unit's report of completion before closing "
                "the matter as done.",
                matter=self.name,
            )
        return ""

    def _jm_when_explained(self):
        if self.sudo()._last_accepted_report().outcome != "cannot":
            return self.env._(
                "Art. 7(2): %(matter)s can be closed as not implementable only once "
                "the unit's explanation is accepted.",
                matter=self.name,
            )
        return ""

    @jm_action(states="open", roles=UNITS, when="_jm_when_acknowledged")
    def action_start(self):
        self._check_unit_member()
        if self.filtered(lambda r: r.state != "open"):
            raise UserError(self.env._("Only an open agreed matter can be started."))
        self._workflow_write({"state": "in_progress"})
        return True

    def _refresh_next_implementation_reports(self):
        """Art. 7(2): the implementation report on the agenda of the next
        meeting follows every change until that agenda is approved."""
        if not self:
            return
        # The system compiles the report: a unit may report on a matter of a
        # meeting it neither attended nor was consulted on (it cannot read it).
        self.env["joint.meeting"]._refresh_implementation_reports_after(self.sudo().meeting_id)

    # ------------------------------------------------------------------
    # Units
    # ------------------------------------------------------------------
    @jm_action(states="open in_progress", roles=UNITS, when="_jm_when_acknowledged")
    def action_report_progress(self):
        """Open a new follow-up report of the user's unit."""
        self._jm_ensure_one()
        self._check_unit_member()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Progress is reported only on open agreed matters."))
        return self.env["joint.meeting.followup"]._get_records_action(
            name=self.env._("Report Progress"),
            target="new",
            context={"default_resolution_id": self.id},
        )

    @jm_action(states="open in_progress", roles=LEAD_UNIT, when="_jm_when_extension_open")
    def action_request_extension(self):
        """Open a new extension request of the lead unit."""
        self._jm_ensure_one()
        self._check_unit_member()
        return self.env["joint.meeting.extension"]._get_records_action(
            name=self.env._("Request an Extension"),
            target="new",
            context={"default_resolution_id": self.id},
        )

    @jm_action()
    def action_view_followups(self):
        self._jm_ensure_one()
        return self.env["joint.meeting.followup"]._get_records_action(
            name=self.env._("Follow-up Reports"),
            views=[(False, "list"), (False, "form")],
            domain=[("resolution_id", "=", self.id)],
            context={"default_resolution_id": self.id},
        )
