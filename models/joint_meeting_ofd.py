"""OFD (GB/T 33190) copies of the issued documents: minutes, supervision
notices and supervision bulletins. Each is made after the issuing
transaction commits, by the step that keeps the document: the minutes' OFD
with their kept PDF, in the same link of the district's chain of seals; the
OFD of a notice or a bulletin by a scheduled action, as the next link of the
district's chain of that kind (``_jm_seal_ofd``). Downloaded by whoever may
read the document."""

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from functools import partial

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from ..ofd import Block, Document, Record, render
from ..ofd.html import kind_of, paragraphs
from ..texts import chinese_date
from .joint_meeting_minutes_kept_copy import produce_paced
from .joint_meeting_workflow_mixin import jm_action

_logger = logging.getLogger(__name__)

# Set once, in SQL, when the OFD copy is sealed; never through write().
OFD_FIELDS = (
    "ofd_attachment_id",
    "ofd_sha256",
    "ofd_sealed_date",
    "ofd_seal_sequence",
    "ofd_seal_hash",
)
OFD_MIMETYPE = "application/ofd"
# The models whose issued documents have an OFD copy, each its own chain.
OFD_MODELS = ("joint.meeting.minutes", "joint.meeting.notice", "joint.meeting.bulletin")
COLOUR_LABELS = {"blue": "（蓝色提醒单）", "yellow": "（黄色督办单）", "red": "（红色督办单）"}
COLOUR_REQUESTS = {
    "blue": "请抓紧推进，按期完成，并及时报送办理进展。",
    "yellow": "请于收到本督办单后三个工作日内书面报告滞后原因及整改措施。",
    "red": "该事项已逾期，现报请分管领导督办，请立即整改并书面报告办理情况。",
}


@dataclass
class SealLink:
    """One link of a chain of seals, as the check reads it from the database."""

    index: int | None  # its position in the chain
    seal: str
    number: str
    values: object  # index -> what the seal covers (see _joint_meeting_seal_hash)
    files: list = field(default_factory=list)  # ("pdf" | "ofd", attachment id, SHA-256)
    record_id: int = 0
    flaw: bool = False  # what the database says of the link contradicts itself


