import logging
from collections import defaultdict, namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .joint_meeting_step import all_steps

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500


# One reminder that is due: the activity goes on ``record``; ``period`` (the
# deadline, or the first day of the year it is about) is part of its key, so
# a new deadline starts over. ``organization`` is the unit it is about: its
# liaison gets the activity, unless the job escalates it (then the liaison of
# the escalation's organisation does). ``user`` (a user or a callable
# returning one) is the addressee when it is a person, not a unit.
def commit_progress(env, processed, remaining):
    """In a scheduled action: report this batch to 19.0's cron runner and
    commit it (``ir.cron._commit_progress``); the runner calls again while
    work remains. Called elsewhere (demo data, a button, a test) it does
    nothing, where ``_commit_progress`` would commit the caller's
    transaction. Returns the seconds left to the runner's job."""
    if env.context.get("ir_cron_progress_id"):
        return env["ir.cron"]._commit_progress(processed, remaining=remaining)
    return float("inf")


Due = namedtuple("Due", "record period deadline organization user", defaults=(None, None))


@dataclass(frozen=True, eq=False)
class ReminderJob:
    """A kind of reminder, declared by the model it belongs to
    (``_reminder_jobs()`` of a ``joint.meeting.reminder.mixin`` model).

    - ``kind``: its name, part of every reminder's key;
    - ``activity_type``: XML id of the activity type given to the addressee;
    - ``due(windows)``: what is due, a list of ``Due`` (``windows``: {company
      id: (today, end of the reminder window)} from the date engine);
    - ``summary(env, due)``: the activity's text in ``env``'s language (the
      addressee's), worked out only for what is sent;
    - ``escalate_to``: an organisation kind; the reminder then goes to that
      organisation of the record's district (its liaison), not to the unit;
    - ``before_batch(dues)``: called with the batch about to be sent (e.g.
      mark the matters overdue);
    - ``over``: a domain on ``res_model``: the reminders of those records are
      over and forgotten by the autovacuum; ``yearly``: forgotten once their
      year is past;
    - ``res_model``: the model of the reminded records, if not the declaring one;
    - ``steps``: the names of the steps (``joint_meeting_step.Step``) it
      reminds of: its activity is closed once its record (the steps'
      document) is at none of them for the reminder's unit, or is at them
      with another deadline than the one reminded of. A job about no step
      (a meeting's proposals, its minutes, a year) is closed by ``over``.
    """

    kind: str
    activity_type: str
    due: Callable
    summary: Callable
    escalate_to: str | None = None
    before_batch: Callable | None = None
    over: list | None = None
    yearly: bool = False
    res_model: str | None = None
    steps: tuple = ()


