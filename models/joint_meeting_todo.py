from odoo import api, fields, models, tools
from odoo.tools import SQL

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
]

# Who acts on an item: one organisation (its members), or a role of the
# district (every holder of the group). The record rules of the workbench
# rest on these two columns.
TODO_ROLES = [
    ("organization", "Organisation"),
    ("office", "Government Office"),
    ("leader", "Leadership"),
    ("supervisor", "Supervisor"),
]

TODO_LIGHTS = [
    ("none", "No Deadline"),
    ("green", "On Track"),
    ("yellow", "Due Soon"),
    ("red", "Overdue"),
]

# One SELECT per kind of step. Columns: kind, role, organization_id,
# company_id, res_model, res_id, name, meeting_id, deadline. Add a kind by
# adding one SELECT here and one entry to TODO_KINDS.
MEETING_DAY = (
    "(m.date AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(c.joint_meeting_tz, 'Asia/Shanghai'))::date"
)
TODO_SELECTS = [
    # Art. 9: the organisation submits its draft or returned topics.
    """SELECT 'submit', 'organization', t.organization_id, t.company_id,
              'joint.meeting.topic', t.id, t.name, t.meeting_id, m.proposal_deadline
         FROM joint_meeting_topic t JOIN joint_meeting m ON m.id = t.meeting_id
        WHERE t.state IN ('draft', 'returned') AND t.active AND m.state = 'collecting'""",
    # Art. 9: the leadership approves (审定) the submitted topics ...
    f"""SELECT 'approve', 'leader', NULL::integer, t.company_id,
              'joint.meeting.topic', t.id, t.name, t.meeting_id, {MEETING_DAY}
         FROM joint_meeting_topic t JOIN joint_meeting m ON m.id = t.meeting_id
         JOIN res_company c ON c.id = m.company_id
        WHERE t.state = 'submitted' AND t.active AND m.state = 'collecting'""",
    # ... and the agenda, time and place of the meeting.
    f"""SELECT 'approve', 'leader', NULL::integer, m.company_id,
              'joint.meeting', m.id, m.name, m.id, {MEETING_DAY}
         FROM joint_meeting m JOIN res_company c ON c.id = m.company_id
        WHERE m.state = 'collecting' AND m.active""",
    # Art. 9: the office sends the consultations ...
    """SELECT 'send', 'office', NULL::integer, k.company_id,
              'joint.meeting.consultation', k.id, k.name, k.meeting_id, k.due_date
         FROM joint_meeting_consultation k WHERE k.state = 'to_send'""",
    # ... and the departments reply formally.
    """SELECT 'reply', 'organization', k.department_id, k.company_id,
              'joint.meeting.consultation', k.id, k.name, k.meeting_id, k.due_date
         FROM joint_meeting_consultation k WHERE k.state = 'waiting'""",
    # Art. 11: each drafting organisation confirms the minutes' text ...
    """SELECT 'confirm', 'organization', r.organization_id, n.company_id,
              'joint.meeting.minutes', n.id, n.name, n.meeting_id, NULL::date
         FROM joint_meeting_minutes n
         JOIN joint_meeting_minutes_drafting_rel r ON r.minutes_id = n.id
        WHERE n.state = 'review' AND n.active AND NOT EXISTS (
              SELECT 1 FROM joint_meeting_minutes_confirmation f
               WHERE f.minutes_id = n.id AND f.organization_id = r.organization_id)""",
    # ... the leadership approves them once all confirmed (or the office
    # gave its reason to proceed) ...
    """SELECT 'approve', 'leader', NULL::integer, n.company_id,
              'joint.meeting.minutes', n.id, n.name, n.meeting_id, NULL::date
         FROM joint_meeting_minutes n
        WHERE n.state = 'review' AND n.active AND (n.override_reason IS NOT NULL OR NOT EXISTS (
              SELECT 1 FROM joint_meeting_minutes_drafting_rel r
               WHERE r.minutes_id = n.id AND NOT EXISTS (
                     SELECT 1 FROM joint_meeting_minutes_confirmation f
                      WHERE f.minutes_id = n.id AND f.organization_id = r.organization_id)))""",
    # ... and the office issues them.
    """SELECT 'issue', 'office', NULL::integer, n.company_id,
              'joint.meeting.minutes', n.id, n.name, n.meeting_id, NULL::date
         FROM joint_meeting_minutes n WHERE n.state = 'approved' AND n.active""",
    # Art. 11: the lead unit starts an agreed matter ...
    """SELECT 'start', 'organization', s.lead_unit_id, s.company_id,
              'joint.meeting.resolution', s.id, s.name, s.meeting_id, s.deadline
         FROM joint_meeting_resolution s WHERE s.state = 'open' AND s.active""",
    # ... the lead unit and the co-units report on it ...
    """SELECT 'report', 'organization', s.lead_unit_id, s.company_id,
              'joint.meeting.resolution', s.id, s.name, s.meeting_id, s.deadline
         FROM joint_meeting_resolution s WHERE s.state = 'in_progress' AND s.active""",
    """SELECT 'report', 'organization', u.organization_id, s.company_id,
              'joint.meeting.resolution', s.id, s.name, s.meeting_id, s.deadline
         FROM joint_meeting_resolution s
         JOIN joint_meeting_resolution_co_unit_rel u ON u.resolution_id = s.id
        WHERE s.state = 'in_progress' AND s.active AND u.organization_id != s.lead_unit_id""",
    # ... and the supervision office reviews the reports.
    """SELECT 'review', 'supervisor', NULL::integer, p.company_id,
              'joint.meeting.followup', p.id, s.name, p.meeting_id, s.deadline
         FROM joint_meeting_followup p
         JOIN joint_meeting_resolution s ON s.id = p.resolution_id
        WHERE p.state = 'submitted'""",
    # Art. 11 (签收): each assigned unit acknowledges its agreed matter.
    """SELECT 'acknowledge', 'organization', a.organization_id, s.company_id,
              'joint.meeting.resolution', s.id, s.name, s.meeting_id, a.due_date
         FROM joint_meeting_assignment a
         JOIN joint_meeting_resolution s ON s.id = a.resolution_id
        WHERE a.state = 'pending' AND s.active AND s.state IN ('open', 'in_progress')""",
    # 延期申请: the supervision office reviews a request ...
    """SELECT 'review', 'supervisor', NULL::integer, x.company_id,
              'joint.meeting.extension', x.id, s.name, s.meeting_id, s.deadline
         FROM joint_meeting_extension x
         JOIN joint_meeting_resolution s ON s.id = x.resolution_id
        WHERE x.state = 'submitted'""",
    # ... and the leadership decides it where the district has two levels.
    """SELECT 'approve', 'leader', NULL::integer, x.company_id,
              'joint.meeting.extension', x.id, s.name, s.meeting_id, s.deadline
         FROM joint_meeting_extension x
         JOIN joint_meeting_resolution s ON s.id = x.resolution_id
        WHERE x.state = 'reviewed'""",
]


class JointMeetingTodo(models.Model):
    """The workbench (工作台): one row per step that awaits a user of the
    district, read from the workflow records by an SQL view."""

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
        ],
        string="Document",
        readonly=True,
    )
    name = fields.Char(string="Subject", readonly=True)
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
            "kind, role, organization_id, company_id, res_model, res_id, name, meeting_id, deadline"
        )
        union = SQL("\nUNION ALL\n").join(
            SQL("(SELECT %s AS source, q.* FROM (%s) AS q(%s))", index, SQL(select), columns)
            for index, select in enumerate(TODO_SELECTS)
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT (todo.res_id::bigint * 64 + todo.source) * 262144
                           + COALESCE(todo.organization_id, 0) AS id,
                       todo.kind, todo.role, todo.organization_id, todo.company_id,
                       todo.res_model, todo.res_id, todo.res_model AS record_kind, todo.name,
                       todo.meeting_id, todo.deadline,
                       COALESCE(todo.deadline, '9999-12-31'::date) AS deadline_sort
                  FROM (%s) AS todo
            )""",
                SQL.identifier(self._table),
                union,
            )
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
