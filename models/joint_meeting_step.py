"""One declaration of each workflow step: which records are at the step, who
acts, until when, and how it is said.

Each model declares its steps next to its fields (``_joint_meeting_steps``, a
tuple of ``Step``). What reads them:

- the workbench (``joint.meeting.todo``): its SQL view is the union of every
  step's SELECT, generated here;
- the waiting lines (``waiting_help``) of the forms: ``waiting_lines()``;
- the reminders: the jobs take their records, unit, deadline and text from
  the step (``Step.reminder_where()``, ``Step.remind``, ``Step.escalate``);
- the assessment: its events judge "on time" against the step's deadline and
  give the event to the step's unit (``Step.sql()``);
- the bulletin: its figures count a matter for the step's unit and late
  against the step's deadline (``Step.field()``).

A step is SQL because the workbench, the reminders and the assessment are
queries over every district at once; the forms read the same SQL for the
records they show (one query per step and batch).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from odoo.tools import SQL

# The meeting's day in its district's time zone (a Datetime is stored in UTC).
MEETING_DAY = (
    "({m}.date AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(c.joint_meeting_tz, 'Asia/Shanghai'))::date"
)

# Who acts on a step: one organisation (its members), or a role of the
# district (every holder of the group). The workbench's record rules rest on it.
ROLES = [
    ("organization", "Organisation"),
    ("office", "Government Office"),
    ("leader", "Leadership"),
    ("supervisor", "Supervisor"),
]
# The role of the workbench that an escalation to an organisation kind reaches.
ESCALATION_ROLES = {"office": "office", "supervision": "supervisor"}


@dataclass(frozen=True, eq=False)
class Step:
    """A step of the workflow that awaits someone.

    SQL fragments name the step's record ``{r}`` (the table of ``model``) and,
    for a unit in a many2many, ``{u}`` (the unit's id); ``joins`` may join
    other tables under fixed aliases (``m`` meeting, ``c`` company, ``s``
    agreed matter).

    - ``name``: unique name of the step; ``kind``: the workbench column
      (``joint.meeting.todo`` kinds); ``role``: who acts (``ROLES``);
    - ``where``: which records are at the step;
    - ``units``: for ``role == "organization"``, the fields of ``model``
      holding the acting units (many2one or many2many), in order: one row per
      unit, a unit listed by an earlier field not twice; the first field is the
      unit reminded;
    - ``deadline``: SQL of the step's deadline (``None``: no deadline);
    - ``title``, ``meeting``, ``company``: SQL of the subject, the meeting
      and the district shown on the workbench;
    - ``document``: (model, SQL of its id) of the document the workbench
      opens, if not the record itself;
    - ``waiting(env, record, units, deadline_text)``: the waiting line of the
      record's form while it is at the step;
    - ``remind(env, record, unit, deadline)``: the reminder before the
      deadline; ``escalate(env, record, unit, deadline)``: the escalation
      after it (for the steps that remind), to the organisation of kind
      ``escalate_to`` ("office", "supervision"), whose workbench lists the
      record as to urge (``urge``) once the deadline is past;
    - ``scored``: the assessment events judged against the step's deadline
      and given to its unit (``joint.meeting.assessment.rule`` events).
    """

    name: str
    kind: str
    role: str
    model: str
    where: str
    units: tuple = ()
    deadline: str | None = None
    joins: str = ""
    title: str = "{r}.name"
    meeting: str = "{r}.meeting_id"
    company: str = "{r}.company_id"
    document: tuple | None = None
    waiting: Callable | None = None
    remind: Callable | None = None
    escalate: Callable | None = None
    escalate_to: str | None = None
    scored: tuple = ()

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    def sql(self, what, alias="r"):
        """The step's SQL fragment ``what`` ("deadline", "where", ...) for a
        record table named ``alias``; for ``"unit"``, the first unit field."""
        text = self.units and f"{{r}}.{self.units[0]}" if what == "unit" else getattr(self, what)
        return text.replace("{r}", alias) if text else text

    def field(self, what):
        """The field name of the step's deadline ("deadline") or first unit
        ("unit") when it is a column of the step's own record, for the readers
        that read records rather than SQL (the bulletin)."""
        text = self.sql(what, "r")
        return text[2:] if text and text.startswith("r.") and text[2:].isidentifier() else None

    def reminder_where(self):
        """The step's records for the reminder engine (alias ``r``, without
        joins): its ``where`` when that needs no joined table."""
        return SQL(self.sql("where"))

    def selects(self, env, escalation=True):
        """One SELECT per unit field (or one for a role), and one for the
        escalation if the step escalates: columns kind, role,
        organization_id, company_id, res_model, res_id, name, meeting_id,
        deadline, record_id, late_only (the row awaits only once the deadline
        is past: the workbench shows it from then on)."""
        model = env[self.model]
        document_model, document_id = self.document or (self.model, "{r}.id")
        fields_before = []
        selects = []
        specs = [(self.kind, self.role, fname, False) for fname in self.units or (None,)]
        if escalation and self.escalate_to:
            specs.append(("urge", ESCALATION_ROLES[self.escalate_to], self.units[0], True))
        for kind, role, fname, late_only in specs:
            joins, where = self.joins, self.where
            if fname is None:
                unit = "NULL::integer"
            else:
                field = model._fields[fname]
                if field.type == "many2one":
                    unit = f"{{r}}.{fname}"
                else:
                    joins += f" JOIN {field.relation} u ON u.{field.column1} = {{r}}.id"
                    unit = f"u.{field.column2}"
                where = where.replace("{u}", unit)
                for earlier in fields_before if not late_only else ():
                    where += f" AND {unit} != {{r}}.{earlier}"
                if field.type == "many2one":
                    fields_before.append(fname)
            text = (
                f"SELECT '{kind}' AS kind, '{role}' AS role, {unit} AS organization_id, "
                f"{self.company} AS company_id, '{document_model}' AS res_model, "
                f"{document_id} AS res_id, {self.title} AS name, {self.meeting} AS meeting_id, "
                f"{self.deadline or 'NULL::date'} AS deadline, {{r}}.id AS record_id, "
                f"{late_only} AS late_only "
                f"FROM {model._table} r {joins} WHERE {where}"
            )
            selects.append(text.replace("{r}", "r"))
        return selects

    def rows(self, env, ids=None):
        """[(record id, unit id or None, deadline, document id)] of the
        records at the step (of ``ids`` only, if given), in the units' order."""
        env.flush_all()
        result = []
        for select in self.selects(env, escalation=False):
            query = SQL("SELECT * FROM (%s) q", SQL(select))
            if ids is not None:
                query = SQL("%s WHERE q.record_id = ANY(%s)", query, list(ids))
            env.cr.execute(query)
            result.extend((row[9], row[2], row[8], row[5]) for row in env.cr.fetchall())
        return result

    def awaiting(self, env, model, ids):
        """{id: set of unit ids} of the records of ``model`` among ``ids``
        that are at the step: the step's own records, or the documents it
        opens (an assignment's agreed matter). A step of a role (office,
        leadership, supervision office) gives the set ``{None}``. The buttons
        of the forms and the actions' checks read it (``jm_action``)."""
        if self.model == model:
            column = "record_id"
        elif self.document and self.document[0] == model:
            column = "res_id"
        else:
            raise ValueError(f"Step {self.name} is not about {model}")
        result = defaultdict(set)
        ids = [i for i in ids if isinstance(i, int)]
        if not ids:
            return result
        env.flush_all()
        for select in self.selects(env, escalation=False):
            env.cr.execute(
                SQL(
                    "SELECT q.%s, q.organization_id FROM (%s) q WHERE q.%s = ANY(%s)",
                    SQL.identifier(column),
                    SQL(select),
                    SQL.identifier(column),
                    ids,
                )
            )
            for record_id, unit_id in env.cr.fetchall():
                result[record_id].add(unit_id)
        return result

    def unit_records(self, record, unit_ids):
        """The units ``unit_ids`` of ``record`` in the order of its fields."""
        units = record.env["joint.meeting.organization"]
        for fname in self.units:
            units |= record[fname].filtered(lambda o: o.id in unit_ids)
        return units