class JointMeetingOfdMixin(models.AbstractModel):
    _name = "joint.meeting.ofd.mixin"
    _description = "OFD Copy of an Issued Document"

    # The district's sequence of this kind's chain of seals, and the columns
    # (besides the district) that a seal covers with the OFD's SHA-256.
    _jm_seal_chain_code = None
    _jm_seal_columns = ("number", "issue_date")

    ofd_attachment_id = fields.Many2one(
        "ir.attachment",
        string="OFD Copy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    ofd_sha256 = fields.Char(string="SHA-256 of the OFD Copy", readonly=True, copy=False)
    ofd_sealed_date = fields.Datetime(string="OFD Copy Sealed On", readonly=True, copy=False)
    ofd_seal_sequence = fields.Integer(
        string="OFD Seal Chain Position",
        readonly=True,
        copy=False,
        help="Link of the district's chain of seals that covers the OFD copy.",
    )
    ofd_seal_hash = fields.Char(string="OFD Seal", readonly=True, copy=False)

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

    def _jm_render_ofd(self, pdf_sha256=None):
        """The OFD file of this issued document; ``pdf_sha256``: that of the
        PDF sealed in the same link, which the OFD names in its custom data."""
        self.ensure_one()
        document = self.sudo()._jm_ofd_document()
        if pdf_sha256:
            document.custom_data["PDF SHA-256"] = pdf_sha256
        return render(document, embed_fonts=self._jm_ofd_embed_fonts())

    def _jm_keep_ofd_copies(self):
        """Have the OFD copy of freshly issued documents made and sealed once
        this transaction commits (a rolled-back issue triggers nothing): the
        scheduled action is triggered. Issuing never waits for an OFD."""
        if self.filtered(lambda r: r.state == "issued" and not r.ofd_seal_sequence):
            self.env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies").sudo()._trigger()

    def _jm_make_ofd(self):
        """Make (or take the one made before this version) and seal the OFD
        copy of the issued documents among these whose OFD is not sealed yet.
        Never fails: an error is logged and the scheduled action tries again."""
        done = 0
        for record in self.filtered(lambda r: r.state == "issued" and not r.ofd_seal_sequence):
            try:
                with self.env.cr.savepoint():
                    data = None if record.ofd_attachment_id else record._jm_render_ofd()
                    done += bool(record._jm_seal_ofd(data))
            except Exception:  # noqa: BLE001 - the document stays issued
                _logger.exception("OFD copy of %s %s not made", record._name, record.id)
        return done

    @api.model
    def _jm_last_seal(self, company):
        """The seal of the last link of this kind's chain of ``company``."""
        self.env.cr.execute(
            SQL(
                "SELECT ofd_seal_hash FROM %s WHERE company_id = %s"
                " AND ofd_seal_sequence IS NOT NULL ORDER BY ofd_seal_sequence DESC LIMIT 1",
                SQL.identifier(self._table),
                company.id,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else ""

    def _jm_ofd_seal_values(self, index, digest):
        """What the seal of a link that holds the OFD copy alone covers, read
        from the database: the district, the position, the document's number
        and text (``_jm_seal_columns``) and the OFD's SHA-256."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT company_id, %s FROM %s WHERE id = %s",
                SQL(", ").join(SQL.identifier(column) for column in self._jm_seal_columns),
                SQL.identifier(self._table),
                self.id,
            )
        )
        company_id, *values = self.env.cr.fetchone()
        values = ["" if value is None else value for value in values]
        return [company_id, index, "OFD", *values, digest]

    def _jm_ofd_attachment(self, data):
        return (
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

    def _jm_seal_ofd(self, data):
        """Seal the OFD copy as the next link of the district's chain of this
        kind: ``data``, stored now, or (None) the OFD made at issue before
        this version, with the SHA-256 recorded then. The district's chain
        sequence is locked first, as for the kept copy of the minutes: the
        chain never forks and its positions have no gap."""
        self.ensure_one()
        cr = self.env.cr
        self.flush_recordset()
        company = self.company_id.sudo()
        sequence = company._joint_meeting_sequence(self._jm_seal_chain_code)
        cr.execute(
            SQL(
                "SELECT ofd_attachment_id, ofd_sha256 FROM %s WHERE id = %s"
                " AND state = 'issued' AND ofd_seal_sequence IS NULL FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                self.id,
            )
        )
        row = cr.fetchone()
        if not row or (row[0] is None and data is None):  # sealed meanwhile
            self.invalidate_recordset(list(OFD_FIELDS))
            return False
        attachment_id, digest = row
        if attachment_id is None:
            attachment_id = self._jm_ofd_attachment(data).id
            digest = hashlib.sha256(data).hexdigest()
        previous = self._jm_last_seal(company)
        index = int(sequence.next_by_id())
        seal = self.env["joint.meeting.minutes"]._joint_meeting_seal_hash(
            previous, self._jm_ofd_seal_values(index, digest)
        )
        cr.execute(
            SQL(
                """UPDATE %s SET ofd_attachment_id = %s, ofd_sha256 = %s, ofd_sealed_date = %s,
                          ofd_seal_sequence = %s, ofd_seal_hash = %s
                    WHERE id = %s""",
                SQL.identifier(self._table),
                attachment_id,
                digest,
                fields.Datetime.now(),
                index,
                seal,
                self.id,
            )
        )
        self.invalidate_recordset(list(OFD_FIELDS))
        self._jm_post_ofd_sealed()
        return True

    def _jm_post_ofd_sealed(self):
        # In the district's language, whoever seals (a scheduled action has none).
        district = self.sudo().with_context(lang=self.company_id._joint_meeting_lang())
        district.message_post(
            body=district.env._(
                "OFD copy sealed: %(name)s, SHA-256 %(digest)s.",
                name=district.ofd_attachment_id.name,
                digest=district.ofd_sha256,
            ),
        )

    @api.model
    def _jm_ofd_backlog(self):
        """Issued documents of this kind whose OFD copy is not sealed, oldest first."""
        return self.with_context(active_test=False).search(
            [("state", "=", "issued"), ("ofd_seal_sequence", "=", False)], order="id"
        )

    @api.model
    def _cron_seal_ofd_copies(self, limit=20):
        """Scheduled action (triggered when a notice or a bulletin is issued,
        and by the upgrade to 18.0.1.3.0): make and seal the OFD copy of the
        issued documents that have none sealed, paced like the kept copies
        (``produce_paced``)."""
        backlog = [record for model in OFD_MODELS for record in self.env[model]._jm_ofd_backlog()]
        produce_paced(
            self.env,
            backlog,
            lambda record: record.with_context(
                lang=record.company_id._joint_meeting_lang()
            )._jm_make_ofd(),
            limit,
        )

    @jm_action(states="issued")
    def action_download_ofd(self):
        """Download the OFD copy (made now if it is not made yet)."""
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

    # The chain of seals -------------------------------------------------------

    @api.model
    def _jm_seal_links(self, company):
        """The links of this kind's chain of ``company``, in their order."""
        number = SQL.identifier(self._jm_seal_columns[0])
        self.env.cr.execute(
            SQL(
                """SELECT id, ofd_seal_sequence, ofd_seal_hash, %s, ofd_attachment_id, ofd_sha256
                     FROM %s
                    WHERE company_id = %s
                      AND (ofd_seal_sequence IS NOT NULL OR ofd_sealed_date IS NOT NULL)
                    ORDER BY ofd_seal_sequence NULLS FIRST, id""",
                number,
                SQL.identifier(self._table),
                company.id,
            )
        )
        return [
            SealLink(
                index=index,
                seal=seal,
                number=number or "",
                values=partial(self.browse(record_id)._jm_ofd_seal_values, digest=digest),
                files=[("ofd", attachment_id, digest)],
                record_id=record_id,
            )
            for record_id, index, seal, number, attachment_id, digest in self.env.cr.fetchall()
        ]

    @api.model
    def _jm_check_chain(self, company):
        """Walk this kind's chain of seals of ``company`` from its first link.
        Returns (number of links verified, None) when it is intact, or
        (position, reason) of the first broken link."""
        self.flush_model()
        links = self._jm_seal_links(company)
        Attachment = self.env["ir.attachment"].sudo()
        Minutes = self.env["joint.meeting.minutes"]
        previous = ""
        for position, link in enumerate(links, start=1):
            if link.index != position:
                return position, self.env._(
                    "link %(position)s is missing: the next kept copy, %(number)s, has "
                    "position %(index)s.",
                    position=position,
                    number=link.number,
                    index=link.index or self.env._("none"),
                )
            for kind, attachment_id, digest in link.files:
                stored = Attachment.browse(attachment_id).raw if attachment_id else b""
                if hashlib.sha256(stored or b"").hexdigest() != digest:
                    if kind == "pdf":
                        return position, self.env._(
                            "the stored PDF of %(number)s is not the one that was sealed.",
                            number=link.number,
                        )
                    return position, self.env._(
                        "the stored OFD copy of %(number)s is not the one that was sealed.",
                        number=link.number,
                    )
            expected = Minutes._joint_meeting_seal_hash(previous, link.values(link.index))
            if link.flaw or expected != link.seal:
                return position, self.env._(
                    "the number, the text, a file's SHA-256 or the seal of %(number)s changed "
                    "after it was sealed.",
                    number=link.number,
                )
            previous = link.seal
        return len(links), None


class JointMeetingMinutes(models.Model):
    _name = "joint.meeting.minutes"
    _inherit = ["joint.meeting.minutes", "joint.meeting.ofd.mixin"]

    # One chain with the kept copies: a link seals the PDF and the OFD made
    # with it; an OFD made apart (before this version, or when making it
    # failed with the PDF) is sealed in a link of its own.
    _jm_seal_chain_code = "joint.meeting.minutes.seal"
    _jm_seal_columns = ("document_number", "body")

    def _jm_ofd_number(self):
        return self.document_number

    @api.model
    def _jm_ofd_backlog(self):
        """Issued minutes whose PDF is sealed and whose OFD is not: the OFD of
        the others is made with their kept copy."""
        return self.with_context(active_test=False).search(
            [
                ("state", "=", "issued"),
                ("pdf_attachment_id", "!=", False),
                ("ofd_seal_sequence", "=", False),
            ],
            order="id",
        )

    @api.model
    def _jm_last_seal(self, company):
        self.env.cr.execute(
            SQL(
                """SELECT seal FROM (
                       SELECT seal_sequence AS position, seal_hash AS seal
                         FROM joint_meeting_minutes
                        WHERE company_id = %(company)s AND seal_sequence IS NOT NULL
                       UNION ALL
                       SELECT ofd_seal_sequence, ofd_seal_hash FROM joint_meeting_minutes
                        WHERE company_id = %(company)s AND ofd_seal_sequence IS NOT NULL
                   ) links ORDER BY position DESC LIMIT 1""",
                company=company.id,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else ""

    @api.model
    def _jm_seal_links(self, company):
        """The kept copies' links (PDF, and the OFD sealed with it) and the
        links of the OFD copies sealed on their own, in their order."""
        self.env.cr.execute(
            SQL(
                """SELECT id, seal_sequence, seal_hash, document_number, pdf_attachment_id,
                          pdf_sha256, ofd_attachment_id, ofd_sha256, ofd_seal_sequence,
                          ofd_seal_hash, ofd_sealed_date IS NOT NULL
                     FROM joint_meeting_minutes
                    WHERE company_id = %s AND (pdf_attachment_id IS NOT NULL
                          OR ofd_seal_sequence IS NOT NULL OR ofd_sealed_date IS NOT NULL)""",
                company.id,
            )
        )
        links = []
        for (
            minutes_id,
            index,
            seal,
            number,
            pdf_id,
            pdf_digest,
            ofd_id,
            ofd_digest,
            ofd_index,
            ofd_seal,
            ofd_sealed,
        ) in self.env.cr.fetchall():
            minutes = self.browse(minutes_id)
            number = number or ""
            # Sealed in the kept copy's link: the OFD's position and seal are
            # the link's. Either one says so; altering one of them is a flaw,
            # altering both changes what the link's seal covers.
            same_position = ofd_index is not None and ofd_index == index
            same_seal = ofd_seal is not None and ofd_seal == seal
            together = same_position or same_seal
            if pdf_id:
                files = [("pdf", pdf_id, pdf_digest)]
                if together:
                    files.append(("ofd", ofd_id, ofd_digest))

                def values(position, minutes=minutes, pdf=pdf_digest, ofd=together and ofd_digest):
                    return minutes._joint_meeting_seal_values(position, pdf, ofd or None)

                links.append(
                    SealLink(
                        index,
                        seal,
                        number,
                        values,
                        files,
                        minutes_id,
                        flaw=together and not (same_position and same_seal),
                    )
                )
            if not together and (ofd_index is not None or ofd_sealed):
                links.append(
                    SealLink(
                        ofd_index,
                        ofd_seal,
                        number,
                        partial(minutes._jm_ofd_seal_values, digest=ofd_digest),
                        [("ofd", ofd_id, ofd_digest)],
                        minutes_id,
                    )
                )
        links.sort(key=lambda link: (link.index is not None, link.index or 0, link.record_id))
        return links

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

    _jm_seal_chain_code = "joint.meeting.notice.seal"
    _jm_seal_columns = ("number", "issue_date", "colour", "organization_id", "deadline", "reason")

    def action_issue(self):
        result = super().action_issue()
        self._jm_keep_ofd_copies()
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

    _jm_seal_chain_code = "joint.meeting.bulletin.seal"
    _jm_seal_columns = ("number", "issue_date", "name", "summary", "issued_matters", "remarks")

    def _issue(self, issue_date):
        result = super()._issue(issue_date)
        self._jm_keep_ofd_copies()
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
