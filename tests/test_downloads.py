from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDownloads(HttpCase):
    """The files a user downloads from the browser, through Odoo's routes."""

    def test_supervisor_downloads_the_ledger_as_xlsx(self):
        supervisor = self.env.ref("joint_meeting.user_supervisor")
        ledger = (
            self.env["joint.meeting.ledger"]
            .with_user(supervisor)
            .create({"meeting_id": self.env.ref("joint_meeting.meeting_renhe_2025").id})
        )
        action = ledger.action_download_xlsx()
        self.authenticate("jm_supervisor", "jm_supervisor")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))  # an XLSX is a zip
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        self.assertIn("spreadsheetml", response.headers["Content-Type"])

    def test_another_user_cannot_download_it(self):
        supervisor = self.env.ref("joint_meeting.user_supervisor")
        ledger = self.env["joint.meeting.ledger"].with_user(supervisor).create({"year": 2025})
        action = ledger.action_download_xlsx()
        self.authenticate("jm_union", "jm_union")
        response = self.url_open(action["url"])
        self.assertNotEqual(response.status_code, 200)
