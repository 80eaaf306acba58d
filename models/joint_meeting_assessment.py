import io
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..texts import file_name
from .joint_meeting_assignment import ASSIGNMENT_STEPS
from .joint_meeting_resolution import RESOLUTION_STEPS
from .joint_meeting_step import Step
from .joint_meeting_workflow_mixin import DATE_MAX, DATE_MIN, jm_action

# Units assessed even without a scored event in the year.
ASSESSED_KINDS = ("mass", "department")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Every scored event of a district in a period, one row per event: the unit,
# the event (the rule's key), the source record, its agreed matter, the day
# and how many times it counts. Archived and draft matters count nothing.
# "On time" is judged against the deadline of the step declared on the model
# (``{ack_deadline}``: the acknowledgement step's; ``{matter_deadline}``: the
# agreed matter's steps'), and a matter's events go to the unit of its steps
# (``{matter_unit}``, the lead unit): see ``events_sql()``.
EVENTS_SQL = """
    SELECT CASE WHEN a.acknowledge_date <= {ack_deadline} THEN 'ack_on_time' ELSE 'ack_late' END,
           {ack_unit}, 'joint.meeting.assignment', a.id, r.id, a.acknowledge_date, 1
      FROM joint_meeting_assignment a
      JOIN joint_meeting_resolution r ON r.id = a.resolution_id
     WHERE a.company_id = %(company)s AND a.state = 'acknowledged'
       AND a.acknowledge_date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'report_on_time', f.organization_id, 'joint.meeting.followup', f.id, r.id, f.date, 1
      FROM joint_meeting_followup f
      JOIN joint_meeting_resolution r ON r.id = f.resolution_id
     WHERE f.company_id = %(company)s AND f.state = 'accepted' AND f.date <= {matter_deadline}
       AND f.date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'rating_' || f.rating, f.organization_id, 'joint.meeting.followup', f.id, r.id,
           COALESCE(f.review_date, f.date), 1
      FROM joint_meeting_followup f
      JOIN joint_meeting_resolution r ON r.id = f.resolution_id
     WHERE f.company_id = %(company)s AND f.state = 'accepted' AND f.rating IS NOT NULL
       AND COALESCE(f.review_date, f.date) BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'report_returned', f.organization_id, 'joint.meeting.followup', f.id, r.id,
           COALESCE(f.review_date, f.date), 1
      FROM joint_meeting_followup f
      JOIN joint_meeting_resolution r ON r.id = f.resolution_id
     WHERE f.company_id = %(company)s AND f.state = 'returned'
       AND COALESCE(f.review_date, f.date) BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'done_on_time', {matter_unit}, 'joint.meeting.resolution', r.id, r.id,
           r.close_date, 1
      FROM joint_meeting_resolution r
     WHERE r.company_id = %(company)s AND r.state = 'done' AND r.close_date <= {matter_deadline}
       AND r.close_date BETWEEN %(start)s AND %(end)s AND r.active
    UNION ALL
    SELECT 'overdue', {matter_unit}, 'joint.meeting.resolution', r.id, r.id, r.overdue_date, 1
      FROM joint_meeting_resolution r
     WHERE r.company_id = %(company)s AND r.overdue_date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'urge', {matter_unit}, 'joint.meeting.resolution', r.id, r.id, r.last_urge_date,
           r.urge_count
      FROM joint_meeting_resolution r
     WHERE r.company_id = %(company)s AND r.urge_count > 0
       AND r.last_urge_date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'notice_' || n.colour, n.organization_id, 'joint.meeting.notice', n.id, r.id,
           n.issue_date, 1
      FROM joint_meeting_notice n
      JOIN joint_meeting_resolution r ON r.id = n.resolution_id
     WHERE n.company_id = %(company)s AND n.state = 'issued' AND n.colour IN ('yellow', 'red')
       AND n.issue_date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
    UNION ALL
    SELECT 'extension', e.organization_id, 'joint.meeting.extension', e.id, r.id,
           e.approve_date, 1
      FROM joint_meeting_extension e
      JOIN joint_meeting_resolution r ON r.id = e.resolution_id
     WHERE e.company_id = %(company)s AND e.state = 'approved'
       AND e.approve_date BETWEEN %(start)s AND %(end)s
       AND r.active AND r.state != 'draft'
"""

