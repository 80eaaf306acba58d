from odoo import api, models


class JointMeetingCalendarSource(models.AbstractModel):
    """What the date engine counts from (working week, public holidays,
    make-up working days): any change clears its cached working days."""

    _name = "joint.meeting.calendar.source"
    _description = "Joint Meeting Working Calendar Source"

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
