from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.mail import html_to_inner_content

# Order of events of the same day: the way a matter moves through its life.
KIND_ORDER = {
    kind: index
    for index, kind in enumerate(
        (
            "topic",
            "consultation_sent",
            "consultation_reply",
            "meeting",
            "minutes",
            "assigned",
            "acknowledged",
            "returned",
            "withdrawn",
            "milestone",
            "report",
            "review",
            "extension_request",
            "extension_review",
            "extension_decision",
            "overdue",
            "urge",
            "notice",
            "closed",
            "next_report",
            "deadline",
        )
    )
}
ICONS = {
    "topic": "fa-lightbulb-o",
    "consultation_sent": "fa-envelope-o",
    "consultation_reply": "fa-reply",
    "meeting": "fa-users",
    "minutes": "fa-file-text-o",
    "assigned": "fa-share",
    "acknowledged": "fa-check-square-o",
    "returned": "fa-undo",
    "withdrawn": "fa-exchange",
    "milestone": "fa-flag-o",
    "report": "fa-comments-o",
    "review": "fa-star-o",
    "extension_request": "fa-clock-o",
    "extension_review": "fa-search",
    "extension_decision": "fa-gavel",
    "overdue": "fa-exclamation-triangle",
    "urge": "fa-bell-o",
    "notice": "fa-bullhorn",
    "closed": "fa-flag-checkered",
    "next_report": "fa-list-alt",
    "deadline": "fa-hourglass-end",
}
EXCERPT = 160


