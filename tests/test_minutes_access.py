from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import JointMeetingMinutesCommon


@tagged("post_install", "-at_install")
class TestMinutesAccess(JointMeetingMinutesCommon):
    def _visible(self, user, record):
        return record in self.env[record._name].with_user(user).search([])

    # --- office -----------------------------------------------------------
    def test_office_creates_edits_and_deletes_draft_minutes(self):
        Minutes = self.env["joint.meeting.minutes"].with_user(self.user_office)
        minutes = Minutes.create({"meeting_id": self.meeting.id, "name": "Draft 2"})
        minutes.write({"body": "<p>Text</p>"})
        self.assertEqual(minutes.body, "<p>Text</p>")
        minutes.unlink()
        self.assertFalse(minutes.exists())

    def test_office_cannot_approve_on_the_leaders_behalf(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_office).action_confirm_text()
        self.minutes.with_user(self.user_union).action_confirm_text()
        for user in (self.user_office, self.user_admin):
            with self.assertRaisesRegex(UserError, "leadership"):
                self.minutes.with_user(user).action_approve()
        self.assertEqual(self.minutes.state, "review")

    def test_issued_minutes_locked_for_every_role_including_admin(self):
        self._issue()
        for user in (self.user_office, self.user_admin, self.user_leader):
            with self.assertRaisesRegex(UserError, "locked"):
                self.minutes.with_user(user).write({"body": "<p>changed</p>"})
            with self.assertRaises(UserError):
                self.minutes.with_user(user).unlink()
        self.assertTrue(self.minutes.exists())
        self.assertEqual(self.minutes.body, "<p>会议听取了各群团组织的工作通报。</p>")

    def test_issuing_twice_is_refused_and_keeps_the_number(self):
        self._issue()
        number = self.minutes.document_number
        with self.assertRaisesRegex(UserError, "Issued"):
            self.minutes.with_user(self.user_office).action_issue()
        self.assertEqual(self.minutes.document_number, number)

    # --- leadership -------------------------------------------------------
    def test_only_a_leader_approves_the_minutes(self):
        """Art. 10/11: the minutes are approved by the leadership, never by the
        chair's stand-ins from other roles."""
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_office).action_confirm_text()
        self.minutes.with_user(self.user_union).action_confirm_text()
        for user in (self.user_union, self.user_hr, self.user_supervisor):
            with self.assertRaises(UserError):
                self.minutes.with_user(user).action_approve()
        self.assertEqual(self.minutes.state, "review")
        self.minutes.with_user(self.user_leader).action_approve()
        self.assertEqual(self.minutes.state, "approved")
        self.assertEqual(self.minutes.approved_by_id, self.user_leader)

    def test_leader_cannot_issue_or_submit(self):
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_leader).action_submit_review()
        self._through_review()
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_leader).action_issue()
        self.assertEqual(self.minutes.state, "approved")
        self.assertFalse(self.minutes.document_number)

    def test_leader_reads_all_minutes_but_cannot_create_or_delete(self):
        self.assertTrue(self._visible(self.user_leader, self.minutes))
        Minutes = self.env["joint.meeting.minutes"].with_user(self.user_leader)
        with self.assertRaises(AccessError):
            Minutes.create({"meeting_id": self.meeting.id, "name": "x"})
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_leader).unlink()

    def test_approving_own_draft_without_the_others_confirmation_is_refused(self):
        """The office cannot push its own text through: the union has not
        confirmed, no override reason is given."""
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_office).action_confirm_text()
        with self.assertRaisesRegex(UserError, "Trade Union"):
            self.minutes.with_user(self.user_office).action_request_approval()
        with self.assertRaisesRegex(UserError, "Art. 11"):
            self.minutes.with_user(self.user_leader).action_approve()
        self.assertEqual(self.minutes.state, "review")
        self.assertFalse(self.minutes.override_reason)

    # --- drafting mass organisation ---------------------------------------
    def test_drafting_org_reads_and_confirms_but_never_writes(self):
        self.assertTrue(self._visible(self.user_union, self.minutes))
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_union).write({"body": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_union).unlink()
        with self.assertRaises(AccessError):
            self.env["joint.meeting.minutes"].with_user(self.user_union).create(
                {"meeting_id": self.meeting.id, "name": "x"}
            )
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_union).action_submit_review()
        self.minutes.with_user(self.user_office).action_submit_review()
        self.minutes.with_user(self.user_union).action_confirm_text()
        self.assertEqual(self.minutes.confirmation_ids.user_id, self.user_union)
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_union).action_confirm_text()

    def test_non_drafting_org_sees_no_draft_and_cannot_confirm(self):
        self.assertFalse(self._visible(self.user_youth, self.minutes))
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_youth).read(["body"])
        self.minutes.with_user(self.user_office).action_submit_review()
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_youth).action_confirm_text()
        self.assertFalse(self.minutes.confirmation_ids)

    def test_every_joint_meeting_user_reads_issued_minutes(self):
        self._issue()
        for user in (self.user_youth, self.user_hr, self.user_supervisor):
            self.assertTrue(self._visible(user, self.minutes))

    # --- department, supervisor, others -----------------------------------
    def test_department_and_supervisor_do_not_see_draft_minutes(self):
        for user in (self.user_hr, self.user_supervisor):
            self.assertFalse(self._visible(user, self.minutes))

    def test_supervisor_never_writes_creates_or_deletes_minutes(self):
        self._issue()
        Minutes = self.env["joint.meeting.minutes"].with_user(self.user_supervisor)
        with self.assertRaises(AccessError):
            Minutes.create({"meeting_id": self.meeting.id, "name": "x"})
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_supervisor).unlink()
        with self.assertRaises(AccessError):
            Minutes.check_access("write")

    def test_plain_user_and_other_district_see_nothing(self):
        self._issue()
        with self.assertRaises(AccessError):
            self.minutes.with_user(self.user_plain).read(["name"])
        with self.assertRaises(AccessError):
            self.resolution.with_user(self.user_plain).read(["name"])
        self.assertFalse(self._visible(self.user_other, self.minutes))
        self.assertFalse(self._visible(self.user_other, self.resolution))

    # --- agreed matters ---------------------------------------------------
    def test_units_read_their_own_matters_only(self):
        self.assertTrue(self._visible(self.user_hr, self.resolution))
        self.assertTrue(self._visible(self.user_finance, self.resolution))
        for user in (self.user_youth, self.user_union):
            self.assertFalse(self._visible(user, self.resolution))

    def test_supervisor_and_leader_read_all_matters_but_do_not_edit(self):
        for user in (self.user_supervisor, self.user_leader):
            self.assertTrue(self._visible(user, self.resolution))
            with self.assertRaises(AccessError):
                self.resolution.with_user(user).write({"deadline": "2026-12-31"})
            with self.assertRaises(AccessError):
                self.resolution.with_user(user).unlink()

    def test_units_never_create_edit_or_delete_matters(self):
        Resolution = self.env["joint.meeting.resolution"].with_user(self.user_hr)
        with self.assertRaises(AccessError):
            Resolution.create(
                {
                    "minutes_id": self.minutes.id,
                    "name": "x",
                    "lead_unit_id": self.org_hr.id,
                    "deadline": "2026-06-30",
                }
            )
        with self.assertRaises(AccessError):
            self.resolution.with_user(self.user_hr).write({"deadline": "2026-12-31"})
        with self.assertRaises(AccessError):
            self.resolution.with_user(self.user_hr).unlink()
        self.assertEqual(str(self.resolution.deadline), "2026-06-30")

    def test_office_manages_matters_of_draft_minutes(self):
        Resolution = self.env["joint.meeting.resolution"].with_user(self.user_office)
        matter = Resolution.create(
            {
                "minutes_id": self.minutes.id,
                "name": "Second matter",
                "lead_unit_id": self.org_finance.id,
                "deadline": "2026-09-30",
            }
        )
        matter.write({"name": "Second matter, renamed"})
        self.assertEqual(matter.meeting_id, self.meeting)
        matter.unlink()
        self.assertFalse(matter.exists())

    # --- attendance -------------------------------------------------------
    def test_attendance_kept_by_the_office_read_by_others(self):
        line = (
            self.env["joint.meeting.attendance"]
            .with_user(self.user_office)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "organization_id": self.org_union.id,
                    "attendee_name": "王芳",
                }
            )
        )
        self.assertEqual(line.with_user(self.user_union).attendee_name, "王芳")
        with self.assertRaises(AccessError):
            line.with_user(self.user_union).write({"status": "absent", "absence_reason": "ill"})
        with self.assertRaises(AccessError):
            line.with_user(self.user_leader).unlink()
