from odoo import api, fields, models
from odoo.exceptions import ValidationError


class JointMeetingWorkday(models.Model):
    """A make-up working day (调休上班): a Saturday or Sunday that the State
    Council's notice (or the district) makes a working day. Odoo's working
    calendars have no such thing; the date engine adds these days to the
    working week."""

    _name = "joint.meeting.workday"
    _inherit = ["joint.meeting.calendar.source"]
    _description = "Make-up Working Day"
    _order = "date desc, id desc"

    name = fields.Char(string="Reason", required=True, help="e.g. Spring Festival make-up day")
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        string="District",
        index=True,
        help="Empty: nationwide (State Council's notice); else only in this district.",
    )
    notice = fields.Char(help="The notice that sets this day, e.g. its document number.")

    _date_company_uniq = models.Constraint(
        "unique(date, company_id)",
        "This make-up working day is already recorded.",
    )

    def _joint_meeting_calendar_scopes(self):
        return {(workday.company_id.id or False, workday.date.year) for workday in self}

    @api.constrains("date")
    def _check_weekend(self):
        for workday in self:
            if workday.date.weekday() < 5:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a weekday: a make-up working day (调休) is a Saturday or "
                        "a Sunday that becomes a working day.",
                        date=self.env["joint.meeting.calendar"]._format_date(workday.date),
                    )
                )
