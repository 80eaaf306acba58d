from odoo import api, fields, models
from odoo.exceptions import ValidationError


class JointMeetingRotationMixin(models.AbstractModel):
    """Art. 6: the mass organisations prepare the meetings in turn: whose
    turn it is, and the reason the government office gives when it chooses
    another preparing organisation. Part of ``joint.meeting``."""

    _name = "joint.meeting.rotation.mixin"
    _description = "Joint Meeting Rotation of the Preparing Organisation"
    # Who writes what (see joint.meeting.workflow.mixin): with the meeting's fields.
    _write_allow = {"draft collecting approved": {"off": "rotation_override_reason"}}

    rotation_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Next in Rotation",
        compute="_compute_rotation_organization_id",
        help="The mass organisation whose turn it is (Art. 6).",
    )
    rotation_override_reason = fields.Text(
        string="Reason for Another Preparing Organisation", tracking=True
    )

    @api.depends("company_id", "date")
    def _compute_rotation_organization_id(self):
        for meeting in self:
            meeting.rotation_organization_id = self._rotation_for(
                meeting.company_id, meeting.date, meeting._origin.id
            )

    @api.model
    def _rotation_for(self, company, date=False, exclude_id=False):
        """Art. 6: the mass organisation after the preparer of the meeting
        held before ``date`` (or of the latest meeting)."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "!=", "cancelled"),
            ("preparing_organization_id", "!=", False),
        ]
        if exclude_id:
            domain.append(("id", "!=", exclude_id))
        if date:
            domain.append(("date", "<", date))
        last = self.search(domain, order="date desc, id desc", limit=1)
        return self.env["joint.meeting.organization"]._next_in_rotation(
            last.preparing_organization_id, company
        )

    @api.constrains("preparing_organization_id", "rotation_override_reason")
    def _check_rotation_override_reason(self):
        for meeting in self:
            expected = meeting.rotation_organization_id
            if (
                meeting.preparing_organization_id
                and expected
                and meeting.preparing_organization_id != expected
                and not (meeting.rotation_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 6: the mass organisations prepare the meetings in turn and "
                        "it is %(org)s's turn; give the reason for choosing another "
                        "preparing organisation.",
                        org=expected.name,
                    )
                )
