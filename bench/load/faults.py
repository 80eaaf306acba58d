"""Faults on the running city cluster (bench/load/cluster.sh), each checked
against the client-side ledger of accepted writes (bench/load/ledger.py).

1. kill_http_worker: SIGKILL of the HTTP worker that is issuing minutes (caught
   while its wkhtmltopdf child renders the kept copy, after the number was
   committed), under the load without PDF downloads (the only wkhtmltopdf
   running is the issuing one); the office then produces the kept copy.
2. kill_cron_worker: SIGKILL of the cron worker in the middle of the agreed
   matters' reminders (batches of 500, a commit each); the action resumes.
3. restart_primary: pg_ctl restart of the primary under load.
4. stop_replica: the replica stopped under load; reads fall back to the primary.
5. concurrent_writes: two units reporting and two offices issuing at the same
   moment, several rounds.

Every loop is bounded in count and time; all traffic goes to 127.0.0.1.
Writes bench/.work/load/faults.json."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime

import psutil
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledger as ledger_mod  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("LOAD_WORK", os.path.join(HERE, "..", ".work", "load"))
LOAD_DIR = os.environ.get("LOAD_DIR", os.path.expanduser("~/.cache/joint_meeting/load"))
LOAD_VENV = os.environ.get("LOAD_VENV", os.path.expanduser("~/.cache/joint_meeting/load-venv"))
DB = os.environ.get("LOAD_DB", "jm_city")
# The clients' address: nginx in front of Odoo (bench/load/nginx.conf).
URL = f"http://127.0.0.1:{os.environ.get('LOAD_PROXY_PORT', '18080')}"
USERS = int(os.environ.get("LOAD_FAULT_USERS", "20"))
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
REFUSALS += ("odoo.exceptions.AccessError", "odoo.exceptions.MissingError")
CONCURRENT_ROUNDS = int(os.environ.get("LOAD_CONCURRENT_ROUNDS", "3"))
# How long the concurrent issue waits for the kept copies made after its commit.
KEPT_COPY_TIMEOUT = int(os.environ.get("LOAD_KEPT_COPY_TIMEOUT", "300"))
results = {}


def say(message):
    print(f"[faults] {message}", flush=True)


def cluster(*args):
    subprocess.run(["bash", os.path.join(HERE, "cluster.sh"), *args], check=True)


def sql(query, params=None, db=None):
    dsn = dict(ledger_mod.DSN, dbname=db or DB)
    conn = ledger_mod.psycopg2.connect(**dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


class Client:
    """A browser session of one login, JSON-RPC like the web client."""

    def __init__(self, login):
        self.login = login
        self.http = requests.Session()
        response = self.http.post(
            f"{URL}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": DB, "login": login, "password": login},
            },
            timeout=60,
        )
        result = response.json()["result"]
        self.uid = result["uid"]
        self.company_id = result["user_companies"]["current_company"]
        self.context = {
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
            "allowed_company_ids": [self.company_id],
        }

    def call(self, model, method, args, kwargs=None, timeout=120):
        """-> ("ok", result) | ("refused", message) | ("error", message)."""
        kwargs = dict(kwargs or {}, context=self.context)
        try:
            response = self.http.post(
                f"{URL}/web/dataset/call_kw/{model}/{method}",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                },
                timeout=timeout,
            )
        except requests.RequestException as exc:
            return "error", f"connection: {type(exc).__name__}"
        if response.status_code != 200:
            return "error", f"HTTP {response.status_code}"
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            kind = "refused" if data.get("name") in REFUSALS else "error"
            return kind, f"{data.get('name')}: {str(data.get('message'))[:200]}"
        return "ok", body["result"]


def locust(run, seconds, users=USERS, mix="city"):
    ledger_path = os.path.join(WORK, f"ledger-{run}.jsonl")
    if os.path.exists(ledger_path):
        os.remove(ledger_path)
    env = dict(
        os.environ, LOAD_LEDGER=ledger_path, LOAD_RUN_NAME=run, LOAD_MIX=mix, LOAD_USERS_NOW="0"
    )
    log = open(os.path.join(WORK, f"{run}.log"), "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            os.path.join(LOAD_VENV, "bin", "locust"),
            "-f",
            os.path.join(HERE, "locustfile.py"),
            "--headless",
            "--only-summary",
            "-H",
            URL,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "30",
            "--csv",
            os.path.join(WORK, run),
            "--exit-code-on-error",
            "0",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.ledger = ledger_path
    proc.run = run
    proc.t0 = time.time()
    return proc


def finish(proc, fault_time, extra_ledger=None):
    """Wait for the Locust run; the clients' view of the fault and the ledger."""
    proc.wait(timeout=600)
    with open(os.path.join(WORK, f"{proc.run}_timeline.json")) as f:
        timeline = {int(k): v for k, v in json.load(f).items()}
    failures = {s: v[1] for s, v in timeline.items() if v[1]}
    after = [s for s in failures if s >= int(fault_time) - 1]
    last = max(after) if after else None
    end = max(timeline) if timeline else int(fault_time)
    stats = read_stats(proc.run)
    if extra_ledger:
        with open(proc.ledger, "a") as f:
            for entry in extra_ledger:
                f.write(json.dumps(entry) + "\n")
    check = ledger_mod.check(proc.ledger)
    return {
        "requests": stats.get("requests"),
        "failed_requests": sum(failures.values()),
        "failed_requests_before_fault": sum(
            v for s, v in failures.items() if s < int(fault_time) - 1
        ),
        "failures_by_kind": read_failures(proc.run),
        "recovered_after_s": (last - int(fault_time) + 1) if last is not None else 0,
        "seconds_after_recovery_without_failure": end
        - (last if last is not None else int(fault_time)),
        "ledger": check,
        "invariants": ledger_mod.invariants(),
    }


