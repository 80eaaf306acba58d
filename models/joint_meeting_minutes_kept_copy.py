"""The kept copy of issued minutes (Art. 11): the PDF as issued, sealed with
its SHA-256, and the short transaction that gives the document number."""

import hashlib
import logging
from time import monotonic

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

# How many times Odoo's cron runner calls a scheduled action that reports
# work remaining, in one worker and under one real-time limit
# (``MAX_BATCH_PER_CRON_JOB`` of base/models/ir_cron.py).
CRON_CALLS_PER_RUN = 10

MINUTES_REPORT = "joint_meeting.action_report_joint_meeting_minutes"
# Set once, in SQL, by _joint_meeting_seal_kept_copy(); never through write().
JOINT_MEETING_MINUTES_WORKFLOW_FIELDS = ("pdf_attachment_id", "pdf_sha256", "pdf_sealed_date")


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

    # Numbering ---------------------------------------------------------------

    def _joint_meeting_own_transactions(self):
        """Whether issuing commits its own transactions: always, except when
        the test suite runs (its cursor must not commit)."""
        return not (config["test_enable"] or config["test_file"])

    def _joint_meeting_begin_numbering(self):
        """Start the numbering transaction: what the caller did so far is
        committed, the new transaction reads committed data (READ COMMITTED)
        and holds the district's numbering lock. Issuers of one district
        queue on the lock for milliseconds; as each one reads after the lock
        is granted, none meets a serialization failure.

        Without transactions of its own (tests), the district's row is
        updated instead: a concurrent issuer waits for it, then fails to
        serialize and is retried with a fresh snapshot."""
        cr = self.env.cr
        company_ids = sorted(set(self.company_id.ids))
        if not self._joint_meeting_own_transactions():
            cr.execute(
                SQL(
                    "UPDATE res_company SET write_date = write_date WHERE id = ANY(%s)",
                    company_ids,
                )
            )
            return
        self.env.flush_all()
        cr.commit()  # pylint: disable=invalid-commit
        cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        for company_id in company_ids:
            cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                    "joint_meeting.minutes_number",
                    company_id,
                )
            )
        self.env.invalidate_all()

    def _joint_meeting_end_numbering(self):
        """Commit the numbers: the lock is released before anything renders."""
        if self._joint_meeting_own_transactions():
            self.env.flush_all()
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # The kept copy -------------------------------------------------------------

    def _joint_meeting_keep_issued_copies(self):
        """Render and seal the kept copy of freshly issued minutes. The minutes
        are issued whatever happens here: a failed rendering is logged and left
        to the scheduled action (and the office's button) to produce again."""
        for minutes in self.filtered(lambda m: m.state == "issued" and not m.pdf_attachment_id):
            try:
                with self.env.cr.savepoint():
                    minutes._joint_meeting_produce_kept_copy()
            except Exception:  # noqa: BLE001 - the minutes stay issued; the cron retries
                _logger.exception("Kept copy of minutes %s not produced", minutes.id)
                self.env.ref("joint_meeting.ir_cron_joint_meeting_kept_copies").sudo()._trigger()

    def _joint_meeting_produce_kept_copy(self):
        """Render the issued minutes and seal the PDF. Returns whether a copy
        was sealed (tests render HTML unless asked for the real PDF)."""
        self.ensure_one()
        content, content_type = (
            self.env["ir.actions.report"].sudo()._render_qweb_pdf(MINUTES_REPORT, res_ids=self.ids)
        )
        if content_type != "pdf":
            return False
        return self._joint_meeting_seal_kept_copy(content)

    def _joint_meeting_seal_kept_copy(self, pdf):
        """Store ``pdf`` as the kept copy with its SHA-256, once: the minutes
        point at it from then on, and ir.attachment refuses to change or
        delete what they point at."""
        self.ensure_one()
        digest = hashlib.sha256(pdf).hexdigest()
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
        self.env.cr.execute(
            SQL(
                """UPDATE joint_meeting_minutes
                      SET pdf_attachment_id = %s, pdf_sha256 = %s, pdf_sealed_date = %s
                    WHERE id = %s AND state = 'issued' AND pdf_attachment_id IS NULL
                RETURNING id""",
                attachment.id,
                digest,
                fields.Datetime.now(),
                self.id,
            )
        )
        sealed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(list(JOINT_MEETING_MINUTES_WORKFLOW_FIELDS))
        if not sealed:  # sealed meanwhile by another transaction
            attachment.unlink()
            return False
        self.sudo().message_post(
            body=self.env._(
                "Kept copy sealed: %(name)s, SHA-256 %(digest)s.",
                name=attachment.name,
                digest=digest,
            ),
        )
        return True

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
        minutes = self._kept_copy_backlog()
        budget = self._kept_copy_time_budget()
        start = monotonic()
        done = tried = 0
        for record in minutes[:limit]:
            elapsed = monotonic() - start
            # Stop before a PDF that would, at the pace so far, overrun the budget.
            if budget is not None and tried and elapsed + elapsed / tried > budget:
                break
            tried += 1
            # Its chatter message in the district's language (the cron has none).
            district = record.with_context(
                force_report_rendering=True, lang=record.company_id._joint_meeting_lang()
            )
            try:
                with self.env.cr.savepoint():
                    done += bool(district._joint_meeting_produce_kept_copy())
            except Exception:  # noqa: BLE001 - next record; this one is tried at the next run
                _logger.exception("Kept copy of minutes %s not produced", record.id)
        # Nothing sealed in this batch: wait for the next run rather than loop.
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=len(minutes) - done if done else 0
        )
