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

    def test_mass_organisation_submits_a_topic(self):
        self.start_tour(
            "/odoo/action-joint_meeting.joint_meeting_topic_action",
            "joint_meeting_topic_tour",
            login="jm_union",
        )
        topic = self.env["joint.meeting.topic"].search(
            [("name", "=", "关于新就业形态劳动者权益保障的议题")]
        )
        self.assertEqual(topic.state, "submitted")
        self.assertEqual(topic.organization_id, self.env.ref("joint_meeting.org_renhe_union"))
        self.assertIn("区职工之家", topic.meeting_id.message_ids[0].body)
