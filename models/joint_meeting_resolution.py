from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .joint_meeting_followup import RATINGS

TRAFFIC_LIGHTS = [
    ("green", "On Track"),
    ("yellow", "Due Soon"),
    ("red", "Overdue"),
    ("none", "Closed"),
]
OPEN_STATES = ("open", "in_progress")
SUPERVISION_FIELDS = frozenset(
    {
        "state",
        "overdue_date",
        "urge_count",
        "last_urge_date",
        "close_date",
        "reopen_reason",
    }
)
# Printed in the minutes (完成时限 included): fixed once the minutes leave the draft.
PRINTED_FIELDS = frozenset(
    {"name", "text", "lead_unit_id", "co_unit_ids", "minutes_id", "deadline", "sequence"}
)


class JointMeetingResolution(models.Model):
    """An agreed matter (议定事项, Art. 11) assigned to a lead unit and co-units."""

    _name = "joint.meeting.resolution"
    _description = "Joint Meeting Agreed Matter"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "minutes_id, sequence, id"
    _check_company_auto = True
    _workflow_fields = SUPERVISION_FIELDS

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
    deadline = fields.Date(required=True, tracking=True)
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
        help="Green: on track; yellow: due within the reminder window; red: overdue.",
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

    @api.depends("followup_ids.state", "followup_ids.date")
    def _compute_last_followup_id(self):
        """The latest report that was not returned."""
        for resolution in self:
            reports = resolution.followup_ids.filtered(lambda f: f.state != "returned")
            resolution.last_followup_id = max(
                reports, key=lambda f: (f.date, f.id), default=reports.browse()
            )

    @api.depends("followup_ids.state", "followup_ids.rating", "followup_ids.date")
    def _compute_last_rating(self):
        for resolution in self:
            resolution.last_rating = resolution._last_accepted_report().rating

    @api.depends("state", "close_date", "deadline")
    def _compute_on_time_percent(self):
        for resolution in self:
            on_time = (
                resolution.state == "done"
                and resolution.close_date
                and resolution.close_date <= resolution.deadline
            )
            resolution.on_time_percent = 100 if on_time else 0

    @api.depends("state", "deadline", "lead_unit_id", "co_unit_ids", "company_id")
    def _compute_waiting_help(self):
        engine = self.env["joint.meeting.calendar"]
        for resolution in self:
            company = resolution.company_id or self.env.company
            when = engine._format_date(resolution.deadline, engine._today(company))
            units = "、".join((resolution.lead_unit_id | resolution.co_unit_ids).mapped("name"))
            if resolution.state == "open":
                text = self.env._(
                    "%(unit)s starts this matter and reports its progress, due %(date)s.",
                    unit=resolution.lead_unit_id.name,
                    date=when,
                )
            elif resolution.state == "in_progress":
                text = self.env._(
                    "%(units)s report progress to the supervision office, due %(date)s.",
                    units=units,
                    date=when,
                )
            else:
                text = ""
            resolution.waiting_help = text

    @api.depends("state", "deadline", "company_id")
    def _compute_deadline_text(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for resolution in self:
            company = resolution.company_id or self.env.company
            if company not in todays:
                todays[company] = engine._today(company)
            resolution.deadline_text = (
                engine._describe_remaining(company, resolution.deadline, todays[company])
                if resolution.state in OPEN_STATES
                else ""
            )

    @api.depends("state", "deadline", "progress_percent", "company_id")
    def _compute_traffic_light(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for resolution in self:
            company = resolution.company_id
            if company not in todays:
                todays[company] = engine._today(company)
            resolution.traffic_light = resolution._traffic_light(todays[company])

    def _traffic_light(self, today):
        self.ensure_one()
        if self.state not in OPEN_STATES or not self.deadline:
            return "none"
        if self.deadline < today:
            return "red"
        window = self.env["joint.meeting.calendar"]._window_end(self.company_id, today)
        if self.deadline <= window and self.progress_percent < 100:
            return "yellow"
        return "green"

    def _search_traffic_light(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the supervision status."))
        values = [value] if isinstance(value, str) else list(value or [])
        engine = self.env["joint.meeting.calendar"]
        # "Today" and the reminder window are each district's own.
        companies = self.env["joint.meeting.calendar"]._districts()
        domains = []
        for light in values:
            if light == "none":
                domains.append([("state", "not in", OPEN_STATES)])
            elif light == "red":
                domains.append(
                    [
                        ("state", "in", OPEN_STATES),
                        *expression.OR(
                            [
                                [
                                    ("company_id", "=", company.id),
                                    ("deadline", "<", engine._today(company)),
                                ]
                                for company in companies
                            ]
                        ),
                    ]
                )
            elif light in ("yellow", "green"):
                per_company = []
                for company in companies:
                    today = engine._today(company)
                    window = engine._window_end(company, today)
                    due_soon = [
                        ("deadline", ">=", today),
                        ("deadline", "<=", window),
                        ("progress_percent", "<", 100),
                    ]
                    if light == "yellow":
                        light_domain = due_soon
                    else:
                        light_domain = expression.OR(
                            [
                                [("deadline", ">", window)],
                                [("deadline", ">=", today), ("progress_percent", ">=", 100)],
                            ]
                        )
                    per_company.append([("company_id", "=", company.id), *light_domain])
                domains.append([("state", "in", OPEN_STATES), *expression.OR(per_company)])
        domain = expression.OR(domains) if domains else expression.FALSE_DOMAIN
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.constrains("deadline", "minutes_id")
    def _check_deadline_after_meeting(self):
        for resolution in self:
            meeting = resolution.minutes_id.meeting_id
            if meeting.date and resolution.deadline <= meeting._local_date():
                raise ValidationError(
                    self.env._(
                        "The deadline of an agreed matter must be after the meeting (%(date)s).",
                        date=meeting._local_date(),
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
        printed = set(vals) & PRINTED_FIELDS
        if (
            printed
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
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if self.filtered(lambda r: r.state != "draft" or r.minutes_id.state == "issued"):
            raise UserError(
                self.env._("Agreed matters of issued minutes cannot be deleted; archive them.")
            )

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
        self.env["joint.meeting"]._refresh_implementation_reports_after(self.meeting_id)

    # ------------------------------------------------------------------
    # Units
    # ------------------------------------------------------------------
    def action_report_progress(self):
        """Open a new follow-up report of the user's unit."""
        self._jm_ensure_one()
        self._check_unit_member()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("Progress is reported only on open agreed matters."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Report Progress"),
            "res_model": "joint.meeting.followup",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_resolution_id": self.id},
        }

    def action_view_followups(self):
        self._jm_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-up Reports"),
            "res_model": "joint.meeting.followup",
            "view_mode": "list,form",
            "domain": [("resolution_id", "=", self.id)],
            "context": {"default_resolution_id": self.id},
        }

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
        accepted = self.followup_ids.filtered(lambda f: f.state == "accepted")
        return max(accepted, key=lambda f: (f.date, f.id), default=accepted.browse())

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

    def action_open_reopen(self):
        self._check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Agreed Matter"),
            "res_model": "joint.meeting.resolution.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_resolution_ids": self.ids},
        }

    def action_open_urge(self):
        self._check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Urge Units"),
            "res_model": "joint.meeting.urge",
            "view_mode": "form",
            "target": "new",
            "context": {"default_resolution_ids": self.ids},
        }
