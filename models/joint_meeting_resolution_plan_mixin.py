from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .joint_meeting_resolution_supervision_mixin import LEAD_UNIT, OPEN_STATES
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


class JointMeetingResolutionPlanMixin(models.AbstractModel):
    """The plan of an agreed matter (序时进度): the lead unit's milestones, the
    progress planned by today, and the supervision's traffic light that
    compares them with the reported progress and the deadline. Part of
    ``joint.meeting.resolution``."""

    _name = "joint.meeting.resolution.plan.mixin"
    _description = "Joint Meeting Agreed Matter Plan and Traffic Light"
    # Edited through the milestones themselves (see joint.meeting.workflow.mixin).
    _write_by_steps = "milestone_ids"

    traffic_light = fields.Selection(
        TRAFFIC_LIGHTS,
        string="Supervision Status",
        compute="_compute_traffic_light",
        search="_search_traffic_light",
        help="Red: overdue; yellow: behind the planned progress or last rated average or "
        "poor; blue: the deadline is within the reminder window; green: on track.",
    )
    traffic_light_reason = fields.Char(string="Why This Light", compute="_compute_traffic_light")
    # --- plan (序时进度) ---
    milestone_ids = fields.One2many("joint.meeting.milestone", "resolution_id", string="Milestones")
    planned_percent = fields.Integer(
        string="Planned Progress (%)",
        compute="_compute_planned_percent",
        help="The planned percent of the latest milestone whose planned date has come.",
    )

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
