from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..texts import file_name
from .joint_meeting_step import MEETING_DAY, Step, waiting_lines
from .joint_meeting_workflow_mixin import jm_action

TOPIC_CATEGORIES = [
    ("government_briefing", "(1) Government Briefing"),
    ("implementation_report", "(2) Implementation of Previous Agreed Matters"),
    ("organization_briefing", "(3) Mass Organisation Briefing"),
    ("rights_consultation", "(4) Consultation on the Groups' Rights and Interests"),
    ("self_building", "(5) Mass Organisation Building"),
    ("other", "(6) Other Common Concerns"),
]

SUB_AREAS = [
    ("employment", "Employment"),
    ("income", "Income Distribution"),
    ("social_security", "Social Security"),
    ("labour_safety", "Labour Safety and Health"),
    ("political_rights", "Democratic Political Rights"),
    ("cultural_rights", "Cultural Rights"),
    ("ecological_rights", "Ecological Rights"),
    ("other_rights", "Other Prominent Problems"),
    ("organization_building", "Organisation Building"),
    ("facilities", "Activity Facilities"),
    ("funds", "Funds and Property"),
    ("work_deployment", "Work Deployment"),
]
RIGHTS_AREAS = {k for k, _v in SUB_AREAS[:8]}
BUILDING_AREAS = {k for k, _v in SUB_AREAS[8:]}

# Art. 9: the organisation submits its draft or returned topics; the
# leadership approves (审定) the submitted ones before the meeting.
TOPIC_STEPS = (
    Step(
        "topic_submit",
        "submit",
        "organization",
        "joint.meeting.topic",
        "{r}.state IN ('draft', 'returned') AND {r}.active AND m.state = 'collecting'",
        units=("organization_id",),
        deadline="m.proposal_deadline",
        joins="JOIN joint_meeting m ON m.id = {r}.meeting_id",
        waiting=lambda env, topic, units, date: env._(
            "%(org)s submits this topic to the district government, by %(date)s.",
            org=units.name,
            date=date,
        ),
    ),
    Step(
        "topic_approve",
        "approve",
        "leader",
        "joint.meeting.topic",
        "{r}.state = 'submitted' AND {r}.active AND m.state = 'collecting'",
        deadline=MEETING_DAY.format(m="m"),
        joins="JOIN joint_meeting m ON m.id = {r}.meeting_id "
        "JOIN res_company c ON c.id = m.company_id",
        waiting=lambda env, topic, units, date: env._(
            "Waiting for the district government's leadership to approve (审定) the topic."
        ),
    ),
)