class JointMeetingResolutionStory(models.AbstractModel):
    """The story of agreed matters (议定事项全过程): every dated step of every
    record that made or followed a matter, from the topic that raised it to
    its line in the next meeting's implementation report.

    The records are read in one batch per kind of source (a flat number of
    queries however many matters and steps), then each kind is filtered by
    the user's own access rights and record rules: a step is shown only to
    a user who may read the record it comes from."""

    _name = "joint.meeting.resolution.story"
    _description = "Story of Agreed Matters"

    @api.model
    def _events(self, resolutions):
        """{resolution id: [event dict sorted by date]} for ``resolutions``
        (records in the user's environment)."""
        events = defaultdict(list)
        # Only the matters the user may read have a story to tell.
        readable = resolutions._filtered_access("read")
        matters = readable.sudo().with_context(active_test=False)
        if not matters:
            return events
        user_env = resolutions.env
        self._topic_events(user_env, matters, events)
        self._meeting_events(user_env, matters, events)
        self._assignment_events(user_env, matters, events)
        self._supervision_events(user_env, matters, events)
        self._next_report_events(user_env, matters, events)
        far = (9999, 12, 31)
        for story in events.values():
            story.sort(
                key=lambda e: (
                    e["date"].timetuple()[:3] if e["date"] else far,
                    KIND_ORDER[e["kind"]],
                    e["seq"],
                )
            )
        return events

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _readable(self, user_env, records):
        """The subset of (sudo) ``records`` the user may read."""
        if not records:
            return records
        allowed = records.with_env(user_env)._filtered_access("read")
        return records.browse(allowed.ids)

    @api.model
    def _add(self, events, resolution_ids, kind, date, title, detail="", record=None):
        event = {
            "kind": kind,
            "icon": ICONS[kind],
            "date": date,
            "title": title,
            "detail": detail or "",
            "model": record._name if record else False,
            "res_id": record.id if record else False,
            "seq": record.id if record else 0,
        }
        for resolution_id in resolution_ids:
            events[resolution_id].append(dict(event))

    @api.model
    def _plain(self, html):
        text = " ".join(html_to_inner_content(html or "").split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

    @api.model
    def _selection(self, records, field):
        return dict(records._fields[field]._description_selection(self.env))

    @api.model
    def _local_date(self, company, value):
        return self.env["joint.meeting.calendar"]._local_date(company, value)

    # ------------------------------------------------------------------
    # Sources
    # ------------------------------------------------------------------
    @api.model
    def _topic_events(self, user_env, matters, events):
        """The topics a matter comes from and their consultations (征求意见)."""
        topics = self._readable(user_env, matters.topic_ids)
        by_topic = defaultdict(list)
        for matter in matters:
            for topic in matter.topic_ids:
                by_topic[topic.id].append(matter.id)
        for topic in topics:
            self._add(
                events,
                by_topic[topic.id],
                "topic",
                self._local_date(topic.company_id, topic.submit_date or topic.create_date),
                self.env._(
                    "Topic “%(topic)s” proposed by %(organization)s",
                    topic=topic.name,
                    organization=topic.organization_id.name,
                ),
                self._plain(topic.countermeasures or topic.problems or topic.background),
                topic,
            )
        if not topics:
            return
        Consultation = self.env["joint.meeting.consultation"].sudo()
        consultations = self._readable(
            user_env,
            Consultation.search(
                [("topic_id", "in", topics.ids), ("state", "in", ("waiting", "replied"))]
            ),
        )
        positions = self._selection(Consultation, "position")
        modes = self._selection(Consultation, "mode")
        for consultation in consultations:
            matter_ids = by_topic[consultation.topic_id.id]
            if consultation.sent_date:
                self._add(
                    events,
                    matter_ids,
                    "consultation_sent",
                    consultation.sent_date,
                    self.env._(
                        "Consultation of %(department)s on “%(topic)s” (%(mode)s)",
                        department=consultation.department_id.name,
                        topic=consultation.topic_id.name,
                        mode=modes.get(consultation.mode, ""),
                    ),
                    self.env._("Reply due %(date)s", date=self._day(consultation.due_date)),
                    consultation,
                )
            if consultation.state == "replied":
                self._add(
                    events,
                    matter_ids,
                    "consultation_reply",
                    self._local_date(consultation.company_id, consultation.reply_date),
                    self.env._(
                        "%(department)s replied: %(position)s",
                        department=consultation.department_id.name,
                        position=positions.get(consultation.position, ""),
                    ),
                    self._plain(consultation.reply_text),
                    consultation,
                )

    @api.model
    def _meeting_events(self, user_env, matters, events):
        """The meeting that agreed the matter and the minutes that carry it."""
        meetings = self._readable(user_env, matters.meeting_id)
        for meeting in meetings:
            if not meeting.date or meeting.state in ("draft", "collecting", "cancelled"):
                continue
            self._add(
                events,
                matters.filtered(lambda m, meeting=meeting: m.meeting_id == meeting).ids,
                "meeting",
                meeting._local_date(),
                self.env._("%(meeting)s held: the matter was agreed", meeting=meeting.name),
                self.env._(
                    "Chaired by %(chair)s at %(place)s",
                    chair=meeting.chair_id.name or "-",
                    place=meeting.place or "-",
                ),
                meeting,
            )
        minutes = self._readable(user_env, matters.minutes_id)
        for record in minutes:
            if record.state != "issued":
                continue
            self._add(
                events,
                matters.filtered(lambda m, record=record: m.minutes_id == record).ids,
                "minutes",
                record.issue_date,
                self.env._(
                    "Minutes issued: %(number)s “%(title)s”",
                    number=record.document_number or "",
                    title=record.name,
                ),
                "",
                record,
            )

    @api.model
    def _assignment_events(self, user_env, matters, events):
        """交办, 签收, 退回 and 转办."""
        assignments = self._readable(user_env, matters.assignment_ids)
        roles = self._selection(assignments, "role")
        first = {}
        for assignment in assignments.sorted(lambda a: (a.assign_date, a.id)):
            first.setdefault(assignment.resolution_id.id, assignment.assign_date)
        for assignment in assignments:
            matter = assignment.resolution_id
            unit = assignment.organization_id.name
            reassigned = assignment.assign_date > first[matter.id]
            self._add(
                events,
                matter.ids,
                "assigned",
                assignment.assign_date,
                (
                    self.env._(
                        "Reassigned to %(unit)s (%(role)s)",
                        unit=unit,
                        role=roles[assignment.role],
                    )
                    if reassigned
                    else self.env._(
                        "Assigned to %(unit)s (%(role)s)", unit=unit, role=roles[assignment.role]
                    )
                ),
                self.env._("To acknowledge by %(date)s", date=self._day(assignment.due_date)),
                assignment,
            )
            if assignment.acknowledge_date:
                self._add(
                    events,
                    matter.ids,
                    "acknowledged",
                    assignment.acknowledge_date,
                    self.env._("%(unit)s acknowledged the matter", unit=unit),
                    assignment.acknowledged_by.name or "",
                    assignment,
                )
            if assignment.return_date:
                self._add(
                    events,
                    matter.ids,
                    "returned",
                    assignment.return_date,
                    self.env._("%(unit)s returned the matter", unit=unit),
                    assignment.return_reason or "",
                    assignment,
                )
            if assignment.state == "withdrawn":
                self._add(
                    events,
                    matter.ids,
                    "withdrawn",
                    self._local_date(assignment.company_id, assignment.write_date),
                    self.env._("%(unit)s taken off the matter (reassigned)", unit=unit),
                    "",
                    assignment,
                )

    @api.model
    def _supervision_events(self, user_env, matters, events):
        """Plan, reports and their reviews, extensions, urging, notices, closure."""
        for milestone in self._readable(user_env, matters.milestone_ids):
            self._add(
                events,
                milestone.resolution_id.ids,
                "milestone",
                milestone.planned_date,
                self.env._(
                    "Milestone: %(name)s (%(percent)s%% planned)",
                    name=milestone.name,
                    percent=milestone.planned_percent,
                ),
                "",
                milestone,
            )
        Followup = self.env["joint.meeting.followup"]
        outcomes = self._selection(Followup, "outcome")
        ratings = self._selection(Followup, "rating")
        states = self._selection(Followup, "state")
        for report in self._readable(user_env, matters.followup_ids):
            self._add(
                events,
                report.resolution_id.ids,
                "report",
                report.date,
                self.env._(
                    "%(unit)s reported: %(outcome)s, %(percent)s%% done",
                    unit=report.organization_id.name,
                    outcome=outcomes.get(report.outcome, ""),
                    percent=report.percent,
                ),
                self._plain(report.progress),
                report,
            )
            if report.review_date:
                title = self.env._(
                    "Supervision office review: %(state)s", state=states.get(report.state, "")
                )
                if report.rating:
                    title = self.env._(
                        "%(review)s, rated %(rating)s", review=title, rating=ratings[report.rating]
                    )
                self._add(
                    events,
                    report.resolution_id.ids,
                    "review",
                    report.review_date,
                    title,
                    report.review_comment or "",
                    report,
                )
        for request in self._readable(user_env, matters.extension_ids):
            matter_ids = request.resolution_id.ids
            self._add(
                events,
                matter_ids,
                "extension_request",
                request.request_date or self._local_date(request.company_id, request.create_date),
                self.env._(
                    "%(unit)s requested an extension (no. %(number)s) from %(current)s to "
                    "%(requested)s",
                    unit=request.organization_id.name,
                    number=request.number,
                    current=self._day(request.current_deadline),
                    requested=self._day(request.requested_deadline),
                ),
                request.reason or "",
                request,
            )
            if request.review_date:
                self._add(
                    events,
                    matter_ids,
                    "extension_review",
                    request.review_date,
                    self.env._("Extension request reviewed by the supervision office"),
                    request.review_comment or "",
                    request,
                )
            if request.approve_date and request.state in ("approved", "refused"):
                self._add(
                    events,
                    matter_ids,
                    "extension_decision",
                    request.approve_date,
                    (
                        self.env._(
                            "Extension approved: new deadline %(date)s",
                            date=self._day(request.requested_deadline),
                        )
                        if request.state == "approved"
                        else self.env._("Extension refused")
                    ),
                    request.approve_comment or "",
                    request,
                )
        colours = self._selection(self.env["joint.meeting.notice"], "colour")
        for notice in self._readable(
            user_env,
            self.env["joint.meeting.notice"]
            .sudo()
            .search([("resolution_id", "in", matters.ids), ("state", "=", "issued")]),
        ):
            self._add(
                events,
                notice.resolution_id.ids,
                "notice",
                notice.issue_date,
                self.env._(
                    "%(colour)s %(number)s issued to %(unit)s",
                    colour=colours[notice.colour],
                    number=notice.number or "",
                    unit=notice.organization_id.name,
                ),
                notice.reason or "",
                notice,
            )
        # The matter itself: the user reads it (the story is one of its fields).
        states = self._selection(matters, "state")
        for matter in matters:
            if matter.overdue_date:
                self._add(
                    events,
                    matter.ids,
                    "overdue",
                    matter.overdue_date,
                    self.env._("Marked overdue"),
                    "",
                    matter,
                )
            if matter.last_urge_date:
                self._add(
                    events,
                    matter.ids,
                    "urge",
                    matter.last_urge_date,
                    self.env._(
                        "Urged by the supervision office (%(count)s urging notice(s) in all)",
                        count=matter.urge_count,
                    ),
                    "",
                    matter,
                )
            if matter.close_date and matter.state in ("done", "cannot"):
                self._add(
                    events,
                    matter.ids,
                    "closed",
                    matter.close_date,
                    self.env._(
                        "Closed by the supervision office: %(state)s", state=states[matter.state]
                    ),
                    matter.explanation or "",
                    matter,
                )
            elif matter.state in ("open", "in_progress"):
                self._add(
                    events,
                    matter.ids,
                    "deadline",
                    matter.deadline,
                    self.env._("Deadline"),
                    matter.deadline_text or "",
                    matter,
                )

    @api.model
    def _next_report_events(self, user_env, matters, events):
        """Art. 7(2): the line of the matter in the implementation report on
        the agenda of the next meeting."""
        meetings = matters.meeting_id.filtered("date")
        if not meetings:
            return
        # The meeting after each one: one query for all (the same rule as
        # ``joint.meeting.previous_meeting_id``).
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, (
                    SELECT n.id
                      FROM joint_meeting n
                     WHERE n.company_id = m.company_id
                       AND n.date > m.date
                       AND n.state != 'cancelled'
                       AND n.active
                  ORDER BY n.date, n.id
                     LIMIT 1)
                  FROM joint_meeting m
                 WHERE m.id IN %s
                """,
                tuple(meetings.ids),
            )
        )
        next_of = {row[0]: row[1] for row in self.env.cr.fetchall() if row[1]}
        if not next_of:
            return
        topics = (
            self.env["joint.meeting.topic"]
            .sudo()
            .search(
                [
                    ("meeting_id", "in", list(next_of.values())),
                    ("category", "=", "implementation_report"),
                ]
            )
        )
        topics = self._readable(user_env, topics)
        topic_of = {topic.meeting_id.id: topic for topic in topics}
        for meeting in meetings:
            topic = topic_of.get(next_of.get(meeting.id))
            if not topic:
                continue
            next_meeting = topic.meeting_id
            self._add(
                events,
                matters.filtered(lambda m, meeting=meeting: m.meeting_id == meeting).ids,
                "next_report",
                next_meeting._local_date() if next_meeting.date else False,
                self.env._(
                    "Reported to %(meeting)s in “%(topic)s”",
                    meeting=next_meeting.name,
                    topic=topic.name,
                ),
                self.env._("Art. 7(2): the implementation of the previous meeting's matters"),
                topic,
            )

    @api.model
    def _day(self, day):
        return self.env["joint.meeting.calendar"]._format_date(day)
