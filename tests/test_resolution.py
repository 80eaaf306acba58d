from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JointMeetingMinutesCommon


@tagged("post_install", "-at_install")
class TestResolution(JointMeetingMinutesCommon):
    @contextmanager
    def _refused(self, exception, message):
        """assertRaisesRegex that also rolls back what the failed call wrote."""
        with self.assertRaises(exception) as cm:
            yield
        self.assertIn(message, str(cm.exception))

    def _matter(self, **vals):
        return self.env["joint.meeting.resolution"].create(
            {
                "minutes_id": self.minutes.id,
                "name": "Rest rooms for outdoor workers",
                "lead_unit_id": self.org_finance.id,
                "deadline": "2026-09-30",
                **vals,
            }
        )

    def test_deadline_on_or_before_the_meeting_day_is_refused(self):
        # The meeting is on 2026-03-31.
        for deadline in ("2026-03-01", "2026-03-31"):
            with self._refused(ValidationError, "after the meeting"):
                self._matter(deadline=deadline)
        with self.assertRaises(ValidationError):
            self.resolution.write({"deadline": "2026-03-30"})
        self.assertEqual(str(self.resolution.deadline), "2026-06-30")
        self.assertEqual(self._matter(deadline="2026-04-01").meeting_id, self.meeting)

    def test_matters_added_only_while_the_minutes_are_a_draft(self):
        self.minutes.with_user(self.user_office).action_submit_review()
        with self._refused(UserError, "draft"):
            self._matter()
        with self._refused(UserError, "locked"):
            self.resolution.write({"lead_unit_id": self.org_finance.id})
        self.env.invalidate_all()
        self.assertEqual(self.resolution.lead_unit_id, self.org_hr)
        self.assertEqual(len(self.minutes.resolution_ids), 1)

    def test_issuing_the_minutes_opens_their_matters(self):
        self.assertEqual(self.resolution.state, "draft")
        self._issue()
        self.assertEqual(self.resolution.state, "open")
        self.assertEqual(self.meeting.resolution_ids, self.resolution)

    def test_lead_or_co_unit_starts_an_open_matter(self):
        self._issue()
        with self.assertRaises(UserError):
            self.resolution.with_user(self.user_youth).action_start()
        self.assertEqual(self.resolution.state, "open")
        # A unit starts its matter once it has acknowledged it (签收).
        with self._refused(UserError, "acknowledged"):
            self.resolution.with_user(self.user_finance).action_start()
        self.resolution.with_user(self.user_finance).action_acknowledge()
        self.resolution.with_user(self.user_finance).action_start()
        self.assertEqual(self.resolution.state, "in_progress")
        with self._refused(UserError, "In Progress"):
            self.resolution.with_user(self.user_hr).action_start()

    def test_draft_matter_cannot_be_started(self):
        with self.assertRaises(UserError):
            self.resolution.with_user(self.user_hr).action_start()
        self.assertEqual(self.resolution.state, "draft")

    def test_cannot_be_implemented_needs_an_explanation(self):
        self._issue()
        for explanation in (False, "   "):
            with self._refused(ValidationError, "explanation"):
                self.resolution.write({"state": "cannot", "explanation": explanation})
        self.env.invalidate_all()
        self.assertEqual(self.resolution.state, "open")
        self.resolution.write({"state": "cannot", "explanation": "No budget line this year"})
        self.assertEqual(self.resolution.state, "cannot")

    def test_matters_of_issued_minutes_are_archived_not_deleted(self):
        self._issue()
        with self.assertRaises(UserError):
            self.resolution.with_user(self.user_office).unlink()
        self.resolution.with_user(self.user_office).action_archive()
        self.assertFalse(self.resolution.active)

    def test_matter_of_another_district_is_refused(self):
        other_org = self.org_other
        with self.assertRaises(UserError):
            self._matter(lead_unit_id=other_org.id)