# The supervision office checks and confirms a computed assessment.
ASSESSMENT_STEPS = (
    Step(
        "assessment_confirm",
        "confirm",
        "supervisor",
        "joint.meeting.assessment",
        "{r}.state = 'computed' AND {r}.active",
        title="NULL::varchar",
        meeting="NULL::integer",
    ),
)


def events_sql():
    """The events' SQL, judged against the declared steps' deadlines and
    given to their units."""
    acknowledge, report = ASSIGNMENT_STEPS[0], RESOLUTION_STEPS[-1]
    return EVENTS_SQL.format(
        ack_deadline=acknowledge.sql("deadline", "a"),
        ack_unit=acknowledge.sql("unit", "a"),
        matter_deadline=report.sql("deadline", "r"),
        matter_unit=report.sql("unit", "r"),
    )


INSERT_LINES_SQL = (
    """
    WITH events(event, organization_id, res_model, res_id, resolution_id, day, quantity) AS MATERIALIZED (
    """
    + "{events}"
    + """
    )
    INSERT INTO joint_meeting_assessment_line
        (assessment_id, company_id, year, organization_id, rule_id, event, res_model, res_id,
         resolution_id, date, quantity, points,
         create_uid, create_date, write_uid, write_date)
    SELECT %(assessment)s, %(company)s, %(year)s, e.organization_id, rule.id, e.event,
           e.res_model, e.res_id, e.resolution_id, e.day, e.quantity, rule.points * e.quantity,
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM events e
      JOIN joint_meeting_assessment_rule rule
        ON rule.company_id = %(company)s AND rule.event = e.event AND rule.active
       AND rule.points != 0
     WHERE e.organization_id IS NOT NULL
    """
)

# One score per unit: the district's assessed units and every unit that has
# a line; rank 1 for the highest score (equal scores share a rank).
INSERT_SCORES_SQL = """
    INSERT INTO joint_meeting_assessment_score
        (assessment_id, company_id, year, organization_id, base_score, award_points,
         deduction_points, score, line_count, rank,
         create_uid, create_date, write_uid, write_date)
    SELECT %(assessment)s, %(company)s, %(year)s, o.id, %(base)s,
           COALESCE(SUM(l.points) FILTER (WHERE l.points > 0), 0),
           COALESCE(SUM(l.points) FILTER (WHERE l.points < 0), 0),
           %(base)s + COALESCE(SUM(l.points), 0),
           COUNT(l.id),
           RANK() OVER (ORDER BY %(base)s + COALESCE(SUM(l.points), 0) DESC),
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM joint_meeting_organization o
      LEFT JOIN joint_meeting_assessment_line l
        ON l.organization_id = o.id AND l.assessment_id = %(assessment)s
     WHERE o.company_id = %(company)s
       AND ((o.active AND o.kind IN %(kinds)s) OR l.id IS NOT NULL)
     GROUP BY o.id
"""


