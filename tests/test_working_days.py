from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..models import joint_meeting_calendar as module
from .common import (
    JointMeetingCommon,
    JointMeetingPreparationCommon,
    JointMeetingSupervisionCommon,
    run_cron,
)

D = date.fromisoformat


@tagged("post_install", "-at_install")
@freeze_time("2026-11-25 04:00:00")  # "today" decides whether a date shows its year
class TestWorkingDays(JointMeetingCommon):
    """Working days from the State Council's notices (国办发明电〔2024〕12号 for
    2025, the notice of 4 November 2025 for 2026), shipped in the data file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["joint.meeting.calendar"]

    def add(self, start, count, company=None):
        return self.engine._add_working_days(company or self.company, D(start), count)

    def deadline(self, kind, start, company=None):
        return self.engine._deadline(company or self.company, kind, D(start))

    # --- the official schedules ---------------------------------------
    def test_spring_festival_2025_with_its_make_up_sunday(self):
        # 1/28-2/4 off; Sunday 1/26 and Saturday 2/8 are working days.
        self.assertTrue(self.engine._is_working_day(self.company, D("2025-01-26")))
        self.assertFalse(self.engine._is_working_day(self.company, D("2025-01-28")))
        self.assertEqual(self.add("2025-01-24", 1), D("2025-01-26"))
        self.assertEqual(self.add("2025-01-24", 5), D("2025-02-07"))
        self.assertEqual(self.add("2025-02-07", 1), D("2025-02-08"))

    def test_spring_festival_2026_make_up_saturday_counts(self):
        # 2/15-2/23 off; Saturdays 2/14 and 2/28 are working days.
        self.assertEqual(self.add("2026-02-12", 2), D("2026-02-14"))
        self.assertEqual(self.add("2026-02-12", 5), D("2026-02-26"))
        self.assertEqual(self.add("2026-02-27", 1), D("2026-02-28"))
        self.assertEqual(
            self.engine._count_working_days(self.company, D("2026-02-12"), D("2026-02-26")), 5
        )

    def test_national_day_2025(self):
        # 10/1-10/8 off (National Day and Mid-Autumn); Sunday 9/28 and Saturday 10/11 work.
        self.assertEqual(self.add("2025-09-26", 5), D("2025-10-10"))
        self.assertEqual(self.add("2025-09-30", 3), D("2025-10-11"))
        self.assertEqual(self.add("2025-10-09", -1), D("2025-09-30"))

    def test_national_day_2026(self):
        # 9/25-27 Mid-Autumn, 10/1-10/7 off; Sunday 9/20 and Saturday 10/10 work.
        self.assertEqual(self.add("2026-09-30", 2), D("2026-10-09"))
        self.assertEqual(self.add("2026-09-30", 5), D("2026-10-13"))
        self.assertEqual(self.add("2026-09-19", 1), D("2026-09-20"))
        # Counted back: 15 working days before Friday 10/16 reaches make-up Sunday 9/20.
        self.assertEqual(self.add("2026-10-16", -15), D("2026-09-20"))

    def test_new_year_2026_across_the_year_end(self):
        # 2026-01-01..03 off, Sunday 01-04 works; 2025-12-31 is a Wednesday.
        self.assertEqual(self.add("2025-12-31", 1), D("2026-01-04"))
        self.assertEqual(self.add("2026-01-04", -1), D("2025-12-31"))
        self.assertEqual(
            self.engine._count_working_days(self.company, D("2025-12-30"), D("2026-01-05")), 3
        )

    # --- time limits and their unit ------------------------------------
    def test_consultation_reply_time_in_working_days_on_the_eve_of_national_day(self):
        self.company.write(
            {"joint_meeting_consultation_days": 5, "joint_meeting_consultation_unit": "working"}
        )
        due = self.deadline("consultation", "2026-09-30")
        self.assertEqual(due, D("2026-10-13"))
        text = self.engine._describe(self.company, "consultation", D("2026-09-30"), due)
        self.assertEqual(text, "5 working days, until 10/13")
        text = self.engine.with_context(lang="zh_CN")._describe(
            self.company, "consultation", D("2026-09-30"), due
        )
        self.assertEqual(text, "5 个工作日，至 10月13日")

    def test_calendar_deadline_on_a_holiday_kept_or_moved(self):
        self.company.write(
            {"joint_meeting_consultation_days": 7, "joint_meeting_consultation_unit": "calendar"}
        )
        self.company.joint_meeting_holiday_policy = "keep"
        self.assertEqual(self.deadline("consultation", "2026-09-30"), D("2026-10-07"))
        self.company.joint_meeting_holiday_policy = "move"
        due = self.deadline("consultation", "2026-09-30")
        self.assertEqual(due, D("2026-10-08"))
        text = self.engine._describe(self.company, "consultation", D("2026-09-30"), due)
        self.assertEqual(
            text,
            "7 calendar days, until 10/8 (10/7 is a day off: moved to the nearest working day)",
        )

    def test_proposal_deadline_on_a_holiday_moves_earlier(self):
        # Art. 9 counted back from a meeting on Friday 2026-10-16: 15 days is 10/1.
        self.company.joint_meeting_holiday_policy = "keep"
        self.assertEqual(self.deadline("proposal", "2026-10-16"), D("2026-10-01"))
        self.company.joint_meeting_holiday_policy = "move"
        # Moving it later would cut the lead time: the working day before.
        self.assertEqual(self.deadline("proposal", "2026-10-16"), D("2026-09-30"))
        self.company.joint_meeting_proposal_lead_unit = "working"
        self.assertEqual(self.deadline("proposal", "2026-10-16"), D("2026-09-20"))
        self.assertEqual(
            self.engine._describe(self.company, "proposal", D("2026-10-16"), D("2026-09-20")),
            "15 working days before the meeting, until 9/20",
        )

    def test_reminder_window_in_working_days_over_the_holiday(self):
        self.company.write(
            {"joint_meeting_reminder_days": 5, "joint_meeting_reminder_unit": "working"}
        )
        self.assertEqual(self.engine._window_end(self.company, D("2026-09-30")), D("2026-10-13"))
        self.company.joint_meeting_reminder_unit = "calendar"
        self.assertEqual(self.engine._window_end(self.company, D("2026-09-30")), D("2026-10-05"))

    def test_district_with_a_local_holiday(self):
        # A district's own day off (e.g. a local festival) on Tuesday 2026-03-10.
        local = (
            self.env["resource.calendar.leaves"]
            .with_user(self.user_admin)
            .create(
                {
                    "name": "Local festival",
                    "joint_meeting_date_from": "2026-03-10",
                    "joint_meeting_date_to": "2026-03-10",
                }
            )
        )
        self.assertEqual(self.add("2026-03-09", 1), D("2026-03-11"))
        self.assertEqual(self.add("2026-03-09", 1, self.other_company), D("2026-03-10"))
        # Two days instead of one, edited in the list.
        local.with_user(self.user_admin).joint_meeting_date_to = "2026-03-11"
        self.assertEqual(local.joint_meeting_date_to, D("2026-03-11"))
        self.assertEqual(self.add("2026-03-09", 1), D("2026-03-12"))
        with self.assertRaises(ValidationError):
            local.with_user(self.user_admin).joint_meeting_date_to = "2026-03-01"
        # ... and a local make-up Saturday.
        self.env["joint.meeting.workday"].with_user(self.user_admin).create(
            {"name": "Local make-up day", "date": "2026-03-14", "company_id": self.company.id}
        )
        self.assertEqual(self.add("2026-03-13", 1), D("2026-03-14"))
        self.assertEqual(self.add("2026-03-13", 1, self.other_company), D("2026-03-16"))

    def test_working_week_of_the_district_calendar(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Monday to Thursday",
                "company_id": self.company.id,
                "attendance_ids": [
                    (0, 0, {"name": str(day), "dayofweek": str(day), "hour_from": 8, "hour_to": 17})
                    for day in range(4)
                ],
            }
        )
        self.company.joint_meeting_calendar_id = calendar
        self.assertEqual(self.add("2026-03-12", 1), D("2026-03-16"))
        self.assertEqual(self.add("2026-03-12", 1, self.other_company), D("2026-03-13"))

    def test_make_up_day_must_be_a_weekend_day(self):
        with self.assertRaises(ValidationError):
            self.env["joint.meeting.workday"].create({"name": "Wrong", "date": "2026-03-11"})

    # --- a year whose schedule is missing --------------------------------
    def test_missing_year_counts_monday_to_friday_and_says_so(self):
        self.assertFalse(self.engine._is_loaded(self.company, 2027))
        self.assertTrue(self.engine._is_loaded(self.company, 2026))
        with self.assertLogs("odoo.addons.joint_meeting.models.joint_meeting_calendar", "WARNING"):
            self.engine.env.registry.clear_cache()
            due = self.add("2027-02-05", 5)
        self.assertEqual(due, D("2027-02-12"))
        text = self.engine._describe(self.company, "consultation", D("2027-02-05"), due)
        self.assertIn("holiday schedule of 2027 not loaded: counted Monday to Friday", text)
        zh = self.engine.with_context(lang="zh_CN")._describe(
            self.company, "consultation", D("2027-02-05"), due
        )
        self.assertIn("2027年节假日安排未载入", zh)

    def test_missing_year_warning_in_the_settings(self):
        settings = self.env["res.config.settings"].with_company(self.company)
        with freeze_time("2026-11-25 04:00:00"):
            self.assertFalse(settings.create({}).joint_meeting_calendar_warning)
        with freeze_time("2026-12-01 04:00:00"):
            warning = settings.create({}).joint_meeting_calendar_warning
            self.assertIn("2027", warning)
        with freeze_time("2027-03-01 04:00:00"):
            self.assertIn("2027", settings.create({}).joint_meeting_calendar_warning)

    def test_missing_year_activity_for_the_administrator_once(self):
        org_office = self.env["joint.meeting.organization"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "office")]
        )
        activity_type = self.env.ref("joint_meeting.mail_activity_type_calendar_missing")

        def activities():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", org_office._name),
                    ("res_id", "=", org_office.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        with freeze_time("2026-11-25 04:00:00"):
            run_cron(self.env, "calendar_check")
        self.assertFalse(activities())
        with freeze_time("2026-12-02 04:00:00"):
            with self.assertLogs(
                "odoo.addons.joint_meeting.models.joint_meeting_calendar", "WARNING"
            ):
                run_cron(self.env, "calendar_check")
            run_cron(self.env, "calendar_check")
        found = activities()
        self.assertEqual(len(found), 1)
        self.assertEqual(found.user_id, self.user_admin)
        self.assertIn("2027", found.summary)

    def test_next_year_loaded_by_csv_import_ends_the_warning(self):
        """The system administrator imports next year's notice as CSV (Odoo's
        standard import): days off and make-up working days (issue 21: the
        nationwide calendar is no longer the module administrator's)."""
        admin = self.env.ref("base.user_admin")
        Leaves = self.env["resource.calendar.leaves"].with_user(admin)
        csv = (
            "name,joint_meeting_date_from,joint_meeting_date_to,joint_meeting_national\n"
            "2027 test holiday,2027-02-08,2027-02-10,1\n"
        )
        wizard = (
            self.env["base_import.import"]
            .with_user(admin)
            .create(
                {
                    "res_model": "resource.calendar.leaves",
                    "file": csv.encode(),
                    "file_type": "text/csv",
                    "file_name": "holidays_2027.csv",
                }
            )
        )
        result = wizard.execute_import(
            ["name", "joint_meeting_date_from", "joint_meeting_date_to", "joint_meeting_national"],
            ["name", "joint_meeting_date_from", "joint_meeting_date_to", "joint_meeting_national"],
            {"has_headers": True, "quoting": '"', "separator": ",", "date_format": "%Y-%m-%d"},
        )
        self.assertFalse(result["messages"], result["messages"])
        leave = Leaves.browse(result["ids"])
        self.assertTrue(leave.joint_meeting_national)
        self.assertFalse(leave.company_id)
        self.assertEqual(leave.joint_meeting_date_from, D("2027-02-08"))
        self.assertEqual(leave.joint_meeting_date_to, D("2027-02-10"))
        workdays = (
            self.env["joint.meeting.workday"]
            .with_user(admin)
            .load(
                ["name", "date", "notice"], [["2027 test make-up day", "2027-02-06", "test notice"]]
            )
        )
        self.assertFalse(workdays["messages"])
        self.assertTrue(self.engine._is_loaded(self.company, 2027))
        self.assertTrue(self.engine._is_loaded(self.other_company, 2027))
        self.assertEqual(self.add("2027-02-05", 1), D("2027-02-06"))
        self.assertEqual(self.add("2027-02-06", 1), D("2027-02-11"))
        with freeze_time("2026-12-01 04:00:00"):
            settings = self.env["res.config.settings"].with_company(self.company).create({})
            self.assertFalse(settings.joint_meeting_calendar_warning)

    def test_only_the_administrator_edits_public_holidays(self):
        vals = {
            "name": "Holiday",
            "joint_meeting_national": True,
            "joint_meeting_date_from": "2027-10-01",
            "joint_meeting_date_to": "2027-10-07",
        }
        with self.assertRaises(AccessError):
            self.env["resource.calendar.leaves"].with_user(self.user_office).create(vals)
        with self.assertRaises(AccessError):
            self.env["joint.meeting.workday"].with_user(self.user_office).create(
                {"name": "Make-up", "date": "2027-09-26"}
            )
        # Issue 21: the nationwide calendar is the system administrator's, not
        # the module administrator's of one district.
        with self.assertRaises(AccessError):
            self.env["resource.calendar.leaves"].with_user(self.user_admin).create(vals)
        self.env["resource.calendar.leaves"].with_user(self.env.ref("base.user_admin")).create(vals)
        self.assertTrue(self.engine._is_loaded(self.company, 2027))

    def test_settings_of_units_round_trip(self):
        settings = (
            self.env["res.config.settings"].with_user(self.user_admin).with_company(self.company)
        )
        with Form(settings) as form:
            form.joint_meeting_proposal_lead_unit = "working"
            form.joint_meeting_consultation_unit = "calendar"
            form.joint_meeting_reminder_unit = "working"
            form.joint_meeting_minutes_unit = "working"
            form.joint_meeting_urge_unit = "calendar"
            form.joint_meeting_urge_days = 4
            form.joint_meeting_holiday_policy = "keep"
            form.joint_meeting_tz = "Asia/Urumqi"
        form.record.execute()
        self.assertEqual(self.company.joint_meeting_proposal_lead_unit, "working")
        self.assertEqual(self.company.joint_meeting_consultation_unit, "calendar")
        self.assertEqual(self.company.joint_meeting_urge_days, 4)
        self.assertEqual(self.company.joint_meeting_holiday_policy, "keep")
        self.assertEqual(self.company.joint_meeting_tz, "Asia/Urumqi")
        self.assertEqual(self.other_company.joint_meeting_tz, "Asia/Shanghai")

    def test_a_new_kind_of_time_limit_is_one_line(self):
        """The acknowledgement of agreed matters (签收) is one entry in
        DEADLINE_KINDS plus its two district settings."""
        self.assertEqual(
            module.DEADLINE_KINDS["acknowledgement"],
            ("joint_meeting_acknowledgement_days", "joint_meeting_acknowledgement_unit", 1),
        )
        self.company.write(
            {
                "joint_meeting_acknowledgement_days": 2,
                "joint_meeting_acknowledgement_unit": "working",
            }
        )
        # National Day week: from 2026-09-30, two working days end on 2026-10-09.
        self.assertEqual(self.deadline("acknowledgement", "2026-09-30"), D("2026-10-09"))

    def test_counting_uses_the_cache_not_the_database(self):
        self.add("2025-01-02", 1)
        self.add("2026-01-02", 1)
        with self.assertQueryCount(0):
            for day in range(1, 300):
                start = date.fromordinal(D("2025-01-01").toordinal() + day)
                self.engine._add_working_days(self.company, start, 10)
                self.engine._count_working_days(self.company, start, D("2026-12-31"))


@tagged("post_install", "-at_install")
class TestDistrictTimeZone(JointMeetingPreparationCommon):
    """Today, deadlines, the meeting year and overdue matters are the
    district's (Asia/Shanghai), never those of the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_office.tz = "America/New_York"
        cls.user_union.tz = "Pacific/Auckland"
        cls.user_hr.tz = "America/New_York"
        cls.engine = cls.env["joint.meeting.calendar"]

    def _consultation(self, due):
        topic = self._topic(state="accepted")
        return self.env["joint.meeting.consultation"].create(
            {"topic_id": topic.id, "department_id": self.org_hr.id, "due_date": due}
        )

    def test_today_is_the_districts_in_new_york(self):
        # 17:30 UTC: 12:30 in New York on 3/1, 01:30 in Shanghai on 3/2.
        with freeze_time("2026-03-01 17:30:00"):
            consultation = self._consultation("2026-03-02")
            consultation.state = "waiting"
            consultation.due_date = "2026-03-01"
            ny = consultation.with_user(self.user_office).with_context(tz="America/New_York")
            self.assertEqual(
                self.engine.with_user(self.user_office)._today(self.company), D("2026-03-02")
            )
            self.assertTrue(ny.is_overdue)
            self.assertIn(
                consultation,
                ny.search([("is_overdue", "=", True), ("id", "=", consultation.id)]),
            )

    def test_today_is_the_districts_in_auckland(self):
        # 12:30 UTC: 01:30 on 3/2 in Auckland, 20:30 on 3/1 in Shanghai.
        with freeze_time("2026-03-01 12:30:00"):
            consultation = self._consultation("2026-03-02")
            consultation.state = "waiting"
            consultation.due_date = "2026-03-01"
            nz = consultation.with_user(self.user_office).with_context(tz="Pacific/Auckland")
            self.assertFalse(nz.is_overdue)
            self.assertFalse(nz.search([("is_overdue", "=", True), ("id", "=", consultation.id)]))

    @freeze_time("2026-03-01 04:00:00")
    def test_proposal_deadline_and_year_in_the_districts_zone(self):
        # 17:00 UTC on 3/30 is 01:00 on 3/31 in Shanghai, 13:00 on 3/30 in New York.
        meeting = (
            self.env["joint.meeting"]
            .with_user(self.user_office)
            .with_context(tz="America/New_York")
            .create(
                {
                    "company_id": self.company.id,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": "Flood relief",
                    "date": "2026-03-30 17:00:00",
                }
            )
        )
        self.assertEqual(meeting._local_date(), D("2026-03-31"))
        self.assertEqual(meeting.proposal_deadline, D("2026-03-16"))
        self.assertEqual(
            meeting.proposal_deadline_text, "15 calendar days before the meeting, until 3/16"
        )
        # A meeting at 01:00 on New Year's Day in Shanghai is of the new year.
        new_year = (
            self.env["joint.meeting"]
            .with_user(self.user_office)
            .with_context(tz="America/New_York")
            .create(
                {
                    "company_id": self.company.id,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": "Snow storm",
                    "date": "2026-12-31 17:00:00",
                }
            )
        )
        self.assertEqual(new_year.year, 2027)

    def test_topic_submitted_before_midnight_in_shanghai_from_auckland(self):
        topic = self._topic(org=self.org_union)
        # Deadline 3/16: at 15:30 UTC it is 23:30 on 3/16 in Shanghai, 04:30 on 3/17 in Auckland.
        with freeze_time("2026-03-16 15:30:00"):
            topic.with_user(self.user_union).with_context(tz="Pacific/Auckland").action_submit()
        self.assertEqual(topic.state, "submitted")
        late = self._topic(org=self.org_youth)
        with freeze_time("2026-03-16 16:30:00"), self.assertRaises(UserError) as error:
            late.with_user(self.user_youth).action_submit()
        self.assertIn("3/16", str(error.exception))

    def test_held_only_once_it_took_place_shown_in_the_districts_time(self):
        self.meeting.state = "approved"
        with freeze_time("2026-03-30 20:00:00"), self.assertRaises(UserError) as error:
            self.meeting.with_user(self.user_office).with_context(
                tz="America/New_York"
            ).action_mark_held()
        self.assertIn("3/31/2026 10:00", str(error.exception))
        # 02:30 UTC on 3/31 (22:30 on 3/30 in New York): the meeting took place.
        with freeze_time("2026-03-31 02:30:00"):
            self.meeting.with_user(self.user_office).with_context(
                tz="America/New_York"
            ).action_mark_held()
        self.assertEqual(self.meeting.state, "held")

    def test_consultation_wizard_created_over_rpc_without_due_date_computes_it(self):
        """A client creating the wizard with the meeting only (no form onchange)
        gets the same counted deadline, not a database error."""
        self.company.write(
            {"joint_meeting_consultation_days": 5, "joint_meeting_consultation_unit": "working"}
        )
        with freeze_time("2026-02-12 01:00:00"):
            wizard = (
                self.env["joint.meeting.consultation.send"]
                .with_user(self.user_office)
                .create({"meeting_id": self.meeting.id})
            )
            self.assertEqual(wizard.due_date, D("2026-02-26"))

    def test_consultation_wizard_counts_working_days_in_the_districts_zone(self):
        self.company.write(
            {"joint_meeting_consultation_days": 5, "joint_meeting_consultation_unit": "working"}
        )
        self._topic(state="accepted")
        # 9:00 on 2/12 in Shanghai (20:00 on 2/11 in New York), before the Spring Festival.
        with freeze_time("2026-02-12 01:00:00"):
            form = Form(
                self.env["joint.meeting.consultation.send"]
                .with_user(self.user_office)
                .with_context(tz="America/New_York", default_meeting_id=self.meeting.id)
            )
            self.assertEqual(form.due_date, D("2026-02-26"))
            wizard = form.save()
            self.assertEqual(wizard.due_date_text, "5 working days, until 2/26")
            wizard.action_send()
        consultation = self.meeting.consultation_ids[:1]
        self.assertEqual(consultation.sent_date, D("2026-02-12"))
        with freeze_time("2026-02-20 04:00:00"):
            self.assertFalse(consultation.is_overdue)
            self.assertEqual(
                consultation.with_context(lang="zh_CN").due_date_text, "5 个工作日，至 2月26日"
            )


@tagged("post_install", "-at_install")
class TestWorkingDaysInTheScheduler(JointMeetingPreparationCommon):
    """The issue's case: a consultation sent on the eve of National Day is not
    overdue while every department is closed."""

    def test_no_escalation_while_departments_are_closed_for_national_day(self):
        self.company.write(
            {
                "joint_meeting_consultation_days": 5,
                "joint_meeting_consultation_unit": "working",
                "joint_meeting_reminder_days": 2,
                "joint_meeting_reminder_unit": "working",
            }
        )
        meeting = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Flood relief",
                "date": "2026-10-20 02:00:00",
            }
        )
        engine = self.env["joint.meeting.calendar"]
        due = engine._deadline(self.company, "consultation", D("2026-09-30"))
        self.assertEqual(due, D("2026-10-13"))
        consultation = self.env["joint.meeting.consultation"].create(
            {
                "topic_id": self._topic(meeting_id=meeting.id, state="accepted").id,
                "department_id": self.org_hr.id,
                "due_date": due,
            }
        )
        consultation.state = "waiting"
        due_type = self.env.ref("joint_meeting.mail_activity_type_consultation_due")
        overdue_type = self.env.ref("joint_meeting.mail_activity_type_consultation_overdue")

        def activities(activity_type):
            return consultation.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        # National Day, and Friday 10/9 (two working days ahead: Saturday 10/10, Monday 10/12).
        for moment in ("2026-10-05 02:00:00", "2026-10-09 02:00:00"):
            with freeze_time(moment):
                run_cron(self.env, "consultation_replies")
                consultation.invalidate_recordset(["is_overdue"])
                self.assertFalse(consultation.is_overdue)
        self.assertFalse(activities(due_type) | activities(overdue_type))
        with freeze_time("2026-10-12 02:00:00"):
            run_cron(self.env, "consultation_replies")
        self.assertEqual(len(activities(due_type)), 1)
        self.assertFalse(activities(overdue_type))
        with freeze_time("2026-10-13 15:30:00"):  # 23:30 on the due day in the district
            run_cron(self.env, "consultation_replies")
            self.assertFalse(activities(overdue_type))
        with freeze_time("2026-10-13 16:30:00"):  # 00:30 on 10/14
            run_cron(self.env, "consultation_replies")
            consultation.invalidate_recordset(["is_overdue"])
            self.assertTrue(consultation.is_overdue)
        self.assertEqual(len(activities(overdue_type)), 1)


@tagged("post_install", "-at_install")
class TestWorkingDaysOfAgreedMatters(JointMeetingSupervisionCommon):
    """The agreed matter (due 2026-06-30) in the supervision's eyes."""

    def test_time_left_and_light_in_the_unit_of_the_reminder_window(self):
        self.company.write(
            {"joint_meeting_reminder_days": 5, "joint_meeting_reminder_unit": "working"}
        )
        with freeze_time("2026-06-24 02:00:00"):
            self.resolution.invalidate_recordset(["deadline_text", "traffic_light"])
            self.assertEqual(self.resolution.deadline_text, "4 working days left, until 6/30")
            self.assertEqual(self.resolution.traffic_light, "blue")
            self.assertIn(
                self.resolution,
                self.resolution.search([("traffic_light", "=", "blue")]),
            )
        self.company.joint_meeting_reminder_unit = "calendar"
        with freeze_time("2026-06-24 02:00:00"):
            self.resolution.invalidate_recordset(["deadline_text", "traffic_light"])
            self.assertEqual(self.resolution.deadline_text, "6 calendar days left, until 6/30")
            self.assertEqual(self.resolution.traffic_light, "green")
        with freeze_time("2026-07-02 02:00:00"):
            self.resolution.invalidate_recordset(["deadline_text", "traffic_light"])
            self.assertEqual(
                self.resolution.with_context(lang="zh_CN").deadline_text,
                "已逾期 2 日（自然日）（期限 6月30日）",
            )
            self.assertEqual(self.resolution.traffic_light, "red")