def all_steps(env):
    """Every declared step, in a stable order (by model name, then as declared)."""
    return [
        step
        for name in sorted(env.registry)
        for step in getattr(env.registry[name], "_joint_meeting_steps", ())
        if step.model == name
    ]


def step_named(env, name):
    return next(step for step in all_steps(env) if step.name == name)


def waiting_lines(records):
    """{record: waiting line} for ``records`` from the steps declared on their
    model: the text of every step the record is at (its units, its deadline in
    the district's words). Records at no step are left out."""
    env = records.env
    engine = env["joint.meeting.calendar"]
    origins = {record: record._origin.id or record.id for record in records}
    ids = [i for i in origins.values() if isinstance(i, int)]
    if not ids:
        return {}
    by_id = {record_id: record for record, record_id in origins.items()}
    texts = defaultdict(list)
    todays = {}
    for step in getattr(type(records), "_joint_meeting_steps", ()):
        if not step.waiting:
            continue
        found = {}
        for record_id, unit_id, deadline, _document in step.rows(env, ids):
            units, _deadline = found.setdefault(record_id, (set(), deadline))
            if unit_id:
                units.add(unit_id)
        for record_id, (unit_ids, deadline) in found.items():
            record = by_id[record_id]
            company = record.company_id or env.company
            if company not in todays:
                todays[company] = engine._today(company)
            texts[record].append(
                step.waiting(
                    env,
                    record,
                    step.unit_records(record, unit_ids),
                    engine._format_date(deadline, todays[company]) if deadline else "",
                )
            )
    return {record: " ".join(lines) for record, lines in texts.items()}
