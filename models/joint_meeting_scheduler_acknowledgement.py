from odoo import api, models

from .joint_meeting_scheduler import Job


class JointMeetingScheduler(models.AbstractModel):
    _inherit = "joint.meeting.scheduler"

    # ------------------------------------------------------------------
    # Acknowledgement of agreed matters (签收)
    # ------------------------------------------------------------------
    @api.model
    def _cron_acknowledgements(self, batch_size=None):
        """Remind each unit once of the agreed matter it has to acknowledge;
        once its acknowledgement period is over, escalate it once to the
        supervision office."""
        assignments = self.env["joint.meeting.assignment"].search(
            [
                ("state", "=", "pending"),
                ("resolution_id.state", "in", ("open", "in_progress")),
                ("resolution_id.active", "=", True),
            ],
            order="id",
        )
        todays = {company: self._today(company) for company in assignments.company_id}
        supervision = self.env["joint.meeting.organization"]._liaisons_by_company(
            assignments.company_id, "supervision"
        )
        activity_type = self.env.ref("joint_meeting.mail_activity_type_acknowledge")
        jobs = []
        for assignment in assignments:
            resolution = assignment.resolution_id
            today = todays[assignment.company_id]
            due = assignment.due_date
            if due >= today:
                jobs.append(
                    Job(
                        f"acknowledgement_due:{assignment.id}:{due}",
                        resolution,
                        assignment.organization_id._liaison,
                        activity_type,
                        lambda env, assignment=assignment, due=due: env._(
                            "Acknowledge or return %(matter)s by %(date)s",
                            matter=assignment.resolution_id.name,
                            date=due,
                        ),
                        due,
                    )
                )
            else:
                jobs.append(
                    Job(
                        f"acknowledgement_overdue:{assignment.id}:{due}",
                        resolution,
                        supervision[assignment.company_id],
                        activity_type,
                        lambda env, assignment=assignment, due=due: env._(
                            "%(unit)s has not acknowledged %(matter)s (due %(date)s)",
                            unit=assignment.organization_id.display_name,
                            matter=assignment.resolution_id.name,
                            date=due,
                        ),
                        today,
                    )
                )
        return self._run_jobs(jobs, batch_size)

    # ------------------------------------------------------------------
    # Supervision notices by colour (三色督办单)
    # ------------------------------------------------------------------
    @api.model
    def _cron_supervision_notices(self, batch_size=None):
        """Prepare the blue, yellow and red notices of the traffic lights for
        the supervision office to issue."""
        notices = self.env["joint.meeting.notice"]._prepare_notices()
        self.env["ir.cron"]._notify_progress(done=len(notices), remaining=0)
        return len(notices), 0
