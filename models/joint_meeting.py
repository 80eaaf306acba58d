from odoo import api, fields, models

MEETING_STATES = [
    ("draft", "Draft"),
    ("collecting", "Proposal Collection"),
    ("approved", "Approved"),
    ("held", "Held"),
    ("minutes_issued", "Minutes Issued"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class JointMeeting(models.Model):
    """A joint meeting (联席会议, Art. 1): the centre of every other record."""

    _name = "joint.meeting"
    _description = "Joint Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    meeting_type = fields.Selection(
        [("regular", "Regular (Annual)"), ("extraordinary", "Extraordinary")],
        string="Type",
        required=True,
        default="regular",
        tracking=True,
    )
    extraordinary_reason = fields.Text(
        help="Art. 8: the special circumstances or major issue that call for an "
        "extraordinary meeting."
    )
    requesting_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Requested By",
        check_company=True,
    )
    year = fields.Integer(
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    date = fields.Datetime(string="Meeting Date", tracking=True)
    place = fields.Char(tracking=True)
    chair_id = fields.Many2one(
        "res.users",
        string="Chair",
        tracking=True,
        help="Art. 10: the district head or a deputy district head.",
    )
    preparing_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Preparing Organisation",
        check_company=True,
        tracking=True,
        domain="[('kind', '=', 'mass')]",
        help="Art. 6: the mass organisations prepare the meetings in turn.",
    )
    rotation_override_reason = fields.Text(
        string="Reason for Another Preparing Organisation", tracking=True
    )
    attendee_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_attendee_organization_rel",
        "meeting_id",
        "organization_id",
        string="Participating Organisations",
        check_company=True,
    )
    state = fields.Selection(
        MEETING_STATES, required=True, default="draft", tracking=True, copy=False, index=True
    )
    cancel_reason = fields.Text(copy=False)
    calendar_event_id = fields.Many2one("calendar.event", copy=False, readonly=True)
    note = fields.Html(string="Notes")
    active = fields.Boolean(default=True)
    color = fields.Integer()

    @api.model
    def _joint_meeting_states(self):
        return dict(MEETING_STATES)
