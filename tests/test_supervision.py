import base64
import io
import subprocess
import tempfile
import zipfile

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import JointMeetingSupervisionCommon, run_cron


@tagged("post_install", "-at_install")
class TestSupervision(JointMeetingSupervisionCommon):
    def _urge(self, resolutions, user=None, **vals):
        wizard = (
            self.env["joint.meeting.urge"]
            .with_user(user or self.user_supervisor)
            .create({"resolution_ids": [(6, 0, resolutions.ids)], **vals})
        )
        return wizard.action_urge()

    def _urge_activities(self, resolutions):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "joint.meeting.resolution"),
                ("res_id", "in", resolutions.ids),
                ("activity_type_id", "=", self.env.ref("joint_meeting.mail_activity_type_urge").id),
            ]
        )

    # --- traffic light ------------------------------------------------------
    def test_traffic_light_from_deadline_and_progress(self):
        Resolution = self.env["joint.meeting.resolution"]
        # Deadline 2026-06-30, reminder window 5 days.
        cases = [
            ("2026-06-01", 0, "green"),
            ("2026-06-25", 0, "blue"),
            ("2026-06-30", 40, "blue"),
            ("2026-06-27", 100, "green"),
            ("2026-07-01", 0, "red"),
        ]
        for today, percent, light in cases:
            if percent:
                self.resolution.followup_ids.sudo().unlink()
                self._report(percent=percent, outcome="completed" if percent == 100 else "progress")
            with freeze_time(today):
                self.resolution.invalidate_recordset(["traffic_light"])
                self.assertEqual(self.resolution.traffic_light, light, today)
                found = Resolution.search(
                    [("traffic_light", "=", light), ("id", "=", self.resolution.id)]
                )
                self.assertEqual(found, self.resolution, today)
                others = Resolution.search(
                    [("traffic_light", "!=", light), ("id", "=", self.resolution.id)]
                )
                self.assertFalse(others, today)

    def test_closed_matters_have_no_light(self):
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        with freeze_time("2026-08-01"):
            self.resolution.invalidate_recordset(["traffic_light"])
            self.assertEqual(self.resolution.traffic_light, "none")
            self.assertFalse(
                self.env["joint.meeting.resolution"].search(
                    [("traffic_light", "=", "red"), ("id", "=", self.resolution.id)]
                )
            )

    # --- closing and reopening ----------------------------------------------
    def test_close_as_done_needs_an_accepted_report_of_completion(self):
        supervisor_view = self.resolution.with_user(self.user_supervisor)
        with self.assertRaisesRegex(UserError, "report of completion"):
            supervisor_view.action_close_done()
        report = self._report(outcome="completed", percent=100)
        with self.assertRaisesRegex(UserError, "report of completion"):
            supervisor_view.action_close_done()
        report.with_user(self.user_supervisor).action_accept("good")
        supervisor_view.action_close_done()
        self.assertEqual(self.resolution.state, "done")
        self.assertTrue(self.resolution.close_date)

    def test_close_as_not_implementable_once_the_explanation_is_accepted(self):
        report = self._report(outcome="cannot", percent=10, explanation="用地指标未获批准。")
        with self.assertRaisesRegex(UserError, "Art. 7"):
            self.resolution.with_user(self.user_supervisor).action_close_cannot()
        report.with_user(self.user_supervisor).action_accept("average")
        self.resolution.with_user(self.user_supervisor).action_close_cannot()
        self.assertEqual(self.resolution.state, "cannot")
        self.assertEqual(self.resolution.explanation, "用地指标未获批准。")

    def test_department_closing_its_own_matter_is_refused(self):
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        for user in (self.user_hr, self.user_office, self.user_leader):
            with self.assertRaisesRegex(UserError, "supervision office"):
                self.resolution.with_user(user).action_close_done()
            with self.assertRaises(UserError):
                self.resolution.with_user(user).write({"state": "done"})
        self.assertEqual(self.resolution.state, "in_progress")

    def test_reopen_with_a_reason(self):
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        wizard = self.env["joint.meeting.resolution.reopen"].with_user(self.user_supervisor)
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.create({"resolution_ids": self.resolution.ids, "reason": " "}).action_reopen()
        self.assertEqual(self.resolution.state, "done")
        with self.assertRaisesRegex(UserError, "supervision office"):
            self.resolution.with_user(self.user_hr)._reopen("again")
        wizard.create(
            {"resolution_ids": self.resolution.ids, "reason": "群众反映岗位质量不高。"}
        ).action_reopen()
        self.assertEqual(self.resolution.state, "in_progress")
        self.assertEqual(self.resolution.reopen_reason, "群众反映岗位质量不高。")
        self.assertFalse(self.resolution.close_date)
        self.assertIn("群众反映岗位质量不高", self.resolution.message_ids[0].body)

    # --- urging ---------------------------------------------------------------
    def test_urge_posts_a_numbered_notice_and_one_activity_per_unit(self):
        with freeze_time("2026-07-05"):
            self._urge(self.resolution, include_co_units=True)
            activities = self._urge_activities(self.resolution)
            self.assertEqual(activities.user_id, self.user_hr | self.user_finance)
            self.assertEqual(len(activities), 2)
            self.assertIn("督办〔2026〕1号", self.resolution.message_ids[0].body)
            self.assertEqual(self.resolution.urge_count, 1)
            # Urged again while the activities are open: a new notice, no second activity.
            self._urge(self.resolution, include_co_units=True)
            self.assertEqual(self._urge_activities(self.resolution), activities)
            self.assertIn("督办〔2026〕2号", self.resolution.message_ids[0].body)
            self.assertEqual(self.resolution.urge_count, 2)
            # Once the unit has answered, the next urging notice creates a new activity.
            activities.filtered(lambda a: a.user_id == self.user_hr).action_done()
            self._urge(self.resolution)
            self.assertEqual(len(self._urge_activities(self.resolution)), 2)

    def test_report_answers_the_urging_and_closing_ends_the_reminders(self):
        self._urge(self.resolution, include_co_units=True)
        self.assertEqual(len(self._urge_activities(self.resolution)), 2)
        report = self._report(outcome="completed", percent=100)
        self.assertFalse(self._urge_activities(self.resolution))
        with freeze_time("2026-07-05"):
            run_cron(self.env, "resolution_deadlines")
        self.assertTrue(self.resolution.activity_ids)
        report.with_user(self.user_supervisor).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        self.assertFalse(self.resolution.activity_ids)

    def test_urge_many_matters_at_once_from_the_list(self):
        other = self._more_matters(1, lead_unit_id=self.org_finance.id)
        matters = self.resolution | other
        action = matters.with_user(self.user_supervisor).action_open_urge()
        wizard = Form(
            self.env["joint.meeting.urge"]
            .with_user(self.user_supervisor)
            .with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.resolution_ids, matters)
        wizard.action_urge()
        self.assertEqual(
            {(a.res_id, a.user_id) for a in self._urge_activities(matters)},
            {(self.resolution.id, self.user_hr), (other.id, self.user_finance)},
        )

    def test_only_the_supervision_office_urges(self):
        for user in (self.user_hr, self.user_office):
            with self.assertRaises(AccessError):
                self._urge(self.resolution, user=user)
        with self.assertRaisesRegex(UserError, "supervision office"):
            self.resolution.with_user(self.user_office).action_open_urge()
        self.assertFalse(self._urge_activities(self.resolution))

    def test_closed_matters_are_not_urged(self):
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        with self.assertRaisesRegex(UserError, "open agreed matters"):
            self._urge(self.resolution)

    def test_liaison_receives_what_is_addressed_to_the_unit(self):
        self.org_hr.liaison_id = self.user_admin
        self.assertEqual(self.org_hr._liaison(), self.user_admin)
        self.org_hr.liaison_id = False
        self.assertEqual(self.org_hr._liaison(), self.user_hr)


