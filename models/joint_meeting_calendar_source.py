from odoo import api, models
from odoo.exceptions import AccessError


class JointMeetingCalendarSource(models.AbstractModel):
    """What the date engine counts from (working week, public holidays,
    make-up working days): any change clears its cached working days.

    The nationwide days (no district: the State Council's notice) count in
    every district: only Odoo's system administrator maintains them, not the
    administrator of one district."""

    _name = "joint.meeting.calendar.source"
    _description = "Joint Meeting Working Calendar Source"

    def _joint_meeting_nationwide(self):
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
        self.env["joint.meeting.calendar"]._calendar_changed()
        return records

    def write(self, vals):
        self._joint_meeting_check_nationwide()
        res = super().write(vals)
        self._joint_meeting_check_nationwide()
        self.env["joint.meeting.calendar"]._calendar_changed()
        return res

    def unlink(self):
        self._joint_meeting_check_nationwide()
        res = super().unlink()
        self.env["joint.meeting.calendar"]._calendar_changed()
        return res
