from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

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
        """The downloaded file is named in the user's language: the kind of
        document, then which one."""
        topic = self._topic(name="PAYROLL-FUND")
        topic.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": topic.id, "department_id": self.org_hr.id, "due_date": "2026-03-20"}
        )
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": self.meeting.id, "name": "MINUTES-DRAFT"}
        )
        names = {
            "joint_meeting.action_report_joint_meeting_notice": (
                self.meeting,
                f"会议通知-{self.meeting.name}",
                f"Meeting Notice-{self.meeting.name}",
            ),
            "joint_meeting.action_report_joint_meeting_topic_form": (
                topic,
                "议题申报表-PAYROLL-FUND",
                "Topic Proposal Form-PAYROLL-FUND",
            ),
            "joint_meeting.action_report_joint_meeting_consultation_letter": (
                consultation,
                "征求意见函-Human Resources Bureau",
                "Consultation Letter-Human Resources Bureau",
            ),
            "joint_meeting.action_report_joint_meeting_minutes": (
                minutes,
                "会议纪要-MINUTES-DRAFT",
                "Minutes-MINUTES-DRAFT",
            ),
        }
        for xmlid, (record, chinese, english) in names.items():
            expression = self.env.ref(xmlid).print_report_name
            for lang, expected in (("zh_CN", chinese), ("en_US", english)):
                name = safe_eval(expression, {"object": record.with_context(lang=lang)})
                self.assertEqual(name, expected, xmlid)
