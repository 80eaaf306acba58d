from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import JointMeetingCommon


@tagged("post_install", "-at_install")
class TestSettings(JointMeetingCommon):
    def test_defaults_follow_the_regulation(self):
        self.assertEqual(self.company.joint_meeting_proposal_lead_days, 15)
        self.assertTrue(self.company.joint_meeting_minutes_number_pattern)

    def test_settings_round_trip(self):
        settings = (
            self.env["res.config.settings"].with_user(self.user_admin).with_company(self.company)
        )
        with Form(settings) as form:
            form.joint_meeting_proposal_lead_days = 20
            form.joint_meeting_reminder_days = 3
            form.joint_meeting_minutes_number_pattern = "测府纪〔{year}〕{number}号"
            form.joint_meeting_issuing_authority = "测试区人民政府"
        form.record.execute()
        self.assertEqual(self.company.joint_meeting_proposal_lead_days, 20)
        self.assertEqual(self.company.joint_meeting_reminder_days, 3)
        self.assertEqual(self.company._joint_meeting_format_number(2026, 3), "测府纪〔2026〕3号")
        self.assertEqual(self.company._joint_meeting_authority(), "测试区人民政府")
        reread = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertEqual(reread.joint_meeting_proposal_lead_days, 20)

    def test_settings_are_per_district(self):
        self.company.joint_meeting_proposal_lead_days = 30
        self.assertEqual(self.other_company.joint_meeting_proposal_lead_days, 15)

    def test_lead_time_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.company.joint_meeting_proposal_lead_days = 0

    def test_number_pattern_needs_number(self):
        with self.assertRaises(ValidationError):
            self.company.joint_meeting_minutes_number_pattern = "仁府纪〔{year}〕"
        with self.assertRaises(ValidationError):
            self.company.joint_meeting_minutes_number_pattern = "{year}-{number}-{unknown}"

    def test_annual_deadline_must_be_a_date(self):
        with self.assertRaises(ValidationError):
            self.company.write(
                {"joint_meeting_annual_deadline_month": 2, "joint_meeting_annual_deadline_day": 30}
            )

    def test_authority_defaults_to_company_name(self):
        self.assertEqual(self.company._joint_meeting_authority(), "Test District Government")

    def test_only_admin_changes_settings(self):
        for user in (self.user_office, self.user_union, self.user_leader, self.user_supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["res.config.settings"].with_user(user).create(
                    {"joint_meeting_proposal_lead_days": 5}
                ).execute()

    def test_rotation_button_opens_mass_organisations(self):
        action = (
            self.env["res.config.settings"]
            .with_user(self.user_admin)
            .create({})
            .action_joint_meeting_rotation()
        )
        self.assertEqual(action["res_model"], "joint.meeting.organization")
        self.assertIn(("kind", "=", "mass"), action["domain"])
