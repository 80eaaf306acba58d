from odoo import api, fields, models
from odoo.exceptions import UserError


class JointMeetingConsultationSend(models.TransientModel):
    """Send the consultations of a meeting in one go (Art. 9): one per
    accepted topic and department concerned, never twice."""

    _name = "joint.meeting.consultation.send"
    _description = "Send Joint Meeting Consultations"

    meeting_id = fields.Many2one("joint.meeting", required=True)
    mode = fields.Selection(
        [("letter", "In Writing (Letter)"), ("coordination", "Coordination Meeting")],
        required=True,
        default="letter",
    )
    due_date = fields.Date(
        required=True, compute="_compute_due_date", store=True, readonly=False, precompute=True
    )
    due_date_text = fields.Char(string="Reply Time Counted", compute="_compute_due_date_text")
    letter_number = fields.Char(help="Number of the consultation letter.")
    coordination_date = fields.Datetime()
    coordination_place = fields.Char()
    participants = fields.Text()
    new_count = fields.Integer(string="New Consultations", compute="_compute_new_count")

    @api.depends("meeting_id")
    def _compute_due_date(self):
        engine = self.env["joint.meeting.calendar"]
        for wizard in self:
            company = wizard.meeting_id.company_id or self.env.company
            due = engine._deadline(company, "consultation", engine._today(company))
            if wizard.meeting_id.date:
                # The replies prepare the meeting: at the latest the working day before.
                due = min(
                    due, engine._add_working_days(company, wizard.meeting_id._local_date(), -1)
                )
            wizard.due_date = due

    @api.depends("due_date")
    def _compute_due_date_text(self):
        engine = self.env["joint.meeting.calendar"]
        for wizard in self:
            company = wizard.meeting_id.company_id or self.env.company
            wizard.due_date_text = engine._describe(
                company, "consultation", engine._today(company), wizard.due_date
            )

    def _missing_pairs(self):
        self.ensure_one()
        existing = {(c.topic_id.id, c.department_id.id) for c in self.meeting_id.consultation_ids}
        return [
            (topic, department)
            for topic in self.meeting_id.topic_ids.filtered(lambda t: t.state == "accepted")
            for department in topic.department_ids
            if (topic.id, department.id) not in existing
        ]

    @api.depends("meeting_id")
    def _compute_new_count(self):
        for wizard in self:
            wizard.new_count = len(wizard._missing_pairs())

    def action_send(self):
        self.ensure_one()
        if self.meeting_id.state not in ("collecting", "approved"):
            raise UserError(
                self.env._("Consultations are sent once the topics are fixed, before the meeting.")
            )
        if self.mode == "coordination" and not self.coordination_date:
            raise UserError(self.env._("Give the date of the coordination meeting."))
        vals_list = [
            {
                "topic_id": topic.id,
                "department_id": department.id,
                "mode": self.mode,
                "due_date": self.due_date,
                "letter_number": self.letter_number,
                "coordination_date": self.coordination_date,
                "coordination_place": self.coordination_place,
                "participants": self.participants,
            }
            for topic, department in self._missing_pairs()
        ]
        consultations = self.env["joint.meeting.consultation"].create(vals_list)
        to_send = consultations | self.meeting_id.consultation_ids.filtered(
            lambda c: c.state == "to_send"
        )
        to_send.action_send()
        return {"type": "ir.actions.act_window_close"}
