import dataclasses
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.modules.migration import load_script
from odoo.tests import tagged

from ..models.joint_meeting_reminder import Due
from .common import JointMeetingSupervisionCommon, run_cron


class SchedulerCase:
    """Helpers: run a scheduled action and count what it made."""

    def _activities(self, xmlid, records):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", self.env.ref(f"joint_meeting.{xmlid}").id),
            ]
        )

    def _footprint(self):
        return (
            self.env["mail.activity"].search_count([]),
            self.env["mail.message"].search_count([]),
            self.env["mail.mail"].search_count([]),
        )

    def _run_twice(self, name):
        """Run a scheduled action twice: the second run changes nothing."""
        run_cron(self.env, name)
        self.env.flush_all()
        before = self._footprint()
        done, remaining = run_cron(self.env, name)
        self.env.flush_all()
        self.assertEqual((done, remaining), (0, 0), name)
        self.assertEqual(self._footprint(), before, name)


@tagged("post_install", "-at_install")
class TestSchedulerPreparation(SchedulerCase, JointMeetingSupervisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second meeting of the district in proposal collection: 2026-12-31,
        # proposals due 2026-12-16 (15 days), reminders from 2026-12-11 (5 days).
        cls.next_meeting = cls.env["joint.meeting"].create(
            {
                "company_id": cls.company.id,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Winter relief",
                "year": 2026,
                "date": "2026-12-31 02:00:00",
                "place": "Room 2",
                "chair_id": cls.user_leader.id,
            }
        )
        cls.next_meeting.state = "collecting"

    def test_proposal_reminders_in_the_window_only(self):
        with freeze_time("2026-12-10"):
            self._run_twice("proposal_deadline")
            self.assertFalse(self._activities("mail_activity_type_proposal_due", self.next_meeting))
        with freeze_time("2026-12-11"):
            self._run_twice("proposal_deadline")
            reminded = self._activities("mail_activity_type_proposal_due", self.next_meeting)
            # The trade union and the Youth League have liaisons; the Women's
            # Federation has no member to remind.
            self.assertEqual(reminded.user_id, self.user_union | self.user_youth)
            self.assertEqual(reminded.mapped("date_deadline")[0].isoformat(), "2026-12-16")

    def test_organisation_that_submitted_is_not_reminded(self):
        self._topic(meeting_id=self.next_meeting.id).sudo().state = "submitted"
        with freeze_time("2026-12-16"):
            self._run_twice("proposal_deadline")
            reminded = self._activities("mail_activity_type_proposal_due", self.next_meeting)
            self.assertEqual(reminded.user_id, self.user_youth)

    def test_after_the_deadline_the_office_is_flagged_once(self):
        with freeze_time("2026-12-17"):
            self._run_twice("proposal_deadline")
            flagged = self._activities("mail_activity_type_proposal_closed", self.next_meeting)
            self.assertEqual(len(flagged), 1)
            self.assertIn(flagged.user_id, self.org_office.member_ids)
            flagged.action_done()
            self._run_twice("proposal_deadline")
            self.assertFalse(
                self._activities("mail_activity_type_proposal_closed", self.next_meeting)
            )

    def _consultation(self, due):
        topic = self._topic(meeting_id=self.next_meeting.id)
        return (
            self.env["joint.meeting.consultation"]
            .sudo()
            .create(
                {
                    "topic_id": topic.id,
                    "department_id": self.org_hr.id,
                    "due_date": due,
                    "state": "waiting",
                }
            )
        )

    def test_consultation_reminded_then_escalated(self):
        consultation = self._consultation("2026-12-10")
        with freeze_time("2026-12-04"):
            self._run_twice("consultation_replies")
            self.assertFalse(self._activities("mail_activity_type_consultation_due", consultation))
        with freeze_time("2026-12-05"):
            self._run_twice("consultation_replies")
            due = self._activities("mail_activity_type_consultation_due", consultation)
            self.assertEqual(due.user_id, self.user_hr)
        with freeze_time("2026-12-10"):
            self._run_twice("consultation_replies")
            self.assertFalse(
                self._activities("mail_activity_type_consultation_overdue", consultation)
            )
        with freeze_time("2026-12-11"):
            self._run_twice("consultation_replies")
            overdue = self._activities("mail_activity_type_consultation_overdue", consultation)
            self.assertEqual(len(overdue), 1)
            self.assertIn(overdue.user_id, self.org_office.member_ids)

    def test_replied_consultation_is_left_alone(self):
        consultation = self._consultation("2026-12-10")
        consultation.state = "replied"
        with freeze_time("2026-12-20"):
            self._run_twice("consultation_replies")
            self.assertFalse(
                self._activities("mail_activity_type_consultation_overdue", consultation)
            )


@tagged("post_install", "-at_install")
class TestSchedulerSupervision(SchedulerCase, JointMeetingSupervisionCommon):
    def test_agreed_matter_reminded_before_the_deadline(self):
        with freeze_time("2026-06-24"):
            self._run_twice("resolution_deadlines")
            self.assertFalse(self._activities("mail_activity_type_resolution_due", self.resolution))
        with freeze_time("2026-06-25"):
            self._run_twice("resolution_deadlines")
            due = self._activities("mail_activity_type_resolution_due", self.resolution)
            self.assertEqual(due.user_id, self.user_hr)
            self.assertFalse(self.resolution.overdue_date)

    def test_agreed_matter_marked_overdue_and_escalated(self):
        with freeze_time("2026-06-30"):
            self._run_twice("resolution_deadlines")
            self.assertFalse(self.resolution.overdue_date)
        with freeze_time("2026-07-01"):
            self._run_twice("resolution_deadlines")
            self.assertEqual(self.resolution.overdue_date.isoformat(), "2026-07-01")
            escalated = self._activities("mail_activity_type_resolution_overdue", self.resolution)
            self.assertEqual(escalated.user_id, self.user_supervisor)
        with freeze_time("2026-07-02"):
            self._run_twice("resolution_deadlines")
            self.assertEqual(self.resolution.overdue_date.isoformat(), "2026-07-01")
            self.assertEqual(
                len(self._activities("mail_activity_type_resolution_overdue", self.resolution)), 1
            )

    def test_new_deadline_starts_over(self):
        with freeze_time("2026-07-01"):
            self._run_twice("resolution_deadlines")
            # A new deadline comes only from the workflow (an approved extension).
            self.resolution._workflow_write({"deadline": "2026-07-03"})
            self.assertFalse(self.resolution.overdue_date)
            self._run_twice("resolution_deadlines")
            self.assertEqual(
                len(self._activities("mail_activity_type_resolution_due", self.resolution)), 1
            )

    def test_closed_matters_are_left_alone(self):
        self.resolution.sudo().write({"state": "cannot", "explanation": "No land."})
        with freeze_time("2026-07-01"):
            self._run_twice("resolution_deadlines")
            self.assertFalse(self.resolution.overdue_date)

    def test_batches_report_progress_to_the_cron_runner(self):
        matters = self.resolution | self._more_matters(3)
        cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_resolution_deadlines")
        Resolution = self.env["joint.meeting.resolution"]
        with freeze_time("2027-01-05"):
            escalated = self._activities("mail_activity_type_resolution_overdue", matters)
            self.assertFalse(escalated)
            calls = []
            while True:
                _cron, progress = cron._add_progress()
                # The runner commits each batch (19.0's _commit_progress).
                with patch.object(self.env.cr, "commit", lambda: None):
                    done, remaining = Resolution.with_context(
                        ir_cron_progress_id=progress.id, cron_id=cron.id
                    )._cron_reminders(batch_size=2)
                calls.append((done, remaining))
                self.assertEqual((progress.done, progress.remaining), (done, remaining))
                if not remaining:
                    break
            # The demo data has overdue matters too: batches of 2 until none is left.
            self.assertTrue(all(done == 2 for done, _remaining in calls[:-1]))
            self.assertGreaterEqual(len(calls), 2)
            self.assertEqual(
                len(self._activities("mail_activity_type_resolution_overdue", matters)), 4
            )
            self.assertTrue(all(matters.mapped("overdue_date")))
            self._run_twice("resolution_deadlines")

    def test_reminder_key_is_structured(self):
        with freeze_time("2026-07-01"):
            run_cron(self.env, "resolution_deadlines")
        reminder = self.env["joint.meeting.reminder"].search(
            [
                ("res_model", "=", "joint.meeting.resolution"),
                ("res_id", "=", self.resolution.id),
                ("kind", "=", "resolution_overdue"),
            ]
        )
        # About the lead unit, escalated to the supervision office's liaison,
        # for the deadline it was overdue on.
        self.assertEqual(reminder.organization_id, self.resolution.lead_unit_id)
        self.assertEqual(reminder.user_id, self.user_supervisor)
        self.assertEqual(reminder.period.isoformat(), "2026-06-30")
        self.assertEqual(reminder.date.isoformat(), "2026-07-01")

    def test_cron_killed_mid_batch_then_resumed_sends_nothing_twice(self):
        matters = self.resolution | self._more_matters(4)
        Resolution = self.env["joint.meeting.resolution"]
        overdue = "mail_activity_type_resolution_overdue"
        with freeze_time("2027-01-05"):
            # The first batch is done (the cron runner commits it) ...
            done, remaining = Resolution._cron_reminders(batch_size=2)
            self.assertEqual(done, 2)
            self.assertTrue(remaining)
            self.env.flush_all()
            # ... the second one is killed half-way: its transaction is lost.
            Activity = type(self.env["mail.activity"])
            with (
                patch.object(Activity, "create", side_effect=RuntimeError("killed")),
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
            ):
                Resolution._cron_reminders(batch_size=2)
            self.env.invalidate_all()
            # The resumed run goes on where the last committed batch ended.
            while remaining:
                done, remaining = Resolution._cron_reminders(batch_size=2)
            self._run_twice("resolution_deadlines")
        for matter in matters:
            self.assertEqual(len(self._activities(overdue, matter)), 1, matter.name)
        self.assertEqual(
            self.env["joint.meeting.reminder"].search_count(
                [
                    ("res_model", "=", "joint.meeting.resolution"),
                    ("res_id", "in", matters.ids),
                    ("kind", "=", "resolution_overdue"),
                ]
            ),
            len(matters),
        )
        self.assertTrue(all(matters.mapped("overdue_date")))

    def test_a_claimed_key_is_never_sent_again(self):
        """A concurrent run that claimed the key first wins: the engine
        inserts the key before the activity, and gives none for a key it did
        not claim."""
        with freeze_time("2026-07-01"):
            self.env["joint.meeting.reminder"].create(
                {
                    "res_model": "joint.meeting.resolution",
                    "res_id": self.resolution.id,
                    "kind": "resolution_overdue",
                    "organization_id": self.resolution.lead_unit_id.id,
                    "period": "2026-06-30",
                    "company_id": self.company.id,
                }
            )
            job = next(
                job
                for job in self.env["joint.meeting.resolution"]._reminder_jobs()
                if job.kind == "resolution_overdue"
            )
            # The matter as collected before the other run committed its key.
            due = Due(self.resolution, date(2026, 6, 30), date(2026, 7, 1), self.org_hr)
            jobs = [dataclasses.replace(job, due=lambda _windows: [due])]
            Reminder = self.env["joint.meeting.reminder"]
            # As if the run had read the keys before the other one committed.
            with patch.object(type(Reminder), "_sent", return_value=set()):
                Reminder._run(jobs)
            self.assertFalse(
                self._activities("mail_activity_type_resolution_overdue", self.resolution)
            )

    def _sent_under_string_keys(self, *keys):
        """The reminders table as version 18.0.1.0.0 left it: one string key
        per reminder sent, the structured columns not yet filled."""
        cr = self.env.cr
        self.env["joint.meeting.reminder"].flush_model()
        cr.execute("ALTER TABLE joint_meeting_reminder ADD COLUMN key varchar")
        for column in ("res_model", "res_id", "kind", "period"):
            cr.execute(f"ALTER TABLE joint_meeting_reminder ALTER COLUMN {column} DROP NOT NULL")
        for key in keys:
            cr.execute(
                "INSERT INTO joint_meeting_reminder (key, date, company_id) VALUES (%s, %s, %s)",
                [key, "2026-07-01", self.company.id],
            )

    def test_reminders_sent_under_string_keys_are_not_sent_again_after_upgrade(self):
        self._sent_under_string_keys(
            f"resolution_overdue:{self.resolution.id}:2026-06-30",
            f"resolution_due:{self.resolution.id}:2026-06-30",
            f"annual_meeting:{self.company.id}:2027",
            # Its record is gone; a string that never was a key.
            "resolution_due:999999999:2026-06-30",
            "not-a-key",
        )
        Reminder = self.env["joint.meeting.reminder"]
        upgrade = load_script(
            "joint_meeting/migrations/18.0.1.1.0/post-migrate.py", "joint_meeting_post_migrate"
        )
        self.assertEqual(upgrade.adopt_legacy_keys(self.env), (3, 2))
        overdue = Reminder.search(
            [
                ("res_model", "=", "joint.meeting.resolution"),
                ("res_id", "=", self.resolution.id),
                ("kind", "=", "resolution_overdue"),
            ]
        )
        self.assertEqual(overdue.organization_id, self.resolution.lead_unit_id)
        self.assertEqual(overdue.period.isoformat(), "2026-06-30")
        self.assertEqual(overdue.company_id, self.company)
        # The upgraded database sends none of them a second time.
        with freeze_time("2026-07-01"):
            run_cron(self.env, "resolution_deadlines")
            self.assertFalse(
                self._activities("mail_activity_type_resolution_overdue", self.resolution)
            )
        with freeze_time("2027-09-30"):
            run_cron(self.env, "annual_meeting")
            self.assertFalse(self._activities("mail_activity_type_annual_meeting", self.org_office))
        # Adopting again (the column is gone) changes nothing.
        self.assertEqual(upgrade.adopt_legacy_keys(self.env), (0, 0))

    def test_annual_meeting_reminder(self):
        # The district has its 2026 regular meeting; none is scheduled in 2027.
        with freeze_time("2026-10-01"):
            self._run_twice("annual_meeting")
            self.assertFalse(self._activities("mail_activity_type_annual_meeting", self.org_office))
        with freeze_time("2027-09-29"):
            self._run_twice("annual_meeting")
            self.assertFalse(self._activities("mail_activity_type_annual_meeting", self.org_office))
        with freeze_time("2027-09-30"):
            self._run_twice("annual_meeting")
            reminder = self._activities("mail_activity_type_annual_meeting", self.org_office)
            self.assertEqual(len(reminder), 1)
            self.assertIn("2027", reminder.summary)

    def test_annual_reminder_not_sent_when_the_meeting_is_scheduled(self):
        self.env["joint.meeting"].create(
            {"company_id": self.company.id, "year": 2027, "date": "2027-11-01 02:00:00"}
        )
        with freeze_time("2027-10-01"):
            self._run_twice("annual_meeting")
            self.assertFalse(self._activities("mail_activity_type_annual_meeting", self.org_office))

    def test_crons_are_configured(self):
        # Each scheduled action runs on the model that declares its jobs.
        for name, model in (
            ("proposal_deadline", "joint.meeting"),
            ("minutes_issue", "joint.meeting"),
            ("annual_meeting", "joint.meeting"),
            ("consultation_replies", "joint.meeting.consultation"),
            ("resolution_deadlines", "joint.meeting.resolution"),
            ("acknowledgements", "joint.meeting.assignment"),
            ("supervision_notices", "joint.meeting.notice"),
            ("calendar_check", "joint.meeting.calendar"),
        ):
            cron = self.env.ref(f"joint_meeting.ir_cron_joint_meeting_{name}")
            self.assertTrue(cron.active)
            self.assertEqual(cron.model_id.model, model)


@tagged("post_install", "-at_install")
class TestReminderCleanUp(SchedulerCase, JointMeetingSupervisionCommon):
    def test_reminders_of_closed_matters_are_forgotten(self):
        Reminder = self.env["joint.meeting.reminder"]
        other = self._more_matters(1)
        with freeze_time("2026-07-01"):
            run_cron(self.env, "resolution_deadlines")
            run_cron(self.env, "annual_meeting")
        keys = [
            ("res_model", "=", "joint.meeting.resolution"),
            ("res_id", "in", (self.resolution | other).ids),
            ("kind", "=", "resolution_overdue"),
            ("period", "=", "2026-06-30"),
        ]
        self.assertEqual(Reminder.search_count(keys), 2)
        self._report(outcome="completed", percent=100).with_user(
            self.user_supervisor
        ).action_accept("good")
        self.resolution.with_user(self.user_supervisor).action_close_done()
        old_year = [
            ("res_model", "=", "joint.meeting.organization"),
            ("res_id", "=", self.org_office.id),
            ("kind", "=", "annual_meeting"),
        ]
        Reminder.create(
            {
                "res_model": "joint.meeting.organization",
                "res_id": self.org_office.id,
                "kind": "annual_meeting",
                "period": "2020-01-01",
                "company_id": self.company.id,
            }
        )
        Reminder._gc_done_reminders()
        self.assertEqual(Reminder.search(keys).res_id, other.id)
        self.assertFalse(Reminder.search_count([*old_year, ("period", "=", "2020-01-01")]))
        # The open matter is still not reminded twice.
        with freeze_time("2026-07-02"):
            self._run_twice("resolution_deadlines")
