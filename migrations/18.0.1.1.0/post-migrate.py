"""18.0.1.1.0: the reminder engine keys what it sent by structured columns
(model, record, kind, unit, period) instead of one string: the reminders of
18.0.1.0.0 get their structured key, so an upgrade sends none of them twice.

The functions are tested by ``tests/test_scheduler.py``, which loads this
script the way Odoo's migration manager does."""

import logging
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def legacy_structured_key(env, key):
    """The structured key (res_model, res_id, kind, organization id or None,
    period) that today's job writes for what the string ``key`` of version
    18.0.1.0.0 ("kind:id[:unit]:deadline", "minutes_late:id",
    "annual_meeting:district:year") recorded; None when its record is gone."""
    parts = key.split(":")
    kind, args = parts[0], parts[1:]
    env = env(su=True, context={"active_test": False})

    def record(model, res_id):
        found = env[model].browse(int(res_id)).exists()
        return found if found else None

    if kind == "proposal_due" and len(args) == 3:
        meeting = record("joint.meeting", args[0])
        unit = record("joint.meeting.organization", args[1])
        if meeting and unit:
            return (meeting._name, meeting.id, kind, unit.id, date.fromisoformat(args[2]))
    elif kind == "proposal_closed" and len(args) == 2:
        meeting = record("joint.meeting", args[0])
        if meeting:
            return (meeting._name, meeting.id, kind, None, date.fromisoformat(args[1]))
    elif kind == "minutes_late" and len(args) == 1:
        meeting = record("joint.meeting", args[0])
        if meeting and meeting.minutes_deadline:
            return (meeting._name, meeting.id, kind, None, meeting.minutes_deadline)
    elif kind in ("consultation_due", "consultation_overdue") and len(args) == 2:
        consultation = record("joint.meeting.consultation", args[0])
        if consultation:
            unit = consultation.department_id.id or None
            return (consultation._name, consultation.id, kind, unit, date.fromisoformat(args[1]))
    elif kind in ("resolution_due", "resolution_overdue") and len(args) == 2:
        matter = record("joint.meeting.resolution", args[0])
        if matter:
            unit = matter.lead_unit_id.id or None
            return (matter._name, matter.id, kind, unit, date.fromisoformat(args[1]))
    elif kind in ("acknowledgement_due", "acknowledgement_overdue") and len(args) == 2:
        assignment = record("joint.meeting.assignment", args[0])
        if assignment:
            matter = assignment.resolution_id
            unit = assignment.organization_id.id or None
            return (matter._name, matter.id, kind, unit, date.fromisoformat(args[1]))
    elif kind in ("annual_meeting", "calendar_missing") and len(args) == 2:
        company = record("res.company", args[0])
        office = company and env["joint.meeting.organization"]._find(company, "office")
        if office:
            return (office._name, office.id, kind, None, date(int(args[1]), 1, 1))
    return None


def adopt_legacy_keys(env):
    """Give every reminder sent under a string key (column ``key`` of version
    18.0.1.0.0) the structured key its job writes today, so an upgraded
    database sends none of them a second time; a reminder whose record is
    gone, or that maps onto one already kept, is forgotten. Returns
    (adopted, forgotten)."""
    cr = env.cr
    Reminder = env["joint.meeting.reminder"]
    if not column_exists(cr, Reminder._table, "key"):
        return 0, 0
    Reminder.flush_model()
    cr.execute(
        "SELECT res_model, res_id, kind, organization_id, period FROM joint_meeting_reminder "
        "WHERE res_model IS NOT NULL"
    )
    kept = set(cr.fetchall())
    cr.execute(
        "SELECT id, key FROM joint_meeting_reminder "
        "WHERE res_model IS NULL AND key IS NOT NULL ORDER BY id"
    )
    adopted, forgotten = [], []
    for reminder_id, key in cr.fetchall():
        try:
            structured = legacy_structured_key(env, key)
        except ValueError:
            structured = None
        if structured is None or structured in kept:
            forgotten.append(reminder_id)
            continue
        kept.add(structured)
        adopted.append((reminder_id, structured))
    if forgotten:
        cr.execute("DELETE FROM joint_meeting_reminder WHERE id = ANY(%s)", [forgotten])
    for reminder_id, (res_model, res_id, kind, organization_id, period) in adopted:
        company = env[res_model].sudo().browse(res_id).company_id
        cr.execute(
            "UPDATE joint_meeting_reminder SET res_model = %s, res_id = %s, kind = %s, "
            "organization_id = %s, period = %s, company_id = COALESCE(company_id, %s) "
            "WHERE id = %s",
            [res_model, res_id, kind, organization_id, period, company.id or None, reminder_id],
        )
    # What the old column did not name (neither adopted nor parsable) goes.
    cr.execute("DELETE FROM joint_meeting_reminder WHERE res_model IS NULL")
    cr.execute("ALTER TABLE joint_meeting_reminder DROP COLUMN key")
    Reminder.invalidate_model()
    _logger.info(
        "joint.meeting.reminder: %s reminders sent under string keys adopted, %s forgotten",
        len(adopted),
        len(forgotten),
    )
    return len(adopted), len(forgotten)


def migrate(cr, version):
    adopt_legacy_keys(api.Environment(cr, SUPERUSER_ID, {}))
