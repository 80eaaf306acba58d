from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..texts import file_name
from .joint_meeting_resolution import RESOLUTION_STEPS
from .joint_meeting_step import Step
from .joint_meeting_workflow_mixin import jm_action

BULLETIN_PERIODS = [("monthly", "Monthly"), ("quarterly", "Quarterly")]

# The supervision office issues the drafted bulletin of a period once it ends.
BULLETIN_STEPS = (
    Step(
        "bulletin_issue",
        "issue",
        "supervisor",
        "joint.meeting.bulletin",
        "{r}.state = 'draft' AND {r}.active",
        deadline="{r}.date_to",
        title="NULLIF({r}.name, '')",
        meeting="NULL::integer",
    ),
)
# Compiled by the system (``_compile``) or written by the issue: never typed.
COUNT_FIELDS = (
    "matter_count",
    "done_count",
    "on_time_count",
    "open_count",
    "cannot_count",
    "overdue_count",
    "extended_count",
    "urged_count",
    "good_count",
    "weak_count",
)
# Chosen when the bulletin is drafted, fixed afterwards.
GOOD_RATINGS = ("good", "fairly_good")


def period_bounds(period_type, day):
    """(first day, last day) of the month or quarter holding ``day``."""
    if period_type == "monthly":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1) - timedelta(days=1)
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, start + relativedelta(months=3) - timedelta(days=1)


