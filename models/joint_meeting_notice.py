from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..texts import file_name
from .joint_meeting_reminder import BATCH_SIZE, commit_progress
from .joint_meeting_step import Step
from .joint_meeting_workflow_mixin import jm_action

NOTICE_COLOURS = [
    ("blue", "Blue Reminder"),
    ("yellow", "Yellow Supervision Notice"),
    ("red", "Red Supervision Notice"),
]

# The supervision office numbers and issues each prepared notice of a matter
# still open, by the matter's deadline.
NOTICE_STEPS = (
    Step(
        "notice_issue",
        "issue",
        "supervisor",
        "joint.meeting.notice",
        "{r}.state = 'draft' AND s.active AND s.state IN ('open', 'in_progress')",
        deadline="s.deadline",
        joins="JOIN joint_meeting_resolution s ON s.id = {r}.resolution_id",
        title="s.name",
        meeting="s.meeting_id",
    ),
)


class JointMeetingNotice(models.Model):
    """A supervision notice by colour (三色督办单): a blue reminder when the
    deadline approaches, a yellow notice to the unit when the matter is
    behind its plan or weakly rated, a red notice escalated to the leader in
    charge (the meeting's chair) when it is overdue. Prepared automatically
    from the traffic light, numbered and issued by the supervision office."""

    _name = "joint.meeting.notice"
    _description = "Joint Meeting Supervision Notice"
    _inherit = ["mail.thread", "joint.meeting.workflow.mixin"]
    _order = "id desc"
    _joint_meeting_steps = NOTICE_STEPS
    _check_company_auto = True
    # Prepared by the supervision steps, issued by the supervision office.
    _write_by_steps = (
        "resolution_id colour reason organization_id leader_id deadline state number "
        "issue_date issued_by "
        # the OFD copy (models/joint_meeting_ofd.py)
        "ofd_attachment_id ofd_sha256 ofd_sealed_date ofd_seal_sequence ofd_seal_hash"
    )
    _write_allow = {}

    resolution_id = fields.Many2one(
        "joint.meeting.resolution",
        string="Agreed Matter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="District"
    )
    colour = fields.Selection(NOTICE_COLOURS, required=True, index=True)
    reason = fields.Char(help="The rule of the traffic light that prepared the notice.")
    organization_id = fields.Many2one(
        "joint.meeting.organization", string="Addressed To", check_company=True
    )
    leader_id = fields.Many2one(
        "res.users", string="Leader in Charge", help="Red notices are copied to this leader."
    )
    deadline = fields.Date(help="The deadline of the matter when the notice was prepared.")
    state = fields.Selection(
        [("draft", "Prepared"), ("issued", "Issued")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    number = fields.Char(copy=False, index=True)
    issue_date = fields.Date(copy=False)
    issued_by = fields.Many2one("res.users", copy=False)

    _matter_colour_deadline_uniq = models.Constraint(
        "unique(resolution_id, colour, deadline)",
        "This notice was already prepared.",
    )

    @api.depends("colour", "number", "resolution_id.name")
    def _compute_display_name(self):
        colours = dict(self._fields["colour"]._description_selection(self.env))
        for notice in self:
            notice.display_name = " ".join(
                filter(None, [colours.get(notice.colour), notice.number, notice.resolution_id.name])
            )

    def _workflow_locked(self):
        return self.filtered(lambda n: n.state == "issued")

    def _workflow_locked_message(self):
        return self.env._("An issued supervision notice cannot be changed or deleted.")

    @api.model
    def _cron_prepare_notices(self, batch_size=None):
        """Scheduled action: prepare the blue, yellow and red notices, one
        batch at a time, each committed with its progress reported to the
        cron runner (which calls again while work remains)."""
        notices, remaining = self._prepare_notices(batch_size or BATCH_SIZE)
        commit_progress(self.env, len(notices), remaining)
        return len(notices), remaining

    @api.model
    def _withdraw_stale(self, matters):
        """Prepared (not issued) notices that no longer apply are withdrawn:
        the matter's deadline moved (an approved extension), the matter is
        closed, or its traffic light no longer calls for that colour. Issued
        notices stay: they are official records."""
        prepared = self.sudo().search(
            [("resolution_id", "in", matters.ids), ("state", "=", "draft")]
        )
        if not prepared:
            return self.browse()
        engine = self.env["joint.meeting.calendar"]
        todays = {company: engine._today(company) for company in prepared.company_id}
        stale = self.browse()
        for notice in prepared:
            matter = notice.resolution_id
            colour = matter._traffic_light_and_reason(todays[notice.company_id])[0]
            if (
                matter.state not in ("open", "in_progress")
                or notice.deadline != matter.deadline
                or notice.colour != colour
            ):
                stale |= notice
        for notice in stale:
            notice.resolution_id.sudo().message_post(
                body=self.env._(
                    "The prepared %(notice)s is withdrawn: it no longer applies (deadline "
                    "%(deadline)s, state %(state)s).",
                    notice=notice.display_name,
                    deadline=engine._format_date(notice.resolution_id.deadline),
                    state=dict(
                        notice.resolution_id._fields["state"]._description_selection(self.env)
                    ).get(notice.resolution_id.state),
                ),
                subtype_xmlid="mail.mt_note",
            )
        stale._workflow_env().unlink()
        return stale

    @api.model
    def _prepare_notices(self, limit=None):
        """One prepared notice per open matter, colour and deadline, from the
        traffic light: two runs prepare nothing twice (a unique constraint
        holds it in the database too). Returns (notices, how many remain)."""
        engine = self.env["joint.meeting.calendar"]
        # First what the days that passed made stale (a blue reminder of a
        # matter that turned red, ...).
        self._withdraw_stale(self.sudo().search([("state", "=", "draft")]).resolution_id)
        matters = self.env["joint.meeting.resolution"].search(
            [("traffic_light", "in", [c for c, _label in NOTICE_COLOURS])], order="id"
        )
        existing = {
            (n.resolution_id.id, n.colour, n.deadline)
            for n in self.search([("resolution_id", "in", matters.ids)])
        }
        todays = {company: engine._today(company) for company in matters.company_id}
        # The reason and the creation message are written in the district's
        # language, whoever runs this (the scheduled action has none).
        langs = {company: company._joint_meeting_lang() for company in matters.company_id}
        vals_by_lang = defaultdict(list)
        for matter in matters:
            lang = langs[matter.company_id]
            colour, reason = matter.with_context(lang=lang)._traffic_light_and_reason(
                todays[matter.company_id]
            )
            if colour not in dict(NOTICE_COLOURS) or (matter.id, colour, matter.deadline) in (
                existing
            ):
                continue
            vals_by_lang[lang].append(
                {
                    "resolution_id": matter.id,
                    "colour": colour,
                    "reason": reason,
                    "organization_id": matter.lead_unit_id.id,
                    "leader_id": matter.meeting_id.chair_id.id if colour == "red" else False,
                    "deadline": matter.deadline,
                }
            )
        notices = self.browse()
        limit = limit or sum(len(vals_list) for vals_list in vals_by_lang.values())
        remaining = 0
        for lang, vals_list in vals_by_lang.items():
            room = limit - len(notices)
            remaining += max(len(vals_list) - room, 0)
            if room > 0:
                notices |= self.with_context(lang=lang)._workflow_create(vals_list[:room])
        return notices.with_env(self.env), remaining

    @jm_action(steps="notice_issue")
    def action_issue(self):
        """The supervision office numbers and issues the notice; the unit (and,
        for a red notice, the leader in charge) is notified."""
        self._jm_ensure_one()
        if not self.env.su and not self.env.user.has_group(
            "joint_meeting.group_joint_meeting_supervisor"
        ):
            raise UserError(self.env._("Only the supervision office issues supervision notices."))
        if self.state != "draft":
            raise UserError(self.env._("This supervision notice is already issued."))
        company = self.company_id
        today = self.env["joint.meeting.calendar"]._today(company)
        number = company._joint_meeting_next_number("joint.meeting.notice", today)
        self._workflow_write(
            {"state": "issued", "number": number, "issue_date": today, "issued_by": self.env.uid}
        )
        liaison = self.organization_id.sudo()._liaison() if self.organization_id else False
        partners = (liaison.partner_id if liaison else self.env["res.partner"]) | (
            self.leader_id.partner_id
        )
        self.resolution_id.sudo().message_post(
            body=self.env._(
                "%(notice)s issued to %(unit)s: %(reason)s",
                notice=self.display_name,
                unit=self.organization_id.display_name,
                reason=self.reason or "",
            ),
            partner_ids=partners.ids,
            subtype_xmlid="mail.mt_comment",
        )
        return True

    @jm_action(states="issued")
    def action_print(self):
        self._jm_ensure_one()
        if self.state != "issued":
            raise UserError(self.env._("Issue the supervision notice before printing it."))
        return self.env.ref(
            "joint_meeting.action_report_joint_meeting_supervision_notice"
        ).report_action(self)

    def _joint_meeting_print_name(self):
        """The name of the printed file (without its extension), in the
        user's language: the kind of document and which one."""
        self.ensure_one()
        kind = self.env._("Supervision Notice")
        return file_name(kind, self.number or "")


class ReportJointMeetingSupervisionNotice(models.AbstractModel):
    """The print routes (``/report/pdf/...``, ``/report/html/...``) apply the
    rule of the Print button: only an issued notice, with its number, prints."""

    _name = "report.joint_meeting.report_joint_meeting_supervision_notice"
    _description = "Supervision Notice Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        notices = self.env["joint.meeting.notice"].browse(docids)
        notices.check_access("read")
        if notices.filtered(lambda n: n.state != "issued"):
            raise UserError(
                self.env._(
                    "Issue the supervision notice before printing it: a prepared notice has "
                    "no number and is not a document yet."
                )
            )
        return {"doc_ids": docids, "doc_model": "joint.meeting.notice", "docs": notices}
