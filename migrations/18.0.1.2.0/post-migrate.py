"""18.0.1.2.0: the kept copies of issued minutes are sealed as a chain per
district (each seal covers the previous one, the document number, the text
and the PDF's SHA-256). The copies sealed by 18.0.1.1.0 carry only the
SHA-256 of their PDF: they become the first links of their district's chain,
in the order they were sealed, and the district's seal sequence continues
after them. The document sequences were created by the data file already.

The module's administrator no longer implies Odoo's ERP manager (Access
Rights): a district's administrator configures its own district only. Odoo
keeps a group a user got through an implication that is gone, so the
district administrators who are not Odoo system administrators lose it
here."""

import hashlib
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def close_district_administrators(env):
    """Take Odoo's ERP manager group from the module's administrators who are
    not system administrators; returns their logins."""
    admins = env.ref("joint_meeting.group_joint_meeting_admin").all_user_ids
    erp_manager = env.ref("base.group_erp_manager")
    system = env.ref("base.group_system")
    users = admins.filtered(
        lambda user: erp_manager in user.group_ids and system not in user.group_ids
    )
    if users:
        erp_manager.write({"user_ids": [(3, user.id) for user in users]})
        _logger.info(
            "joint_meeting: district administrators no longer ERP managers: %s",
            ", ".join(users.mapped("login")),
        )
    return users.mapped("login")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    close_district_administrators(env)
    Minutes = env["joint.meeting.minutes"]
    Attachment = env["ir.attachment"]
    for company in env["res.company"].search([]):
        cr.execute(
            SQL(
                """SELECT id, pdf_sha256, pdf_attachment_id FROM joint_meeting_minutes
                    WHERE company_id = %s AND pdf_attachment_id IS NOT NULL
                      AND seal_sequence IS NULL
                    ORDER BY pdf_sealed_date, id""",
                company.id,
            )
        )
        rows = cr.fetchall()
        if not rows:
            continue
        cr.execute(
            SQL(
                "SELECT COALESCE(MAX(seal_sequence), 0), (array_agg(seal_hash ORDER BY"
                " seal_sequence DESC))[1] FROM joint_meeting_minutes"
                " WHERE company_id = %s AND seal_sequence IS NOT NULL",
                company.id,
            )
        )
        index, previous = cr.fetchone()
        for minutes_id, digest, attachment_id in rows:
            index += 1
            # A copy altered before the upgrade keeps the SHA-256 it was
            # sealed with: the chain check reports it, as verification did.
            digest = (
                digest or hashlib.sha256(Attachment.browse(attachment_id).raw or b"").hexdigest()
            )
            minutes = Minutes.browse(minutes_id)
            previous = Minutes._joint_meeting_seal_hash(
                previous, minutes._joint_meeting_seal_values(index, digest)
            )
            cr.execute(
                SQL(
                    "UPDATE joint_meeting_minutes SET seal_sequence = %s, seal_hash = %s,"
                    " pdf_sha256 = %s WHERE id = %s",
                    index,
                    previous,
                    digest,
                    minutes_id,
                )
            )
        sequence = company._joint_meeting_sequence("joint.meeting.minutes.seal")
        sequence.number_next = index + 1
    Minutes.invalidate_model()
