from odoo import fields, models
from odoo.exceptions import UserError


class JointMeetingBulletinLine(models.Model):
    """A lead unit's figures in a supervision bulletin and its verdict."""

    _name = "joint.meeting.bulletin.line"
    _description = "Supervision Bulletin Unit"
    _inherit = ["joint.meeting.workflow.mixin"]
    _order = "bulletin_id, id"
    _check_company_auto = True
    # The figures are compiled; the supervision office judges the draft.
    _write_by_steps = (
        "bulletin_id organization_id organization_name matter_count done_count on_time_count "
        "open_count "
        "cannot_count overdue_count extended_count urged_count good_count weak_count"
    )
    _write_allow_state = "bulletin_id.state"
    _write_allow = {"draft": {"sup": "verdict note"}}

    bulletin_id = fields.Many2one(
        "joint.meeting.bulletin", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="bulletin_id.company_id", store=True, index=True)
    organization_id = fields.Many2one(
        "joint.meeting.organization", string="Lead Unit", required=True, check_company=True
    )
    organization_name = fields.Char(
        string="Lead Unit as Issued",
        readonly=True,
        help="The lead unit's name on the day the bulletin was issued: what the issued "
        "bulletin prints, whatever the unit is called later.",
    )
    matter_count = fields.Integer(string="Matters", readonly=True)
    done_count = fields.Integer(string="Completed", readonly=True)
    on_time_count = fields.Integer(string="On Time", readonly=True)
    open_count = fields.Integer(string="Under Way", readonly=True)
    cannot_count = fields.Integer(string="Not Implementable", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    extended_count = fields.Integer(string="Extended", readonly=True)
    urged_count = fields.Integer(string="Urged", readonly=True)
    good_count = fields.Integer(string="Rated Good", readonly=True)
    weak_count = fields.Integer(string="Rated Average or Poor", readonly=True)
    verdict = fields.Selection(
        [("commended", "Commended"), ("named", "Named"), ("none", "Neither")],
        required=True,
        default="none",
        help="Compiled by the rules of the bulletin; the supervision office may change it "
        "while the bulletin is a draft, with a note.",
    )
    note = fields.Char(help="Why the supervision office changed the verdict.")

    def _workflow_locked(self):
        return self.filtered(lambda line: line.bulletin_id.state == "issued")

    def _workflow_locked_message(self):
        return self.env._("The units of an issued supervision bulletin cannot be changed.")

    def _workflow_check_unlink(self):
        if not self._workflow_transition():
            raise UserError(
                self.env._("The units of a supervision bulletin are compiled, not deleted.")
            )
        return super()._workflow_check_unlink()
