from odoo import api, models


class JointMeetingReminderMixin(models.AbstractModel):
    """A model that reminds: it declares its reminder jobs
    (``_reminder_jobs()``, a list of ``ReminderJob``: what is due, for whom,
    with what text, escalated to whom) and its scheduled action calls
    ``_cron_reminders()``. Batching, de-duplication, progress and escalation
    are the engine's (``joint.meeting.reminder._run``): a new kind of
    reminder is one more job where its rule lives, not a branch elsewhere."""

    _name = "joint.meeting.reminder.mixin"
    _description = "Joint Meeting Reminders of a Model"

    @api.model
    def _reminder_jobs(self):
        return []

    @api.model
    def _cron_reminders(self, kinds=None, batch_size=None):
        """Send one batch of this model's reminders (of ``kinds`` only, if
        given); returns (done, remaining)."""
        jobs = [job for job in self._reminder_jobs() if not kinds or job.kind in kinds]
        return self.env["joint.meeting.reminder"].sudo()._run(jobs, batch_size)
