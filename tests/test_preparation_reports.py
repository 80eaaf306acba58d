from odoo.tests import tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestPreparationReports(JointMeetingPreparationCommon):
    def test_meeting_notice_pdf(self):
        topic = self._topic(name="WAGE-GUARANTEE")
        topic.state = "accepted"
        text = self._pdf_text("joint_meeting.action_report_joint_meeting_notice", self.meeting)
        self.assertIn("WAGE-GUARANTEE", text)
        self.assertIn("meeting room 1", text)
        self.assertIn("通知", text)

    def test_topic_proposal_form_pdf(self):
        topic = self._topic(name="REST-ROOMS")
        text = self._pdf_text("joint_meeting.action_report_joint_meeting_topic_form", topic)
        self.assertIn("REST-ROOMS", text)
        self.assertIn("Trade Union", text)
        self.assertIn("申报", text)

    def test_consultation_letter_pdf(self):
        topic = self._topic(name="PAYROLL-FUND")
        topic.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {
                "topic_id": topic.id,
                "department_id": self.org_hr.id,
                "due_date": "2026-03-20",
                "letter_number": "LETTER-2026-5",
            }
        )
        text = self._pdf_text(
            "joint_meeting.action_report_joint_meeting_consultation_letter", consultation
        )
        self.assertIn("LETTER-2026-5", text)
        self.assertIn("PAYROLL-FUND", text)
        self.assertIn("Human Resources Bureau", text)
        self.assertIn("回执", text)

    def test_print_file_names_are_chinese(self):
        names = {
            "joint_meeting.action_report_joint_meeting_notice": "会议通知",
            "joint_meeting.action_report_joint_meeting_topic_form": "议题申报表",
            "joint_meeting.action_report_joint_meeting_consultation_letter": "征求意见函",
            "joint_meeting.action_report_joint_meeting_minutes": "会议纪要",
        }
        for xmlid, prefix in names.items():
            self.assertIn(prefix, self.env.ref(xmlid).print_report_name)
