from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JointMeetingSupervisionCommon


@tagged("post_install", "-at_install")
class TestResolutionStory(JointMeetingSupervisionCommon):
    """One story per agreed matter: from the topic that raised it to its line
    in the next meeting's implementation report, each step shown only to the
    users who may read the record it comes from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Topic = cls.env["joint.meeting.topic"]
        # A topic of the trade union on which only Finance (the co-unit) was
        # consulted: HR, the lead unit, may not read it.
        cls.topic = Topic.create(
            {
                "meeting_id": cls.meeting.id,
                "organization_id": cls.org_union.id,
                "name": "关于农民工工资保障的议题",
                "category": "rights_consultation",
                "sub_area": "income",
                "countermeasures": "<p>建立工资保证金制度。</p>",
                "department_ids": [(6, 0, cls.org_finance.ids)],
                "state": "accepted",
                "submit_date": "2026-03-01 02:00:00",
            }
        )
        cls.consultation = cls.env["joint.meeting.consultation"]._workflow_create(
            {
                "topic_id": cls.topic.id,
                "department_id": cls.org_finance.id,
                "mode": "letter",
                "sent_date": "2026-03-05",
                "due_date": "2026-03-12",
                "state": "replied",
                "position": "agree",
                "reply_text": "<p>同意，财政安排启动资金。</p>",
                "reply_date": "2026-03-10 02:00:00",
            }
        )
        cls.resolution._workflow_write({"topic_ids": [(6, 0, cls.topic.ids)]})
        with freeze_time("2026-05-10"):
            report = cls.Followup.with_user(cls.user_hr).create(
                {
                    "resolution_id": cls.resolution.id,
                    "organization_id": cls.org_hr.id,
                    "progress": "<p>已在12个项目试行。</p>",
                    "percent": 100,
                    "outcome": "completed",
                }
            )
        with freeze_time("2026-05-12"):
            report.with_user(cls.user_supervisor).action_accept("good", "按期完成")
            cls.resolution.with_user(cls.user_supervisor).action_close_done()
        # The next meeting, in preparation: its agenda carries the Art. 7(2) report.
        cls.next_meeting = cls.env["joint.meeting"].create(
            {
                "company_id": cls.company.id,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "防汛",
                "year": 2026,
                "date": "2026-09-15 02:00:00",
                "place": "区政府会议室",
                "chair_id": cls.user_leader.id,
            }
        )
        cls.next_meeting.state = "collecting"
        cls.next_meeting._refresh_implementation_report()
        cls.report_topic = cls.next_meeting.topic_ids.filtered(
            lambda t: t.category == "implementation_report"
        )

    def _kinds(self, user):
        matter = self.resolution.with_user(user)
        events = self.env["joint.meeting.resolution.story"]._events(matter)[matter.id]
        return [event["kind"] for event in events]

    def test_story_tells_every_step_in_order(self):
        self.assertTrue(self.report_topic)
        kinds = self._kinds(self.user_office)
        self.assertEqual(
            [k for k in kinds if k not in ("assigned", "acknowledged")],
            [
                "topic",
                "consultation_sent",
                "consultation_reply",
                "meeting",
                "minutes",
                "report",
                "review",
                "closed",
                "next_report",
            ],
        )
        self.assertEqual(kinds.count("assigned"), 2)
        self.assertEqual(kinds.count("acknowledged"), 2)
        # Chronological: assignments come after the minutes and before the report.
        self.assertLess(kinds.index("minutes"), kinds.index("assigned"))
        self.assertLess(kinds.index("acknowledged"), kinds.index("report"))
        html = str(self.resolution.with_user(self.user_leader).story_html)
        self.assertIn("关于农民工工资保障的议题", html)
        self.assertIn(self.minutes.document_number, html)
        self.assertIn(self.report_topic.name, html)

    def test_story_shows_only_steps_the_user_may_read(self):
        full = set(self._kinds(self.user_office))
        for user in (self.user_leader, self.user_supervisor, self.user_admin):
            self.assertEqual(set(self._kinds(user)), full, user.login)
        # The co-unit was consulted: it reads the topic and its own reply.
        finance = set(self._kinds(self.user_finance))
        self.assertTrue({"topic", "consultation_reply", "report", "closed"} <= finance)
        # The lead unit was not consulted on the topic: neither the topic nor
        # the consultation nor the next agenda's report (a topic it may not read).
        hr = set(self._kinds(self.user_hr))
        self.assertFalse({"topic", "consultation_sent", "consultation_reply"} & hr)
        self.assertNotIn("next_report", hr)
        self.assertTrue({"meeting", "minutes", "report", "review", "closed"} <= hr)
        self.assertFalse(self.topic.with_user(self.user_hr).has_access("read"))
        html = str(self.resolution.with_user(self.user_hr).story_html)
        self.assertNotIn("关于农民工工资保障的议题", html)
        # A unit that has nothing to do with the matter reads no story at all.
        for user in (self.user_union, self.user_plain, self.user_other):
            with self.assertRaises(AccessError):
                self.resolution.with_user(user).read(["story_html"])
            self.assertEqual(self._kinds(user), [], user.login)

    def test_draft_notice_is_not_in_the_units_story(self):
        notice = self.env["joint.meeting.notice"]._workflow_create(
            {
                "resolution_id": self.resolution.id,
                "colour": "yellow",
                "organization_id": self.org_hr.id,
                "deadline": "2026-06-30",
            }
        )
        self.assertNotIn("notice", self._kinds(self.user_hr))
        notice._workflow_write(
            {"state": "issued", "number": "督〔2026〕1号", "issue_date": "2026-05-01"}
        )
        self.assertIn("notice", self._kinds(self.user_hr))

    def test_topic_shows_its_agreed_matters(self):
        topic = self.topic.with_user(self.user_leader)
        self.assertEqual(topic.resolution_ids, self.resolution)
        self.assertEqual(topic.resolution_count, 1)
        action = topic.action_view_resolutions()
        self.assertEqual(action["res_id"], self.resolution.id)
        # The mass organisation that proposed the topic may not read the matter.
        self.assertFalse(self.topic.with_user(self.user_union).resolution_ids)

    def test_topics_of_another_meeting_are_refused(self):
        other = self.env["joint.meeting.topic"].create(
            {
                "meeting_id": self.next_meeting.id,
                "organization_id": self.org_union.id,
                "name": "另一次会议的议题",
                "category": "other",
            }
        )
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": self.meeting.id, "name": "补充纪要"}
        )
        with self.assertRaises(ValidationError):
            self.env["joint.meeting.resolution"].with_user(self.user_office).create(
                {
                    "minutes_id": minutes.id,
                    "name": "补充事项",
                    "lead_unit_id": self.org_hr.id,
                    "deadline": "2026-08-31",
                    "topic_ids": [(6, 0, other.ids)],
                }
            )

    def test_topics_set_while_drafting_the_minutes_then_locked(self):
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": self.meeting.id, "name": "补充纪要"}
        )
        with Form(minutes.with_user(self.user_office)) as form:
            with form.resolution_ids.new() as line:
                line.name = "补充事项"
                line.lead_unit_id = self.org_hr
                line.deadline = "2026-08-31"
                line.topic_ids.add(self.topic)
        matter = minutes.resolution_ids
        self.assertEqual(matter.topic_ids, self.topic)
        with self.assertRaises(UserError):
            self.resolution.with_user(self.user_office).write({"topic_ids": [(5, 0, 0)]})

    def _story_queries(self, matters):
        matters = matters.with_user(self.user_office)
        matters.mapped("story_html")  # warm the caches (rules, templates)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        matters.mapped("story_html")
        return self.cr.sql_log_count - before

    def _matters_with_steps(self, count):
        matters = self._more_matters(count)
        matters._workflow_write({"topic_ids": [(6, 0, self.topic.ids)]})
        matters._assign_units()
        self.Followup.create(
            [
                {
                    "resolution_id": matter.id,
                    "organization_id": self.org_hr.id,
                    "progress": "<p>进展顺利。</p>",
                    "percent": 50,
                }
                for matter in matters
            ]
        )
        return matters

    def test_story_queries_flat_from_10_to_200_matters(self):
        small = self._story_queries(self._matters_with_steps(10))
        large = self._story_queries(self._matters_with_steps(200))
        self.assertEqual(small, large)

    def test_story_queries_flat_from_10_to_200_steps(self):
        def queries(count):
            matter = self._more_matters(1)
            self.Followup.create(
                [
                    {
                        "resolution_id": matter.id,
                        "organization_id": self.org_hr.id,
                        "progress": "<p>进展顺利。</p>",
                        "percent": index % 100,
                    }
                    for index in range(count)
                ]
            )
            return self._story_queries(matter)

        self.assertEqual(queries(10), queries(200))

    def test_topic_matter_list_queries_flat(self):
        def queries(count):
            self._matters_with_steps(count)
            topic = self.topic.with_user(self.user_leader)
            spec = {
                "resolution_count": {},
                "resolution_ids": {
                    "fields": {
                        "name": {},
                        "lead_unit_id": {"fields": {"display_name": {}}},
                        "deadline": {},
                        "progress_percent": {},
                        "traffic_light": {},
                        "state": {},
                    }
                },
            }
            topic.web_read(spec)  # warm the caches (rules, translations)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            topic.web_read(spec)
            self.assertGreaterEqual(len(topic.resolution_ids), count)
            return self.cr.sql_log_count - before

        self.assertEqual(queries(10), queries(200))
