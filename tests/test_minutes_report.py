import re

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import JointMeetingMinutesCommon
from .pdf_text import pdf_words

REPORT = "joint_meeting.action_report_joint_meeting_minutes"


@tagged("post_install", "-at_install")
class TestMinutesReport(JointMeetingMinutesCommon):
    @freeze_time("2026-04-10")
    def test_minutes_pdf_has_number_heading_body_and_colophon(self):
        self._issue()
        text = self._pdf_text(REPORT, self.minutes)
        self.assertIn("测府纪〔2026〕1号", text)
        self.assertIn("纪要", text)
        self.assertIn("抄送", text)
        self.assertIn("印发", text)
        self.assertIn("测试区", text)
        # The issue date as written in official documents (月/日 extract as radicals).
        self.assertRegex(text, r"2026年4.10.印发")
        # The agreed matters are numbered, with their deadline.
        self.assertRegex(text, r"1\.\s*建")
        self.assertRegex(text, r"2026年6.30")

    def _pdf_pages(self, records):
        """The real PDF's words, page by page: [[(x_min, y_min, x_max, text)]]."""
        return [
            [(word.x_min, word.y_min, word.x_max, word.text) for word in page]
            for page in pdf_words(self._render_pdf(REPORT, records))
        ]

    def test_body_in_3hao_28_characters_a_line_22_lines_a_page(self):
        """GB/T 9704: 3号 (16 pt), 28 characters of 156 mm a line, 22 lines
        in the 225 mm text block, whatever the wkhtmltopdf build."""
        self.minutes.body = f"<p>{'联' * 200}</p>"
        words = self._pdf_pages(self.minutes)[0]
        full = [w for w in words if re.fullmatch("联{20,}", w[3])]
        self.assertGreaterEqual(len(full), 3)
        for x_min, _y, x_max, text in full[1:-1]:
            self.assertEqual(len(text), 28)
            self.assertAlmostEqual((x_max - x_min) / 28, 15.8, delta=0.6)
        pitch = full[2][1] - full[1][1]
        self.assertAlmostEqual(pitch, 225 / 22 / 25.4 * 72, delta=0.6)

    def test_pages_numbered_with_em_dashes_odd_right_even_left(self):
        """GB/T 9704 page numbers "— 1 —", 7 mm under the text block, odd pages
        on the right, even ones on the left: wkhtmltopdf (unpatched Qt) has no
        footer, they are stamped on the PDF."""
        self.minutes.body = "".join(f"<p>第{i}段会议内容。</p>" for i in range(60))
        pages = self._pdf_pages(self.minutes)
        self.assertGreaterEqual(len(pages), 2)
        for index, words in enumerate(pages[:2]):
            bottom = 297 * 72 / 25.4 - 35 * 72 / 25.4  # under the text block
            footer = [w for w in words if w[1] > bottom]
            self.assertEqual([w[3] for w in footer], ["—", str(index + 1), "—"])
            x_min, x_max = footer[0][0], footer[-1][2]
            if index == 0:
                self.assertGreater(x_min, 105 * 72 / 25.4)  # right half
            else:
                self.assertLess(x_max, 105 * 72 / 25.4)  # left half

    def test_each_minutes_numbered_from_one_when_printed_together(self):
        other = self.minutes.copy({"name": "Second minutes"})
        text = self._pdf_text(REPORT, self.minutes | other)
        self.assertEqual(len(re.findall(r"—\s*1\s*—", text)), 2)

    @freeze_time("2026-04-10")
    def test_issuing_keeps_the_pdf_as_attachment_with_chinese_name(self):
        # Issued in a district writing Chinese: the file is named in Chinese.
        # The scheduled action that renders it writes in the district's language.
        self.minutes = self.minutes.with_context(lang="zh_CN")
        self.minutes.company_id.partner_id.lang = "zh_CN"
        self._issue()
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        attachment = self.minutes.pdf_attachment_id
        self.assertEqual(attachment.name, "会议纪要-测府纪〔2026〕1号.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (self.minutes._name, self.minutes.id)
        )

    def test_printed_from_the_print_menu_with_chinese_file_name(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "joint.meeting.minutes")
        self.assertEqual(report.paperformat_id, self.env.ref("joint_meeting.paperformat_gbt9704"))
        self.minutes.document_number = "测府纪〔2026〕7号"
        self.assertEqual(
            safe_eval(
                report.print_report_name, {"object": self.minutes.with_context(lang="zh_CN")}
            ),
            "会议纪要-测府纪〔2026〕7号",
        )

    def test_gbt9704_paper_format(self):
        paper = self.env.ref("joint_meeting.paperformat_gbt9704")
        self.assertEqual(paper.format, "A4")
        self.assertEqual((paper.margin_top, paper.margin_left), (37, 28))
        # Text block 156 x 225 mm on 210 x 297 mm.
        self.assertEqual(210 - paper.margin_left - paper.margin_right, 156)
        self.assertEqual(297 - paper.margin_top - paper.margin_bottom, 225)
