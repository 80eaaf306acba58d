import re

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestMeeting(JointMeetingPreparationCommon):
    def test_name_is_numbered_per_year(self):
        self.assertEqual(self.meeting.name, "2026 Joint Meeting No. 1")
        zh = (
            self.env["joint.meeting"]
            .with_context(lang="zh_CN")
            .create(
                {
                    "company_id": self.company.id,
                    "year": 2026,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": "Flood relief",
                }
            )
        )
        # Numbers come from the district's sequence and are never given twice:
        # numbers taken by the other tests' rolled-back meetings stay taken.
        number = re.fullmatch(r"2026年第(\d+)次联席会议", zh.name)
        self.assertTrue(number, zh.name)
        self.assertGreater(int(number.group(1)), 1)

    def test_sequence_skips_a_name_already_taken(self):
        """Meetings loaded with their names typed (the demo's) do not stop the
        office from creating the next one (issue 21)."""
        Meeting = self.env["joint.meeting"].with_context(lang="zh_CN")
        number = Meeting._next_reference_number(self.company, 2031)
        vals = {
            "company_id": self.company.id,
            "year": 2031,
            "meeting_type": "extraordinary",
            "extraordinary_reason": "Flood relief",
        }
        for typed in (number + 1, number + 2):
            Meeting.create({**vals, "name": f"2031年第{typed}次联席会议"})
        meeting = Meeting.with_user(self.user_office).create(vals)
        self.assertEqual(meeting.name, f"2031年第{number + 3}次联席会议")

    def test_one_regular_meeting_per_district_and_year(self):
        with self.assertRaises(ValidationError):
            self.env["joint.meeting"].create({"company_id": self.company.id, "year": 2026})
        other = self.env["joint.meeting"].create(
            {"company_id": self.other_company.id, "year": 2026}
        )
        self.assertEqual(other.meeting_type, "regular")
        nextyear = self.env["joint.meeting"].create({"company_id": self.company.id, "year": 2027})
        self.assertTrue(nextyear)

    def test_cancelled_regular_meeting_frees_the_year(self):
        self.meeting._do_cancel("Postponed by the leadership")
        again = self.env["joint.meeting"].create({"company_id": self.company.id, "year": 2026})
        self.assertEqual(again.state, "draft")

    def test_extraordinary_meeting_needs_reason(self):
        with self.assertRaises(ValidationError):
            self.env["joint.meeting"].create(
                {"company_id": self.company.id, "year": 2026, "meeting_type": "extraordinary"}
            )
        meeting = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2026,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Major workplace accident",
                "requesting_organization_id": self.org_union.id,
            }
        )
        self.assertEqual(meeting.requesting_organization_id, self.org_union)

    def test_chair_must_hold_leadership_role(self):
        with self.assertRaises(ValidationError):
            self.meeting.chair_id = self.user_office
        self.meeting.chair_id = self.user_leader
        self.assertEqual(self.meeting.chair_id, self.user_leader)

    def test_chair_is_a_leader_of_the_meetings_own_district(self):
        """Art. 10: another district's head does not chair this district's meeting."""
        other_leader = self._district_user(
            "t_other_leader", "group_joint_meeting_leader", company=self.other_company
        )
        with self.assertRaisesRegex(ValidationError, "Art. 10"), self.env.cr.savepoint():
            self.meeting.with_user(self.user_office).write({"chair_id": other_leader.id})
        self.meeting.invalidate_recordset()
        self.assertEqual(self.meeting.chair_id, self.user_leader)

    def test_rotation_over_several_years(self):
        Meeting = self.env["joint.meeting"]
        self.assertEqual(self.meeting.preparing_organization_id, self.org_union)
        preparers = [self.meeting.preparing_organization_id]
        for year in (2027, 2028, 2029):
            meeting = Meeting.create(
                {"company_id": self.company.id, "year": year, "date": f"{year}-04-01 02:00:00"}
            )
            preparers.append(meeting.preparing_organization_id)
        self.assertEqual(
            preparers, [self.org_union, self.org_youth, self.org_women, self.org_union]
        )

    def test_rotation_override_needs_reason(self):
        form = Form(self.env["joint.meeting"].with_company(self.company))
        form.company_id = self.company
        form.year = 2027
        form.date = "2027-04-01 02:00:00"
        self.assertEqual(form.rotation_organization_id, self.org_youth)
        form.preparing_organization_id = self.org_women
        with self.assertRaises(ValidationError):
            form.save()
        form.rotation_override_reason = "The Youth League hosts the provincial games"
        meeting = form.save()
        self.assertEqual(meeting.preparing_organization_id, self.org_women)

    def test_proposal_deadline_counts_lead_days(self):
        self.assertEqual(str(self.meeting.proposal_deadline), "2026-03-16")
        self.company.joint_meeting_proposal_lead_days = 20
        self.assertEqual(str(self.meeting.proposal_deadline), "2026-03-11")
        with freeze_time("2026-03-01"):
            self.meeting.invalidate_recordset(["proposal_days_left"])
            self.assertEqual(self.meeting.proposal_days_left, 10)

    def test_approval_creates_and_moves_calendar_event(self):
        topic = self._topic()
        topic.state = "accepted"
        self.meeting.with_user(self.user_leader).action_approve()
        self.assertEqual(self.meeting.state, "approved")
        event = self.meeting.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.location, self.meeting.place)
        self.assertIn(self.user_union.partner_id, event.partner_ids)
        self.assertIn(self.user_leader.partner_id, event.partner_ids)
        self.meeting.date = "2026-04-02 02:00:00"
        self.assertEqual(str(event.start), "2026-04-02 02:00:00")
        self.meeting.place = "Room 2"
        self.assertEqual(event.location, "Room 2")

    def test_office_cannot_approve_and_approve_twice_fails(self):
        self._topic().state = "accepted"
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_office).action_approve()
        self.meeting.with_user(self.user_leader).action_approve()
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_leader).action_approve()
        self.assertEqual(self.meeting.state, "approved")

    def test_meeting_recorded_as_held_only_once_it_took_place(self):
        self._topic().state = "accepted"
        self.meeting.with_user(self.user_leader).action_approve()
        # The meeting is on 2026-03-31 02:00 UTC.
        with freeze_time("2026-03-31 01:59:00"):
            with self.assertRaisesRegex(UserError, "Art. 10"):
                self.meeting.with_user(self.user_office).action_mark_held()
            self.assertEqual(self.meeting.state, "approved")
        with freeze_time("2026-03-31 05:00:00"):
            with self.assertRaises(UserError):
                self.meeting.with_user(self.user_leader).action_mark_held()
            self.meeting.with_user(self.user_office).action_mark_held()
            self.assertEqual(self.meeting.state, "held")

    def test_approval_needs_an_accepted_topic(self):
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_leader).action_approve()
        self.assertEqual(self.meeting.state, "collecting")

    @freeze_time("2026-03-01")
    def test_open_collection_refuses_past_date(self):
        meeting = self.env["joint.meeting"].create(
            {"company_id": self.company.id, "year": 2027, "date": "2027-02-01 02:00:00"}
        )
        meeting.with_user(self.user_office).action_open_collection()
        self.assertEqual(meeting.state, "collecting")
        past = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2026,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Test",
                "date": "2026-02-01 02:00:00",
            }
        )
        with self.assertRaises(UserError):
            past.with_user(self.user_office).action_open_collection()
        self.assertEqual(past.state, "draft")

    def test_cancel_wizard_needs_reason_and_cancels_consultations(self):
        topic = self._topic()
        topic.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {"topic_id": topic.id, "department_id": self.org_hr.id, "due_date": "2026-03-20"}
        )
        action = self.meeting.action_cancel()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_office)
            .with_context(**action["context"])
        )
        wizard.reason = "Epidemic prevention"
        wizard.save().action_confirm()
        self.assertEqual(self.meeting.state, "cancelled")
        self.assertEqual(self.meeting.cancel_reason, "Epidemic prevention")
        self.assertEqual(consultation.state, "cancelled")

    def test_started_meeting_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.meeting.unlink()
        self.assertTrue(self.meeting.exists())

    def test_organisation_with_meetings_cannot_be_deleted_but_archived(self):
        with self.assertRaises(UserError):
            self.org_union.unlink()
        self.org_union.action_archive()
        self.assertFalse(self.org_union.active)

    def test_state_date_and_place_are_tracked(self):
        fields = self.env["joint.meeting"]._fields
        for name in ("state", "date", "place", "chair_id", "preparing_organization_id"):
            self.assertTrue(fields[name].tracking, name)
        self.assertIn("mail.thread", self.env["joint.meeting"]._inherit)
        self.assertIn("mail.activity.mixin", self.env["joint.meeting"]._inherit)
