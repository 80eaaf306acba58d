from odoo import api, fields, models
from odoo.exceptions import ValidationError


class JointMeetingAttendance(models.Model):
    """Who attended the meeting (Art. 10): present, absent with a reason, or a
    substitute; the list feeds the minutes."""

    _name = "joint.meeting.attendance"
    _inherit = ["joint.meeting.workflow.mixin"]
    _write_allow = {
        "*": {
            "off": "sequence organization_id attendee_name position_title status "
            "absence_reason substitute_name",
        },
    }
    _create_allow = {"off": "meeting_id"}
    _description = "Joint Meeting Attendance"
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "joint.meeting", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, string="District"
    )
    sequence = fields.Integer(default=10)
    organization_id = fields.Many2one(
        "joint.meeting.organization", required=True, check_company=True
    )
    attendee_name = fields.Char(string="Attendee", required=True)
    position_title = fields.Char(string="Position")
    status = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("substitute", "Substitute")],
        default="present",
        required=True,
    )
    absence_reason = fields.Char()
    substitute_name = fields.Char(string="Substitute")

    def _workflow_locked(self):
        """Printed in the minutes: locked once the minutes are issued."""
        return self.filtered(lambda line: "issued" in line.meeting_id.minutes_ids.mapped("state"))

    def _workflow_locked_message(self):
        return self.env._(
            "The attendance is printed in the issued minutes of %(meeting)s and is locked.",
            meeting=self.meeting_id.display_name,
        )

    @api.constrains("status", "absence_reason", "substitute_name")
    def _check_status_details(self):
        for line in self:
            if line.status == "absent" and not line.absence_reason:
                raise ValidationError(self.env._("Give the reason of the absence."))
            if line.status == "substitute" and not line.substitute_name:
                raise ValidationError(self.env._("Name the substitute."))
