"""Texts and documents as a Chinese office signs them: dates and times in
the district's time zone and the office form (texts.dates), titles broken
where the meaning allows (texts.titles), file names naming their kind once,
chatter in the user's language."""

import re
import subprocess
import tempfile
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree
from lxml import html as lxml_html

from odoo.addons.joint_meeting import texts
from odoo.tests import BaseCase, HttpCase, TransactionCase, tagged
from odoo.tools.mail import html_to_inner_content

from .common import (
    JointMeetingMinutesCommon,
    JointMeetingPreparationCommon,
    JointMeetingSupervisionCommon,
)


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", "-raw", f.name, "-"], capture_output=True, check=True
        ).stdout.decode()


ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}|\d+秒")
GROUPED_YEAR = re.compile(r"\d,\d{3}年")
# A Sunday: the formatting is shown on a fixed day, whatever today is.
DAY = date(2026, 3, 1)


class TestChineseDates(BaseCase):
    """The one formatting module: GB/T 9704's office form of dates and
    times (Babel zh_CN), moments in the district's time zone."""

    def test_date_without_leading_zeros_or_thousands_separator(self):
        today = DAY
        day = today.replace(month=3, day=1)
        self.assertEqual(texts.chinese_date(day), f"{today.year}年3月1日")
        self.assertEqual(
            texts.chinese_date(today.replace(month=12, day=31)), f"{today.year}年12月31日"
        )
        self.assertNotIn(",", texts.chinese_date(day))
        self.assertEqual(texts.chinese_date(False), "")

    def test_time_without_seconds(self):
        self.assertEqual(texts.chinese_time(time(9, 30, 45)), "9时30分")
        self.assertEqual(texts.chinese_time(time(14, 5)), "14时05分")
        self.assertEqual(texts.chinese_time(time(9, 0)), "9时")

    def test_a_moment_is_written_in_the_district_time_zone(self):
        """A 09:30 meeting (01:30 UTC) reads 9时30分 in Asia/Shanghai, not the
        hour of the zone it is stored in."""
        today = DAY
        stored = datetime.combine(today, time(1, 30))
        self.assertEqual(texts.chinese_datetime(stored), f"{texts.chinese_date(today)}9时30分")
        self.assertEqual(
            texts.chinese_datetime(stored, "Asia/Shanghai", weekday=True),
            f"{texts.chinese_date(today)}（星期日）9时30分",
        )
        # The day changes with the zone: 20:00 UTC is the next morning in Beijing.
        late = datetime.combine(today, time(20, 0))
        self.assertEqual(
            texts.chinese_datetime(late), f"{texts.chinese_date(today + timedelta(days=1))}4时"
        )

    def test_on_screen_dates_follow_the_reader_language(self):
        today = DAY
        day = today.replace(month=10, day=9)
        last_year = day.replace(year=today.year - 1)
        self.assertEqual(texts.short_date(day, "zh_CN", today), "10月9日")
        self.assertEqual(texts.short_date(last_year, "zh_CN", today), texts.chinese_date(last_year))
        self.assertEqual(texts.short_date(day, "en_US", today), "10/9")
        self.assertEqual(texts.short_date(last_year, "en_US", today), f"10/9/{today.year - 1}")

    def test_file_name_names_the_kind_once(self):
        year = DAY.year
        self.assertEqual(texts.file_name("督办单", f"督办单〔{year}〕2号"), f"督办单〔{year}〕2号")
        self.assertEqual(
            texts.file_name("会议纪要", f"测府纪〔{year}〕1号"), f"会议纪要-测府纪〔{year}〕1号"
        )
        self.assertEqual(texts.file_name("考核结果", year), f"考核结果-{year}")
        self.assertEqual(texts.file_name("会议通知", ""), "会议通知")


