from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .joint_meeting_extension import OPEN_REQUEST_STATES
from .joint_meeting_followup import RATINGS
from .joint_meeting_reminder import Due, ReminderJob
from .joint_meeting_step import Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

TRAFFIC_LIGHTS = [
    ("green", "On Track"),
    ("blue", "Deadline Approaching"),
    ("yellow", "Behind Plan"),
    ("red", "Overdue"),
    ("none", "Closed"),
]
# Ratings of the last accepted report that turn the light yellow.
WEAK_RATINGS = ("average", "poor")
# The kinds of organisation that lead or co-handle an agreed matter: the
# supervision office supervises it and the leadership decides, neither reports.
UNIT_KINDS = ("department", "mass", "office")
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
OPEN_STATES = ("open", "in_progress")
# Who acts on a matter as its unit (the buttons of jm_action): the members of
# its units, as the form's groups say (mass organisations, departments).
UNITS = "org@lead_unit_id org@co_unit_ids dept@lead_unit_id dept@co_unit_ids"
LEAD_UNIT = "org@lead_unit_id dept@lead_unit_id"


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
        "joint.meeting.reminder.mixin",
    ]
    _order = "minutes_id, sequence, id"
    _joint_meeting_steps = RESOLUTION_STEPS
    _check_company_auto = True
    # The supervision figures are computed; state, dates and counts come from
    # the supervision steps; the minutes (and so the meeting) never change.
    # What the minutes print (完成时限 included) is fixed once they leave the draft.
    _write_by_steps = (
        "state explanation followup_ids assignment_ids extension_ids extension_count "
        "milestone_ids overdue_date urge_count last_urge_date close_date reopen_reason"
    )
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
    traffic_light = fields.Selection(
        TRAFFIC_LIGHTS,
        string="Supervision Status",
        compute="_compute_traffic_light",
        search="_search_traffic_light",
        help="Red: overdue; yellow: behind the planned progress or last rated average or "
        "poor; blue: the deadline is within the reminder window; green: on track.",
    )
    traffic_light_reason = fields.Char(string="Why This Light", compute="_compute_traffic_light")
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
    # --- plan (序时进度) ---
    milestone_ids = fields.One2many("joint.meeting.milestone", "resolution_id", string="Milestones")
    planned_percent = fields.Integer(
        string="Planned Progress (%)",
        compute="_compute_planned_percent",
        help="The planned percent of the latest milestone whose planned date has come.",
    )
    overdue_date = fields.Date(
        string="Marked Overdue On",
        readonly=True,
        copy=False,
        help="Set by the scheduled action on the first day after the deadline.",
    )
    urge_count = fields.Integer(string="Urging Notices", readonly=True, copy=False)
    last_urge_date = fields.Date(readonly=True, copy=False)
    close_date = fields.Date(readonly=True, copy=False, tracking=True)
    on_time_percent = fields.Integer(
        string="On-time Rate (%)",
        compute="_compute_on_time_percent",
        store=True,
        aggregator="avg",
        help="100 for a matter closed as done by its deadline, else 0: its average over the "
        "matters closed as done is the on-time rate.",
    )
    reopen_reason = fields.Text(readonly=True, copy=False, tracking=True)
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

    @api.depends("state", "close_date", "deadline")
    def _compute_on_time_percent(self):
        for resolution in self:
            on_time = (
                resolution.state == "done"
                and resolution.close_date
                and resolution.close_date <= resolution.deadline
            )
            resolution.on_time_percent = 100 if on_time else 0

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

    @api.depends("extension_count")
    def _compute_repeat_extension(self):
        for resolution in self:
            resolution.repeat_extension = resolution.extension_count >= 2

    @api.depends("milestone_ids.planned_date", "milestone_ids.planned_percent", "company_id")
    def _compute_planned_percent(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for resolution in self:
            company = resolution.company_id or self.env.company
            if company not in todays:
                todays[company] = engine._today(company)
            resolution.planned_percent = resolution._planned_percent(todays[company])

    def _planned_percent(self, today):
        self.ensure_one()
        return max(
            (m.planned_percent for m in self.milestone_ids if m.planned_date <= today),
            default=0,
        )

    @api.depends(
        "state",
        "deadline",
        "progress_percent",
        "last_rating",
        "company_id",
        "milestone_ids.planned_date",
        "milestone_ids.planned_percent",
    )
    def _compute_traffic_light(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for resolution in self:
            company = resolution.company_id
            if company not in todays:
                todays[company] = engine._today(company)
            light, reason = resolution._traffic_light_and_reason(todays[company])
            resolution.traffic_light = light
            resolution.traffic_light_reason = reason

    def _traffic_light(self, today):
        return self._traffic_light_and_reason(today)[0]

    def _traffic_light_and_reason(self, today):
        """(light, the rule that made it): red overdue; yellow behind the
        planned progress or last rated average/poor; blue due within the
        reminder window; green on track."""
        self.ensure_one()
        if self.state not in OPEN_STATES or not self.deadline:
            return "none", ""
        if self.deadline < today:
            return "red", self.env._(
                "Overdue since %(deadline)s.",
                deadline=self.env["joint.meeting.calendar"]._format_date(self.deadline),
            )
        planned = self._planned_percent(today)
        if planned > self.progress_percent:
            return "yellow", self.env._(
                "Behind the plan: %(planned)s%% planned by today, %(done)s%% reported.",
                planned=planned,
                done=self.progress_percent,
            )
        if self.last_rating in WEAK_RATINGS:
            ratings = dict(self._fields["last_rating"]._description_selection(self.env))
            return "yellow", self.env._(
                "The last report was rated %(rating)s.", rating=ratings[self.last_rating]
            )
        window = self.env["joint.meeting.calendar"]._window_end(self.company_id, today)
        if self.deadline <= window and self.progress_percent < 100:
            return "blue", self.env._(
                "The deadline (%(deadline)s) is within the reminder window.",
                deadline=self.env["joint.meeting.calendar"]._format_date(self.deadline),
            )
        return "green", self.env._("On track.")

    def _behind_plan_ids(self, companies):
        """Open matters whose reported progress is below a milestone already
        due in their district: one query."""
        engine = self.env["joint.meeting.calendar"]
        if not companies:
            return []
        self.env["joint.meeting.milestone"].flush_model(
            ["resolution_id", "planned_date", "planned_percent"]
        )
        self.flush_model(["progress_percent", "state", "company_id"])
        values = SQL(", ").join(
            SQL("(%s, %s::date)", company.id, engine._today(company)) for company in companies
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT r.id
                  FROM joint_meeting_resolution r
                  JOIN joint_meeting_milestone m ON m.resolution_id = r.id
                  JOIN (VALUES %s) AS w(company_id, today) ON w.company_id = r.company_id
                 WHERE r.state IN ('open', 'in_progress')
                   AND m.planned_date <= w.today
                   AND m.planned_percent > COALESCE(r.progress_percent, 0)
                """,
                values,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _search_traffic_light(self, operator, value):
        # 19.0 hands a search method "in" (a "=" is rewritten to "in"); for
        # "not in" it negates what "in" returns.
        if operator != "in":
            return NotImplemented
        engine = self.env["joint.meeting.calendar"]
        # "Today" and the reminder window are each district's own.
        companies = self.env["joint.meeting.calendar"]._districts()
        open_domain = Domain("state", "in", OPEN_STATES)
        red = Domain.OR(
            Domain("company_id", "=", company.id) & Domain("deadline", "<", engine._today(company))
            for company in companies
        )
        yellow = Domain("last_rating", "in", WEAK_RATINGS) | Domain(
            "id", "in", self._behind_plan_ids(companies)
        )
        due_soon = Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("deadline", "<=", engine._window_end(company, engine._today(company)))
            & Domain("progress_percent", "<", 100)
            for company in companies
        )
        by_light = {
            "none": Domain("state", "not in", OPEN_STATES),
            "red": open_domain & red,
            "yellow": open_domain & ~red & yellow,
            "blue": open_domain & ~red & ~yellow & due_soon,
            "green": open_domain & ~red & ~yellow & ~due_soon,
        }
        return Domain.OR(by_light[light] for light in value if light in by_light)

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

    @jm_action(states="open in_progress", roles=LEAD_UNIT, when="_jm_when_lead_acknowledged")
    def action_view_milestones(self):
        """The plan of the matter (序时进度), edited by its lead unit."""
        self._jm_ensure_one()
        return self.env["joint.meeting.milestone"]._get_records_action(
            name=self.env._("Plan of %(matter)s", matter=self.name),
            views=[(False, "list")],
            domain=[("resolution_id", "=", self.id)],
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

    # ------------------------------------------------------------------
    # Supervision office (目标督查办)
    # ------------------------------------------------------------------
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(
                self.env._(
                    "Art. 11: only the target supervision office urges, closes and reopens "
                    "agreed matters."
                )
            )

    def _last_accepted_report(self):
        self.ensure_one()
        return self._latest_report(self.followup_ids.filtered(lambda f: f.state == "accepted"))

    @jm_action(states="open in_progress", roles="sup", when="_jm_when_completed")
    def action_close_done(self):
        self._check_supervisor()
        for resolution in self:
            if resolution.state not in OPEN_STATES:
                raise UserError(self.env._("Only an open agreed matter can be closed."))
            if resolution._last_accepted_report().outcome != "completed":
                raise UserError(
                    self.env._(
                        "%(matter)s: accept the unit's report of completion before closing "
                        "the matter as done.",
                        matter=resolution.name,
                    )
                )
        engine = self.env["joint.meeting.calendar"]
        for company in self.company_id:
            self.filtered(lambda r, company=company: r.company_id == company)._workflow_write(
                {"state": "done", "close_date": engine._today(company)}
            )
        self._close_activities()
        return True

    # ------------------------------------------------------------------
    # Reminders (Art. 11): the lead unit before the deadline; after it the
    # matter is marked overdue and escalated to the supervision office
    # ------------------------------------------------------------------
    @api.model
    def _reminder_jobs(self):
        over = [("state", "in", ("done", "cannot"))]
        start = RESOLUTION_STEPS[0]
        return [
            ReminderJob(
                "resolution_due",
                "joint_meeting.mail_activity_type_resolution_due",
                lambda windows: self._reminders_due(windows, "due"),
                lambda env, due: start.remind(env, due.record, due.organization, due.period),
                over=over,
            ),
            ReminderJob(
                "resolution_overdue",
                "joint_meeting.mail_activity_type_resolution_overdue",
                lambda windows: self._reminders_due(windows, "overdue"),
                lambda env, due: start.escalate(env, due.record, due.organization, due.period),
                escalate_to=start.escalate_to,
                before_batch=self._mark_overdue,
                over=over,
            ),
        ]

    @api.model
    def _reminders_due(self, windows, phase):
        """Matters at a step of their lead unit (to start, to report on) due
        within the reminder window ("due") or past their deadline
        ("overdue"), not reminded yet: the step's unit and deadline."""
        # Both steps remind their first unit (the lead unit) of the matter's
        # deadline: one query for both.
        step = RESOLUTION_STEPS[0]
        found = self.env["joint.meeting.reminder"]._due_in_window(
            self._name,
            SQL(step.sql("deadline")),
            SQL(" OR ").join(SQL("(%s)", other.reminder_where()) for other in RESOLUTION_STEPS),
            "resolution_due",
            "resolution_overdue",
            windows,
        )
        deadline, unit = step.field("deadline"), step.field("unit")
        return [
            Due(
                matter,
                matter[deadline],
                matter[deadline] if phase == "due" else windows[matter.company_id.id][0],
                matter[unit],
            )
            for matter, found_phase in found.items()
            if found_phase == phase
        ]

    @api.model
    def _mark_overdue(self, dues):
        """The matters escalated as overdue are marked so on the day."""
        overdue = defaultdict(list)
        for due in dues:
            if not due.record.overdue_date:
                overdue[due.deadline].append(due.record.id)
        for today, ids in overdue.items():
            self.browse(ids)._workflow_write({"overdue_date": today})

    def _close_activities(self):
        """A closed matter needs no more reminders, escalations or urging."""
        self.sudo().activity_feedback(
            [
                "joint_meeting.mail_activity_type_urge",
                "joint_meeting.mail_activity_type_resolution_due",
                "joint_meeting.mail_activity_type_resolution_overdue",
            ],
            feedback=self.env._("Closed by the supervision office"),
        )

    @jm_action(states="open in_progress", roles="sup", when="_jm_when_explained")
    def action_close_cannot(self):
        self._check_supervisor()
        for resolution in self:
            if resolution.state not in OPEN_STATES:
                raise UserError(self.env._("Only an open agreed matter can be closed."))
            report = resolution._last_accepted_report()
            if report.outcome != "cannot":
                raise UserError(
                    self.env._(
                        "Art. 7(2): %(matter)s can be closed as not implementable only once "
                        "the unit's explanation is accepted.",
                        matter=resolution.name,
                    )
                )
            resolution._workflow_write(
                {
                    "state": "cannot",
                    "explanation": report.explanation,
                    "close_date": self.env["joint.meeting.calendar"]._today(resolution.company_id),
                }
            )
        self._close_activities()
        return True

    def _reopen(self, reason):
        self._check_supervisor()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason for reopening the agreed matter."))
        reason = self._jm_text_arg(reason, self.env._("The reason for reopening"))
        if self.filtered(lambda r: r.state not in ("done", "cannot")):
            raise UserError(self.env._("Only a closed agreed matter can be reopened."))
        self._workflow_write({"state": "in_progress", "reopen_reason": reason, "close_date": False})
        for resolution in self:
            resolution.sudo().message_post(
                body=self.env._("Reopened by the supervision office: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @jm_action(states="done cannot", roles="sup")
    def action_open_reopen(self):
        self._check_supervisor()
        return self.env["joint.meeting.resolution.reopen"]._get_records_action(
            name=self.env._("Reopen Agreed Matter"),
            target="new",
            context={"default_resolution_ids": self.ids},
        )

    @jm_action(states="open in_progress", roles="sup")
    def action_open_urge(self):
        self._check_supervisor()
        return self.env["joint.meeting.urge"]._get_records_action(
            name=self.env._("Urge Units"),
            target="new",
            context={"default_resolution_ids": self.ids},
        )
