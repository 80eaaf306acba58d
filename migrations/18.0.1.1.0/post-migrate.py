"""18.0.1.1.0: the reminder engine keys what it sent by structured columns
(model, record, kind, unit, period) instead of one string: the reminders of
18.0.1.0.0 get their structured key, so an upgrade sends none of them twice."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["joint.meeting.reminder"]._adopt_legacy_keys()
