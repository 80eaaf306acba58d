from odoo import fields, models


class JointMeetingCalendarEventMixin(models.AbstractModel):
    """The meeting in Odoo's calendar: once approved, an event for its chair
    and the members of the participating and preparing organisations, kept
    in step with the meeting's date, place and participants. Part of
    ``joint.meeting``."""

    _name = "joint.meeting.calendar.event.mixin"
    _description = "Joint Meeting Calendar Event"
    # Set by the meeting's approval (see joint.meeting.workflow.mixin).
    _write_by_steps = "calendar_event_id"

    calendar_event_id = fields.Many2one("calendar.event", copy=False, readonly=True)

    def _attendee_partners(self):
        self.ensure_one()
        users = self.attendee_organization_ids.member_ids | self.chair_id
        users |= self.preparing_organization_id.member_ids
        return users.partner_id

    def _sync_calendar_event(self):
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
        )
        for meeting in self.filtered("date"):
            vals = {
                "name": meeting.name,
                "start": meeting.date,
                "stop": self.env["joint.meeting.calendar"]._plus_hours(meeting.date, 3),
                "location": meeting.place,
                "partner_ids": [fields.Command.set(meeting._attendee_partners().ids)],
                "user_id": meeting.chair_id.id or self.env.user.id,
                "res_model_id": self.env["ir.model"]._get_id("joint.meeting"),
                "res_id": meeting.id,
            }
            if meeting.calendar_event_id:
                meeting.calendar_event_id.sudo().write(vals)
            else:
                meeting._workflow_write({"calendar_event_id": Event.create(vals).id})
