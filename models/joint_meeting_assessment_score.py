from odoo import fields, models


class JointMeetingAssessmentScore(models.Model):
    """A unit's score and rank in a yearly assessment: the base score plus
    the points of its lines. Written by the computation only."""

    _name = "joint.meeting.assessment.score"
    _description = "Joint Meeting Assessment Score"
    _order = "assessment_id, rank, organization_id"
    _rec_name = "organization_id"

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
    rank = fields.Integer(readonly=True, aggregator=None)
    base_score = fields.Float(digits=(16, 1), readonly=True)
    award_points = fields.Float(string="Awards", digits=(16, 1), readonly=True)
    deduction_points = fields.Float(string="Deductions", digits=(16, 1), readonly=True)
    score = fields.Float(digits=(16, 1), readonly=True, aggregator="avg")
    line_count = fields.Integer(string="Scored Events", readonly=True)