def read_stats(run):
    import csv  # noqa: PLC0415

    path = os.path.join(WORK, f"{run}_stats.csv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                }
    return {}


def read_failures(run):
    import csv  # noqa: PLC0415

    path = os.path.join(WORK, f"{run}_failures.csv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {
            f"{r['Name']}: {r['Error'][:120]}": int(r["Occurrences"]) for r in csv.DictReader(f)
        }


def odoo_workers(kind):
    """Pids of the live workers of a kind (WorkerHTTP, WorkerCron) of the master."""
    with open(os.path.join(LOAD_DIR, "odoo.pid")) as f:
        master = int(f.read())
    children = {p.pid for p in psutil.Process(master).children()}
    pids = []
    with open(os.path.join(LOAD_DIR, "odoo.log"), errors="replace") as f:
        for line in f:
            if f"Worker {kind} (" in line and "alive" in line:
                pid = int(line.split(f"Worker {kind} (")[1].split(")")[0])
                if pid in children and pid not in pids:
                    pids.append(pid)
    return pids


def district_with_minutes(count):
    """Login prefix of a district with at least ``count`` approved minutes left."""
    rows = sql(
        "SELECT u.login FROM joint_meeting_minutes m JOIN res_users u ON u.company_id = m.company_id "
        "AND u.login LIKE 'd%%_office' WHERE m.state = 'approved' AND m.name LIKE %s "
        "GROUP BY u.login HAVING count(*) >= %s ORDER BY u.login LIMIT 1",
        ["%负载测试%", count],
    )
    return rows[0][0][: -len("office")] if rows else None


def approved_minutes(company_id):
    rows = sql(
        "SELECT id FROM joint_meeting_minutes WHERE company_id = %s AND state = 'approved' "
        "AND name LIKE %s ORDER BY id",
        [company_id, "%负载测试%"],
    )
    return [r[0] for r in rows]


def issued_entry(client, minutes_id):
    status, rows = client.call("joint.meeting.minutes", "read", [[minutes_id], ["document_number"]])
    return {"kind": "minutes_issued", "id": minutes_id, "number": rows[0]["document_number"]}


# ---------------------------------------------------------------------------
def kill_http_worker():
    say("1. SIGKILL of the HTTP worker issuing minutes, under load")
    prefix = district_with_minutes(1)
    if not prefix:
        return {"crashed": "no approved minutes left to issue (LOAD_REGENERATE=1 make load)"}
    office = Client(f"{prefix}office")
    minutes = approved_minutes(office.company_id)
    target = minutes[0]
    # The load without the users' PDF downloads (LOAD_MIX=module): the only
    # wkhtmltopdf running is then the issuing one, the worker to kill.
    proc = locust("fault_kill_http", 40, mix="module")
    time.sleep(10)
    outcome = {}
    thread = threading.Thread(
        target=lambda: outcome.update(
            issue=office.call("joint.meeting.minutes", "action_issue", [[target]])
        )
    )
    fault_time = time.time()
    thread.start()
    victim = None
    deadline = time.time() + 30
    while time.time() < deadline and victim is None:  # bounded: 30 s
        for pid in odoo_workers("WorkerHTTP"):
            names = [c.name() for c in psutil.Process(pid).children()]
            if any("wkhtmltopdf" in n for n in names):
                victim = pid
                break
        time.sleep(0.02)
    if victim:
        os.kill(victim, signal.SIGKILL)
    thread.join(timeout=180)
    state = sql(
        "SELECT state, document_number, pdf_attachment_id FROM joint_meeting_minutes WHERE id = %s",
        [target],
    )[0]
    # The office acts on what it finds once a worker is back (the master forks
    # a new one): minutes still approved (killed before the number was
    # committed) are issued again; minutes issued without their kept copy
    # (killed while rendering it, after the number was committed) get it from
    # the office's Produce Kept Copy (the hourly scheduled action would too).
    retry, action = ("error", "not tried"), None
    for _ in range(30):  # bounded: 30 tries, 1 s apart
        now = sql(
            "SELECT state, pdf_attachment_id FROM joint_meeting_minutes WHERE id = %s", [target]
        )[0]
        if now[0] == "approved":
            action = "action_issue"
        elif now[0] == "issued" and not now[1]:
            action = "action_produce_kept_copy"
        else:
            retry = ("ok", "nothing left to do")
            break
        retry = office.call("joint.meeting.minutes", action, [[target]])
        if retry[0] != "error":
            break
        time.sleep(1)
    extra = [issued_entry(office, target)] if retry[0] == "ok" else []
    result = finish(proc, fault_time, extra)
    result.update(
        killed_pid=victim,
        killed_while="rendering the minutes PDF (wkhtmltopdf child running)"
        if victim
        else "not caught",
        client_saw=outcome.get("issue", ("?",))[0]
        + ": "
        + str(outcome.get("issue", ("", ""))[1])[:120],
        minutes_after_kill={"state": state[0], "document_number": state[1], "pdf": state[2]},
        retry=f"{action}: {retry[0]}" if action else retry[0],
        number_after_retry=extra[0]["number"] if extra else None,
        kept_copy_after_retry=bool(
            sql("SELECT pdf_attachment_id FROM joint_meeting_minutes WHERE id = %s", [target])[0][0]
        ),
    )
    return result


def kill_cron_worker():
    say("2. SIGKILL of the cron worker during the agreed matters' reminder batches")
    cron_id = sql(
        "SELECT res_id FROM ir_model_data WHERE module = 'joint_meeting' "
        "AND name = 'ir_cron_joint_meeting_resolution_deadlines'"
    )[0][0]
    types = sql(
        "SELECT res_id FROM ir_model_data WHERE module = 'joint_meeting' AND name IN "
        "('mail_activity_type_resolution_due', 'mail_activity_type_resolution_overdue')"
    )
    type_ids = tuple(r[0] for r in types)

    def counts():
        keys = sql(
            "SELECT count(*) FROM joint_meeting_reminder "
            "WHERE res_model = 'joint.meeting.resolution' AND kind LIKE 'resolution_%%'"
        )[0][0]
        acts = sql(
            "SELECT count(*) FROM mail_activity WHERE res_model = 'joint.meeting.resolution' "
            "AND activity_type_id IN %s",
            [type_ids],
        )[0][0]
        return keys, acts

    def trigger():
        sql(
            "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE id = %s",
            [cron_id],
        )
        sql("SELECT pg_notify('cron_trigger', %s)", [DB], db="postgres")

    # The city keeps its reminders from one make load to the next: forget
    # those of the agreed matters (their keys and the activities they made),
    # so that the action has its thousands to send again, in batches.
    forgotten = sql(
        "WITH k AS (DELETE FROM joint_meeting_reminder WHERE key LIKE 'resolution_%%' RETURNING 1), "
        "a AS (DELETE FROM mail_activity WHERE res_model = 'joint.meeting.resolution' "
        "AND activity_type_id IN %s RETURNING 1) SELECT (SELECT count(*) FROM k), (SELECT count(*) FROM a)",
        [type_ids],
    )[0]
    keys0, acts0 = counts()
    trigger()
    killed, at_kill = None, None
    deadline = time.time() + 120
    while time.time() < deadline:  # bounded: 2 minutes
        keys, _ = counts()
        if keys > keys0:  # a batch committed: the next one is under way
            pids = odoo_workers("WorkerCron")
            if pids:
                time.sleep(0.15)  # into the next batch
                os.kill(pids[0], signal.SIGKILL)
                killed = pids[0]
                at_kill = counts()
                break
        time.sleep(0.02)
    time.sleep(2)
    after_kill = counts()
    # A new cron worker is forked by the master; wake it until the job is done.
    previous, stable_since = None, time.time()
    deadline = time.time() + 240
    while time.time() < deadline:  # bounded: 4 minutes
        now = counts()
        if now != previous:
            previous, stable_since = now, time.time()
        running = sql(
            "SELECT nextcall <= now() AT TIME ZONE 'UTC' FROM ir_cron WHERE id = %s", [cron_id]
        )[0][0]
        if running:
            sql("SELECT pg_notify('cron_trigger', %s)", [DB], db="postgres")
        elif time.time() - stable_since > 5:
            break
        time.sleep(1)
    done = counts()
    # A second run sends nothing again.
    trigger()
    deadline = time.time() + 120
    while time.time() < deadline:  # bounded
        if not sql(
            "SELECT nextcall <= now() AT TIME ZONE 'UTC' FROM ir_cron WHERE id = %s", [cron_id]
        )[0][0]:
            break
        sql("SELECT pg_notify('cron_trigger', %s)", [DB], db="postgres")
        time.sleep(1)
    time.sleep(1)
    second = counts()
    return {
        "forgotten_before": {"reminders": forgotten[0], "activities": forgotten[1]},
        "killed_pid": killed,
        "reminders_before": keys0,
        "reminders_committed_at_kill": at_kill[0] - keys0 if at_kill else None,
        "reminders_committed_after_kill": after_kill[0] - keys0,
        "committed_in_whole_batches_of_500": ((after_kill[0] - keys0) % 500 == 0)
        if killed
        else None,
        "reminders_after_resume": done[0] - keys0,
        "activities_after_resume": done[1] - acts0,
        "second_run_added": second[0] - done[0],
        "second_run_activities_added": second[1] - done[1],
        "invariants": ledger_mod.invariants(),
    }


def restart_primary():
    say("3. the PostgreSQL primary restarted under load")
    proc = locust("fault_restart_primary", 50)
    time.sleep(12)
    fault_time = time.time()
    cluster("restart-primary")
    restart_s = time.time() - fault_time
    result = finish(proc, fault_time)
    cluster("check-streaming")
    result["restart_s"] = round(restart_s, 1)
    return result


def stop_replica():
    say("4. the replica stopped under load")
    proc = locust("fault_stop_replica", 40)
    time.sleep(10)
    fault_time = time.time()
    cluster("stop-replica")
    result = finish(proc, fault_time)
    # Each worker that fell back keeps the primary until it is recycled: start
    # the replica again and restart Odoo for what follows.
    with open(os.path.join(LOAD_DIR, "odoo.log"), errors="replace") as f:
        result["fallback_warnings"] = sum("falling back to read-write cursor" in line for line in f)
    cluster("start-replica")
    cluster("stop-odoo")
    subprocess.run(
        ["bash", os.path.join(HERE, "cluster.sh"), "start-odoo"],
        check=True,
        env=dict(os.environ, LOAD_REPLICA="1"),
    )
    return result


def concurrent_writes(rounds=CONCURRENT_ROUNDS):
    say("5. two units reporting and two offices issuing at the same moment")
    prefix = district_with_minutes(2 * rounds)
    if not prefix:
        return {
            "crashed": "not enough approved minutes left to issue (LOAD_REGENERATE=1 make load)"
        }
    units = [Client(f"{prefix}mass0"), Client(f"{prefix}dept0")]
    orgs = []
    for unit in units:
        _s, rows = unit.call(
            "joint.meeting.organization",
            "search_read",
            [[["member_ids", "in", [unit.uid]]]],
            {"fields": ["id"], "limit": 1},
        )
        orgs.append(rows[0]["id"])
    offices = [Client(f"{prefix}office"), Client(f"{prefix}office")]
    minutes = approved_minutes(offices[0].company_id)
    outcomes = {"ok": 0, "refused": 0, "error": 0}
    errors, entries = [], []

    matters = []
    for unit, org in zip(units, orgs, strict=True):
        _s, ids = unit.call(
            "joint.meeting.resolution",
            "search",
            [[["state", "in", ["open", "in_progress"]], ["lead_unit_id", "=", org]]],
            {"limit": 1, "order": "id desc"},
        )
        if not ids:
            return {"crashed": f"{unit.login} leads no open agreed matter"}
        matters.append(ids[0])

    def report(barrier, results_, i, unit, org):
        barrier.wait()
        vals = {
            "resolution_id": matters[i],
            "organization_id": org,
            "progress": "<p>同时报告。</p>",
            "percent": 50,
        }
        results_[i] = (
            "followup",
            matters[i],
            unit.call("joint.meeting.followup", "create", [vals]),
        )

    def issue(barrier, results_, i, office, minutes_id):
        barrier.wait()
        results_[i] = (
            "minutes",
            minutes_id,
            office.call("joint.meeting.minutes", "action_issue", [[minutes_id]]),
        )

    for round_ in range(rounds):  # bounded
        pair = minutes[2 * round_ : 2 * round_ + 2]
        barrier = threading.Barrier(4 if len(pair) == 2 else 2, timeout=60)
        results_ = [None] * 4
        threads = [
            threading.Thread(target=report, args=(barrier, results_, i, units[i], orgs[i]))
            for i in range(2)
        ]
        if len(pair) == 2:
            threads += [
                threading.Thread(target=issue, args=(barrier, results_, 2 + i, offices[i], pair[i]))
                for i in range(2)
            ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        for item in results_:
            if not item:
                continue
            kind, record, (status, value) = item
            outcomes[status] += 1
            if status == "error":
                errors.append(value)
            elif status == "ok" and kind == "followup":
                entries.append({"kind": "followup_created", "id": value, "resolution_id": record})
            elif status == "ok" and kind == "minutes":
                entries.append(issued_entry(offices[0], record))
    # The kept copy (PDF and OFD, sealed) is made by the scheduled action the
    # issue triggers after its commit: wait for it, as bench/pdf_concurrency.py
    # does, before the invariants count issued minutes without their copy.
    issued_ids = [e["id"] for e in entries if e["kind"] == "minutes_issued"]
    began = time.time()
    waiting = issued_ids
    while waiting and time.time() - began < KEPT_COPY_TIMEOUT:  # bounded
        waiting = [
            r[0]
            for r in sql(
                "SELECT id FROM joint_meeting_minutes WHERE id = ANY(%s) "
                "AND (pdf_attachment_id IS NULL OR ofd_sha256 IS NULL)",
                [issued_ids],
            )
        ]
        if waiting:
            time.sleep(1)
    kept_copies_seconds = round(time.time() - began, 1)
    path = os.path.join(WORK, "ledger-concurrent.jsonl")
    with open(path, "w") as f:
        for entry in entries:
            f.write(json.dumps(entry) + "\n")
    numbers = [e["number"] for e in entries if e["kind"] == "minutes_issued"]
    return {
        "rounds": rounds,
        "outcomes": outcomes,
        "errors_shown_to_clients": errors[:10],
        "numbers_issued": numbers,
        "kept_copies_after_seconds": kept_copies_seconds,
        "without_kept_copy_after_wait": len(waiting),
        "ledger": ledger_mod.check(path),
        "invariants": ledger_mod.invariants(),
    }


FAULTS = {
    "kill_http_worker": kill_http_worker,
    "kill_cron_worker": kill_cron_worker,
    "restart_primary": restart_primary,
    "stop_replica": stop_replica,
    "concurrent_writes": concurrent_writes,
}


def main():
    os.makedirs(WORK, exist_ok=True)
    chosen = os.environ.get("LOAD_FAULTS", " ".join(FAULTS)).split()
    out_path = os.path.join(WORK, "faults.json")
    previous = {}
    if os.path.exists(out_path):
        with open(out_path) as f:
            previous = json.load(f)
    suffix = os.environ.get("LOAD_FAULT_SUFFIX", "")  # e.g. " (2 workers)": kept apart
    for fault in chosen:
        name = fault + suffix
        t0 = time.time()
        try:
            results[name] = FAULTS[fault]()
        except Exception as exc:  # noqa: BLE001 - a fault test that breaks is reported as such
            results[name] = {"crashed": f"{type(exc).__name__}: {exc}"}
        results[name]["wall_s"] = round(time.time() - t0, 1)
        results[name]["at"] = datetime.now().isoformat(timespec="seconds")
        say(f"{name}: {json.dumps(results[name], ensure_ascii=False)[:600]}")
        previous[name] = results[name]
        with open(out_path, "w") as f:
            json.dump(previous, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
