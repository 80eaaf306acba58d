from odoo import fields, models


class JointMeetingReminder(models.Model):
    """What the scheduled actions already sent: one row per reminder key, so
    a second run (or a run after a restart) sends nothing twice, even after
    the activity it created was marked done."""

    _name = "joint.meeting.reminder"
    _description = "Joint Meeting Reminder Sent"
    _order = "id desc"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)

    _sql_constraints = [
        ("key_uniq", "unique(key)", "This reminder was already sent."),
    ]