class TestTitleLines(BaseCase):
    """GB/T 9704 7.2.3: a title of several lines broken where the meaning
    allows, in a balanced shape, never one character alone."""

    def assertGoodLines(self, title, lines, width=texts.titles.TITLE_CHARS):
        self.assertEqual("".join(lines), title)
        for line in lines:
            self.assertGreater(len(line), 1, lines)
            self.assertLessEqual(texts.titles._width(line), width, lines)
        for word in ("人民政府", "群团组织", "联席会议", "会议纪要", str(DAY.year)):
            if word in title:
                self.assertTrue(any(word in line for line in lines), f"{word} split: {lines}")

    def test_short_title_stays_on_one_line(self):
        title = f"{DAY.year}年联席会议纪要"
        self.assertEqual(texts.break_title(title), [title])
        self.assertEqual(texts.break_title(""), [])

    def test_minutes_title_breaks_before_the_conjunction_not_inside_a_word(self):
        """Not "…联席会议纪" / "要": the break falls at 与 and the lines are
        nearly equal."""
        title = f"{DAY.year}年区人民政府与区级群团组织联席会议纪要"
        lines = texts.break_title(title)
        self.assertGoodLines(title, lines)
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("与"), lines)
        self.assertLessEqual(abs(len(lines[0]) - len(lines[1])), 4, lines)

    def test_title_with_a_parenthesis_breaks_before_the_kind_of_document(self):
        title = f"{DAY.year}年区人民政府与区级群团组织联席会议纪要（代拟稿）"
        lines = texts.break_title(title)
        self.assertGoodLines(title, lines)
        self.assertEqual(lines[-1], "联席会议纪要（代拟稿）")

    def test_long_title_in_three_lines_is_no_hourglass(self):
        title = (
            "关于征求《关于加快推进全区农民工工资支付保障基金和劳动争议调解组织建设的建议》意见的函"
        )
        lines = texts.break_title(title)
        self.assertGoodLines(title, lines)
        self.assertEqual(len(lines), 3, lines)
        lengths = [len(line) for line in lines]
        self.assertFalse(lengths[1] < lengths[0] and lengths[1] < lengths[2], lines)

    def test_latin_words_are_never_split_and_count_half(self):
        """关于征求《PAYROLL-FUND》意见的函 fits one line (Latin letters are
        half as wide); a longer one breaks between words, not inside one."""
        title = "关于征求《PAYROLL-FUND》意见的函"
        self.assertEqual(texts.break_title(title), [title])
        title = "关于征求《PAYROLL-FUND AND WAGE-GUARANTEE OF MIGRANT WORKERS》意见的函"
        lines = texts.break_title(title)
        self.assertGreater(len(lines), 1)
        self.assertEqual(re.sub(r"\s", "", "".join(lines)), re.sub(r"\s", "", title))
        for word in re.findall(r"[A-Z-]+", title):
            self.assertTrue(any(word in line for line in lines), f"{word} split: {lines}")

    def test_narrow_width_never_leaves_one_character(self):
        title = f"{date.today().year}年区人民政府与区级群团组织联席会议纪要"
        for width in range(8, 24):
            self.assertGoodLines(title, texts.break_title(title, width), width)


@tagged("post_install", "-at_install")
class TestDocumentsInDistrictTime(JointMeetingPreparationCommon):
    """Official documents show the district's time whoever prints them: a
    user whose time zone the browser set to UTC prints the 09:30 meeting as
    9时30分."""

    @freeze_time("2026-03-01")
    def test_meeting_notice_printed_by_a_user_in_utc_shows_district_time(self):
        self.assertEqual(self.company.joint_meeting_tz, "Asia/Shanghai")
        self.meeting.date = datetime.combine(date.today() + timedelta(days=30), time(1, 30))
        user = self.user_office
        user.tz = "UTC"
        meeting = self.meeting.with_user(user).with_context(tz="UTC", lang="zh_CN")
        pdf, _fmt = (
            meeting.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("joint_meeting.action_report_joint_meeting_notice", meeting.ids)
        )
        text = re.sub(r"\s+", "", pdf_text(pdf))
        day = texts.chinese_date(date.today() + timedelta(days=30))
        self.assertIn(f"定于{day}", text)
        self.assertIn("9时30分", text)
        self.assertNotIn("1时30分", text)
        self.assertFalse(SECONDS.search(text), text)
        self.assertFalse(ISO_DATE.search(text), text)

    @freeze_time("2026-03-01")
    def test_consultation_letter_dated_under_the_signing_office(self):
        topic = self._topic(name="PAYROLL-FUND")
        topic.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {
                "topic_id": topic.id,
                "department_id": self.org_hr.id,
                "due_date": date.today() + timedelta(days=10),
            }
        )
        text = self._pdf_text(
            "joint_meeting.action_report_joint_meeting_consultation_letter", consultation
        )
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        office = next(i for i, line in enumerate(lines) if line.endswith("办公室") and i > 2)
        self.assertEqual(lines[office + 1], texts.chinese_date(date.today()))
        compact = re.sub(r"\s+", "", text)
        self.assertIn(f"请于{texts.chinese_date(date.today() + timedelta(days=10))}前", compact)
        self.assertFalse(ISO_DATE.search(text), text)