class JointMeetingBulletin(models.Model):
    """The supervision bulletin (督查通报) of a month or a quarter: the
    agreed matters of the district by state and by lead unit, the overdue
    and the extended ones, the ratings of the period, and the units
    commended and named. Compiled by the system, edited by the supervision
    office while a draft, issued with a number, then locked.

    Rules of the verdict of a lead unit over the period:

    - named (通报): one of its matters is overdue at the end of the period
      (or was completed after its deadline within it), or it was urged (an
      urging notice or a yellow/red supervision notice) in the period, or
      one of its reports was rated poor in the period;
    - commended (通报表扬): not named, at least one matter completed in the
      period, every one of them by its deadline, no extension granted in the
      period and no report rated below "fairly good" in the period;
    - otherwise neither.
    """

    _name = "joint.meeting.bulletin"
    _description = "Supervision Bulletin"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "date_from desc, id desc"
    _joint_meeting_steps = BULLETIN_STEPS
    _check_company_auto = True
    # The period is fixed when drafted; the figures come from compiling.
    _write_by_steps = (
        "date_to state number issue_date issued_by issued_matters overdue_matter_ids "
        "extended_matter_ids "
        "matter_count done_count on_time_count open_count cannot_count overdue_count "
        "extended_count urged_count good_count weak_count "
        # the OFD copy (models/joint_meeting_ofd.py)
        "ofd_attachment_id ofd_sha256 ofd_sealed_date ofd_seal_sequence ofd_seal_hash"
    )
    _write_allow = {
        "draft": {"sup": "name summary remarks main_recipients cc_recipients line_ids"},
    }
    _create_allow = {"sup": "company_id period_type date_from"}

    name = fields.Char(
        string="Title", tracking=True, help="Empty: the period's title, e.g. 2026年第1季度督查通报."
    )
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    period_type = fields.Selection(
        BULLETIN_PERIODS,
        string="Period",
        required=True,
        default=lambda self: self.env.company.joint_meeting_bulletin_period or "quarterly",
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(string="To", readonly=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    number = fields.Char(string="Document Number", readonly=True, copy=False, index=True)
    issue_date = fields.Date(readonly=True, copy=False)
    issued_by = fields.Many2one("res.users", readonly=True, copy=False)
    summary = fields.Html(
        help="The opening of the bulletin, compiled from the figures; the supervision office "
        "edits it while the bulletin is a draft."
    )
    remarks = fields.Html(
        string="Requirements",
        help="What the supervision office asks of the units (下一步工作要求).",
    )
    main_recipients = fields.Text(string="Main Recipients (主送)")
    cc_recipients = fields.Text(string="Copy To (抄送)")
    line_ids = fields.One2many("joint.meeting.bulletin.line", "bulletin_id", string="Units")
    issued_matters = fields.Html(
        string="Matters as Issued",
        readonly=True,
        copy=False,
        sanitize=False,
        help="The overdue and extended matters (lead unit, deadline) and the units commended "
        "or named, as the bulletin was issued with them: what it prints once issued.",
    )
    overdue_matter_ids = fields.Many2many(
        "joint.meeting.resolution",
        "joint_meeting_bulletin_overdue_rel",
        "bulletin_id",
        "resolution_id",
        string="Overdue Matters",
        readonly=True,
    )
    extended_matter_ids = fields.Many2many(
        "joint.meeting.resolution",
        "joint_meeting_bulletin_extended_rel",
        "bulletin_id",
        "resolution_id",
        string="Extended Matters",
        readonly=True,
    )
    matter_count = fields.Integer(string="Matters", readonly=True)
    done_count = fields.Integer(string="Completed", readonly=True)
    on_time_count = fields.Integer(string="Completed on Time", readonly=True)
    open_count = fields.Integer(string="Under Way", readonly=True)
    cannot_count = fields.Integer(string="Not Implementable", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    extended_count = fields.Integer(string="Extended", readonly=True)
    urged_count = fields.Integer(string="Urged", readonly=True)
    good_count = fields.Integer(string="Rated Good", readonly=True)
    weak_count = fields.Integer(string="Rated Average or Poor", readonly=True)
    commended_unit_ids = fields.Many2many(
        "joint.meeting.organization",
        string="Units Commended",
        compute="_compute_verdict_units",
    )
    named_unit_ids = fields.Many2many(
        "joint.meeting.organization",
        string="Units Named",
        compute="_compute_verdict_units",
    )
    active = fields.Boolean(default=True)

    _period_company_uniq = models.Constraint(
        "unique(company_id, period_type, date_from)",
        "This period already has its supervision bulletin.",
    )
    _number_company_uniq = models.Constraint(
        "unique(number, company_id)",
        "This document number was already given to another bulletin.",
    )

    @api.depends("line_ids.verdict")
    def _compute_verdict_units(self):
        for bulletin in self:
            lines = bulletin.line_ids
            bulletin.commended_unit_ids = lines.filtered(
                lambda line: line.verdict == "commended"
            ).organization_id
            bulletin.named_unit_ids = lines.filtered(
                lambda line: line.verdict == "named"
            ).organization_id

    def _workflow_locked(self):
        return self.filtered(lambda b: b.state == "issued")

    def _workflow_locked_message(self):
        return self.env._(
            "An issued supervision bulletin cannot be changed or deleted; archive it instead."
        )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_authorised():
            self._check_supervisor()
        for vals in vals_list:
            if vals.get("date_from") and vals.get("period_type"):
                start, _end = period_bounds(
                    vals["period_type"], fields.Date.to_date(vals["date_from"])
                )
                vals["date_from"] = start
                if not vals.get("name"):
                    vals["name"] = self._default_title(vals["period_type"], start)
        bulletins = super().create(vals_list)
        for bulletin in bulletins:
            start, end = period_bounds(bulletin.period_type, bulletin.date_from)
            if start != bulletin.date_from:
                raise ValidationError(self.env._("A bulletin covers a whole month or quarter."))
            bulletin._workflow_write({"date_to": end})
        bulletins._compile()
        return bulletins

    def _workflow_check_unlink(self):
        raise UserError(self.env._("A supervision bulletin cannot be deleted; archive it instead."))

    # ------------------------------------------------------------------
    # Compiling
    # ------------------------------------------------------------------
    @api.model
    def _default_title(self, period_type, start):
        if period_type == "monthly":
            return f"{start.year}年{start.month}月督查通报"
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度督查通报"

    def _figures(self):
        """The matters of the period and what happened to them, in a fixed
        number of queries whatever the history: {"matters": [...], "units":
        {organization id: {counts}}, "overdue": ids, "extended": ids}."""
        self.ensure_one()
        Resolution = self.env["joint.meeting.resolution"].sudo()
        start, end = self.date_from, self.date_to
        # A matter counts for the unit of its steps (the lead unit) and is
        # late against their deadline, as the workbench and reminders say.
        step = RESOLUTION_STEPS[-1]
        unit_field, deadline_field = step.field("unit"), step.field("deadline")
        # The matters issued by the end of the period and not closed before it.
        matters = Resolution.search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "draft"),
                "|",
                ("minutes_id.issue_date", "=", False),
                ("minutes_id.issue_date", "<=", end),
                "|",
                ("close_date", "=", False),
                ("close_date", ">=", start),
            ],
            [unit_field, "state", deadline_field, "close_date", "last_urge_date"],
            order=f"{deadline_field}, id",
        )
        ids = matters.ids
        extended = defaultdict(int)
        for resolution, count in (
            self.env["joint.meeting.extension"]
            .sudo()
            ._read_group(
                [
                    ("resolution_id", "in", ids),
                    ("state", "=", "approved"),
                    ("approve_date", ">=", start),
                    ("approve_date", "<=", end),
                ],
                ["resolution_id"],
                ["__count"],
            )
        ):
            extended[resolution.id] = count
        ratings = defaultdict(lambda: defaultdict(int))
        for resolution, rating, count in (
            self.env["joint.meeting.followup"]
            .sudo()
            ._read_group(
                [
                    ("resolution_id", "in", ids),
                    ("state", "=", "accepted"),
                    ("review_date", ">=", start),
                    ("review_date", "<=", end),
                    ("rating", "!=", False),
                ],
                ["resolution_id", "rating"],
                ["__count"],
            )
        ):
            ratings[resolution.id][rating] += count
        noticed = {
            resolution.id
            for [resolution] in self.env["joint.meeting.notice"]
            .sudo()
            ._read_group(
                [
                    ("resolution_id", "in", ids),
                    ("state", "=", "issued"),
                    ("colour", "in", ("yellow", "red")),
                    ("issue_date", ">=", start),
                    ("issue_date", "<=", end),
                ],
                ["resolution_id"],
            )
        }
        units = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0) | {"poor": 0})
        overdue, extended_ids = [], []
        for matter in matters:
            unit = units[matter[unit_field].id]
            deadline = matter[deadline_field]
            closed = bool(matter.close_date and matter.close_date <= end)
            done = closed and matter.state == "done"
            late = (not closed and deadline < end) or (closed and matter.close_date > deadline)
            urged = matter.id in noticed or bool(
                matter.last_urge_date and start <= matter.last_urge_date <= end
            )
            unit["matter_count"] += 1
            unit["done_count"] += done
            unit["on_time_count"] += done and matter.close_date <= deadline
            unit["open_count"] += not closed
            unit["cannot_count"] += closed and matter.state == "cannot"
            unit["overdue_count"] += late
            unit["extended_count"] += bool(extended[matter.id])
            unit["urged_count"] += urged
            rated = ratings[matter.id]
            unit["good_count"] += sum(rated[r] for r in GOOD_RATINGS)
            unit["weak_count"] += rated["average"] + rated["poor"]
            unit["poor"] += rated["poor"]
            if late:
                overdue.append(matter.id)
            if extended[matter.id]:
                extended_ids.append(matter.id)
        return {"units": units, "overdue": overdue, "extended": extended_ids}

    @api.model
    def _verdict(self, unit):
        if unit["overdue_count"] or unit["urged_count"] or unit["poor"]:
            return "named"
        if (
            unit["done_count"]
            and unit["on_time_count"] == unit["done_count"]
            and not unit["extended_count"]
            and not unit["weak_count"]
        ):
            return "commended"
        return "none"

    def _compile(self):
        """(Re)compile the figures, the lines per unit and the opening text."""
        Line = self.env["joint.meeting.bulletin.line"]
        Org = self.env["joint.meeting.organization"].sudo()
        for bulletin in self:
            figures = bulletin._figures()
            units = figures["units"]
            totals = {name: sum(u[name] for u in units.values()) for name in COUNT_FIELDS}
            bulletin.line_ids._workflow_env().unlink()
            order = Org.browse(list(units)).sorted(lambda o: (o.kind, o.sequence, o.id))
            Line._workflow_create(
                [
                    {
                        "bulletin_id": bulletin.id,
                        "organization_id": org.id,
                        "verdict": bulletin._verdict(units[org.id]),
                        **{name: units[org.id][name] for name in COUNT_FIELDS},
                    }
                    for org in order
                ]
            )
            vals = {
                **totals,
                "overdue_matter_ids": [fields.Command.set(figures["overdue"])],
                "extended_matter_ids": [fields.Command.set(figures["extended"])],
            }
            bulletin._workflow_write(vals)
            bulletin.invalidate_recordset(["commended_unit_ids", "named_unit_ids"])
            bulletin._workflow_write(
                {
                    "summary": self.env["ir.qweb"]._render(
                        "joint_meeting.bulletin_summary",
                        {
                            "o": bulletin.sudo(),
                            "format_date": self.env["joint.meeting.calendar"]._official_date,
                        },
                    )
                }
            )

    def _period_domain(self, company, period_type, start):
        return [
            ("company_id", "=", company.id),
            ("period_type", "=", period_type),
            ("date_from", "=", start),
        ]

    @api.model
    def _draft_for_period(self, company, period_type, start):
        """The bulletin of the period starting on ``start``, drafted once."""
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(self._period_domain(company, period_type, start), limit=1)
        )
        if existing:
            return existing
        Organization = self.env["joint.meeting.organization"].sudo()
        supervision = Organization._find(company, "supervision")
        office = Organization._find(company, "office")
        units = Organization.search(
            [("company_id", "=", company.id), ("kind", "in", ("department", "mass"))]
        )
        return self._workflow_create(
            {
                "name": self._default_title(period_type, start),
                "company_id": company.id,
                "period_type": period_type,
                "date_from": start,
                "main_recipients": "、".join(units.mapped("name")) or False,
                "cc_recipients": "、".join((supervision | office).filtered(bool).mapped("name"))
                or False,
            }
        )

    @api.model
    def _cron_draft_bulletins(self):
        """At the end of each period (its last day, or the first run after
        it), draft the period's bulletin of every district, once: the
        supervision office is asked to check and issue it."""
        engine = self.env["joint.meeting.calendar"]
        drafted = self.browse()
        for company in engine._districts():
            period_type = company.joint_meeting_bulletin_period or "quarterly"
            today = engine._today(company)
            start, end = period_bounds(period_type, today)
            if end != today:  # the period still runs: the one before it
                start, end = period_bounds(period_type, start - timedelta(days=1))
            if (
                self.sudo()
                .with_context(active_test=False)
                .search_count(self._period_domain(company, period_type, start), limit=1)
            ):
                continue
            # Its creation message in the district's language (the cron has none).
            district = self.with_context(lang=company._joint_meeting_lang())
            bulletin = district._draft_for_period(company, period_type, start)
            drafted |= bulletin
            supervision = (
                self.env["joint.meeting.organization"].sudo()._find(company, "supervision")
            )
            liaison = supervision._liaison() if supervision else False
            if liaison:
                # The summary in the addressee's language.
                bulletin.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=liaison.id,
                    summary=liaison._joint_meeting_lang_env()._(
                        "Check and issue %(bulletin)s", bulletin=bulletin.name
                    ),
                    date_deadline=today,
                )
        return drafted

    # ------------------------------------------------------------------
    # Actions of the supervision office
    # ------------------------------------------------------------------
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(
                self.env._(
                    "Art. 11: only the target supervision office drafts, edits and issues the "
                    "supervision bulletin."
                )
            )

    @jm_action(states="draft", roles="sup")
    def action_compile(self):
        """Compile the figures again (the edited opening text is replaced)."""
        self._jm_ensure_one()
        self._check_supervisor()
        if self.state != "draft":
            raise UserError(self.env._("An issued supervision bulletin is not compiled again."))
        self._compile()
        return True

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Supervision Bulletin")
        return file_name(kind, self.number or self.name or "")

    def _jm_when_period_over(self):
        today = self.env["joint.meeting.calendar"]._today(self.company_id)
        if self.date_to and today < self.date_to:
            return self.env._(
                "The period of this bulletin ends on %(date)s: issue it after that day.",
                date=self.env["joint.meeting.calendar"]._format_date(self.date_to),
            )
        return ""

    @jm_action(steps="bulletin_issue", when="_jm_when_period_over")
    def action_issue(self):
        """Number and issue the bulletin: it is locked from then on."""
        self._jm_ensure_one()
        self._check_supervisor()
        if self.state != "draft":
            raise UserError(self.env._("This supervision bulletin is already issued."))
        today = self.env["joint.meeting.calendar"]._today(self.company_id)
        if today < self.date_to:
            raise UserError(
                self.env._(
                    "The period of this bulletin ends on %(date)s: issue it after that day.",
                    date=self.env["joint.meeting.calendar"]._format_date(self.date_to),
                )
            )
        self._issue(today)
        return True

    def _issue(self, issue_date):
        self.ensure_one()
        company = self.company_id
        number = int(
            company._joint_meeting_next_number("joint.meeting.bulletin", f"{issue_date.year}-01-01")
        )
        pattern = company.joint_meeting_bulletin_number_pattern or "{year}-{number}"
        for line in self.line_ids:
            line._workflow_write({"organization_name": line.organization_id.name})
        self._workflow_write(
            {
                "issued_matters": self.env["ir.qweb"]._render(
                    "joint_meeting.bulletin_matters",
                    {
                        "o": self.sudo(),
                        "format_date": self.env["joint.meeting.calendar"]._official_date,
                    },
                ),
                "state": "issued",
                "number": pattern.format(year=issue_date.year, number=number),
                "issue_date": issue_date,
                "issued_by": self.env.uid,
            }
        )
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        self.sudo().message_post(
            body=self.env._("Issued as %(number)s.", number=self.number),
            subtype_xmlid="mail.mt_note",
        )
