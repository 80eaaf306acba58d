from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestJointMeetingTours(HttpCase):
    """Real users' paths through the web UI in Chinese, in headless Chromium."""

    def test_admin_configures_an_organization(self):
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_organization_action",
            "joint_meeting_organization_tour",
            login="jm_admin",
        )
        union = self.env.ref("joint_meeting.org_renhe_union")
        self.assertEqual(union.contact_name, "陈主席")
