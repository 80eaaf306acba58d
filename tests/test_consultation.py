from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestConsultation(JointMeetingPreparationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.topic = cls._topic(cls)
        cls.topic.state = "accepted"

    def _send_wizard(self):
        action = self.meeting.action_send_consultations()
        return Form(
            self.env[action["res_model"]]
            .with_user(self.user_office)
            .with_context(**action["context"])
        )

    @freeze_time("2026-03-10")
    def test_wizard_sends_one_per_topic_and_department_without_duplicates(self):
        wizard = self._send_wizard()
        wizard.letter_number = "仁府办函〔2026〕5号"
        self.assertEqual(wizard.new_count, 2)
        wizard.save().action_send()
        self.assertEqual(len(self.meeting.consultation_ids), 2)
        self.assertEqual(set(self.meeting.consultation_ids.mapped("state")), {"waiting"})
        self.assertEqual(self.meeting.missing_reply_count, 2)
        wizard = self._send_wizard()
        self.assertEqual(wizard.new_count, 0)
        wizard.save().action_send()
        self.assertEqual(len(self.meeting.consultation_ids), 2)
        self.assertEqual(str(self.meeting.consultation_ids[0].due_date), "2026-03-17")

    @freeze_time("2026-03-10")
    def test_coordination_meeting_needs_date(self):
        wizard = self._send_wizard()
        wizard.mode = "coordination"
        with self.assertRaises(AssertionError):
            wizard.save()

    def test_due_date_after_meeting_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["joint.meeting.consultation"].create(
                {
                    "topic_id": self.topic.id,
                    "department_id": self.org_hr.id,
                    "due_date": "2026-04-05",
                }
            )

    def _sent(self, department):
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": self.topic.id, "department_id": department.id, "due_date": "2026-03-20"}
        )
        with freeze_time("2026-03-10"):
            consultation.with_user(self.user_office).action_send()
        return consultation

    def test_department_replies_formally_and_reply_is_locked(self):
        consultation = self._sent(self.org_hr)
        self.assertTrue(consultation.activity_ids)
        action = consultation.with_user(self.user_hr).action_open_reply()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.user_hr).with_context(**action["context"])
        )
        wizard.position = "agree_amended"
        wizard.reply_text = "<p>Agree; the fund should be managed by the finance bureau.</p>"
        wizard.reply_number = "仁人社函〔2026〕12号"
        wizard.save().action_confirm()
        self.assertEqual(consultation.state, "replied")
        self.assertEqual(consultation.replied_by_id, self.user_hr)
        self.assertFalse(consultation.replied_on_behalf)
        self.assertFalse(consultation.activity_ids)
        with self.assertRaises(UserError):
            consultation.write({"position": "disagree"})

    def test_department_cannot_reply_for_another_department(self):
        consultation = self._sent(self.org_hr)
        # It cannot even read it: the access rules refuse, in the rules' words.
        with self.assertRaises(AccessError):
            consultation.with_user(self.user_finance).action_reply("agree", "<p>ok</p>")
        self.assertEqual(consultation.state, "waiting")

    def test_office_replies_on_behalf_recorded(self):
        consultation = self._sent(self.org_finance)
        consultation.with_user(self.user_office).action_reply("agree", "<p>By phone</p>")
        self.assertTrue(consultation.replied_on_behalf)

    def test_empty_reply_refused(self):
        consultation = self._sent(self.org_hr)
        with self.assertRaises(UserError):
            consultation.with_user(self.user_hr).action_reply("agree", "<p><br></p>")
        with self.assertRaises(UserError):
            consultation.with_user(self.user_hr).action_reply(False, "<p>text</p>")
        self.assertEqual(consultation.state, "waiting")

    def test_reply_to_cancelled_meeting_refused(self):
        consultation = self._sent(self.org_hr)
        self.meeting._do_cancel("Postponed")
        with self.assertRaises(UserError):
            consultation.with_user(self.user_hr).action_reply("agree", "<p>ok</p>")

    def test_overdue_is_computed_and_searchable(self):
        consultation = self._sent(self.org_hr)
        Consultation = self.env["joint.meeting.consultation"]
        with freeze_time("2026-03-20"):
            consultation.invalidate_recordset(["is_overdue"])
            self.assertFalse(consultation.is_overdue)
        with freeze_time("2026-03-21"):
            consultation.invalidate_recordset(["is_overdue"])
            self.assertTrue(consultation.is_overdue)
            self.assertIn(consultation, Consultation.search([("is_overdue", "=", True)]))
            self.assertNotIn(consultation, Consultation.search([("is_overdue", "=", False)]))

    def test_sent_consultation_cannot_be_deleted(self):
        consultation = self._sent(self.org_hr)
        with self.assertRaises(UserError):
            consultation.unlink()
