"""bench/load/results.md and the load section of bench/README.md from the run's files
in bench/.work/load (Locust CSVs, refusals, ledger checks, faults, generation)."""

import csv
import json
import os
import platform
import re
import statistics
import subprocess
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.environ.get("LOAD_WORK", os.path.join(ROOT, "bench", ".work", "load"))
USERS = [int(u) for u in os.environ.get("LOAD_USERS", "10 25 50").split()]
SECONDS = os.environ.get("LOAD_SECONDS", "30")
MIX_USERS = int(os.environ.get("LOAD_MIX_USERS", "25"))
SETUP = ("login", "login (session check)", "session info", "setup")
PAIRS = [  # module request, baseline request
    ("agreed matters list (red)", "baseline: partner list (invoice)"),
    ("meeting form", "baseline: partner form"),
    ("dashboard group-by", "baseline: partner group-by"),
    # Every role's home: the workbench's rows awaiting the user (issue 24).
    ("workbench (home)", "baseline: partner list (invoice)"),
]
ENV = "LOAD_SCALE={scale} LOAD_DISTRICTS={districts} LOAD_SECONDS={seconds}"
# The endpoint of each request of the pairs, as Odoo logs it (werkzeug line:
# path, status, queries, SQL seconds, other seconds, ro/rw).
ENDPOINTS = {
    "agreed matters list (red)": "/web/dataset/call_kw/joint.meeting.resolution/web_search_read",
    "baseline: partner list (invoice)": "/web/dataset/call_kw/res.partner/web_search_read",
    "meeting form": "/web/dataset/call_kw/joint.meeting/web_read",
    "baseline: partner form": "/web/dataset/call_kw/res.partner/web_read",
    "dashboard group-by": "/web/dataset/call_kw/joint.meeting.resolution/web_read_group",
    "baseline: partner group-by": "/web/dataset/call_kw/res.partner/web_read_group",
    "workbench (home)": "/web/dataset/call_kw/joint.meeting.todo/web_search_read",
}
WERKZEUG = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ \d+ INFO \S+ werkzeug: .*\"(?:POST|GET) (\S+) "
    r"HTTP/1\.\d\" 200 - (\d+) ([\d.]+) ([\d.]+)"
)
_server_lines = []


