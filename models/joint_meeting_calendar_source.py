from odoo import api, models


class JointMeetingCalendarSource(models.AbstractModel):
    """What the date engine counts from (working week, public holidays,
    make-up working days). A change of a row that counts for the districts
    forgets the working days of the districts and years it counts in, and
    counts again the open meetings there; any other row (an employee's time
    off, the working hours of a calendar no district uses) changes nothing."""

    _name = "joint.meeting.calendar.source"
    _description = "Joint Meeting Working Calendar Source"

    def _joint_meeting_calendar_scopes(self):
        """{(district id, or False for every district; year, or None for
        every year)} of the working days these rows count in; empty when they
        count for no district."""
        return set()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["joint.meeting.calendar"]._calendar_changed(
            records._joint_meeting_calendar_scopes()
        )
        return records

    def write(self, vals):
        before = self._joint_meeting_calendar_scopes()
        res = super().write(vals)
        self.env["joint.meeting.calendar"]._calendar_changed(
            before | self._joint_meeting_calendar_scopes()
        )
        return res

    def unlink(self):
        scopes = self._joint_meeting_calendar_scopes()
        res = super().unlink()
        self.env["joint.meeting.calendar"]._calendar_changed(scopes)
        return res
