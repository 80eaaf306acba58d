from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """The working week of a district's calendar: a change counts again."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["joint.meeting.calendar"]._calendar_changed()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env["joint.meeting.calendar"]._calendar_changed()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["joint.meeting.calendar"]._calendar_changed()
        return res