class JointMeetingAssessment(models.Model):
    """The yearly assessment of units (年度考核) on the implementation of the
    agreed matters: the district's scoring rules applied to every event of
    the year, a score and a rank per unit and the detail of every point.
    The supervision office computes and confirms it; once confirmed it is an
    official record, read by the leadership and the office, and each unit
    reads its own lines."""

    _name = "joint.meeting.assessment"
    _description = "Joint Meeting Yearly Assessment of Units"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "year desc, id desc"
    _joint_meeting_steps = ASSESSMENT_STEPS
    _check_company_auto = True
    _write_by_steps = "state computed_date computed_by confirm_date confirmed_by score_ids line_ids"
    _write_allow = {
        "draft": {"sup": "year base_score note"},
        "computed": {"sup": "note"},
    }
    _create_allow = {"sup": "company_id"}

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    year = fields.Integer(
        required=True,
        default=lambda self: self.env["joint.meeting.calendar"]._today(self.env.company).year,
        tracking=True,
    )
    base_score = fields.Float(
        digits=(16, 1),
        default=100.0,
        tracking=True,
        help="Every unit starts the year with this score; its lines add or take points.",
    )
    note = fields.Text(string="Notes")
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    computed_date = fields.Datetime(string="Computed On", readonly=True, copy=False)
    computed_by = fields.Many2one("res.users", readonly=True, copy=False)
    confirm_date = fields.Date(string="Confirmed On", readonly=True, copy=False)
    confirmed_by = fields.Many2one("res.users", readonly=True, copy=False)
    active = fields.Boolean(default=True)
    score_ids = fields.One2many(
        "joint.meeting.assessment.score", "assessment_id", string="Scores", readonly=True
    )
    line_ids = fields.One2many(
        "joint.meeting.assessment.line", "assessment_id", string="Points", readonly=True
    )
    line_count = fields.Integer(string="Scored Events", compute="_compute_counts")
    unit_count = fields.Integer(string="Units", compute="_compute_counts")

    _company_year_uniq = models.Constraint(
        "unique(company_id, year)",
        "The district already has an assessment of this year.",
    )

    @api.depends_context("lang")
    @api.depends("year")
    def _compute_name(self):
        for assessment in self:
            assessment.name = self.env._("%(year)s Assessment of Units", year=assessment.year or "")

    def _compute_counts(self):
        lines = dict(
            self.env["joint.meeting.assessment.line"]._read_group(
                [("assessment_id", "in", self.ids)], ["assessment_id"], ["__count"]
            )
        )
        scores = dict(
            self.env["joint.meeting.assessment.score"]._read_group(
                [("assessment_id", "in", self.ids)], ["assessment_id"], ["__count"]
            )
        )
        for assessment in self:
            assessment.line_count = lines.get(assessment._origin, 0)
            assessment.unit_count = scores.get(assessment._origin, 0)

    @api.constrains("year")
    def _check_year(self):
        for assessment in self:
            if not DATE_MIN.year <= assessment.year <= DATE_MAX.year:
                raise ValidationError(
                    self.env._(
                        "The year of an assessment is between %(min)s and %(max)s.",
                        min=DATE_MIN.year,
                        max=DATE_MAX.year,
                    )
                )

    @api.constrains("base_score")
    def _check_base_score(self):
        for assessment in self:
            if not 0 <= assessment.base_score <= 1000:
                raise ValidationError(self.env._("The base score is between 0 and 1000."))

    def _workflow_locked(self):
        return self.filtered(lambda a: a.state == "confirmed")

    def _workflow_locked_message(self):
        return self.env._(
            "A confirmed assessment is an official record: it cannot be changed or deleted; "
            "archive it instead."
        )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_supervisor()
        assessments = super().create(vals_list)
        if not self.env.su and assessments.company_id - self.env.companies:
            raise AccessError(self.env._("An assessment is made for your own district only."))
        # A district assessed for the first time gets the default rules.
        self.env["joint.meeting.assessment.rule"]._create_default_rules(assessments.company_id)
        return assessments

    def _workflow_check_unlink(self):
        if not self.env.su:
            raise UserError(
                self.env._("An assessment of units is kept for the record: archive it instead.")
            )
        return super()._workflow_check_unlink()

    # ------------------------------------------------------------------
    # Steps (the supervision office)
    # ------------------------------------------------------------------
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(
                self.env._(
                    "Art. 11: only the target supervision office computes and confirms the "
                    "assessment of units."
                )
            )

    @jm_action(states="draft computed", roles="sup")
    def action_compute(self):
        """Apply the district's rules to every event of the year: the lines
        and scores in a few SQL statements, whatever the number of matters."""
        self._jm_ensure_one()
        self._check_supervisor()
        if self.state not in ("draft", "computed"):
            raise UserError(self.env._("A confirmed assessment is not computed again."))
        self._compute_points()
        self._workflow_write(
            {
                "state": "computed",
                "computed_date": fields.Datetime.now(),
                "computed_by": self.env.uid,
            }
        )
        self.sudo().message_post(
            body=self.env._(
                "Computed: %(lines)s scored events, %(units)s units.",
                lines=self.line_count,
                units=self.unit_count,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _compute_points(self):
        self.ensure_one()
        self.env["joint.meeting.assessment.rule"]._create_default_rules(self.company_id)
        self.env.flush_all()
        params = {
            "assessment": self.id,
            "company": self.company_id.id,
            "year": self.year,
            "start": date(self.year, 1, 1),
            "end": date(self.year, 12, 31),
            "uid": self.env.uid,
            "now": fields.Datetime.now(),
            "base": self.base_score,
            "kinds": ASSESSED_KINDS,
        }
        cr = self.env.cr
        cr.execute(
            SQL("DELETE FROM joint_meeting_assessment_line WHERE assessment_id = %s", self.id)
        )
        cr.execute(
            SQL("DELETE FROM joint_meeting_assessment_score WHERE assessment_id = %s", self.id)
        )
        cr.execute(INSERT_LINES_SQL.replace("{events}", events_sql()), params)
        cr.execute(INSERT_SCORES_SQL, params)
        self.env["joint.meeting.assessment.line"].invalidate_model()
        self.env["joint.meeting.assessment.score"].invalidate_model()
        self.invalidate_recordset(["line_ids", "score_ids", "line_count", "unit_count"])

    @jm_action(steps="assessment_confirm")
    def action_confirm(self):
        """Confirm the computed assessment: it is locked and each unit reads
        its score and the detail of its points."""
        self._jm_ensure_one()
        self._check_supervisor()
        if self.state != "computed":
            raise UserError(self.env._("Compute the assessment before confirming it."))
        self._workflow_write(
            {
                "state": "confirmed",
                "confirm_date": self.env["joint.meeting.calendar"]._today(self.company_id),
                "confirmed_by": self.env.uid,
            }
        )
        self.sudo().message_post(
            body=self.env._("Assessment confirmed; each unit can read its score and points."),
            subtype_xmlid="mail.mt_note",
        )
        return True

    @jm_action(states="computed", roles="sup")
    def action_draft(self):
        """Back to draft (before confirmation): the computed points are dropped."""
        self._jm_ensure_one()
        self._check_supervisor()
        if self.state != "computed":
            raise UserError(self.env._("Only a computed assessment goes back to draft."))
        self.env.cr.execute(
            SQL("DELETE FROM joint_meeting_assessment_line WHERE assessment_id = %s", self.id)
        )
        self.env.cr.execute(
            SQL("DELETE FROM joint_meeting_assessment_score WHERE assessment_id = %s", self.id)
        )
        self.env["joint.meeting.assessment.line"].invalidate_model()
        self.env["joint.meeting.assessment.score"].invalidate_model()
        self.invalidate_recordset(["line_ids", "score_ids"])
        self._workflow_write({"state": "draft", "computed_date": False, "computed_by": False})
        return True

    def _check_computed(self):
        if self.state == "draft":
            raise UserError(self.env._("Compute the assessment first."))

    @jm_action(states="computed confirmed")
    def action_view_lines(self):
        """The points of the assessment, as list, pivot and graph."""
        self._jm_ensure_one()
        self._check_computed()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_assessment_line_action"
        )
        action["domain"] = [("assessment_id", "=", self.id)]
        action["context"] = {"search_default_group_organization": 1}
        return action

    @jm_action(states="computed confirmed")
    def action_export_xlsx(self):
        """The scores and points as an XLSX file (the district's target
        assessment); each reader gets the lines they may read."""
        self._jm_ensure_one()
        self._check_computed()
        return {
            "type": "ir.actions.act_url",
            "url": f"/joint_meeting/assessment/{self.id}/xlsx",
            "target": "download",
        }

    @jm_action(states="computed confirmed")
    def action_print(self):
        self._jm_ensure_one()
        self._check_computed()
        return self.env.ref("joint_meeting.action_report_joint_meeting_assessment").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _title(self):
        self.ensure_one()
        return self.env._(
            "%(authority)s %(year)s Assessment of Units on the Agreed Matters of the Joint Meeting",
            authority=self.company_id._joint_meeting_authority(),
            year=self.year,
        )

    def _score_rows(self):
        """The scores the user may read, by rank."""
        self.ensure_one()
        scores = self.env["joint.meeting.assessment.score"].search(
            [("assessment_id", "=", self.id)], order="rank, organization_id"
        )
        return [
            {
                "rank": score.rank,
                "unit": score.organization_id.display_name,
                "base": score.base_score,
                "awards": score.award_points,
                "deductions": score.deduction_points,
                "score": score.score,
                "count": score.line_count,
            }
            for score in scores
        ]

    def _line_rows(self):
        """The points the user may read: unit, rule, matter, source, day, points."""
        self.ensure_one()
        lines = self.env["joint.meeting.assessment.line"].search(
            [("assessment_id", "=", self.id)], order="organization_id, date, id"
        )
        events = dict(lines._fields["event"]._description_selection(self.env))
        sources = lines._source_names()
        matters = {
            matter.id: matter.name
            for matter in lines.resolution_id.sudo().with_context(active_test=False)
        }
        return [
            {
                "unit": line.organization_id.display_name,
                "rule": events.get(line.event, ""),
                "matter": matters.get(line.resolution_id.id, ""),
                "source": sources[line],
                "date": line.date,
                "quantity": line.quantity,
                "points": line.points,
            }
            for line in lines
        ]

    def _score_headers(self):
        return [
            self.env._("Rank"),
            self.env._("Unit"),
            self.env._("Base Score"),
            self.env._("Awards"),
            self.env._("Deductions"),
            self.env._("Score"),
            self.env._("Scored Events"),
        ]

    def _line_headers(self):
        return [
            self.env._("Unit"),
            self.env._("Rule"),
            self.env._("Agreed Matter"),
            self.env._("Source"),
            self.env._("Date"),
            self.env._("Times"),
            self.env._("Points"),
        ]

    def _xlsx(self):
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
        header = workbook.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9"})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        number = workbook.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
        date_cell = workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd", "valign": "top"})

        sheet = workbook.add_worksheet(self.env._("Scores"))
        headers = self._score_headers()
        sheet.merge_range(0, 0, 0, len(headers) - 1, self._title(), title)
        for col, (text, width) in enumerate(zip(headers, [6, 28, 10, 10, 10, 10, 10], strict=True)):
            sheet.write(1, col, text, header)
            sheet.set_column(col, col, width)
        for row_index, row in enumerate(self._score_rows(), 2):
            sheet.write_number(row_index, 0, row["rank"], cell)
            sheet.write(row_index, 1, row["unit"], cell)
            for col, key in enumerate(("base", "awards", "deductions", "score"), 2):
                sheet.write_number(row_index, col, row[key], number)
            sheet.write_number(row_index, 6, row["count"], cell)
        sheet.freeze_panes(2, 0)

        sheet = workbook.add_worksheet(self.env._("Point Detail"))
        headers = self._line_headers()
        sheet.merge_range(0, 0, 0, len(headers) - 1, self._title(), title)
        for col, (text, width) in enumerate(zip(headers, [24, 28, 36, 40, 12, 8, 8], strict=True)):
            sheet.write(1, col, text, header)
            sheet.set_column(col, col, width)
        for row_index, row in enumerate(self._line_rows(), 2):
            for col, key in enumerate(("unit", "rule", "matter", "source")):
                sheet.write(row_index, col, row[key], cell)
            if row["date"]:
                sheet.write_datetime(
                    row_index, 4, fields.Datetime.to_datetime(row["date"]), date_cell
                )
            else:
                sheet.write_blank(row_index, 4, None, cell)
            sheet.write_number(row_index, 5, row["quantity"], cell)
            sheet.write_number(row_index, 6, row["points"], number)
        sheet.freeze_panes(2, 0)
        workbook.close()
        return output.getvalue()

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which year."""
        self.ensure_one()
        kind = self.env._("Assessment of Units")
        return file_name(kind, self.year)

    def _filename(self, extension):
        self.ensure_one()
        return f"{self._joint_meeting_print_name()}.{extension}"