def load(name):
    path = os.path.join(WORK, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def stats(run):
    path = os.path.join(WORK, f"{run}_stats.csv")
    if not os.path.exists(path):
        return None
    rows = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            name = row["Name"]
            if name in SETUP or name.startswith("get_views"):
                continue
            rows[name] = {
                "n": int(row["Request Count"]),
                "fail": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    return rows


def total(rows):
    mix = {k: v for k, v in rows.items() if k != "Aggregated"}
    return {
        "n": sum(v["n"] for v in mix.values()),
        "fail": sum(v["fail"] for v in mix.values()),
        "rps": sum(v["rps"] for v in mix.values()),
    }


def refusals(run):
    return load(f"{run}_refusals.json") or {}


def failures(run):
    path = os.path.join(WORK, f"{run}_failures.csv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {
            f"{r['Name']}: {r['Error'][:100]}": int(r["Occurrences"]) for r in csv.DictReader(f)
        }


def server_times(run):
    """Per request of the pairs: (queries, milliseconds) as Odoo's log has
    them during the run, the worker's own time without any queueing."""
    window = load(f"{run}_loadavg.json") or {}
    if "start" not in window:
        return {}
    if not _server_lines:
        path = os.path.join(WORK, "odoo-runs.log")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for line in f:
                    match = WERKZEUG.match(line)
                    if match:
                        stamp = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
                        _server_lines.append((stamp, *match.groups()[1:]))
    by_path = {path: name for name, path in ENDPOINTS.items()}
    out = {}
    for stamp, path, queries, sql_s, other_s in _server_lines:
        if window["start"] - 1 <= stamp <= window["end"] + 1 and path in by_path:
            out.setdefault(by_path[path], []).append(
                (int(queries), 1000 * (float(sql_s) + float(other_s)))
            )
    return out


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0


def fmt(value, digits=0):
    return f"{value:,.{digits}f}"


def loadavg1(text):
    """The 1-minute figure of a "1.2 0.9 0.8" load average."""
    return text.split()[0] if text else "?"


def level_table(replica):
    lines = []
    runs = {u: stats(f"load_r{replica}_u{u}") for u in USERS}
    names = sorted({n for rows in runs.values() if rows for n in rows if n != "Aggregated"})
    if not names:
        return ["(no run)"]
    header = "| Request | " + " | ".join(f"{u} users: n, p50 / p95 / p99 ms" for u in USERS) + " |"
    lines += [header, "|---|" + "---:|" * len(USERS)]
    for name in names:
        cells = []
        for u in USERS:
            row = (runs[u] or {}).get(name)
            cells.append(
                f"{row['n']}, {fmt(row['p50'])} / {fmt(row['p95'])} / {fmt(row['p99'])}"
                + (f" ({row['fail']} failed)" if row["fail"] else "")
                if row
                else "—"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for u in USERS:
        avg = load(f"load_r{replica}_u{u}_loadavg.json") or {}
        cells.append(f"{loadavg1(avg.get('before'))} → {loadavg1(avg.get('after'))}")
    lines.append("| machine's load average (1 min) before → after | " + " | ".join(cells) + " |")
    cells = []
    for u in USERS:
        rows = runs[u]
        if not rows:
            cells.append("—")
            continue
        t = total(rows)
        meta = load(f"load_r{replica}_u{u}_meta.json") or {}
        if meta.get("users_not_started"):
            cells.append(f"{meta['users_not_started']} users could not log in; ")
        else:
            cells.append("")
        cells[-1] += (
            f"**{fmt(t['rps'], 1)} req/s**, {t['n']} requests, {t['fail']} failed, {sum(refusals(f'load_r{replica}_u{u}').values())} refused"
        )
    lines.append("| all (throughput) | " + " | ".join(cells) + " |")
    return lines


def main():
    gen = load("generate.json") or {}
    faults = load("faults.json") or {}
    ledger_load = load("ledger-load.json")
    load_cfg = load("load-config.json") or {}
    fault_cfg = load("faults-config.json") or {}
    scale, districts = gen.get("scale", "?"), gen.get("districts", "?")
    env = ENV.format(scale=scale, districts=districts, seconds=SECONDS)
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except OSError:
        pass
    git = subprocess.run(
        ["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", ROOT, "status", "--porcelain", "--", ".", ":!bench", ":!README.md", ":!docs"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    out = [
        f"{datetime.now().isoformat(timespec='seconds')} — {cpu}, {os.cpu_count()} cores "
        f"(shared with other work: load average before the load runs "
        f"{load_cfg.get('load_before', 'not recorded')}, at the end {os.getloadavg()[0]:.1f}), Python "
        f"{platform.python_version()}; module at git {git}{' + uncommitted changes' if dirty else ''}. "
        f"Odoo with {load_cfg.get('workers', '?')} HTTP workers + {load_cfg.get('cron', '?')} cron worker "
        f"for the load runs ({fault_cfg.get('workers', '?')} HTTP workers for the faults), "
        "PostgreSQL 15 primary 127.0.0.1:5442 + streaming replica 127.0.0.1:5443, "
        "Odoo in proxy_mode behind nginx on 127.0.0.1:18080 (bench/load/cluster.sh, bench/load/nginx.conf), "
        "through which every client goes. "
        "Locust users wait 0.5–1.5 s between requests; all users of a level start in the same second.",
        "",
    ]
    if gen:
        c = gen["counts"]
        out += [
            f"**Data** (`{env} make load`, bench/load/generate_city.py, through the ORM in batches): "
            f"{c['res.company']} districts, {fmt(c['joint.meeting'])} meetings, {fmt(c['joint.meeting.topic'])} topics, "
            f"{fmt(c['joint.meeting.consultation'])} consultations, {fmt(c['joint.meeting.resolution'])} agreed matters, "
            f"{fmt(c['joint.meeting.followup'])} follow-ups, {fmt(c['res.partner'])} partners (the baseline), "
            f"{fmt(c['res.users'])} users; database {gen['database_bytes'] / 2**20:,.0f} MB; generated in "
            f"{gen['total_s']:,.0f} s ("
            + ", ".join(f"{k} {v:,.0f} s" for k, v in gen["steps_s"].items())
            + ")"
            + (f"; {gen['source']}" if gen.get("source") else "")
            + ".",
            "",
        ]
    for replica, title in (
        (1, "with the replica"),
        (0, "without the replica (every request on the primary)"),
    ):
        out += [
            f'**Load {title}** (`{env} LOAD_USERS="{" ".join(map(str, USERS))}" make load`; {SECONDS} s a level, all roles at once):',
            "",
        ]
        out += level_table(replica)
        out.append("")
    # With and without the replica, alternated.
    ab = {1: [], 0: []}
    for i in range(1, 20):
        for replica in (1, 0):
            rows = stats(f"ab_r{replica}_{i}")
            if rows and "Aggregated" in rows:
                ab[replica].append(
                    (total(rows)["rps"], rows["Aggregated"]["p95"], total(rows)["fail"])
                )
    if ab[1] and ab[0]:
        med = statistics.median
        out += [
            f"**With and without the replica, alternated** (`LOAD_REPLICA_AB={len(ab[1])} LOAD_SKIP_LOAD=1 "
            f"LOAD_SKIP_FAULTS=1 make load`, {MIX_USERS} users, {SECONDS} s each, the city mix): "
            f"with the replica {', '.join(f'{r:.1f}' for r, _p, _f in ab[1])} req/s (p95 "
            f"{', '.join(fmt(p) for _r, p, _f in ab[1])} ms), without "
            f"{', '.join(f'{r:.1f}' for r, _p, _f in ab[0])} req/s (p95 {', '.join(fmt(p) for _r, p, _f in ab[0])} ms); "
            f"medians {med([r for r, _p, _f in ab[1]]):.1f} against {med([r for r, _p, _f in ab[0]]):.1f} req/s; "
            f"{sum(f for *_x, f in ab[1]) + sum(f for *_x, f in ab[0])} failed.",
            "",
        ]
    # Ratios to the baseline, from the same runs.
    out += [
        "**The module against Odoo's own res.partner, same rows, same runs** (p95 ratio; target ≤ 1.5×):",
        "",
    ]
    out += [
        "| Request pair | " + " | ".join(f"{u} users" for u in USERS) + " |",
        "|---|" + "---:|" * len(USERS),
    ]
    for module, base in PAIRS:
        cells = []
        for u in USERS:
            rows = stats(f"load_r1_u{u}") or {}
            if module in rows and base in rows and rows[base]["p95"]:
                cells.append(
                    f"{rows[module]['p95'] / rows[base]['p95']:.2f}× ({fmt(rows[module]['p95'])} vs {fmt(rows[base]['p95'])} ms)"
                )
            else:
                cells.append("—")
        out.append(f"| {module} / {base.split(': ')[1]} | " + " | ".join(cells) + " |")
    server = {u: server_times(f"load_r1_u{u}") for u in USERS}
    if any(server.values()):
        out += [
            "",
            "The same pairs server side (Odoo's log of the same runs: the worker's time for the request, "
            "without the queueing in front of the 2 workers; p50 / p95 ms, queries, ratio of the p95):",
            "",
            "| Request pair | " + " | ".join(f"{u} users" for u in USERS) + " |",
            "|---|" + "---:|" * len(USERS),
        ]
        for module, base in PAIRS:
            cells = []
            for u in USERS:
                m, b = server[u].get(module), server[u].get(base)
                if m and b:
                    mt, bt = [t for _q, t in m], [t for _q, t in b]
                    cells.append(
                        f"{pct(mt, 0.95) / pct(bt, 0.95):.2f}× ({fmt(pct(mt, 0.5))} / {fmt(pct(mt, 0.95))} ms, "
                        f"{pct([q for q, _t in m], 0.5)} q vs {fmt(pct(bt, 0.5))} / {fmt(pct(bt, 0.95))} ms, "
                        f"{pct([q for q, _t in b], 0.5)} q)"
                    )
                else:
                    cells.append("—")
            out.append(f"| {module} / {base.split(': ')[1]} | " + " | ".join(cells) + " |")
    module_mix, base_mix = stats(f"mix_module_u{MIX_USERS}"), stats(f"mix_baseline_u{MIX_USERS}")
    if module_mix and base_mix:
        tm, tb = total(module_mix), total(base_mix)
        avg_m = load(f"mix_module_u{MIX_USERS}_loadavg.json") or {}
        avg_b = load(f"mix_baseline_u{MIX_USERS}_loadavg.json") or {}
        out += [
            "",
            f"Throughput at {MIX_USERS} users (target ≥ 90%): the module's day without the PDF "
            f"(`LOAD_MIX=module`) {fmt(tm['rps'], 1)} req/s against the same sequence on res.partner "
            f"(`LOAD_MIX=baseline`: list, form, group-by, create, write) {fmt(tb['rps'], 1)} req/s: "
            f"**{100 * tm['rps'] / tb['rps']:.0f}%** ({tm['fail']} and {tb['fail']} failed; the machine's "
            f"load average {loadavg1(avg_m.get('before'))} → {loadavg1(avg_m.get('after'))} and "
            f"{loadavg1(avg_b.get('before'))} → {loadavg1(avg_b.get('after'))}).",
        ]
    out.append("")
    # Errors and refusals, per level.
    parts, refused = [], {}
    for replica in (1, 0):
        for u in USERS:
            run = f"load_r{replica}_u{u}"
            for k, v in refusals(run).items():
                refused[k] = refused.get(k, 0) + v
            kinds = {}
            for k, v in failures(run).items():
                kind = "connection refused or reset (HTTP 0)" if "HTTP 0" in k else k
                kinds[kind] = kinds.get(kind, 0) + v
            if kinds:
                detail = ", ".join(f"{k} ×{v}" for k, v in kinds.items())
                parts.append(f"{u} users {'with' if replica else 'without'} the replica: {detail}")
    warm = []
    for name in ("r1", "r0", "mix", "faults"):
        kinds = failures(f"warmup_{name}")
        if kinds:
            warm.append(f"{name}: " + ", ".join(f"{k} ×{v}" for k, v in kinds.items()))
    parts += [f"warm-up after the Odoo start ({w}; not measured)" for w in warm]
    out.append(
        "**Errors under load**: "
        + ("; ".join(parts) if parts else "none")
        + ". Intended refusals (a user-facing message, no traceback): "
        + (
            ", ".join(f"{k.replace(chr(10), ' ')} ×{v}" for k, v in refused.items())
            if refused
            else "none"
        )
        + "."
    )
    if ledger_load:
        out.append(
            f"Ledger of the load runs: {ledger_load['accepted']} writes accepted, {ledger_load['found']} found in the database "
            "("
            + ", ".join(
                f"{k} {v['found']}/{v['accepted']}" for k, v in ledger_load["per_kind"].items()
            )
            + ")."
        )
    out.append("")
    if faults:
        out += [
            f'**Faults** (`LOAD_FAULTS="..." make load` runs some; {os.environ.get("LOAD_FAULT_USERS", "20")} Locust users where under load):',
            "",
        ]
        out += [
            "| Fault | Clients saw | Accepted writes → found | Invariants | Detail |",
            "|---|---|---|---|---|",
        ]
        for name, r in faults.items():
            if "crashed" in r:
                out.append(f"| {name} | the fault test broke: {r['crashed']} | | | |")
                continue
            inv = r.get("invariants", {})
            invariants = (
                f"duplicate reminders {inv.get('duplicate_reminders')}, half-issued minutes {inv.get('half_issued_minutes')}, "
                f"number gaps {inv.get('number_gaps')}, duplicates {inv.get('number_duplicates')}"
            )
            led = r.get("ledger")
            ledger_cell = f"{led['accepted']} → {led['found']}" if led else "—"
            if name.startswith("kill_cron_worker"):
                saw = "— (no client)"
                detail = (
                    (
                        f"reminders of earlier runs forgotten first: {r['forgotten_before']['reminders']}; "
                        if r.get("forgotten_before")
                        else ""
                    )
                    + f"killed pid {r['killed_pid']}; {r['reminders_committed_after_kill']} reminders committed at the kill "
                    f"(whole batches of 500: {r['committed_in_whole_batches_of_500']}); after the resumed run "
                    f"{r['reminders_after_resume']} reminders, {r['activities_after_resume']} activities; "
                    f"a second run added {r['second_run_added']}"
                )
            elif name.startswith("concurrent_writes"):
                saw = ", ".join(f"{k} {v}" for k, v in r["outcomes"].items())
                detail = f"{r['rounds']} rounds; numbers {', '.join(r['numbers_issued'])}; errors: {r['errors_shown_to_clients'] or 'none'}"
                if "kept_copies_after_seconds" in r:
                    detail += (
                        f"; kept copies sealed {r['kept_copies_after_seconds']} s after the last issue "
                        f"({r['without_kept_copy_after_wait']} still without)"
                    )
            else:
                kinds = {}
                for k, v in r["failures_by_kind"].items():
                    error = k.split("CatchResponseError(", 1)[-1].rstrip(")").strip("'\" ")
                    error = "connection refused or reset" if error.startswith("HTTP 0") else error
                    kinds[error] = kinds.get(error, 0) + v
                saw = (
                    f"{r['failed_requests']} failed of {r['requests']} "
                    f"({', '.join(f'{k} ×{v}' for k, v in kinds.items()) or 'none'}); "
                    f"recovered after {r['recovered_after_s']} s"
                )
                detail = ""
                if name == "kill_http_worker":
                    detail = (
                        f"killed pid {r['killed_pid']} {r['killed_while']}; the issuing client got {r['client_saw']}; "
                        f"the minutes after the kill: {r['minutes_after_kill']}; the office then: {r['retry']} → "
                        f"{r['number_after_retry']}, kept copy {'sealed' if r.get('kept_copy_after_retry') else 'missing'}"
                    )
                elif name == "restart_primary":
                    detail = f"restart took {r['restart_s']} s"
                elif name == "stop_replica":
                    detail = f"'falling back to read-write cursor' logged {r.get('fallback_warnings')} times"
            out.append(f"| {name} | {saw} | {ledger_cell} | {invariants} | {detail} |")
        out.append("")
    text = "\n".join(out)
    with open(os.path.join(HERE, "results.md"), "w") as f:
        f.write(text + "\n")
    readme = os.path.join(ROOT, "bench", "README.md")
    with open(readme) as f:
        content = f.read()
    start, end = "<!-- load:start -->", "<!-- load:end -->"
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _old, tail = rest.split(end, 1)
        with open(readme, "w") as f:
            f.write(f"{head}{start}\n{text}\n{end}{tail}")
    print(text)


if __name__ == "__main__":
    main()
