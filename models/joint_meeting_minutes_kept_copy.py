"""The kept copy of issued minutes (Art. 11): the PDF as issued, produced by
a scheduled action triggered when the minutes are issued, with their OFD
copy (models/joint_meeting_ofd.py), and sealed as the next link of the
district's chain of seals (number, text, PDF and OFD)."""

import hashlib
import json
import logging
from time import monotonic

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from .joint_meeting_reminder import commit_progress
from .joint_meeting_workflow_mixin import jm_action

_logger = logging.getLogger(__name__)

# How many times Odoo's cron runner calls a scheduled action that reports
# work remaining, in one worker and under one real-time limit
# (``MAX_BATCH_PER_CRON_JOB`` of base/models/ir_cron.py).
CRON_CALLS_PER_RUN = 10

MINUTES_REPORT = "joint_meeting.action_report_joint_meeting_minutes"
# Set once, in SQL, by _joint_meeting_seal_kept_copy(); never through write().
JOINT_MEETING_MINUTES_WORKFLOW_FIELDS = (
    "pdf_attachment_id",
    "pdf_sha256",
    "pdf_sealed_date",
    "seal_sequence",
    "seal_hash",
)


def produce_paced(env, backlog, produce, limit=20):
    """One call of a scheduled action that makes the copies of issued
    documents (kept PDFs, OFD copies): ``produce(record)`` (true when it made
    the copy) on the first ``limit`` records of ``backlog``, stopping before
    a record that would, at the pace so far, overrun the call's time budget
    (``_kept_copy_time_budget``), so the runner is never killed mid-document;
    then the progress is reported to the runner and committed. A backlog (an
    upgraded district's history) is thus worked through in several calls."""
    budget = env["joint.meeting.minutes"]._kept_copy_time_budget()
    start = monotonic()
    done = tried = 0
    for record in backlog[:limit]:
        elapsed = monotonic() - start
        # Stop before a record that would, at the pace so far, overrun the budget.
        if budget is not None and tried and elapsed + elapsed / tried > budget:
            break
        tried += 1
        done += bool(produce(record))
    # Nothing made in this batch: wait for the next run rather than loop.
    # Something made: the runner calls again (a new transaction), which
    # also sees documents issued while this call was rendering.
    commit_progress(env, done, max(len(backlog) - done, 1) if done else 0)


