"""Warnings before premature steps (Art. 9), with the facts, for the roles that
take the step, on the form above its button."""

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestStepWarnings(JointMeetingPreparationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.topic = cls._topic(cls)
        cls.topic.state = "accepted"

    def _sent(self, department, due):
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": self.topic.id, "department_id": department.id, "due_date": due}
        )
        with freeze_time("2026-03-10"):
            consultation.with_user(self.user_office).action_send()
        return consultation

    def test_leader_is_told_how_many_replies_are_missing_and_by_when(self):
        hr = self._sent(self.org_hr, "2026-03-16")
        self._sent(self.org_finance, "2026-03-20")
        meeting = self.meeting.with_user(self.user_leader)
        with freeze_time("2026-03-18"):
            meeting.invalidate_recordset(["jm_warning"])
            warning = meeting.jm_warning
            self.assertIn("2 of 2 written consultations are not answered yet", warning)
            self.assertIn("Human Resources Bureau", warning)
            self.assertIn("Finance Bureau", warning)
            self.assertIn("1 are past their deadline", warning)
            self.assertIn("3/20", warning)
            # The office does not approve the agenda: no warning for it.
            office = self.meeting.with_user(self.user_office)
            self.assertFalse(office.jm_warning)
            # Once a department replied, the count follows.
            hr.sudo().write({"state": "replied"})
            meeting.invalidate_recordset(["jm_warning"])
            self.assertIn("1 of 2 written consultations", meeting.jm_warning)
            self.assertNotIn("Human Resources Bureau", meeting.jm_warning)

    def test_no_warning_when_every_department_replied(self):
        self._sent(self.org_hr, "2026-03-16").sudo().write({"state": "replied"})
        with freeze_time("2026-03-18"):
            self.assertFalse(self.meeting.with_user(self.user_leader).jm_warning)

    def test_unit_is_told_the_deadline_passed_before_it_submits(self):
        draft = self._topic(self.org_youth, name="Youth jobs")
        union_view = draft.with_user(self.user_youth)
        with freeze_time("2026-03-10"):  # the deadline is 15 days before 3/31
            self.assertFalse(union_view.jm_warning)
        with freeze_time("2026-03-25"):
            union_view.invalidate_recordset(["jm_warning"])
            warning = union_view.jm_warning
            self.assertIn("Art. 9: the deadline for proposals", warning)
            self.assertIn("ago", warning)
            # Accepted late by the office: nothing to warn of.
            draft.sudo().write({"late_exception": True, "late_exception_reason": "Flood"})
            union_view.invalidate_recordset(["jm_warning"])
            self.assertFalse(union_view.jm_warning)

    def test_office_is_told_the_proposal_deadline_passed_before_opening(self):
        meeting = self.meeting.sudo()
        meeting.state = "draft"
        with freeze_time("2026-03-25"):
            warning = meeting.with_user(self.user_office).jm_warning
            self.assertIn("Art. 9: the units propose their topics in writing by", warning)
            self.assertFalse(meeting.with_user(self.user_leader).jm_warning)
        with freeze_time("2026-03-01"):
            meeting.invalidate_recordset(["jm_warning"])
            self.assertFalse(meeting.with_user(self.user_office).jm_warning)

    def test_forms_show_the_warning_above_the_fields(self):
        for model in ("joint.meeting", "joint.meeting.topic"):
            arch = self.env[model].with_user(self.user_office).get_views([(False, "form")])
            root = etree.fromstring(arch["views"]["form"]["arch"])
            alerts = root.xpath("//div[contains(@class, 'o_jm_step_warning')]")
            self.assertEqual(len(alerts), 1, model)
            self.assertEqual(alerts[0].get("invisible"), "not jm_warning")
            self.assertTrue(alerts[0].xpath("./field[@name='jm_warning']"))
