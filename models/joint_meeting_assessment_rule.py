from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What a unit scores on, and the district's points unless it sets its own:
# awards for acknowledging, reporting and completing on time and for good
# ratings; deductions for lateness, urging, notices, returns and extensions.
ASSESSMENT_EVENTS = [
    ("ack_on_time", "Acknowledged on time"),
    ("ack_late", "Acknowledged late"),
    ("report_on_time", "Report accepted, submitted by the deadline"),
    ("done_on_time", "Completed by the deadline"),
    ("rating_good", "Report rated good"),
    ("rating_fairly_good", "Report rated fairly good"),
    ("rating_average", "Report rated average"),
    ("rating_poor", "Report rated poor"),
    ("overdue", "Overdue"),
    ("urge", "Urging notice"),
    ("notice_yellow", "Yellow supervision notice"),
    ("notice_red", "Red supervision notice"),
    ("report_returned", "Report returned"),
    ("extension", "Deadline extended"),
]
DEFAULT_POINTS = {
    "ack_on_time": 1.0,
    "ack_late": -1.0,
    "report_on_time": 1.0,
    "done_on_time": 5.0,
    "rating_good": 3.0,
    "rating_fairly_good": 2.0,
    "rating_average": 0.0,
    "rating_poor": -2.0,
    "overdue": -5.0,
    "urge": -1.0,
    "notice_yellow": -2.0,
    "notice_red": -4.0,
    "report_returned": -1.0,
    "extension": -2.0,
}
MAX_POINTS = 100


class JointMeetingAssessmentRule(models.Model):
    """A scoring rule of the yearly assessment of units (考核细则): the points
    a unit gains or loses for one kind of event of the supervision cycle.
    Each district keeps its own rules; the administrator and the supervision
    office edit them, a rule scoring zero counts nothing."""

    _name = "joint.meeting.assessment.rule"
    _description = "Joint Meeting Assessment Rule"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _rec_name = "event"

    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    event = fields.Selection(ASSESSMENT_EVENTS, required=True, tracking=True)
    points = fields.Float(
        digits=(16, 1),
        tracking=True,
        help="Points per event: positive for an award, negative for a deduction, zero to "
        "count nothing.",
    )
    note = fields.Text(string="Scoring Standard", help="How the rule is applied, as published.")
    active = fields.Boolean(default=True, tracking=True)

    _company_event_uniq = models.Constraint(
        "unique(company_id, event)",
        "The district already has a rule for this event.",
    )

    @api.constrains("points")
    def _check_points(self):
        for rule in self:
            if abs(rule.points) > MAX_POINTS:
                raise ValidationError(
                    self.env._(
                        "A rule gives or takes at most %(max)s points per event.", max=MAX_POINTS
                    )
                )

    @api.model
    def _create_default_rules(self, companies=None):
        """The default rules of every district (or of ``companies``) that has
        none of an event yet, archived ones included: idempotent."""
        # Every district: a handful of companies.
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        existing = {
            (rule.company_id.id, rule.event)
            for rule in self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
        }
        vals_list = [
            {
                "company_id": company.id,
                "event": event,
                "points": DEFAULT_POINTS[event],
                "sequence": index,
            }
            for company in companies
            for index, (event, _label) in enumerate(ASSESSMENT_EVENTS, 1)
            if (company.id, event) not in existing
        ]
        return self.sudo().with_context(tracking_disable=True).create(vals_list)
