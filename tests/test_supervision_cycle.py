import unicodedata
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JointMeetingSupervisionCommon, run_cron


@tagged("post_install", "-at_install")
class TestSupervisionCycle(JointMeetingSupervisionCommon):
    """签收 → 办理 → 反馈, with 退回/转办 and 延期 along the way."""

    def _assigned_matter(self, today="2026-04-13", **vals):
        """An open matter (lead HR, co-unit Finance) assigned on ``today``."""
        matter = self._more_matters(1, co_unit_ids=[(6, 0, self.org_finance.ids)], **vals)
        with freeze_time(today):
            matter._assign_units()
        return matter

    def _activities(self, record, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    # --- acknowledgement (签收) ------------------------------------------
    def test_issue_assigns_every_unit(self):
        assignments = self.resolution.assignment_ids
        self.assertEqual(
            {(a.organization_id, a.role) for a in assignments},
            {(self.org_hr, "lead"), (self.org_finance, "co")},
        )
        # Issued on Friday 2026-04-10: two working days, until Tuesday.
        self.assertEqual(set(assignments.mapped("due_date")), {date(2026, 4, 14)})
        self.assertEqual(set(assignments.mapped("state")), {"acknowledged"})
        hr = assignments.filtered(lambda a: a.organization_id == self.org_hr)
        self.assertEqual(hr.acknowledged_by, self.user_hr)
        self.assertEqual(self.resolution.acknowledgement_state, "acknowledged")

    def test_a_unit_reports_only_what_it_acknowledged(self):
        matter = self._assigned_matter()
        self.assertEqual(matter.acknowledgement_state, "pending")
        vals = {
            "resolution_id": matter.id,
            "organization_id": self.org_hr.id,
            "progress": "<p>已启动</p>",
            "percent": 10,
        }
        with self.assertRaises(UserError):
            self.Followup.with_user(self.user_hr).create(vals)
        for user in (self.user_union, self.user_office, self.user_supervisor):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                matter.with_user(user).action_acknowledge()
        with freeze_time("2026-04-14"):
            matter.with_user(self.user_hr).action_acknowledge()
        self.assertEqual(matter.acknowledgement_state, "acknowledged")
        with self.assertRaises(UserError):  # once
            matter.with_user(self.user_hr).action_acknowledge()
        self.Followup.with_user(self.user_hr).create(vals)
        # The co-unit has not acknowledged its part yet.
        with self.assertRaises(UserError):
            self.Followup.with_user(self.user_finance).create(
                dict(vals, organization_id=self.org_finance.id)
            )

    def test_assignments_are_written_by_the_workflow_only(self):
        assignment = self._assigned_matter().assignment_ids[:1]
        for user in (self.user_hr, self.user_office, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                assignment.with_user(user).write({"state": "acknowledged"})

    # --- return and reassignment (退回/转办) ------------------------------
    def test_return_and_reassign(self):
        matter = self._assigned_matter()
        with self.assertRaises(UserError):  # a reason is required
            matter.with_user(self.user_hr).action_return_assignment("  ")
        with self.assertRaises(UserError):  # only the lead unit returns
            matter.with_user(self.user_finance).action_return_assignment("不是本单位职责")
        with freeze_time("2026-04-16"), self.assertRaises(UserError):  # period over
            matter.with_user(self.user_hr).action_return_assignment("不是本单位职责")
        with freeze_time("2026-04-14"):
            matter.with_user(self.user_hr).action_return_assignment("不是本单位职责")
        self.assertEqual(matter.acknowledgement_state, "returned")
        self.assertTrue(
            self._activities(matter, "joint_meeting.mail_activity_type_acknowledge").filtered(
                lambda a: a.user_id == self.user_supervisor
            )
        )
        for user in (self.user_hr, self.user_leader, self.user_union):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                matter.with_user(user).action_reassign(self.org_union.id, [], "改由工会牵头")
        for lead, co in (
            (self.org_other.id, []),
            (self.org_supervision.id, []),
            (self.org_union.id, [999999]),
            ("x", []),
        ):
            with self.subTest(lead=lead), self.assertRaises(UserError):
                matter.with_user(self.user_supervisor).action_reassign(lead, co, "改派")
        with freeze_time("2026-04-15"):
            matter.with_user(self.user_supervisor).action_reassign(
                self.org_union.id, self.org_hr.ids, "改由工会牵头，人社局配合"
            )
        self.assertEqual(matter.lead_unit_id, self.org_union)
        self.assertEqual(matter.co_unit_ids, self.org_hr)
        states = {(a.organization_id, a.role): a.state for a in matter.assignment_ids}
        self.assertEqual(
            states,
            {
                (self.org_hr, "lead"): "returned",
                (self.org_finance, "co"): "withdrawn",
                (self.org_union, "lead"): "pending",
                (self.org_hr, "co"): "pending",
            },
        )
        self.assertEqual(matter.acknowledgement_state, "pending")
        matter.with_user(self.user_union).action_acknowledge()
        self.assertEqual(matter.acknowledgement_state, "acknowledged")
        # The history stays: the returned assignment cannot be changed.
        returned = matter.assignment_ids.filtered(lambda a: a.state == "returned")
        self.assertEqual(returned.return_reason, "不是本单位职责")
        with self.assertRaises(UserError):
            returned.with_user(self.user_admin).sudo().write({"state": "pending"})

    # --- extension requests (延期申请) ------------------------------------
    def _request(self, user=None, matter=None, deadline="2026-07-31", reason="招标流标"):
        return (
            self.env["joint.meeting.extension"]
            .with_user(user or self.user_hr)
            .create(
                {
                    "resolution_id": (matter or self.resolution).id,
                    "requested_deadline": deadline,
                    "reason": reason,
                }
            )
        )

    @freeze_time("2026-06-01")
    def test_extension_in_two_levels(self):
        request = self._request()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.organization_id, self.org_hr)
        self.assertEqual(request.current_deadline, date(2026, 6, 30))
        self.assertEqual(request.levels, "2")
        self.assertEqual(request.number, 1)
        self.assertTrue(
            self._activities(request, "joint_meeting.mail_activity_type_extension").filtered(
                lambda a: a.user_id == self.user_supervisor
            )
        )
        with self.assertRaises(UserError):  # one request at a time
            self._request(deadline="2026-08-31")
        for user in (self.user_hr, self.user_leader, self.user_office):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                request.with_user(user).action_review()
        request.with_user(self.user_supervisor).action_review("同意报批")
        self.assertEqual(request.state, "reviewed")
        self.assertEqual(self.resolution.deadline, date(2026, 6, 30))
        with self.assertRaises(UserError):
            request.with_user(self.user_hr).write({"reason": "改"})
        for user in (self.user_hr, self.user_supervisor, self.user_office):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                request.with_user(user).action_approve()
        request.with_user(self.user_leader).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.user_leader)
        self.assertEqual(self.resolution.deadline, date(2026, 7, 31))
        self.assertEqual(self.resolution.extension_count, 1)
        self.assertFalse(self.resolution.repeat_extension)
        with self.assertRaises(UserError):  # decided: locked
            request.with_user(self.user_leader).action_approve()
        # A second extension of the same matter is flagged.
        second = self._request(deadline="2026-08-31")
        self.assertEqual(second.number, 2)
        self.assertTrue(second.repeat)
        second.with_user(self.user_supervisor).action_review()
        second.with_user(self.user_leader).action_approve()
        self.assertEqual(self.resolution.deadline, date(2026, 8, 31))
        self.assertTrue(self.resolution.repeat_extension)
        self.assertIn(self.resolution, self.resolution.search([("repeat_extension", "=", True)]))

    @freeze_time("2026-06-01")
    def test_extension_in_one_level(self):
        self.company.joint_meeting_extension_levels = "1"
        request = self._request()
        request.with_user(self.user_supervisor).action_review()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.resolution.deadline, date(2026, 7, 31))

    @freeze_time("2026-06-01")
    def test_extension_refused_and_bad_requests(self):
        with self.assertRaises(ValidationError):  # not after the current deadline
            self._request(deadline="2026-06-15")
        with self.assertRaises(UserError):  # the co-unit does not request
            self._request(user=self.user_finance)
        with self.assertRaises(UserError):
            self._request(user=self.user_union)
        request = self._request()
        with self.assertRaises(UserError):  # refused with a reason
            request.with_user(self.user_supervisor).action_refuse("")
        with self.assertRaises(UserError):
            request.with_user(self.user_leader).action_refuse("不同意")
        request.with_user(self.user_supervisor).action_refuse("理由不充分")
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.resolution.deadline, date(2026, 6, 30))
        self.assertEqual(self.resolution.extension_count, 0)
        with self.assertRaises(UserError):
            request.write({"requested_deadline": "2026-09-30"})
        # The deadline itself changes only through an approved request.
        with self.assertRaises(UserError):
            self.resolution.with_user(self.user_office).write({"deadline": "2026-09-30"})

    def test_no_extension_after_the_deadline_or_before_acknowledgement(self):
        with freeze_time("2026-07-01"), self.assertRaises(UserError):
            self._request()
        matter = self._assigned_matter()
        with freeze_time("2026-04-14"), self.assertRaises(UserError):
            self._request(matter=matter)

    # --- plan and light (序时进度) -----------------------------------------
    def test_plan_and_self_explaining_light(self):
        Milestone = self.env["joint.meeting.milestone"]
        Milestone.with_user(self.user_hr).create(
            [
                {
                    "resolution_id": self.resolution.id,
                    "name": "制定实施方案",
                    "planned_date": "2026-05-01",
                    "planned_percent": 30,
                },
                {
                    "resolution_id": self.resolution.id,
                    "name": "全面推行",
                    "planned_date": "2026-06-01",
                    "planned_percent": 80,
                },
            ]
        )
        for user in (self.user_finance, self.user_supervisor):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                Milestone.with_user(user).create(
                    {
                        "resolution_id": self.resolution.id,
                        "name": "x",
                        "planned_date": "2026-05-15",
                        "planned_percent": 50,
                    }
                )
        Resolution = self.env["joint.meeting.resolution"]

        def light(today):
            with freeze_time(today):
                self.resolution.invalidate_recordset(
                    ["traffic_light", "traffic_light_reason", "planned_percent"]
                )
                found = Resolution.search(
                    [
                        ("traffic_light", "=", self.resolution.traffic_light),
                        ("id", "=", self.resolution.id),
                    ]
                )
                self.assertEqual(found, self.resolution, today)
                return self.resolution.traffic_light, self.resolution.traffic_light_reason

        self.assertEqual(light("2026-04-20")[0], "green")
        colour, reason = light("2026-05-02")
        self.assertEqual(colour, "yellow")
        self.assertIn("30%", reason)
        with freeze_time("2026-05-02"):
            report = self._report(percent=40)
        self.assertEqual(light("2026-05-02")[0], "green")
        self.assertEqual(light("2026-06-02")[0], "yellow")
        # A weak rating of the last accepted report turns it yellow too.
        with freeze_time("2026-05-03"):
            report.with_user(self.user_supervisor).action_accept("average", "进度偏慢")
        colour, reason = light("2026-05-03")
        self.assertEqual(colour, "yellow")
        self.assertIn("Average", reason)
        self.assertEqual(light("2026-07-01")[0], "red")

    # --- reminders of the acknowledgement ---------------------------------
    def test_acknowledgement_reminded_then_escalated_once(self):
        matter = self._assigned_matter()
        xmlid = "joint_meeting.mail_activity_type_acknowledge"
        with freeze_time("2026-04-13 02:00:00"):
            run_cron(self.env, "acknowledgements")
            run_cron(self.env, "acknowledgements")
        activities = self._activities(matter, xmlid)
        self.assertEqual(
            sorted(activities.user_id.mapped("login")), ["t_finance", "t_hr"], activities
        )
        # Assigned on Monday: Wednesday 2026-04-15 is the last day, no escalation yet.
        self.assertEqual(matter.assignment_ids[0].due_date, date(2026, 4, 15))
        with freeze_time("2026-04-15 15:00:00"):
            run_cron(self.env, "acknowledgements")
        self.assertEqual(len(self._activities(matter, xmlid)), 2)
        matter.with_user(self.user_finance).action_acknowledge()
        with freeze_time("2026-04-16 02:00:00"):
            run_cron(self.env, "acknowledgements")
            run_cron(self.env, "acknowledgements")
        escalated = self._activities(matter, xmlid).filtered(
            lambda a: a.user_id == self.user_supervisor
        )
        self.assertEqual(len(escalated), 1)
        self.assertIn(self.org_hr.name, escalated.summary)

    # --- supervision notices by colour (三色督办单) --------------------------
    def test_prepared_notices_follow_the_deadline_and_the_closure(self):
        """A prepared blue notice is withdrawn when an approved extension moves
        the deadline; an issued one stays; closing the matter withdraws the
        rest."""
        Notice = self.env["joint.meeting.notice"]
        self.company.joint_meeting_extension_levels = "1"
        with freeze_time("2026-06-26 02:00:00"):
            run_cron(self.env, "supervision_notices")
            blue = Notice.search([("resolution_id", "=", self.resolution.id)])
            self.assertEqual((blue.colour, blue.state), ("blue", "draft"))
            self._request(deadline="2026-09-30").with_user(self.user_supervisor).action_review()
            self.assertEqual(self.resolution.deadline, date(2026, 9, 30))
            self.assertFalse(blue.exists(), "the blue notice of the old deadline is withdrawn")
            notes = "".join(self.resolution.message_ids.mapped("body"))
            self.assertIn("is withdrawn", notes)
            run_cron(self.env, "supervision_notices")
            self.assertFalse(Notice.search([("resolution_id", "=", self.resolution.id)]))
        with freeze_time("2026-09-25 02:00:00"):
            run_cron(self.env, "supervision_notices")
            blue = Notice.search([("resolution_id", "=", self.resolution.id)])
            self.assertEqual((blue.colour, blue.deadline), ("blue", date(2026, 9, 30)))
            blue.with_user(self.user_supervisor).action_issue()
        with freeze_time("2026-10-01 02:00:00"):
            run_cron(self.env, "supervision_notices")
            red = Notice.search([("resolution_id", "=", self.resolution.id)]) - blue
            self.assertEqual((red.colour, red.state), ("red", "draft"))
            report = self._report(outcome="cannot", percent=10, explanation="用地指标未获批准。")
            report.with_user(self.user_supervisor).action_accept("average")
            self.resolution.with_user(self.user_supervisor).action_close_cannot()
        self.assertFalse(red.exists(), "closing the matter withdraws the prepared red notice")
        self.assertEqual(blue.state, "issued", "an issued notice is an official record and stays")

    def test_notices_prepared_by_colour_issued_and_printed(self):
        Notice = self.env["joint.meeting.notice"]
        with freeze_time("2026-06-26 02:00:00"):
            run_cron(self.env, "supervision_notices")
            run_cron(self.env, "supervision_notices")
        blue = Notice.search([("resolution_id", "=", self.resolution.id)])
        self.assertEqual(blue.mapped("colour"), ["blue"])
        self.assertEqual(blue.state, "draft")
        with freeze_time("2026-07-01 02:00:00"):
            run_cron(self.env, "supervision_notices")
            run_cron(self.env, "supervision_notices")
        red = Notice.search([("resolution_id", "=", self.resolution.id)]) - blue
        self.assertEqual(red.colour, "red")
        self.assertEqual(red.organization_id, self.org_hr)
        self.assertEqual(red.leader_id, self.meeting.chair_id)
        # The reason is a sentence of the notice: the date as the district writes it.
        self.assertIn("2026年6月30日", red.reason)
        self.assertNotIn("2026-06-30", red.reason)
        for user in (self.user_hr, self.user_office, self.user_leader):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                red.with_user(user).action_issue()
        with self.assertRaises(UserError):
            red.with_user(self.user_supervisor).action_print()
        with self.assertRaises(UserError):
            red.with_user(self.user_admin).write({"colour": "blue"})
        with freeze_time("2026-07-01 02:00:00"):
            red.with_user(self.user_supervisor).action_issue()
        self.assertEqual(red.number, "督办单〔2026〕1号")
        self.assertEqual(red.issued_by, self.user_supervisor)
        with self.assertRaises(UserError):
            red.with_user(self.user_supervisor).action_issue()
        # The unit reads the issued notice, not the prepared one.
        self.assertEqual(Notice.with_user(self.user_hr).search([]), red)
        text = self._pdf_text("joint_meeting.action_report_joint_meeting_supervision_notice", red)
        # pdftotext gives some characters as their Kangxi radicals (⾊ for 色).
        text = unicodedata.normalize("NFKC", text).replace(" ", "").replace("\n", "")
        for expected in ("督查督办单", "红色督办单", "督办单〔2026〕1号", "工资保证金制度", "抄送"):
            self.assertIn(expected, text)
        self.assertIn(self.user_leader.name.replace(" ", ""), text)