@tagged("post_install", "-at_install")
class TestImplementationReport(JointMeetingSupervisionCommon):
    """Art. 7(2): the next meeting's agenda carries the report on this
    meeting's agreed matters, compiled by the system."""

    def _next_meeting(self):
        meeting = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Flood relief",
                "year": 2026,
                "date": "2026-12-15 02:00:00",
                "place": "Room 2",
                "chair_id": self.user_leader.id,
            }
        )
        return meeting

    def _report_topic(self, meeting):
        return meeting.topic_ids.filtered(lambda t: t.category == "implementation_report")

    def test_next_meeting_gets_the_report_compiled(self):
        self._report(percent=40)
        meeting = self._next_meeting()
        topic = self._report_topic(meeting)
        self.assertEqual(len(topic), 1)
        self.assertEqual(topic.state, "accepted")
        self.assertEqual(topic.organization_id, self.org_supervision)
        self.assertIn("建立农民工工资保证金制度", topic.report_body)
        self.assertIn("工资保证金制度已在12个项目试行", topic.report_body)
        self.assertIn("40", topic.report_body)

    def test_report_follows_changes_until_the_agenda_is_approved(self):
        meeting = self._next_meeting()
        topic = self._report_topic(meeting)
        self.assertIn("正在落实", topic.report_body)
        report = self._report(outcome="cannot", percent=10, explanation="用地指标未获批准。")
        report.with_user(self.user_supervisor).action_accept("average")
        self.resolution.with_user(self.user_supervisor).action_close_cannot()
        self.assertIn("无法落实", topic.report_body)
        self.assertIn("用地指标未获批准", topic.report_body)
        # The agenda is approved: the report is frozen.
        meeting.state = "collecting"
        meeting.with_user(self.user_leader).action_approve()
        frozen = topic.report_body
        self.resolution.with_user(self.user_supervisor)._reopen("复核")
        self.assertEqual(topic.report_body, frozen)

    def test_nobody_types_the_report(self):
        meeting = self._next_meeting()
        meeting.state = "collecting"
        with self.assertRaisesRegex(UserError, "compiled by the system"):
            self.env["joint.meeting.topic"].with_user(self.user_office).create(
                {
                    "meeting_id": meeting.id,
                    "organization_id": self.org_office.id,
                    "name": "typed",
                    "category": "implementation_report",
                }
            )

    def test_report_prints_with_the_notice(self):
        self._report(percent=40)
        meeting = self._next_meeting()
        self._pdf_text("joint_meeting.action_report_joint_meeting_notice", meeting)
        # The table's cells wrap in their A4 columns: read the text layer in
        # its own order (a cell's lines together), whitespace normalised.
        pdf = self._render_pdf("joint_meeting.action_report_joint_meeting_notice", meeting)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            raw = subprocess.run(
                ["pdftotext", "-raw", f.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        text = " ".join(raw.split())
        self.assertIn("议定事项落实情况", text)
        self.assertIn("Human Resources Bureau", text)
        self.assertIn("40%", text)

    def _regular_meeting_next_year(self):
        return self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2027,
                "date": "2027-03-30 02:00:00",
                "place": "Room 1",
                "chair_id": self.user_leader.id,
            }
        )

    def test_an_extraordinary_meeting_in_between_keeps_the_regular_report(self):
        """Art. 7(2)/Art. 8: an extraordinary meeting held before the next
        regular one does not take the regular meeting's report away: the
        report covers the regular meeting before and what was agreed since."""
        regular = self._regular_meeting_next_year()
        self.assertEqual(regular.previous_meeting_id, self.meeting)
        topic = self._report_topic(regular)
        self.assertEqual(topic.name, f"{self.meeting.name}议定事项落实情况")
        extraordinary = self._next_meeting()
        self.assertEqual(extraordinary.previous_meeting_id, self.meeting)
        regular.invalidate_recordset(["previous_meeting_id", "reported_meeting_ids"])
        self.assertEqual(regular.previous_meeting_id, self.meeting)
        self.assertEqual(regular.reported_meeting_ids, self.meeting | extraordinary)
        self.assertTrue(topic.exists(), "the regular meeting keeps its report")
        self.assertIn("建立农民工工资保证金制度", topic.report_body)
        # What the extraordinary meeting agrees joins the regular report.
        extraordinary.sudo().state = "held"
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": extraordinary.id, "name": "Flood relief minutes"}
        )
        matter = self.env["joint.meeting.resolution"].create(
            {
                "minutes_id": minutes.id,
                "name": "修复受灾职工住房",
                "lead_unit_id": self.org_hr.id,
                "deadline": "2027-01-31",
            }
        )
        minutes.write({"state": "issued"})
        matter.write({"state": "open"})
        regular._refresh_implementation_report()
        self.assertIn("修复受灾职工住房", topic.report_body)
        self.assertIn("建立农民工工资保证金制度", topic.report_body)
        self.assertEqual(topic.name, f"{self.meeting.name}以来各次联席会议议定事项落实情况")

    def test_meeting_action_opens_the_report(self):
        meeting = self._next_meeting()
        action = meeting.action_view_implementation_report()
        self.assertEqual(action["res_id"], self._report_topic(meeting).id)
        with self.assertRaisesRegex(UserError, "no agreed matters"):
            self.meeting.action_view_implementation_report()


