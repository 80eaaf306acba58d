from collections import Counter, defaultdict
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..models import joint_meeting_assessment as assessment_module
from ..models.joint_meeting_step import all_steps
from ..models.joint_meeting_workflow_mixin import DATE_MAX, DATE_MIN


@tagged("post_install", "-at_install")
class TestOneDeclarationOfEachStep(TransactionCase):
    """Every step is declared once (``joint_meeting_step.Step``, next to its
    model); the workbench, the waiting lines, the reminders, the assessment
    and the bulletin read it. On the demo database, for every record at every
    step, they say the same: the same unit, the same deadline, the same words.
    Each reader made to diverge is noticed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(su=True)
        # The reminders already sent are not sent again: forget them here, so
        # that the reminder jobs say what they would send for every record.
        cls.env.cr.execute("DELETE FROM joint_meeting_reminder")
        cls.env.invalidate_all()

    def _rows(self):
        """{step: [(record, unit id or None, deadline, document)]}."""
        rows = {}
        for step in all_steps(self.env):
            document_model = (step.document or (step.model,))[0]
            rows[step] = [
                (
                    self.env[step.model].browse(record_id),
                    unit_id,
                    deadline,
                    self.env[document_model].browse(document_id),
                )
                for record_id, unit_id, deadline, document_id in step.rows(self.env)
            ]
        return rows

    def _disagreements(self):
        """(problems, {reader: how many facts it was checked on})."""
        env = self.env
        env.invalidate_all()
        rows = self._rows()
        problems, checked = [], Counter()

        # The workbench: one row per record and unit at each step, with the
        # step's deadline, one for the role it escalates to once the deadline
        # is past, and nothing else.
        engine = env["joint.meeting.calendar"]
        expected = Counter(
            (step.kind, document._name, document.id, unit_id, deadline)
            for step, found in rows.items()
            for _record, unit_id, deadline, document in found
        )
        expected += Counter(
            ("urge", document._name, document.id, unit_id, deadline)
            for step, found in rows.items()
            if step.escalate_to
            for record, unit_id, deadline, document in found
            if unit_id == record[step.units[0]].id and deadline < engine._today(document.company_id)
        )
        listed = Counter(
            (t.kind, t.res_model, t.res_id, t.organization_id.id or None, t.deadline or None)
            for t in env["joint.meeting.todo"].search([])
        )
        for key in (expected - listed) + (listed - expected):
            problems.append(f"workbench: {key} differs from the declared steps")
        checked["workbench"] += sum(expected.values())

        # The waiting lines: each record at a step says the step's words with
        # its units and deadline.
        for step, found in rows.items():
            if not step.waiting:
                continue
            units, deadlines = defaultdict(set), {}
            for record, unit_id, deadline, _document in found:
                units[record].add(unit_id)
                deadlines[record] = deadline
            for record, unit_ids in units.items():
                deadline = deadlines[record]
                text = step.waiting(
                    env,
                    record,
                    step.unit_records(record, unit_ids),
                    engine._format_date(deadline, engine._today(record.company_id))
                    if deadline
                    else "",
                )
                if text not in record.waiting_help:
                    problems.append(f"waiting line of {record}: {record.waiting_help!r} ≠ {text!r}")
                checked["waiting lines"] += 1

        # The reminders: the first unit of each record at a step that reminds
        # (the lead unit, the department, the assigned unit) is reminded on
        # the document of its deadline, and nobody else.
        windows = env["joint.meeting.reminder"]._windows()
        expected, models = set(), set()
        for step, found in rows.items():
            if not step.remind:
                continue
            models.add(step.model)
            first = step.units[0]
            for record, unit_id, deadline, document in found:
                window_end = windows[document.company_id.id][1]
                if unit_id == record[first].id and deadline <= window_end:
                    expected.add((document._name, document.id, unit_id, deadline))
        reminded = {
            (due.record._name, due.record.id, due.organization.id, due.period)
            for model in sorted(models)
            for job in env[model]._reminder_jobs()
            for due in job.due(windows)
        }
        for key in expected ^ reminded:
            problems.append(f"reminders: {key} differs from the declared steps")
        checked["reminders"] += len(expected)

        # The assessment: an acknowledgement is on time against the
        # acknowledgement step's deadline and scored for its unit; a matter's
        # events go to the unit of its steps and are judged against their
        # deadline.
        steps = {step.name: step for step in rows}
        acknowledge, report = steps["assignment_acknowledge"], steps["resolution_report"]
        for company in engine._districts():
            env.cr.execute(
                assessment_module.events_sql(),
                {"company": company.id, "start": DATE_MIN, "end": DATE_MAX},
            )
            for event, unit_id, res_model, res_id, _matter, _day, _qty in env.cr.fetchall():
                record = env[res_model].browse(res_id)
                if event in acknowledge.scored:
                    deadline = record[acknowledge.field("deadline")]
                    right = "ack_on_time" if record.acknowledge_date <= deadline else "ack_late"
                    unit = record[acknowledge.field("unit")]
                elif event in report.scored and res_model == "joint.meeting.resolution":
                    deadline = record[report.field("deadline")]
                    right = event
                    if event == "done_on_time" and record.close_date > deadline:
                        right = "done late"
                    unit = record[report.field("unit")]
                elif event == "report_on_time":
                    matter = record.resolution_id
                    right = event if record.date <= matter[report.field("deadline")] else "late"
                    unit = record.organization_id
                else:
                    continue
                checked["assessment"] += 1
                if (event, unit_id) != (right, unit.id):
                    problems.append(f"assessment: {event} of {record} for {unit_id}")

        # The bulletin: on a period ending today, every matter at a step of
        # its lead unit counts as open for that unit, and as late when the
        # step's deadline is past.
        for company in engine._districts():
            today = engine._today(company)
            bulletin = env["joint.meeting.bulletin"].new(
                {"company_id": company.id, "date_from": today, "date_to": today}
            )
            figures = bulletin._figures()
            open_by_unit, late = Counter(), set()
            for step in (steps["resolution_start"], report):
                for matter, unit_id, deadline, _document in rows[step]:
                    issued = matter.minutes_id.issue_date
                    if matter.company_id != company or unit_id != matter[step.units[0]].id:
                        continue
                    if issued and issued > today:
                        continue
                    open_by_unit[unit_id] += 1
                    if deadline < today:
                        late.add(matter.id)
            counted = Counter(
                {
                    u: unit["open_count"]
                    for u, unit in figures["units"].items()
                    if unit["open_count"]
                }
            )
            if counted != open_by_unit:
                problems.append(
                    f"bulletin of {company.name}: open {dict(counted)} ≠ {dict(open_by_unit)}"
                )
            if late - set(figures["overdue"]):
                problems.append(
                    f"bulletin of {company.name}: late {late - set(figures['overdue'])}"
                )
            checked["bulletin"] += sum(open_by_unit.values())
        return problems, checked

    def test_the_readers_agree_on_every_record_at_every_step(self):
        rows = self._rows()
        at_step = {step.name for step, found in rows.items() if found}
        # The demo has records at the steps of every kind of document.
        for name in (
            "topic_submit",
            "topic_approve",
            "meeting_approve",
            "consultation_send",
            "consultation_reply",
            "resolution_start",
            "resolution_report",
            "assignment_acknowledge",
            "followup_review",
            "extension_review",
            "extension_approve",
        ):
            self.assertIn(name, at_step)
        problems, checked = self._disagreements()
        self.assertEqual(problems, [])
        for reader in ("workbench", "waiting lines", "reminders", "assessment", "bulletin"):
            self.assertTrue(checked[reader], f"the {reader} were checked on no record")

    def test_a_reader_that_diverges_is_noticed(self):
        Consultation = type(self.env["joint.meeting.consultation"])
        Bulletin = type(self.env["joint.meeting.bulletin"])

        def no_waiting_line(records):
            records.waiting_help = ""
            records.time_left = ""

        def a_day_late(original):
            def reminders_due(self, windows, phase):
                return [
                    due._replace(period=due.period.replace(day=1 + due.period.day % 28))
                    for due in original(self, windows, phase)
                ]

            return reminders_due

        def not_overdue(original):
            def figures(self):
                return original(self) | {"overdue": []}

            return figures

        def own_events():
            # The assessment's own copy of the deadline, a day earlier.
            return assessment_module.EVENTS_SQL.format(
                ack_deadline="a.due_date - 1",
                ack_unit="a.organization_id",
                matter_deadline="r.deadline",
                matter_unit="r.lead_unit_id",
            )

        diverging = {
            "waiting line": patch.object(Consultation, "_compute_waiting_help", no_waiting_line),
            "reminder": patch.object(
                Consultation, "_reminders_due", a_day_late(Consultation._reminders_due)
            ),
            "assessment": patch.object(assessment_module, "events_sql", own_events),
            "bulletin": patch.object(Bulletin, "_figures", not_overdue(Bulletin._figures)),
        }
        for reader, patched in diverging.items():
            with self.subTest(reader=reader), patched:
                problems, _checked = self._disagreements()
                self.assertTrue(problems, f"a diverging {reader} went unnoticed")
        with self.subTest(reader="workbench"), self.env.cr.savepoint(flush=False):
            # The workbench's view loses the departments' replies.
            self.env.cr.execute(
                "ALTER VIEW joint_meeting_todo RENAME TO joint_meeting_todo_declared;"
                "CREATE VIEW joint_meeting_todo AS "
                "SELECT * FROM joint_meeting_todo_declared WHERE kind != 'reply'"
            )
            problems, _checked = self._disagreements()
            self.assertTrue(problems, "a diverging workbench went unnoticed")
            self.env.cr.execute(
                "DROP VIEW joint_meeting_todo;"
                "ALTER VIEW joint_meeting_todo_declared RENAME TO joint_meeting_todo"
            )
