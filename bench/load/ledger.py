"""Check the client-side ledger of accepted writes against the database.

Usage: ledger.py LEDGER.jsonl  -> JSON on stdout: per kind of write, how many
the clients were told succeeded and how many the database holds as told;
plus the invariants of the city (no reminder twice, no half-issued minutes,
document numbers without gaps or duplicates).

Also importable (bench/load/faults.py): check(path), invariants()."""

import json
import os
import re
import sys
from collections import defaultdict

import psycopg2

DSN = {
    "host": "127.0.0.1",
    "port": int(os.environ.get("LOAD_PG_PORT", "5442")),
    "user": "jm_load",
    "dbname": os.environ.get("LOAD_DB", "jm_city"),
}

# kind -> (table, condition the row must meet, extra columns checked)
CHECKS = {
    "topic_created": ("joint_meeting_topic", "TRUE"),
    "topic_submitted": ("joint_meeting_topic", "state = 'submitted'"),
    "consultation_replied": ("joint_meeting_consultation", "state = 'replied'"),
    "followup_created": ("joint_meeting_followup", "resolution_id = %(resolution_id)s"),
    "followup_accepted": ("joint_meeting_followup", "state = 'accepted'"),
    "partner_created": ("res_partner", "TRUE"),
    "minutes_issued": (
        "joint_meeting_minutes",
        "state = 'issued' AND document_number = %(number)s AND pdf_attachment_id IS NOT NULL",
    ),
}


def connect():
    return psycopg2.connect(**DSN)


def check(path):
    entries = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            entries = [json.loads(line) for line in f if line.strip()]
    accepted, found, missing = defaultdict(int), defaultdict(int), defaultdict(list)
    with connect() as conn, conn.cursor() as cr:
        for entry in entries:
            table, condition = CHECKS[entry["kind"]]
            cr.execute(f"SELECT 1 FROM {table} WHERE id = %(id)s AND {condition}", entry)  # noqa: S608
            accepted[entry["kind"]] += 1
            if cr.fetchone():
                found[entry["kind"]] += 1
            else:
                missing[entry["kind"]].append(entry["id"])
    return {
        "accepted": sum(accepted.values()),
        "found": sum(found.values()),
        "per_kind": {k: {"accepted": accepted[k], "found": found[k]} for k in sorted(accepted)},
        "missing": {k: v[:20] for k, v in missing.items()},
    }


def invariants():
    """What must hold whatever happened: one reminder activity per reminder
    key and record, no minutes issued without their number or their PDF, the
    numbers of each district and year without duplicates or gaps."""
    out = {}
    with connect() as conn, conn.cursor() as cr:
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT 1 FROM mail_activity
                 WHERE automated
                 GROUP BY res_model, res_id, activity_type_id, user_id, summary
                HAVING count(*) > 1) d
            """
        )
        out["duplicate_reminders"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM joint_meeting_reminder")
        out["reminder_keys"] = cr.fetchone()[0]
        cr.execute(
            """
            SELECT count(*) FROM joint_meeting_minutes
             WHERE name LIKE '%%负载测试%%'
               AND ((state = 'issued') != (document_number IS NOT NULL)
                    OR (state = 'issued' AND (pdf_attachment_id IS NULL OR NOT EXISTS (
                        SELECT 1 FROM ir_attachment a WHERE a.id = pdf_attachment_id))))
            """
        )
        out["half_issued_minutes"] = cr.fetchone()[0]
        cr.execute(
            """
            SELECT company_id, document_number FROM joint_meeting_minutes
             WHERE name LIKE '%%负载测试%%' AND state = 'issued'
            """
        )
        numbers = defaultdict(list)
        for company, number in cr.fetchall():
            match = re.search(r"〔(\d+)〕(\d+)号", number or "")
            if match:
                numbers[(company, match.group(1))].append(int(match.group(2)))
        gaps = dups = 0
        for values in numbers.values():
            dups += len(values) - len(set(values))
            gaps += (max(values) - min(values) + 1) - len(set(values))
        out["issued_load_minutes"] = sum(len(v) for v in numbers.values())
        out["number_duplicates"] = dups
        out["number_gaps"] = gaps
    return out


if __name__ == "__main__":
    result = check(sys.argv[1])
    result["invariants"] = invariants()
    print(json.dumps(result, indent=1, ensure_ascii=False))
