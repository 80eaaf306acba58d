from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResourceCalendarLeaves(models.Model):
    """Public holidays are Odoo's global time off (no resource). A nationwide
    one (State Council's notice) belongs to no district and counts in every
    district; a district's own has its company (or its working calendar).
    The dates in the district's time zone make the list and the CSV import
    simple: whole days, no hours."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "joint.meeting.calendar.source"]

    joint_meeting_national = fields.Boolean(
        string="Nationwide",
        help="A public holiday of the State Council's notice, for every district.",
    )
    joint_meeting_date_from = fields.Date(
        string="First Day Off",
        compute="_compute_joint_meeting_dates",
        inverse="_inverse_joint_meeting_dates",
    )
    joint_meeting_date_to = fields.Date(
        string="Last Day Off",
        compute="_compute_joint_meeting_dates",
        inverse="_inverse_joint_meeting_dates",
    )

    @api.depends("joint_meeting_national", "calendar_id")
    def _compute_company_id(self):
        national = self.filtered("joint_meeting_national")
        national.company_id = False
        return super(ResourceCalendarLeaves, self - national)._compute_company_id()

    def _joint_meeting_calendar_scopes(self):
        """A day off counts for the districts when it is nobody's (no
        resource, as ``joint.meeting.calendar._compute_year`` reads them):
        nationwide, of a district's working calendar or of a district. An
        employee's time off (hr_holidays) counts nowhere."""
        scopes = set()
        for leave in self:
            if leave.resource_id or leave.time_type != "leave":
                continue
            if not (leave.date_from and leave.date_to):
                continue
            # Days off are stored in UTC: the local days may be a year further.
            years = range(
                (leave.date_from - timedelta(days=1)).year,
                (leave.date_to + timedelta(days=1)).year + 1,
            )
            if leave.joint_meeting_national:
                districts = [False]
            elif leave.calendar_id:
                districts = self._joint_meeting_districts_of(leave.calendar_id)
            elif leave.company_id:
                districts = [leave.company_id.id]
            else:
                districts = []
            scopes.update((district, year) for district in districts for year in years)
        return scopes

    @api.model
    def _joint_meeting_districts_of(self, calendars):
        """Ids of the districts whose working days follow ``calendars``."""
        return (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("joint_meeting_calendar_id", "in", calendars.ids),
                    "&",
                    ("joint_meeting_calendar_id", "=", False),
                    ("resource_calendar_id", "in", calendars.ids),
                ]
            )
            .ids
        )

    def _joint_meeting_company(self):
        return self.company_id or self.env.company

    @api.depends("date_from", "date_to", "company_id")
    def _compute_joint_meeting_dates(self):
        engine = self.env["joint.meeting.calendar"]
        for leave in self:
            company = leave._joint_meeting_company()
            leave.joint_meeting_date_from = engine._local_date(company, leave.date_from)
            leave.joint_meeting_date_to = engine._local_date(company, leave.date_to)

    def _inverse_joint_meeting_dates(self):
        engine = self.env["joint.meeting.calendar"]
        for leave in self:
            # The day not written is not in the cache while the other is inversed.
            company = leave._joint_meeting_company()
            leave.write(
                leave._joint_meeting_bounds(
                    leave.joint_meeting_date_from or engine._local_date(company, leave.date_from),
                    leave.joint_meeting_date_to or engine._local_date(company, leave.date_to),
                )
            )

    def _joint_meeting_bounds(self, day_from, day_to):
        day_from = fields.Date.to_date(day_from)
        day_to = fields.Date.to_date(day_to) or day_from
        if not day_from:
            return {}
        if day_to < day_from:
            raise ValidationError(
                self.env._("The last day off cannot be before the first day off.")
            )
        start, stop = self.env["joint.meeting.calendar"]._utc_bounds(
            self._joint_meeting_company(), day_from, day_to
        )
        return {"date_from": start, "date_to": stop}

    def _joint_meeting_nationwide(self):
        """Public holidays of no district (an employee's own time off aside)."""
        return self.filtered(lambda leave: not leave.company_id and not leave.resource_id)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("joint_meeting_date_from"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals.update(
                    self.with_company(company or self.env.company)
                    .browse()
                    ._joint_meeting_bounds(
                        vals.pop("joint_meeting_date_from"),
                        vals.pop("joint_meeting_date_to", False),
                    )
                )
        return super().create(vals_list)
