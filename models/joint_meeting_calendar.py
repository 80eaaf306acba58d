import logging
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools

from .. import texts
from .joint_meeting_reminder import Due, ReminderJob

_logger = logging.getLogger(__name__)

DEFAULT_TZ = "Asia/Shanghai"
MON_FRI = frozenset(range(5))

# The time limits of the module: kind -> (company field of the number of days,
# company field of the unit, direction). A new time limit (acknowledgement,
# extension review, ...) is one more line here plus its two company fields.
DEADLINE_KINDS = {
    # Art. 9: proposals at least N days before the meeting (counted back).
    "proposal": ("joint_meeting_proposal_lead_days", "joint_meeting_proposal_lead_unit", -1),
    # Art. 9: departments' formal replies to a consultation.
    "consultation": ("joint_meeting_consultation_days", "joint_meeting_consultation_unit", 1),
    # Reminders this long before a deadline; the yellow light of agreed matters.
    "reminder": ("joint_meeting_reminder_days", "joint_meeting_reminder_unit", 1),
    # Art. 11: minutes issued this long after the meeting.
    "minutes": ("joint_meeting_minutes_days", "joint_meeting_minutes_unit", 1),
    # Art. 11: units report in writing this long after an urging notice.
    "urge": ("joint_meeting_urge_days", "joint_meeting_urge_unit", 1),
    # 签收: units acknowledge (or return) an agreed matter this long after it is assigned.
    "acknowledgement": (
        "joint_meeting_acknowledgement_days",
        "joint_meeting_acknowledgement_unit",
        1,
    ),
}

DAY_UNITS = [("calendar", "Calendar Days"), ("working", "Working Days")]


