from odoo import fields, models


class JointMeetingResolutionReturn(models.TransientModel):
    _name = "joint.meeting.resolution.return"
    _description = "Return an Agreed Matter"

    resolution_id = fields.Many2one("joint.meeting.resolution", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.resolution_id.action_return_assignment(self.reason)
        return {"type": "ir.actions.act_window_close"}


class JointMeetingResolutionReassign(models.TransientModel):
    _name = "joint.meeting.resolution.reassign"
    _description = "Reassign an Agreed Matter"

    resolution_id = fields.Many2one("joint.meeting.resolution", required=True)
    company_id = fields.Many2one(related="resolution_id.company_id")
    lead_unit_id = fields.Many2one(
        "joint.meeting.organization",
        required=True,
        domain="[('company_id', '=', company_id), ('kind', 'in', ('department', 'mass', 'office'))]",
    )
    co_unit_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_reassign_co_unit_rel",
        "wizard_id",
        "organization_id",
        string="Co-units",
        domain="[('company_id', '=', company_id), ('kind', 'in', ('department', 'mass', 'office'))]",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.resolution_id.action_reassign(self.lead_unit_id.id, self.co_unit_ids.ids, self.reason)
        return {"type": "ir.actions.act_window_close"}


class JointMeetingExtensionDecide(models.TransientModel):
    _name = "joint.meeting.extension.decide"
    _description = "Decide on an Extension Request"

    extension_id = fields.Many2one("joint.meeting.extension", required=True)
    decision = fields.Selection(
        [("agree", "Agree"), ("refuse", "Refuse")],
        string="Opinion",
        required=True,
        default="agree",
    )
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        extension = self.extension_id
        if self.decision == "refuse":
            extension.action_refuse(self.comment)
        elif extension.state == "submitted":
            extension.action_review(self.comment)
        else:
            extension.action_approve(self.comment)
        return {"type": "ir.actions.act_window_close"}
