from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .joint_meeting_calendar import DAY_UNITS, DEFAULT_TZ

# Fields whose change changes the working days or the deadlines.
CALENDAR_FIELDS = {"joint_meeting_tz", "joint_meeting_calendar_id", "resource_calendar_id"}


class ResCompany(models.Model):
    _inherit = "res.company"

    # Each district (company) sets its own rules: the regulation says 15 days
    # (Art. 9), another district may say otherwise.
    joint_meeting_proposal_lead_days = fields.Integer(
        string="Proposal Lead Time (days)",
        default=15,
        help="Art. 9: mass organisations submit their proposals in writing at least "
        "this many days before the meeting.",
    )
    joint_meeting_proposal_lead_unit = fields.Selection(
        DAY_UNITS,
        string="Proposal Lead Time Unit",
        default="calendar",
        required=True,
        help="Art. 9 counts the 15 days in calendar days.",
    )
    joint_meeting_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        default=5,
        help="How many days before a deadline the reminders are sent.",
    )
    joint_meeting_reminder_unit = fields.Selection(
        DAY_UNITS, string="Reminder Lead Time Unit", default="calendar", required=True
    )
    joint_meeting_consultation_days = fields.Integer(
        string="Consultation Reply Time (days)",
        default=5,
        help="Default time the departments have to reply to a consultation (Art. 9).",
    )
    joint_meeting_consultation_unit = fields.Selection(
        DAY_UNITS, string="Consultation Reply Time Unit", default="working", required=True
    )
    joint_meeting_minutes_days = fields.Integer(
        string="Minutes Issue Time (days)",
        default=15,
        help="The minutes should be issued within this many days after the meeting (Art. 11).",
    )
    joint_meeting_minutes_unit = fields.Selection(
        DAY_UNITS, string="Minutes Issue Time Unit", default="calendar", required=True
    )
    joint_meeting_urge_days = fields.Integer(
        string="Urging Report Time (days)",
        default=3,
        help="Art. 11: units urged by the supervision office report in writing within this time.",
    )
    joint_meeting_urge_unit = fields.Selection(
        DAY_UNITS, string="Urging Report Time Unit", default="working", required=True
    )
    joint_meeting_acknowledgement_days = fields.Integer(
        string="Acknowledgement Time (days)",
        default=2,
        help="Units acknowledge (签收) or return an agreed matter within this time after it "
        "is assigned to them.",
    )
    joint_meeting_acknowledgement_unit = fields.Selection(
        DAY_UNITS, string="Acknowledgement Time Unit", default="working", required=True
    )
    joint_meeting_extension_levels = fields.Selection(
        [("1", "One Level: the Supervision Office"), ("2", "Two Levels: Supervision, Leadership")],
        string="Extension Approval Levels",
        default="2",
        required=True,
        help="Who decides a request to extend the deadline of an agreed matter: the "
        "supervision office alone, or the supervision office then the leadership.",
    )
    joint_meeting_holiday_policy = fields.Selection(
        [
            ("move", "Move to the Nearest Working Day"),
            ("keep", "Keep the Day"),
        ],
        string="Deadline on a Day Off",
        default="move",
        required=True,
        help="A deadline counted in calendar days that falls on a weekend or public holiday "
        "is kept, or moved to the next working day (to the working day before, for the "
        "proposal deadline counted back from the meeting).",
    )
    joint_meeting_workbench_home = fields.Boolean(
        string="Workbench as Home",
        default=True,
        help="Users given a joint-meeting role land on the workbench (工作台) unless they "
        "already have a home action.",
    )
    joint_meeting_tz = fields.Selection(
        _tz_get,
        string="District Time Zone",
        default=DEFAULT_TZ,
        required=True,
        help="Today, deadlines, the meeting year and overdue matters are counted in this "
        "time zone, whatever the time zone of the user.",
    )
    joint_meeting_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="The district's working week; public holidays are its time off without a "
        "resource. Empty: the company's working hours.",
    )
    joint_meeting_minutes_number_pattern = fields.Char(
        string="Minutes Number Pattern",
        default="〔{year}〕{number}号",
        help="Document number of issued minutes; {year} is the year of issue and "
        "{number} the number within that year.",
    )
    joint_meeting_issuing_authority = fields.Char(
        string="Issuing Authority",
        help="Name printed in the heading of the minutes, e.g. the district government.",
    )
    joint_meeting_bulletin_period = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")],
        string="Supervision Bulletin Period",
        default="quarterly",
        required=True,
        help="How often the supervision bulletin (督查通报) is drafted: at the end of each "
        "month or quarter.",
    )
    joint_meeting_bulletin_number_pattern = fields.Char(
        string="Bulletin Number Pattern",
        default="督查通报〔{year}〕{number}号",
        help="Document number of issued supervision bulletins; {year} is the year of issue "
        "and {number} the number within that year.",
    )
    joint_meeting_annual_deadline_month = fields.Integer(
        string="Annual Meeting Deadline Month",
        default=9,
        help="Art. 8: if no regular meeting of the year is scheduled by this month and "
        "day, the government office is reminded.",
    )
    joint_meeting_annual_deadline_day = fields.Integer(
        string="Annual Meeting Deadline Day", default=30
    )

    def write(self, vals):
        res = super().write(vals)
        if CALENDAR_FIELDS & set(vals):
            self.env["joint.meeting.calendar"]._calendar_changed(
                {(company.id, None) for company in self}
            )
        return res

    @api.constrains(
        "joint_meeting_urge_days",
        "joint_meeting_proposal_lead_days",
        "joint_meeting_reminder_days",
        "joint_meeting_consultation_days",
        "joint_meeting_minutes_days",
        "joint_meeting_acknowledgement_days",
    )
    def _check_joint_meeting_days(self):
        for company in self:
            if company.joint_meeting_proposal_lead_days < 1:
                raise ValidationError(
                    self.env._("The proposal lead time (Art. 9) must be at least one day.")
                )
            if (
                company.joint_meeting_reminder_days < 0
                or company.joint_meeting_consultation_days < 1
                or company.joint_meeting_minutes_days < 1
                or company.joint_meeting_urge_days < 1
                or company.joint_meeting_acknowledgement_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Reminder, consultation, minutes, urging report and acknowledgement "
                        "times must be positive numbers of days."
                    )
                )

    @api.constrains("joint_meeting_minutes_number_pattern")
    def _check_joint_meeting_minutes_number_pattern(self):
        for company in self:
            pattern = company.joint_meeting_minutes_number_pattern or ""
            if "{number}" not in pattern:
                raise ValidationError(
                    self.env._(
                        "The minutes number pattern must contain {number}, for example "
                        "%(example)s.",
                        example="〔{year}〕{number}号",
                    )
                )
            try:
                pattern.format(year=2026, number=1)
            except (KeyError, IndexError, ValueError) as error:
                raise ValidationError(
                    self.env._(
                        "The minutes number pattern may only use {year} and {number}: %(error)s",
                        error=error,
                    )
                ) from error

    @api.constrains("joint_meeting_bulletin_number_pattern")
    def _check_joint_meeting_bulletin_number_pattern(self):
        for company in self:
            pattern = company.joint_meeting_bulletin_number_pattern or ""
            try:
                pattern.format(year=2026, number=1)
            except (KeyError, IndexError, ValueError) as error:
                raise ValidationError(
                    self.env._(
                        "The bulletin number pattern may only use {year} and {number}: %(error)s",
                        error=error,
                    )
                ) from error
            if "{number}" not in pattern:
                raise ValidationError(
                    self.env._(
                        "The bulletin number pattern must contain {number}, for example "
                        "%(example)s.",
                        example="督查通报〔{year}〕{number}号",
                    )
                )

    @api.constrains("joint_meeting_annual_deadline_month", "joint_meeting_annual_deadline_day")
    def _check_joint_meeting_annual_deadline(self):
        for company in self:
            month = company.joint_meeting_annual_deadline_month
            day = company.joint_meeting_annual_deadline_day
            try:
                fields.Date.to_date(f"2025-{month:02d}-{day:02d}")
            except ValueError as error:
                raise ValidationError(
                    self.env._("The annual meeting deadline must be a valid month and day.")
                ) from error

    def _joint_meeting_format_number(self, year, number):
        """Document number of minutes from the company's pattern."""
        self.ensure_one()
        pattern = self.joint_meeting_minutes_number_pattern or "{year}-{number}"
        return pattern.format(year=year, number=number)

    def _joint_meeting_authority(self):
        self.ensure_one()
        return self.joint_meeting_issuing_authority or self.name

    def _joint_meeting_lang(self):
        """The language the district writes in: its own (its partner's).
        What a scheduled action, which runs without a language, writes into
        the district's records (a notice's reason, a chatter message) is in
        this language."""
        self.ensure_one()
        lang = self.sudo().partner_id.lang
        if lang and self.env["res.lang"]._get_data(code=lang):
            return lang
        return self.env.lang or "en_US"

    # Numbering -----------------------------------------------------------------

    def _joint_meeting_sequence_specs(self):
        """{code: (name, values)} of the district's document sequences. Each
        restarts every year (a date range per year). Minutes and bulletins
        are numbered without gaps (an official document number is never
        skipped), and so is the chain of the kept copies' seals; a number of
        a meeting, a notice or an urging may be lost with a draft or a
        rolled-back request. The OFD copies of notices and bulletins are
        sealed in chains of their own."""
        self.ensure_one()
        company = self.name
        return {
            "joint.meeting": (self.env._("Joint meetings: %(company)s", company=company), {}),
            "joint.meeting.minutes": (
                self.env._("Joint meeting minutes: %(company)s", company=company),
                {"implementation": "no_gap"},
            ),
            "joint.meeting.minutes.seal": (
                self.env._("Seals of the kept copies of minutes: %(company)s", company=company),
                {"implementation": "no_gap", "use_date_range": False},
            ),
            "joint.meeting.notice.seal": (
                self.env._("Seals of the OFD copies of notices: %(company)s", company=company),
                {"implementation": "no_gap", "use_date_range": False},
            ),
            "joint.meeting.bulletin.seal": (
                self.env._("Seals of the OFD copies of bulletins: %(company)s", company=company),
                {"implementation": "no_gap", "use_date_range": False},
            ),
            "joint.meeting.notice": (
                self.env._("Supervision notices of %(company)s", company=company),
                {"prefix": "督办单〔%(range_year)s〕", "suffix": "号"},
            ),
            "joint.meeting.urge": (
                self.env._("Urging notices of %(company)s", company=company),
                {"prefix": "督办〔%(range_year)s〕", "suffix": "号"},
            ),
            "joint.meeting.bulletin": (
                self.env._("Supervision bulletins of %(company)s", company=company),
                {"implementation": "no_gap"},
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._joint_meeting_create_sequences()
        return companies

    def _joint_meeting_create_sequences(self):
        """Create the document sequences each district lacks: with the
        district, at the module's installation for the districts that exist
        and by the upgrade to 18.0.1.2.0 (see migrations/)."""
        Sequence = self.env["ir.sequence"].sudo()
        existing = {
            (sequence.company_id.id, sequence.code)
            for sequence in Sequence.search(
                [("code", "=like", "joint.meeting%"), ("company_id", "in", self.ids)]
            )
        }
        vals_list = []
        for company in self:
            for code, (name, vals) in company._joint_meeting_sequence_specs().items():
                if (company.id, code) not in existing:
                    vals_list.append(
                        {
                            "name": name,
                            "code": code,
                            "company_id": company.id,
                            "use_date_range": True,
                            "padding": 0,
                            **vals,
                        }
                    )
        return Sequence.create(vals_list)

    def _joint_meeting_sequence(self, code):
        """The district's sequence for ``code``, locked for this transaction.

        The one numbering mechanism of the module's documents (meetings,
        minutes and their seals, notices, urgings, bulletins): the row of the
        district's sequence is updated first, so two requests numbering the
        same kind of document in the same district never run side by side.
        The second waits for the first to commit, then fails to serialize and
        is retried by the server with a fresh snapshot (Odoo's retry of
        concurrency failures); it never reads a number, or a year's range,
        that the first one took. Nothing is committed here."""
        self.ensure_one()
        domain = [("code", "=", code), ("company_id", "=", self.id)]
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(domain, limit=1)
        if not sequence:
            # Deleted by an administrator: created again, under the same rule.
            sequence = self._joint_meeting_create_sequences().filtered(lambda s: s.code == code)
        # The loser's serialization failure is expected and retried: not an
        # error for the server's log.
        self.env.cr.execute(
            SQL("UPDATE ir_sequence SET write_date = write_date WHERE id = %s", sequence.id),
            log_exceptions=False,
        )
        return sequence

    def _joint_meeting_next_number(self, code, sequence_date=None):
        """The next number of the district's ``code`` documents, in the
        year of ``sequence_date`` (today by default); see
        ``_joint_meeting_sequence``."""
        return self._joint_meeting_sequence(code).next_by_id(sequence_date=sequence_date)

    @api.model
    def _joint_meeting_install_sequences(self):
        """Data file (installation and every update): the sequences of the
        districts that existed before the module, or lost one."""
        self.sudo().with_context(active_test=False).search(
            [("active", "in", (True, False))]
        )._joint_meeting_create_sequences()
