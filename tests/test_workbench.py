from collections import Counter
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import JointMeetingPreparationCommon, JointMeetingSupervisionCommon


class WorkbenchMixin:
    def _todo(self, user):
        """What the user's workbench lists: {(kind, model, record id)}."""
        todos = self.env["joint.meeting.todo"].with_user(user).search([])
        return {(t.kind, t.res_model, t.res_id) for t in todos}


@tagged("post_install", "-at_install")
class TestWorkbenchPreparation(WorkbenchMixin, JointMeetingPreparationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.union_topic = cls._topic(cls)
        cls.youth_topic = cls._topic(cls, org=cls.org_youth, name="Youth employment")
        cls.youth_topic.state = "submitted"
        cls.accepted = cls._topic(cls, name="Accepted topic")
        cls.accepted.state = "accepted"
        cls.consultation = cls.env["joint.meeting.consultation"].create(
            {"topic_id": cls.accepted.id, "department_id": cls.org_hr.id, "due_date": "2026-03-20"}
        )
        # The same steps in another district, for the office of that district.
        cls.other_meeting = cls.env["joint.meeting"].create(
            {
                "company_id": cls.other_company.id,
                "year": 2026,
                "date": "2026-03-31 02:00:00",
                "place": "East hall",
            }
        )
        cls.other_meeting.state = "collecting"
        cls.other_topic = (
            cls.env["joint.meeting.topic"]
            .sudo()
            .create(
                {
                    "meeting_id": cls.other_meeting.id,
                    "organization_id": cls.org_other.id,
                    "name": "East topic",
                    "category": "rights_consultation",
                    "sub_area": "income",
                    "countermeasures": "<p>x</p>",
                }
            )
        )

    def test_each_role_sees_exactly_its_steps(self):
        topic, meeting = "joint.meeting.topic", "joint.meeting"
        consultation = "joint.meeting.consultation"
        self.assertEqual(self._todo(self.user_union), {("submit", topic, self.union_topic.id)})
        # The youth topic is submitted: nothing left for the Youth League.
        self.assertEqual(self._todo(self.user_youth), set())
        self.assertEqual(
            self._todo(self.user_leader),
            {("approve", topic, self.youth_topic.id), ("approve", meeting, self.meeting.id)},
        )
        self.assertEqual(
            self._todo(self.user_office), {("send", consultation, self.consultation.id)}
        )
        for user in (self.user_hr, self.user_finance, self.user_supervisor):
            self.assertEqual(self._todo(user), set(), user.login)
        with self.assertRaises(AccessError):
            self._todo(self.user_plain)
        # The other district's office (a member of its own union) sees its
        # own district's step only.
        self.assertEqual(self._todo(self.user_other), {("submit", topic, self.other_topic.id)})

    def test_the_department_replies_once_sent(self):
        reply = ("reply", "joint.meeting.consultation", self.consultation.id)
        with freeze_time("2026-03-10"):
            self.consultation.with_user(self.user_office).action_send()
            self.assertEqual(self._todo(self.user_hr), {reply})
            self.assertEqual(self._todo(self.user_finance), set())
            self.assertEqual(self._todo(self.user_office), set())
        # Past the due date (2026-03-20) the office urges the department (the
        # escalation of the step), until it replies.
        with freeze_time("2026-03-21"):
            self.assertEqual(self._todo(self.user_hr), {reply})
            self.assertEqual(
                self._todo(self.user_office),
                {("urge", "joint.meeting.consultation", self.consultation.id)},
            )

    def test_nothing_of_another_district_even_for_its_organisation(self):
        # A user of this district made a member of nothing there sees nothing
        # of the other district's topic to submit; the company rule holds even
        # where the organisation rule would match.
        other_member = self._district_user(
            "t_other_member", "group_joint_meeting_org_user", self.org_other, self.other_company
        )
        self.assertEqual(
            self._todo(other_member), {("submit", "joint.meeting.topic", self.other_topic.id)}
        )
        self.assertNotIn(
            ("submit", "joint.meeting.topic", self.other_topic.id), self._todo(self.user_union)
        )
        todo = self.env["joint.meeting.todo"].sudo().search([("res_id", "=", self.other_topic.id)])
        self.assertFalse(todo.with_user(self.user_union).exists()._filtered_access("read"))

    def test_deadline_days_left_and_light_come_from_the_date_engine(self):
        engine = self.env["joint.meeting.calendar"]
        todo = self.env["joint.meeting.todo"].with_user(self.user_union).search([])
        self.assertEqual(todo.deadline, self.meeting.proposal_deadline)
        with freeze_time("2026-03-01"):
            todo.invalidate_recordset(["days_left", "light", "time_left", "deadline_short"])
            today = engine._today(self.company)
            _days, unit, _dir = engine._rule(self.company, "reminder")
            self.assertEqual(
                todo.days_left, engine._count_days(self.company, today, todo.deadline, unit)
            )
            self.assertEqual(todo.light, "green")
            self.assertEqual(
                todo.time_left, engine._describe_remaining(self.company, todo.deadline, today)
            )
            self.assertEqual(todo.deadline_short, engine._format_date(todo.deadline, today))
        with freeze_time(todo.deadline):
            todo.invalidate_recordset(["days_left", "light"])
            self.assertEqual(todo.light, "yellow")
            self.assertEqual(todo.days_left, 0)
        with freeze_time("2026-03-30"):
            todo.invalidate_recordset(["days_left", "light"])
            self.assertEqual(todo.light, "red")
            self.assertLess(todo.days_left, 0)

    def test_handle_opens_the_document(self):
        todo = self.env["joint.meeting.todo"].with_user(self.user_union).search([])
        action = todo.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("joint.meeting.topic", self.union_topic.id)
        )

    def test_users_given_a_role_land_on_the_workbench(self):
        workbench = self.env.ref("joint_meeting.joint_meeting_todo_action")
        self.assertEqual(self.user_union.action_id.id, workbench.id)
        self.assertFalse(self.user_plain.action_id)
        self.user_plain.group_ids = [
            (4, self.env.ref("joint_meeting.group_joint_meeting_org_user").id)
        ]
        self.assertEqual(self.user_plain.action_id.id, workbench.id)
        # A home action chosen by hand is kept; the district may turn it off.
        discuss = self.env.ref("base.action_res_users")
        self.user_hr.action_id = discuss.id
        self.user_hr.group_ids = [
            (4, self.env.ref("joint_meeting.group_joint_meeting_org_user").id)
        ]
        self.assertEqual(self.user_hr.action_id.id, discuss.id)
        self.company.joint_meeting_workbench_home = False
        user = self._district_user("t_no_home", "group_joint_meeting_org_user")
        self.assertFalse(user.action_id)

    def test_demo_roles_land_on_the_workbench(self):
        workbench = self.env.ref("joint_meeting.joint_meeting_todo_action")
        for login in ("jm_office", "jm_leader", "jm_union", "jm_hrss", "jm_supervisor"):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(user.action_id.id, workbench.id, login)


