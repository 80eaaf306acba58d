import threading

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import Form, tagged

from .common import (
    ConcurrentTransactionCase,
    JointMeetingMinutesCommon,
    a_transaction_waits_for_a_lock,
    commit_approved_minutes,
    remove_committed_minutes,
    run_cron,
)


@tagged("post_install", "-at_install")
class TestMinutes(JointMeetingMinutesCommon):
    def test_every_drafting_organisation_confirms_who_and_when(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_union).action_confirm_text()
        confirmation = self.minutes.confirmation_ids
        self.assertEqual(confirmation.organization_id, self.org_union)
        self.assertEqual(confirmation.user_id, self.user_union)
        self.assertTrue(confirmation.date)
        self.assertEqual(self.minutes.missing_confirmation_ids, self.org_office)
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_youth).action_confirm_text()

    def test_approval_refused_before_all_confirm(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_union).action_confirm_text()
        with self.assertRaisesRegex(UserError, "Art. 11"):
            self.minutes.with_user(self.user_leader).action_approve()
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_office).action_request_approval()
        self.minutes.with_user(self.user_office).action_request_approval(
            "The office confirms on its own behalf by phone"
        )
        self.minutes.with_user(self.user_leader).action_approve()
        self.assertEqual(self.minutes.state, "approved")

    def test_only_leadership_approves_and_returns(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        for user in (self.user_office, self.user_union):
            with self.assertRaises(UserError):
                self.minutes.with_user(user).action_approve()
        action = self.minutes.action_open_return()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_leader)
            .with_context(**action["context"])
        )
        wizard.comment = "Add the deadline of each matter"
        wizard.save().action_confirm()
        self.assertEqual(self.minutes.state, "draft")
        self.assertEqual(self.minutes.return_comment, "Add the deadline of each matter")

    @freeze_time("2026-04-10")
    def test_issue_numbers_per_year_locks_and_opens_matters(self):
        self._through_review()
        self.minutes.with_user(self.user_office).action_issue()
        self.assertEqual(self.minutes.state, "issued")
        self.assertEqual(self.minutes.document_number, "测府纪〔2026〕1号")
        self.assertEqual(str(self.minutes.issue_date), "2026-04-10")
        self.assertEqual(self.resolution.state, "open")
        self.assertEqual(self.meeting.state, "minutes_issued")
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_office).action_issue()
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_office).write({"body": "<p>changed</p>"})
        with self.assertRaises(UserError):
            self.minutes.unlink()
        self.assertEqual(self.minutes.body, "<p>会议听取了各群团组织的工作通报。</p>")

    @freeze_time("2026-04-10")
    def test_second_minutes_of_the_year_get_the_next_number_and_revision(self):
        self._through_review()
        self.minutes.with_user(self.user_office).action_issue()
        action = self.minutes.with_user(self.user_office).action_new_revision()
        revision = self.env["joint.meeting.minutes"].browse(action["res_id"])
        self.assertEqual(revision.previous_revision_id, self.minutes)
        self.assertEqual(revision.state, "draft")
        self._through_review(revision)
        revision.with_user(self.user_office).action_issue()
        self.assertEqual(revision.document_number, "测府纪〔2026〕2号")
        with freeze_time("2027-01-05"):
            third = self.minutes.with_user(self.user_office).action_new_revision()
            third = self.env["joint.meeting.minutes"].browse(third["res_id"])
            self._through_review(third)
            third.with_user(self.user_office).action_issue()
            self.assertEqual(third.document_number, "测府纪〔2027〕1号")

    def test_matters_added_only_while_draft(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        with self.assertRaises(UserError):
            self.env["joint.meeting.resolution"].create(
                {
                    "minutes_id": self.minutes.id,
                    "name": "Late matter",
                    "lead_unit_id": self.org_hr.id,
                    "deadline": "2026-06-30",
                }
            )

    def test_matter_deadline_after_meeting(self):
        with self.assertRaises(ValidationError):
            self.env["joint.meeting.resolution"].create(
                {
                    "minutes_id": self.minutes.id,
                    "name": "Too early",
                    "lead_unit_id": self.org_hr.id,
                    "deadline": "2026-03-01",
                }
            )

    def test_cannot_be_implemented_needs_explanation(self):
        with self.assertRaises(ValidationError):
            self.resolution.write({"state": "cannot"})
        self.resolution.write({"state": "cannot", "explanation": "No budget this year"})
        self.assertEqual(self.resolution.state, "cannot")

    def test_attendance_absent_needs_reason_substitute_needs_name(self):
        Attendance = self.env["joint.meeting.attendance"]
        vals = {
            "meeting_id": self.meeting.id,
            "organization_id": self.org_hr.id,
            "attendee_name": "孙浩",
        }
        with self.assertRaises(ValidationError):
            Attendance.create({**vals, "status": "absent"})
        with self.assertRaises(ValidationError):
            Attendance.create({**vals, "status": "substitute"})
        line = Attendance.create({**vals, "status": "substitute", "substitute_name": "李副局长"})
        self.assertEqual(line.substitute_name, "李副局长")

    def test_units_see_their_matters_supervisor_sees_all(self):
        Resolution = self.env["joint.meeting.resolution"]
        self.assertIn(self.resolution, Resolution.with_user(self.user_hr).search([]))
        self.assertIn(self.resolution, Resolution.with_user(self.user_finance).search([]))
        self.assertIn(self.resolution, Resolution.with_user(self.user_supervisor).search([]))
        self.assertNotIn(self.resolution, Resolution.with_user(self.user_youth).search([]))
        with self.assertRaises(AccessError):
            self.resolution.with_user(self.user_hr).write({"deadline": "2026-12-31"})

    def test_supervisor_never_edits_minutes(self):
        self._through_review()
        self.minutes.with_user(self.user_office).action_issue()
        self.assertTrue(self.minutes.with_user(self.user_supervisor).name)
        with self.assertRaises(AccessError):
            self.env["joint.meeting.minutes"].with_user(self.user_supervisor).check_access("write")
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_supervisor).write({"name": "x"})

    def test_org_users_read_only_minutes_they_draft(self):
        Minutes = self.env["joint.meeting.minutes"]
        self.assertIn(self.minutes, Minutes.with_user(self.user_union).search([]))
        self.assertNotIn(self.minutes, Minutes.with_user(self.user_youth).search([]))
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_union).write({"body": "<p>x</p>"})

    @freeze_time("2026-04-10")
    def test_minutes_pdf_renders_chinese_with_cjk_font(self):
        self._through_review()
        self.minutes.with_user(self.user_office).action_issue()
        text = self._pdf_text("joint_meeting.action_report_joint_meeting_minutes", self.minutes)
        self.assertIn("2026", text)
        self.assertIn("1", text)
        self.assertIn("纪要", text)
        self.assertIn("抄送", text)
        self.assertIn("测试区", text)

    def test_review_only_after_the_meeting_is_held(self):
        self.meeting.state = "approved"
        with self.assertRaisesRegex(UserError, "Art. 11"):
            self.minutes.with_user(self.user_office).action_submit_review()
        self.assertEqual(self.minutes.state, "draft")

    def test_minutes_reminder_cron_edges_and_idempotent(self):
        self.company.joint_meeting_minutes_days = 15
        activity_type = self.env.ref("joint_meeting.mail_activity_type_minutes_overdue")

        def reminders():
            return self.meeting.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        # The meeting was on 2026-03-31 (10:00 in the district): the minutes are
        # due by 2026-04-15, the district's day (Asia/Shanghai), and late from 4/16.
        self.assertEqual(str(self.meeting.minutes_deadline), "2026-04-15")
        with freeze_time("2026-04-15 15:30:00"):  # 23:30 on 4/15 in the district
            run_cron(self.env, "minutes_issue")
            self.assertFalse(reminders())
        with freeze_time("2026-04-15 16:30:00"):  # 00:30 on 4/16
            run_cron(self.env, "minutes_issue")
            first = reminders()
            self.assertEqual(first.user_id, self.org_office._liaison())
            self.assertIn(first.user_id, self.org_office.member_ids)
            run_cron(self.env, "minutes_issue")
            self.assertEqual(reminders(), first)
        self._through_review()
        with freeze_time("2026-04-16"):
            self.minutes.with_user(self.user_office).action_issue()
            self.assertEqual(self.meeting.state, "minutes_issued")
            self.assertFalse(reminders())
            other = self.env["joint.meeting"].search_count(
                [("state", "=", "held"), ("id", "=", self.meeting.id)]
            )
            self.assertEqual(other, 0)


