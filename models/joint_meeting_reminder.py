from odoo import api, fields, models
from odoo.tools import SQL


class JointMeetingReminder(models.Model):
    """What the scheduled actions already sent: one row per reminder key, so
    a second run (or a run after a restart) sends nothing twice, even after
    the activity it created was marked done."""

    _name = "joint.meeting.reminder"
    _description = "Joint Meeting Reminder Sent"
    _order = "id desc"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    date = fields.Date(
        required=True,
        readonly=True,
        default=lambda self: self.env["joint.meeting.calendar"]._today(self.env.company),
    )
    company_id = fields.Many2one("res.company", string="District", readonly=True, index=True)

    _sql_constraints = [
        ("key_uniq", "unique(key)", "This reminder was already sent."),
    ]

    @api.autovacuum
    def _gc_done_reminders(self):
        """Forget the reminders of what is over (closed agreed matters,
        answered consultations, meetings past the step reminded of, past
        years): the table stays the size of what is still open."""
        cr = self.env.cr
        self.env.flush_all()
        for prefix, table, over in (
            ("resolution", "joint_meeting_resolution", "t.state IN ('done', 'cannot')"),
            ("consultation", "joint_meeting_consultation", "t.state IN ('replied', 'cancelled')"),
            ("proposal", "joint_meeting", "t.state != 'collecting'"),
            ("minutes_late", "joint_meeting", "t.state != 'held'"),
            ("acknowledgement", "joint_meeting_assignment", "t.state != 'pending'"),
        ):
            cr.execute(
                SQL(
                    """
                    DELETE FROM joint_meeting_reminder k
                     USING %(table)s t
                     WHERE k.key LIKE %(pattern)s
                       AND split_part(k.key, ':', 2)::int = t.id
                       AND %(over)s
                    """,
                    table=SQL.identifier(table),
                    pattern=f"{prefix}%:%",
                    over=SQL(over),
                )
            )
        cr.execute(
            "DELETE FROM joint_meeting_reminder WHERE key LIKE 'calendar_missing:%%' "
            "AND split_part(key, ':', 3)::int < %s",
            [self.env["joint.meeting.calendar"]._today(self.env.company).year],
        )
        cr.execute(
            "DELETE FROM joint_meeting_reminder WHERE key LIKE 'annual_meeting:%%' "
            "AND split_part(key, ':', 3)::int < %s",
            # A day early in the west of China changes nothing to the year's keys.
            [self.env["joint.meeting.calendar"]._today(self.env.company).year],
        )
