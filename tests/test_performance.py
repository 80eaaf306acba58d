from freezegun import freeze_time

from odoo.tests import tagged

from .common import JointMeetingSupervisionCommon, run_cron

# The fields the list views load.
MEETING_LIST = {
    "name": {},
    "meeting_type": {},
    "date": {},
    "place": {},
    "preparing_organization_id": {"fields": {"display_name": {}}},
    "chair_id": {"fields": {"display_name": {}}},
    "proposal_deadline": {},
    "company_id": {"fields": {"display_name": {}}},
    "state": {},
}
RESOLUTION_LIST = {
    "meeting_id": {"fields": {"display_name": {}}},
    "name": {},
    "lead_unit_id": {"fields": {"display_name": {}}},
    "co_unit_ids": {"fields": {"display_name": {}}},
    "deadline": {},
    "progress_percent": {},
    "last_report_date": {},
    "last_rating": {},
    "urge_count": {},
    "acknowledgement_state": {},
    "repeat_extension": {},
    "traffic_light": {},
    "state": {},
}
EXTENSION_LIST = {
    "resolution_id": {"fields": {"display_name": {}}},
    "organization_id": {"fields": {"display_name": {}}},
    "number": {},
    "current_deadline": {},
    "requested_deadline": {},
    "request_date": {},
    "repeat": {},
    "state": {},
}


