"""Where the time and the queries go (BENCH_PROFILE=1 make bench, or run it
alone after bench/run.sh generated jm_bench): cProfile of the first call of
the scheduled actions and of the minutes PDF, and the SQL statements of a
first call on the full history vs on the last meeting only, grouped by kind.
Writes bench/.work/profile-*.txt; rolls everything back."""

import cProfile
import io
import os
import pstats
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import WORK, environment  # noqa: E402

import bench  # noqa: E402


def profile(name, function, limit=35):
    prof = cProfile.Profile()
    prof.enable()
    function()
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(20)
    path = os.path.join(WORK, f"profile-{name}.txt")
    with open(path, "w") as f:
        f.write(out.getvalue())
    print(f"[profile] {path}")


def sql_kinds(env, function):
    """Count the statements run by ``function`` by kind and table."""
    cr = env.cr
    seen = Counter()
    original = cr.execute

    def execute(query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        text = " ".join(text.split())
        match = re.match(r'(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', text, re.I) or re.match(
            r'(SELECT)\s.*? FROM\s+"?(\w+)', text, re.I
        )
        seen[(match.group(1).upper(), match.group(2)) if match else (text[:40], "")] += 1
        return original(query, params, log_exceptions)

    env.flush_all()
    env.invalidate_all()
    cr.execute = execute
    try:
        function()
        env.flush_all()
    finally:
        del cr.execute
    return seen


def main():
    with environment({"tz": "Asia/Shanghai"}) as env:
        if os.environ.get("BENCH_REPORT_URL"):
            env["ir.config_parameter"].set_param("report.url", os.environ["BENCH_REPORT_URL"])
        latest = (
            env["joint.meeting.resolution"].search([], order="meeting_id desc", limit=1).meeting_id
        )
        upcoming = env["joint.meeting"].search([("state", "=", "collecting")], limit=1)
        restrict = {
            "resolution_deadlines": "UPDATE joint_meeting_resolution SET active = false "
            f"WHERE meeting_id != {latest.id}",
            "consultation_replies": "UPDATE joint_meeting_consultation SET state = "
            f"'replied' WHERE state = 'waiting' AND meeting_id != {upcoming.id}",
        }
        report_lines = []
        for method, sql in restrict.items():
            # warm caches once
            bench.in_savepoint(env, lambda m=method: bench.cron_call(env, m))
            bench.in_savepoint(env, lambda m=method: profile(m, lambda: bench.cron_call(env, m)))

            def second(m=method):
                bench.run_to_end(env, m)
                env.flush_all()
                profile(m + "-second-run", lambda: bench.cron_call(env, m))

            bench.in_savepoint(env, second)
            full = bench.in_savepoint(
                env, lambda m=method: sql_kinds(env, lambda: bench.cron_call(env, m))
            )

            def small(m=method, s=sql):
                env.cr.execute(s)
                env.invalidate_all()
                return sql_kinds(env, lambda: bench.cron_call(env, m))

            little = bench.in_savepoint(env, small)
            report_lines.append(f"== {method}: statements, full history vs last meeting only")
            for key in sorted(set(full) | set(little), key=str):
                mark = "  <-- grows" if full[key] != little[key] else ""
                report_lines.append(
                    f"{key[0]:12} {key[1] or '':40} {full[key]:4} {little[key]:4}{mark}"
                )
        ledger = env["joint.meeting.ledger"].create({})
        full_rows = sql_kinds(env, ledger._rows)
        meeting_ledger = env["joint.meeting.ledger"].create({"meeting_id": latest.id})
        meeting_rows = sql_kinds(env, meeting_ledger._rows)
        report_lines.append("== ledger _rows(): statements, all rows vs one meeting")
        for key in sorted(set(full_rows) | set(meeting_rows), key=str):
            mark = "  <-- grows" if full_rows[key] != meeting_rows[key] else ""
            report_lines.append(
                f"{key[0]:12} {key[1] or '':40} {full_rows[key]:4} {meeting_rows[key]:4}{mark}"
            )
        minutes, _matters = bench.minutes_with(env, 100)
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        ref = "joint_meeting.action_report_joint_meeting_minutes"
        Report._render_qweb_pdf(ref, res_ids=minutes.ids)
        profile("minutes_pdf", lambda: Report._render_qweb_pdf(ref, res_ids=minutes.ids))
        env.cr.rollback()
    path = os.path.join(WORK, "profile-sql.txt")
    with open(path, "w") as f:
        f.write("\n".join(report_lines) + "\n")
    print("\n".join(report_lines))


if __name__ == "__main__":
    main()
