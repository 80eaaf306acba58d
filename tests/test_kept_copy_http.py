from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged

MINUTES_REPORT = "joint_meeting.report_joint_meeting_minutes"


@tagged("post_install", "-at_install")
class TestKeptCopyOverRpc(HttpCase):
    """The demo's issued minutes (仁府纪〔2025〕7号) and their kept copy,
    attacked over XML-RPC by every role and Odoo's administrator, and printed
    through /report/... by users who may not see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.minutes = cls.env["joint.meeting.minutes"].search(
            [("document_number", "=", "仁府纪〔2025〕7号")]
        )
        cls.copy = cls.minutes.pdf_attachment_id
        cls.raw = cls.copy.raw

    def _rpc(self, login, method, *args):
        uid = self.xmlrpc_common.login(self.env.cr.dbname, login, login)
        self.assertTrue(uid, login)
        return self.xmlrpc_object.execute(
            self.env.cr.dbname, uid, login, "ir.attachment", method, *args
        )

    def test_every_role_and_the_administrator_are_refused_over_rpc(self):
        self.assertTrue(self.raw.startswith(b"%PDF"))
        for login in (
            "admin",
            "jm_admin",
            "jm_office",
            "jm_leader",
            "jm_union",
            "jm_hrss",
            "jm_supervisor",
        ):
            for method, args in (
                ("write", ([self.copy.id], {"datas": "JVBERiBmb3JnZWQ="})),
                ("write", ([self.copy.id], {"name": "renamed.pdf"})),
                ("unlink", ([self.copy.id],)),
            ):
                with self.subTest(login=login, method=method, args=args):
                    with self.assertRaises(Fault) as refused:
                        self._rpc(login, method, *args)
                    # Refused by the seal (it names the document), or before it by
                    # the access rights of a role that may not write the minutes.
                    message = refused.exception.faultString
                    if login in ("admin", "jm_admin", "jm_office"):
                        self.assertIn("仁府纪〔2025〕7号", message)
                    else:
                        self.assertRegex(message, "仁府纪〔2025〕7号|joint.meeting.minutes")
        self.copy.invalidate_recordset()
        self.assertEqual(self.copy.raw, self.raw)
        self.assertEqual(self.copy.name, "会议纪要-仁府纪〔2025〕7号.pdf")

    def _get(self, login, converter):
        self.authenticate(login, login)
        return self.url_open(f"/report/{converter}/{MINUTES_REPORT}/{self.minutes.id}")

    def test_report_urls_refuse_with_403_and_the_reason(self):
        new_test_user(self.env, login="jm_no_role", groups="base.group_user", lang="zh_CN")
        for login in ("jm_east_office", "jm_no_role"):
            for converter in ("pdf", "html"):
                with self.subTest(login=login, converter=converter):
                    response = self._get(login, converter)
                    self.assertEqual(response.status_code, 403)
                    self.assertIn("403", response.text)
                    # The reason in the rules' words, naming the document kind.
                    self.assertIn("不能查看此联席会议纪要", response.text)
        response = self._get("jm_office", "html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("仁府纪〔2025〕7号", response.text)
