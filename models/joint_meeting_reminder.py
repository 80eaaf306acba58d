import logging
from collections import defaultdict, namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

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
    - ``res_model``: the model of the reminded records, if not the declaring one.
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
                RETURNING res_model, res_id, kind, organization_id, period
                """,
                SQL(", ").join(rows),
            )
        )
        claimed = set(self.env.cr.fetchall())
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
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )

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
