from collections import defaultdict
from datetime import date

from odoo import api, models

from .joint_meeting_reminder import Due, ReminderJob


class JointMeetingDeadlineReminderMixin(models.AbstractModel):
    """The reminders of a joint meeting's deadlines, sent by its scheduled
    actions: the proposal deadline (Art. 9), the minutes not issued in time
    (Art. 11) and a year without its regular meeting (Art. 8). Part of
    ``joint.meeting``."""

    _name = "joint.meeting.deadline.reminder.mixin"
    _description = "Joint Meeting Deadline Reminders"
    _inherit = ["joint.meeting.reminder.mixin"]

    @api.model
    def _reminder_jobs(self):
        """Art. 9: the proposal deadline (each mass organisation that has not
        submitted, then the office once it has passed); Art. 11: minutes not
        issued in time; Art. 8: a year without its regular meeting."""
        return [
            ReminderJob(
                "proposal_due",
                "joint_meeting.mail_activity_type_proposal_due",
                self._proposal_due,
                lambda env, due: env._(
                    "Art. 9: %(organization)s, submit your proposals for %(meeting)s "
                    "by %(deadline)s",
                    organization=due.organization.display_name,
                    meeting=due.record.name,
                    deadline=env["joint.meeting.calendar"]._format_date(due.period),
                ),
                over=[("state", "!=", "collecting")],
            ),
            ReminderJob(
                "proposal_closed",
                "joint_meeting.mail_activity_type_proposal_closed",
                self._proposal_closed,
                lambda env, due: env._(
                    "Art. 9: the proposal deadline of %(meeting)s has passed; review the agenda",
                    meeting=due.record.name,
                ),
                escalate_to="office",
                over=[("state", "!=", "collecting")],
            ),
            ReminderJob(
                "minutes_late",
                "joint_meeting.mail_activity_type_minutes_overdue",
                self._minutes_late,
                lambda env, due: env._(
                    "Art. 11: the minutes of %(name)s are not issued yet", name=due.record.name
                ),
                escalate_to="office",
                over=[("state", "!=", "held")],
            ),
            ReminderJob(
                "annual_meeting",
                "joint_meeting.mail_activity_type_annual_meeting",
                self._annual_meeting_missing,
                lambda env, due: env._(
                    "Art. 8: no regular joint meeting of %(year)s is scheduled yet",
                    year=due.period.year,
                ),
                escalate_to="office",
                yearly=True,
                res_model="joint.meeting.organization",
            ),
        ]

    @api.model
    def _collecting(self):
        return self.search(
            [("state", "=", "collecting"), ("proposal_deadline", "!=", False)], order="id"
        )

    @api.model
    def _proposal_due(self, windows):
        """Within the reminder window before the proposal deadline: each mass
        organisation of the district without a submitted topic."""
        meetings = self._collecting().filtered(
            lambda m: (
                windows[m.company_id.id][0] <= m.proposal_deadline <= windows[m.company_id.id][1]
            )
        )
        mass = (
            self.env["joint.meeting.organization"].sudo()._by_company(meetings.company_id, "mass")
        )
        submitted = defaultdict(set)
        for meeting, organization in (
            self.env["joint.meeting.topic"]
            .sudo()
            ._read_group(
                [("meeting_id", "in", meetings.ids), ("state", "in", ("submitted", "accepted"))],
                ["meeting_id", "organization_id"],
            )
        ):
            submitted[meeting.id].add(organization.id)
        return [
            Due(meeting, meeting.proposal_deadline, meeting.proposal_deadline, organization)
            for meeting in meetings
            for organization in mass[meeting.company_id]
            if organization.id not in submitted[meeting.id]
        ]

    @api.model
    def _proposal_closed(self, windows):
        return [
            Due(meeting, meeting.proposal_deadline, windows[meeting.company_id.id][0])
            for meeting in self._collecting()
            if meeting.proposal_deadline < windows[meeting.company_id.id][0]
        ]

    @api.model
    def _minutes_late(self, windows):
        """Held meetings whose minutes issue time (district setting) is over."""
        return [
            Due(meeting, meeting.minutes_deadline, windows[meeting.company_id.id][0])
            for meeting in self.search([("state", "=", "held")], order="id")
            if meeting.date and meeting.minutes_deadline < windows[meeting.company_id.id][0]
        ]

    @api.model
    def _annual_meeting_missing(self, windows):
        """Art. 8: a district whose regular meeting of the year is not
        scheduled by its configured date; the reminder goes on its office."""
        offices = self.env["joint.meeting.organization"].sudo()
        offices = offices._by_company(offices.env["res.company"].browse(list(windows)), "office")
        todays = {company: windows[company.id][0] for company in offices}
        scheduled = {
            company
            for company, year in self.sudo()._read_group(
                [
                    ("company_id", "in", [company.id for company in todays]),
                    ("year", "in", list({today.year for today in todays.values()})),
                    ("meeting_type", "=", "regular"),
                    ("date", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                ["company_id", "year"],
            )
            if year == todays[company].year
        }
        dues = []
        for company, today in todays.items():
            if company in scheduled:
                continue
            try:
                limit = date(
                    today.year,
                    company.joint_meeting_annual_deadline_month,
                    company.joint_meeting_annual_deadline_day,
                )
            except ValueError:  # 29 February in a common year
                limit = date(today.year, 2, 28)
            if today >= limit:
                dues.append(Due(offices[company][:1], date(today.year, 1, 1), today))
        return dues
