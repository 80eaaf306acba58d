import re
import subprocess
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.addons.joint_meeting.models import ir_actions_report
from odoo.tests import tagged

from .common import JointMeetingMinutesCommon
from .pdf_text import pdf_text

# The page numbers stamped on the PDF ("— 1 —"): not in the HTML source.
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
# Characters whose glyph the CJK fonts share with a Kangxi radical or a CJK
# Radicals Supplement character (人 ⼈, 民 ⺠, 一 ⼀, 工 ⼯, 女 ⼥, 月 ⽉, 长 ⻓, 门 ⻔).
WORDS = "人民政府一工女月长门户"
RADICALS = re.compile("[\u2e80-\u2fdf]")


@tagged("post_install", "-at_install")
class TestTextLayer(JointMeetingMinutesCommon):
    """Every PDF of the module extracts to its Chinese text: the ToUnicode
    maps name ideographs, never the radicals that share their glyph."""

    TESTED_REPORTS = {
        "joint_meeting.action_report_joint_meeting_minutes",
        "joint_meeting.action_report_joint_meeting_notice",
        "joint_meeting.action_report_joint_meeting_topic_form",
        "joint_meeting.action_report_joint_meeting_consultation_letter",
        "joint_meeting.action_report_joint_meeting_ledger",
        "joint_meeting.action_report_joint_meeting_supervision_notice",
        "joint_meeting.action_report_joint_meeting_bulletin",
        "joint_meeting.action_report_joint_meeting_assessment",
    }

    def _source_text(self, report, records):
        """The text of the report's HTML pages (what wkhtmltopdf is given)."""
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        tree = lxml_html.fromstring(html)
        for node in tree.xpath("//style|//script"):
            node.drop_tree()
        pages = tree.xpath("//div[contains(concat(' ', @class, ' '), ' page ')]")
        self.assertTrue(pages, "the report has no div.page")
        return "".join(page.text_content() for page in pages)

    def _text(self, report, records):
        """The PDF's text layer (pdftotext), checked character for character
        against the text of the source: every character of the source, in
        its order, none added (whitespace and the stamped page numbers
        aside), so what a reader copies or searches is what was written."""
        text = self._pdf_layer(report, records)
        source = re.sub(r"\s+", "", self._source_text(report, records))
        printed = re.sub(r"\s+", "", PAGE_NUMBER.sub("", text))
        if printed != source:
            first = next(
                (i for i, (a, b) in enumerate(zip(printed, source, strict=False)) if a != b),
                min(len(printed), len(source)),
            )
            self.fail(
                f"{report}: the text layer differs from the source at {first}:\n"
                f"PDF:    {printed[max(0, first - 20) : first + 30]!r}\n"
                f"source: {source[max(0, first - 20) : first + 30]!r}"
            )
        return text

    def _pdf_layer(self, report, records):
        return pdf_text(self._render_pdf(report, records), "-raw")

    def assertTextLayer(self, text):
        self.assertFalse(RADICALS.findall(text), "radicals in the text layer")
        compact = re.sub(r"\s+", "", text)
        self.assertIn("人民政府", compact)
        self.assertIn(WORDS, compact)
        for char in WORDS:
            self.assertIn(char, text)

    def test_every_report_of_the_module_is_tested_here(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "joint_meeting.%")]
        )
        self.assertEqual(
            set(reports.mapped(lambda r: r.get_external_id()[r.id])), self.TESTED_REPORTS
        )

    def test_minutes(self):
        self.minutes.body = f"<p>{WORDS}</p>"
        self.assertTextLayer(
            self._text("joint_meeting.action_report_joint_meeting_minutes", self.minutes)
        )

    def test_meeting_notice(self):
        self.meeting.place = WORDS
        self.assertTextLayer(
            self._text("joint_meeting.action_report_joint_meeting_notice", self.meeting)
        )

    def test_topic_proposal_form(self):
        topic = self._topic(name=WORDS)
        self.assertTextLayer(
            self._text("joint_meeting.action_report_joint_meeting_topic_form", topic)
        )

    def test_consultation_letter(self):
        topic = self._topic(name=WORDS)
        topic.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": topic.id, "department_id": self.org_hr.id, "due_date": "2026-03-20"}
        )
        self.assertTextLayer(
            self._text(
                "joint_meeting.action_report_joint_meeting_consultation_letter", consultation
            )
        )

    @freeze_time("2026-04-10")
    def test_implementation_ledger(self):
        """The last report prints as its text: no markdown of its HTML
        (html2plaintext wrote **bold** as *bold*)."""
        self.resolution.name = WORDS
        self._issue()
        self.resolution.with_user(self.user_hr).action_acknowledge()
        self.resolution.with_user(self.user_finance).action_acknowledge()
        self.env["joint.meeting.followup"].with_user(self.user_hr).create(
            {
                "resolution_id": self.resolution.id,
                "organization_id": self.org_hr.id,
                "progress": "<p><strong>住户</strong>工资<em>已</em>发放。</p>",
                "percent": 40,
            }
        )
        ledger = self.env["joint.meeting.ledger"].create({"year": 2026})
        text = self._text("joint_meeting.action_report_joint_meeting_ledger", ledger)
        self.assertTextLayer(text)
        compact = re.sub(r"\s+", "", text)
        self.assertIn("住户工资已发放。", compact)
        self.assertIn("2026年4月10日：住户", compact)
        self.assertIn("2026年6月30日", compact)
        self.assertNotIn("*", text)
        self.assertNotIn("2026-", text)

    @freeze_time("2026-07-01")
    def test_supervision_notice(self):
        self.resolution.name = WORDS
        self._issue()
        notice = self.env["joint.meeting.notice"].create(
            {
                "resolution_id": self.resolution.id,
                "colour": "red",
                "reason": WORDS,
                "organization_id": self.org_hr.id,
                "leader_id": self.user_leader.id,
                "deadline": "2026-06-30",
            }
        )
        notice.with_user(self.user_supervisor).action_issue()
        self.assertTextLayer(
            self._text("joint_meeting.action_report_joint_meeting_supervision_notice", notice)
        )

    def test_supervision_bulletin(self):
        self.resolution.name = WORDS
        with freeze_time("2026-04-10"):
            self._issue()
        with freeze_time("2026-07-02"):
            bulletin = self.env["joint.meeting.bulletin"].create(
                {
                    "company_id": self.company.id,
                    "period_type": "quarterly",
                    "date_from": "2026-04-01",
                }
            )
            bulletin.remarks = f"<p>{WORDS}</p>"
            bulletin.with_user(self.user_supervisor).action_issue()
        text = self._text("joint_meeting.action_report_joint_meeting_bulletin", bulletin)
        self.assertTextLayer(text)
        compact = re.sub(r"\s+", "", text)
        for words in ("督查通报", "2026年第2季度督查通报", bulletin.number, "牵头单位", "印发"):
            self.assertIn(words, compact)

    @freeze_time("2026-12-20")
    def test_yearly_assessment(self):
        self.resolution.name = WORDS
        self._issue()
        self.resolution.assignment_ids.write(
            {"state": "acknowledged", "acknowledge_date": "2026-12-20"}
        )
        assessment = (
            self.env["joint.meeting.assessment"]
            .with_user(self.user_supervisor)
            .create({"company_id": self.company.id, "year": 2026})
        )
        assessment.action_compute()
        self.assertTrue(assessment.line_ids)
        text = self._text("joint_meeting.action_report_joint_meeting_assessment", assessment)
        self.assertTextLayer(text)
        compact = re.sub(r"\s+", "", text)
        self.assertIn("得分与排名", compact)
        self.assertIn("得分明细", compact)

    def test_radicals_of_the_source_are_mapped_in_every_cmap_form(self):
        """bfchar entries, bfrange arrays and bfrange runs (expanded to an
        array when a run crosses a radical)."""
        cmap = (
            b"2 beginbfchar\n<0001> <2F08>\n<0002> <0041>\nendbfchar\n"
            b"2 beginbfrange\n<0003> <0004> [<2EA0> <2ED3>]\n<0005> <0007> <2F2E>\nendbfrange\n"
        )
        fixed = ir_actions_report.fix_cmap(cmap)
        self.assertIn(b"<0001> <4EBA>", fixed)
        self.assertIn(b"<0002> <0041>", fixed)
        self.assertIn(b"<0003> <0004> [<6C11> <957F>]", fixed)
        self.assertIn(b"<0005> <0007> [<5DDB> <5DE5> <5DF1>]", fixed)
        self.assertEqual(
            ir_actions_report.fix_cmap(b"1 beginbfchar\n<01> <4E00>\nendbfchar"),
            b"1 beginbfchar\n<01> <4E00>\nendbfchar",
        )

    def test_pdf_rendering_asks_no_http_worker(self):
        """wkhtmltopdf gets pages without <base> and with the asset bundles as
        local files: it never connects to report.url, even when that points
        nowhere."""
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pages = []
        popen = subprocess.Popen

        def record(args, *a, **kw):
            if "wkhtmltopdf" in str(args[0]):
                pages.extend(
                    open(arg, encoding="utf-8").read() for arg in args if arg.endswith(".html")
                )
                self.assertIn("--allow", args)
            return popen(args, *a, **kw)

        with patch.object(subprocess, "Popen", record):
            text = self._text("joint_meeting.action_report_joint_meeting_minutes", self.minutes)
        self.assertIn("会议纪要", text)
        self.assertTrue(pages)
        for page in pages:
            self.assertNotIn("<base", page)
            self.assertNotIn("127.0.0.1:9", page)
            self.assertNotRegex(page, r'href="/web/assets/')
            self.assertRegex(page, r'href="file://[^"]+report_assets_common[^"]*\.css"')