class JointMeetingCalendar(models.AbstractModel):
    """The one date engine of the joint meetings.

    Every "today", deadline and day count of the module comes from here, in
    the district's (company's) time zone, on the district's working calendar:
    the working week of its ``resource.calendar``, the public holidays
    (``resource.calendar.leaves`` without a resource: nationwide ones and the
    district's own) and the make-up working days (调休, ``joint.meeting.workday``).

    The working days of a district and year are computed once (three queries)
    into a sorted tuple of ordinals kept in the ORM cache, cleared whenever the
    calendar data changes; counting is then a bisection, never a loop over days.
    """

    _name = "joint.meeting.calendar"
    _inherit = ["joint.meeting.reminder.mixin"]
    _description = "Joint Meeting Working Calendar"

    # ------------------------------------------------------------------
    # Time zone
    # ------------------------------------------------------------------
    @api.model
    def _districts(self):
        """Every district (company): "today" and the reminder window are each
        district's own. A handful of records."""
        return self.env["res.company"].sudo().search([("joint_meeting_tz", "!=", False)])

    @api.model
    def _tz(self, company):
        return pytz.timezone((company and company.sudo().joint_meeting_tz) or DEFAULT_TZ)

    @api.model
    def _now(self, company):
        """The current moment in the district's time zone (aware datetime)."""
        return pytz.utc.localize(fields.Datetime.now()).astimezone(self._tz(company))

    @api.model
    def _today(self, company=None):
        """Today in the district's time zone, whoever the user is."""
        return self._now(company if company is not None else self.env.company).date()

    @api.model
    def _local_datetime(self, company, value):
        """A stored (UTC, naive) datetime in the district's time zone."""
        if not value:
            return False
        return pytz.utc.localize(fields.Datetime.to_datetime(value)).astimezone(self._tz(company))

    @api.model
    def _local_date(self, company, value):
        local = self._local_datetime(company, value)
        return local and local.date()

    @api.model
    def _utc_bounds(self, company, day_from, day_to):
        """UTC naive datetimes of the start of ``day_from`` and the end of
        ``day_to`` in the district's time zone."""
        tz = self._tz(company)
        start = tz.localize(datetime.combine(day_from, time.min))
        stop = tz.localize(datetime.combine(day_to, time(23, 59, 59)))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _plus_hours(self, value, hours):
        """A datetime ``hours`` later (the length of a calendar event)."""
        return value + timedelta(hours=hours)

    # ------------------------------------------------------------------
    # The working days of a district and year (cached)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache("company_id")
    def _years(self, company_id):
        """{year: (working days, loaded?)} of a district, filled year by year
        as they are asked for; the ORM cache drops it on any calendar change."""
        return {}

    @api.model
    def _year_data(self, company_id, year):
        """(sorted tuple of the ordinals of the working days of ``year``,
        schedule loaded?) for the district ``company_id``."""
        # A record without a district yet (a new form) counts on the user's.
        company_id = company_id or self.env.company.id
        years = self._years(company_id)
        data = years.get(year)
        if data is None:
            data = years[year] = self._compute_year(company_id, year)
        return data

    @api.model
    def _compute_year(self, company_id, year):
        company = self.env["res.company"].sudo().browse(company_id)
        calendar = company.joint_meeting_calendar_id or company.resource_calendar_id
        weekdays = (
            frozenset(
                int(a.dayofweek)
                for a in calendar.sudo().attendance_ids
                if not a.display_type and a.day_period != "lunch"
            )
            if calendar
            else MON_FRI
        ) or MON_FRI
        tz = self._tz(company)
        first, last = date(year, 1, 1), date(year, 12, 31)
        start, stop = self._utc_bounds(company, first - timedelta(days=1), last + timedelta(days=1))
        cr = self.env.cr
        for model in ("resource.calendar.leaves", "joint.meeting.workday"):
            self.env[model].flush_model()
        cr.execute(
            """
            SELECT date_from, date_to, joint_meeting_national
              FROM resource_calendar_leaves
             WHERE resource_id IS NULL
               AND time_type = 'leave'
               AND date_to >= %(start)s AND date_from <= %(stop)s
               AND (joint_meeting_national
                    OR calendar_id = %(calendar)s
                    OR (calendar_id IS NULL AND company_id = %(company)s))
            """,
            {"start": start, "stop": stop, "calendar": calendar.id or 0, "company": company_id},
        )
        holidays = set()
        loaded = False
        for date_from, date_to, national in cr.fetchall():
            local_from = pytz.utc.localize(date_from).astimezone(tz)
            local_to = pytz.utc.localize(date_to).astimezone(tz)
            day = max(local_from.date(), first)
            while day <= min(local_to.date(), last):
                # A day is off when the leave covers its noon: whole days
                # entered in any time zone of China count, a few hours do not.
                noon = tz.localize(datetime.combine(day, time(12)))
                if local_from <= noon <= local_to:
                    holidays.add(day.toordinal())
                    loaded = loaded or national
                day += timedelta(days=1)
        cr.execute(
            """
            SELECT date FROM joint_meeting_workday
             WHERE date BETWEEN %(first)s AND %(last)s
               AND (company_id IS NULL OR company_id = %(company)s)
            """,
            {"first": first, "last": last, "company": company_id},
        )
        makeup = {row[0].toordinal() for row in cr.fetchall()}
        working = [
            ordinal
            for ordinal in range(first.toordinal(), last.toordinal() + 1)
            if (ordinal in makeup)
            or (date.fromordinal(ordinal).weekday() in weekdays and ordinal not in holidays)
        ]
        if not loaded:
            # Past years of the history are expected to lack it (info); the
            # years of live deadlines are the administrator's to load (warning).
            live = year >= self._today(company).year - 1
            _logger.log(
                logging.WARNING if live else logging.INFO,
                "Joint meetings: the public holiday schedule of %s is not loaded for %s; "
                "working days are counted Monday to Friday.",
                year,
                company.name,
            )
        return tuple(working), loaded

    @api.model
    def _calendar_changed(self, scopes=None):
        """The calendar data of ``scopes`` changed ({(district id or False
        for every district, year or None for every year)}; None: of every
        district and year): forget the computed working days and count again
        the stored deadlines of the meetings still open there. Nothing
        happens for an empty ``scopes`` (a row that counts for no district).

        The working days are in Odoo's ORM cache, whose invalidation is the
        only one the other workers of the server hear of; it is signalled
        only when a district's working days did change."""
        if scopes is not None and not scopes:
            return
        self.env.registry.clear_cache()
        domain = [("state", "in", ("draft", "collecting", "approved")), ("date", "!=", False)]
        if scopes is not None:
            companies = {company_id for company_id, _year in scopes}
            if False not in companies:
                domain.append(("company_id", "in", sorted(companies)))
            years = {year for _company_id, year in scopes}
            if None not in years:
                # A meeting's proposal deadline is counted back from its date:
                # a day off of a year counts for the meetings of the next one.
                domain += [
                    ("date", ">=", datetime(min(years), 1, 1)),
                    ("date", "<", datetime(max(years) + 2, 1, 1)),
                ]
        meetings = self.env["joint.meeting"].sudo().search(domain)
        if meetings:
            self.env.add_to_compute(meetings._fields["proposal_deadline"], meetings)

    def _workdays(self, company, year):
        return self._year_data(company.id, year)[0]

    @api.model
    def _is_loaded(self, company, year):
        return self._year_data(company.id, year)[1]

    @api.model
    def _missing_years(self, company, years):
        return [year for year in years if not self._is_loaded(company, year)]

    @api.model
    def _is_working_day(self, company, day):
        days = self._workdays(company, day.year)
        index = bisect_left(days, day.toordinal())
        return index < len(days) and days[index] == day.toordinal()

    # ------------------------------------------------------------------
    # Counting
    # ------------------------------------------------------------------
    @api.model
    def _add_working_days(self, company, start, count):
        """The ``count``-th working day after ``start`` (before it when
        ``count`` is negative); ``start`` itself is never counted."""
        if count == 0:
            return start
        year = start.year
        days = self._workdays(company, year)
        if count > 0:
            index = bisect_right(days, start.toordinal()) + count - 1
            while index >= len(days):
                index -= len(days)
                year += 1
                days = self._workdays(company, year)
            return date.fromordinal(days[index])
        index = bisect_left(days, start.toordinal()) + count
        while index < 0:
            year -= 1
            days = self._workdays(company, year)
            index += len(days)
        return date.fromordinal(days[index])

    @api.model
    def _next_working_day(self, company, day, direction=1):
        """``day`` if it is a working day, else the next one (the previous
        one when ``direction`` is -1)."""
        if self._is_working_day(company, day):
            return day
        return self._add_working_days(company, day, direction)

    @api.model
    def _count_working_days(self, company, start, end):
        """Working days after ``start`` up to ``end`` included (negative when
        ``end`` is before ``start``)."""
        if end < start:
            return -self._count_working_days(company, end, start)
        total = 0
        years = self._years(company.id or self.env.company.id)
        for year in range(start.year, end.year + 1):
            data = years.get(year) or self._year_data(company.id, year)
            days = data[0]
            low = bisect_right(days, start.toordinal()) if year == start.year else 0
            high = bisect_right(days, end.toordinal()) if year == end.year else len(days)
            total += high - low
        return total

    @api.model
    def _count_days(self, company, start, end, unit):
        """Days from ``start`` to ``end`` in ``unit`` (calendar or working)."""
        if unit == "working":
            return self._count_working_days(company, start, end)
        return (end - start).days

    @api.model
    def _add_days(self, company, start, count, unit):
        if unit == "working":
            return self._add_working_days(company, start, count)
        return start + timedelta(days=count)

    # ------------------------------------------------------------------
    # Time limits
    # ------------------------------------------------------------------
    @api.model
    def _rule(self, company, kind):
        """(days, unit, direction) of a time limit of the district."""
        days_field, unit_field, direction = DEADLINE_KINDS[kind]
        company = company.sudo()
        return company[days_field], company[unit_field] or "calendar", direction

    @api.model
    def _deadline(self, company, kind, start):
        """The deadline of ``kind`` counted from ``start`` (forwards, or
        backwards for the proposal deadline before a meeting). A deadline in
        calendar days that falls on a day off is kept, or moved to the next
        working day (the previous one for a deadline before a meeting), as
        the district chose."""
        days, unit, direction = self._rule(company, kind)
        deadline = self._add_days(company, start, direction * days, unit)
        if unit == "calendar" and company.sudo().joint_meeting_holiday_policy == "move":
            deadline = self._next_working_day(company, deadline, direction)
        return deadline

    @api.model
    def _window_end(self, company, today):
        """Last day of the reminder window that starts ``today``."""
        days, unit, _direction = self._rule(company, "reminder")
        return self._add_days(company, today, days, unit)

    @api.model
    def _format_date(self, day, today=None):
        """A date in an on-screen text, in the user's language: 3月31日 in
        ``today``'s year, else 2026年3月31日 (en: 3/31, 3/31/2026)."""
        return texts.short_date(day, self.env.lang or "en_US", today)

    @api.model
    def _format_datetime(self, company, value):
        """A stored moment in an on-screen text, in the district's time zone
        whoever reads it: 2026年3月31日9时30分 (en: 3/31/2026 09:30)."""
        local = self._local_datetime(company, value)
        if not local:
            return ""
        if (self.env.lang or "en_US").startswith("zh"):
            return texts.chinese_datetime(local)
        return f"{texts.short_date(local.date(), self.env.lang or 'en_US')} {local:%H:%M}"

    @api.model
    def _official_date(self, day):
        """A date as the district's documents write it: 2026年3月31日."""
        return texts.chinese_date(day)

    @api.model
    def _official_datetime(self, company, value, weekday=False):
        """A stored moment as the district's documents write it, in the
        district's time zone whoever prints: 2026年3月31日9时30分."""
        return texts.chinese_datetime(self._local_datetime(company, value), weekday=weekday)

    @api.model
    def _describe(self, company, kind, start, deadline):
        """How a deadline was counted, e.g. "5 working days, until 10/9"
        (zh_CN: 5 个工作日，至 10月9日)."""
        if not (start and deadline):
            return ""
        days, unit, direction = self._rule(company, kind)
        today = self._today(company)
        count = self._count_days(company, start, deadline, unit) * direction
        when = self._format_date(deadline, today)
        moved = False
        if unit == "calendar" and count != days:
            plain = self._add_days(company, start, direction * days, unit)
            if deadline == self._next_working_day(company, plain, direction):
                # The setting's days, and the day off it fell on.
                count, moved = days, plain
        if direction < 0:
            if unit == "working":
                text = self.env._(
                    "%(days)s working days before the meeting, until %(date)s",
                    days=count,
                    date=when,
                )
            else:
                text = self.env._(
                    "%(days)s calendar days before the meeting, until %(date)s",
                    days=count,
                    date=when,
                )
        elif unit == "working":
            text = self.env._("%(days)s working days, until %(date)s", days=count, date=when)
        else:
            text = self.env._("%(days)s calendar days, until %(date)s", days=count, date=when)
        if moved:
            text += self.env._(
                " (%(date)s is a day off: moved to the nearest working day)",
                date=self._format_date(moved, today),
            )
        return text + self._missing_note(company, start, deadline)

    @api.model
    def _describe_remaining(self, company, deadline, today=None):
        """Time left to a deadline in the unit of the reminder window."""
        if not deadline:
            return ""
        today = today or self._today(company)
        _days, unit, _direction = self._rule(company, "reminder")
        count = self._count_days(company, today, deadline, unit)
        when = self._format_date(deadline, today)
        if count < 0:
            if unit == "working":
                text = self.env._(
                    "%(days)s working days overdue (due %(date)s)", days=-count, date=when
                )
            else:
                text = self.env._(
                    "%(days)s calendar days overdue (due %(date)s)", days=-count, date=when
                )
        elif unit == "working":
            text = self.env._("%(days)s working days left, until %(date)s", days=count, date=when)
        else:
            text = self.env._("%(days)s calendar days left, until %(date)s", days=count, date=when)
        return text + self._missing_note(company, today, deadline)

    @api.model
    def _days_left(self, company, deadline, today=None):
        """Days from today to ``deadline`` in the unit of the reminder window
        (working or calendar days), negative once it is past."""
        if not deadline:
            return 0
        _days, unit, _direction = self._rule(company, "reminder")
        return self._count_days(company, today or self._today(company), deadline, unit)

    # The lists whose "days left" column counts to a date: model -> (date
    # field, domain of the records still counting).
    DAYS_LEFT_LISTS = {
        "joint.meeting.resolution": ("deadline", [("state", "in", ("open", "in_progress"))]),
        "joint.meeting.consultation": ("due_date", [("state", "=", "waiting")]),
    }

    @api.model
    def joint_meeting_days_left_notice(self, model):
        """The one notice a list of ``model`` shows above its rows when its
        days left are counted without a year's holiday schedule, or False
        (each row shows only its number of days)."""
        if model not in self.DAYS_LEFT_LISTS:
            return False
        field, domain = self.DAYS_LEFT_LISTS[model]
        company = self.env.company
        today = self._today(company)
        [(earliest, latest)] = self.env[model]._read_group(
            [*domain, ("company_id", "=", company.id), (field, "!=", False)],
            aggregates=[f"{field}:min", f"{field}:max"],
        )
        first = min(day for day in (today, earliest) if day)
        last = max(day for day in (today, latest) if day)
        missing = self._missing_years(company, range(first.year, last.year + 1))
        if not missing:
            return False
        return self.env._(
            "The holiday schedule of %(years)s is not loaded: the days left are counted "
            "Monday to Friday in that year.",
            years="、".join(str(year) for year in missing),
        )

    @api.model
    def _missing_note(self, company, start, end):
        first, last = sorted((start, end))
        missing = self._missing_years(company, range(first.year, last.year + 1))
        if not missing:
            return ""
        return self.env._(
            " (holiday schedule of %(years)s not loaded: counted Monday to Friday)",
            years="、".join(str(year) for year in missing),
        )

    # ------------------------------------------------------------------
    # Missing schedules
    # ------------------------------------------------------------------
    @api.model
    def _years_to_check(self, company):
        """This year, and next year from December on (the State Council
        publishes its notice in November or December)."""
        today = self._today(company)
        return [today.year, today.year + 1] if today.month == 12 else [today.year]

    @api.model
    def _missing_warning(self, company):
        """The administrator's warning when a year's schedule is missing."""
        if not company:
            return False
        missing = self._missing_years(company, self._years_to_check(company))
        if not missing:
            return False
        return self.env._(
            "The public holiday schedule of %(years)s is not loaded: deadlines in working days "
            "are counted Monday to Friday until the State Council's notice is entered under "
            "Configuration → Public Holidays and Make-up Working Days.",
            years="、".join(str(year) for year in missing),
        )

    @api.model
    def _reminder_jobs(self):
        """A district whose public holiday schedule is missing for this year
        (or, from December, for next year) counts working days Monday to
        Friday: tell its administrator, once a year, never guess silently."""
        return [
            ReminderJob(
                "calendar_missing",
                "joint_meeting.mail_activity_type_calendar_missing",
                self._missing_schedules,
                lambda env, due: env._(
                    "Load the public holidays and make-up working days of %(year)s "
                    "(State Council's notice): working days are counted Monday to "
                    "Friday until then",
                    year=due.period.year,
                ),
                yearly=True,
                res_model="joint.meeting.organization",
            )
        ]

    @api.model
    def _missing_schedules(self, windows):
        admin_group = self.env.ref("joint_meeting.group_joint_meeting_admin")
        offices = self.env["joint.meeting.organization"].sudo()
        offices = offices._by_company(self._districts(), "office")
        dues = []
        for company, organizations in offices.items():
            office = organizations[:1]
            for year in self._missing_years(company, self._years_to_check(company)):
                _logger.warning(
                    "Joint meetings: %s has no public holiday schedule for %s.", company.name, year
                )

                def administrator(company=company, office=office):
                    # The district's own administrator first, else any that
                    # may act in the district, else the office's liaison.
                    admins = admin_group.all_user_ids.filtered(
                        lambda u, c=company: (
                            c in u.company_ids and not u.share and not u._is_superuser()
                        )
                    ).sorted(lambda u, c=company: (u.company_id != c, u.id))
                    return admins[:1] or office._liaison()

                dues.append(
                    Due(office, date(year, 1, 1), windows[company.id][0], user=administrator)
                )
        return dues
