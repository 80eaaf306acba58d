from odoo import api, fields, models
from odoo.exceptions import UserError


class JointMeetingTopicSubmit(models.TransientModel):
    """The written proposal of a mass organisation (Art. 9): its topics for a
    meeting with the proposed agenda, time, place and attendees."""

    _name = "joint.meeting.topic.submit"
    _description = "Submit Joint Meeting Proposal"

    meeting_id = fields.Many2one("joint.meeting", required=True)
    organization_id = fields.Many2one("joint.meeting.organization", required=True)
    topic_ids = fields.Many2many(
        "joint.meeting.topic",
        string="Topics",
        compute="_compute_topic_ids",
        store=True,
        readonly=False,
    )
    proposal_deadline = fields.Date(related="meeting_id.proposal_deadline")
    proposal_deadline_text = fields.Char(related="meeting_id.proposal_deadline_text")
    proposed_date = fields.Datetime(string="Proposed Time")
    proposed_place = fields.Char()
    proposed_attendees = fields.Text()
    agenda_note = fields.Text(string="Proposed Agenda")

    @api.depends("meeting_id", "organization_id")
    def _compute_topic_ids(self):
        for wizard in self:
            wizard.topic_ids = wizard.meeting_id.topic_ids.filtered(
                lambda t, w=wizard: (
                    t.organization_id == w.organization_id and t.state in ("draft", "returned")
                )
            )

    def action_submit(self):
        self.ensure_one()
        if not self.topic_ids:
            raise UserError(self.env._("There is no draft topic of your organisation to submit."))
        self.topic_ids.action_submit()
        lines = [
            self.env._("Proposal of %(org)s (Art. 9):", org=self.organization_id.name),
            ", ".join(self.topic_ids.mapped("name")),
        ]
        if self.proposed_date:
            lines.append(self.env._("Proposed time: %(date)s", date=self.proposed_date))
        if self.proposed_place:
            lines.append(self.env._("Proposed place: %(place)s", place=self.proposed_place))
        if self.proposed_attendees:
            lines.append(self.env._("Proposed attendees: %(who)s", who=self.proposed_attendees))
        if self.agenda_note:
            lines.append(self.env._("Proposed agenda: %(agenda)s", agenda=self.agenda_note))
        self.meeting_id.sudo().message_post(body="\n".join(lines))
        return {"type": "ir.actions.act_window_close"}
