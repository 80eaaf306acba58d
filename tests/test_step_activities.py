from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..models.joint_meeting_step import all_steps
from .common import JointMeetingMinutesCommon


def activity_type(name):
    return name if "." in name else f"joint_meeting.mail_activity_type_{name}"


class StepActivityCase(JointMeetingMinutesCommon):
    """Walks a record through a step: every scheduled action of the add-on
    runs on the days given (frozen), the step's activities are there, the
    step is taken, the transaction ends (what a request's commit runs), and
    the activities that asked for the step are closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["joint.meeting.followup"]
        # A second meeting in proposal collection: 2026-12-31, proposals due
        # 2026-12-16 (15 days), reminders from 2026-12-11 (5 days).
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

    def _every_scheduled_action(self):
        """Every scheduled action of the add-on, as the cron runner calls it."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "joint_meeting"), ("model", "=", "ir.cron")]
        )
        for cron in self.env["ir.cron"].browse(data.mapped("res_id")).sorted("id"):
            safe_eval(cron.code.strip(), {"model": self.env[cron.model_id.model]})

    def _open(self, records):
        """The open activities that the add-on gave on ``records``."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("automated", "=", True),
            ]
        )

    def _end_of_transaction(self):
        """What a request's commit runs first: the ORM's flush and the
        ``precommit`` callbacks."""
        self.env.cr.flush()

    def _walk(self, records, days, take, closed=(), stay=()):
        """On each of ``days`` every scheduled action runs; on ``records``
        the open activities are then those of the types ``closed`` and
        ``stay`` exactly; on the last day ``take`` takes the step; at the
        end of the transaction the activities of the types ``closed`` are
        closed, those of ``stay`` (asking for a later step) still open."""
        for day in days:
            with freeze_time(day):
                self._every_scheduled_action()
        before = self._open(records)
        closed = self.env["mail.activity.type"].union(
            *(self.env.ref(activity_type(name)) for name in closed)
        )
        stay = self.env["mail.activity.type"].union(
            *(self.env.ref(activity_type(name)) for name in stay)
        )
        self.assertEqual(before.activity_type_id, closed | stay, before.mapped("summary"))
        with freeze_time(days[-1]):
            take()
            self._end_of_transaction()
        self.env.invalidate_all()
        left = before.exists().filtered("active")
        self.assertEqual(left.activity_type_id, stay, left.mapped("summary"))
        return before - left

    # Fixtures ---------------------------------------------------------------
    def _issued(self, day="2026-04-10"):
        """The minutes issued: the matter (HR bureau, Finance) to acknowledge."""
        with freeze_time(day):
            self._issue()
        return self.resolution

    def _acknowledged(self):
        matter = self._issued()
        with freeze_time("2026-04-10"):
            matter.with_user(self.user_hr).action_acknowledge()
            matter.with_user(self.user_finance).action_acknowledge()
        return matter

    def _report(self, matter, day, user=None, **vals):
        with freeze_time(day):
            return self.Followup.with_user(user or self.user_hr).create(
                {
                    "resolution_id": matter.id,
                    "organization_id": self.org_hr.id,
                    "progress": "<p>工资保证金制度已在12个项目试行。</p>",
                    "percent": 40,
                    **vals,
                }
            )

    def _consultation(self, state="to_send", due="2026-12-10"):
        topic = self._topic(meeting_id=self.next_meeting.id)
        return (
            self.env["joint.meeting.consultation"]
            .sudo()
            .create(
                {
                    "topic_id": topic.id,
                    "department_id": self.org_hr.id,
                    "due_date": due,
                    "state": state,
                }
            )
        )

    def _request_extension(self, matter, day="2026-06-01", deadline="2026-07-31"):
        with freeze_time(day):
            return (
                self.env["joint.meeting.extension"]
                .with_user(self.user_hr)
                .create(
                    {
                        "resolution_id": matter.id,
                        "requested_deadline": deadline,
                        "reason": "招标流标",
                    }
                )
            )


@tagged("post_install", "-at_install")
class TestEveryStepClosesItsActivities(StepActivityCase):
    """For every declared step (``joint_meeting_step.Step``): what reminds
    of it, and that taking it closes that. A step added without its walk
    here fails ``test_every_step_is_walked``."""

    def test_every_step_is_walked(self):
        missing = [
            step.name for step in all_steps(self.env) if not hasattr(self, f"test_{step.name}")
        ]
        self.assertEqual(missing, [], "steps whose activities no test closes")

    def test_every_reminder_job_says_when_it_is_over(self):
        """A job names the steps it reminds of, or the records whose
        reminders are over (or its reminders are of a year)."""
        steps = {step.name for step in all_steps(self.env)}
        jobs = self.env["joint.meeting.reminder"]._jobs_by_model()
        self.assertTrue(jobs)
        for model, model_jobs in jobs.items():
            for job in model_jobs:
                with self.subTest(job=job.kind):
                    self.assertTrue(job.steps or job.over is not None or job.yearly, model)
                    self.assertLessEqual(set(job.steps), steps)

    # The meeting and its topics ---------------------------------------------
    def test_meeting_approve(self):
        """The proposal reminders (before the deadline, to the mass
        organisations; after it, to the office) close once the leadership
        approves the agenda."""
        self._topic(meeting_id=self.next_meeting.id).sudo().state = "accepted"
        closed = self._walk(
            self.next_meeting,
            ["2026-12-11", "2026-12-17"],
            lambda: self.next_meeting.with_user(self.user_leader).action_approve(),
            closed=("proposal_due", "proposal_closed"),
        )
        # The Youth League's reminder (the trade union's topic is accepted)
        # and the office's.
        self.assertEqual(closed.user_id, self.user_youth | self.org_office._liaison())

    def test_topic_submit(self):
        topic = self._topic(meeting_id=self.next_meeting.id)
        self._walk(topic, ["2026-12-11"], lambda: topic.with_user(self.user_union).action_submit())
        self.assertEqual(topic.state, "submitted")

    def test_topic_approve(self):
        topic = self._topic(meeting_id=self.next_meeting.id)
        with freeze_time("2026-12-11"):
            topic.with_user(self.user_union).action_submit()
        self._walk(topic, ["2026-12-12"], lambda: topic.with_user(self.user_leader).action_accept())
        self.assertEqual(topic.state, "accepted")

    # Consultations ------------------------------------------------------------
    def test_consultation_send(self):
        consultation = self._consultation()
        self._walk(
            consultation,
            ["2026-12-01"],
            lambda: consultation.with_user(self.user_office).action_send(),
        )
        # Sent, it asks the department to reply: the next step's.
        self.assertEqual(self._open(consultation).user_id, self.user_hr)

    def test_consultation_reply(self):
        consultation = self._consultation()
        with freeze_time("2026-12-01"):
            consultation.with_user(self.user_office).action_send()
        self._walk(
            consultation,
            ["2026-12-05", "2026-12-11"],
            lambda: consultation.with_user(self.user_hr).action_reply("agree", "<p>同意。</p>"),
            closed=("mail.mail_activity_data_todo", "consultation_due", "consultation_overdue"),
        )

    # Minutes --------------------------------------------------------------------
    def test_minutes_confirm(self):
        with freeze_time("2026-04-08"):
            self.minutes.with_user(self.user_office).action_submit_review()
            self.minutes.with_user(self.user_office).action_confirm_text()
        self._walk(
            self.minutes,
            ["2026-04-08"],
            lambda: self.minutes.with_user(self.user_union).action_confirm_text(),
        )

    def test_minutes_approve(self):
        with freeze_time("2026-04-08"):
            self.minutes.with_user(self.user_office).action_submit_review()
            self.minutes.with_user(self.user_office).action_confirm_text()
            self.minutes.with_user(self.user_union).action_confirm_text()
            self.minutes.with_user(self.user_office).action_request_approval()
        self._walk(
            self.minutes,
            ["2026-04-09"],
            lambda: self.minutes.with_user(self.user_leader).action_approve(),
            closed=("mail.mail_activity_data_todo",),
        )

    def test_minutes_issue(self):
        """Minutes not issued in time: the office is flagged on the meeting
        until the minutes are issued."""
        with freeze_time("2026-04-08"):
            self._through_review()
        day = self.meeting.minutes_deadline + timedelta(days=1)
        self._walk(
            self.meeting,
            [day],
            lambda: self.minutes.with_user(self.user_office).action_issue(),
            closed=("minutes_overdue",),
        )

    # Agreed matters ------------------------------------------------------------
    def test_assignment_acknowledge(self):
        """The units are asked to acknowledge (签收) on the issue, reminded,
        then the supervision office is told: all closed once they have."""
        matter = self._issued()
        due = matter.assignment_ids[:1].due_date

        def acknowledge():
            matter.with_user(self.user_hr).action_acknowledge()
            matter.with_user(self.user_finance).action_acknowledge()

        closed = self._walk(
            matter, [due, due + timedelta(days=1)], acknowledge, closed=("acknowledge",)
        )
        # Each unit's own, its reminder, and the escalation about each unit.
        self.assertIn(self.user_supervisor, closed.user_id)
        self.assertIn(self.user_hr, closed.user_id)

    def test_resolution_start(self):
        """The lead unit starts the matter by reporting: the reminder of the
        deadline is answered; the escalation of the overdue matter stays
        (the matter is still overdue at its next step)."""
        matter = self._acknowledged()
        self._walk(
            matter,
            ["2026-06-26", "2026-07-01"],
            lambda: self._report(matter, "2026-07-01"),
            closed=("resolution_due",),
            stay=("resolution_overdue",),
        )
        self.assertEqual(matter.state, "in_progress")

    def test_resolution_report(self):
        matter = self._acknowledged()
        report = self._report(matter, "2026-05-01")
        with freeze_time("2026-05-02"):
            report.with_user(self.user_supervisor).action_accept("good")

        def close():
            completion = self._report(matter, "2026-07-01", percent=100, outcome="completed")
            completion.with_user(self.user_supervisor).action_accept("good")
            matter.with_user(self.user_supervisor).action_close_done()

        self._walk(
            matter,
            ["2026-06-26", "2026-07-01"],
            close,
            closed=("resolution_due", "resolution_overdue"),
        )
        self.assertEqual(matter.state, "done")

    def test_followup_review(self):
        matter = self._acknowledged()
        report = self._report(matter, "2026-05-01")
        self._walk(
            report,
            ["2026-05-02"],
            lambda: report.with_user(self.user_supervisor).action_accept("good"),
            closed=("followup_review",),
        )

    def test_extension_review(self):
        request = self._request_extension(self._acknowledged())
        closed = self._walk(
            request,
            ["2026-06-01"],
            lambda: request.with_user(self.user_supervisor).action_review("同意报批"),
            closed=("extension",),
        )
        self.assertEqual(closed.user_id, self.user_supervisor)
        # The leadership is asked next.
        self.assertEqual(self._open(request).user_id, self.user_leader)

    def test_extension_approve(self):
        request = self._request_extension(self._acknowledged())
        with freeze_time("2026-06-01"):
            request.with_user(self.user_supervisor).action_review("同意报批")
        self._walk(
            request,
            ["2026-06-02"],
            lambda: request.with_user(self.user_leader).action_approve("同意"),
            closed=("extension",),
        )

    def test_notice_issue(self):
        """A notice has no activity: the supervision office finds it on its
        workbench."""
        matter = self._acknowledged()
        with freeze_time("2026-07-01"):
            self._every_scheduled_action()
        notice = self.env["joint.meeting.notice"].search(
            [("resolution_id", "=", matter.id), ("state", "=", "draft")]
        )
        self.assertTrue(notice)
        self.assertNotIn("activity_ids", notice._fields)
        with freeze_time("2026-07-01"):
            notice.with_user(self.user_supervisor).action_issue()
        self.assertEqual(notice.state, "issued")

    def test_bulletin_issue(self):
        self._acknowledged()
        with freeze_time("2026-06-30 08:00:00"):
            self._every_scheduled_action()
        bulletin = self.env["joint.meeting.bulletin"].search(
            [("company_id", "=", self.company.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(bulletin), 1)
        self._walk(
            bulletin,
            ["2026-06-30 08:00:00"],
            lambda: bulletin.with_user(self.user_supervisor).action_issue(),
            closed=("mail.mail_activity_data_todo",),
        )

    def test_assessment_confirm(self):
        assessment = (
            self.env["joint.meeting.assessment"]
            .with_user(self.user_supervisor)
            .create({"company_id": self.company.id, "year": 2026})
        )
        with freeze_time("2026-12-20"):
            assessment.action_compute()
        self._walk(assessment, ["2026-12-21"], assessment.action_confirm)
        self.assertEqual(assessment.state, "confirmed")


@tagged("post_install", "-at_install")
class TestActivitiesFollowTheirStep(StepActivityCase):
    """What the walks above take for granted: a unit's step, a moved
    deadline, a cancelled or returned record, a change that no write
    announced; the addressee's language; and a closing mechanism that stops
    is noticed."""

    def test_a_units_reminders_close_with_its_own_acknowledgement(self):
        matter = self._issued()
        due = matter.assignment_ids[:1].due_date
        for day in (due, due + timedelta(days=1)):
            with freeze_time(day):
                self._every_scheduled_action()
        escalations = self._open(matter).filtered(lambda a: a.user_id == self.user_supervisor)
        self.assertEqual(len(escalations), 2)
        with freeze_time(due + timedelta(days=1)):
            matter.with_user(self.user_hr).action_acknowledge()
            self._end_of_transaction()
        left = self._open(matter)
        # The escalation about the HR bureau is closed; Finance's stays, with
        # Finance's own activities.
        self.assertEqual(len(left.filtered(lambda a: a.user_id == self.user_supervisor)), 1)
        self.assertIn(
            self.org_finance.display_name,
            left.filtered(lambda a: a.user_id == self.user_supervisor).summary,
        )
        self.assertFalse(left.filtered(lambda a: a.user_id == self.user_hr))
        self.assertTrue(left.filtered(lambda a: a.user_id == self.user_finance))

    def test_a_moved_deadline_replaces_its_reminder(self):
        """An extension granted: the reminder of the old deadline goes, the
        reminder of the new one comes in its window."""
        matter = self._acknowledged()
        with freeze_time("2026-06-26"):
            self._every_scheduled_action()
        old = self._open(matter)
        self.assertEqual(old.activity_type_id, self.env.ref(activity_type("resolution_due")))
        request = self._request_extension(matter, "2026-06-26")
        with freeze_time("2026-06-26"):
            request.with_user(self.user_supervisor).action_review("同意报批")
            request.with_user(self.user_leader).action_approve("同意")
            self._end_of_transaction()
        self.assertEqual(matter.deadline, date(2026, 7, 31))
        # Removed, not done: nothing was reported.
        self.assertFalse(old.exists())
        with freeze_time("2026-07-27"):
            self._every_scheduled_action()
        new = self._open(matter)
        self.assertEqual(new.activity_type_id, self.env.ref(activity_type("resolution_due")))
        self.assertEqual(new.date_deadline, date(2026, 7, 31))

    def test_a_cancelled_meeting_closes_its_consultations_activities(self):
        consultation = self._consultation()
        with freeze_time("2026-12-01"):
            consultation.with_user(self.user_office).action_send()
        with freeze_time("2026-12-05"):
            self._every_scheduled_action()
        with freeze_time("2026-12-11"):
            self._every_scheduled_action()
            asked = self._open(consultation)
            self.assertEqual(len(asked), 3)
            self.next_meeting.with_user(self.user_office)._do_cancel("暴雪")
            self._end_of_transaction()
        self.assertEqual(consultation.state, "cancelled")
        self.assertFalse(asked.filtered("active"))
        self.assertFalse(self._open(self.next_meeting))

    def test_returned_minutes_close_the_leaders_activity(self):
        with freeze_time("2026-04-08"):
            self.minutes.with_user(self.user_office).action_submit_review()
            self.minutes.with_user(self.user_office).action_confirm_text()
            self.minutes.with_user(self.user_union).action_confirm_text()
            self.minutes.with_user(self.user_office).action_request_approval()
        asked = self._open(self.minutes)
        self.assertEqual(asked.user_id, self.user_leader)
        self.minutes.with_user(self.user_leader).action_return("请补充第三项议定事项的牵头单位。")
        self._end_of_transaction()
        self.assertFalse(asked.active)

    def test_closed_in_the_addressees_language_when_the_transaction_ends(self):
        self.org_office._liaison().lang = "zh_CN"
        with freeze_time("2026-12-17"):
            self._every_scheduled_action()
        flagged = self._open(self.next_meeting)
        self.assertEqual(len(flagged), 1)
        self._topic(meeting_id=self.next_meeting.id).sudo().state = "accepted"
        self.next_meeting.with_user(self.user_leader).action_approve()
        # Until the end of the transaction nothing is closed.
        self.env.flush_all()
        self.assertTrue(flagged.active)
        self._end_of_transaction()
        self.assertFalse(flagged.active)
        self.assertIn("自动关闭", flagged.feedback)
        message = self.next_meeting.message_ids.filtered(
            lambda m: m.mail_activity_type_id == flagged.activity_type_id
        )[:1]
        self.assertIn("自动关闭", str(message.body))

    def test_the_daily_check_closes_what_no_write_announced(self):
        with freeze_time("2026-12-17"):
            self._every_scheduled_action()
            self._end_of_transaction()
        flagged = self._open(self.next_meeting)
        self.assertTrue(flagged)
        self.env.cr.execute(
            "UPDATE joint_meeting SET state = 'approved' WHERE id = %s", [self.next_meeting.id]
        )
        self.env.invalidate_all()
        self._end_of_transaction()
        self.assertTrue(flagged.active)
        self.env["joint.meeting.reminder"]._gc_close_over()
        self.assertFalse(flagged.active)

    def test_a_mechanism_that_closes_nothing_is_noticed(self):
        Reminder = type(self.env["joint.meeting.reminder"])
        for step in ("test_meeting_approve", "test_assignment_acknowledge"):
            with self.subTest(step=step), self.env.cr.savepoint() as savepoint:
                with (
                    patch.object(Reminder, "_close_over", lambda self, documents=None: None),
                    self.assertRaises(AssertionError),
                ):
                    getattr(TestEveryStepClosesItsActivities, step)(self)
                savepoint.rollback()
