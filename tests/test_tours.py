from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestJointMeetingTours(HttpCase):
    """Real users' paths through the web UI in Chinese, in headless Chromium."""

    def test_admin_configures_an_organization(self):
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_organization_action",
            "joint_meeting_organization_tour",
            login="jm_admin",
        )
        union = self.env.ref("joint_meeting.org_renhe_union")
        self.assertEqual(union.contact_name, "陈主席")

    def test_mass_organisation_submits_a_topic(self):
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_topic_action",
            "joint_meeting_topic_tour",
            login="jm_union",
        )
        topic = self.env["joint.meeting.topic"].search(
            [("name", "=", "关于新就业形态劳动者权益保障的议题")]
        )
        self.assertEqual(topic.state, "submitted")
        self.assertEqual(topic.organization_id, self.env.ref("joint_meeting.org_renhe_union"))
        self.assertIn("区职工之家", topic.meeting_id.message_ids[0].body)

    def test_leadership_approves_the_agenda(self):
        """Art. 9: leadership approves the topics, then the time, place and agenda."""
        meeting = self.env.ref("joint_meeting.meeting_renhe_2026")
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_action/{meeting.id}",
            "joint_meeting_agenda_tour",
            login="jm_leader",
        )
        self.assertEqual(meeting.state, "approved")
        science = self.env.ref("joint_meeting.topic_2026_science_facilities")
        self.assertEqual(science.state, "accepted")
        self.assertEqual(science.reviewer_id, self.env.ref("joint_meeting.user_leader"))
        self.assertTrue(meeting.calendar_event_id)

    def test_department_replies_to_a_consultation(self):
        """Art. 9: a department consulted on a topic gives its formal reply."""
        consultation = self.env.ref("joint_meeting.consultation_2026_jobs_hrss")
        self.assertEqual(consultation.state, "waiting")
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_consultation_action",
            "joint_meeting_consultation_reply_tour",
            login="jm_hrss",
        )
        self.assertEqual(consultation.state, "replied")
        self.assertEqual(consultation.position, "agree_amended")
        self.assertIn("创业担保贷款贴息资金", consultation.reply_text)
        self.assertEqual(consultation.reply_number, f"仁人社函〔{date.today().year}〕35号")
        self.assertEqual(consultation.replied_by_id, self.env.ref("joint_meeting.user_hrss"))
        self.assertFalse(consultation.replied_on_behalf)

    def test_minutes_are_reviewed_approved_and_issued(self):
        """Art. 11: the office drafts and submits the minutes, leadership approves
        them, the office issues them."""
        meeting = self.env.ref("joint_meeting.meeting_renhe_2026")
        minutes = self.env.ref("joint_meeting.minutes_renhe_2026")
        # The meeting must have been held before its minutes go to joint review;
        # its date lies ahead in the demo, so fast-forward it here.
        self.env.ref("joint_meeting.topic_2026_science_facilities").sudo().action_accept()
        meeting.sudo().action_approve()
        meeting.sudo().write({"state": "held"})
        url = "/odoo/action-joint_meeting.joint_meeting_minutes_action"

        self.start_tour(url, "joint_meeting_minutes_office_tour", login="jm_office")
        self.assertEqual(minutes.state, "review")
        self.assertEqual(
            minutes.confirmation_ids.organization_id,
            self.env.ref("joint_meeting.org_renhe_office"),
        )
        self.assertIn("区总工会负责人出差在外", minutes.override_reason)
        self.assertEqual(len(minutes.resolution_ids), 1)

        self.start_tour(url, "joint_meeting_minutes_leader_tour", login="jm_leader")
        self.assertEqual(minutes.state, "approved")
        self.assertEqual(minutes.approved_by_id, self.env.ref("joint_meeting.user_leader"))

        self.start_tour(url, "joint_meeting_minutes_issue_tour", login="jm_office")
        self.assertEqual(minutes.state, "issued")
        self.assertTrue(minutes.document_number)
        self.assertTrue(minutes.document_number.startswith("仁府纪〔"))
        self.assertEqual(minutes.resolution_ids.state, "open")
        self.assertEqual(meeting.state, "minutes_issued")

    def test_unit_reports_progress_and_supervisor_accepts(self):
        """Art. 11: the lead unit reports on its agreed matter, the target
        supervision office accepts the report with a rating."""
        matter = self.env.ref("joint_meeting.resolution_2025_youth")
        civil = self.env.ref("joint_meeting.org_renhe_civil")
        self.assertEqual(matter.state, "in_progress")
        before = matter.followup_ids

        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_resolution_action",
            "joint_meeting_followup_tour",
            login="jm_civil",
        )
        report = matter.followup_ids - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.organization_id, civil)
        self.assertEqual(report.percent, 80)
        self.assertIn("驿站装修已完工", report.progress)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.create_uid, self.env.ref("joint_meeting.user_civil"))

        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_followup_action",
            "joint_meeting_followup_review_tour",
            login="jm_supervisor",
        )
        self.assertEqual(report.state, "accepted")
        self.assertEqual(report.rating, "fairly_good")
        self.assertEqual(report.reviewer_id, self.env.ref("joint_meeting.user_supervisor"))
        self.assertIn("试运行", report.review_comment)
        self.assertEqual(matter.last_followup_id, report)
        self.assertEqual(matter.progress_percent, 80)
        self.assertEqual(matter.last_rating, "fairly_good")

    def test_lead_unit_consolidates_the_co_units_part(self):
        """Co-units report their own part; the lead unit's report consolidates
        them (issue: plan and progress)."""
        matter = self.env.ref("joint_meeting.resolution_2025_fund")
        part = self.env.ref("joint_meeting.followup_2025_fund_union_part")
        before = matter.followup_ids
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_resolution_action/{matter.id}",
            "joint_meeting_consolidated_report_tour",
            login="jm_finance",
        )
        report = matter.followup_ids - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.report_role, "lead")
        self.assertEqual(report.percent, 70)
        self.assertEqual(report.co_part_ids, part)
        self.assertIn("建档摸底", report.progress)
        self.assertEqual(report.create_uid, self.env.ref("joint_meeting.user_finance"))

    def test_supervisor_urges_an_overdue_unit(self):
        """Art. 11: the target supervision office urges the lead unit of an
        overdue agreed matter."""
        matter = self.env.ref("joint_meeting.resolution_2025_fund")
        finance = self.env.ref("joint_meeting.org_renhe_finance")
        self.assertEqual(matter.traffic_light, "red")
        self.assertEqual(finance._liaison(), self.env.ref("joint_meeting.user_finance"))
        urge_type = self.env.ref("joint_meeting.mail_activity_type_urge")
        activity_domain = [
            ("res_model", "=", matter._name),
            ("res_id", "=", matter.id),
            ("activity_type_id", "=", urge_type.id),
            ("user_id", "=", self.env.ref("joint_meeting.user_finance").id),
        ]
        self.assertFalse(self.env["mail.activity"].search(activity_domain))
        urge_count = matter.urge_count

        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_resolution_action",
            "joint_meeting_urge_tour",
            login="jm_supervisor",
        )
        self.assertEqual(matter.urge_count, urge_count + 1)
        supervisor = self.env.ref("joint_meeting.user_supervisor")
        self.assertEqual(
            matter.last_urge_date, fields.Date.context_today(matter.with_user(supervisor))
        )
        body = matter.message_ids[0].body
        self.assertIn("督办〔", body)
        self.assertIn("三日内书面报告资金到位情况", body)
        self.assertIn(finance.name, body)
        activity = self.env["mail.activity"].search(activity_domain)
        self.assertEqual(len(activity), 1)
        self.assertIn("督办〔", activity.summary)

    def test_supervision_cycle(self):
        """签收, 退回, 转办 and 延期 through the web UI."""
        schools = self.env.ref("joint_meeting.resolution_2025_schools")
        science = self.env.ref("joint_meeting.org_renhe_science")
        education = self.env.ref("joint_meeting.org_renhe_education")
        url = f"/odoo/action-joint_meeting.joint_meeting_resolution_action/{schools.id}"
        # The co-unit acknowledges its part.
        self.start_tour(url, "joint_meeting_acknowledge_tour", login="jm_science")
        assignment = schools.assignment_ids.filtered(lambda a: a.organization_id == science)
        self.assertEqual(assignment.state, "acknowledged")
        self.assertEqual(assignment.acknowledged_by, self.env.ref("joint_meeting.user_science"))
        # The office gave the matter to the health bureau, which returns it.
        health = self.env.ref("joint_meeting.org_renhe_health")
        schools.with_user(self.env.ref("joint_meeting.user_office")).action_reassign(
            health.id, science.ids, "调整牵头单位"
        )
        self.start_tour(url, "joint_meeting_return_tour", login="jm_civil")
        self.assertEqual(schools.acknowledgement_state, "returned")
        # The supervision office reassigns it to the education bureau.
        self.start_tour(url, "joint_meeting_reassign_tour", login="jm_supervisor")
        self.assertEqual(schools.lead_unit_id, education)
        self.assertEqual(schools.acknowledgement_state, "pending")
        self.assertIn(
            "returned",
            schools.assignment_ids.filtered(lambda a: a.organization_id == health).mapped("state"),
        )
        # The leadership approves the second extension of the matter.
        request = self.env.ref("joint_meeting.extension_2025_schools_2")
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_extension_action/{request.id}",
            "joint_meeting_extension_tour",
            login="jm_leader",
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(schools.deadline, request.requested_deadline)
        self.assertTrue(schools.repeat_extension)
        self.assertIn("按新期限", request.approve_comment)
        # The supervision office issues the red notice of the overdue matter.
        notice = self.env.ref("joint_meeting.notice_2025_fund_red")
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_notice_action/{notice.id}",
            "joint_meeting_notice_tour",
            login="jm_supervisor",
        )
        self.assertEqual(notice.state, "issued")
        self.assertTrue(notice.number.startswith("督办单〔"))
        # ... and prints it: the report the Print button downloads (Odoo's
        # test mode serves its HTML; the PDF itself is test_text_layer's).
        self.authenticate("jm_supervisor", "jm_supervisor")
        response = self.url_open(
            f"/report/pdf/joint_meeting.report_joint_meeting_supervision_notice/{notice.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(notice.number, response.text)
        self.assertIn("督办", response.text)

    def test_lead_unit_plans_and_requests_an_extension_approved_in_two_levels(self):
        """序时进度 and 延期申请 through the web UI: the lead unit plans its
        matter and requests a new deadline; the supervision office reviews
        and the leadership approves; only then the deadline moves."""
        youth = self.env.ref("joint_meeting.resolution_2025_youth")
        civil = self.env.ref("joint_meeting.user_civil")
        # The demo's pending request of the matter is refused first.
        pending = youth.extension_ids.filtered(lambda r: r.state == "submitted")
        pending.with_user(self.env.ref("joint_meeting.user_supervisor")).action_review("先核实")
        pending.with_user(self.env.ref("joint_meeting.user_leader")).action_refuse("不同意")
        old_deadline = youth.deadline
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_resolution_action/{youth.id}",
            "joint_meeting_plan_and_request_tour",
            login="jm_civil",
        )
        milestone = youth.milestone_ids.filtered(lambda m: m.name == "完成首批入住青年人才登记")
        self.assertEqual(
            (milestone.planned_percent, milestone.planned_date),
            (90, date.today() + timedelta(days=18)),
        )
        request = youth.extension_ids.filtered(lambda r: r.state == "submitted")
        self.assertEqual(len(request), 1)
        self.assertEqual(request.requested_by, civil)
        self.assertEqual(youth.deadline, old_deadline)
        url = f"/odoo/action-joint_meeting.joint_meeting_extension_action/{request.id}"
        self.start_tour(url, "joint_meeting_extension_decide_tour", login="jm_supervisor")
        self.assertEqual(request.state, "reviewed")
        self.assertEqual(youth.deadline, old_deadline)
        self.start_tour(url, "joint_meeting_extension_decide_tour", login="jm_leader")
        self.assertEqual(request.state, "approved")
        self.assertEqual(youth.deadline, date.today() + timedelta(days=120))

    def test_workbench_of_the_leadership(self):
        self.start_tour("/odoo", "joint_meeting_workbench_leader_tour", login="jm_leader")

    def test_workbench_of_a_mass_organisation(self):
        self.start_tour("/odoo", "joint_meeting_workbench_organization_tour", login="jm_disabled")

    def test_workbench_of_the_supervision_office(self):
        self.start_tour("/odoo", "joint_meeting_workbench_supervisor_tour", login="jm_supervisor")

    def test_leader_opens_a_matters_story_from_its_topic(self):
        """A leader asks about an agreed matter: from the topic, its whole story."""
        topic = self.env.ref("joint_meeting.topic_2025_disabled_jobs")
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_topic_action/{topic.id}",
            "joint_meeting_story_tour",
            login="jm_leader",
        )

    def test_supervision_office_issues_the_quarters_bulletin(self):
        """督查通报: the supervision office checks and issues the quarter's bulletin."""
        bulletin = self.env.ref("joint_meeting.bulletin_renhe_q1")
        self.assertEqual(bulletin.state, "draft")
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_bulletin_action",
            "joint_meeting_bulletin_tour",
            login="jm_supervisor",
        )
        self.assertEqual(bulletin.state, "issued")
        self.assertTrue(bulletin.number.startswith("仁督通〔"))
        self.assertIn("整改情况", bulletin.remarks)
        self.assertEqual(bulletin.issued_by, self.env.ref("joint_meeting.user_supervisor"))

    def test_supervision_office_confirms_and_exports_the_yearly_assessment(self):
        """The supervision office computes the 2026 assessment of units again,
        confirms it and exports it as XLSX."""
        assessment = self.env.ref("joint_meeting.assessment_2026")
        self.assertEqual(assessment.state, "computed")
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_assessment_action/{assessment.id}",
            "joint_meeting_assessment_tour",
            login="jm_supervisor",
        )
        self.assertEqual(assessment.state, "confirmed")
        self.assertEqual(assessment.confirmed_by, self.env.ref("joint_meeting.user_supervisor"))
        self.assertTrue(assessment.line_ids)


