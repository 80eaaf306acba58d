from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

from .joint_meeting_step import ROLES, all_steps

TODO_KINDS = [
    ("submit", "To Submit"),
    ("approve", "To Approve"),
    ("send", "To Send"),
    ("reply", "To Reply"),
    ("confirm", "To Confirm"),
    ("acknowledge", "To Acknowledge"),
    ("issue", "To Issue"),
    ("start", "To Start"),
    ("report", "To Report"),
    ("review", "To Review"),
    ("urge", "To Urge"),
]

# Who acts on an item (declared by each step): one organisation (its
# members), or a role of the district (every holder of the group). The record
# rules of the workbench rest on these two columns.
TODO_ROLES = ROLES

TODO_LIGHTS = [
    ("none", "No Deadline"),
    ("green", "On Track"),
    ("yellow", "Due Soon"),
    ("red", "Overdue"),
]


class JointMeetingTodo(models.Model):
    """The workbench (工作台): one row per step that awaits a user of the
    district, read from the workflow records by an SQL view generated from
    the steps the models declare (``joint_meeting_step.Step``)."""

    _name = "joint.meeting.todo"
    _description = "Joint Meeting To-do"
    _auto = False
    _order = "deadline_sort, kind, id"
    _rec_name = "name"
    # What the view reads: the ORM flushes these before searching it.
    _depends = {
        "joint.meeting": ["state", "active", "company_id", "date", "name", "proposal_deadline"],
        "joint.meeting.topic": [
            "state",
            "active",
            "company_id",
            "organization_id",
            "meeting_id",
            "name",
        ],
        "joint.meeting.consultation": [
            "state",
            "company_id",
            "department_id",
            "meeting_id",
            "name",
            "due_date",
        ],
        "joint.meeting.minutes": [
            "state",
            "active",
            "company_id",
            "meeting_id",
            "name",
            "override_reason",
            "drafting_organization_ids",
        ],
        "joint.meeting.minutes.confirmation": ["minutes_id", "organization_id"],
        "joint.meeting.resolution": [
            "state",
            "active",
            "company_id",
            "lead_unit_id",
            "co_unit_ids",
            "meeting_id",
            "name",
            "deadline",
        ],
        "joint.meeting.followup": ["state", "company_id", "resolution_id", "meeting_id"],
        "joint.meeting.assignment": ["state", "organization_id", "resolution_id", "due_date"],
        "joint.meeting.extension": ["state", "company_id", "resolution_id"],
        "joint.meeting.notice": ["state", "company_id", "resolution_id"],
        "joint.meeting.bulletin": ["state", "active", "company_id", "name", "date_to"],
        "joint.meeting.assessment": ["state", "active", "company_id"],
        "res.company": ["joint_meeting_tz"],
    }

    kind = fields.Selection(TODO_KINDS, string="Step", readonly=True)
    role = fields.Selection(TODO_ROLES, string="Who Acts", readonly=True)
    organization_id = fields.Many2one(
        "joint.meeting.organization", string="Organisation", readonly=True
    )
    company_id = fields.Many2one("res.company", string="District", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)
    record_kind = fields.Selection(
        [
            ("joint.meeting", "Meeting"),
            ("joint.meeting.topic", "Topic"),
            ("joint.meeting.consultation", "Consultation"),
            ("joint.meeting.minutes", "Minutes"),
            ("joint.meeting.resolution", "Agreed Matter"),
            ("joint.meeting.followup", "Follow-up Report"),
            ("joint.meeting.extension", "Extension Request"),
            ("joint.meeting.notice", "Supervision Notice"),
            ("joint.meeting.bulletin", "Supervision Bulletin"),
            ("joint.meeting.assessment", "Assessment of Units"),
        ],
        string="Document",
        readonly=True,
    )
    name = fields.Char(string="Subject", readonly=True)
    subject = fields.Char(
        string="Item",
        compute="_compute_subject",
        help="The subject, else the name of the document.",
    )
    late_only = fields.Boolean(
        readonly=True, help="Awaited only once the deadline is past (an escalation)."
    )
    meeting_id = fields.Many2one("joint.meeting", readonly=True)
    deadline = fields.Date(readonly=True)
    deadline_sort = fields.Date(readonly=True)
    time_left = fields.Char(compute="_compute_time_left")
    days_left = fields.Integer(compute="_compute_time_left")
    light = fields.Selection(TODO_LIGHTS, compute="_compute_time_left")
    deadline_short = fields.Char(string="Due", compute="_compute_time_left")

    def init(self):
        # A stable id, the same for the same step from one request to the
        # next: (document id, which SELECT, organisation), packed below 2**53
        # so that the web client reads it exactly.
        columns = SQL(
            "kind, role, organization_id, company_id, res_model, res_id, name, meeting_id, "
            "deadline, record_id, late_only"
        )
        selects = [select for step in all_steps(self.env) for select in step.selects(self.env)]
        union = SQL("\nUNION ALL\n").join(
            SQL(
                "(SELECT %s AS source, q.* FROM (%s) AS q(%s))",
                index,
                SQL(select),
                columns,
            )
            for index, select in enumerate(selects)
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT (todo.res_id::bigint * 64 + todo.source) * 262144
                           + COALESCE(todo.organization_id, 0) AS id,
                       todo.kind, todo.role, todo.organization_id, todo.company_id,
                       todo.res_model, todo.res_id, todo.res_model AS record_kind, todo.name,
                       todo.meeting_id, todo.deadline, todo.late_only,
                       COALESCE(todo.deadline, '9999-12-31'::date) AS deadline_sort
                  FROM (%s) AS todo
            )""",
                SQL.identifier(self._table),
                union,
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # An escalation awaits its role once the deadline is past in the
        # district's own calendar (its time zone): "today" is the engine's,
        # not the database server's.
        engine = self.env["joint.meeting.calendar"]
        awaited = Domain("late_only", "=", False) | Domain.OR(
            Domain("company_id", "=", company.id) & Domain("deadline", "<", engine._today(company))
            for company in engine._districts()
        )
        domain = awaited & Domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.depends("name", "res_model", "res_id")
    def _compute_subject(self):
        for todo in self:
            todo.subject = (
                todo.name or self.env[todo.res_model].browse(todo.res_id).sudo().display_name
            )

    @api.depends("deadline", "company_id")
    def _compute_time_left(self):
        engine = self.env["joint.meeting.calendar"]
        todays = {}
        for todo in self:
            company = todo.company_id
            if company not in todays:
                todays[company] = engine._today(company)
            today = todays[company]
            if not todo.deadline:
                todo.update(
                    {"time_left": "", "days_left": 0, "light": "none", "deadline_short": ""}
                )
                continue
            _days, unit, _direction = engine._rule(company, "reminder")
            if todo.deadline < today:
                light = "red"
            elif todo.deadline <= engine._window_end(company, today):
                light = "yellow"
            else:
                light = "green"
            todo.update(
                {
                    "time_left": engine._describe_remaining(company, todo.deadline, today),
                    "days_left": engine._count_days(company, today, todo.deadline, unit),
                    "light": light,
                    "deadline_short": engine._format_date(todo.deadline, today),
                }
            )

    def action_open_record(self):
        """Open the document of the step, in the user's own rights."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        # The document's form, without the workbench's context (its grouping).
        return record._get_records_action(context={})
