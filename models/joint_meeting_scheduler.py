import logging
from collections import defaultdict, namedtuple
from datetime import date

from odoo import api, models
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

# One thing a scheduled action does once: ``key`` makes it idempotent; the
# activity goes on ``record`` for ``user``. ``user`` and ``summary`` may be
# callables, called only for what was not done yet: a second run stays cheap.
# ``summary(env)`` writes in the language of ``env``: the addressee's (a
# scheduled action has no language of its own).
Job = namedtuple("Job", "key record user activity_type summary deadline")


class JointMeetingScheduler(models.AbstractModel):
    """The scheduled actions of the joint meetings (Art. 8, 9, 11).

    Each one collects what is due with a few queries, drops what was already
    sent (``joint.meeting.reminder`` keys), does one batch with one query per
    kind of write, and reports its progress to the cron runner, which commits
    and calls it again while work remains: a long run survives a restart and
    a second run right after the first does nothing."""

    _name = "joint.meeting.scheduler"
    _description = "Joint Meeting Scheduled Actions"

    BATCH_SIZE = 500

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _today(self, company=None):
        """Today in the district's time zone (the cron user's is irrelevant)."""
        return self.env["joint.meeting.calendar"]._today(
            company if company is not None else self.env.company
        )

    def _windows(self):
        """{company id: (today, last day of its reminder window)} for every
        district: its own time zone, working calendar and window unit."""
        engine = self.env["joint.meeting.calendar"]
        windows = {}
        for company in self.env["joint.meeting.calendar"]._districts():
            today = engine._today(company)
            windows[company.id] = (today, engine._window_end(company, today))
        return windows

    def _sent_keys(self, keys):
        sent = set()
        for chunk in split_every(10000, keys):
            self.env.cr.execute(
                "SELECT key FROM joint_meeting_reminder WHERE key = ANY(%s)", [list(chunk)]
            )
            sent.update(key for (key,) in self.env.cr.fetchall())
        return sent

    def _run_jobs(self, jobs, batch_size=None, before_batch=None):
        """Do the first batch of ``jobs`` not done yet; return (done, remaining)."""
        batch_size = batch_size or self.BATCH_SIZE
        sent = self._sent_keys([job.key for job in jobs])
        pending, seen = [], set()
        for job in jobs:
            if job.key in sent or job.key in seen:
                continue
            seen.add(job.key)
            # The addressee and the text are worked out only for what is to do.
            user = job.user() if callable(job.user) else job.user
            # Nobody to address it to (no liaison, manager or member): it waits
            # until the organisation has one.
            if user:
                pending.append(job._replace(user=user))
        batch = pending[:batch_size]
        if before_batch:
            before_batch(batch)
        activities = [
            {
                "res_model_id": self.env["ir.model"]._get_id(job.record._name),
                "res_id": job.record.id,
                "activity_type_id": job.activity_type.id,
                "automated": True,
                "user_id": job.user.id,
                "summary": (
                    job.summary(job.user._joint_meeting_lang_env())
                    if callable(job.summary)
                    else job.summary
                ),
                "date_deadline": job.deadline or self._today(),
            }
            for job in batch
        ]
        if activities:
            # The activity is the reminder (in the user's activities menu and
            # chatter); no e-mail per activity keeps a run at a few queries a batch.
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )
        if batch:
            self.env["joint.meeting.reminder"].sudo().create(
                [
                    {
                        "key": job.key,
                        "date": self._today(job.record.company_id),
                        "company_id": job.record.company_id.id,
                    }
                    for job in batch
                ]
            )
        remaining = len(pending) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch), remaining

    def _unsent(self, model, date_field, extra_where, prefix, windows):
        """Records of ``model`` whose ``date_field`` is within their district's
        reminder window or past, and whose reminder (key ``prefix_due:`` or
        ``prefix_overdue:``, id, date) was not sent yet: one query, so a run
        with nothing left to do costs about as much as reading those rows.
        ``windows``: {company id: (today, end of the reminder window)} from
        the date engine (time zone, working days)."""
        records = self.env[model]
        if not windows:
            return records
        records.flush_model([date_field, "company_id"])
        self.env["joint.meeting.reminder"].flush_model(["key"])
        table = records._table
        values = SQL(", ").join(
            SQL("(%s, %s::date, %s::date)", company_id, today, end)
            for company_id, (today, end) in windows.items()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id
                  FROM %(table)s r
                  JOIN (VALUES %(values)s) AS w(company_id, today, window_end)
                    ON w.company_id = r.company_id
                 WHERE %(extra_where)s
                   AND r.%(date)s <= w.window_end
                   AND NOT EXISTS (
                        SELECT 1 FROM joint_meeting_reminder k
                         WHERE k.key = CASE WHEN r.%(date)s < w.today
                                            THEN %(overdue)s ELSE %(due)s END
                                       || r.id || ':' || to_char(r.%(date)s, 'YYYY-MM-DD'))
                 ORDER BY r.id
                """,
                table=SQL.identifier(table),
                values=values,
                date=SQL.identifier(date_field),
                extra_where=extra_where,
                overdue=f"{prefix}_overdue:",
                due=f"{prefix}_due:",
            )
        )
        return records.browse(row[0] for row in self.env.cr.fetchall())

    def _phase(self, deadline, company, windows):
        """ "due" within the company's reminder window before ``deadline``
        (the deadline day included), "overdue" after it, else None."""
        today, window_end = windows[company.id]
        if deadline < today:
            return "overdue"
        if deadline <= window_end:
            return "due"
        return None

    def _office_liaisons(self, companies):
        """{company: liaison of its government office}, in one query."""
        offices = self._organizations_by_company(companies, "office")
        return defaultdict(
            lambda: self.env["res.users"],
            {company: offices[company][:1]._liaison() for company in offices},
        )

    def _organizations_by_company(self, companies, kind):
        return self.env["joint.meeting.organization"]._by_company(companies, kind)

    # ------------------------------------------------------------------
    # 1. Proposal deadline (Art. 9)
    # ------------------------------------------------------------------
    @api.model
    def _cron_proposal_deadline(self, batch_size=None):
        """Before the proposal deadline of a meeting in proposal collection,
        remind each mass organisation that has not submitted a topic; after
        it, flag the meeting for the government office."""
        windows = self._windows()
        meetings = self.env["joint.meeting"].search(
            [("state", "=", "collecting"), ("proposal_deadline", "!=", False)], order="id"
        )
        due_type = self.env.ref("joint_meeting.mail_activity_type_proposal_due")
        closed_type = self.env.ref("joint_meeting.mail_activity_type_proposal_closed")
        mass = self._organizations_by_company(meetings.company_id, "mass")
        office = self._office_liaisons(meetings.company_id)
        submitted = defaultdict(set)
        for meeting, organization in self.env["joint.meeting.topic"]._read_group(
            [
                ("meeting_id", "in", meetings.ids),
                ("state", "in", ("submitted", "accepted")),
            ],
            ["meeting_id", "organization_id"],
        ):
            submitted[meeting.id].add(organization.id)
        jobs = []
        for meeting in meetings:
            deadline = meeting.proposal_deadline
            today, window_end = windows[meeting.company_id.id]
            if today <= deadline <= window_end:
                for organization in mass[meeting.company_id]:
                    if organization.id in submitted[meeting.id]:
                        continue
                    jobs.append(
                        Job(
                            f"proposal_due:{meeting.id}:{organization.id}:{deadline}",
                            meeting,
                            organization._liaison,
                            due_type,
                            lambda env, meeting=meeting, organization=organization, deadline=deadline: (
                                env._(
                                    "Art. 9: %(organization)s, submit your proposals for %(meeting)s "
                                    "by %(deadline)s",
                                    organization=organization.display_name,
                                    meeting=meeting.name,
                                    deadline=deadline,
                                )
                            ),
                            deadline,
                        )
                    )
            elif today > deadline:
                jobs.append(
                    Job(
                        f"proposal_closed:{meeting.id}:{deadline}",
                        meeting,
                        office[meeting.company_id],
                        closed_type,
                        lambda env, meeting=meeting, deadline=deadline: env._(
                            "Art. 9: the proposal deadline of %(meeting)s has passed; review "
                            "the agenda",
                            meeting=meeting.name,
                        ),
                        today,
                    )
                )
        return self._run_jobs(jobs, batch_size)

    # ------------------------------------------------------------------
    # 2. Consultation replies (Art. 9)
    # ------------------------------------------------------------------
    @api.model
    def _cron_consultation_replies(self, batch_size=None):
        """Remind the departments before a consultation is due; escalate the
        replies that are overdue to the government office."""
        windows = self._windows()
        self.env["joint.meeting.consultation"].flush_model(["state"])
        consultations = self._unsent(
            "joint.meeting.consultation",
            "due_date",
            SQL("r.state = 'waiting'"),
            "consultation",
            windows,
        )
        due_type = self.env.ref("joint_meeting.mail_activity_type_consultation_due")
        overdue_type = self.env.ref("joint_meeting.mail_activity_type_consultation_overdue")
        office = self._office_liaisons(consultations.company_id)
        jobs = []
        for consultation in consultations:
            due = consultation.due_date
            today = windows[consultation.company_id.id][0]
            phase = self._phase(due, consultation.company_id, windows)
            if phase == "due":
                jobs.append(
                    Job(
                        f"consultation_due:{consultation.id}:{due}",
                        consultation,
                        consultation.department_id._liaison,
                        due_type,
                        lambda env, consultation=consultation, due=due: env._(
                            "Art. 9: reply in writing to the consultation on %(topic)s by %(due)s",
                            topic=consultation.topic_id.name,
                            due=due,
                        ),
                        due,
                    )
                )
            elif phase == "overdue":
                jobs.append(
                    Job(
                        f"consultation_overdue:{consultation.id}:{due}",
                        consultation,
                        office[consultation.company_id],
                        overdue_type,
                        lambda env, consultation=consultation, due=due: env._(
                            "Art. 9: %(department)s has not replied to the consultation on "
                            "%(topic)s (due %(due)s)",
                            department=consultation.department_id.display_name,
                            topic=consultation.topic_id.name,
                            due=due,
                        ),
                        today,
                    )
                )
        return self._run_jobs(jobs, batch_size)

    # ------------------------------------------------------------------
    # 3. Agreed matters (Art. 11)
    # ------------------------------------------------------------------
    @api.model
    def _cron_resolution_deadlines(self, batch_size=None):
        """Remind the lead units before the deadline of an agreed matter;
        mark the matters past their deadline overdue and escalate them to
        the target supervision office."""
        windows = self._windows()
        Resolution = self.env["joint.meeting.resolution"]
        Resolution.flush_model(["state", "active"])
        resolutions = self._unsent(
            "joint.meeting.resolution",
            "deadline",
            SQL("r.state IN ('open', 'in_progress') AND r.active"),
            "resolution",
            windows,
        )
        due_type = self.env.ref("joint_meeting.mail_activity_type_resolution_due")
        overdue_type = self.env.ref("joint_meeting.mail_activity_type_resolution_overdue")
        supervision = {
            company: organizations[:1]._liaison() if organizations else self.env["res.users"]
            for company, organizations in self._organizations_by_company(
                resolutions.company_id, "supervision"
            ).items()
        }
        jobs = []
        for resolution in resolutions:
            deadline = resolution.deadline
            today = windows[resolution.company_id.id][0]
            phase = self._phase(deadline, resolution.company_id, windows)
            if phase == "due":
                jobs.append(
                    Job(
                        f"resolution_due:{resolution.id}:{deadline}",
                        resolution,
                        resolution.lead_unit_id._liaison,
                        due_type,
                        lambda env, deadline=deadline, resolution=resolution: env._(
                            "Art. 11: %(matter)s is due on %(deadline)s; report its progress",
                            matter=resolution.name,
                            deadline=deadline,
                        ),
                        deadline,
                    )
                )
            elif phase == "overdue":
                jobs.append(
                    Job(
                        f"resolution_overdue:{resolution.id}:{deadline}",
                        resolution,
                        supervision.get(resolution.company_id, self.env["res.users"]),
                        overdue_type,
                        lambda env, deadline=deadline, resolution=resolution: env._(
                            "Art. 11: %(matter)s (lead unit %(unit)s) is overdue since "
                            "%(deadline)s",
                            matter=resolution.name,
                            unit=resolution.lead_unit_id.display_name,
                            deadline=deadline,
                        ),
                        today,
                    )
                )

        def mark_overdue(batch):
            overdue = defaultdict(list)
            for job in batch:
                if job.key.startswith("resolution_overdue:") and not job.record.overdue_date:
                    overdue[windows[job.record.company_id.id][0]].append(job.record.id)
            for today, ids in overdue.items():
                Resolution.browse(ids)._workflow_write({"overdue_date": today})

        return self._run_jobs(jobs, batch_size, before_batch=mark_overdue)

    # ------------------------------------------------------------------
    # Minutes issued in time (Art. 11)
    # ------------------------------------------------------------------
    @api.model
    def _cron_minutes_issue(self, batch_size=None):
        """Remind the government office of held meetings whose minutes are not
        issued within the district's minutes issue time (Art. 11)."""
        activity_type = self.env.ref("joint_meeting.mail_activity_type_minutes_overdue")
        held = self.env["joint.meeting"].search([("state", "=", "held")])
        jobs = []
        offices = self._office_liaisons(held.company_id)
        for company in held.company_id:
            today = self._today(company)
            office = offices[company]
            # Late once the minutes issue time (district setting) is over.
            for meeting in held.filtered(
                lambda m, c=company, t=today: (
                    m.company_id == c and m.date and m.minutes_deadline < t
                )
            ):
                jobs.append(
                    Job(
                        f"minutes_late:{meeting.id}",
                        meeting,
                        office,
                        activity_type,
                        lambda env, meeting=meeting: env._(
                            "Art. 11: the minutes of %(name)s are not issued yet",
                            name=meeting.name,
                        ),
                        today,
                    )
                )
        return self._run_jobs(jobs, batch_size)

    # ------------------------------------------------------------------
    # 4. Annual meeting (Art. 8)
    # ------------------------------------------------------------------
    @api.model
    def _cron_annual_meeting(self, batch_size=None):
        """Art. 8: the joint meeting is held at least once a year. When a
        district has no regular meeting scheduled for the year by its
        configured date, remind the government office."""
        offices = self.env["joint.meeting.organization"].search([("kind", "=", "office")])
        companies = offices.company_id
        todays = {company: self._today(company) for company in companies}
        scheduled = {
            company.id
            for company, year in self.env["joint.meeting"]._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("year", "in", list({today.year for today in todays.values()})),
                    ("meeting_type", "=", "regular"),
                    ("date", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                ["company_id", "year"],
            )
            if year == todays[company].year
        }
        activity_type = self.env.ref("joint_meeting.mail_activity_type_annual_meeting")
        jobs = []
        for company in companies - companies.browse(scheduled):
            today = todays[company]
            try:
                limit = date(
                    today.year,
                    company.joint_meeting_annual_deadline_month,
                    company.joint_meeting_annual_deadline_day,
                )
            except ValueError:  # 29 February in a common year
                limit = date(today.year, 2, 28)
            if today < limit:
                continue
            office = offices.filtered(lambda o, c=company: o.company_id == c)[:1]
            jobs.append(
                Job(
                    f"annual_meeting:{company.id}:{today.year}",
                    office,
                    office._liaison,
                    activity_type,
                    lambda env, today=today: env._(
                        "Art. 8: no regular joint meeting of %(year)s is scheduled yet",
                        year=today.year,
                    ),
                    today,
                )
            )
        return self._run_jobs(jobs, batch_size)

    # ------------------------------------------------------------------
    # 5. Public holiday schedule (working days)
    # ------------------------------------------------------------------
    @api.model
    def _cron_calendar_check(self, batch_size=None):
        """A district whose public holiday schedule is missing for this year
        (or, from December, for next year) counts working days Monday to
        Friday: tell its administrator, once a year, never guess silently."""
        engine = self.env["joint.meeting.calendar"]
        offices = self._organizations_by_company(
            self.env["joint.meeting.calendar"]._districts(), "office"
        )
        admin_group = self.env.ref("joint_meeting.group_joint_meeting_admin")
        activity_type = self.env.ref("joint_meeting.mail_activity_type_calendar_missing")
        jobs = []
        for company, organizations in offices.items():
            office = organizations[:1]
            for year in engine._missing_years(company, engine._years_to_check(company)):
                _logger.warning(
                    "Joint meetings: %s has no public holiday schedule for %s.", company.name, year
                )

                def administrator(company=company, office=office):
                    # The district's own administrator first, else any that
                    # may act in the district, else the office's liaison.
                    admins = admin_group.users.filtered(
                        lambda u, c=company: (
                            c in u.company_ids and not u.share and not u._is_superuser()
                        )
                    ).sorted(lambda u, c=company: (u.company_id != c, u.id))
                    return admins[:1] or office._liaison()

                jobs.append(
                    Job(
                        f"calendar_missing:{company.id}:{year}",
                        office,
                        administrator,
                        activity_type,
                        lambda env, year=year: env._(
                            "Load the public holidays and make-up working days of %(year)s "
                            "(State Council's notice): working days are counted Monday to "
                            "Friday until then",
                            year=year,
                        ),
                        self._today(company),
                    )
                )
        return self._run_jobs(jobs, batch_size)