@tagged("post_install", "-at_install")
class TestWorkbenchSupervision(WorkbenchMixin, JointMeetingSupervisionCommon):
    def test_units_start_report_and_the_supervisor_reviews(self):
        matter = ("joint.meeting.resolution", self.resolution.id)
        before = self.resolution.deadline - timedelta(days=30)
        with freeze_time(before):
            self.assertEqual(self._todo(self.user_hr), {("start", *matter)})
            self.assertEqual(self._todo(self.user_finance), set())
            report = self._report()
            self.assertEqual(self._todo(self.user_hr), {("report", *matter)})
            self.assertEqual(self._todo(self.user_finance), {("report", *matter)})
            self.assertEqual(
                self._todo(self.user_supervisor), {("review", "joint.meeting.followup", report.id)}
            )
            for user in (self.user_union, self.user_leader, self.user_office, self.user_other):
                self.assertEqual(self._todo(user), set(), user.login)
        # Past the deadline the supervision office urges the lead unit.
        with freeze_time(self.resolution.deadline + timedelta(days=1)):
            self.assertEqual(
                self._todo(self.user_supervisor),
                {("review", "joint.meeting.followup", report.id), ("urge", *matter)},
            )


@tagged("post_install", "-at_install")
class TestWorkbenchMinutes(WorkbenchMixin, JointMeetingPreparationCommon):
    def test_drafters_confirm_the_leader_approves_the_office_issues(self):
        self.meeting.state = "held"
        minutes = self.env["joint.meeting.minutes"].create(
            {
                "meeting_id": self.meeting.id,
                "name": "Minutes",
                "body": "<p>正文</p>",
                "drafting_organization_ids": [(6, 0, (self.org_office | self.org_union).ids)],
            }
        )
        key = "joint.meeting.minutes", minutes.id
        minutes.with_user(self.user_office).action_submit_review()
        self.assertEqual(self._todo(self.user_office), {("confirm", *key)})
        self.assertEqual(self._todo(self.user_union), {("confirm", *key)})
        self.assertEqual(self._todo(self.user_leader), set())
        minutes.with_user(self.user_office).action_confirm_text()
        self.assertEqual(self._todo(self.user_office), set())
        minutes.with_user(self.user_union).action_confirm_text()
        self.assertEqual(self._todo(self.user_leader), {("approve", *key)})
        minutes.with_user(self.user_leader).action_approve()
        self.assertEqual(self._todo(self.user_office), {("issue", *key)})
        self.assertEqual(self._todo(self.user_leader), set())
        self.assertEqual(self._todo(self.user_youth), set())