@tagged("post_install", "-at_install")
class TestMinutesConcurrentIssue(ConcurrentTransactionCase):
    """Two users issue minutes of the same district at the same moment, in two
    real database transactions: the numbers must differ. This needs committed
    data, so the test commits on its own cursors and removes what it made."""

    def test_two_users_issuing_at_once_get_distinct_numbers(self):
        db = self.env.registry._db
        ids, company_id, numbering = commit_approved_minutes(
            self.registry, ["Concurrent 1", "Concurrent 2"]
        )
        numbers, errors = {}, []
        holding = threading.Event()

        def issue(minutes_id, hold):
            try:
                with db.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

                    def work():
                        env["joint.meeting.minutes"].browse(minutes_id).action_issue()
                        if hold:
                            holding.set()  # numbered, its transaction still open
                            hold.wait(10)

                    retrying(work, env)  # commits, retries on serialization errors
                    numbers[minutes_id] = (
                        env["joint.meeting.minutes"].browse(minutes_id).document_number
                    )
            except Exception as e:  # noqa: BLE001 - reported by the test below
                errors.append(e)

        try:
            release = threading.Event()
            first = threading.Thread(target=issue, args=(ids[0], release))
            first.start()
            self.assertTrue(holding.wait(30), "the first issuer never numbered its minutes")
            second = threading.Thread(target=issue, args=(ids[1], None))
            second.start()
            self.assertTrue(
                a_transaction_waits_for_a_lock(db), "the second issuer never waited for the first"
            )
            release.set()
            first.join(30)
            second.join(30)
            self.assertFalse(errors)
            self.assertEqual(len(numbers), 2)
            self.assertNotEqual(numbers[ids[0]], numbers[ids[1]])
        finally:
            remove_committed_minutes(self.registry, ids, company_id, numbering)