@tagged("post_install", "-at_install")
class TestTextsOfMatters(JointMeetingMinutesCommon):
    """Formal sentences write dates as an office does."""

    @freeze_time("2026-07-02")
    def test_reason_of_an_overdue_matter_has_no_iso_date(self):
        """完成时限为2026年6月30日。自2026年6月30日起已逾期。 — never 2026-06-30."""
        self._issue()
        matter = self.resolution.with_context(lang="zh_CN")
        today = date.today()
        self.assertLess(matter.deadline, today)
        colour, reason = matter._traffic_light_and_reason(today)
        self.assertEqual(colour, "red")
        self.assertEqual(reason, f"自{texts.chinese_date(matter.deadline)}起已逾期。")
        self.assertFalse(ISO_DATE.search(reason))

    @freeze_time("2026-12-20")
    def test_ledger_and_assessment_tables_are_laid_out_for_a4(self):
        """Every table of the ledger and the assessment gives each column
        its width, the widths filling the page's text."""
        self._issue()
        assessment = (
            self.env["joint.meeting.assessment"]
            .with_user(self.user_supervisor)
            .create({"company_id": self.company.id, "year": date.today().year})
        )
        assessment.action_compute()
        ledger = self.env["joint.meeting.ledger"].create({"year": date.today().year})
        for report, record in (
            ("joint_meeting.action_report_joint_meeting_ledger", ledger),
            ("joint_meeting.action_report_joint_meeting_assessment", assessment),
        ):
            html, _fmt = self.env["ir.actions.report"]._render_qweb_html(report, record.ids)
            tables = lxml_html.fromstring(html).xpath("//div[contains(@class, 'page')]//table")
            tables = [table for table in tables if table.xpath(".//thead")]
            self.assertTrue(tables, report)
            for table in tables:
                widths = [
                    float(re.search(r"width:\s*([\d.]+)%", col.get("style")).group(1))
                    for col in table.xpath("./colgroup/col")
                ]
                headers = table.xpath("./thead/tr/th")
                self.assertEqual(len(widths), len(headers), report)
                self.assertAlmostEqual(sum(widths), 100, delta=0.5, msg=report)

    @freeze_time("2026-12-20")
    def test_assessment_chatter_is_chinese(self):
        """The creation message names the model in Chinese and the computing
        note is Chinese ("Joint Meeting Yearly Assessment of Units 创建" and
        "Computed: 10 scored events, 11 units." were English)."""
        self._issue()
        env = self.env(
            user=self.user_supervisor,
            context={"lang": "zh_CN", "tracking_disable": False, "tz": "UTC"},
        )
        assessment = env["joint.meeting.assessment"].create(
            {"company_id": self.company.id, "year": date.today().year}
        )
        assessment.action_compute()
        bodies = " ".join(
            html_to_inner_content(body) for body in assessment.sudo().message_ids.mapped("body")
        )
        self.assertIn("联席会议年度单位考核", bodies)
        self.assertIn("已计算", bodies)
        self.assertNotRegex(bodies, r"[A-Za-z]{4,}")


@tagged("post_install", "-at_install")
class TestDemoTexts(TransactionCase):
    """The demo district's chatter and on-screen year fields, as a civil
    servant reads them."""

    def test_demo_chatter_has_no_iso_dates_or_seconds(self):
        messages = self.env["mail.message"].search(
            [("model", "=like", "joint.meeting%"), ("message_type", "!=", "user_notification")]
        )
        self.assertTrue(messages)
        found = [
            f"{m.model} {m.res_id}: {m.body}"
            for m in messages
            if ISO_DATE.search(str(m.body or "")) or SECONDS.search(str(m.body or ""))
        ]
        self.assertFalse(found, "\n".join(found[:20]))

    def test_year_fields_are_shown_without_thousands_separator(self):
        """2026, not 2,026: every year field of the module's views is shown
        with formatting disabled."""
        views = self.env["ir.ui.view"].search(
            [("type", "in", ("form", "list", "kanban")), ("model", "=like", "joint.meeting%")]
        )
        found = []
        for view in views:
            model = self.env[view.model]
            for node in etree.fromstring(view.arch_db).iter("field"):
                name = node.get("name")
                field = model._fields.get(name)
                if not field or field.type != "integer" or "year" not in name:
                    continue
                if "'enable_formatting': false" not in (node.get("options") or "").replace(
                    '"', "'"
                ).replace("False", "false"):
                    found.append(f"{view.xml_id or view.name}: {name}")
        self.assertFalse(found)


