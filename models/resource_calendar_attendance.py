from odoo import models


class ResourceCalendarAttendance(models.Model):
    """The working week of a district's calendar: a change counts again."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "joint.meeting.calendar.source"]