@tagged("post_install", "-at_install")
class TestQueryCounts(JointMeetingSupervisionCommon):
    """The hot paths cost a fixed number of queries, whatever the number of
    records (10 or 200)."""

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _matters(self, count):
        matters = self._more_matters(count, co_unit_ids=[(6, 0, self.org_finance.ids)])
        reports = self.Followup.with_user(self.user_hr).create(
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
        reports.with_user(self.user_supervisor).action_accept("good")
        # Each matter assigned and planned: the light reads the plan.
        matters._assign_units()
        self.env["joint.meeting.milestone"].create(
            [
                {
                    "resolution_id": matter.id,
                    "name": "方案",
                    "planned_date": "2026-05-01",
                    "planned_percent": 30,
                }
                for matter in matters
            ]
        )
        return matters

    def _meetings(self, count):
        return self.env["joint.meeting"].create(
            [
                {
                    "company_id": self.company.id,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": f"Reason {index}",
                    "year": 2030,
                    "date": f"2030-01-01 0{index % 9}:00:00",
                    "name": f"Meeting {count}-{index}",
                    "preparing_organization_id": self.org_union.id,
                    "rotation_override_reason": "Benchmark",
                    "chair_id": self.user_leader.id,
                }
                for index in range(count)
            ]
        )

    def _assert_flat(self, setup, measure, counts=(10, 200), writes=0):
        """The same number of queries for 10 and for 200 records. ``writes``:
        the tables the measured code inserts into or updates, in one query per
        100 rows (the ORM's insert batches), so 200 rows take one more each."""
        results = []
        for count in counts:
            with self.cr.savepoint(flush=False) as savepoint:
                records = setup(count)
                if not writes:
                    # A first run fills the caches (access rights, models, views).
                    self._queries(lambda r=records: measure(r))
                results.append(self._queries(lambda r=records: measure(r)))
                savepoint.rollback()
        self.assertLessEqual(results[1], results[0] + writes, f"queries for {counts}: {results}")
        return results[0]

    def test_agreed_matters_list_with_traffic_lights(self):
        def measure(matters):
            result = (
                self.env["joint.meeting.resolution"]
                .with_user(self.user_supervisor)
                .web_search_read([("id", "in", matters.ids)], RESOLUTION_LIST)
            )
            self.assertEqual(result["length"], len(matters))
            self.assertEqual({r["traffic_light"] for r in result["records"]}, {"red"})

        with freeze_time("2026-08-01"):
            queries = self._assert_flat(self._matters, measure)
        self.assertLessEqual(queries, 12)

    def test_agreed_matters_list_light_search_and_plan(self):
        def measure(matters):
            Resolution = self.env["joint.meeting.resolution"].with_user(self.user_supervisor)
            result = Resolution.web_search_read(
                [("id", "in", matters.ids), ("traffic_light", "=", "green")],
                dict(RESOLUTION_LIST, traffic_light_reason={}, planned_percent={}),
            )
            self.assertEqual(result["length"], len(matters))
            self.assertEqual({r["planned_percent"] for r in result["records"]}, {30})

        with freeze_time("2026-05-10"):
            self._assert_flat(self._matters, measure)

    def test_extension_requests_list(self):
        def setup(count):
            matters = self._more_matters(count)
            return self.env["joint.meeting.extension"].create(
                [
                    {"resolution_id": m.id, "requested_deadline": "2026-07-31", "reason": "延期"}
                    for m in matters
                ]
            )

        def measure(requests):
            result = (
                self.env["joint.meeting.extension"]
                .with_user(self.user_supervisor)
                .web_search_read([("id", "in", requests.ids)], EXTENSION_LIST)
            )
            self.assertEqual(result["length"], len(requests))

        with freeze_time("2026-05-10"):
            self._assert_flat(setup, measure)

    def test_assignments_list(self):
        def setup(count):
            matters = self._more_matters(count, co_unit_ids=[(6, 0, self.org_finance.ids)])
            with freeze_time("2026-05-04"):
                matters._assign_units()
            for matter in matters[:5]:
                matter.with_user(self.user_hr).action_acknowledge()
            return matters.assignment_ids

        def measure(assignments):
            result = (
                self.env["joint.meeting.assignment"]
                .with_user(self.user_supervisor)
                .web_search_read(
                    [("id", "in", assignments.ids)],
                    {
                        "resolution_id": {"fields": {"display_name": {}}},
                        "organization_id": {"fields": {"display_name": {}}},
                        "role": {},
                        "assign_date": {},
                        "due_date": {},
                        "state": {},
                        "acknowledged_by": {"fields": {"display_name": {}}},
                        "acknowledge_date": {},
                        "return_reason": {},
                    },
                )
            )
            self.assertEqual(result["length"], len(assignments))

        with freeze_time("2026-05-10"):
            self._assert_flat(setup, measure)

    def test_milestones_list(self):
        def setup(count):
            matters = self._more_matters(count)
            return self.env["joint.meeting.milestone"].create(
                [
                    {
                        "resolution_id": matter.id,
                        "name": "方案制定",
                        "planned_date": "2026-05-31",
                        "planned_percent": 30,
                    }
                    for matter in matters
                ]
            )

        def measure(milestones):
            result = (
                self.env["joint.meeting.milestone"]
                .with_user(self.user_supervisor)
                .web_search_read(
                    [("id", "in", milestones.ids)],
                    {
                        "resolution_id": {"fields": {"display_name": {}}},
                        "planned_date": {},
                        "name": {},
                        "planned_percent": {},
                    },
                )
            )
            self.assertEqual(result["length"], len(milestones))

        with freeze_time("2026-05-10"):
            self._assert_flat(setup, measure)

    def test_supervision_notices_list(self):
        def setup(count):
            matters = self._more_matters(count)
            notices = self.env["joint.meeting.notice"]._workflow_create(
                [
                    {
                        "resolution_id": matter.id,
                        "colour": "red",
                        "organization_id": self.org_hr.id,
                        "deadline": "2026-06-30",
                    }
                    for matter in matters
                ]
            )
            return notices

        def measure(notices):
            result = (
                self.env["joint.meeting.notice"]
                .with_user(self.user_supervisor)
                .web_search_read(
                    [("id", "in", notices.ids)],
                    {
                        "number": {},
                        "colour": {},
                        "resolution_id": {"fields": {"display_name": {}}},
                        "organization_id": {"fields": {"display_name": {}}},
                        "deadline": {},
                        "reason": {},
                        "issue_date": {},
                        "state": {},
                    },
                )
            )
            self.assertEqual(result["length"], len(notices))

        self._assert_flat(setup, measure)

    def test_notices_cron_flat(self):
        def setup(count):
            return self._more_matters(count)

        def measure(_matters):
            with freeze_time("2026-07-01 02:00:00"):
                run_cron(self.env, "supervision_notices")

        # The notices and their chatter's creation messages: 100 rows a query.
        self._assert_flat(setup, measure, writes=2)

    def test_acknowledgement_cron_flat(self):
        def setup(count):
            matters = self._more_matters(count)
            with freeze_time("2026-05-04"):
                matters._assign_units()
            return matters

        def measure(_matters):
            with freeze_time("2026-05-04 02:00:00"):
                run_cron(self.env, "acknowledgements")

        self._assert_flat(setup, measure, writes=2)

    def test_meetings_list(self):
        def measure(meetings):
            result = (
                self.env["joint.meeting"]
                .with_user(self.user_office)
                .web_search_read([("id", "in", meetings.ids)], MEETING_LIST)
            )
            self.assertEqual(result["length"], len(meetings))

        queries = self._assert_flat(self._meetings, measure)
        self.assertLessEqual(queries, 10)

    def test_meeting_form(self):
        spec = {
            **MEETING_LIST,
            "topic_count": {},
            "missing_reply_count": {},
            "previous_meeting_id": {"fields": {"display_name": {}}},
            "proposal_lead_time_met": {},
            "all_consultations_replied": {},
            "minutes_on_time": {},
            "resolution_count": {},
            "resolution_overdue_count": {},
            "resolution_ids": {"fields": {"name": {}, "traffic_light": {}, "progress_percent": {}}},
            "attendance_ids": {"fields": {"attendee_name": {}, "status": {}}},
        }

        def setup(count):
            self._matters(count)
            return self.meeting

        def measure(meeting):
            meeting.with_user(self.user_office).web_read(spec)

        with freeze_time("2026-08-01"):
            queries = self._assert_flat(setup, measure)
        self.assertLessEqual(queries, 40)

    def test_resolution_cron_flat(self):
        def measure(_matters):
            run_cron(self.env, "resolution_deadlines")

        with freeze_time("2026-08-01"):
            # Overdue matters of the demo data are escalated in the setup run.
            run_cron(self.env, "resolution_deadlines")
            run_cron(self.env, "resolution_deadlines")
            # Inserts activities, followers and reminder keys, updates the
            # matters and the activities.
            queries = self._assert_flat(lambda n: self._more_matters(n), measure, writes=5)
        self.assertLessEqual(queries, 40)

    def test_consultation_cron_flat(self):
        def setup(count):
            topics = (
                self.env["joint.meeting.topic"]
                .sudo()
                .create(
                    [
                        {
                            "meeting_id": self.meeting.id,
                            "organization_id": self.org_union.id,
                            "name": f"Topic {index}",
                            "category": "other",
                        }
                        for index in range(count)
                    ]
                )
            )
            return (
                self.env["joint.meeting.consultation"]
                .sudo()
                .create(
                    [
                        {
                            "topic_id": topic.id,
                            "department_id": self.org_hr.id,
                            "due_date": "2026-03-20",
                            "state": "waiting",
                        }
                        for topic in topics
                    ]
                )
            )

        def measure(_consultations):
            run_cron(self.env, "consultation_replies")

        with freeze_time("2026-08-01"):
            run_cron(self.env, "consultation_replies")
            run_cron(self.env, "consultation_replies")
            queries = self._assert_flat(setup, measure, writes=4)
        self.assertLessEqual(queries, 40)

    def test_scheduled_actions_second_run(self):
        with freeze_time("2026-08-01"):
            for name in (
                "proposal_deadline",
                "consultation_replies",
                "resolution_deadlines",
                "annual_meeting",
                "minutes_issue",
                "acknowledgements",
                "supervision_notices",
                "calendar_check",
            ):
                run_cron(self.env, name)
                self.env.flush_all()
                with self.subTest(cron=name), self.assertQueryCount(12):
                    run_cron(self.env, name)

    def test_implementation_report(self):
        def setup(count):
            self._matters(count)
            return self.env["joint.meeting"].create(
                {
                    "company_id": self.company.id,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": "Flood relief",
                    "year": 2026,
                    "date": "2026-12-15 02:00:00",
                    "chair_id": self.user_leader.id,
                }
            )

        def measure(meeting):
            meeting._refresh_implementation_report()

        with freeze_time("2026-08-01"):
            queries = self._assert_flat(setup, measure)
        self.assertLessEqual(queries, 40)

    def test_ledger_rows(self):
        def measure(_matters):
            ledger = (
                self.env["joint.meeting.ledger"]
                .with_user(self.user_supervisor)
                .create({"meeting_id": self.meeting.id})
            )
            ledger._rows()

        with freeze_time("2026-08-01"):
            queries = self._assert_flat(self._matters, measure)
        self.assertLessEqual(queries, 30)

    def test_urging_many_matters(self):
        def measure(matters):
            # The notification e-mails go after the commit, as on the server
            # (Odoo's own runner would send them within the request).
            self.env["joint.meeting.urge"].with_user(self.user_supervisor).with_context(
                mail_notify_force_send=False
            ).create({"resolution_ids": [(6, 0, matters.ids)]}).action_urge()

        with freeze_time("2026-08-01"):
            counts = []
            for count in (10, 20):
                with self.cr.savepoint(flush=False) as savepoint:
                    matters = self._matters(count)
                    counts.append(self._queries(lambda m=matters: measure(m)))
                    savepoint.rollback()
        # Each notice takes its number from the sequence and one activity:
        # a few queries per matter, the rest is shared.
        per_matter = (counts[1] - counts[0]) / 10
        self.assertLessEqual(per_matter, 12, counts)
        self.assertLessEqual(counts[0], 250, counts)

    @freeze_time("2026-12-20")
    def test_yearly_assessment_flat(self):
        """The assessment's points, scores and ranks: a few SQL statements
        whatever the number of matters (10 or 200), each with an accepted
        and rated report and acknowledged assignments."""

        def setup(count):
            matters = self._matters(count)
            matters.assignment_ids.write(
                {"state": "acknowledged", "acknowledge_date": "2026-12-01"}
            )
            return (
                self.env["joint.meeting.assessment"]
                .with_user(self.user_supervisor)
                .create({"company_id": self.company.id, "year": 2026})
            )

        def measure(assessment):
            assessment.action_compute()
            self.assertGreater(assessment.line_count, 10)

        self._assert_flat(setup, measure, writes=1)

    @freeze_time("2026-12-20")
    def test_yearly_assessment_documents_flat(self):
        """The XLSX (rows of every score and point) costs the same for 10 and
        200 matters."""

        def setup(count):
            matters = self._matters(count)
            assessment = (
                self.env["joint.meeting.assessment"]
                .with_user(self.user_supervisor)
                .create({"company_id": self.company.id, "year": 2026})
            )
            assessment.action_compute()
            self.assertGreaterEqual(assessment.line_count, count)
            return assessment.with_user(self.user_office), matters

        def measure(records):
            records[0]._xlsx()

        self._assert_flat(setup, measure)
