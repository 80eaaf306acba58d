import re
import threading

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import ConcurrentTransactionCase, commit_approved_minutes, remove_committed_minutes

ISSUERS = 6


@tagged("post_install", "-at_install")
class TestIssuersAtOnce(ConcurrentTransactionCase):
    """Several offices issue minutes of one district at the same moment, each
    in real transactions of its own, as on the server: the number is taken
    from the district's sequence, locked until the issuing transaction
    commits; an issuer that loses the race fails to serialize and is retried
    by Odoo's retry of concurrency failures, which no issuer sees. Every
    issuer succeeds, the numbers are distinct and follow each other without
    a gap, and each issue triggered the scheduled action of the kept copy."""

    def test_issuers_at_once_get_distinct_numbers_without_gaps(self):
        db = self.env.registry._db
        with db.cursor() as cr:
            cr.execute("SELECT now() at time zone 'UTC'")
            started = cr.fetchone()[0]
        ids, company_id, numbering = commit_approved_minutes(
            self.registry, [f"At once {i}" for i in range(ISSUERS)]
        )
        numbers, errors, attempts = {}, [], []
        start = threading.Barrier(ISSUERS)

        def issue(minutes_id):
            try:
                with db.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    record = env["joint.meeting.minutes"].browse(minutes_id)
                    cr.execute("SELECT 1")  # the transaction has its snapshot
                    start.wait(10)

                    def work():
                        attempts.append(minutes_id)
                        record.action_issue()

                    retrying(work, env)
                    numbers[minutes_id] = record.document_number
            except Exception as e:  # noqa: BLE001 - reported by the test below
                errors.append(e)

        cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_kept_copies")
        try:
            threads = [threading.Thread(target=issue, args=(id_,)) for id_ in ids]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            self.assertFalse(errors)
            self.assertEqual(set(attempts), set(ids))
            self.assertEqual(len(set(numbers.values())), ISSUERS)
            # No gap: the issuers took the numbers that followed each other.
            values = sorted(int(re.search(r"〕(\d+)", n).group(1)) for n in numbers.values())
            self.assertEqual(values, list(range(values[0], values[0] + ISSUERS)))
            with db.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s AND create_date >= %s",
                    [cron.id, started],
                )
                self.assertGreaterEqual(cr.fetchone()[0], 1)
        finally:
            with db.cursor() as cr:
                cr.execute(
                    "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND create_date >= %s",
                    [cron.id, started],
                )
            remove_committed_minutes(self.registry, ids, company_id, numbering)
