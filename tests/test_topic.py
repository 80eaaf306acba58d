from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestTopic(JointMeetingPreparationCommon):
    # The meeting is on 2026-03-31; 15 days before is 2026-03-16.
    @freeze_time("2026-03-15 09:00:00")
    def test_topic_submitted_16_days_before_is_accepted(self):
        topic = self._topic()
        topic.with_user(self.user_union).action_submit()
        self.assertEqual(topic.state, "submitted")

    @freeze_time("2026-03-16 09:00:00")
    def test_topic_submitted_15_days_before_is_accepted(self):
        topic = self._topic()
        topic.with_user(self.user_union).action_submit()
        self.assertEqual(topic.state, "submitted")

    @freeze_time("2026-03-17 09:00:00")
    def test_topic_submitted_14_days_before_is_refused(self):
        topic = self._topic()
        # The deadline as a date in a sentence, never ISO (2026-03-16).
        with self.assertRaisesRegex(UserError, "3/16/2026"):
            topic.with_user(self.user_union).action_submit()
        self.assertEqual(topic.state, "draft")

    @freeze_time("2026-03-21 09:00:00")
    def test_topic_submitted_10_days_before_is_refused_in_chinese(self):
        topic = self._topic()
        with self.assertRaisesRegex(UserError, "第九条"):
            topic.with_user(self.user_union).with_context(lang="zh_CN").action_submit()

    @freeze_time("2026-03-21 09:00:00")
    def test_late_topic_only_through_office_exception(self):
        topic = self._topic()
        with self.assertRaises(UserError):
            topic.with_user(self.user_union).action_grant_late_exception("please")
        action = topic.action_open_late_exception()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_office)
            .with_context(**action["context"])
        )
        wizard.reason = "Urgent flood relief topic"
        wizard.save().action_confirm()
        self.assertTrue(topic.late_exception)
        topic.with_user(self.user_union).action_submit()
        self.assertEqual(topic.state, "submitted")

    @freeze_time("2026-03-10")
    def test_leadership_accepts_and_returns_with_wizard(self):
        first = self._topic()
        second = self._topic(org=self.org_youth, name="Youth startup park")
        (first | second).with_user(self.user_office).action_submit()
        action = first.action_open_review()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_leader)
            .with_context(**action["context"])
        )
        wizard.comment = "Agreed"
        wizard.save().action_accept()
        self.assertEqual(first.state, "accepted")
        self.assertEqual(first.reviewer_id, self.user_leader)
        with self.assertRaises(UserError):
            second.with_user(self.user_leader).action_return("")
        second.with_user(self.user_leader).action_return("Merge with the union's topic")
        self.assertEqual(second.state, "returned")

    @freeze_time("2026-03-10")
    def test_office_and_organisations_cannot_approve(self):
        topic = self._topic()
        topic.with_user(self.user_union).action_submit()
        for user in (self.user_office, self.user_union, self.user_hr):
            with self.assertRaises(UserError):
                topic.with_user(user).action_accept()
        self.assertEqual(topic.state, "submitted")

    @freeze_time("2026-03-10")
    def test_submit_after_approval_fails(self):
        topic = self._topic()
        topic.with_user(self.user_union).action_submit()
        topic.with_user(self.user_leader).action_accept()
        with self.assertRaises(UserError):
            topic.with_user(self.user_union).action_submit()
        with self.assertRaises(UserError):
            topic.with_user(self.user_leader).action_accept()

    def test_countermeasures_required_to_submit(self):
        topic = self._topic(countermeasures=False)
        with self.assertRaises(UserError):
            topic.with_user(self.user_union).action_submit()

    def test_categories_need_their_sub_area(self):
        with self.assertRaises(ValidationError):
            self._topic(category="rights_consultation", sub_area="funds")
        with self.assertRaises(ValidationError):
            self._topic(category="self_building", sub_area="employment")
        topic = self._topic(category="self_building", sub_area="facilities")
        self.assertEqual(topic.sub_area, "facilities")

    def test_implementation_report_is_not_typed(self):
        with self.assertRaises(UserError):
            self.env["joint.meeting.topic"].with_user(self.user_office).create(
                {
                    "meeting_id": self.meeting.id,
                    "organization_id": self.org_office.id,
                    "name": "Report",
                    "category": "implementation_report",
                }
            )

    @freeze_time("2026-03-10")
    def test_submitted_topic_cannot_be_deleted(self):
        topic = self._topic()
        topic.with_user(self.user_union).action_submit()
        with self.assertRaises(UserError):
            topic.unlink()
        topic.with_user(self.user_union).action_withdraw()
        topic.unlink()
        self.assertFalse(topic.exists())

    @freeze_time("2026-03-10")
    def test_proposal_wizard_submits_the_organisations_drafts(self):
        first = self._topic()
        second = self._topic(name="Rest rooms for outdoor workers", sub_area="labour_safety")
        other = self._topic(org=self.org_youth, name="Youth topic")
        action = first.with_user(self.user_union).action_open_submit()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_union)
            .with_context(**action["context"])
        )
        self.assertEqual(len(wizard.topic_ids), 2)
        wizard.proposed_place = "Workers' cultural palace"
        wizard.agenda_note = "1. Wages 2. Rest rooms"
        wizard.save().action_submit()
        self.assertEqual((first | second).mapped("state"), ["submitted", "submitted"])
        self.assertEqual(other.state, "draft")
        self.assertIn("Workers' cultural palace", self.meeting.message_ids[0].body)