@tagged("post_install", "-at_install")
class TestNextStep(JointMeetingPreparationCommon):
    """A form in a waiting state says in one line what happens next and who acts."""

    def test_waiting_forms_say_who_acts_and_by_when(self):
        engine = self.env["joint.meeting.calendar"]
        topic = self._topic()
        accepted = self._topic(name="Accepted")
        accepted.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": accepted.id, "department_id": self.org_hr.id, "due_date": "2026-03-20"}
        )
        with freeze_time("2026-03-10"):
            consultation.with_user(self.user_office).action_send()
            self.env.invalidate_all()
            today = engine._today(self.company)
            due = engine._format_date(consultation.due_date, today)
            self.assertEqual(
                consultation.with_context(lang="en_US").waiting_help,
                f"Waiting for Human Resources Bureau to reply, due {due}.",
            )
            self.assertIn(self.org_union.name, topic.waiting_help)
            self.assertIn(
                engine._format_date(self.meeting.proposal_deadline, today), topic.waiting_help
            )
            self.assertIn("leadership", self.meeting.waiting_help)
        topic.state = "submitted"
        topic.invalidate_recordset(["waiting_help"])
        self.assertIn("leadership", topic.waiting_help)
        topic.state = "accepted"
        topic.invalidate_recordset(["waiting_help"])
        self.assertFalse(topic.waiting_help)


@tagged("post_install", "-at_install")
class TestWorkbenchSupervisionCycle(WorkbenchMixin, JointMeetingSupervisionCommon):
    """签收 and 延期 steps of issue 13 on the workbench."""

    def test_units_acknowledge_and_extensions_are_reviewed_then_decided(self):
        matter = self._more_matters(1, co_unit_ids=[(6, 0, self.org_finance.ids)])
        with freeze_time("2026-04-13"):
            matter._assign_units()
        step = ("acknowledge", "joint.meeting.resolution", matter.id)
        self.assertIn(step, self._todo(self.user_hr))
        self.assertIn(step, self._todo(self.user_finance))
        self.assertNotIn(step, self._todo(self.user_union))
        with freeze_time("2026-04-14"):
            matter.with_user(self.user_finance).action_acknowledge()
        self.assertNotIn(step, self._todo(self.user_finance))
        self.assertIn(step, self._todo(self.user_hr))
        with freeze_time("2026-06-01"):
            request = (
                self.env["joint.meeting.extension"]
                .with_user(self.user_hr)
                .create(
                    {
                        "resolution_id": self.resolution.id,
                        "requested_deadline": "2026-07-31",
                        "reason": "招标流标",
                    }
                )
            )
            review = ("review", "joint.meeting.extension", request.id)
            approve = ("approve", "joint.meeting.extension", request.id)
            self.assertIn(review, self._todo(self.user_supervisor))
            self.assertNotIn(approve, self._todo(self.user_leader))
            request.with_user(self.user_supervisor).action_review("同意报批")
            self.assertNotIn(review, self._todo(self.user_supervisor))
            self.assertIn(approve, self._todo(self.user_leader))
            self.assertNotIn(approve, self._todo(self.user_other))
            request.with_user(self.user_leader).action_approve()
            self.assertNotIn(approve, self._todo(self.user_leader))


