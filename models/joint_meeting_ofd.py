"""OFD (GB/T 33190) copies of the issued documents: minutes, supervision
notices and supervision bulletins. Each is made when the document is issued
(``_jm_make_ofd``), kept beside the PDF with its SHA-256, sealed like the kept
copy, and downloaded by whoever may read the document."""

import hashlib
import logging
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from ..ofd import Block, Document, Record, render
from ..ofd.html import kind_of, paragraphs
from ..texts import chinese_date

_logger = logging.getLogger(__name__)

OFD_FIELDS = ("ofd_attachment_id", "ofd_sha256")
OFD_MIMETYPE = "application/ofd"
COLOUR_LABELS = {"blue": "（蓝色提醒单）", "yellow": "（黄色督办单）", "red": "（红色督办单）"}
COLOUR_REQUESTS = {
    "blue": "请抓紧推进，按期完成，并及时报送办理进展。",
    "yellow": "请于收到本督办单后三个工作日内书面报告滞后原因及整改措施。",
    "red": "该事项已逾期，现报请分管领导督办，请立即整改并书面报告办理情况。",
}


class JointMeetingOfdMixin(models.AbstractModel):
    _name = "joint.meeting.ofd.mixin"
    _description = "OFD Copy of an Issued Document"

    ofd_attachment_id = fields.Many2one(
        "ir.attachment",
        string="OFD Copy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    ofd_sha256 = fields.Char(string="SHA-256 of the OFD Copy", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._jm_check_ofd_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._jm_check_ofd_fields(vals)
        return super().write(vals)

    @api.model
    def _jm_check_ofd_fields(self, vals):
        if not vals.keys().isdisjoint(OFD_FIELDS):
            raise UserError(
                self.env._("The OFD copy is sealed when the document is issued; it cannot be set.")
            )

    # What each document model gives ------------------------------------------

    def _jm_ofd_document(self):
        """The document to lay out (an ``ofd.Document``)."""
        raise NotImplementedError

    def _jm_ofd_number(self):
        return self.number

    # Making, sealing and downloading -----------------------------------------

    def _jm_ofd_file_name(self):
        """A Chinese file name whoever downloads it: the district's language."""
        district = self.with_context(lang=self.company_id._joint_meeting_lang())
        return f"{district._joint_meeting_print_name()}.ofd"

    def _jm_ofd_identity(self, kind, subject, author, date):
        """What every OFD of an issued document says of itself: its DocID,
        author, subject, creation date and the custom data of its kind
        (文种, 发文机关, 发文字号, 成文日期)."""
        return {
            "doc_id": self._jm_ofd_doc_id(),
            "author": author,
            "subject": subject,
            "creation_date": self.issue_date.isoformat() if self.issue_date else "",
            "custom_data": self._jm_ofd_custom_data(kind, author, self._jm_ofd_number(), date),
        }

    def _jm_ofd_custom_data(self, kind, authority, number, date):
        return {"文种": kind, "发文机关": authority, "发文字号": number or "", "成文日期": date}

    def _jm_ofd_doc_id(self):
        """A DocID that names this document in this database, always the same."""
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{dbuuid}/{self._name}/{self.id}").hex

    def _jm_ofd_embed_fonts(self):
        """Whether the fonts are embedded (subsets of Noto CJK, a few seconds
        per document): always, except when the test suite runs (as tests
        render PDFs as HTML); the tests of the fonts patch this method, no
        context key a client could send decides it."""
        return not (config["test_enable"] or config["test_file"])

    def _jm_make_ofd(self):
        """Make and seal the OFD copy of the issued documents among these that
        have none. Issuing never fails here: an error is logged and the copy
        is made at the first download."""
        for record in self.filtered(lambda r: r.state == "issued" and not r.ofd_attachment_id):
            try:
                with self.env.cr.savepoint():
                    document = record.sudo()._jm_ofd_document()
                    record._jm_seal_ofd(render(document, embed_fonts=record._jm_ofd_embed_fonts()))
            except Exception:  # noqa: BLE001 - the document stays issued
                _logger.exception("OFD copy of %s %s not made", record._name, record.id)
        return True

    def _jm_seal_ofd(self, data):
        self.ensure_one()
        digest = hashlib.sha256(data).hexdigest()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._jm_ofd_file_name(),
                    "raw": data,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": OFD_MIMETYPE,
                }
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE %s SET ofd_attachment_id = %s, ofd_sha256 = %s
                    WHERE id = %s AND ofd_attachment_id IS NULL RETURNING id""",
                SQL.identifier(self._table),
                attachment.id,
                digest,
                self.id,
            )
        )
        sealed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(list(OFD_FIELDS))
        if not sealed:  # made meanwhile by another transaction
            attachment.unlink()
            return False
        # In the district's language, whoever issues (a scheduled action has none).
        district = self.sudo().with_context(lang=self.company_id._joint_meeting_lang())
        district.message_post(
            body=district.env._(
                "OFD copy sealed: %(name)s, SHA-256 %(digest)s.",
                name=attachment.name,
                digest=digest,
            ),
        )
        return True

    def action_download_ofd(self):
        """Download the OFD copy (made now if its making failed at issue)."""
        self._jm_ensure_one()
        self.check_access("read")
        if self.state != "issued":
            raise UserError(self.env._("Only an issued document has an OFD copy."))
        if not self.ofd_attachment_id:
            self._jm_make_ofd()
        if not self.ofd_attachment_id:
            raise UserError(self.env._("The OFD copy could not be made; see the server log."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.ofd_attachment_id.id}?download=true",
            "target": "self",
        }

    def _jm_ofd_matches(self):
        """Compare the stored OFD copy with its sealed SHA-256."""
        self._jm_ensure_one()
        if not self.ofd_attachment_id:
            raise UserError(self.env._("This document has no OFD copy to verify."))
        digest = hashlib.sha256(self.ofd_attachment_id.sudo().raw or b"").hexdigest()
        return digest == self.ofd_sha256


class JointMeetingMinutes(models.Model):
    _name = "joint.meeting.minutes"
    _inherit = ["joint.meeting.minutes", "joint.meeting.ofd.mixin"]

    def _jm_ofd_number(self):
        return self.document_number

    def action_issue(self):
        result = super().action_issue()
        self._jm_make_ofd()
        return result

    def _jm_ofd_document(self):
        self.ensure_one()
        authority = self.company_id._joint_meeting_authority()
        blocks = [Block(kind_of(text), text) for text in paragraphs(self.body)]
        resolutions = self.resolution_ids.filtered("active")
        if resolutions:
            blocks.append(Block("heading", "会议议定事项如下："))
            for index, matter in enumerate(resolutions, start=1):
                parts = [f"牵头单位：{matter.lead_unit_id.name}"]
                if matter.co_unit_ids:
                    parts.append(f"配合单位：{'、'.join(matter.co_unit_ids.mapped('name'))}")
                parts.append(f"完成时限：{chinese_date(matter.deadline)}")
                blocks.append(Block("para", f"{index}. {matter.name}（{'；'.join(parts)}）"))
        attendance = self.meeting_id.attendance_ids
        present = attendance.filtered(lambda a: a.status == "present")
        substitutes = attendance.filtered(lambda a: a.status == "substitute")
        absent = attendance.filtered(lambda a: a.status == "absent")
        if attendance:
            names = "，".join(f"{a.organization_id.name}{a.attendee_name or ''}" for a in present)
            blocks.append(Block("para", f"出席：{names}", tag="出席人员"))
        if substitutes:
            names = "，".join(
                f"{a.organization_id.name}{a.substitute_name or ''}" for a in substitutes
            )
            blocks.append(Block("para", f"委托出席：{names}", tag="出席人员"))
        if absent:
            names = "，".join(
                f"{a.attendee_name or ''}（{a.absence_reason or ''}）" for a in absent
            )
            blocks.append(Block("para", f"请假：{names}", tag="出席人员"))
        date = chinese_date(self.issue_date)
        return Document(
            masthead=[authority, "会议纪要"],
            number=self.document_number or "",
            title=self.name,
            blocks=blocks,
            record=Record(
                main=self.main_recipients or "",
                copy=self.cc_recipients or "",
                printer=authority,
                date=date,
            ),
            **self._jm_ofd_identity("纪要", "会议纪要", authority, date),
        )

    def _jm_ofd_custom_data(self, kind, authority, number, date):
        data = super()._jm_ofd_custom_data(kind, authority, number, date)
        if self.pdf_sha256:
            # The sealed PDF of the same document: one is checked against the other.
            data["PDF SHA-256"] = self.pdf_sha256
        return data


class JointMeetingNotice(models.Model):
    _name = "joint.meeting.notice"
    _inherit = ["joint.meeting.notice", "joint.meeting.ofd.mixin"]

    def action_issue(self):
        result = super().action_issue()
        self._jm_make_ofd()
        return result

    def _jm_ofd_document(self):
        self.ensure_one()
        authority = self.company_id._joint_meeting_authority()
        matter = self.resolution_id
        text = (
            f"{matter.meeting_id.name}议定事项“{matter.name}”由你单位牵头落实，"
            f"完成时限为{chinese_date(self.deadline)}。{self.reason or ''}"
        )
        blocks = [
            Block("plain", f"{self.organization_id.name or ''}：", tag="主送机关"),
            Block("para", text),
            Block("para", COLOUR_REQUESTS.get(self.colour, "")),
            Block("right", lines=["目标督查办", chinese_date(self.issue_date)], tag="落款"),
        ]
        if self.colour == "red" and self.leader_id:
            blocks.append(Block("plain", f"抄送：{self.leader_id.name}", tag="抄送机关"))
        return Document(
            masthead=[f"{authority}督查督办单"],
            masthead_size=26,
            subtitle=COLOUR_LABELS.get(self.colour, ""),
            number=self.number or "",
            blocks=blocks,
            **self._jm_ofd_identity(
                "督办单", "督查督办单", authority, chinese_date(self.issue_date)
            ),
        )

    def _jm_ofd_custom_data(self, kind, authority, number, date):
        data = super()._jm_ofd_custom_data(kind, authority, number, date)
        data["颜色"] = COLOUR_LABELS.get(self.colour, "").strip("（）")
        return data


class JointMeetingBulletin(models.Model):
    _name = "joint.meeting.bulletin"
    _inherit = ["joint.meeting.bulletin", "joint.meeting.ofd.mixin"]

    def _issue(self, issue_date):
        result = super()._issue(issue_date)
        self._jm_make_ofd()
        return result

    def _jm_ofd_document(self):
        self.ensure_one()
        authority = self.company_id._joint_meeting_authority()
        supervision = (
            self.env["joint.meeting.organization"].sudo()._find(self.company_id, "supervision")
        )
        issuer = supervision.name if supervision else authority
        blocks = [Block(kind_of(text), text) for text in paragraphs(self.summary)]
        blocks.append(Block("heading", "一、各牵头单位落实情况"))
        verdicts = {"commended": "表扬", "named": "通报"}
        rows = [["牵头单位", "事项", "办结", "按期", "在办", "逾期", "延期", "督办", "评价"]]
        for line in self.line_ids:
            rows.append(
                [
                    line.organization_id.name,
                    line.matter_count,
                    line.done_count,
                    line.on_time_count,
                    line.open_count,
                    line.overdue_count,
                    line.extended_count,
                    line.urged_count,
                    verdicts.get(line.verdict, "—"),
                ]
            )
        blocks.append(Block("table", rows=rows))
        for heading, matters, label in (
            ("二、逾期事项", self.overdue_matter_ids, "完成时限"),
            ("三、延期事项", self.extended_matter_ids, "延期至"),
        ):
            if matters:
                blocks.append(Block("heading", heading))
                for index, matter in enumerate(matters, start=1):
                    blocks.append(
                        Block(
                            "para",
                            f"{index}. {matter.name}（牵头单位：{matter.lead_unit_id.name}；"
                            f"{label}：{chinese_date(matter.deadline)}）",
                        )
                    )
        if self.commended_unit_ids:
            names = "、".join(self.commended_unit_ids.mapped("name"))
            blocks.append(Block("para", f"通报表扬：{names}。"))
        if self.named_unit_ids:
            blocks.append(Block("para", f"通报：{'、'.join(self.named_unit_ids.mapped('name'))}。"))
        blocks += [Block(kind_of(text), text) for text in paragraphs(self.remarks)]
        date = chinese_date(self.issue_date)
        blocks.append(Block("right", lines=[issuer, date], tag="落款"))
        return Document(
            masthead=["督查通报"],
            number=self.number or "",
            issuer=issuer,
            title=self.name or "",
            blocks=blocks,
            record=Record(
                main=self.main_recipients or "",
                copy=self.cc_recipients or "",
                printer=authority,
                date=date,
            ),
            **self._jm_ofd_identity("通报", "督查通报", issuer, date),
        )