@tagged("post_install", "-at_install")
class TestLedgerAndCompliance(JointMeetingSupervisionCommon):
    def _ledger(self, user=None, **vals):
        return self.env["joint.meeting.ledger"].with_user(user or self.user_supervisor).create(vals)

    def test_ledger_rows_filtered_by_year_meeting_and_unit(self):
        self._report(percent=40).with_user(self.user_supervisor).action_accept("good")
        rows = self._ledger(year=2026)._rows()
        self.assertEqual([r["matter"] for r in rows], ["建立农民工工资保证金制度"])
        row = rows[0]
        self.assertEqual(
            (row["lead_unit"], row["co_units"]), ("Human Resources Bureau", "Finance Bureau")
        )
        self.assertEqual(row["percent"], 40)
        self.assertEqual(row["rating"], "Good")
        self.assertFalse(self._ledger(year=2025)._rows())
        self.assertEqual(len(self._ledger(organization_id=self.org_finance.id)._rows()), 1)
        self.assertFalse(self._ledger(organization_id=self.org_youth.id)._rows())
        self.assertEqual(len(self._ledger(meeting_id=self.meeting.id)._rows()), 1)

    def test_ledger_xlsx_download(self):
        self._report(percent=40)
        ledger = self._ledger(year=2026)
        action = ledger.action_download_xlsx()
        self.assertIn("/web/content?model=joint.meeting.ledger", action["url"])
        self.assertTrue(ledger.xlsx_filename.endswith(".xlsx"))
        data = base64.b64decode(ledger.xlsx_file)
        with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
        self.assertIn("建立农民工工资保证金制度", strings)
        self.assertIn("Human Resources Bureau", strings)
        self.assertIn("工资保证金制度已在12个项目试行", strings)

    def test_ledger_pdf(self):
        self._report(percent=40)
        ledger = self._ledger(year=2026)
        action = ledger.action_print_pdf()
        self.assertEqual(action["report_name"], "joint_meeting.report_joint_meeting_ledger")
        text = self._pdf_text("joint_meeting.action_report_joint_meeting_ledger", ledger)
        self.assertIn("落实情况台账", text)
        self.assertIn("Overdue", text)
        self.assertIn("2026 Joint Meeting", text)

    def test_unit_ledger_shows_only_its_matters(self):
        rows = self._ledger(user=self.user_youth)._rows()
        self.assertFalse(rows)
        self.assertEqual(len(self._ledger(user=self.user_hr)._rows()), 1)

    def test_compliance_of_a_meeting(self):
        with freeze_time("2026-04-10"):
            self.meeting.invalidate_recordset()
            meeting = self.meeting
            self.assertTrue(meeting.proposal_lead_time_met)
            self.assertTrue(meeting.all_consultations_replied)
            self.assertTrue(meeting.minutes_on_time)
            self.assertEqual(meeting.resolution_count, 1)
            self.assertEqual(meeting.resolution_overdue_count, 0)
        with freeze_time("2026-07-10"):
            self.meeting.invalidate_recordset()
            self.assertEqual(self.meeting.resolution_overdue_count, 1)
            self.assertEqual(self.meeting.resolution_done_count, 0)

    def test_on_time_rate(self):
        late = self._more_matters(1)
        for matter, day in ((self.resolution, "2026-06-20"), (late, "2026-07-15")):
            with freeze_time(day):
                self._report(outcome="completed", percent=100, resolution_id=matter.id).with_user(
                    self.user_supervisor
                ).action_accept("good")
                matter.with_user(self.user_supervisor).action_close_done()
        self.assertEqual((self.resolution.on_time_percent, late.on_time_percent), (100, 0))
        [[rate]] = self.env["joint.meeting.resolution"]._read_group(
            [("company_id", "=", self.company.id), ("state", "=", "done")],
            aggregates=["on_time_percent:avg"],
        )
        self.assertEqual(rate, 50)

    def test_reporting_menus_per_role(self):
        reporting = self.env.ref("joint_meeting.menu_joint_meeting_reporting")
        followups = self.env.ref("joint_meeting.menu_joint_meeting_followups")
        Menu = self.env["ir.ui.menu"]
        for user in (self.user_supervisor, self.user_office, self.user_leader):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertIn(reporting.id, visible, user.login)
            self.assertIn(followups.id, visible, user.login)
        for user in (self.user_union, self.user_hr):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertNotIn(reporting.id, visible, user.login)
            self.assertIn(followups.id, visible, user.login)
        self.assertNotIn(reporting.id, Menu.with_user(self.user_plain)._visible_menu_ids())

    def test_kanban_columns_in_the_supervision_order(self):
        # The kanban view's call (19.0: domain, groupby, aggregates; the web
        # client asks for the empty columns with read_group_expand).
        groups = (
            self.env["joint.meeting.resolution"]
            .with_context(read_group_expand=True)
            .web_read_group([("id", "=", self.resolution.id)], ["state"], ["__count"])["groups"]
        )
        self.assertEqual([g["state"] for g in groups], ["open", "in_progress", "done", "cannot"])
        self.assertEqual([g["__count"] for g in groups], [1, 0, 0, 0])

    def test_dashboards_group_by_unit_state_and_year(self):
        groups = self.env["joint.meeting.resolution"]._read_group(
            [("company_id", "=", self.company.id)], ["lead_unit_id", "state"], ["__count"]
        )
        self.assertEqual(groups, [(self.org_hr, "open", 1)])
        for xmlid in (
            "joint_meeting.joint_meeting_resolution_action_dashboard",
            "joint_meeting.joint_meeting_followup_action_dashboard",
        ):
            action = self.env.ref(xmlid)
            self.assertIn("pivot", action.view_mode)
            self.assertIn("graph", action.view_mode)
