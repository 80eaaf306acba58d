from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .joint_meeting_step import Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

RATINGS = [
    ("good", "Good"),
    ("fairly_good", "Fairly Good"),
    ("average", "Average"),
    ("poor", "Poor"),
]

# Fields the reporting unit writes; the review fields are the supervision office's.
# The review is the supervision office's: written only by its actions; the
# co-units' parts of a lead unit's report only by its consolidation.
REVIEW_FIELDS = frozenset({"state", "rating", "review_comment", "reviewer_id", "review_date"})

# Art. 11: the supervision office reviews a submitted report, by the deadline
# of its agreed matter.
FOLLOWUP_STEPS = (
    Step(
        "followup_review",
        "review",
        "supervisor",
        "joint.meeting.followup",
        "{r}.state = 'submitted'",
        deadline="s.deadline",
        joins="JOIN joint_meeting_resolution s ON s.id = {r}.resolution_id",
        title="s.name",
        waiting=lambda env, report, units, date: env._(
            "Waiting for the supervision office to review this report."
        ),
    ),
)


class JointMeetingFollowup(models.Model):
    """A unit's report on the implementation of an agreed matter (Art. 11),
    reviewed and rated by the target supervision office (目标督查办).

    Co-units report their own part; the lead unit's report consolidates them:
    it links the latest part of each co-unit (``co_part_ids``, written only
    by the consolidation) and takes their text into its own, so the
    supervision office reviews one consolidated report. Each unit writes only
    its own report: a co-unit never writes the lead's, the lead never
    changes a co-unit's part."""

    _name = "joint.meeting.followup"
    _description = "Joint Meeting Follow-up Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "date desc, id desc"
    _joint_meeting_steps = FOLLOWUP_STEPS
    _check_company_auto = True
    # The report's date is the server's day of submission (the assessment's
    # "reported on time"); its matter and unit never change.
    _write_by_steps = "date state rating review_comment reviewer_id review_date co_part_ids"
    _write_allow = {
        "submitted returned": {
            "dept@organization_id": "progress percent outcome explanation attachment_ids",
            "org@organization_id": "progress percent outcome explanation attachment_ids",
        },
    }
    _create_allow = {
        "dept": "resolution_id organization_id",
        "org": "resolution_id organization_id",
    }

    resolution_id = fields.Many2one(
        "joint.meeting.resolution",
        string="Agreed Matter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    meeting_id = fields.Many2one(related="resolution_id.meeting_id", store=True, index=True)
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="District"
    )
    organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Reporting Unit",
        required=True,
        index=True,
        check_company=True,
    )
    date = fields.Date(
        required=True,
        default=lambda self: self.env["joint.meeting.calendar"]._today(self.env.company),
        tracking=True,
    )
    progress = fields.Html(required=True)
    percent = fields.Integer(string="Percent Complete", tracking=True)
    outcome = fields.Selection(
        [
            ("progress", "Progress"),
            ("completed", "Completed"),
            ("cannot", "Cannot Be Implemented"),
        ],
        required=True,
        default="progress",
        tracking=True,
        help="Completed or cannot be implemented: the unit asks the supervision office to "
        "close the matter.",
    )
    explanation = fields.Text(
        help="Art. 7(2): why the matter cannot be implemented; reported at the next meeting."
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "joint_meeting_followup_attachment_rel",
        "followup_id",
        "attachment_id",
        string="Attachments",
    )
    state = fields.Selection(
        [("submitted", "Submitted"), ("accepted", "Accepted"), ("returned", "Returned")],
        default="submitted",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    rating = fields.Selection(RATINGS, tracking=True, copy=False, readonly=True)
    review_comment = fields.Text(tracking=True, copy=False, readonly=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False)
    review_date = fields.Date(readonly=True, copy=False)
    report_role = fields.Selection(
        [("lead", "Lead Unit's Consolidated Report"), ("co", "Co-unit's Part")],
        string="Report Of",
        compute="_compute_report_role",
        store=True,
        index=True,
    )
    co_part_ids = fields.Many2many(
        "joint.meeting.followup",
        "joint_meeting_followup_co_part_rel",
        "report_id",
        "part_id",
        string="Co-units' Parts",
        readonly=True,
        copy=False,
        help="The latest part of each co-unit that the lead unit's report consolidates.",
    )
    co_units_missing = fields.Char(
        string="Co-units Not Reported",
        compute="_compute_co_units_missing",
        help="Co-units of the matter whose part is not in this consolidated report.",
    )
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )

    _percent_range = models.Constraint(
        "CHECK(percent >= 0 AND percent <= 100)",
        "The percent complete must be between 0 and 100.",
    )

    @api.depends("organization_id", "resolution_id")
    def _compute_report_role(self):
        # Fixed when the report is written: a later reassignment of the lead
        # unit does not turn an old part into a lead report.
        for followup in self:
            lead = followup.organization_id == followup.resolution_id.lead_unit_id
            followup.report_role = "lead" if lead else "co"

    @api.depends("report_role", "co_part_ids", "resolution_id.co_unit_ids")
    def _compute_co_units_missing(self):
        for followup in self:
            missing = (
                followup.resolution_id.co_unit_ids - followup.co_part_ids.organization_id
                if followup.report_role == "lead"
                else followup.organization_id.browse()
            )
            followup.co_units_missing = "、".join(missing.mapped("display_name"))

    @api.depends("state")
    def _compute_waiting_help(self):
        lines = waiting_lines(self)
        for followup in self:
            followup.waiting_help = lines.get(followup, "")

    @api.depends("resolution_id.name", "organization_id", "date")
    def _compute_display_name(self):
        for followup in self:
            followup.display_name = " - ".join(
                filter(
                    None,
                    [
                        followup.resolution_id.name,
                        followup.organization_id.display_name,
                        followup.date and fields.Date.to_string(followup.date),
                    ],
                )
            )

    @api.constrains("outcome", "percent", "explanation")
    def _check_outcome(self):
        for followup in self:
            if followup.outcome == "completed" and followup.percent != 100:
                raise ValidationError(
                    self.env._("A report of completion must say 100 percent complete.")
                )
            if followup.outcome == "cannot" and not (followup.explanation or "").strip():
                raise ValidationError(
                    self.env._(
                        "Art. 7(2): a matter that cannot be implemented needs an explanation."
                    )
                )

    @api.constrains("resolution_id", "organization_id")
    def _check_reporting_unit(self):
        for followup in self:
            resolution = followup.resolution_id
            if followup.organization_id not in resolution.lead_unit_id | resolution.co_unit_ids:
                raise ValidationError(
                    self.env._(
                        "Only the lead unit or a co-unit of the agreed matter reports on it: "
                        "%(unit)s is not one of them.",
                        unit=followup.organization_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "organization_id" in fields_list and not res.get("organization_id"):
            resolution = self.env["joint.meeting.resolution"].browse(res.get("resolution_id"))
            units = (resolution.lead_unit_id | resolution.co_unit_ids).filtered(
                lambda o: o in self.env.user.joint_meeting_organization_ids
            )
            res["organization_id"] = units[:1].id
        # The lead unit's new report starts from the co-units' parts.
        resolution = self.env["joint.meeting.resolution"].browse(res.get("resolution_id"))
        if (
            "progress" in fields_list
            and not res.get("progress")
            and resolution
            and res.get("organization_id") == resolution.lead_unit_id.id
        ):
            parts = self._latest_parts(resolution)
            if parts:
                res["progress"] = parts._consolidated_text()
        return res

    # ------------------------------------------------------------------
    # Consolidation of the co-units' parts into the lead unit's report
    # ------------------------------------------------------------------
    @api.model
    def _latest_parts(self, resolution):
        """The latest part of each co-unit of ``resolution`` not returned."""
        parts = self.search(
            [
                ("resolution_id", "=", resolution.id),
                ("organization_id", "in", resolution.co_unit_ids.ids),
                ("state", "!=", "returned"),
            ],
            order="date desc, id desc",
        )
        latest = self.browse()
        for part in parts:
            if part.organization_id not in latest.organization_id:
                latest |= part
        return latest

    def _consolidated_text(self):
        """The co-units' parts as a section of the lead unit's report."""
        lines = [Markup("<p><strong>%s</strong></p>") % self.env._("Co-units' parts:")]
        for part in self.sorted(lambda p: (p.organization_id.sequence, p.organization_id.id)):
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "%(unit)s (reported on %(date)s, %(percent)s%% complete):",
                    unit=part.organization_id.display_name,
                    date=self.env["joint.meeting.calendar"]._format_date(part.date),
                    percent=part.percent,
                )
            )
            lines.append(part.progress or Markup())
        return Markup("").join(lines)

    def _link_co_parts(self):
        """Link each lead report (not accepted) to the co-units' latest parts;
        returns the parts it did not hold yet."""
        added = self.browse()
        for report in self.filtered(lambda f: f.report_role == "lead" and f.state != "accepted"):
            parts = report._latest_parts(report.resolution_id)
            added |= parts - report.co_part_ids
            if parts != report.co_part_ids:
                report._workflow_write({"co_part_ids": [fields.Command.set(parts.ids)]})
        return added

    def _jm_when_lead_report(self):
        if self.report_role != "lead":
            return self.env._(
                "Only the lead unit's report consolidates the co-units' parts; a co-unit "
                "reports its own part."
            )
        return ""

    @jm_action(
        states="submitted returned",
        roles="org@organization_id dept@organization_id",
        when="_jm_when_lead_report",
    )
    def action_consolidate(self):
        """The lead unit takes the co-units' latest parts into its report:
        linked to it, and the text of the parts it did not hold yet added to
        its progress."""
        self._jm_ensure_one()
        if self.report_role != "lead":
            raise UserError(
                self.env._(
                    "Only the lead unit's report consolidates the co-units' parts; a co-unit "
                    "reports its own part."
                )
            )
        if self.state == "accepted":
            raise UserError(self.env._("An accepted report cannot be consolidated again."))
        self._check_reporting_user()
        added = self._link_co_parts()
        if added:
            self.write({"progress": Markup(self.progress or "") + added._consolidated_text()})
        return True

    def _check_reporting_user(self):
        """Only members of the reporting unit write its report: neither the
        supervision office nor the government office writes it for them."""
        if self.env.su:
            return
        mine = self.env.user.joint_meeting_organization_ids
        for followup in self:
            if followup.organization_id not in mine:
                raise UserError(
                    self.env._(
                        "Only the members of %(unit)s write its follow-up reports.",
                        unit=followup.organization_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # A unit reports only on a matter it may read. (Until 18.0 the
            # constraints, run as the user, refused it; since 19.0 they run
            # as superuser.)
            self.env["joint.meeting.resolution"].browse(
                {vals["resolution_id"] for vals in vals_list if vals.get("resolution_id")}
            ).check_access("read")
        followups = super().create(vals_list)
        followups._check_reporting_user()
        if not self.env.su:
            for followup in followups:
                if followup.resolution_id._awaiting_acknowledgement(followup.organization_id):
                    raise UserError(
                        self.env._(
                            "%(unit)s reports on %(matter)s once it has acknowledged it.",
                            unit=followup.organization_id.display_name,
                            matter=followup.resolution_id.name,
                        )
                    )
        for followup in followups:
            if followup.resolution_id.state not in ("open", "in_progress"):
                raise UserError(
                    self.env._(
                        "Progress is reported only on open agreed matters; %(matter)s is "
                        "closed or not issued yet.",
                        matter=followup.resolution_id.name,
                    )
                )
        started = followups.resolution_id.filtered(lambda r: r.state == "open")
        started._workflow_write({"state": "in_progress"})
        # The report answers the urging notices and the deadline reminders.
        followups.resolution_id.sudo().activity_feedback(
            [
                "joint_meeting.mail_activity_type_urge",
                "joint_meeting.mail_activity_type_resolution_due",
            ],
            feedback=self.env._("Progress reported"),
        )
        followups._link_co_parts()
        followups.resolution_id._refresh_next_implementation_reports()
        # Only a report awaiting review asks for one (history and data files
        # may create reports already reviewed).
        followups.filtered(lambda f: f.state == "submitted")._ask_review()
        return followups

    def _ask_review(self):
        """An activity for the supervision office's liaison to review the report."""
        activity_type = self.env.ref("joint_meeting.mail_activity_type_followup_review")
        supervision = (
            self.env["joint.meeting.organization"]
            .sudo()
            ._liaisons_by_company(self.company_id, "supervision")
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for followup in self:
            liaison = supervision[followup.company_id]
            if liaison:
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": followup.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": liaison.id,
                        "summary": liaison._joint_meeting_lang_env()._(
                            "Review the report of %(unit)s on %(matter)s",
                            unit=followup.organization_id.display_name,
                            matter=followup.resolution_id.name,
                        ),
                        "date_deadline": self.env["joint.meeting.calendar"]._today(
                            followup.company_id
                        ),
                    }
                )
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )

    def _workflow_locked(self):
        return self.filtered(lambda f: f.state == "accepted")

    def _workflow_locked_message(self):
        return self.env._(
            "An accepted follow-up report is part of the supervision record: it cannot be "
            "changed and cannot be deleted."
        )

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        content = set(vals) - self._workflow_free_fields()
        corrected = self.browse()
        if content and not self._workflow_authorised():
            self._check_reporting_user()
            # A returned report that its unit corrects goes back to the supervision office.
            corrected = self.filtered(lambda f: f.state == "returned")
        res = super().write(vals)
        if corrected:
            corrected._workflow_write({"state": "submitted", "rating": False})
            corrected._ask_review()
        return res

    # ------------------------------------------------------------------
    # Review by the supervision office
    # ------------------------------------------------------------------
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(
                self.env._("Art. 11: only the target supervision office reviews follow-up reports.")
            )

    @jm_action(steps="followup_review")
    def action_accept(self, rating=None, comment=False):
        self._check_supervisor()
        if self.filtered(lambda f: f.state != "submitted"):
            raise UserError(self.env._("Only submitted follow-up reports can be reviewed."))
        if not isinstance(rating, str) or rating not in dict(RATINGS):
            raise UserError(self.env._("Rate the implementation to accept the report."))
        comment = self._jm_text_arg(comment, self.env._("The comment"), required=False)
        self._workflow_write(
            {
                "state": "accepted",
                "rating": rating,
                "review_comment": comment,
                "reviewer_id": self.env.uid,
                "review_date": self.env["joint.meeting.calendar"]._today(
                    self.company_id[:1] or self.env.company
                ),
            }
        )
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_followup_review"], feedback=self.env._("Accepted")
        )
        self.resolution_id._refresh_next_implementation_reports()
        return True

    @jm_action(steps="followup_review")
    def action_return(self, comment=None):
        self._check_supervisor()
        if self.filtered(lambda f: f.state != "submitted"):
            raise UserError(self.env._("Only submitted follow-up reports can be reviewed."))
        if not isinstance(comment, str) or not comment.strip():
            raise UserError(self.env._("Say why the report is returned."))
        comment = self._jm_text_arg(comment, self.env._("The reason"))
        self._workflow_write(
            {
                "state": "returned",
                "rating": False,
                "review_comment": comment,
                "reviewer_id": self.env.uid,
                "review_date": self.env["joint.meeting.calendar"]._today(
                    self.company_id[:1] or self.env.company
                ),
            }
        )
        self.sudo().activity_feedback(
            ["joint_meeting.mail_activity_type_followup_review"], feedback=self.env._("Returned")
        )
        for followup in self:
            followup.sudo().message_post(
                body=self.env._("Returned by the supervision office: %(comment)s", comment=comment),
                partner_ids=followup.create_uid.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self.resolution_id._refresh_next_implementation_reports()
        return True

    @jm_action(steps="followup_review")
    def action_open_review(self):
        self._check_supervisor()
        return self.env["joint.meeting.followup.review"]._get_records_action(
            name=self.env._("Review Follow-up Report"),
            target="new",
            context={"default_followup_ids": self.ids},
        )
