from odoo import api, models
from odoo.exceptions import AccessError


class JointMeetingCalendarSource(models.AbstractModel):
    """What the date engine counts from (working week, public holidays,
    make-up working days). A change of a row that counts for the districts
    forgets the working days of the districts and years it counts in, and
    counts again the open meetings there; any other row (an employee's time
    off, the working hours of a calendar no district uses) changes nothing.

    The nationwide days (no district: the State Council's notice) count in
    every district: only Odoo's system administrator maintains them, not the
    administrator of one district."""

    _name = "joint.meeting.calendar.source"
    _description = "Joint Meeting Working Calendar Source"

    def _joint_meeting_calendar_scopes(self):
        """{(district id, or False for every district; year, or None for
        every year)} of the working days these rows count in; empty when they
        count for no district."""
        return set()

    def _joint_meeting_nationwide(self):
        """The rows of no district (working hours belong to a calendar: none)."""
        if "company_id" not in self._fields:
            return self.browse()
        return self.filtered(lambda record: not record.company_id)

    def _joint_meeting_check_nationwide(self):
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        if self._joint_meeting_nationwide():
            raise AccessError(
                self.env._(
                    "The nationwide calendar (the State Council's public holidays and make-up "
                    "working days) counts in every district: only the system administrator "
                    "maintains it. Record a day of your own district instead."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._joint_meeting_check_nationwide()
        self.env["joint.meeting.calendar"]._calendar_changed(
            records._joint_meeting_calendar_scopes()
        )
        return records

    def write(self, vals):
        self._joint_meeting_check_nationwide()
        before = self._joint_meeting_calendar_scopes()
        res = super().write(vals)
        self._joint_meeting_check_nationwide()
        self.env["joint.meeting.calendar"]._calendar_changed(
            before | self._joint_meeting_calendar_scopes()
        )
        return res

    def unlink(self):
        self._joint_meeting_check_nationwide()
        scopes = self._joint_meeting_calendar_scopes()
        res = super().unlink()
        self.env["joint.meeting.calendar"]._calendar_changed(scopes)
        return res
