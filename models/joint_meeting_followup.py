from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

RATINGS = [
    ("good", "Good"),
    ("fairly_good", "Fairly Good"),
    ("average", "Average"),
    ("poor", "Poor"),
]

# Fields the reporting unit writes; the review fields are the supervision office's.
REPORT_FIELDS = {"date", "progress", "percent", "outcome", "explanation", "attachment_ids"}
# The review is the supervision office's: written only by its actions.
REVIEW_FIELDS = frozenset({"state", "rating", "review_comment", "reviewer_id", "review_date"})


class JointMeetingFollowup(models.Model):
    """A unit's report on the implementation of an agreed matter (Art. 11),
    reviewed and rated by the target supervision office (目标督查办)."""

    _name = "joint.meeting.followup"
    _description = "Joint Meeting Follow-up Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _workflow_fields = REVIEW_FIELDS

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
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )

    _sql_constraints = [
        (
            "percent_range",
            "CHECK(percent >= 0 AND percent <= 100)",
            "The percent complete must be between 0 and 100.",
        ),
    ]

    @api.depends("state")
    def _compute_waiting_help(self):
        for followup in self:
            followup.waiting_help = (
                self.env._("Waiting for the supervision office to review this report.")
                if followup.state == "submitted"
                else ""
            )

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
        return res

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
        followups.resolution_id._refresh_next_implementation_reports()
        followups._ask_review()
        return followups

    def _ask_review(self):
        """An activity for the supervision office's liaison to review the report."""
        activity_type = self.env.ref("joint_meeting.mail_activity_type_followup_review")
        supervision = (
            self.env["joint.meeting.scheduler"]
            .sudo()
            ._organizations_by_company(self.company_id, "supervision")
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for followup in self:
            office = supervision[followup.company_id][:1]
            liaison = office._liaison() if office else False
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
            if content - REPORT_FIELDS:
                raise UserError(
                    self.env._(
                        "The review of a follow-up report is recorded with the review "
                        "buttons of the supervision office."
                    )
                )
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

    def action_open_review(self):
        self._check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review Follow-up Report"),
            "res_model": "joint.meeting.followup.review",
            "view_mode": "form",
            "target": "new",
            "context": {"default_followup_ids": self.ids},
        }