class JointMeetingMinutes(models.Model):
    _inherit = "joint.meeting.minutes"

    pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Kept Copy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    pdf_sha256 = fields.Char(string="SHA-256 of the Kept Copy", readonly=True, copy=False)
    pdf_sealed_date = fields.Datetime(string="Kept Copy Sealed On", readonly=True, copy=False)
    seal_sequence = fields.Integer(
        string="Seal Chain Position",
        readonly=True,
        copy=False,
        help="Place of the kept copy in the district's chain of seals (1, 2, ...).",
    )
    seal_hash = fields.Char(
        string="Seal",
        readonly=True,
        copy=False,
        help="SHA-256 of the previous seal of the district, the document number, the text, "
        "the PDF of the kept copy and its OFD copy: changing any of them, or removing a link, "
        "breaks the chain.",
    )

    _seal_sequence_company_uniq = models.Constraint(
        "unique(company_id, seal_sequence)",
        "Two kept copies cannot take the same place in the chain of seals.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._joint_meeting_check_seal_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._joint_meeting_check_seal_fields(vals)
        return super().write(vals)

    @api.model
    def _joint_meeting_check_seal_fields(self, vals):
        if not vals.keys().isdisjoint(JOINT_MEETING_MINUTES_WORKFLOW_FIELDS):
            raise UserError(
                self.env._(
                    "Art. 11: the kept copy of the minutes is sealed when they are issued; "
                    "it cannot be set or replaced."
                )
            )

    # The kept copy -------------------------------------------------------------

    def _joint_meeting_keep_issued_copies(self):
        """Have the kept copy of freshly issued minutes rendered and sealed
        once this transaction commits: the scheduled action is triggered
        (its trigger is part of this transaction, so a rolled-back issue
        triggers nothing). Rendering a PDF never holds the numbering lock nor
        delays the issuing request."""
        if self.filtered(lambda m: m.state == "issued" and not m.pdf_attachment_id):
            self.env.ref("joint_meeting.ir_cron_joint_meeting_kept_copies").sudo()._trigger()

    def _joint_meeting_produce_kept_copy(self):
        """Render the issued minutes as PDF and as OFD and seal both in one
        link. Returns whether a copy was sealed (tests render HTML unless
        asked for the real PDF). An OFD that fails is logged and the PDF
        sealed alone: its OFD is made and sealed in a link of its own by the
        scheduled action of the OFD copies."""
        self.ensure_one()
        content, content_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(report_pdf_no_attachment=True)
            ._render_qweb_pdf(MINUTES_REPORT, res_ids=self.ids)
        )
        if content_type != "pdf":
            return False
        ofd = None
        if not self.ofd_attachment_id:
            try:
                ofd = self._jm_render_ofd(pdf_sha256=hashlib.sha256(content).hexdigest())
            except Exception:  # noqa: BLE001 - the PDF is kept all the same
                _logger.exception("OFD copy of minutes %s not made with the kept copy", self.id)
                self.env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies").sudo()._trigger()
        return self._joint_meeting_seal_kept_copy(content, ofd)

    @api.model
    def _joint_meeting_seal_hash(self, previous, values):
        """The seal of one link of a district's chain: SHA-256 of the
        previous link's seal and of what the document is (its district, its
        place in the chain, its number, its text and its PDF's SHA-256), like
        account.move's inalterability hash."""
        payload = json.dumps(
            [previous or "", *values], ensure_ascii=False, separators=(",", ":"), default=str
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def _joint_meeting_seal_values(self, index, pdf_digest, ofd_digest=None):
        """What the seal of these minutes covers, read from the database: with
        the SHA-256 of the OFD copy when it is sealed in the same link (the
        links sealed before 18.0.1.3.0 hold the PDF alone)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT company_id, document_number, body FROM joint_meeting_minutes WHERE id = %s",
                self.id,
            )
        )
        company_id, number, body = self.env.cr.fetchone()
        values = [company_id, index, number or "", body or "", pdf_digest]
        return [*values, ofd_digest] if ofd_digest else values

    def _joint_meeting_seal_kept_copy(self, pdf, ofd=None):
        """Store ``pdf`` as the kept copy, once, and seal it as the next link
        of the district's chain: the minutes point at it from then on, and
        ir.attachment refuses to change or delete what they point at. The
        link seals the OFD copy too: ``ofd``, stored now, or the one made at
        issue before 18.0.1.3.0; not one already sealed in a link of its own.

        The district's seal sequence is locked first (see
        res.company._joint_meeting_sequence): sealers of one district run one
        after the other, each reading the last link after the previous one
        committed, so the chain never forks and its positions have no gap."""
        self.ensure_one()
        cr = self.env.cr
        # What the queries below read: as the ORM has it.
        self.flush_recordset(["state", "pdf_attachment_id", "document_number", "body"])
        company = self.company_id.sudo()
        sequence = company._joint_meeting_sequence("joint.meeting.minutes.seal")
        cr.execute(
            SQL(
                "SELECT ofd_attachment_id, ofd_sha256, ofd_seal_sequence FROM joint_meeting_minutes"
                " WHERE id = %s AND state = 'issued' AND pdf_attachment_id IS NULL"
                " FOR NO KEY UPDATE",
                self.id,
            )
        )
        row = cr.fetchone()
        if not row:  # sealed meanwhile by another transaction
            self.invalidate_recordset()
            return False
        ofd_id, ofd_digest, ofd_index = row
        if ofd_index is not None:  # sealed in a link of its own
            ofd_id = ofd_digest = None
        elif ofd_id is None and ofd:
            ofd_id = self._jm_ofd_attachment(ofd).id
            ofd_digest = hashlib.sha256(ofd).hexdigest()
        previous = self._jm_last_seal(company)
        index = int(sequence.next_by_id())
        digest = hashlib.sha256(pdf).hexdigest()
        seal = self._joint_meeting_seal_hash(
            previous, self._joint_meeting_seal_values(index, digest, ofd_id and ofd_digest)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self._joint_meeting_print_name()}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        cr.execute(
            SQL(
                """UPDATE joint_meeting_minutes
                      SET pdf_attachment_id = %s, pdf_sha256 = %s, pdf_sealed_date = %s,
                          seal_sequence = %s, seal_hash = %s
                    WHERE id = %s""",
                attachment.id,
                digest,
                fields.Datetime.now(),
                index,
                seal,
                self.id,
            )
        )
        if ofd_id:
            cr.execute(
                SQL(
                    """UPDATE joint_meeting_minutes
                          SET ofd_attachment_id = %s, ofd_sha256 = %s, ofd_sealed_date = %s,
                              ofd_seal_sequence = %s, ofd_seal_hash = %s
                        WHERE id = %s""",
                    ofd_id,
                    ofd_digest,
                    fields.Datetime.now(),
                    index,
                    seal,
                    self.id,
                )
            )
        self.invalidate_recordset()
        self.sudo().message_post(
            body=self.env._(
                "Kept copy sealed: %(name)s, SHA-256 %(digest)s.",
                name=attachment.name,
                digest=digest,
            ),
        )
        if ofd_id:
            self._jm_post_ofd_sealed()
        return True

    def _jm_when_no_kept_copy(self):
        if self.pdf_attachment_id:
            return self.env._("Only issued minutes without a kept copy get one produced.")
        return ""

    def _jm_when_kept_copy(self):
        if not self.pdf_attachment_id:
            return self.env._("These minutes have no kept copy to verify.")
        return ""

    @jm_action(states="issued", roles="off", when="_jm_when_no_kept_copy")
    def action_produce_kept_copy(self):
        """The office produces the kept copy of issued minutes that have none
        (their rendering failed when they were issued)."""
        self._check_office()
        for minutes in self:
            if minutes.state != "issued" or minutes.pdf_attachment_id:
                raise UserError(
                    self.env._("Only issued minutes without a kept copy get one produced.")
                )
            minutes._joint_meeting_produce_kept_copy()
        return True

    @jm_action(when="_jm_when_kept_copy")
    def action_verify_kept_copy(self):
        """Recompute the SHA-256 of the stored file, compare it with the one
        sealed at issue and say so in the chatter."""
        results = []
        for minutes in self:
            if not minutes.pdf_attachment_id:
                raise UserError(self.env._("These minutes have no kept copy to verify."))
            stored = minutes.pdf_attachment_id.sudo().raw or b""
            digest = hashlib.sha256(stored).hexdigest()
            matches = digest == minutes.pdf_sha256
            if matches:
                message = self.env._(
                    "Kept copy verified: the stored file matches its sealed SHA-256 %(digest)s.",
                    digest=minutes.pdf_sha256,
                )
            else:
                message = self.env._(
                    "Kept copy altered: the stored file's SHA-256 is %(actual)s, "
                    "not the sealed %(digest)s.",
                    actual=digest,
                    digest=minutes.pdf_sha256,
                )
            minutes.sudo().message_post(body=message, author_id=self.env.user.partner_id.id)
            results.append((matches, message))
        all_match = all(matches for matches, _message in results)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if all_match else "danger",
                "message": "\n".join(message for _matches, message in results),
                "sticky": not all_match,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _kept_copy_backlog(self):
        """Issued minutes without their kept copy, oldest first."""
        return self.with_context(active_test=False).search(
            [("state", "=", "issued"), ("pdf_attachment_id", "=", False)], order="id"
        )

    @api.model
    def _kept_copy_time_budget(self):
        """Seconds one call of the scheduled action may spend rendering: the
        runner calls it up to CRON_CALLS_PER_RUN times in one worker, which
        is killed at its real-time limit (``limit_time_real_cron``, else
        ``limit_time_real``); None when the worker has no limit."""
        limit = config.get("limit_time_real_cron") or 0
        if limit <= 0:
            limit = config.get("limit_time_real") or 0
        return limit / (CRON_CALLS_PER_RUN + 2) if limit > 0 else None

    @api.model
    def _cron_produce_kept_copies(self, limit=20):
        """Scheduled action (and demo data): the kept copy of issued minutes
        that have none, as a real PDF. A backlog (an upgraded district's
        history) is rendered in calls that each stop before their share of
        the worker's time limit, so the runner is never killed mid-PDF."""

        def produce(record):
            # Its chatter message in the district's language (the cron has none).
            district = record.with_context(
                force_report_rendering=True, lang=record.company_id._joint_meeting_lang()
            )
            try:
                with self.env.cr.savepoint():
                    return district._joint_meeting_produce_kept_copy()
            except Exception:  # noqa: BLE001 - next record; this one is tried at the next run
                _logger.exception("Kept copy of minutes %s not produced", record.id)
                return False

        produce_paced(self.env, self._kept_copy_backlog(), produce, limit)

    # The chain of seals -------------------------------------------------------

    @api.model
    def _joint_meeting_check_seal_chain(self, company):
        """Walk the chain of seals of ``company`` from its first link (kept
        copies and OFD copies of the minutes). Returns (number of links
        verified, None) when it is intact, or (position, reason) of the first
        broken link."""
        return self._jm_check_chain(company)

    @jm_action()
    def action_check_seal_chain(self):
        """Check the chains of seals of the districts of these minutes (of the
        user's district when called on none): the minutes' chain (kept copies
        and their OFD copies), and those of the OFD copies of the supervision
        notices and bulletins. The first broken link of each is named."""
        companies = self.company_id or self.env.company
        messages, intact = [], True
        for company in companies:
            count, broken = self._joint_meeting_check_seal_chain(company)
            if broken:
                intact = False
                messages.append(
                    self.env._(
                        "The chain of seals of %(district)s is broken at link %(position)s: "
                        "%(reason)s",
                        district=company.name,
                        position=count,
                        reason=broken,
                    )
                )
            else:
                messages.append(
                    self.env._(
                        "The chain of seals of %(district)s is intact: %(count)s kept copies "
                        "verified.",
                        district=company.name,
                        count=count,
                    )
                )
            # The labels outside the pairs: 19.0's term extractor would take
            # the model names of the pairs for terms too.
            notices = self.env._("supervision notices")
            bulletins = self.env._("supervision bulletins")
            for model, kind in (
                ("joint.meeting.notice", notices),
                ("joint.meeting.bulletin", bulletins),
            ):
                count, broken = self.env[model]._jm_check_chain(company)
                if broken:
                    intact = False
                    messages.append(
                        self.env._(
                            "The chain of seals of the %(kind)s of %(district)s is broken at "
                            "link %(position)s: %(reason)s",
                            kind=kind,
                            district=company.name,
                            position=count,
                            reason=broken,
                        )
                    )
                elif count:
                    messages.append(
                        self.env._(
                            "The chain of seals of the %(kind)s of %(district)s is intact: "
                            "%(count)s OFD copies verified.",
                            kind=kind,
                            district=company.name,
                            count=count,
                        )
                    )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if intact else "danger",
                "message": "\n".join(messages),
                "sticky": not intact,
            },
        }