@tagged("post_install", "-at_install")
class TestListsAndWording(JointMeetingSupervisionCommon):
    """Lists a civil servant reads at 1440 px and on a phone; one verb for
    each step of an extension."""

    @freeze_time("2026-04-10")
    def test_days_left_is_a_number_a_row_and_the_missing_schedule_a_notice_once(self):
        engine = self.env["joint.meeting.calendar"].with_company(self.company)
        today = date.today()
        later = today.replace(year=today.year + 3)
        matter = self._more_matters(1, deadline=later)
        self.assertEqual(matter.days_left, engine._days_left(self.company, later, today))
        self.assertGreater(matter.days_left, 300)
        self.assertIsInstance(matter.days_left, int)
        notice = engine.joint_meeting_days_left_notice("joint.meeting.resolution")
        self.assertIn(str(later.year), notice)
        # The row says how many days, the long text with the notice is not a column.
        arch = etree.fromstring(
            self.env["joint.meeting.resolution"].get_views([(False, "list")])["views"]["list"][
                "arch"
            ]
        )
        self.assertEqual(arch.get("js_class"), "joint_meeting_days_left_list")
        columns = {node.get("name"): node for node in arch.iter("field")}
        self.assertIn("days_left", columns)
        self.assertEqual(columns["deadline_text"].get("optional"), "hide")
        for name in ("name", "lead_unit_id", "traffic_light"):
            self.assertIsNone(columns[name].get("optional"), name)
        with patch.object(type(engine), "_missing_years", lambda *args: []):
            self.assertFalse(engine.joint_meeting_days_left_notice("joint.meeting.resolution"))
        self.assertFalse(engine.joint_meeting_days_left_notice("res.partner"))

    def test_consultation_and_bulletin_lists_keep_their_key_columns(self):
        for model, keep in (
            ("joint.meeting.consultation", ("topic_id", "department_id", "due_date", "days_left")),
            ("joint.meeting.bulletin", ("name", "number", "date_from", "date_to", "issue_date")),
        ):
            arch = etree.fromstring(
                self.env[model].get_views([(False, "list")])["views"]["list"]["arch"]
            )
            columns = {node.get("name"): node for node in arch.iter("field")}
            for name in keep:
                self.assertIn(name, columns, model)
                self.assertNotIn(columns[name].get("optional"), ("hide",), f"{model}.{name}")

    def test_extension_wording_uses_review_then_approval_and_names_the_unit(self):
        """审核 for the supervision office's review, 审批 for the decision,
        never 审定 (the regulation's word for topics and minutes); 申请单位 is
        the unit, the person is 申请人."""
        Extension = self.env["joint.meeting.extension"].with_context(lang="zh_CN")
        fields_info = Extension.fields_get(
            ["requested_by", "organization_id", "state", "review_comment", "approve_comment"],
            ["string", "selection"],
        )
        self.assertEqual(fields_info["organization_id"]["string"], "申请单位")
        self.assertEqual(fields_info["requested_by"]["string"], "申请人")
        self.assertNotEqual(fields_info["requested_by"]["string"], "提议单位")
        texts_seen = [info["string"] for info in fields_info.values()]
        texts_seen += [label for _value, label in fields_info["state"]["selection"]]
        for view_type in ("form", "list", "search"):
            texts_seen.append(Extension.get_views([(False, view_type)])["views"][view_type]["arch"])
        texts_seen.append(
            self.env["joint.meeting.extension.decide"]
            .with_context(lang="zh_CN")
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for text in texts_seen:
            self.assertNotIn("审定", text)


# Waits for the list, then checks the notice is shown once, above the rows.
DAYS_LEFT_NOTICE_JS = """
const wait = (selector) => new Promise((resolve, reject) => {
    let tries = 0;
    const timer = setInterval(() => {
        const element = document.querySelector(selector);
        if (element) {
            clearInterval(timer);
            resolve(element);
        } else if (++tries > 300) {
            clearInterval(timer);
            reject(new Error("not found: " + selector));
        }
    }, 100);
});
wait(".o_list_view .o_data_row")
    .then(() => wait(".o_joint_meeting_days_left_notice"))
    .then((notice) => {
        const notices = document.querySelectorAll(".o_joint_meeting_days_left_notice");
        const cells = [...document.querySelectorAll(".o_data_row td")].map((td) => td.textContent);
        if (notices.length !== 1) {
            throw new Error("the notice is shown " + notices.length + " times");
        }
        if (!notice.textContent.includes("FAR_YEAR")) {
            throw new Error("notice without the year: " + notice.textContent);
        }
        if (cells.some((text) => text.includes("FAR_YEAR"))) {
            throw new Error("a row repeats the notice");
        }
        console.log("test successful");
    })
    .catch((error) => console.error(error.message));
"""


@tagged("post_install", "-at_install")
class TestDaysLeftNoticeInTheBrowser(HttpCase):
    """The agreed matters' list shows the missing holiday schedule once,
    above the rows (the list's js_class), each row its number of days."""

    def test_agreed_matters_list_shows_the_missing_schedule_once(self):
        calendar = type(self.env["joint.meeting.calendar"])
        # A year no demo date reaches, whose schedule is "missing".
        far = date.today().year + 70
        with patch.object(calendar, "_missing_years", lambda self, company, years: [far]):
            self.browser_js(
                "/odoo/action-joint_meeting.joint_meeting_resolution_action?view_type=list",
                DAYS_LEFT_NOTICE_JS.replace("FAR_YEAR", str(far)),
                login="jm_supervisor",
                timeout=120,
            )
