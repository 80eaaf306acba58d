"""PDFs and issuing at once on a prefork server (issue 12).

Copies a database that has joint_meeting and its demo data, starts Odoo on it
with ``--workers=2`` on a free port of 127.0.0.1, prepares approved minutes
through the real workflow over XML-RPC, then at the same moment sends 4 PDF
requests (/report/pdf/..., as the government office) and has 8 issuers call
``action_issue``. It checks that every request completes, that the PDFs are
real and extract to Chinese without radicals, that the numbers are distinct
and follow each other without a gap, that every issued minutes gets its
sealed kept copy and its OFD copy sealed in the chain (made by the scheduled
action each issue triggers, in the server's cron worker), and that no
serialization failure reached a client. Issuers of one district queue on
the district's numbering sequence: the one that loses fails to serialize and
is retried by the server (Odoo's retry of concurrency failures); the retries
are counted, as a figure.
Exits non-zero when a check fails; prints and saves the figures as JSON.

    python bench/pdf_concurrency.py --source-db DB --odoo-src DIR \
        --addons-path PATHS --data-dir DIR [--workers 2 --pdfs 4 --issuers 8]
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client

import requests

PG = ["-h", "/var/run/postgresql"]
REPORT = "joint_meeting.report_joint_meeting_minutes"
RADICALS = re.compile("[\u2e80-\u2fdf]")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_database(args, target):
    subprocess.run(["dropdb", *PG, "--if-exists", target], check=True)
    subprocess.run(["createdb", *PG, "-T", args.source_db, target], check=True)
    source_store = os.path.join(args.data_dir, "filestore", args.source_db)
    target_store = os.path.join(args.data_dir, "filestore", target)
    shutil.rmtree(target_store, ignore_errors=True)
    if os.path.isdir(source_store):
        shutil.copytree(source_store, target_store)


def drop_database(args, target):
    subprocess.run(["dropdb", *PG, "--if-exists", target], check=False)
    shutil.rmtree(os.path.join(args.data_dir, "filestore", target), ignore_errors=True)


def start_server(args, target, port, logfile):
    command = [
        sys.executable,
        os.path.join(args.odoo_src, "odoo-bin"),
        f"--addons-path={args.addons_path}",
        f"--data-dir={args.data_dir}",
        f"--database={target}",
        f"--db-filter=^{target}$",
        f"--workers={args.workers}",
        # One cron worker: the kept copies are rendered there, after the issue commits.
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--logfile={logfile}",
        "--log-level=info",
    ]
    env = dict(os.environ, PYTHONPATH=args.odoo_src)
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=2).ok:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped, see {logfile}")
        time.sleep(1)
    raise RuntimeError("the server did not answer /web/health within 120 s")


class Rpc:
    def __init__(self, url, db, login):
        self.db, self.login = db, login
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").login(db, login, login)
        if not self.uid:
            raise RuntimeError(f"cannot log in as {login}")
        self.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.db, self.uid, self.login, model, method, list(args), kwargs
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        data = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return data[0]["res_id"]


def prepare_minutes(url, db, count):
    """Approved minutes of the demo district, through the workflow's own
    actions as the office and the leadership."""
    office, leader, admin = (Rpc(url, db, login) for login in ("jm_office", "jm_leader", "admin"))
    meeting = admin.ref("joint_meeting.meeting_renhe_2025")
    org = admin.ref("joint_meeting.org_renhe_office")
    ids = []
    for index in range(count):
        minutes_id = office(
            "joint.meeting.minutes",
            "create",
            {
                "meeting_id": meeting,
                "name": f"并发印发测试纪要 {index + 1}",
                "body": "<p>区人民政府与区总工会、团区委、区妇联研究了一月工作。</p>",
                "drafting_organization_ids": [(6, 0, [org])],
            },
        )
        office("joint.meeting.minutes", "action_submit_review", [minutes_id])
        office("joint.meeting.minutes", "action_confirm_text", [minutes_id])
        office("joint.meeting.minutes", "action_request_approval_button", [minutes_id])
        leader("joint.meeting.minutes", "action_approve", [minutes_id])
        ids.append(minutes_id)
    return ids


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", f.name, "-"], capture_output=True, check=True
        ).stdout.decode()


def run(args):
    target = f"{args.source_db}_pdfload"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    logfile = os.path.join(tempfile.gettempdir(), f"{target}.log")
    copy_database(args, target)
    server = None
    results = {"workers": args.workers, "pdf_requests": [], "issuers": []}
    failures = []
    try:
        server = start_server(args, target, port, logfile)
        minutes_ids = prepare_minutes(url, target, args.issuers)
        office = Rpc(url, target, "jm_office")
        printed = Rpc(url, target, "admin").ref("joint_meeting.minutes_renhe_2025")
        start = threading.Barrier(args.pdfs + args.issuers)

        def print_pdf(index):
            session = requests.Session()
            session.post(
                f"{url}/web/session/authenticate",
                json={"params": {"db": target, "login": "jm_office", "password": "jm_office"}},
                timeout=30,
            ).raise_for_status()
            start.wait(60)
            began = time.time()
            entry = {"index": index}
            try:
                response = session.get(f"{url}/report/pdf/{REPORT}/{printed}", timeout=args.timeout)
                entry.update(status=response.status_code, seconds=round(time.time() - began, 2))
                if response.ok and response.content.startswith(b"%PDF"):
                    text = pdf_text(response.content)
                    entry["chinese_text"] = "人民政府" in text and not RADICALS.search(text)
            except requests.RequestException as error:
                entry.update(error=repr(error), seconds=round(time.time() - began, 2))
            results["pdf_requests"].append(entry)

        def issue(minutes_id):
            rpc = Rpc(url, target, "jm_office")
            start.wait(60)
            began = time.time()
            entry = {"minutes_id": minutes_id}
            try:
                rpc("joint.meeting.minutes", "action_issue", [minutes_id])
                entry["seconds"] = round(time.time() - began, 2)
            except (xmlrpc.client.Error, OSError) as error:
                entry.update(error=str(error)[-500:], seconds=round(time.time() - began, 2))
            results["issuers"].append(entry)

        threads = [threading.Thread(target=print_pdf, args=(i,)) for i in range(args.pdfs)]
        threads += [threading.Thread(target=issue, args=(m,)) for m in minutes_ids]
        began = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.timeout + 60)
        results["wall_seconds"] = round(time.time() - began, 2)

        # The kept copies: rendered by the cron worker after each issue committed.
        deadline = time.time() + args.timeout
        while True:
            issued = office(
                "joint.meeting.minutes",
                "read",
                minutes_ids,
                ["state", "document_number", "pdf_sha256", "ofd_sha256", "ofd_seal_sequence"],
            )
            if all(m["pdf_sha256"] and m["ofd_sha256"] for m in issued) or time.time() > deadline:
                break
            time.sleep(1)
        results["kept_copies_seconds"] = round(time.time() - began, 2)
        numbers = [m["document_number"] for m in issued]
        results["numbers"] = numbers
        with open(logfile, encoding="utf-8") as log:
            server_log = log.read()
        # A failure that reached a client or the cron: its traceback is logged
        # (a retried one is logged as "SERIALIZATION_FAILURE, n tries left").
        results["serialization_failures_on_server"] = len(
            re.findall(
                r"errors\.SerializationFailure|maximum number of tries|not produced", server_log
            )
        )
        # Retried by the server, seen by nobody.
        results["concurrency_retries_on_server"] = len(
            re.findall(
                r"(SERIALIZATION_FAILURE|LOCK_NOT_AVAILABLE|DEADLOCK_DETECTED), \d+ tries left",
                server_log,
            )
        )

        if len(results["pdf_requests"]) != args.pdfs or any(
            e.get("status") != 200 or not e.get("chinese_text") for e in results["pdf_requests"]
        ):
            failures.append("a PDF request failed, timed out or lost its Chinese text layer")
        if len(results["issuers"]) != args.issuers or any("error" in e for e in results["issuers"]):
            failures.append("an issuer failed or timed out")
        if any(m["state"] != "issued" for m in issued) or len(set(numbers)) != len(numbers):
            failures.append("the issued numbers are missing or not distinct")
        else:
            values = sorted(int(re.search(r"〕(\d+)", n).group(1)) for n in numbers)
            if values != list(range(values[0], values[0] + len(values))):
                failures.append("the issued numbers have a gap")
        if any(not m["pdf_sha256"] for m in issued):
            failures.append("issued minutes without their sealed kept copy")
        if any(not m["ofd_sha256"] or not m["ofd_seal_sequence"] for m in issued):
            failures.append("issued minutes without their OFD copy sealed in the chain")
        if results["serialization_failures_on_server"]:
            failures.append("serialization failures reached a client or the cron")
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        drop_database(args, target)
    results["failures"] = failures
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-db", required=True)
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdfs", type=int, default=4)
    parser.add_argument("--issuers", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=180)
    parser.add_argument("--output", default="")
    args = parser.parse_args()
    results = run(args)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as output:
            output.write(text + "\n")
    if results["failures"]:
        print("[load-pdf] FAILED: " + "; ".join(results["failures"]))
        sys.exit(1)
    print(
        f"[load-pdf] ok: {args.pdfs} PDFs and {args.issuers} issuers at once on "
        f"--workers={args.workers} in {results['wall_seconds']} s, distinct numbers without "
        f"a gap, kept copies sealed after {results['kept_copies_seconds']} s, "
        f"{results['concurrency_retries_on_server']} retries on the server, "
        "no serialization failure reaching a client"
    )


if __name__ == "__main__":
    main()
