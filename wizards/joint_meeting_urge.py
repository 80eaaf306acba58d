from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class JointMeetingUrge(models.TransientModel):
    """Urging notice (催办通知) of the target supervision office to the units
    of one or many agreed matters (Art. 11)."""

    _name = "joint.meeting.urge"
    _description = "Urge Units on Agreed Matters"

    resolution_ids = fields.Many2many(
        "joint.meeting.resolution",
        string="Agreed Matters",
        required=True,
        domain="[('state', 'in', ('open', 'in_progress'))]",
    )
    include_co_units = fields.Boolean(
        string="Urge the Co-units Too", help="By default only the lead unit is urged."
    )
    message = fields.Text(
        required=True,
        default=lambda self: self.env._(
            "Please speed up the implementation of this agreed matter and report its "
            "progress in writing."
        ),
    )
    reply_date = fields.Date(
        string="Report By",
        required=True,
        default=lambda self: self._default_reply_date(),
    )
    reply_date_text = fields.Char(string="Report Time Counted", compute="_compute_reply_date_text")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "resolution_ids" in fields_list
            and not res.get("resolution_ids")
            and self.env.context.get("active_model") == "joint.meeting.resolution"
        ):
            res["resolution_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return res

    def _company(self):
        return self.resolution_ids.company_id[:1] or self.env.company

    @api.model
    def _default_reply_date(self):
        engine = self.env["joint.meeting.calendar"]
        company = self.env.company
        return engine._deadline(company, "urge", engine._today(company))

    @api.depends("reply_date", "resolution_ids")
    def _compute_reply_date_text(self):
        engine = self.env["joint.meeting.calendar"]
        for wizard in self:
            company = wizard._company()
            wizard.reply_date_text = engine._describe(
                company, "urge", engine._today(company), wizard.reply_date
            )

    def _sequence(self, company):
        return company._joint_meeting_sequence("joint.meeting.urge")

    def action_urge(self):
        self.ensure_one()
        resolutions = self.resolution_ids
        resolutions._check_supervisor()
        if resolutions.filtered(lambda r: r.state not in ("open", "in_progress")):
            raise UserError(self.env._("Only open agreed matters can be urged."))
        if self.reply_date < self.env["joint.meeting.calendar"]._today(self._company()):
            raise UserError(self.env._("The report-by date cannot be in the past."))
        activity_type = self.env.ref("joint_meeting.mail_activity_type_urge")
        open_activities = {
            (activity.res_id, activity.user_id.id)
            for activity in self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", resolutions._name),
                    ("res_id", "in", resolutions.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id(resolutions._name)
        today = self.env["joint.meeting.calendar"]._today(self._company())
        activities = []
        numbers = []
        bodies = {}
        sequences = {}
        for resolution in resolutions:
            units = resolution.lead_unit_id
            if self.include_co_units:
                units |= resolution.co_unit_ids
            if resolution.company_id not in sequences:  # one lookup per district
                sequences[resolution.company_id] = self._sequence(resolution.company_id)
            number = sequences[resolution.company_id].next_by_id()
            numbers.append(number)
            for unit in units:
                liaison = unit._liaison()
                if not liaison:
                    continue
                if (resolution.id, liaison.id) in open_activities:
                    continue
                open_activities.add((resolution.id, liaison.id))
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": resolution.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": liaison.id,
                        "summary": liaison._joint_meeting_lang_env()._(
                            "Urging notice %(number)s: %(matter)s",
                            number=number,
                            matter=resolution.name,
                        ),
                        "note": self.message,
                        "date_deadline": self.reply_date,
                    }
                )
            bodies[resolution.id] = self.env._(
                "Urging notice %(number)s to %(units)s: %(message)s Report in writing by %(date)s.",
                number=number,
                units="、".join(units.mapped("display_name")),
                message=self.message,
                date=self.env["joint.meeting.calendar"]._format_date(self.reply_date),
            )
        # The notices go on the records in one batch; each liaison is notified
        # by the activity assigned to them.
        resolutions.sudo()._message_log_batch(
            bodies, author_id=self.env.user.partner_id.id, message_type="comment"
        )
        by_count = defaultdict(lambda: resolutions.browse())
        for resolution in resolutions:
            by_count[resolution.urge_count] |= resolution
        for count, group in by_count.items():
            group._workflow_write({"urge_count": count + 1, "last_urge_date": today})
        if activities:
            self.env["mail.activity"].sudo().create(activities)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Urging notices sent: %(numbers)s", numbers="、".join(numbers)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
