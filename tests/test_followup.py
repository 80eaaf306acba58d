from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import JointMeetingSupervisionCommon
from .test_access_matrix import JsonRpcMixin


@tagged("post_install", "-at_install")
class TestFollowup(JointMeetingSupervisionCommon):
    def test_issued_minutes_open_the_matter(self):
        self.assertEqual(self.minutes.state, "issued")
        self.assertEqual(self.resolution.state, "open")

    def test_lead_unit_reports_and_the_matter_starts(self):
        report = self._report()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(self.resolution.state, "in_progress")
        self.assertEqual(self.resolution.last_followup_id, report)
        self.assertEqual(self.resolution.progress_percent, 40)
        self.assertEqual(self.resolution.followup_count, 1)

    def test_co_unit_reports_too(self):
        report = self._report(user=self.user_finance, org=self.org_finance, percent=30)
        self.assertEqual(report.organization_id, self.org_finance)

    def test_form_proposes_the_users_unit(self):
        form = Form(
            self.Followup.with_user(self.user_finance).with_context(
                default_resolution_id=self.resolution.id
            )
        )
        self.assertEqual(form.organization_id, self.org_finance)
        form.progress = "<p>资金已落实。</p>"
        form.percent = 20
        report = form.save()
        self.assertEqual(report.organization_id, self.org_finance)

    def test_unit_reporting_on_another_units_matter_is_refused(self):
        # The trade union is neither lead nor co-unit: it cannot even read the matter.
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._report(user=self.user_union, org=self.org_union)
        # Reporting in the name of a unit of the matter it does not belong to.
        with self.assertRaises(UserError), self.cr.savepoint():
            self._report(user=self.user_finance, org=self.org_hr)
        # A unit that is not one of the matter's units, created with full rights.
        with self.assertRaisesRegex(ValidationError, "lead unit or a co-unit"), self.cr.savepoint():
            self._report(user=self.env.user, org=self.org_youth)
        self.resolution.invalidate_recordset()
        self.assertFalse(self.resolution.followup_ids)

    def test_unit_absent_from_the_meeting_reports_on_its_matter(self):
        """A matter may be assigned to a unit that neither attended the meeting
        nor was consulted (it cannot read the meeting): it still reports, and
        the next meeting's implementation report follows (found with the load
        test, bench/load)."""
        org = self.env["joint.meeting.organization"].create(
            {
                "name": "Emergency Management Bureau",
                "kind": "department",
                "company_id": self.company.id,
            }
        )
        user = self._district_user("t_emergency", "group_joint_meeting_department", org)
        matter = self._more_matters(1, lead_unit_id=org.id)
        matter.state = "in_progress"  # reported on before
        with self.assertRaises(AccessError):
            self.meeting.with_user(user).check_access("read")
        # As in a request of its own: nothing of the meeting is in the cache.
        self.env.invalidate_all()
        report = self.Followup.with_user(user).create(
            {
                "resolution_id": matter.id,
                "organization_id": org.id,
                "progress": "<p>应急物资已储备到位。</p>",
                "percent": 50,
            }
        )
        self.assertEqual(report.state, "submitted")
        self.assertEqual(matter.last_followup_id, report)
        self.assertEqual(matter.progress_percent, 50)

    def test_supervisor_and_office_never_write_the_report(self):
        for user in (self.user_supervisor, self.user_office, self.user_leader):
            with self.assertRaises(AccessError):
                self._report(user=user)
        report = self._report()
        for user in (self.user_supervisor, self.user_office):
            with self.assertRaises(UserError):
                report.with_user(user).write({"percent": 90})
        self.assertEqual(report.percent, 40)

    def test_unit_cannot_review_its_own_report(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "supervision office"):
            report.with_user(self.user_hr).action_accept("good")
        with self.assertRaisesRegex(UserError, "workflow's buttons"):
            report.with_user(self.user_hr).write({"state": "accepted", "rating": "good"})
        self.assertEqual(report.state, "submitted")

    def test_supervisor_accepts_with_a_rating(self):
        report = self._report()
        wizard = Form(
            self.env["joint.meeting.followup.review"]
            .with_user(self.user_supervisor)
            .with_context(default_followup_ids=report.ids)
        )
        wizard.rating = "fairly_good"
        wizard.comment = "进展顺利。"
        wizard.save().action_confirm()
        self.assertEqual(report.state, "accepted")
        self.assertEqual(report.rating, "fairly_good")
        self.assertEqual(report.reviewer_id, self.user_supervisor)
        self.assertEqual(self.resolution.last_rating, "fairly_good")

    def test_supervision_office_is_asked_to_review(self):
        review_type = self.env.ref("joint_meeting.mail_activity_type_followup_review")

        def to_review(report):
            return report.activity_ids.filtered(lambda a: a.activity_type_id == review_type)

        report = self._report()
        self.assertEqual(to_review(report).user_id, self.user_supervisor)
        report.with_user(self.user_supervisor).action_return("请补充材料。")
        self.assertFalse(to_review(report))
        report.with_user(self.user_hr).write({"percent": 45})
        self.assertEqual(to_review(report).user_id, self.user_supervisor)
        report.with_user(self.user_supervisor).action_accept("good")
        self.assertFalse(to_review(report))

    def test_a_report_created_already_reviewed_asks_for_no_review(self):
        """History brought in by data files or an upgrade (reports already
        accepted) gives the supervision office nothing to review."""
        review_type = self.env.ref("joint_meeting.mail_activity_type_followup_review")
        reviewed = self.Followup._workflow_create(
            [
                {
                    "resolution_id": self.resolution.id,
                    "organization_id": self.org_hr.id,
                    "progress": "<p>已完成阶段性任务。</p>",
                    "percent": 30,
                    "state": "accepted",
                    "rating": "good",
                }
            ]
        )
        submitted = self._report()
        self.assertFalse(
            reviewed.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        )
        self.assertTrue(
            submitted.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        )

    def test_accepting_needs_a_rating(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "Rate"):
            report.with_user(self.user_supervisor).action_accept(False)
        self.assertEqual(report.state, "submitted")

    def test_returned_report_is_corrected_and_goes_back_for_review(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "why"):
            report.with_user(self.user_supervisor).action_return("  ")
        report.with_user(self.user_supervisor).action_return("请补充佐证材料。")
        self.assertEqual(report.state, "returned")
        self.assertFalse(self.resolution.last_followup_id)
        report.with_user(self.user_hr).write({"progress": "<p>已补充材料。</p>"})
        self.assertEqual(report.state, "submitted")
        self.assertEqual(self.resolution.last_followup_id, report)

    def test_accepted_report_is_locked_and_kept(self):
        report = self._report()
        report.with_user(self.user_supervisor).action_accept("good")
        with self.assertRaises(UserError):
            report.with_user(self.user_hr).write({"percent": 90})
        with self.assertRaises(UserError):
            report.with_user(self.user_hr).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            report.sudo().unlink()
        self.assertEqual(report.percent, 40)

    def test_unit_deletes_its_submitted_report(self):
        report = self._report()
        report.with_user(self.user_hr).unlink()
        self.assertFalse(report.exists())

    def test_percent_outcome_and_explanation_are_checked(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._report(outcome="completed", percent=80)
        with self.assertRaisesRegex(ValidationError, "explanation"), self.cr.savepoint():
            self._report(outcome="cannot", explanation=" ")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._report(percent=120)
        self.resolution.invalidate_recordset()
        self.assertFalse(self.resolution.followup_ids)

    def test_no_report_on_a_closed_matter(self):
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        with self.assertRaisesRegex(UserError, "open agreed matters"):
            self._report()

    def test_units_of_a_matter_read_its_reports_others_do_not(self):
        report = self._report()
        for user in (self.user_hr, self.user_finance, self.user_supervisor, self.user_office):
            self.assertIn(report, self.Followup.with_user(user).search([]), user.login)
        for user in (self.user_union, self.user_youth):
            self.assertNotIn(report, self.Followup.with_user(user).search([]), user.login)
            with self.assertRaises(AccessError):
                report.with_user(user).read(["progress"])
        self.assertNotIn(report, self.Followup.with_user(self.user_other).search([]))


@tagged("post_install", "-at_install")
class TestConsolidatedReport(JointMeetingSupervisionCommon, HttpCase, JsonRpcMixin):
    """Co-units report their own part; the lead unit's report consolidates
    them; the supervision office reviews the consolidated report."""

    def _part(self, percent=30, text="<p>配合资金已落实。</p>", **vals):
        return self._report(
            user=self.user_finance, org=self.org_finance, percent=percent, progress=text, **vals
        )

    def test_lead_report_starts_from_and_links_the_co_units_parts(self):
        self._part(percent=20, text="<p>旧进展。</p>")
        part = self._part(percent=30)
        form = Form(
            self.Followup.with_user(self.user_hr).with_context(
                default_resolution_id=self.resolution.id
            )
        )
        self.assertEqual(form.organization_id, self.org_hr)
        # The latest part, not the older one, with its unit and percent.
        self.assertIn("配合资金已落实", str(form.progress))
        self.assertNotIn("旧进展", str(form.progress))
        self.assertIn("30%", str(form.progress))
        form.percent = 50
        report = form.save()
        self.assertEqual(report.report_role, "lead")
        self.assertEqual(part.report_role, "co")
        self.assertEqual(report.co_part_ids, part)
        self.assertFalse(report.co_units_missing)

    def test_matters_progress_is_the_lead_units_not_a_later_part(self):
        """A co-unit's percent is of its own part: once the lead unit has
        reported, the matter's progress, last report and rating are its."""
        first = self._part(percent=20)
        self.assertEqual(self.resolution.last_followup_id, first)
        report = self._report(percent=60)
        self.assertEqual(self.resolution.last_followup_id, report)
        later = self._part(percent=10, text="<p>配合单位后续进展。</p>")
        self.assertGreater((later.date, later.id), (report.date, report.id))
        self.assertEqual(self.resolution.last_followup_id, report)
        self.assertEqual(self.resolution.progress_percent, 60)

    def test_consolidate_takes_in_a_later_part_once(self):
        report = self._report(percent=40)
        self.assertFalse(report.co_part_ids)
        self.assertEqual(report.co_units_missing, self.org_finance.display_name)
        part = self._part(text="<p>专户已开设。</p>")
        report.with_user(self.user_hr).action_consolidate()
        self.assertEqual(report.co_part_ids, part)
        self.assertIn("专户已开设", str(report.progress))
        report.with_user(self.user_hr).action_consolidate()
        self.assertEqual(str(report.progress).count("专户已开设"), 1)
        # A returned part is not consolidated; the unit's previous one is.
        newer = self._part(text="<p>待补充。</p>")
        newer.with_user(self.user_supervisor).action_return("请补充金额")
        report.with_user(self.user_hr).action_consolidate()
        self.assertEqual(report.co_part_ids, part)
        # The supervision office reviews the consolidated report.
        report.with_user(self.user_supervisor).action_accept("good")
        self.assertEqual(report.state, "accepted")
        with self.assertRaises(UserError):
            report.with_user(self.user_hr).action_consolidate()

    def test_each_unit_writes_only_its_own_report(self):
        part = self._part()
        report = self._report(percent=40)
        # A co-unit neither writes nor consolidates the lead unit's report.
        with self.assertRaises(AccessError):
            report.with_user(self.user_finance).write({"percent": 90})
        with self.assertRaises(UserError):
            report.with_user(self.user_finance).action_consolidate()
        # The lead unit does not change a co-unit's part, nor consolidates it.
        with self.assertRaises(AccessError):
            part.with_user(self.user_hr).write({"progress": "<p>改写。</p>"})
        with self.assertRaises(UserError):
            part.with_user(self.user_hr).action_consolidate()
        # Nobody links parts by hand, the lead unit included.
        other = self._part(percent=10)
        for user in (self.user_hr, self.user_supervisor, self.user_office):
            with self.subTest(user=user.login):
                refused = None
                try:
                    with self.env.cr.savepoint():
                        report.with_user(user).write({"co_part_ids": [(6, 0, other.ids)]})
                except (AccessError, UserError) as error:
                    refused = error
                self.assertTrue(refused, f"{user.login} linked a part by hand")
        self.assertEqual(report.co_part_ids, part)

    def test_role_rules_over_json_rpc(self):
        part = self._part()
        report = self._report(percent=40)
        self.env.flush_all()
        context = {"allowed_company_ids": [self.company.id]}
        refused = [
            (self.user_finance, report, "write", [{"percent": 90}]),
            (self.user_finance, report, "action_consolidate", []),
            (self.user_hr, part, "write", [{"progress": "<p>改写。</p>"}]),
            (self.user_hr, part, "action_consolidate", []),
            (self.user_hr, report, "write", [{"co_part_ids": [(6, 0, [])]}]),
        ]
        for user, record, method, args in refused:
            with self.subTest(user=user.login, method=method, record=record.report_role):
                self.authenticate(user.login, user.login)
                before = self.table_hash("joint.meeting.followup")
                outcome = self.call_kw(record._name, method, [record.ids, *args], context=context)
                self.assertEqual(outcome[0], "error", outcome)
                self.assertIn(outcome[1].rsplit(".", 1)[-1], ("AccessError", "UserError"))
                self.assertEqual(self.table_hash("joint.meeting.followup"), before)
        self.authenticate(self.user_hr.login, self.user_hr.login)
        outcome = self.call_kw(report._name, "action_consolidate", [report.ids], context=context)
        self.assertEqual(outcome[0], "ok", outcome)
        self.assertEqual(report.co_part_ids, part)
