"""18.0.1.3.0: the OFD copy of an issued document is sealed in a chain of
seals: the minutes' with their kept PDF, in the same link of the district's
chain; those of supervision notices and bulletins in a chain per district
and kind. The documents issued before carry an OFD made at issue (or none,
when making it failed, or for the minutes issued by the demo data): the
OFDs they carry are sealed here, as they were made and with the SHA-256
recorded then, each as the next link of its chain, in the order they were
issued (an OFD altered since keeps that SHA-256: the chain check reports
it). The minutes without a kept copy yet get theirs, with their OFD, from
the kept copies' scheduled action; the documents without an OFD get it
made and sealed by the scheduled action of the OFD copies, both triggered
here (rendering fonts for a district's history would hold the upgrade)."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def seal_existing_ofd_copies(env):
    """Seal the OFD copies made before 18.0.1.3.0 as links of their chains;
    returns {model: number of OFD copies sealed}."""
    env["res.company"]._joint_meeting_install_sequences()
    sealed = {}
    for model in ("joint.meeting.minutes", "joint.meeting.notice", "joint.meeting.bulletin"):
        Model = env[model]
        # The minutes without their kept copy get the OFD sealed with it.
        kept = SQL(" AND pdf_attachment_id IS NOT NULL") if model.endswith("minutes") else SQL()
        env.cr.execute(
            SQL(
                """SELECT id FROM %s
                    WHERE state = 'issued' AND ofd_attachment_id IS NOT NULL
                      AND ofd_seal_sequence IS NULL%s
                    ORDER BY company_id, issue_date, id""",
                SQL.identifier(Model._table),
                kept,
            )
        )
        records = Model.browse([row[0] for row in env.cr.fetchall()])
        count = 0
        for record in records:
            district = record.with_context(lang=record.company_id._joint_meeting_lang())
            count += bool(district._jm_seal_ofd(None))
        sealed[model] = count
        _logger.info("joint_meeting: %s OFD copies of %s sealed", count, model)
    if env["joint.meeting.minutes"]._kept_copy_backlog():
        env.ref("joint_meeting.ir_cron_joint_meeting_kept_copies")._trigger()
    env.ref("joint_meeting.ir_cron_joint_meeting_ofd_copies")._trigger()
    return sealed


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    seal_existing_ofd_copies(env)