class JointMeetingReminder(models.Model):
    """What the scheduled actions already sent, one row per reminder with its
    structured key: the reminded record (model, id), the kind, the addressed
    unit and the period (deadline or year). A second run (or a run after a
    restart, or after the activity was marked done) sends nothing twice.

    The engine (``_run``) does for every declared ``ReminderJob`` what the
    scheduled actions share: batching with progress reported to the cron
    runner, de-duplication on the key, and escalation to the organisation of
    the declared kind."""

    _name = "joint.meeting.reminder"
    _description = "Joint Meeting Reminder Sent"
    _order = "id desc"
    _log_access = False

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    kind = fields.Char(required=True, readonly=True)
    organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Unit",
        readonly=True,
        ondelete="cascade",
        help="The unit the reminder is about (reminded itself, or escalated about).",
    )
    user_id = fields.Many2one("res.users", string="Recipient", readonly=True, ondelete="set null")
    period = fields.Date(
        required=True,
        readonly=True,
        help="The deadline the reminder is about (or the first day of its year).",
    )
    date = fields.Date(
        string="Sent On",
        required=True,
        readonly=True,
        default=lambda self: self.env["joint.meeting.calendar"]._today(self.env.company),
    )
    company_id = fields.Many2one("res.company", string="District", readonly=True, index=True)
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The activity that the reminder gave: closed once its step is over.",
    )

    # One reminder per record, kind, unit and period. The unit, not the
    # user: a new liaison is not reminded again of what their unit was.
    # A reminder about no unit has none (NULL counts as one value here).
    _key_uniq = models.UniqueIndex(
        "(res_model, res_id, kind, COALESCE(organization_id, 0), period)",
        "This reminder was already sent.",
    )

    # ------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------
    @api.model
    def _windows(self):
        """{company id: (today, last day of its reminder window)} for every
        district: its own time zone, working calendar and window unit."""
        engine = self.env["joint.meeting.calendar"]
        windows = {}
        for company in engine._districts():
            today = engine._today(company)
            windows[company.id] = (today, engine._window_end(company, today))
        return windows

    @api.model
    def _due_in_window(self, model, date_field, where, due_kind, overdue_kind, windows):
        """Records of ``model`` matching ``where`` whose ``date_field`` is
        within their district's reminder window (reminder ``due_kind``) or
        past (``overdue_kind``), and whose reminder of that kind and period
        was not sent yet: one query, so a second run costs about as much as
        reading those rows. ``date_field`` is a column of ``model`` or the SQL
        of a step's deadline (``Step.sql("deadline")``, alias ``r``).
        Returns {record: "due" or "overdue"}."""
        records = self.env[model]
        if not windows:
            return {}
        records.flush_model()
        self.flush_model()
        values = SQL(", ").join(
            SQL("(%s, %s::date, %s::date)", company_id, today, end)
            for company_id, (today, end) in windows.items()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id, %(date)s < w.today
                  FROM %(table)s r
                  JOIN (VALUES %(values)s) AS w(company_id, today, window_end)
                    ON w.company_id = r.company_id
                 WHERE (%(where)s)
                   AND %(date)s <= w.window_end
                   AND NOT EXISTS (
                        SELECT 1 FROM joint_meeting_reminder k
                         WHERE k.res_model = %(model)s
                           AND k.res_id = r.id
                           AND k.period = %(date)s
                           AND k.kind = CASE WHEN %(date)s < w.today
                                             THEN %(overdue)s ELSE %(due)s END)
                 ORDER BY r.id
                """,
                table=SQL.identifier(records._table),
                values=values,
                date=date_field if isinstance(date_field, SQL) else SQL.identifier("r", date_field),
                where=where,
                model=model,
                overdue=overdue_kind,
                due=due_kind,
            )
        )
        rows = self.env.cr.fetchall()
        records = records.browse([row[0] for row in rows])
        return {
            record: ("overdue" if late else "due")
            for record, (_id, late) in zip(records, rows, strict=True)
        }

    def _sent(self, keys):
        """The keys (res_model, res_id, kind, organization id or None, period)
        among ``keys`` already sent: one query per reminded model."""
        by_model = defaultdict(lambda: (set(), set()))
        for res_model, res_id, kind, _org, _period in keys:
            by_model[res_model][0].add(res_id)
            by_model[res_model][1].add(kind)
        sent = set()
        for res_model, (ids, kinds) in by_model.items():
            self.env.cr.execute(
                SQL(
                    "SELECT res_model, res_id, kind, organization_id, period "
                    "FROM joint_meeting_reminder "
                    "WHERE res_model = %s AND res_id = ANY(%s) AND kind = ANY(%s)",
                    res_model,
                    sorted(ids),
                    sorted(kinds),
                )
            )
            sent.update(self.env.cr.fetchall())
        return sent

    @api.model
    def _run(self, jobs, batch_size=None):
        """Send the first batch of the reminders of ``jobs`` not sent yet;
        report (done, remaining) to the cron runner, which commits and calls
        again while work remains. Returns (done, remaining)."""
        batch_size = batch_size or BATCH_SIZE
        windows = self._windows()
        Organization = self.env["joint.meeting.organization"].sudo()
        collected = [(job, due) for job in jobs for due in job.due(windows)]
        escalations = {
            kind: Organization._by_company(
                self.env["res.company"].union(
                    *(due.record.company_id for job, due in collected if job.escalate_to == kind)
                ),
                kind,
            )
            for kind in {job.escalate_to for job, _due in collected if job.escalate_to}
        }
        keyed = []
        for job, due in collected:
            organization = due.organization or Organization
            addressee = organization
            if job.escalate_to:
                addressee = escalations[job.escalate_to][due.record.company_id][:1]
            key = (
                due.record._name,
                due.record.id,
                job.kind,
                organization.id or None,
                due.period,
            )
            keyed.append((key, job, due, addressee))
        sent = self._sent([key for key, *_rest in keyed])
        pending, seen = [], set()
        for key, job, due, addressee in keyed:
            if key in sent or key in seen:
                continue
            seen.add(key)
            # The addressee is worked out only for what is to do.
            if due.user:
                user = due.user() if callable(due.user) else due.user
            else:
                user = addressee._liaison() if addressee else False
            # Nobody to address it to (no liaison, manager or member): it
            # waits until the organisation has one.
            if user:
                pending.append((key, job, due, user))
        # Oldest records first, whatever job they come from: batches in a
        # stable order, a resumed run goes on where the last one stopped.
        pending.sort(key=lambda item: (item[0][0], item[0][1]))
        batch = pending[:batch_size]
        remaining = len(pending) - len(batch)
        by_job = defaultdict(list)
        for _key, job, due, _user in batch:
            by_job[job].append(due)
        for job, dues in by_job.items():
            if job.before_batch:
                job.before_batch(dues)
        if batch:
            self._send(batch)
        commit_progress(self.env, len(batch), remaining)
        return len(batch), remaining

    def _send(self, batch):
        """Claim the keys (INSERT ... ON CONFLICT DO NOTHING: a concurrent
        run that claimed one first wins) and give an activity for each key
        claimed, one query per kind of write."""
        today = {}
        rows = []
        for (res_model, res_id, kind, organization_id, period), _job, due, user in batch:
            company = due.record.company_id
            if company not in today:
                today[company] = self.env["joint.meeting.calendar"]._today(company)
            rows.append(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, %s)",
                    res_model,
                    res_id,
                    kind,
                    organization_id,
                    user.id,
                    period,
                    today[company],
                    company.id or None,
                )
            )
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO joint_meeting_reminder
                       (res_model, res_id, kind, organization_id, user_id, period, date, company_id)
                VALUES %s
                ON CONFLICT DO NOTHING
                RETURNING res_model, res_id, kind, organization_id, period, id
                """,
                SQL(", ").join(rows),
            )
        )
        # {key: id of the reminder} of the keys claimed.
        claimed = {tuple(row[:5]): row[5] for row in self.env.cr.fetchall()}
        activity_types = {
            xmlid: self.env.ref(xmlid).id
            for xmlid in {job.activity_type for _k, job, _d, _u in batch}
        }
        activities = [
            {
                "res_model_id": self.env["ir.model"]._get_id(due.record._name),
                "res_id": due.record.id,
                "activity_type_id": activity_types[job.activity_type],
                "automated": True,
                "user_id": user.id,
                # In the addressee's language: a scheduled action has none.
                "summary": job.summary(user._joint_meeting_lang_env(), due),
                "date_deadline": due.deadline or today[due.record.company_id],
            }
            for key, job, due, user in batch
            if key in claimed
        ]
        if activities:
            # The activity is the reminder (in the user's activities menu and
            # chatter); no e-mail per activity keeps a run at a few queries a batch.
            created = (
                self.env["mail.activity"]
                .sudo()
                .with_context(mail_activity_quick_update=True)
                .create(activities)
            )
            # Each reminder knows its activity, to close it when its step is over.
            reminder_ids = [claimed[key] for key, *_rest in batch if key in claimed]
            self.env.cr.execute(
                SQL(
                    "UPDATE joint_meeting_reminder k SET activity_id = v.activity_id "
                    "FROM (VALUES %s) AS v(id, activity_id) WHERE k.id = v.id",
                    SQL(", ").join(
                        SQL("(%s, %s)", reminder_id, activity.id)
                        for reminder_id, activity in zip(reminder_ids, created, strict=True)
                    ),
                )
            )
            self.invalidate_model(["activity_id"])

    # ------------------------------------------------------------------
    # Forgetting what is over
    # ------------------------------------------------------------------
    @api.autovacuum
    def _gc_done_reminders(self):
        """Forget the reminders of what is over (closed agreed matters,
        answered consultations, meetings past the step reminded of, past
        years), as each job declares it: the table stays the size of what is
        still open."""
        self.env.flush_all()
        mixin = type(self.env["joint.meeting.reminder.mixin"])
        year_start = date(self.env["joint.meeting.calendar"]._today(self.env.company).year, 1, 1)
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not isinstance(model, mixin):
                continue
            for job in model._reminder_jobs():
                res_model = job.res_model or name
                if job.over is not None:
                    query = (
                        self.env[res_model].sudo().with_context(active_test=False)._search(job.over)
                    )
                    self.env.cr.execute(
                        SQL(
                            "DELETE FROM joint_meeting_reminder WHERE res_model = %s "
                            "AND kind = %s AND res_id IN %s",
                            res_model,
                            job.kind,
                            query.subselect(),
                        )
                    )
                if job.yearly:
                    self.env.cr.execute(
                        SQL(
                            "DELETE FROM joint_meeting_reminder WHERE res_model = %s "
                            "AND kind = %s AND period < %s",
                            res_model,
                            job.kind,
                            year_start,
                        )
                    )

    # ------------------------------------------------------------------
    # Closing the activities of the steps that are over
    # ------------------------------------------------------------------
    # Each activity that this add-on gives (``automated``) asks someone to take
    # a step. Once the step is done (a consultation replied, a topic decided,
    # minutes issued, a matter acknowledged or closed, a report accepted, an
    # extension decided, a bulletin issued, ...), the activity is marked done
    # with the record's new state as feedback, as Odoo's own apps do
    # (``activity_feedback``); a reminder of a deadline that has moved is
    # removed (``unlink``), the reminder of the new deadline follows. What is
    # over is read from the declarations, never from a list per model:
    #
    # - a reminder sent by a job (its row here): its record matches the job's
    #   ``over``, or is at none of the job's ``steps`` for the reminder's unit
    #   (or at them with another deadline);
    # - an activity of a job's type that no row names (given by a step's
    #   button, or before reminders knew their activity): its record matches
    #   the job's ``over``;
    # - any other activity on a document of a step (the office's approval of
    #   minutes, a report to review, an extension to decide, a bulletin to
    #   issue, an urging notice): its document is at none of its steps.
    #
    # Every creation or write of a workflow record notes it; at the end of the
    # transaction (``precommit``, as mail's tracking) the activities of the
    # documents written are checked, one query when none has any. The daily
    # autovacuum checks all of them.

    @api.model
    @tools.ormcache()
    def _step_models(self):
        """{model of a step's record: (model of its document, SQL of the
        document's id from the record's table ``r``, joins)}, and the
        documents themselves as their own: the models whose writes may end
        a step."""
        result = {}
        for step in all_steps(self.env):
            document, document_id = step.document or (step.model, "{r}.id")
            result.setdefault(document, set()).add((document, "r.id", ""))
            result.setdefault(step.model, set()).add(
                (document, document_id.replace("{r}", "r"), step.joins.replace("{r}", "r"))
            )
        return {model: frozenset(documents) for model, documents in result.items()}

    def _jm_note_written(self, records):
        """Note ``records`` (created or written, by a transition or a
        user): their documents' activities are checked at the end of the
        transaction."""
        if records._name not in self._step_models() or not records.ids:
            return
        data = self.env.cr.precommit.data
        written = data.get("joint_meeting.reminder.written")
        if written is None:
            written = data["joint_meeting.reminder.written"] = defaultdict(set)
            reminder = self.sudo()
            self.env.cr.precommit.add(reminder._jm_close_written)
        written[records._name].update(records.ids)

    def _jm_close_written(self):
        written = self.env.cr.precommit.data.pop("joint_meeting.reminder.written", {})
        documents = defaultdict(set)
        self.env.flush_all()
        for model, ids in written.items():
            for document, document_id, joins in self._step_models().get(model, ()):
                if document_id == "r.id":
                    documents[document].update(ids)
                    continue
                self.env.cr.execute(
                    SQL(
                        "SELECT DISTINCT %s FROM %s r %s WHERE r.id = ANY(%s)",
                        SQL(document_id),
                        SQL.identifier(self.env[model]._table),
                        SQL(joins),
                        sorted(ids),
                    )
                )
                documents[document].update(row[0] for row in self.env.cr.fetchall())
        if documents:
            self._close_over(documents)

    @api.autovacuum
    def _gc_close_over(self):
        """Every open activity whose step is over, whatever ended it."""
        self._close_over()

    @api.model
    def _jobs_by_model(self):
        """{reminded model: [job]} of every declared job."""
        mixin = type(self.env["joint.meeting.reminder.mixin"])
        jobs = defaultdict(list)
        for name in self.env.registry:
            model = self.env[name]
            if not model._abstract and isinstance(model, mixin):
                for job in model._reminder_jobs():
                    jobs[job.res_model or name].append(job)
        return jobs

    @api.model
    def _at_steps(self, steps, res_model, ids):
        """{document id: {(unit id or None, deadline or None)}}: where the
        documents ``ids`` of ``res_model`` are among ``steps``."""
        found = defaultdict(set)
        for step in steps:
            if (step.document or (step.model,))[0] != res_model:
                continue
            for select in step.selects(self.env, escalation=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT q.res_id, q.organization_id, q.deadline FROM (%s) q "
                        "WHERE q.res_id = ANY(%s)",
                        SQL(select),
                        sorted(ids),
                    )
                )
                for res_id, unit_id, deadline in self.env.cr.fetchall():
                    found[res_id].add(
                        (unit_id if step.units else None, deadline if step.deadline else None)
                    )
        return found

    @api.model
    def _close_over(self, documents=None):
        """Close the open activities of ``documents`` ({model: ids}; all of
        them if None) whose step is over. Returns the activities closed."""
        env = self.env
        if documents is None:
            models = {document for model in self._step_models().values() for document, *_ in model}
            where = SQL("a.res_model = ANY(%s)", sorted(models | set(self._jobs_by_model())))
        else:
            where = SQL(" OR ").join(
                SQL("(a.res_model = %s AND a.res_id = ANY(%s))", model, sorted(ids))
                for model, ids in sorted(documents.items())
                if ids
            )
            if not where:
                return env["mail.activity"]
        env.flush_all()
        env.cr.execute(
            SQL(
                """
                SELECT a.id, a.res_model, a.res_id, a.activity_type_id,
                       k.kind, k.organization_id, k.period
                  FROM mail_activity a
                  LEFT JOIN joint_meeting_reminder k
                    ON k.activity_id = a.id AND k.res_model = a.res_model AND k.res_id = a.res_id
                 WHERE a.active AND a.automated AND a.res_id IS NOT NULL AND (%s)
                 ORDER BY a.id
                """,
                where,
            )
        )
        by_model = defaultdict(list)
        for row in env.cr.fetchall():
            by_model[row[1]].append(row)
        if not by_model:
            return env["mail.activity"]
        steps = {step.name: step for step in all_steps(env)}
        step_documents = {(step.document or (step.model,))[0] for step in steps.values()}
        jobs = self._jobs_by_model()
        done, moved = {}, {}
        for res_model, rows in by_model.items():
            model = env[res_model].sudo().with_context(active_test=False)
            model_jobs = {job.kind: job for job in jobs.get(res_model, ())}
            job_types = defaultdict(list)
            for job in model_jobs.values():
                job_types[env["ir.model.data"]._xmlid_to_res_id(job.activity_type)].append(job)
            ids = sorted({row[2] for row in rows})
            over = {
                job.kind: set(model.search([("id", "in", ids), *job.over]).ids)
                for job in model_jobs.values()
                if job.over is not None
            }
            at_job_steps = {
                job.kind: self._at_steps([steps[name] for name in job.steps], res_model, ids)
                for job in model_jobs.values()
                if job.steps
            }
            at_any_step = (
                self._at_steps(steps.values(), res_model, ids)
                if res_model in step_documents
                else None
            )
            for activity_id, _model, res_id, type_id, kind, unit_id, period in rows:
                job = model_jobs.get(kind)
                if job:
                    # A reminder sent by its job.
                    if res_id in over.get(kind, ()):
                        done[activity_id] = res_id
                    elif job.steps:
                        places = [
                            deadline
                            for unit, deadline in at_job_steps[kind].get(res_id, ())
                            if unit is None or unit_id is None or unit == unit_id
                        ]
                        if not places:
                            done[activity_id] = res_id
                        elif all(d is not None and d != period for d in places):
                            moved[activity_id] = res_id
                elif type_id in job_types:
                    # Of a job's type, given elsewhere: over with the job's record.
                    if any(res_id in over.get(j.kind, ()) for j in job_types[type_id]):
                        done[activity_id] = res_id
                elif at_any_step is not None and not at_any_step.get(res_id):
                    done[activity_id] = res_id
        Activity = env["mail.activity"].sudo()
        if moved:
            Activity.browse(sorted(moved)).unlink()
        closed = Activity.browse(sorted(done))
        for (lang, text), activities in self._done_feedback(closed, done).items():
            activities.with_context(lang=lang).action_feedback(feedback=text)
        return closed | Activity.browse(sorted(moved))

    def _done_feedback(self, activities, records):
        """{(language, feedback): activities}: each addressee reads, in their
        language, that the step is over and the record's state."""
        groups = defaultdict(lambda: self.env["mail.activity"].sudo())
        for activity in activities:
            env = activity.user_id._joint_meeting_lang_env()
            record = env[activity.res_model].sudo().browse(records[activity.id])
            state = record._fields.get("state")
            if state is not None and state.type == "selection" and record.state:
                text = env._(
                    "Closed automatically: the step is over (%(state)s).",
                    state=dict(state._description_selection(env)).get(record.state, record.state),
                )
            else:
                text = env._("Closed automatically: the step is over.")
            groups[env.lang, text] |= activity
        return groups
