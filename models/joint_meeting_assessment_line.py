from odoo import api, fields, models

from .joint_meeting_assessment_rule import ASSESSMENT_EVENTS

# The records a point comes from.
SOURCE_MODELS = [
    ("joint.meeting.assignment", "Assignment"),
    ("joint.meeting.followup", "Follow-up Report"),
    ("joint.meeting.resolution", "Agreed Matter"),
    ("joint.meeting.notice", "Supervision Notice"),
    ("joint.meeting.extension", "Extension Request"),
]


class JointMeetingAssessmentLine(models.Model):
    """One scored event of a yearly assessment: which unit gained or lost
    how many points, by which rule, for which record and on which day. Written
    by the assessment's computation only (one SQL statement), read-only for
    everyone; a unit reads its own lines once the assessment is confirmed."""

    _name = "joint.meeting.assessment.line"
    _description = "Joint Meeting Assessment Point"
    _order = "assessment_id, organization_id, date, id"

    assessment_id = fields.Many2one(
        "joint.meeting.assessment", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", string="District", required=True, index=True, readonly=True
    )
    year = fields.Integer(related="assessment_id.year", store=True)
    organization_id = fields.Many2one(
        "joint.meeting.organization", string="Unit", required=True, index=True, readonly=True
    )
    rule_id = fields.Many2one("joint.meeting.assessment.rule", readonly=True)
    event = fields.Selection(ASSESSMENT_EVENTS, required=True, readonly=True)
    res_model = fields.Selection(SOURCE_MODELS, string="Source Type", readonly=True)
    res_id = fields.Integer(string="Source ID", readonly=True)
    source_ref = fields.Reference(
        SOURCE_MODELS, string="Source", compute="_compute_source_ref", compute_sudo=True
    )
    resolution_id = fields.Many2one(
        "joint.meeting.resolution", string="Agreed Matter", index=True, readonly=True
    )
    date = fields.Date(readonly=True)
    quantity = fields.Integer(default=1, readonly=True)
    points = fields.Float(digits=(16, 1), readonly=True, aggregator="sum")

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for line in self:
            line.source_ref = (
                f"{line.res_model},{line.res_id}" if line.res_model and line.res_id else False
            )

    def _source_names(self):
        """{line: display name of its source}, one read per source model."""
        names = {}
        by_model = {}
        for line in self:
            if line.res_model:
                by_model.setdefault(line.res_model, set()).add(line.res_id)
        for model, ids in by_model.items():
            records = self.env[model].sudo().browse(ids).exists()
            names[model] = {record.id: record.display_name for record in records}
        return {line: names.get(line.res_model, {}).get(line.res_id, "") for line in self}
