from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEETING_STATES = [
    ("draft", "Draft"),
    ("collecting", "Proposal Collection"),
    ("approved", "Approved"),
    ("held", "Held"),
    ("minutes_issued", "Minutes Issued"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class JointMeeting(models.Model):
    """A joint meeting (联席会议, Art. 1): the centre of every other record."""

    _name = "joint.meeting"
    _description = "Joint Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company",
        string="District",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    meeting_type = fields.Selection(
        [("regular", "Regular (Annual)"), ("extraordinary", "Extraordinary")],
        string="Type",
        required=True,
        default="regular",
        tracking=True,
    )
    extraordinary_reason = fields.Text(
        help="Art. 8: the special circumstances or major issue that call for an "
        "extraordinary meeting."
    )
    requesting_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Requested By",
        check_company=True,
    )
    year = fields.Integer(
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    date = fields.Datetime(string="Meeting Date", tracking=True)
    place = fields.Char(tracking=True)
    chair_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("joint_meeting.group_joint_meeting_leader").ids)
        ],
        help="Art. 10: the district head or a deputy district head.",
    )
    preparing_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Preparing Organisation",
        check_company=True,
        tracking=True,
        domain="[('kind', '=', 'mass')]",
        help="Art. 6: the mass organisations prepare the meetings in turn.",
    )
    rotation_organization_id = fields.Many2one(
        "joint.meeting.organization",
        string="Next in Rotation",
        compute="_compute_rotation_organization_id",
        help="The mass organisation whose turn it is (Art. 6).",
    )
    rotation_override_reason = fields.Text(
        string="Reason for Another Preparing Organisation", tracking=True
    )
    attendee_organization_ids = fields.Many2many(
        "joint.meeting.organization",
        "joint_meeting_attendee_organization_rel",
        "meeting_id",
        "organization_id",
        string="Participating Organisations",
        check_company=True,
    )
    state = fields.Selection(
        MEETING_STATES, required=True, default="draft", tracking=True, copy=False, index=True
    )
    cancel_reason = fields.Text(copy=False, tracking=True)
    calendar_event_id = fields.Many2one("calendar.event", copy=False, readonly=True)
    topic_ids = fields.One2many("joint.meeting.topic", "meeting_id", string="Topics")
    consultation_ids = fields.One2many(
        "joint.meeting.consultation", "meeting_id", string="Consultations"
    )
    topic_count = fields.Integer(compute="_compute_counts")
    consultation_count = fields.Integer(compute="_compute_counts")
    missing_reply_count = fields.Integer(string="Missing Replies", compute="_compute_counts")
    proposal_deadline = fields.Date(
        compute="_compute_proposal_deadline",
        store=True,
        help="Art. 9: proposals are due this many days before the meeting.",
    )
    proposal_days_left = fields.Integer(
        string="Days Left for Proposals", compute="_compute_proposal_days_left"
    )
    previous_meeting_id = fields.Many2one(
        "joint.meeting",
        compute="_compute_previous_meeting_id",
    )
    note = fields.Html(string="Notes")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    # --- minutes and agreed matters ---
    attendance_ids = fields.One2many("joint.meeting.attendance", "meeting_id")
    minutes_ids = fields.One2many("joint.meeting.minutes", "meeting_id")
    resolution_ids = fields.One2many(
        "joint.meeting.resolution", "meeting_id", string="Agreed Matters"
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A joint meeting with this name already exists in this district.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("topic_ids", "consultation_ids.state")
    def _compute_counts(self):
        for meeting in self:
            meeting.topic_count = len(meeting.topic_ids)
            meeting.consultation_count = len(meeting.consultation_ids)
            meeting.missing_reply_count = len(
                meeting.consultation_ids.filtered(lambda c: c.state == "waiting")
            )

    @api.depends("date", "company_id.joint_meeting_proposal_lead_days")
    def _compute_proposal_deadline(self):
        for meeting in self:
            if meeting.date:
                days = meeting.company_id.joint_meeting_proposal_lead_days
                meeting.proposal_deadline = meeting._local_date() - timedelta(days=days)
            else:
                meeting.proposal_deadline = False

    @api.depends("proposal_deadline")
    def _compute_proposal_days_left(self):
        today = fields.Date.context_today(self)
        for meeting in self:
            meeting.proposal_days_left = (
                (meeting.proposal_deadline - today).days if meeting.proposal_deadline else 0
            )

    @api.depends("date", "company_id")
    def _compute_previous_meeting_id(self):
        for meeting in self:
            if not meeting.date:
                meeting.previous_meeting_id = False
                continue
            meeting.previous_meeting_id = self.search(
                [
                    ("company_id", "=", meeting.company_id.id),
                    ("date", "<", meeting.date),
                    ("state", "!=", "cancelled"),
                    ("id", "!=", meeting._origin.id or 0),
                ],
                order="date desc, id desc",
                limit=1,
            )

    @api.depends("company_id", "date")
    def _compute_rotation_organization_id(self):
        for meeting in self:
            meeting.rotation_organization_id = self._rotation_for(
                meeting.company_id, meeting.date, meeting._origin.id
            )

    @api.model
    def _rotation_for(self, company, date=False, exclude_id=False):
        """Art. 6: the mass organisation after the preparer of the meeting
        held before ``date`` (or of the latest meeting)."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "!=", "cancelled"),
            ("preparing_organization_id", "!=", False),
        ]
        if exclude_id:
            domain.append(("id", "!=", exclude_id))
        if date:
            domain.append(("date", "<", date))
        last = self.search(domain, order="date desc, id desc", limit=1)
        return self.env["joint.meeting.organization"]._next_in_rotation(
            last.preparing_organization_id, company
        )

    def _local_date(self):
        """The meeting date in the user's time zone."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(self, self.date).date()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("meeting_type", "year", "company_id", "state", "active")
    def _check_one_regular_meeting_per_year(self):
        for meeting in self.filtered(lambda m: m.meeting_type == "regular"):
            count = self.search_count(
                [
                    ("company_id", "=", meeting.company_id.id),
                    ("year", "=", meeting.year),
                    ("meeting_type", "=", "regular"),
                    ("state", "!=", "cancelled"),
                    ("id", "!=", meeting.id),
                ]
            )
            if count and meeting.state != "cancelled":
                raise ValidationError(
                    self.env._(
                        "Art. 8: the joint meeting is held once a year in principle; "
                        "%(year)s already has a regular meeting in this district. "
                        "Hold an extraordinary meeting instead.",
                        year=meeting.year,
                    )
                )

    @api.constrains("meeting_type", "extraordinary_reason")
    def _check_extraordinary_reason(self):
        for meeting in self:
            if (
                meeting.meeting_type == "extraordinary"
                and not (meeting.extraordinary_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 8: an extraordinary meeting needs the special circumstances "
                        "or major issue that call for it."
                    )
                )

    @api.constrains("chair_id")
    def _check_chair_is_leader(self):
        for meeting in self.filtered("chair_id"):
            if not meeting.chair_id.has_group("joint_meeting.group_joint_meeting_leader"):
                raise ValidationError(
                    self.env._(
                        "Art. 10: the joint meeting is chaired by the district head or a "
                        "deputy district head; %(user)s does not hold the leadership role.",
                        user=meeting.chair_id.name,
                    )
                )

    @api.constrains("date", "year")
    def _check_date_year(self):
        for meeting in self.filtered("date"):
            if meeting._local_date().year != meeting.year:
                raise ValidationError(
                    self.env._("The meeting date must fall in the meeting's year.")
                )

    @api.constrains("preparing_organization_id", "rotation_override_reason")
    def _check_rotation_override_reason(self):
        for meeting in self:
            expected = meeting.rotation_organization_id
            if (
                meeting.preparing_organization_id
                and expected
                and meeting.preparing_organization_id != expected
                and not (meeting.rotation_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Art. 6: the mass organisations prepare the meetings in turn and "
                        "it is %(org)s's turn; give the reason for choosing another "
                        "preparing organisation.",
                        org=expected.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if vals.get("date") and not vals.get("year"):
                vals["year"] = fields.Datetime.to_datetime(vals["date"]).year
            if not vals.get("preparing_organization_id"):
                vals["preparing_organization_id"] = self._rotation_for(company, vals.get("date")).id
            if vals.get("name", "/") == "/":
                year = vals.get("year") or fields.Date.context_today(self).year
                count = self.with_context(active_test=False).search_count(
                    [("company_id", "=", company.id), ("year", "=", year)]
                )
                vals["name"] = self.env._(
                    "%(year)s Joint Meeting No. %(number)s", year=year, number=count + 1
                )
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if {"date", "place", "name", "attendee_organization_ids"} & set(vals):
            self.filtered("calendar_event_id")._sync_calendar_event()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for meeting in self:
            if meeting.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Meeting %(name)s is under way or done and cannot be deleted; "
                        "cancel or archive it instead.",
                        name=meeting.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for meeting in self:
            if meeting.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(action)s is not possible for meeting %(name)s in state %(state)s.",
                        action=action,
                        name=meeting.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            meeting.state
                        ],
                    )
                )

    def _check_group(self, group_xmlid, action):
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise UserError(self.env._("You are not allowed to %(action)s.", action=action))

    def action_open_collection(self):
        self._check_group("joint_meeting.group_joint_meeting_office", self.env._("open proposals"))
        self._check_state(("draft",), self.env._("Opening proposal collection"))
        for meeting in self:
            if not meeting.date:
                raise UserError(
                    self.env._(
                        "Set the planned meeting date first: the proposal deadline of "
                        "Art. 9 is counted back from it."
                    )
                )
            if meeting.date < fields.Datetime.now():
                raise UserError(self.env._("The meeting date is in the past."))
        self.write({"state": "collecting"})
        return True

    def action_approve(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_leader", self.env._("approve the meeting")
        )
        self._check_state(("collecting",), self.env._("Approval"))
        for meeting in self:
            if not (meeting.date and meeting.place and meeting.chair_id):
                raise UserError(
                    self.env._(
                        "Art. 9: the district government fixes the time, place and details "
                        "of the meeting; set the date, the place and the chair before approving."
                    )
                )
            if not meeting.topic_ids.filtered(lambda t: t.state == "accepted"):
                raise UserError(
                    self.env._("Accept at least one topic before approving the agenda.")
                )
            if meeting.topic_ids.filtered(lambda t: t.state == "submitted"):
                raise UserError(
                    self.env._(
                        "Some submitted topics are still waiting for approval: accept or "
                        "return them first."
                    )
                )
        self.write({"state": "approved"})
        self._sync_calendar_event()
        return True

    def action_mark_held(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("record the meeting")
        )
        self._check_state(("approved",), self.env._("Marking as held"))
        self.write({"state": "held"})
        return True

    def action_close(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("close the meeting")
        )
        self._check_state(("minutes_issued",), self.env._("Closing"))
        self.write({"state": "closed"})
        return True

    def action_reset_draft(self):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("reset the meeting")
        )
        self._check_state(("cancelled", "collecting"), self.env._("Resetting to draft"))
        self.write({"state": "draft", "cancel_reason": False})
        return True

    def action_cancel(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Meeting"),
            "res_model": "joint.meeting.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    def _do_cancel(self, reason):
        self._check_group(
            "joint_meeting.group_joint_meeting_office", self.env._("cancel the meeting")
        )
        self._check_state(("draft", "collecting", "approved"), self.env._("Cancelling"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the meeting."))
        self.write({"state": "cancelled", "cancel_reason": reason})
        self.consultation_ids.filtered(lambda c: c.state in ("to_send", "waiting")).write(
            {"state": "cancelled"}
        )
        self.calendar_event_id.sudo().action_archive()

    def action_view_topics(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_topic_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    def action_view_consultations(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "joint_meeting.joint_meeting_consultation_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_waiting": 1}
        return action

    def action_send_consultations(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Consultations"),
            "res_model": "joint.meeting.consultation.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_minutes_issue_reminder(self, batch_size=500):
        """Art. 11: remind the office of held meetings whose minutes are not
        issued within the district's minutes issue time. Idempotent: one open
        activity per meeting and office user."""
        activity_type = self.env.ref("joint_meeting.mail_activity_type_minutes_overdue")
        now = fields.Datetime.now()
        meetings = self.search([("state", "=", "held")], order="id")
        due = meetings.filtered(
            lambda m: (
                m.date and m.date + timedelta(days=m.company_id.joint_meeting_minutes_days) < now
            )
        )
        office = self.env.ref("joint_meeting.group_joint_meeting_office").users
        existing = {
            (a.res_id, a.user_id.id)
            for a in self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", due.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        done = 0
        for meeting in due[:batch_size]:
            for user in office.filtered(lambda u, m=meeting: m.company_id in u.company_ids):
                if (meeting.id, user.id) in existing:
                    continue
                meeting.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=self.env._(
                        "Art. 11: the minutes of %(name)s are not issued yet", name=meeting.name
                    ),
                )
            done += 1
        self.env["ir.cron"]._notify_progress(done=done, remaining=max(len(due) - done, 0))
        return done

    # ------------------------------------------------------------------
    # Calendar
    # ------------------------------------------------------------------
    def _attendee_partners(self):
        self.ensure_one()
        users = self.attendee_organization_ids.member_ids | self.chair_id
        users |= self.preparing_organization_id.member_ids
        return users.partner_id

    def _sync_calendar_event(self):
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
        )
        for meeting in self.filtered("date"):
            vals = {
                "name": meeting.name,
                "start": meeting.date,
                "stop": meeting.date + timedelta(hours=3),
                "location": meeting.place,
                "partner_ids": [fields.Command.set(meeting._attendee_partners().ids)],
                "user_id": meeting.chair_id.id or self.env.user.id,
                "res_model_id": self.env["ir.model"]._get_id("joint.meeting"),
                "res_id": meeting.id,
            }
            if meeting.calendar_event_id:
                meeting.calendar_event_id.sudo().write(vals)
            else:
                meeting.calendar_event_id = Event.create(vals)
