import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JointMeetingSupervisionCommon


class AssessmentCommon(JointMeetingSupervisionCommon):
    """A year of events of the test district: the matter of the common
    fixture (lead HR, co-unit Finance) acknowledged on time, reported,
    rated good and completed by its deadline; a second matter of HR overdue,
    urged twice, with a yellow notice and an approved extension; a returned
    report of Finance; and events of another year that count nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Followup = env["joint.meeting.followup"]
        cls.report_ok = Followup.create(
            {
                "resolution_id": cls.resolution.id,
                "organization_id": cls.org_hr.id,
                "progress": "<p>已完成</p>",
                "percent": 100,
                "outcome": "completed",
                "date": "2026-06-20",
            }
        )
        cls.report_ok.write({"state": "accepted", "rating": "good", "review_date": "2026-06-22"})
        cls.report_returned = Followup.create(
            {
                "resolution_id": cls.resolution.id,
                "organization_id": cls.org_finance.id,
                "progress": "<p>配合推进</p>",
                "percent": 30,
                "date": "2026-05-10",
            }
        )
        cls.report_returned.write({"state": "returned", "review_date": "2026-05-12"})
        cls.resolution.write({"state": "done", "close_date": "2026-06-25"})
        minutes = env["joint.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "name": "Supplementary minutes"}
        )
        cls.late = env["joint.meeting.resolution"].create(
            {
                "minutes_id": minutes.id,
                "name": "建设职工服务中心",
                "lead_unit_id": cls.org_hr.id,
                "deadline": "2026-04-08",
            }
        )
        minutes.write({"state": "issued"})
        cls.late.write(
            {
                "state": "in_progress",
                "overdue_date": "2026-04-09",
                "urge_count": 2,
                "last_urge_date": "2026-04-15",
            }
        )
        cls.notice = env["joint.meeting.notice"].create(
            {
                "resolution_id": cls.late.id,
                "colour": "yellow",
                "organization_id": cls.org_hr.id,
                "deadline": "2026-04-08",
            }
        )
        cls.notice.write({"state": "issued", "issue_date": "2026-04-10"})
        cls.extension = env["joint.meeting.extension"].create(
            {
                "resolution_id": cls.late.id,
                "requested_deadline": "2026-09-30",
                "reason": "资金未到位",
            }
        )
        cls.extension.write({"state": "approved", "approve_date": "2026-04-20"})
        # Another year: a report of 2025 counts in the 2025 assessment only.
        cls.report_2025 = Followup.create(
            {
                "resolution_id": cls.late.id,
                "organization_id": cls.org_hr.id,
                "progress": "<p>启动</p>",
                "percent": 10,
                "date": "2025-12-20",
            }
        )
        cls.report_2025.write({"state": "returned", "review_date": "2025-12-22"})
        cls.Assessment = env["joint.meeting.assessment"]

    def _assessment(self, year=2026, **vals):
        return self.Assessment.with_user(self.user_supervisor).create(
            {"company_id": self.company.id, "year": year, **vals}
        )

    def _computed(self, year=2026):
        assessment = self._assessment(year)
        with freeze_time("2026-12-20"):
            assessment.action_compute()
        return assessment

    def _confirmed(self, year=2026):
        assessment = self._computed(year)
        with freeze_time("2026-12-21"):
            assessment.action_confirm()
        return assessment


@tagged("post_install", "-at_install")
class TestAssessment(AssessmentCommon):
    def test_every_event_of_the_year_is_a_line_with_its_source(self):
        assessment = self._computed()
        hr_ack, finance_ack = (
            self.resolution.assignment_ids.filtered(lambda a, o=org: a.organization_id == o)
            for org in (self.org_hr, self.org_finance)
        )
        expected = {
            (self.org_hr, "ack_on_time", hr_ack, hr_ack.acknowledge_date, 1.0),
            (self.org_finance, "ack_on_time", finance_ack, finance_ack.acknowledge_date, 1.0),
            (self.org_hr, "report_on_time", self.report_ok, date(2026, 6, 20), 1.0),
            (self.org_hr, "rating_good", self.report_ok, date(2026, 6, 22), 3.0),
            (self.org_finance, "report_returned", self.report_returned, date(2026, 5, 12), -1.0),
            (self.org_hr, "done_on_time", self.resolution, date(2026, 6, 25), 5.0),
            (self.org_hr, "overdue", self.late, date(2026, 4, 9), -5.0),
            (self.org_hr, "urge", self.late, date(2026, 4, 15), -2.0),
            (self.org_hr, "notice_yellow", self.notice, date(2026, 4, 10), -2.0),
            (self.org_hr, "extension", self.extension, date(2026, 4, 20), -2.0),
        }
        got = {
            (line.organization_id, line.event, line.source_ref, line.date, line.points)
            for line in assessment.line_ids
        }
        self.assertEqual(got, expected)
        self.assertEqual(len(assessment.line_ids), len(expected))
        urge = assessment.line_ids.filtered(lambda line: line.event == "urge")
        self.assertEqual(urge.quantity, 2)
        self.assertEqual(urge.resolution_id, self.late)
        self.assertEqual(assessment.state, "computed")

    def test_scores_and_ranking(self):
        assessment = self._computed()
        scores = {s.organization_id: s for s in assessment.score_ids}
        hr, finance = scores[self.org_hr], scores[self.org_finance]
        self.assertEqual((hr.award_points, hr.deduction_points, hr.score), (10.0, -11.0, 99.0))
        self.assertEqual((finance.award_points, finance.deduction_points), (1.0, -1.0))
        self.assertEqual(finance.score, 100.0)
        # Units without an event keep the base score and share the first rank.
        self.assertEqual(scores[self.org_union].score, 100.0)
        self.assertEqual(scores[self.org_union].line_count, 0)
        self.assertEqual(finance.rank, 1)
        self.assertEqual(scores[self.org_union].rank, 1)
        self.assertEqual(hr.rank, len(scores))
        # Only the district's units: not the office, not another district.
        self.assertNotIn(self.org_office, scores)
        self.assertNotIn(self.org_other, scores)
        self.assertEqual(
            set(assessment.score_ids.organization_id.mapped("kind")), {"mass", "department"}
        )

    def test_rules_are_the_districts_own(self):
        Rule = self.env["joint.meeting.assessment.rule"]
        self._assessment()  # the first assessment brings the default rules
        rules = Rule.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(rules), 14)
        rules.filtered(lambda r: r.event == "done_on_time").points = 10
        rules.filtered(lambda r: r.event == "overdue").active = False
        rules.filtered(lambda r: r.event == "rating_good").points = 0
        other = Rule._create_default_rules(self.other_company)
        other.write({"points": 50})
        assessment = self.Assessment.search([("company_id", "=", self.company.id)])
        with freeze_time("2026-12-20"):
            assessment.with_user(self.user_supervisor).action_compute()
        points = {line.event: line.points for line in assessment.line_ids}
        self.assertEqual(points["done_on_time"], 10.0)
        self.assertNotIn("overdue", points)
        self.assertNotIn("rating_good", points)
        self.assertEqual(points["extension"], -2.0)

    def test_default_rules_are_created_once(self):
        Rule = self.env["joint.meeting.assessment.rule"]
        first = Rule._create_default_rules(self.company)
        first[:1].active = False
        self.assertFalse(Rule._create_default_rules(self.company))
        with self.assertRaises(ValidationError):
            first[1].points = 500

    def test_other_years_count_nothing(self):
        assessment = self._computed(2025)
        self.assertEqual(
            {(line.event, line.source_ref) for line in assessment.line_ids},
            {("report_returned", self.report_2025)},
        )

    def test_compute_again_replaces_the_lines(self):
        assessment = self._computed()
        count = len(assessment.line_ids)
        with freeze_time("2026-12-20"):
            assessment.action_compute()
        self.assertEqual(len(assessment.line_ids), count)
        self.assertEqual(
            self.env["joint.meeting.assessment.line"].search_count(
                [("assessment_id", "=", assessment.id)]
            ),
            count,
        )

    def test_archived_matters_count_nothing(self):
        self.late.active = False
        assessment = self._computed()
        self.assertNotIn(self.late, assessment.line_ids.resolution_id)

    def test_confirmed_assessment_is_locked_and_kept(self):
        assessment = self._confirmed()
        self.assertEqual(assessment.state, "confirmed")
        self.assertEqual(assessment.confirmed_by, self.user_supervisor)
        self.assertEqual(assessment.confirm_date, date(2026, 12, 21))
        sup = assessment.with_user(self.user_supervisor)
        with self.assertRaises(UserError):
            sup.note = "改写"
        with self.assertRaises(UserError):
            sup.action_compute()
        with self.assertRaises(UserError):
            sup.action_draft()
        with self.assertRaises(UserError):
            sup.unlink()
        with self.assertRaises(UserError):
            assessment.unlink()  # the Odoo administrator neither
        sup.active = False  # archived instead
        self.assertFalse(assessment.active)

    def test_year_and_base_score_change_only_in_draft(self):
        assessment = self._computed()
        sup = assessment.with_user(self.user_supervisor)
        with self.assertRaises(UserError):
            sup.base_score = 90
        sup.action_draft()
        self.assertFalse(assessment.line_ids)
        sup.base_score = 90
        with freeze_time("2026-12-20"):
            sup.action_compute()
        self.assertEqual(
            assessment.score_ids.filtered(lambda s: s.organization_id == self.org_union).score, 90
        )
        with self.assertRaises(UserError):
            sup.write({"state": "confirmed"})
        with self.assertRaises(ValidationError):
            self._assessment(1990)

    def test_one_assessment_per_district_and_year(self):
        self._assessment()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._assessment()

    def test_only_the_supervision_office_computes_and_confirms(self):
        for user in (self.user_office, self.user_leader, self.user_hr, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.Assessment.with_user(user).create(
                    {"company_id": self.company.id, "year": 2026}
                )
        assessment = self._assessment()
        for user in (self.user_office, self.user_leader, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                assessment.with_user(user).action_compute()
        with self.assertRaises(UserError):
            assessment.with_user(self.user_supervisor).action_confirm()  # not computed

    def test_leadership_and_office_read_everything(self):
        assessment = self._confirmed()
        for user in (self.user_office, self.user_leader, self.user_supervisor):
            with self.subTest(user=user.login):
                lines = (
                    self.env["joint.meeting.assessment.line"]
                    .with_user(user)
                    .search([("assessment_id", "=", assessment.id)])
                )
                self.assertEqual(lines, assessment.line_ids)

    def test_each_unit_reads_only_its_own_lines_once_confirmed(self):
        assessment = self._computed()
        Line = self.env["joint.meeting.assessment.line"]
        self.assertFalse(Line.with_user(self.user_hr).search([]))
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_hr).read(["name"])
        with freeze_time("2026-12-21"):
            assessment.action_confirm()
        hr_lines = Line.with_user(self.user_hr).search([("assessment_id", "=", assessment.id)])
        self.assertEqual(hr_lines.organization_id, self.org_hr)
        self.assertEqual(len(hr_lines), 8)
        finance = Line.with_user(self.user_finance).search([])
        self.assertEqual(set(finance.mapped("event")), {"ack_on_time", "report_returned"})
        self.assertFalse(Line.with_user(self.user_union).search([]))
        scores = self.env["joint.meeting.assessment.score"].with_user(self.user_hr).search([])
        self.assertEqual(scores.organization_id, self.org_hr)
        with self.assertRaises(AccessError):
            hr_lines.with_user(self.user_finance).read(["points"])
        with self.assertRaises(AccessError):
            hr_lines[0].with_user(self.user_hr).write({"points": 50})
        with self.assertRaises(AccessError):
            Line.with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_plain).read(["name"])
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_other).read(["name"])

    def test_scoring_rules_edited_by_admin_and_supervision_office(self):
        rule = self.env["joint.meeting.assessment.rule"]._create_default_rules(self.company)[:1]
        rule.with_user(self.user_supervisor).points = 2
        rule.with_user(self.user_admin).points = 3
        for user in (self.user_office, self.user_leader, self.user_hr, self.user_union):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rule.with_user(user).points = 4
        self.assertEqual(rule.points, 3)
        with self.assertRaises(AccessError):
            rule.with_user(self.user_other).read(["points"])

    def test_xlsx_holds_the_scores_and_every_point(self):
        assessment = self._confirmed()
        content = assessment.with_user(self.user_office).with_context(lang="zh_CN")._xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content))
        scores, points = book.worksheets
        self.assertIn("测试区人民政府", scores["A1"].value)
        rows = list(scores.iter_rows(min_row=3, values_only=True))
        self.assertEqual(len(rows), len(assessment.score_ids))
        self.assertEqual(rows[-1][1], self.org_hr.display_name)
        self.assertEqual(rows[-1][5], 99.0)
        lines = list(points.iter_rows(min_row=3, values_only=True))
        self.assertEqual(len(lines), len(assessment.line_ids))
        self.assertEqual(sum(row[6] for row in lines), sum(assessment.line_ids.mapped("points")))
        matters = {row[2] for row in lines}
        self.assertIn("建设职工服务中心", matters)
        header = [cell.value for cell in points[2]]
        self.assertEqual(header[:2], ["责任单位", "计分规则"])
        self.assertIn("已逾期", {row[1] for row in lines})
        # A unit's file holds its own points only.
        own = assessment.with_user(self.user_finance)._xlsx()
        book = openpyxl.load_workbook(io.BytesIO(own))
        self.assertEqual(
            {row[0] for row in book.worksheets[1].iter_rows(min_row=3, values_only=True)},
            {self.org_finance.display_name},
        )

    def test_pivot_of_points_by_unit(self):
        assessment = self._computed()
        groups = (
            self.env["joint.meeting.assessment.line"]
            .with_user(self.user_leader)
            .formatted_read_group(
                [("assessment_id", "=", assessment.id)], ["organization_id"], ["points:sum"]
            )
        )
        totals = {g["organization_id"][0]: g["points:sum"] for g in groups}
        self.assertEqual(totals[self.org_hr.id], -1.0)
        self.assertEqual(totals[self.org_finance.id], 0.0)


@tagged("post_install", "-at_install")
class TestAssessmentDownload(HttpCase):
    """The XLSX through its route, as the demo users."""

    def test_office_downloads_and_unit_gets_its_own(self):
        assessment = self.env.ref("joint_meeting.assessment_2025")
        action = assessment.with_user(
            self.env.ref("joint_meeting.user_office")
        ).action_export_xlsx()
        self.authenticate("jm_office", "jm_office")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.worksheets[1].max_row - 2, len(assessment.line_ids))
        self.authenticate("jm_hrss", "jm_hrss")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        units = {
            row[0]
            for row in openpyxl.load_workbook(io.BytesIO(response.content))
            .worksheets[1]
            .iter_rows(min_row=3, values_only=True)
        }
        self.assertEqual(units, {self.env.ref("joint_meeting.org_renhe_hrss").display_name})

    def test_refused_when_not_readable(self):
        draft_year = self.env.ref("joint_meeting.assessment_2026")  # computed, not confirmed
        self.authenticate("jm_union", "jm_union")
        response = self.url_open(f"/joint_meeting/assessment/{draft_year.id}/xlsx")
        self.assertEqual(response.status_code, 403)
        response = self.url_open("/joint_meeting/assessment/987654321/xlsx")
        self.assertEqual(response.status_code, 403)
