from collections import defaultdict, namedtuple
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

# One thing a scheduled action does once: ``key`` makes it idempotent; the
# activity goes on ``record`` for ``user``. ``user`` and ``summary`` may be
# callables, called only for what was not done yet: a second run stays cheap.
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
    def _today(self):
        return fields.Date.context_today(self)

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
                "summary": job.summary() if callable(job.summary) else job.summary,
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
                    {"key": job.key, "date": self._today(), "company_id": job.record.company_id.id}
                    for job in batch
                ]
            )
        remaining = len(pending) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch), remaining

    def _unsent(self, model, date_field, extra_where, prefix, today):
        """Records of ``model`` whose ``date_field`` is within their district's
        reminder window or past, and whose reminder (key ``prefix_due:`` or
        ``prefix_overdue:``, id, date) was not sent yet: one query, so a run
        with nothing left to do costs about as much as reading those rows."""
        records = self.env[model]
        records.flush_model([date_field, "company_id"])
        self.env["res.company"].flush_model(["joint_meeting_reminder_days"])
        self.env["joint.meeting.reminder"].flush_model(["key"])
        table = records._table
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id
                  FROM %(table)s r
                  JOIN res_company c ON c.id = r.company_id
                 WHERE %(extra_where)s
                   AND r.%(date)s <= %(today)s::date + c.joint_meeting_reminder_days
                   AND NOT EXISTS (
                        SELECT 1 FROM joint_meeting_reminder k
                         WHERE k.key = CASE WHEN r.%(date)s < %(today)s
                                            THEN %(overdue)s ELSE %(due)s END
                                       || r.id || ':' || to_char(r.%(date)s, 'YYYY-MM-DD'))
                 ORDER BY r.id
                """,
                table=SQL.identifier(table),
                date=SQL.identifier(date_field),
                extra_where=extra_where,
                today=today,
                overdue=f"{prefix}_overdue:",
                due=f"{prefix}_due:",
            )
        )
        return records.browse(row[0] for row in self.env.cr.fetchall())

    def _phase(self, deadline, company, today):
        """ "due" within the company's reminder window before ``deadline``
        (the deadline day included), "overdue" after it, else None."""
        if deadline < today:
            return "overdue"
        if deadline <= today + timedelta(days=company.joint_meeting_reminder_days):
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
        organizations = self.env["joint.meeting.organization"].search(
            [("company_id", "in", companies.ids), ("kind", "=", kind)]
        )
        result = defaultdict(lambda: self.env["joint.meeting.organization"])
        for organization in organizations:
            result[organization.company_id] |= organization
        return result

    # ------------------------------------------------------------------
    # 1. Proposal deadline (Art. 9)
    # ------------------------------------------------------------------
    @api.model
    def _cron_proposal_deadline(self, batch_size=None):
        """Before the proposal deadline of a meeting in proposal collection,
        remind each mass organisation that has not submitted a topic; after
        it, flag the meeting for the government office."""
        today = self._today()
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
            window = meeting.company_id.joint_meeting_reminder_days
            if deadline - timedelta(days=window) <= today <= deadline:
                for organization in mass[meeting.company_id]:
                    if organization.id in submitted[meeting.id]:
                        continue
                    jobs.append(
                        Job(
                            f"proposal_due:{meeting.id}:{organization.id}:{deadline}",
                            meeting,
                            organization._liaison,
                            due_type,
                            lambda meeting=meeting, organization=organization, deadline=deadline: (
                                self.env._(
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
                        lambda meeting=meeting, deadline=deadline: self.env._(
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
        today = self._today()
        self.env["joint.meeting.consultation"].flush_model(["state"])
        consultations = self._unsent(
            "joint.meeting.consultation",
            "due_date",
            SQL("r.state = 'waiting'"),
            "consultation",
            today,
        )
        due_type = self.env.ref("joint_meeting.mail_activity_type_consultation_due")
        overdue_type = self.env.ref("joint_meeting.mail_activity_type_consultation_overdue")
        office = self._office_liaisons(consultations.company_id)
        jobs = []
        for consultation in consultations:
            due = consultation.due_date
            phase = self._phase(due, consultation.company_id, today)
            if phase == "due":
                jobs.append(
                    Job(
                        f"consultation_due:{consultation.id}:{due}",
                        consultation,
                        consultation.department_id._liaison,
                        due_type,
                        lambda consultation=consultation, due=due: self.env._(
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
                        lambda consultation=consultation, due=due: self.env._(
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
        today = self._today()
        Resolution = self.env["joint.meeting.resolution"]
        Resolution.flush_model(["state", "active"])
        resolutions = self._unsent(
            "joint.meeting.resolution",
            "deadline",
            SQL("r.state IN ('open', 'in_progress') AND r.active"),
            "resolution",
            today,
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
            phase = self._phase(deadline, resolution.company_id, today)
            if phase == "due":
                jobs.append(
                    Job(
                        f"resolution_due:{resolution.id}:{deadline}",
                        resolution,
                        resolution.lead_unit_id._liaison,
                        due_type,
                        lambda deadline=deadline, resolution=resolution: self.env._(
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
                        lambda deadline=deadline, resolution=resolution: self.env._(
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
            overdue_ids = [
                job.record.id
                for job in batch
                if job.key.startswith("resolution_overdue:") and not job.record.overdue_date
            ]
            if overdue_ids:
                Resolution.browse(overdue_ids)._workflow_write({"overdue_date": today})

        return self._run_jobs(jobs, batch_size, before_batch=mark_overdue)

    # ------------------------------------------------------------------
    # Minutes issued in time (Art. 11)
    # ------------------------------------------------------------------
    @api.model
    def _cron_minutes_issue(self, batch_size=None):
        """Remind the government office of held meetings whose minutes are not
        issued within the district's minutes issue time (Art. 11)."""
        now = fields.Datetime.now()
        activity_type = self.env.ref("joint_meeting.mail_activity_type_minutes_overdue")
        held = self.env["joint.meeting"].search([("state", "=", "held")])
        jobs = []
        offices = self._office_liaisons(held.company_id)
        for company in held.company_id:
            limit = now - timedelta(days=company.joint_meeting_minutes_days)
            office = offices[company]
            for meeting in held.filtered(
                lambda m, c=company, lim=limit: m.company_id == c and m.date and m.date < lim
            ):
                jobs.append(
                    Job(
                        f"minutes_late:{meeting.id}",
                        meeting,
                        office,
                        activity_type,
                        lambda meeting=meeting: self.env._(
                            "Art. 11: the minutes of %(name)s are not issued yet",
                            name=meeting.name,
                        ),
                        self._today(),
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
        today = self._today()
        offices = self.env["joint.meeting.organization"].search([("kind", "=", "office")])
        companies = offices.company_id
        scheduled = {
            company.id
            for [company] in self.env["joint.meeting"]._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("year", "=", today.year),
                    ("meeting_type", "=", "regular"),
                    ("date", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                ["company_id"],
            )
        }
        activity_type = self.env.ref("joint_meeting.mail_activity_type_annual_meeting")
        jobs = []
        for company in companies - companies.browse(scheduled):
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
                    lambda today=today: self.env._(
                        "Art. 8: no regular joint meeting of %(year)s is scheduled yet",
                        year=today.year,
                    ),
                    today,
                )
            )
        return self._run_jobs(jobs, batch_size)
