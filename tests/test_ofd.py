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
from odoo.modules.migration import load_script
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models import joint_meeting_minutes_kept_copy as kept_copy
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

    def _issue_and_keep(self, minutes=None):
        """Issue, then run what the issue triggered after its commit: the
        scheduled action that keeps the PDF and the OFD, sealed in one link."""
        minutes = minutes or self.minutes
        self._issue(minutes)
        self.assertFalse(minutes.ofd_attachment_id, "the issuing request makes no OFD")
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        return minutes

    def _issue_notice(self, colour="red"):
        with freeze_time("2026-04-10"):
            self._issue()
        with freeze_time("2026-07-01"):
            notice = self.env["joint.meeting.notice"].create(
                {
                    "resolution_id": self.resolution.id,
                    "colour": colour,
                    "reason": "已逾期1天。",
                    "organization_id": self.org_hr.id,
                    "leader_id": self.user_leader.id,
                    "deadline": "2026-06-30",
                }
            )
            cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies")
            triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
            notice.with_user(self.user_supervisor).action_issue()
            self.assertFalse(notice.ofd_attachment_id, "the issuing request makes no OFD")
            self.assertEqual(
                self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
                triggers + 1,
            )
            self.env["joint.meeting.notice"]._cron_seal_ofd_copies()
        return notice

    def _check_chains(self, user=None):
        self.env["joint.meeting.minutes"].invalidate_model()
        minutes = self.env["joint.meeting.minutes"].with_user(user or self.user_supervisor)
        return minutes.browse(self.minutes.id).action_check_seal_chain()["params"]

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

    def assertPositionsMatch(self, pdf, record, labels):
        """The first word of the PDF's first page and the first run of the
        OFD's that start with each label stand within 3 mm across and 6 mm
        down of each other (the OFD sets the body on the 22-line grid)."""
        pdf_page = pdf_baselines(pdf)[0]
        with self._reader(record)[0] as doc:
            runs = doc.pages[0].runs
        for label in labels:
            with self.subTest(label=label):
                words = [w for w in pdf_page if w[0].startswith(label)]
                ofd_runs = [r for r in runs if compact(r.text).startswith(compact(label))]
                self.assertTrue(words, f"{label} not in the PDF's words {pdf_page}")
                self.assertTrue(ofd_runs, f"{label} not in the OFD's runs")
                _text, x, baseline = words[0]
                run = ofd_runs[0]
                self.assertAlmostEqual(run.x, x, delta=3.0, msg=f"{label} across")
                self.assertAlmostEqual(run.y, baseline, delta=6.0, msg=f"{label} down")

    def assertInOrder(self, text, parts):
        text = compact(text)
        position = 0
        for part in parts:
            found = text.find(compact(part), position)
            self.assertGreaterEqual(found, 0, f"{part!r} not found after position {position}")
            position = found + len(compact(part))

    @freeze_time("2026-04-10")
    def test_minutes_issued_with_a_sealed_ofd_copy(self):
        minutes = self._issue_and_keep()
        attachment = minutes.ofd_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(attachment.name, f"会议纪要-{minutes.document_number}.ofd")
        self.assertEqual(attachment.mimetype, "application/ofd")
        self.assertEqual((attachment.res_model, attachment.res_id), (minutes._name, minutes.id))
        self.assertEqual(minutes.ofd_sha256, hashlib.sha256(attachment.raw).hexdigest())
        self.assertTrue(minutes._jm_ofd_matches())
        # Sealed in the kept copy's link: number, body, PDF, OFD and the previous link.
        self.assertTrue(minutes.pdf_attachment_id)
        self.assertEqual(minutes.ofd_seal_sequence, minutes.seal_sequence)
        self.assertTrue(minutes.ofd_sealed_date)
        Minutes = self.env["joint.meeting.minutes"]
        self.assertEqual(
            minutes.seal_hash,
            Minutes._joint_meeting_seal_hash(
                "",
                [
                    minutes.company_id.id,
                    minutes.seal_sequence,
                    minutes.document_number,
                    minutes.body,
                    minutes.pdf_sha256,
                    minutes.ofd_sha256,
                ],
            ),
        )
        # The OFD names the PDF sealed with it.
        with ofdkit.open(attachment.raw) as doc:
            self.assertEqual(doc.info.custom_data["PDF SHA-256"], minutes.pdf_sha256)
        self.assertIn(": 1 kept copies verified", self._check_chains()["message"])
        # Sealed: nobody changes or deletes it, nor points the minutes elsewhere.
        with self.assertRaises(UserError):
            attachment.write({"raw": b"forged"})
        with self.assertRaises(UserError):
            attachment.unlink()
        for field in ("ofd_sha256", "ofd_seal_hash", "ofd_seal_sequence"):
            with self.assertRaises(UserError):
                minutes.sudo().write({field: 1 if field == "ofd_seal_sequence" else "0" * 64})

    @freeze_time("2026-04-10")
    def test_minutes_ofd_read_by_ofdkit(self):
        # Fonts embedded, as outside the tests.
        Minutes = type(self.env["joint.meeting.minutes"])
        with patch.object(Minutes, "_jm_ofd_embed_fonts", lambda record: True):
            minutes = self._issue_and_keep()
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
        minutes = self._issue_and_keep()
        pdf = minutes.pdf_attachment_id.raw  # the PDF sealed with the OFD
        self.assertPositionsMatch(
            pdf,
            minutes,
            (
                "测试区人民政府",
                minutes.document_number,
                minutes.name[:6],
                "会议听取了各群团组织",
                "—",
            ),
        )

    def test_supervision_notice_ofd(self):
        notice = self._issue_notice()
        self.assertEqual(notice.ofd_seal_sequence, 1)
        self.assertTrue(notice._jm_ofd_matches())
        self.assertEqual(notice.ofd_attachment_id.name, f"{notice.number}.ofd")
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
        # At true size, the PDF has the OFD's layout: authority, number, the
        # addressee and the first body line where the OFD has them.
        pdf = self._render_pdf(
            "joint_meeting.action_report_joint_meeting_supervision_notice", notice
        )
        self.assertPositionsMatch(
            pdf,
            notice,
            (
                "测试区人民政府督查督办单",
                "（红色督办单）",
                notice.number,
                "Human",
                notice.resolution_id.meeting_id.name[:4],
            ),
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
            self.assertFalse(bulletin.ofd_attachment_id, "the issuing request makes no OFD")
            self.env["joint.meeting.notice"]._cron_seal_ofd_copies()
        self.assertEqual(bulletin.ofd_seal_sequence, 1)
        self.assertEqual(bulletin.ofd_attachment_id.name, f"{bulletin.number}.ofd")
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
        self.assertPositionsMatch(pdf, bulletin, ("督查通报", bulletin.number, bulletin.name[:6]))
        self.assertIn("supervision bulletins", self._check_chains()["message"])

    @freeze_time("2026-04-10")
    def test_download_respects_who_may_read(self):
        """Downloaded before the kept copy is made: the OFD is made and sealed
        then, in a link of its own; the kept PDF takes the next link."""
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
        self.assertEqual(minutes.ofd_seal_sequence, 1)
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        self.assertEqual(minutes.seal_sequence, 2)
        self.assertEqual(minutes.ofd_seal_sequence, 1)
        result = self._check_chains()
        self.assertEqual(result["type"], "success", result["message"])
        self.assertIn(": 2 kept copies verified", result["message"])

    @freeze_time("2026-04-10")
    def test_made_by_the_scheduled_action_when_making_failed_with_the_kept_copy(self):
        self.minutes.write({"body": "<p>正文</p>"})
        Minutes = type(self.env["joint.meeting.minutes"])
        cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self._issue()
        with (
            self.assertLogs("odoo.addons.joint_meeting.models.joint_meeting_minutes_kept_copy"),
            patch.object(Minutes, "_jm_ofd_document", side_effect=ZeroDivisionError),
        ):
            self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        minutes = self.minutes
        self.assertEqual(minutes.state, "issued")
        self.assertTrue(minutes.pdf_attachment_id, "the PDF is kept all the same")
        self.assertFalse(minutes.ofd_attachment_id)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers
        )
        self.env["joint.meeting.notice"]._cron_seal_ofd_copies()
        self.assertTrue(minutes.ofd_attachment_id)
        self.assertEqual(minutes.ofd_seal_sequence, minutes.seal_sequence + 1)
        self.assertEqual(self._check_chains()["type"], "success")
        with self.assertRaises(UserError):
            self.env["joint.meeting.minutes"].create(
                {"meeting_id": self.meeting.id, "name": "x", "ofd_sha256": "0"}
            )

    @freeze_time("2026-04-10")
    def test_an_altered_ofd_breaks_the_chain_at_its_link(self):
        """Link 1: the first minutes' PDF and OFD; link 2: the revision's OFD,
        downloaded before its kept copy; link 3: the revision's PDF. An OFD
        altered in the file store, its recorded SHA-256 altered, or both
        altered alike: the check names the first broken link."""
        first = self._issue_and_keep()
        action = first.with_user(self.user_office).action_new_revision()
        second = self.env["joint.meeting.minutes"].browse(action["res_id"])
        self._issue(second)
        second.with_user(self.user_union).action_download_ofd()
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        self.assertEqual((first.seal_sequence, first.ofd_seal_sequence), (1, 1), "sealed together")
        self.assertEqual((second.ofd_seal_sequence, second.seal_sequence), (2, 3))
        self.assertIn(": 3 kept copies verified", self._check_chains()["message"])
        cr = self.env.cr

        def altered_file(record, forged):
            attachment = record.ofd_attachment_id
            path = attachment._full_path(attachment.store_fname)
            with open(path, "rb") as f:
                original = f.read()
            with open(path, "wb") as f:
                f.write(forged(original))
            attachment.invalidate_recordset()
            return path, original

        def restore(path, original):
            with open(path, "wb") as f:
                f.write(original)
            self.env["ir.attachment"].invalidate_model()

        def broken_at(position, reason, number):
            result = self._check_chains(self.user_leader)
            self.assertEqual(result["type"], "danger")
            self.assertIn(f"broken at link {position}:", result["message"])
            self.assertIn(reason, result["message"])
            self.assertIn(number, result["message"])

        # The first OFD altered in the file store: link 1.
        path, original = altered_file(first, lambda raw: raw + b"altered")
        try:
            broken_at(1, "stored OFD copy", first.document_number)
        finally:
            restore(path, original)
        self.assertEqual(self._check_chains()["type"], "success")
        # The second OFD's recorded SHA-256 altered: link 2.
        digest = second.ofd_sha256
        cr.execute(
            "UPDATE joint_meeting_minutes SET ofd_sha256 = %s WHERE id = %s",
            ["0" * 64, second.id],
        )
        broken_at(2, "stored OFD copy", second.document_number)
        # The second OFD replaced and its SHA-256 with it: the seal of link 2 says so.
        path, original = altered_file(second, lambda raw: b"PK forged")
        try:
            cr.execute(
                "UPDATE joint_meeting_minutes SET ofd_sha256 = %s WHERE id = %s",
                [hashlib.sha256(b"PK forged").hexdigest(), second.id],
            )
            broken_at(2, "changed after it was sealed", second.document_number)
        finally:
            restore(path, original)
        cr.execute(
            "UPDATE joint_meeting_minutes SET ofd_sha256 = %s WHERE id = %s", [digest, second.id]
        )
        # The first OFD taken out of its link (as if sealed apart): link 1.
        cr.execute(
            "UPDATE joint_meeting_minutes SET ofd_seal_sequence = NULL WHERE id = %s", [first.id]
        )
        broken_at(1, "changed after it was sealed", first.document_number)
        cr.execute(
            "UPDATE joint_meeting_minutes SET ofd_seal_sequence = 1 WHERE id = %s", [first.id]
        )
        self.assertEqual(self._check_chains()["type"], "success")

    def test_an_altered_notice_ofd_breaks_its_chain(self):
        notice = self._issue_notice()
        result = self._check_chains()
        self.assertEqual(result["type"], "success", result["message"])
        self.assertIn("supervision notices", result["message"])
        self.env.cr.execute(
            "UPDATE joint_meeting_notice SET ofd_sha256 = %s WHERE id = %s",
            ["0" * 64, notice.id],
        )
        self.env["joint.meeting.notice"].invalidate_model()
        result = self._check_chains()
        self.assertEqual(result["type"], "danger")
        self.assertIn("supervision notices", result["message"])
        self.assertIn(
            f"broken at link 1: the stored OFD copy of {notice.number}", result["message"]
        )
        # Sealed: the attachment guard protects it like a kept PDF.
        with self.assertRaises(UserError):
            notice.ofd_attachment_id.sudo().write({"raw": b"forged"})
        with self.assertRaises(UserError):
            notice.ofd_attachment_id.sudo().unlink()

    def test_upgrade_seals_the_ofd_copies_of_documents_issued_before(self):
        """A database upgraded from 18.0.1.2.0: minutes whose PDF link holds
        no OFD and whose OFD was made at issue, a notice with an OFD made at
        issue, a bulletin without any. The upgrade seals the OFDs they carry
        as links of their chains and has the scheduled action make the
        missing one; every chain is then intact."""
        Minutes = type(self.env["joint.meeting.minutes"])
        with freeze_time("2026-04-10"):
            self._issue()
            with (
                mute_logger("odoo.addons.joint_meeting.models.joint_meeting_minutes_kept_copy"),
                patch.object(Minutes, "_jm_render_ofd", side_effect=ZeroDivisionError),
            ):
                self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        minutes = self.minutes
        self.assertTrue(minutes.pdf_attachment_id)
        with freeze_time("2026-07-01"):
            notice = self.env["joint.meeting.notice"].create(
                {
                    "resolution_id": self.resolution.id,
                    "colour": "yellow",
                    "organization_id": self.org_hr.id,
                    "deadline": "2026-06-30",
                }
            )
            notice.with_user(self.user_supervisor).action_issue()
        with freeze_time("2026-07-02"):
            bulletin = self.env["joint.meeting.bulletin"].create(
                {
                    "company_id": self.company.id,
                    "period_type": "quarterly",
                    "date_from": "2026-04-01",
                }
            )
            bulletin.with_user(self.user_supervisor).action_issue()
        # As 18.0.1.2.0 left them: an OFD made at issue, its SHA-256 recorded, no link.
        for record in (minutes, notice):
            data = record._jm_render_ofd()
            attachment = record._jm_ofd_attachment(data)
            self.env.cr.execute(
                f"UPDATE {record._table} SET ofd_attachment_id = %s, ofd_sha256 = %s"  # noqa: S608
                " WHERE id = %s",
                [attachment.id, hashlib.sha256(data).hexdigest(), record.id],
            )
            record.invalidate_recordset()
        made_at_issue = {record: record.ofd_attachment_id for record in (minutes, notice)}
        cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies")
        self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()

        upgrade = load_script(
            "joint_meeting/migrations/18.0.1.3.0/post-migrate.py", "joint_meeting_post_migrate_3"
        )
        sealed = upgrade.seal_existing_ofd_copies(self.env)
        self.assertEqual(sealed["joint.meeting.minutes"], 1)
        self.assertEqual(sealed["joint.meeting.notice"], 1)
        for record, attachment in made_at_issue.items():
            self.assertEqual(record.ofd_attachment_id, attachment, "sealed as it was made")
            self.assertTrue(record._jm_ofd_matches())
        self.assertEqual(minutes.ofd_seal_sequence, minutes.seal_sequence + 1)
        self.assertEqual(notice.ofd_seal_sequence, 1)
        self.assertFalse(bulletin.ofd_attachment_id)
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]))
        # What the upgrade triggered: the missing OFD made and sealed.
        self.env["joint.meeting.notice"]._cron_seal_ofd_copies()
        self.assertEqual(bulletin.ofd_seal_sequence, 1)
        self.assertTrue(bulletin._jm_ofd_matches())
        result = self._check_chains()
        self.assertEqual(result["type"], "success", result["message"])
        for part in (": 2 kept copies verified", "notices", "bulletins"):
            self.assertIn(part, result["message"])
        # Run again, it seals nothing twice.
        self.assertEqual(set(upgrade.seal_existing_ofd_copies(self.env).values()), {0})

    def test_backlog_is_sealed_within_the_cron_workers_time_limit(self):
        """The OFD copies' scheduled action is paced by the kept copies' helper:
        each call stops before a copy that would overrun its share of the
        worker's real-time limit, says what remains, and makes each copy in
        its district's language."""
        Minutes = self.env["joint.meeting.minutes"]
        issued = Minutes.search([("state", "=", "issued")], limit=1)
        self.assertTrue(issued, "the demo has issued minutes")
        # 25 OFD copies to make (one record standing for each; making is mocked).
        backlog = Minutes.browse(issued.ids * 25)
        clock = [0.0]
        made = []

        def make(records):
            clock[0] += 4.0  # a 4-second OFD
            made.append((records.id, records.env.lang))
            return 1

        progress = []
        with (
            patch.object(kept_copy, "monotonic", lambda: clock[0]),
            patch.object(type(Minutes), "_jm_ofd_backlog", lambda self: backlog),
            patch.object(
                type(self.env["joint.meeting.notice"]),
                "_jm_ofd_backlog",
                lambda self: self.browse(),
            ),
            patch.object(
                type(self.env["joint.meeting.bulletin"]),
                "_jm_ofd_backlog",
                lambda self: self.browse(),
            ),
            patch.object(type(Minutes), "_jm_make_ofd", make),
            patch.object(type(Minutes), "_kept_copy_time_budget", lambda self: 10.0),
            patch.object(
                type(self.env["ir.cron"]),
                "_commit_progress",
                lambda self, processed=0, **kw: progress.append({"done": processed, **kw}),
            ),
        ):
            self.env["joint.meeting.notice"].with_context(
                ir_cron_progress_id=-1
            )._cron_seal_ofd_copies()
        # 4 s, then 8 s: a third OFD would end at 12 s, past the 10 s budget.
        lang = issued.company_id._joint_meeting_lang()
        self.assertEqual(made, [(issued.id, lang)] * 2)
        self.assertEqual(progress, [{"done": 2, "remaining": 23}])


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
