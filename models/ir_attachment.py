import base64

from odoo import models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError
from odoo.tools import SQL

# The models whose issued documents have sealed files (kept copy, OFD copy).
SEALED_MODELS = frozenset(
    {"joint.meeting.minutes", "joint.meeting.notice", "joint.meeting.bulletin"}
)


class IrAttachment(models.Model):
    """The kept copy of issued minutes is sealed: nobody, Odoo's administrator
    included, changes or deletes it through the ORM or RPC. Odoo's own
    attachment code keeps working: it writes the stored data through
    ``super(IrAttachment, ...)`` (below this class), the file-store garbage
    collector only reads these rows, and moving the data between database
    and file store writes back the same content."""

    _inherit = "ir.attachment"

    def _joint_meeting_sealed_copies(self):
        """{attachment id: document number} of the sealed kept copies (and
        OFD copies) among these attachments. Only an attachment of an issued
        document's model can be one: the others are told apart by their
        ``res_model``, from the ORM's cache (no query for an attachment already
        in it; otherwise the prefetch that Odoo's own unlink does anyway), and
        only the attachments of those models cost the indexed lookups."""
        ids = [
            attachment.id
            for attachment in self.sudo()
            if attachment.id and attachment.res_model in SEALED_MODELS
        ]
        if not ids:
            return {}
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            # Uninstalling the module: once its tables are gone nothing is sealed.
            self.env.cr.execute(SQL("SELECT to_regclass('joint_meeting_minutes')"))
            if self.env.cr.fetchone()[0] is None:
                return {}
        # With the OFD copies of issued documents (models/joint_meeting_ofd.py).
        self.env.cr.execute(
            SQL(
                "SELECT pdf_attachment_id, document_number FROM joint_meeting_minutes"
                " WHERE pdf_attachment_id = ANY(%(ids)s)"
                " UNION ALL SELECT ofd_attachment_id, document_number FROM joint_meeting_minutes"
                " WHERE ofd_attachment_id = ANY(%(ids)s)"
                " UNION ALL SELECT ofd_attachment_id, number FROM joint_meeting_notice"
                " WHERE ofd_attachment_id = ANY(%(ids)s)"
                " UNION ALL SELECT ofd_attachment_id, number FROM joint_meeting_bulletin"
                " WHERE ofd_attachment_id = ANY(%(ids)s)",
                ids=ids,
            )
        )
        return dict(self.env.cr.fetchall())

    def _joint_meeting_refuse_sealed(self, sealed):
        raise UserError(
            self.env._(
                "Art. 11: %(files)s is the sealed kept copy of issued minutes "
                "(%(numbers)s); it cannot be changed, renamed or deleted. "
                "Corrections are made by a new revision of the minutes.",
                files=", ".join(self.browse(list(sealed)).sudo().mapped("name")),
                numbers=", ".join(number or "" for number in sealed.values()),
            )
        )

    def _joint_meeting_changes_nothing(self, vals):
        """A write that leaves the sealed file as it is: an access token to
        share it, or the same content written back (storage migration)."""
        keys = set(vals)
        if keys <= {"access_token"}:
            return True
        if not keys <= {"raw", "datas", "mimetype"} or not keys & {"raw", "datas"}:
            return False
        raw = vals["raw"] if "raw" in vals else base64.b64decode(vals["datas"] or b"")
        if isinstance(raw, str):
            raw = raw.encode()
        checksum = self._compute_checksum(raw)
        return all(
            attachment.checksum == checksum
            and attachment.mimetype == vals.get("mimetype", attachment.mimetype)
            for attachment in self.sudo()
        )

    def write(self, vals):
        sealed = self._joint_meeting_sealed_copies()
        if sealed and not self.browse(list(sealed))._joint_meeting_changes_nothing(vals):
            self._joint_meeting_refuse_sealed(sealed)
        return super().write(vals)

    def unlink(self):
        # Not an @api.ondelete(at_uninstall=False) method: a client could send
        # the uninstall flag in its context and skip it.
        sealed = self._joint_meeting_sealed_copies()
        if sealed:
            self._joint_meeting_refuse_sealed(sealed)
        return super().unlink()
