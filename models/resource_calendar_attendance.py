from odoo import models


class ResourceCalendarAttendance(models.Model):
    """The working week of a district's calendar: a change counts again the
    districts that work by it (every year); the working hours of a calendar
    no district uses change nothing."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "joint.meeting.calendar.source"]

    def _joint_meeting_calendar_scopes(self):
        calendars = self.calendar_id
        if not calendars:
            return set()
        districts = self.env["resource.calendar.leaves"]._joint_meeting_districts_of(calendars)
        return {(company_id, None) for company_id in districts}
