from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class JointMeetingResolution(models.Model):
    """An agreed matter (议定事项, Art. 11) assigned to a lead unit and co-units."""

    _name = "joint.meeting.resolution"
    _description = "Joint Meeting Agreed Matter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "minutes_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Short Title", required=True, tracking=True)
    text = fields.Html()
    minutes_id = fields.Many2one(
        "joint.meeting.minutes", required=True, ondelete="restrict", index=True, check_company=True
    )
    meeting_id = fields.Many2one(related="minutes_id.meeting_id", store=True, index=True)
    company_id = fields.Many2one(
        related="minutes_id.company_id", store=True, index=True, string="District"
    )
    lead_unit_id = fields.Many2one(
        "joint.meeting.organization",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    co_unit_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_resolution_co_unit_rel",
        "resolution_id",
        "organization_id",
        string="Co-units",
        check_company=True,
    )
    deadline = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cannot", "Cannot Be Implemented"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    explanation = fields.Text(tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.constrains("deadline", "minutes_id")
    def _check_deadline_after_meeting(self):
        for resolution in self:
            meeting = resolution.minutes_id.meeting_id
            if meeting.date and resolution.deadline <= meeting._local_date():
                raise ValidationError(
                    self.env._(
                        "The deadline of an agreed matter must be after the meeting (%(date)s).",
                        date=meeting._local_date(),
                    )
                )

    @api.constrains("state", "explanation")
    def _check_explanation(self):
        for resolution in self:
            if resolution.state == "cannot" and not (resolution.explanation or "").strip():
                raise ValidationError(
                    self.env._(
                        "Art. 7(2): a matter that cannot be implemented needs an explanation."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        resolutions = super().create(vals_list)
        if resolutions.minutes_id.filtered(lambda m: m.state != "draft"):
            raise UserError(
                self.env._("Agreed matters can be added only while the minutes are a draft.")
            )
        return resolutions

    def write(self, vals):
        locked = set(vals) & {"name", "text", "lead_unit_id", "co_unit_ids", "minutes_id"}
        if locked and self.minutes_id.filtered(lambda m: m.state != "draft"):
            raise UserError(
                self.env._("The agreed matters of minutes under review or issued are locked.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._("Agreed matters of issued minutes cannot be deleted; archive them.")
            )

    def _check_unit_member(self):
        user = self.env.user
        if self.env.su or user.has_group("joint_meeting.group_joint_meeting_office"):
            return
        for resolution in self:
            units = resolution.lead_unit_id | resolution.co_unit_ids
            if not units & user.joint_meeting_organization_ids:
                raise UserError(
                    self.env._("Only the units assigned to this agreed matter can act on it.")
                )

    def action_start(self):
        self._check_unit_member()
        if self.filtered(lambda r: r.state != "open"):
            raise UserError(self.env._("Only an open agreed matter can be started."))
        self.sudo().write({"state": "in_progress"})
        return True