@tagged("post_install", "-at_install")
class TestWorkbenchOfEachRoleOnTheDemo(TransactionCase):
    """Issue 24: each demo user's workbench lists every step awaiting them
    (their organisations' and their roles'), written here independently of
    the step declarations, and its counts per column are its cards."""

    def _awaiting(self, user):
        """{(kind, model, id)}: what awaits ``user`` in their district."""
        env = self.env(su=True)
        company = [("company_id", "=", user.company_id.id)]
        today = env["joint.meeting.calendar"]._today(user.company_id)
        orgs = user.joint_meeting_organization_ids
        open_matter = [("state", "in", ("open", "in_progress")), ("active", "=", True)]
        found = set()

        def add(kind, records):
            found.update((kind, record._name, record.id) for record in records)

        def search(model, domain):
            return env[model].search(company + domain)

        collecting = [("meeting_id.state", "=", "collecting")]
        add(
            "submit",
            search(
                "joint.meeting.topic",
                [
                    ("state", "in", ("draft", "returned")),
                    ("organization_id", "in", orgs.ids),
                    *collecting,
                ],
            ),
        )
        add(
            "reply",
            search(
                "joint.meeting.consultation",
                [("state", "=", "waiting"), ("department_id", "in", orgs.ids)],
            ),
        )
        add(
            "confirm",
            search("joint.meeting.minutes", [("state", "=", "review")]).filtered(
                lambda m: m.missing_confirmation_ids & orgs
            ),
        )
        add(
            "start",
            search(
                "joint.meeting.resolution",
                [("state", "=", "open"), ("lead_unit_id", "in", orgs.ids)],
            ),
        )
        add(
            "report",
            search("joint.meeting.resolution", [("state", "=", "in_progress")]).filtered(
                lambda r: (r.lead_unit_id | r.co_unit_ids) & orgs
            ),
        )
        add(
            "acknowledge",
            search(
                "joint.meeting.assignment",
                [("state", "=", "pending"), ("organization_id", "in", orgs.ids)]
                + [(f"resolution_id.{f}", o, v) for f, o, v in open_matter],
            ).resolution_id,
        )
        if user.has_group("joint_meeting.group_joint_meeting_office"):
            add("send", search("joint.meeting.consultation", [("state", "=", "to_send")]))
            add("issue", search("joint.meeting.minutes", [("state", "=", "approved")]))
            add(
                "urge",
                search(
                    "joint.meeting.consultation",
                    [("state", "=", "waiting"), ("due_date", "<", today)],
                ),
            )
        if user.has_group("joint_meeting.group_joint_meeting_leader"):
            add(
                "approve", search("joint.meeting.topic", [("state", "=", "submitted"), *collecting])
            )
            add("approve", search("joint.meeting", [("state", "=", "collecting")]))
            add(
                "approve",
                search("joint.meeting.minutes", [("state", "=", "review")]).filtered(
                    lambda m: m.override_reason or not m.missing_confirmation_ids
                ),
            )
            add("approve", search("joint.meeting.extension", [("state", "=", "reviewed")]))
        if user.has_group("joint_meeting.group_joint_meeting_supervisor"):
            add("review", search("joint.meeting.followup", [("state", "=", "submitted")]))
            add("review", search("joint.meeting.extension", [("state", "=", "submitted")]))
            add(
                "issue",
                search(
                    "joint.meeting.notice",
                    [("state", "=", "draft")]
                    + [(f"resolution_id.{f}", o, v) for f, o, v in open_matter],
                ),
            )
            add("issue", search("joint.meeting.bulletin", [("state", "=", "draft")]))
            add("confirm", search("joint.meeting.assessment", [("state", "=", "computed")]))
            add(
                "urge", search("joint.meeting.resolution", [*open_matter, ("deadline", "<", today)])
            )
            add(
                "urge",
                search(
                    "joint.meeting.assignment",
                    [("state", "=", "pending"), ("due_date", "<", today)]
                    + [(f"resolution_id.{f}", o, v) for f, o, v in open_matter],
                ).resolution_id,
            )
        return found

    def test_each_role_sees_what_awaits_it(self):
        groups = ("org_user", "department", "office", "leader", "supervisor")
        users = (
            self.env["res.users"]
            .search([("login", "=like", "jm\\_%")])
            .filtered(
                lambda u: any(u.has_group(f"joint_meeting.group_joint_meeting_{g}") for g in groups)
            )
        )
        self.assertGreaterEqual(len(users), 10)
        seen = set()
        for user in users:
            with self.subTest(login=user.login):
                Todo = self.env["joint.meeting.todo"].with_user(user)
                todos = Todo.search([])
                listed = {(t.kind, t.res_model, t.res_id) for t in todos}
                self.assertEqual(listed, self._awaiting(user))
                # The columns' counts are the cards.
                counts = dict(Todo._read_group([], ["kind"], ["__count"]))
                self.assertEqual(counts, dict(Counter(todos.mapped("kind"))))
                seen |= {(user.login, kind, model) for kind, model, _id in listed}
        # The demo shows what issue 24 missed: the office's overdue reply, the
        # supervision office's notices to issue, draft bulletin and computed
        # assessment.
        for missed in (
            ("jm_office", "urge", "joint.meeting.consultation"),
            ("jm_supervisor", "issue", "joint.meeting.notice"),
            ("jm_supervisor", "issue", "joint.meeting.bulletin"),
            ("jm_supervisor", "confirm", "joint.meeting.assessment"),
        ):
            self.assertIn(missed, seen)
