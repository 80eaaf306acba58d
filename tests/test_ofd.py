"""The OFD copy of each issued document, read by an independent OFD reader
(ofdkit, Apache-2.0) and compared with the document and with its PDF."""

import hashlib
import io
import re
import zipfile
from unittest.mock import patch

import ofdkit
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JointMeetingMinutesCommon
from .pdf_text import pdf_words

NS = {"ofd": "http://www.ofdspec.org/2016"}
PT = 25.4 / 72


def compact(text):
    return re.sub(r"\s+", "", text)


def pdf_baselines(pdf):
    """Words of a PDF page by page, with their left edge and baseline in
    millimetres from the top left corner."""
    pages = []
    for page in pdf_words(pdf):
        words = []
        for word in page:
            # Noto CJK's ascender and descender: 1.16 and 0.288 em.
            size = (word.y_max - word.y_min) / 1.448
            words.append((word.text, word.x_min * PT, (word.y_max - 0.288 * size) * PT))
        pages.append(words)
    return pages


@tagged("post_install", "-at_install")
class TestOfdCopies(JointMeetingMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The district writes in Chinese: the file names are Chinese.
        cls.company.partner_id.lang = "zh_CN"
        cls.minutes.body = (
            "<p>会议听取了各群团组织的工作通报，研究了群众关心的突出问题。现纪要如下：</p>"
            "<p>一、关于农民工工资保障</p><p>会议要求各部门按照职责分工抓好落实。</p>"
        )

    def _reader(self, record):
        data = record.ofd_attachment_id.raw
        self.assertTrue(data.startswith(b"PK"))
        return ofdkit.open(data), zipfile.ZipFile(io.BytesIO(data))

    def assertStructure(self, doc, package):
        names = package.namelist()
        for name in ("OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"):
            self.assertIn(name, names)
        self.assertFalse(doc.warnings)
        self.assertTrue(doc.pages)
        for page in doc.pages:
            self.assertEqual(page.box, (0.0, 0.0, 210.0, 297.0))
        res = etree.fromstring(package.read("Doc_0/PublicRes.xml"))
        fonts = [f.get("FontName") for f in res.findall("ofd:Fonts/ofd:Font", NS)]
        self.assertIn("仿宋", fonts)
        self.assertTrue(res.findall("ofd:ColorSpaces/ofd:ColorSpace", NS))

    def assertInOrder(self, text, parts):
        text = compact(text)
        position = 0
        for part in parts:
            found = text.find(compact(part), position)
            self.assertGreaterEqual(found, 0, f"{part!r} not found after position {position}")
            position = found + len(compact(part))

    @freeze_time("2026-04-10")
    def test_minutes_issued_with_a_sealed_ofd_copy(self):
        self._issue()
        minutes = self.minutes
        attachment = minutes.ofd_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(attachment.name, f"会议纪要-{minutes.document_number}.ofd")
        self.assertEqual(attachment.mimetype, "application/ofd")
        self.assertEqual((attachment.res_model, attachment.res_id), (minutes._name, minutes.id))
        self.assertEqual(minutes.ofd_sha256, hashlib.sha256(attachment.raw).hexdigest())
        self.assertTrue(minutes._jm_ofd_matches())
        # Sealed: nobody changes or deletes it, nor points the minutes elsewhere.
        with self.assertRaises(UserError):
            attachment.write({"raw": b"forged"})
        with self.assertRaises(UserError):
            attachment.unlink()
        with self.assertRaises(UserError):
            minutes.sudo().write({"ofd_sha256": "0" * 64})

    @freeze_time("2026-04-10")
    def test_minutes_ofd_read_by_ofdkit(self):
        # Fonts embedded, as outside the tests.
        Minutes = type(self.env["joint.meeting.minutes"])
        with patch.object(Minutes, "_jm_ofd_embed_fonts", lambda record: True):
            self._issue()
        minutes = self.minutes
        doc, package = self._reader(minutes)
        with doc:
            self.assertStructure(doc, package)
            self.assertEqual(doc.info.title, minutes.name)
            self.assertEqual(doc.info.author, "测试区人民政府")
            self.assertEqual(doc.info.creation_date, "2026-04-10")
            self.assertEqual(doc.info.custom_data["发文字号"], minutes.document_number)
            self.assertEqual(doc.info.custom_data["文种"], "纪要")
            self.assertEqual(len(doc.info.doc_id), 32)
            text = doc.text()
        res = etree.fromstring(package.read("Doc_0/PublicRes.xml"))
        for font in res.findall("ofd:Fonts/ofd:Font", NS):
            location = f"Doc_0/Res/{font.findtext('ofd:FontFile', namespaces=NS)}"
            self.assertIn(location, package.namelist())
        self.assertInOrder(
            text,
            [
                "测试区人民政府",
                "会议纪要",
                minutes.document_number,
                minutes.name,
                "会议听取了各群团组织的工作通报",
                "一、关于农民工工资保障",
                "会议议定事项如下：",
                "1.建立农民工工资保证金制度（牵头单位：Human Resources Bureau",
                "完成时限：2026年6月30日）",
                "主送：各乡镇人民政府，区政府各部门",
                "抄送：区委办公室，区人大常委会办公室",
                "测试区人民政府",
                "2026年4月10日印发",
                "—1—",
            ],
        )

    @freeze_time("2026-04-10")
    def test_minutes_ofd_positions_match_the_pdf(self):
        """Issuing authority, number, title, first body line and page number
        stand where the PDF has them: within 3 mm across, and within 6 mm down
        (the OFD sets the body on the 22-line grid, the PDF flows it)."""
        self._issue()
        minutes = self.minutes
        pdf = self._render_pdf("joint_meeting.action_report_joint_meeting_minutes", minutes)
        pdf_page = pdf_baselines(pdf)[0]
        with self._reader(minutes)[0] as doc:
            runs = doc.pages[0].runs
        for label in (
            "测试区人民政府",
            minutes.document_number,
            minutes.name[:6],
            "会议听取了各群团组织",
            "—",
        ):
            with self.subTest(label=label):
                words = [w for w in pdf_page if w[0].startswith(label)]
                ofd_runs = [r for r in runs if compact(r.text).startswith(compact(label))]
                self.assertTrue(words, label)
                self.assertTrue(ofd_runs, label)
                _text, x, baseline = words[0]
                run = ofd_runs[0]
                self.assertAlmostEqual(run.x, x, delta=3.0)
                self.assertAlmostEqual(run.y, baseline, delta=6.0)

    def test_supervision_notice_ofd(self):
        with freeze_time("2026-04-10"):
            self._issue()
        with freeze_time("2026-07-01"):
            notice = self.env["joint.meeting.notice"].create(
                {
                    "resolution_id": self.resolution.id,
                    "colour": "red",
                    "reason": "已逾期1天。",
                    "organization_id": self.org_hr.id,
                    "leader_id": self.user_leader.id,
                    "deadline": "2026-06-30",
                }
            )
            self.assertFalse(notice.ofd_attachment_id)
            notice.with_user(self.user_supervisor).action_issue()
        self.assertEqual(notice.ofd_attachment_id.name, f"督办单-{notice.number}.ofd")
        doc, package = self._reader(notice)
        with doc:
            self.assertStructure(doc, package)
            self.assertEqual(doc.info.custom_data["发文字号"], notice.number)
            text = doc.text()
        self.assertInOrder(
            text,
            [
                "测试区人民政府督查督办单",
                "（红色督办单）",
                notice.number,
                "Human Resources Bureau：",
                "议定事项“建立农民工工资保证金制度”由你单位牵头落实",
                "完成时限为2026年6月30日。已逾期1天。",
                "该事项已逾期",
                "目标督查办",
                "2026年7月1日",
                f"抄送：{self.user_leader.name}",
            ],
        )

    def test_supervision_bulletin_ofd(self):
        with freeze_time("2026-04-10"):
            self._issue()
        with freeze_time("2026-07-02"):
            bulletin = self.env["joint.meeting.bulletin"].create(
                {
                    "company_id": self.company.id,
                    "period_type": "quarterly",
                    "date_from": "2026-04-01",
                    "main_recipients": "各牵头单位",
                }
            )
            bulletin.remarks = "<p>请各牵头单位按期办结。</p>"
            bulletin.with_user(self.user_supervisor).action_issue()
        self.assertEqual(bulletin.ofd_attachment_id.name, f"督查通报-{bulletin.number}.ofd")
        doc, package = self._reader(bulletin)
        with doc:
            self.assertStructure(doc, package)
            self.assertEqual(doc.info.title, bulletin.name)
            text = doc.text()
        self.assertInOrder(
            text,
            [
                "督查通报",
                bulletin.number,
                "Supervision Office",
                bulletin.name,
                "目标督查办公室对联席会议议定事项的落实情况进行了督查",
                "一、各牵头单位落实情况",
                "牵头单位",
                "Human Resources Bureau",
                "请各牵头单位按期办结。",
                "主送：各牵头单位",
                "2026年7月2日印发",
            ],
        )
        pdf = self._render_pdf("joint_meeting.action_report_joint_meeting_bulletin", bulletin)
        pdf_page = pdf_baselines(pdf)[0]
        with self._reader(bulletin)[0] as doc:
            runs = doc.pages[0].runs
        for label in ("督查通报", bulletin.number, bulletin.name[:6]):
            with self.subTest(label=label):
                _text, x, baseline = next(w for w in pdf_page if w[0].startswith(label))
                run = next(r for r in runs if r.text.startswith(label))
                self.assertAlmostEqual(run.x, x, delta=3.0)
                self.assertAlmostEqual(run.y, baseline, delta=6.0)

    @freeze_time("2026-04-10")
    def test_download_respects_who_may_read(self):
        self._issue()
        minutes = self.minutes
        action = minutes.with_user(self.user_union).action_download_ofd()
        self.assertEqual(
            action["url"], f"/web/content/{minutes.ofd_attachment_id.id}?download=true"
        )
        for user in (self.user_other, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                minutes.with_user(user).action_download_ofd()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                minutes.ofd_attachment_id.with_user(user).read(["raw"])

    @freeze_time("2026-04-10")
    def test_made_at_first_download_when_making_failed_at_issue(self):
        self.minutes.write({"body": "<p>正文</p>"})
        ofd_model = type(self.env["joint.meeting.minutes"])
        with self.assertLogs("odoo.addons.joint_meeting.models.joint_meeting_ofd", "ERROR"):
            original = ofd_model._jm_ofd_document
            ofd_model._jm_ofd_document = lambda self: 1 / 0
            try:
                self._issue()
            finally:
                ofd_model._jm_ofd_document = original
        self.assertEqual(self.minutes.state, "issued")
        self.assertFalse(self.minutes.ofd_attachment_id)
        self.minutes.with_user(self.user_union).action_download_ofd()
        self.assertTrue(self.minutes.ofd_attachment_id)
        with self.assertRaises(UserError):
            self.env["joint.meeting.minutes"].create(
                {"meeting_id": self.meeting.id, "name": "x", "ofd_sha256": "0"}
            )


@tagged("post_install", "-at_install")
class TestOfdDownloadOverHttp(HttpCase):
    """The demo's issued minutes: their OFD copy is downloaded by a reader
    with a Chinese file name, and refused to a user who may not read them."""

    def test_download(self):
        minutes = self.env["joint.meeting.minutes"].search(
            [("document_number", "=", "仁府纪〔2025〕7号")]
        )
        new_test_user(self.env, login="jm_ofd_plain", groups="base.group_user")
        self.authenticate("jm_union", "jm_union")
        action = self.url_open(
            "/web/dataset/call_button/joint.meeting.minutes/action_download_ofd",
            data=(
                '{"jsonrpc": "2.0", "params": {"model": "joint.meeting.minutes", '
                f'"method": "action_download_ofd", "args": [[{minutes.id}]], "kwargs": {{}}}}}}'
            ),
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.assertIn(
            "filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81",  # 会议纪要
            response.headers["Content-Disposition"],
        )
        self.assertEqual(
            ofdkit.open(response.content).info.custom_data["发文字号"], "仁府纪〔2025〕7号"
        )
        self.authenticate("jm_ofd_plain", "jm_ofd_plain")
        response = self.url_open(action["url"])
        self.assertIn(response.status_code, (403, 404))
