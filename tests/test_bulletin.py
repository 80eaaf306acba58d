import gc

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import JointMeetingSupervisionCommon


@tagged("post_install", "-at_install")
class TestBulletin(JointMeetingSupervisionCommon):
    """The supervision bulletin (督查通报): compiled from the matters of the
    period, edited and issued by the supervision office, then locked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.joint_meeting_bulletin_number_pattern = "测督通〔{year}〕{number}号"
        cls.Bulletin = cls.env["joint.meeting.bulletin"]

    def _bulletin(self, date_from="2026-04-01", period_type="quarterly"):
        return self.Bulletin.with_user(self.user_supervisor).create(
            {"company_id": self.company.id, "period_type": period_type, "date_from": date_from}
        )

    def _close(self, matter, day, outcome="completed", rating="good"):
        with freeze_time(day):
            report = self.Followup.create(
                {
                    "resolution_id": matter.id,
                    "organization_id": matter.lead_unit_id.id,
                    "progress": "<p>完成。</p>",
                    "percent": 100,
                    "outcome": outcome,
                    "explanation": "缺少资金" if outcome == "cannot" else False,
                }
            )
            report.with_user(self.user_supervisor).action_accept(rating, "审核")
            if outcome == "completed":
                matter.with_user(self.user_supervisor).action_close_done()
            else:
                matter.with_user(self.user_supervisor).action_close_cannot()

    def test_compiled_by_state_and_unit_with_verdicts(self):
        # HR: the setUp matter (due 6/30) closed on time, rated good.
        self._close(self.resolution, "2026-05-20")
        # Finance: one matter overdue at the end of the quarter.
        late = self._more_matters(1, lead_unit_id=self.org_finance.id, deadline="2026-05-31")
        # Youth League: one matter still under way, not due, nothing else.
        self._more_matters(1, lead_unit_id=self.org_youth.id, deadline="2026-12-31")
        bulletin = self._bulletin()
        self.assertEqual(bulletin.date_to.isoformat(), "2026-06-30")
        self.assertEqual(bulletin.name, "2026年第2季度督查通报")
        self.assertEqual(bulletin.matter_count, 3)
        self.assertEqual((bulletin.done_count, bulletin.on_time_count), (1, 1))
        self.assertEqual(bulletin.open_count, 2)
        self.assertEqual(bulletin.overdue_matter_ids, late)
        self.assertEqual(bulletin.good_count, 1)
        self.assertEqual(bulletin.commended_unit_ids, self.org_hr)
        self.assertEqual(bulletin.named_unit_ids, self.org_finance)
        youth = bulletin.line_ids.filtered(lambda line: line.organization_id == self.org_youth)
        self.assertEqual(youth.verdict, "none")
        self.assertIn("2026年4月1日", str(bulletin.summary))
        self.assertIn(self.org_hr.name, str(bulletin.summary))
        # A matter closed before the period is not in it.
        self.assertEqual(self._bulletin("2026-07-01").matter_count, 2)

    def test_extended_and_urged_units_are_not_commended(self):
        self._close(self.resolution, "2026-05-20")
        self.resolution._workflow_write({"last_urge_date": "2026-05-02", "urge_count": 1})
        bulletin = self._bulletin()
        self.assertEqual(bulletin.named_unit_ids, self.org_hr)
        self.assertEqual(bulletin.urged_count, 1)
        # The rating average is no commendation either.
        self.resolution._workflow_write({"last_urge_date": False})
        self.resolution.followup_ids._workflow_write({"rating": "average"})
        bulletin.action_compile()
        self.assertFalse(bulletin.named_unit_ids | bulletin.commended_unit_ids)

    def _printed(self, bulletin):
        """The bulletin's report as HTML (what the PDF is rendered from)."""
        return str(
            self.env["ir.actions.report"]._render_qweb_html(
                "joint_meeting.action_report_joint_meeting_bulletin", bulletin.ids
            )[0],
            "utf-8",
        )

    def test_issued_bulletin_prints_what_it_was_issued_with(self):
        """The lead unit and deadline of an overdue matter as of the issue,
        not after a later extension or reassignment (issue 21)."""
        late = self._more_matters(1, lead_unit_id=self.org_finance.id, deadline="2026-05-31")
        bulletin = self._bulletin()
        with freeze_time("2026-07-03"):
            bulletin.with_user(self.user_supervisor).action_issue()
        # Later, the matter moves (as its extension and reassignment steps would).
        late._workflow_write({"lead_unit_id": self.org_hr.id, "deadline": "2026-09-30"})
        html = self._printed(bulletin)
        self.assertIn(f"牵头单位：<span>{self.org_finance.name}</span>", html)
        self.assertNotIn(f"牵头单位：<span>{self.org_hr.name}</span>", html)
        self.assertIn("2026年5月31日", html)
        self.assertNotIn("2026年9月30日", html)
        # A unit renamed after the issue keeps its name in the issued bulletin.
        issued_name = self.org_finance.name
        self.org_finance.write({"name": "Finance and Audit Bureau"})
        html = self._printed(bulletin)
        self.assertIn(f"<td><span>{issued_name}</span></td>", html)
        self.assertNotIn("Finance and Audit Bureau", html)

    def test_issue_numbers_and_locks(self):
        bulletin = self._bulletin()
        bulletin.with_user(self.user_supervisor).write({"remarks": "<p>请各单位加快进度。</p>"})
        bulletin.line_ids[:1].with_user(self.user_supervisor).write(
            {"verdict": "named", "note": "多次催办"}
        )
        with freeze_time("2026-06-29"), self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).action_issue()
        with freeze_time("2026-07-03"):
            bulletin.with_user(self.user_supervisor).action_issue()
        self.assertEqual(bulletin.state, "issued")
        self.assertEqual(bulletin.number, "测督通〔2026〕1号")
        self.assertEqual(bulletin.issue_date.isoformat(), "2026-07-03")
        with freeze_time("2026-07-06"):
            second = self._bulletin("2026-01-01")
            second.with_user(self.user_supervisor).action_issue()
        self.assertEqual(second.number, "测督通〔2026〕2号")
        for vals in ({"remarks": "<p>改</p>"}, {"name": "改"}):
            with self.assertRaises(UserError):
                bulletin.with_user(self.user_supervisor).write(vals)
        with self.assertRaises(UserError):
            bulletin.line_ids[:1].with_user(self.user_supervisor).write({"verdict": "none"})
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).action_compile()
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).action_issue()
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).unlink()
        with self.assertRaises(UserError):
            bulletin.unlink()
        bulletin.with_user(self.user_supervisor).action_archive()
        self.assertFalse(bulletin.active)

    def test_supervision_office_edits_the_draft_in_its_form(self):
        self._close(self.resolution, "2026-05-20")
        bulletin = self._bulletin()
        with Form(bulletin.with_user(self.user_supervisor)) as form:
            form.remarks = "<p>请各单位按期报送。</p>"
            with form.line_ids.edit(0) as line:
                line.verdict = "none"
                line.note = "材料不全，暂不表扬"
        self.assertEqual(bulletin.line_ids.verdict, "none")
        self.assertFalse(bulletin.commended_unit_ids)
        # Lines are compiled: none added or removed through the bulletin.
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).write(
                {"line_ids": [(0, 0, {"organization_id": self.org_youth.id})]}
            )
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).write(
                {"line_ids": [(2, bulletin.line_ids.id)]}
            )

    def test_period_is_fixed(self):
        bulletin = self._bulletin()
        with self.assertRaises(UserError):
            bulletin.with_user(self.user_supervisor).write({"date_from": "2026-07-01"})
        # The database's unique constraint; its logged error is expected (Odoo's
        # test runner fails a test on any unexpected logged error).
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self._bulletin("2026-05-15")

    def test_roles(self):
        draft = self._bulletin()
        with freeze_time("2026-07-03"):
            issued = self._bulletin("2026-01-01")
            issued.with_user(self.user_supervisor).action_issue()
        for user in (self.user_office, self.user_leader, self.user_admin, self.user_supervisor):
            self.assertEqual(draft.with_user(user).read(["name"])[0]["id"], draft.id)
        for user in (self.user_union, self.user_hr):
            with self.assertRaises(AccessError):
                draft.with_user(user).read(["name"])
            issued.with_user(user).read(["name", "summary"])
            issued.line_ids.with_user(user).read(["verdict"])
            with self.assertRaises(AccessError):
                draft.line_ids.with_user(user).read(["verdict"])
        for user in (self.user_plain, self.user_other):
            with self.assertRaises(AccessError):
                issued.with_user(user).read(["name"])
        for user in (self.user_office, self.user_leader, self.user_union):
            with self.assertRaises(AccessError):
                draft.with_user(user).write({"remarks": "<p>改</p>"})
            with self.assertRaises(UserError):
                self.Bulletin.with_user(user).create(
                    {
                        "company_id": self.company.id,
                        "period_type": "monthly",
                        "date_from": "2026-08-01",
                    }
                )
        for user in (self.user_office, self.user_leader, self.user_admin):
            with self.assertRaises(UserError):
                draft.with_user(user).action_issue()

    def test_a_bulletin_covers_a_whole_period(self):
        self.assertEqual(
            self._bulletin("2026-05-17", "monthly").date_from.isoformat(), "2026-05-01"
        )
        with self.assertRaises(ValidationError):
            self.company.joint_meeting_bulletin_number_pattern = "督通{count}"

    # ------------------------------------------------------------------
    # Scheduled action at the edges of the period
    # ------------------------------------------------------------------
    def _mine(self):
        return self.Bulletin.with_context(active_test=False).search(
            [("company_id", "=", self.company.id)]
        )

    def test_cron_drafts_on_the_last_day_of_the_quarter_once(self):
        with freeze_time("2026-03-30 08:00:00"):
            self.Bulletin._cron_draft_bulletins()
        # On 3/30 the quarter still runs: the bulletin of the quarter before.
        self.assertEqual(self._mine().mapped("date_from")[0].isoformat(), "2025-10-01")
        self.org_supervision._liaison().lang = "zh_CN"
        with freeze_time("2026-03-31 08:00:00"):
            self.Bulletin._cron_draft_bulletins()
            self.Bulletin._cron_draft_bulletins()
        q1 = self._mine().filtered(lambda b: b.date_from.isoformat() == "2026-01-01")
        # The scheduled action runs without a language: the activity is in the
        # liaison's.
        self.assertTrue(q1.activity_ids.summary.startswith("审核并印发"), q1.activity_ids.summary)
        self.assertEqual(len(q1), 1)
        self.assertEqual(q1.date_to.isoformat(), "2026-03-31")
        self.assertEqual(q1.state, "draft")
        self.assertEqual(
            q1.activity_ids.user_id.joint_meeting_organization_ids, self.org_supervision
        )
        with freeze_time("2026-04-01 02:00:00"):
            self.Bulletin._cron_draft_bulletins()
            self.Bulletin._cron_draft_bulletins()
        self.assertEqual(len(self._mine()), 2)

    def test_cron_catches_up_on_the_first_day_of_the_next_quarter(self):
        with freeze_time("2026-04-01 02:00:00"):
            self.Bulletin._cron_draft_bulletins()
            self.Bulletin._cron_draft_bulletins()
        self.assertEqual(self._mine().mapped("date_from")[0].isoformat(), "2026-01-01")
        self.assertEqual(len(self._mine()), 1)
        # An archived bulletin is not drafted again.
        self._mine().action_archive()
        with freeze_time("2026-04-02 02:00:00"):
            self.Bulletin._cron_draft_bulletins()
        self.assertEqual(len(self._mine()), 1)

    def test_cron_monthly_district(self):
        self.company.joint_meeting_bulletin_period = "monthly"
        with freeze_time("2026-02-28 08:00:00"):
            self.Bulletin._cron_draft_bulletins()
        with freeze_time("2026-03-01 02:00:00"):
            self.Bulletin._cron_draft_bulletins()
        bulletins = self._mine()
        self.assertEqual(len(bulletins), 1)
        self.assertEqual(bulletins.name, "2026年2月督查通报")
        self.assertEqual(bulletins.date_to.isoformat(), "2026-02-28")

    def test_compile_queries_flat_from_10_to_200_matters(self):
        def queries(count):
            self._more_matters(count, deadline="2026-05-31")
            bulletin = self._bulletin("2026-04-01")
            bulletin.action_compile()  # warm the caches
            self.env.flush_all()
            self.env.invalidate_all()
            # The same start whatever the garbage collector did meanwhile: an
            # environment it freed (and its company, read again) costs a query.
            gc.collect()
            before = self.cr.sql_log_count
            bulletin.action_compile()
            self.env.flush_all()
            result = self.cr.sql_log_count - before
            self.env.cr.execute("DELETE FROM joint_meeting_bulletin WHERE id = %s", [bulletin.id])
            self.env.invalidate_all()
            return result

        queries(1)  # the first compile of the class warms what the others share
        self.assertEqual(queries(10), queries(200))