@tagged("post_install", "-at_install")
class TestJointMeetingPhoneTours(HttpCase):
    """The same paths on a phone (390×844)."""

    browser_size = "390x844"

    def test_department_replies_from_its_workbench_on_a_phone(self):
        consultation = self.env.ref("joint_meeting.consultation_2026_jobs_hrss")
        self.start_tour("/odoo", "joint_meeting_workbench_phone_reply_tour", login="jm_hrss")
        self.assertEqual(consultation.state, "replied")
        self.assertEqual(consultation.position, "agree")

    def test_unit_submits_a_topic_on_a_phone(self):
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_topic_action/new",
            "joint_meeting_phone_topic_tour",
            login="jm_union",
        )
        topic = self.env["joint.meeting.topic"].search(
            [("name", "=", "关于快递外卖骑手职业伤害保障的议题")]
        )
        self.assertEqual(topic.state, "submitted")
        self.assertEqual(topic.organization_id, self.env.ref("joint_meeting.org_renhe_union"))

    def test_unit_reports_on_its_agreed_matter_on_a_phone(self):
        matter = self.env.ref("joint_meeting.resolution_2025_youth")
        before = matter.followup_ids
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_resolution_action/{matter.id}",
            "joint_meeting_phone_followup_tour",
            login="jm_civil",
        )
        report = matter.followup_ids - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.percent, 60)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.create_uid, self.env.ref("joint_meeting.user_civil"))

    def _workbench_columns(self, login):
        """The workbench's columns (steps) of the demo user ``login``, as its
        kanban groups them."""
        user = self.env["res.users"].search([("login", "=", login)])
        return dict(
            self.env["joint.meeting.todo"].with_user(user)._read_group([], ["kind"], ["__count"])
        )

    def test_every_column_of_the_workbench_is_reached_on_a_phone(self):
        """The office's and the supervision office's workbenches have several
        columns: on a phone they stack, every column and card is reached by
        scrolling down, and a card of the second column opens."""
        for login in ("jm_office", "jm_supervisor"):
            with self.subTest(login=login):
                columns = self._workbench_columns(login)
                self.assertGreaterEqual(len(columns), 2, columns)
                self.start_tour("/odoo", "joint_meeting_phone_workbench_tour", login=login)

    def test_main_lists_open_as_cards_on_a_phone(self):
        """Agreed matters, consultations, topics, follow-up reports and
        notices: on a phone each action opens its kanban (Odoo's
        ``mobile_view_mode``), every card readable without sideways scrolling."""
        for action, login in (
            ("joint_meeting_resolution_action", "jm_supervisor"),
            ("joint_meeting_consultation_action", "jm_office"),
            ("joint_meeting_topic_action", "jm_office"),
            ("joint_meeting_followup_action", "jm_supervisor"),
            ("joint_meeting_notice_action", "jm_supervisor"),
            ("joint_meeting_extension_action", "jm_leader"),
        ):
            with self.subTest(action=action):
                self.assertIn("kanban", self.env.ref(f"joint_meeting.{action}").view_mode)
                self.start_tour(
                    f"/odoo/action-joint_meeting.{action}",
                    "joint_meeting_phone_list_tour",
                    login=login,
                )