class JointMeetingTopic(models.Model):
    """A topic (议题) proposed for a joint meeting (Art. 7, 9)."""

    _name = "joint.meeting.topic"
    _description = "Joint Meeting Topic"
    _inherit = ["mail.thread", "mail.activity.mixin", "joint.meeting.workflow.mixin"]
    _order = "meeting_id, sequence, id"
    _joint_meeting_steps = TOPIC_STEPS
    _check_company_auto = True
    _write_by_steps = (
        "report_body state submit_date return_reason review_comment reviewer_id "
        "late_exception late_exception_reason consultation_ids"
    )
    _write_allow = {
        "draft": {
            "org@organization_id": "name meeting_id category sub_area background problems "
            "countermeasures department_ids attachment_ids",
            "off": "name meeting_id organization_id category sub_area background problems "
            "countermeasures department_ids attachment_ids sequence",
        },
        "submitted returned accepted": {
            "off": "name category sub_area background problems countermeasures "
            "department_ids attachment_ids sequence",
        },
    }
    _create_allow = {"org": "organization_id", "off": "organization_id"}
    _step_warnings = {"action_open_submit": ("org off", "_jm_warn_submit")}

    name = fields.Char(string="Title", required=True, tracking=True)
    meeting_id = fields.Many2one(
        "joint.meeting",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env["joint.meeting"].search(
            [("state", "=", "collecting")], order="date", limit=1
        ),
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, string="District"
    )
    organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Proposing Organisation",
        required=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.joint_meeting_organization_ids[:1],
        tracking=True,
    )
    category = fields.Selection(TOPIC_CATEGORIES, required=True, tracking=True)
    sub_area = fields.Selection(SUB_AREAS, string="Sub-area")
    background = fields.Html()
    problems = fields.Html(string="Problems Found")
    countermeasures = fields.Html(string="Proposed Countermeasures")
    report_body = fields.Html(string="Implementation Report", readonly=True)
    department_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_topic_department_rel",
        "topic_id",
        "organization_id",
        string="Departments Concerned",
        domain="[('kind', '=', 'department')]",
        check_company=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    sequence = fields.Integer(string="Agenda Order", default=10)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    submit_date = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(tracking=True, copy=False, readonly=True)
    review_comment = fields.Text(tracking=True, copy=False, readonly=True)
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False)
    late_exception = fields.Boolean(
        string="Late Submission Accepted", tracking=True, copy=False, readonly=True
    )
    late_exception_reason = fields.Text(tracking=True, copy=False, readonly=True)
    proposal_deadline = fields.Date(related="meeting_id.proposal_deadline")
    proposal_deadline_text = fields.Char(related="meeting_id.proposal_deadline_text")
    proposal_days_left = fields.Integer(related="meeting_id.proposal_days_left")
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting State")
    waiting_help = fields.Char(
        string="Next Step",
        compute="_compute_waiting_help",
        help="What happens next and who acts, shown at the top of the form.",
    )
    consultation_ids = fields.One2many("joint.meeting.consultation", "topic_id")
    active = fields.Boolean(default=True)
    # Set on the agreed matters, in the minutes: read here.
    resolution_ids = fields.Many2many(
        "joint.meeting.resolution",
        string="Agreed Matters",
        compute="_compute_resolution_ids",
        help="The agreed matters of the minutes that come from this topic.",
    )
    resolution_count = fields.Integer(
        string="Number of Agreed Matters", compute="_compute_resolution_ids"
    )

    @api.depends_context("uid")
    def _compute_resolution_ids(self):
        """The matters the user may read, in one search for all topics."""
        Resolution = self.env["joint.meeting.resolution"]
        real = self.filtered("id")
        matters = Resolution.search([("topic_ids", "in", real.ids)]) if real.ids else Resolution
        by_topic = {}
        for matter in matters:
            for topic in matter.sudo().topic_ids:
                by_topic.setdefault(topic.id, []).append(matter.id)
        for topic in self:
            ids = by_topic.get(topic._origin.id, [])
            topic.resolution_ids = Resolution.browse(ids)
            topic.resolution_count = len(ids)

    @jm_action()
    def action_view_resolutions(self):
        """From a topic, the agreed matters it led to and their state."""
        self._jm_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_resolution_action"
        )
        matters = self.resolution_ids
        action.update(
            {
                "name": self.env._("Agreed Matters from %(topic)s", topic=self.name),
                "domain": [("topic_ids", "in", self.ids)],
                "context": {"create": False},
            }
        )
        if len(matters) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": matters.id})
        return action

    @api.constrains("category", "sub_area")
    def _check_sub_area(self):
        for topic in self:
            if topic.category == "rights_consultation" and topic.sub_area not in RIGHTS_AREAS:
                raise ValidationError(
                    self.env._(
                        "Art. 7(4): choose the area of the groups' rights and interests "
                        "(employment, income distribution, social security, ...)."
                    )
                )
            if topic.category == "self_building" and topic.sub_area not in BUILDING_AREAS:
                raise ValidationError(
                    self.env._(
                        "Art. 7(5): choose the area of organisation building (organisation "
                        "building, activity facilities, funds and property, work deployment)."
                    )
                )
            if topic.category not in ("rights_consultation", "self_building") and topic.sub_area:
                topic.sub_area = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("category") == "implementation_report" and not self._workflow_authorised():
                raise UserError(
                    self.env._(
                        "Art. 7(2): the report on the previous meeting's agreed matters is "
                        "compiled by the system, not typed."
                    )
                )
        topics = super().create(vals_list)
        for topic in topics:
            if (
                topic.meeting_id.state not in ("draft", "collecting")
                and not self._workflow_authorised()
            ):
                raise UserError(
                    self.env._("Topics can be proposed only while the meeting collects proposals.")
                )
        return topics

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        if not self._workflow_authorised():
            reports = self.filtered(lambda t: t.category == "implementation_report")
            typed = vals.get("category") == "implementation_report" or (
                reports and set(vals) - self._workflow_free_fields() - {"sequence"}
            )
            if typed:
                raise UserError(
                    self.env._(
                        "Art. 7(2): the report on the previous meeting's agreed matters is "
                        "compiled by the system, not typed."
                    )
                )
        return super().write(vals)

    def _workflow_check_unlink(self):
        # The system deletes its own Art. 7(2) report once no longer needed.
        if not self._workflow_transition() and self.filtered(
            lambda t: t.state not in ("draft", "withdrawn")
        ):
            raise UserError(
                self.env._(
                    "A submitted, accepted or returned topic cannot be deleted; withdraw "
                    "or archive it instead."
                )
            )
        return super()._workflow_check_unlink()

    # ------------------------------------------------------------------
    # Lead time (Art. 9)
    # ------------------------------------------------------------------
    def _check_lead_time(self):
        """Art. 9: proposals at least N days (company setting) before the meeting."""
        engine = self.env["joint.meeting.calendar"]
        for topic in self:
            meeting = topic.meeting_id
            today = engine._today(meeting.company_id)
            if not meeting.date:
                raise UserError(
                    self.env._(
                        "The meeting has no date yet: the deadline of Art. 9 cannot be counted."
                    )
                )
            if today > meeting.proposal_deadline and not topic.late_exception:
                raise UserError(
                    self.env._(
                        "Art. 9: topics are submitted in writing before the meeting; the "
                        "deadline for %(meeting)s was %(deadline)s (%(counted)s). "
                        "Only the government office can accept a late topic, with a reason.",
                        meeting=meeting.name,
                        deadline=self.env["joint.meeting.calendar"]._format_date(
                            meeting.proposal_deadline
                        ),
                        counted=meeting.proposal_deadline_text,
                    )
                )

    def _jm_warn_submit(self):
        """Art. 9: a topic past the proposal deadline is refused unless the
        office accepted it late: say so before the unit submits."""
        self.ensure_one()
        meeting = self.meeting_id
        if (
            self.state not in ("draft", "returned")
            or self.late_exception
            or meeting.state != "collecting"
            or not meeting.proposal_deadline
        ):
            return ""
        engine = self.env["joint.meeting.calendar"]
        today = engine._today(meeting.company_id)
        if today <= meeting.proposal_deadline:
            return ""
        return self.env._(
            "Art. 9: the deadline for proposals to %(meeting)s was %(deadline)s, %(days)s days "
            "ago. A late topic is submitted only once the government office has accepted it "
            "with a reason: ask the office first.",
            meeting=meeting.name,
            deadline=engine._format_date(meeting.proposal_deadline, today),
            days=(today - meeting.proposal_deadline).days,
        )

    @api.depends("state", "active", "organization_id", "meeting_id.state", "proposal_deadline")
    def _compute_waiting_help(self):
        lines = waiting_lines(self)
        for topic in self:
            topic.waiting_help = lines.get(topic, "")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_own_organization(self):
        user = self.env.user
        if self.env.su or user.has_group("joint_meeting.group_joint_meeting_office"):
            return
        for topic in self:
            if topic.organization_id not in user.joint_meeting_organization_ids:
                raise UserError(
                    self.env._(
                        "Only %(org)s can act on its own topics.", org=topic.organization_id.name
                    )
                )

    def _jm_when_not_late_yet(self):
        if self.late_exception:
            return self.env._("The government office has already accepted this topic late.")
        return ""

    @jm_action(steps="topic_submit", roles="off")
    def action_submit(self):
        self._check_own_organization()
        for topic in self:
            if topic.state not in ("draft", "returned"):
                raise UserError(self.env._("Only a draft or returned topic can be submitted."))
            if topic.meeting_id.state != "collecting":
                raise UserError(
                    self.env._(
                        "Meeting %(name)s does not collect proposals now.",
                        name=topic.meeting_id.name,
                    )
                )
            if self._jm_html_empty(topic.countermeasures):
                raise UserError(
                    self.env._(
                        "Art. 9: a topic proposes feasible countermeasures; fill them in "
                        "before submitting."
                    )
                )
        self._check_lead_time()
        self._workflow_write(
            {"state": "submitted", "submit_date": fields.Datetime.now(), "return_reason": False}
        )
        for topic in self:
            topic.meeting_id.sudo().message_post(
                body=self.env._(
                    "%(org)s submitted the topic %(topic)s.",
                    org=topic.organization_id.name,
                    topic=topic.name,
                )
            )
        return True

    @jm_action(states="draft submitted returned", roles="org@organization_id off")
    def action_withdraw(self):
        self._check_own_organization()
        if self.filtered(lambda t: t.state not in ("draft", "submitted", "returned")):
            raise UserError(self.env._("An accepted topic can no longer be withdrawn."))
        self._workflow_write({"state": "withdrawn"})
        return True

    @jm_action(states="withdrawn returned", roles="org@organization_id off")
    def action_reset_draft(self):
        self._check_own_organization()
        if self.filtered(lambda t: t.state not in ("withdrawn", "returned")):
            raise UserError(self.env._("Only a withdrawn or returned topic goes back to draft."))
        self._workflow_write({"state": "draft"})
        return True

    def _check_reviewer(self):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_leader"
        ):
            raise UserError(
                self.env._(
                    "Art. 9: topics are approved (审定) by the district government's "
                    "leadership, not by the office or the organisations."
                )
            )
        if self.filtered(lambda t: t.state != "submitted"):
            raise UserError(self.env._("Only a submitted topic can be accepted or returned."))
        if self.filtered(lambda t: t.meeting_id.state != "collecting"):
            raise UserError(self.env._("The meeting's agenda is already fixed."))

    @jm_action(steps="topic_approve")
    def action_accept(self, comment=False):
        self._check_reviewer()
        comment = self._jm_text_arg(comment, self.env._("The comment"), required=False)
        self._workflow_write(
            {"state": "accepted", "review_comment": comment, "reviewer_id": self.env.uid}
        )
        return True

    @jm_action(steps="topic_approve")
    def action_return(self, reason=None):
        self._check_reviewer()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the topic is returned."))
        reason = self._jm_text_arg(reason, self.env._("The reason"))
        self._workflow_write(
            {"state": "returned", "return_reason": reason, "reviewer_id": self.env.uid}
        )
        return True

    @jm_action(states="draft returned", roles="off", when="_jm_when_not_late_yet")
    def action_grant_late_exception(self, reason=None):
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_office"
        ):
            raise UserError(self.env._("Only the government office can accept a late topic."))
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._("Art. 9: an exception to the proposal deadline needs a reason.")
            )
        reason = self._jm_text_arg(reason, self.env._("The reason"))
        self._workflow_write({"late_exception": True, "late_exception_reason": reason})
        return True

    @jm_action(steps="topic_submit", roles="off")
    def action_open_submit(self):
        self._jm_ensure_one()
        self._check_own_organization()
        return self.env["joint.meeting.topic.submit"]._get_records_action(
            name=self.env._("Submit Proposal"),
            target="new",
            context={
                "default_meeting_id": self.meeting_id.id,
                "default_organization_id": self.organization_id.id,
            },
        )

    @jm_action(steps="topic_approve")
    def action_open_review(self):
        self._check_reviewer()
        return self._open_wizard("joint.meeting.topic.review", self.env._("Review Topic"))

    @jm_action(states="draft returned", roles="off", when="_jm_when_not_late_yet")
    def action_open_late_exception(self):
        if not self.env.user.has_group("joint_meeting.group_joint_meeting_office"):
            raise UserError(self.env._("Only the government office can accept a late topic."))
        return self._open_wizard("joint.meeting.topic.late", self.env._("Accept a Late Topic"))

    def _open_wizard(self, model, name):
        self.check_access("read")
        return self.env[model]._get_records_action(
            name=name, target="new", context={"default_topic_ids": self.ids}
        )

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Topic Proposal Form")
        return file_name(kind, self.name)
