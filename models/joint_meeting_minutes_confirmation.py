from odoo import fields, models


class JointMeetingMinutesConfirmation(models.Model):
    """A drafting organisation's confirmation of the minutes' text (Art. 11)."""

    _name = "joint.meeting.minutes.confirmation"
    _description = "Joint Meeting Minutes Confirmation"
    _order = "date"

    minutes_id = fields.Many2one(
        "joint.meeting.minutes", required=True, ondelete="cascade", index=True
    )
    organization_id = fields.Many2one("joint.meeting.organization", required=True)
    user_id = fields.Many2one("res.users", string="Confirmed By", required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [
        (
            "minutes_organization_uniq",
            "unique(minutes_id, organization_id)",
            "This organisation has already confirmed these minutes.",
        ),
    ]
