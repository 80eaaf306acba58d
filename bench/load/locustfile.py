"""A day of a city's joint-meeting offices, through Odoo's real HTTP endpoints
(JSON-RPC /web/dataset/call_kw as the web client calls it, /report/pdf).

Every simulated user takes a role (government office, mass organisation,
department, supervision office) in one of the city's districts and logs in
as that district's user of the role (bench/load/generate_city.py). Requests
are named after what the user does; the baseline requests (``baseline: ...``)
are the same list / form / group-by on res.partner with as many rows in the
district.

LOAD_MIX: ``city`` (the module's day plus the baseline reads, default),
``module`` (the module's requests without the PDF), ``baseline`` (the same
sequence with every request on res.partner: the throughput baseline).

Every write that gets a success is appended to LOAD_LEDGER (JSON lines);
bench/load/ledger.py checks them against the database. A JSON-RPC error that
is one of Odoo's user-facing refusals (UserError, ValidationError,
AccessError) is an intended refusal, counted apart (``_refusals.json``);
anything else (a server error, a traceback dialog, a 5xx, a dropped
connection) is a failure."""

import json
import os
import random
import time
import xml.etree.ElementTree as ET
from datetime import date

import gevent
import gevent.event
import gevent.lock
from locust import HttpUser, between, events, task
from locust.env import Environment

DB = os.environ.get("LOAD_DB", "jm_city")
DISTRICTS = int(os.environ.get("LOAD_DISTRICTS", "10"))
MIX = os.environ.get("LOAD_MIX", "city")
LEDGER = os.environ.get("LOAD_LEDGER")
WORK = os.environ.get("LOAD_WORK", os.path.join(os.path.dirname(__file__), "..", ".work", "load"))
RUN = os.environ.get("LOAD_RUN_NAME", "run")
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
REFUSALS += ("odoo.exceptions.AccessError", "odoo.exceptions.MissingError")
ROLES = ["office", "mass0", "dept0", "supervisor"]
RED = [["traffic_light", "=", "red"]]
PARTNER_RED = [["type", "=", "invoice"]]

_locks = {}
_setup = {}  # login -> what the web client knows after login
_meta = {"users_not_started": 0, "pdf_skipped_busy": 0}
# Minutes PDFs render without asking Odoo for a second worker (docs/architecture.md, "PDFs:
# text layer and rendering without HTTP"): as many in flight as users ask for.
# LOAD_PDF_CONCURRENCY=n keeps at most n (0, the default: no limit).
_PDF_LIMIT = int(os.environ.get("LOAD_PDF_CONCURRENCY", "0"))
_pdf = gevent.lock.BoundedSemaphore(_PDF_LIMIT or 10**6)
_ready = {"count": 0, "event": gevent.event.Event()}
USERS_NOW = int(os.environ.get("LOAD_USERS_NOW", "0"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
_sessions = {}  # login -> session id, shared by the simulated users of a login
_specs = {}  # (login, model, view type) -> specification for web_read / web_search_read
_refusals = {}
_ledger = open(LEDGER, "a", encoding="utf-8") if LEDGER else None  # noqa: SIM115
_session_file = os.path.join(WORK, f"sessions-{DB}.json")
_counter = iter(range(10**9))


def ledger(kind, **values):
    if _ledger:
        _ledger.write(json.dumps({"kind": kind, "t": time.time(), **values}) + "\n")
        _ledger.flush()


class RpcError(Exception):
    pass


def _login_lock(login):
    return _locks.setdefault(login, gevent.lock.Semaphore())


_env = {}


@events.init.add_listener
def _keep_environment(environment: Environment, **_kwargs):
    _env["environment"] = environment


def ready():
    """Measure only the day: once every user has logged in and loaded what it
    needs, the statistics start afresh and the run lasts LOAD_SECONDS."""
    _ready["count"] += 1
    if USERS_NOW and _ready["count"] == USERS_NOW:
        environment = _env["environment"]
        environment.runner.stats.reset_all()
        _timeline.clear()
        _ready["event"].set()
        gevent.spawn_later(SECONDS, environment.runner.quit)
    elif USERS_NOW:
        _ready["event"].wait(timeout=300)


def spec_from_arch(arch, fields):
    """The specification the web client derives from a view: the view's fields,
    display_name of relations, an inline list's fields for an x2many."""

    def walk(node, out):
        for child in node:
            if child.tag == "field" and child.get("name") in fields:
                name = child.get("name")
                info = fields[name]
                entry = {}
                if info["type"] == "many2one":
                    entry = {"fields": {"display_name": {}}}
                elif info["type"] in ("one2many", "many2many"):
                    sub = {}
                    inline = [c for c in child if c.tag in ("list", "kanban")]
                    for view in inline[:1]:
                        for f in view.iter("field"):
                            sub[f.get("name")] = {}
                    entry = {"fields": sub or {"display_name": {}}}
                    if info["type"] == "one2many" or inline:
                        entry["limit"] = 40
                out[name] = entry
            elif child.tag not in ("list", "kanban", "form"):
                walk(child, out)
        return out

    return walk(ET.fromstring(arch), {})


class Clerk(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        n = next(_counter)
        self.role = ROLES[n % len(ROLES)]
        self.district = (n // len(ROLES)) % DISTRICTS
        self.login = f"d{self.district:02d}_{self.role}"
        self.broken = False
        try:
            for attempt in range(5):  # bounded: a refused connection is retried
                try:
                    with _login_lock(self.login):
                        self.session_id = self.authenticate()
                        if self.login not in _setup:
                            _setup[self.login] = self.setup()
                    break
                except Exception:  # noqa: BLE001
                    if attempt == 4:
                        raise
                    gevent.sleep(1)
            self.__dict__.update(_setup[self.login])
        except Exception:  # noqa: BLE001 - counted, the run goes on without this user
            self.broken = True
            _meta["users_not_started"] += 1
        finally:
            ready()

    def setup(self):
        """What the web client knows after login: the user, its company, its
        organisation, records to open (once per login, not measured)."""
        info = self.rpc("session info", "/web/session/get_session_info", {})
        uid, company_id = info["uid"], info["user_companies"]["current_company"]
        ctx = {
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
            "uid": uid,
            "allowed_company_ids": [company_id],
            "bin_size": True,
        }
        self.ctx = ctx
        orgs = self.call(
            "setup",
            "joint.meeting.organization",
            "search_read",
            [[["member_ids", "in", [uid]]]],
            {"fields": ["id"], "limit": 1},
        )
        values = {
            "uid": uid,
            "company_id": company_id,
            "ctx": ctx,
            "org_id": orgs[0]["id"] if orgs else False,
            "meeting_ids": self.call(
                "setup", "joint.meeting", "search", [[]], {"limit": 100, "order": "date desc"}
            ),
            "partner_ids": self.call(
                "setup",
                "res.partner",
                "search",
                [[["company_id", "=", company_id]]],
                {"limit": 100},
            ),
            "minutes_id": self.call(
                "setup",
                "joint.meeting.minutes",
                "search",
                [[["state", "=", "issued"]]],
                {"limit": 1, "order": "issue_date desc, id desc"},
            ),
            "collecting": self.call(
                "setup",
                "joint.meeting",
                "search",
                [[["state", "=", "collecting"], ["name", "like", "负载测试"]]],
                {"limit": 1},
            ),
        }
        for model, view_type in (
            ("joint.meeting.resolution", "list"),
            ("joint.meeting", "form"),
            ("res.partner", "list"),
            ("res.partner", "form"),
        ):
            self.spec(model, view_type)
        return values

    # -- plumbing ---------------------------------------------------------
    def authenticate(self):
        if not _sessions and os.path.exists(_session_file):
            with open(_session_file) as f:
                _sessions.update(json.load(f))
        sid = _sessions.get(self.login)
        if sid:
            self.client.cookies.set("session_id", sid)
            check = self.client.post(
                "/web/session/get_session_info",
                json={"jsonrpc": "2.0", "method": "call", "params": {}},
                name="login (session check)",
            )
            body = check.json() if check.ok else {}
            if (body.get("result") or {}).get("uid"):
                return sid
        self.client.cookies.clear()
        response = self.client.post(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": DB, "login": self.login, "password": self.login},
            },
            name="login",
        )
        if not response.ok or "error" in response.json():
            raise RpcError(f"login {self.login} failed: {response.text[:300]}")
        sid = response.cookies.get("session_id") or self.client.cookies.get("session_id")
        _sessions[self.login] = sid
        os.makedirs(WORK, exist_ok=True)
        with open(_session_file, "w") as f:
            json.dump(_sessions, f)
        return sid

    def rpc(self, name, path, params):
        """One JSON-RPC request; returns its result, raises RpcError on a
        refusal (counted, not a failure) or a failure (reported to Locust)."""
        with self.client.post(
            path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                error = getattr(response, "error", None)
                response.failure(f"HTTP {response.status_code} {str(error)[:160] if error else ''}")
                raise RpcError(name)
            try:
                body = response.json()
            except ValueError:
                response.failure("not JSON")
                raise RpcError(name) from None
            error = body.get("error")
            if error:
                data = error.get("data") or {}
                kind = data.get("name", "")
                if kind in REFUSALS:
                    response.success()
                    key = f"{name} | {kind.rsplit('.', 1)[-1]}: {str(data.get('message'))[:80]}"
                    _refusals[key] = _refusals.get(key, 0) + 1
                else:
                    response.failure(
                        f"{kind or error.get('message')}: {str(data.get('message'))[:200]}"
                    )
                raise RpcError(name)
            return body.get("result")

    def call(self, name, model, method, args, kwargs=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.ctx)
        return self.rpc(
            name,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def spec(self, model, view_type):
        key = (self.login, model, view_type)
        if key not in _specs:
            views = self.call(
                f"get_views {model}",
                model,
                "get_views",
                [],
                {"views": [[False, view_type]], "options": {"toolbar": False}},
            )
            fields = views["models"][model]["fields"]
            _specs[key] = spec_from_arch(views["views"][view_type]["arch"], fields)
        return _specs[key]

    # -- reads (module and baseline) -------------------------------------
    def list_red(self, baseline=False):
        model, domain = (
            ("res.partner", PARTNER_RED) if baseline else ("joint.meeting.resolution", RED)
        )
        label = "baseline: partner list (invoice)" if baseline else "agreed matters list (red)"
        self.call(
            label,
            model,
            "web_search_read",
            [],
            {
                "specification": self.spec(model, "list"),
                "domain": domain,
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )

    def form(self, baseline=False):
        if baseline:
            model, ids, label = "res.partner", self.partner_ids, "baseline: partner form"
        else:
            model, ids, label = "joint.meeting", self.meeting_ids, "meeting form"
        self.call(
            label,
            model,
            "web_read",
            [[random.choice(ids)]],
            {"specification": self.spec(model, "form")},
        )

    def group_by(self, baseline=False):
        if baseline:
            model, groupby = "res.partner", ["country_id", "type"]
            label = "baseline: partner group-by"
        else:
            model, groupby = "joint.meeting.resolution", ["lead_unit_id", "state"]
            label = "dashboard group-by"
        self.call(
            label,
            model,
            "web_read_group",
            [],
            {"domain": [], "groupby": groupby, "aggregates": ["__count"]},
        )

    def workbench(self):
        """The role's home, which every user opens first: the workbench's rows
        awaiting the user and their units (the list of the workbench's
        action; the kanban reads the same rows)."""
        self.call(
            "workbench (home)",
            "joint.meeting.todo",
            "web_search_read",
            [],
            {
                "specification": self.spec("joint.meeting.todo", "list"),
                "domain": [],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )

    # -- the module's writes ----------------------------------------------
    def submit_topic(self):
        if not self.collecting:
            return
        today = date.today().isoformat()
        topic_id = self.call(
            "topic submission (create)",
            "joint.meeting.topic",
            "create",
            [
                {
                    "name": f"负载测试议题 {self.login} {today} {random.randrange(10**9)}",
                    "meeting_id": self.collecting[0],
                    "organization_id": self.org_id,
                    "category": "other",
                    "background": "<p>群众反映集中的问题。</p>",
                    "problems": "<p>存在的主要问题。</p>",
                    "countermeasures": "<p>建议建立联合工作机制。</p>",
                }
            ],
        )
        ledger("topic_created", id=topic_id)
        self.call("topic submission (submit)", "joint.meeting.topic", "action_submit", [[topic_id]])
        ledger("topic_submitted", id=topic_id)

    def reply_consultation(self):
        waiting = self.call(
            "consultation reply (search)",
            "joint.meeting.consultation",
            "search",
            [[["state", "=", "waiting"], ["department_id", "=", self.org_id]]],
            {"limit": 20},
        )
        if not waiting:
            return
        consultation = random.choice(waiting)
        self.call(
            "consultation reply",
            "joint.meeting.consultation",
            "action_reply",
            [[consultation], "agree", "<p>经研究，我局同意该议题的意见建议。</p>"],
        )
        ledger("consultation_replied", id=consultation)

    def report_progress(self):
        matters = self.call(
            "follow-up report (search)",
            "joint.meeting.resolution",
            "search",
            [[["state", "in", ["open", "in_progress"]], ["lead_unit_id", "=", self.org_id]]],
            {"limit": 20},
        )
        if not matters:
            return
        matter = random.choice(matters)
        followup = self.call(
            "follow-up report",
            "joint.meeting.followup",
            "create",
            [
                {
                    "resolution_id": matter,
                    "organization_id": self.org_id,
                    "progress": "<p>已召开专题会议，完成阶段性任务。</p>",
                    "percent": random.randrange(10, 90),
                    "outcome": "progress",
                }
            ],
        )
        ledger("followup_created", id=followup, resolution_id=matter)

    def review(self):
        submitted = self.call(
            "supervisor review (search)",
            "joint.meeting.followup",
            "search",
            [[["state", "=", "submitted"]]],
            {"limit": 20, "order": "id desc"},
        )
        if not submitted:
            return
        followup = random.choice(submitted)
        self.call(
            "supervisor review",
            "joint.meeting.followup",
            "action_accept",
            [[followup], "good"],
            {"comment": "同意。"},
        )
        ledger("followup_accepted", id=followup)

    def minutes_pdf(self):
        if not self.minutes_id:
            return
        if not _pdf.acquire(blocking=False):
            _meta["pdf_skipped_busy"] += 1
            self.list_red()
            return
        try:
            self._minutes_pdf()
        finally:
            _pdf.release()

    def _minutes_pdf(self):
        with self.client.get(
            f"/report/pdf/joint_meeting.report_joint_meeting_minutes/{self.minutes_id[0]}",
            name="minutes PDF",
            catch_response=True,
            timeout=120,
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"HTTP {response.status_code}, not a PDF")

    # -- baseline writes (LOAD_MIX=baseline) -------------------------------
    def partner_create(self, label):
        partner = self.call(
            f"baseline: {label}",
            "res.partner",
            "create",
            [
                {
                    "name": f"基准 {self.login} {random.randrange(10**9)}",
                    "company_id": self.company_id,
                }
            ],
        )
        ledger("partner_created", id=partner)
        return partner

    def partner_create_write(self):
        """The counterpart of a topic submission: a create, then a write."""
        partner = self.partner_create("create")
        self.call("baseline: write", "res.partner", "write", [[partner], {"comment": "submitted"}])

    def partner_write(self, label):
        partner = random.choice(self.partner_ids)
        self.call(f"baseline: {label}", "res.partner", "write", [[partner], {"comment": label}])

    # -- the day ---------------------------------------------------------------
    @task
    def day(self):
        """One step of the role's day: weights per role."""
        if self.broken:
            gevent.sleep(1)
            return
        try:
            if MIX == "baseline":
                self.step_baseline()
            else:
                self.step_module()
        except RpcError:
            pass

    def step_module(self):
        city = MIX == "city"
        reads = [self.list_red, self.form, self.group_by]
        home = self.workbench
        steps = {
            "office": [home, *reads, *reads, self.minutes_pdf] if city else [home, *reads, *reads],
            "mass0": [home, self.list_red, self.form, self.submit_topic, self.report_progress],
            "dept0": [
                home,
                self.list_red,
                self.form,
                self.reply_consultation,
                self.report_progress,
            ],
            "supervisor": [home, self.list_red, self.group_by, self.review, self.review],
        }[self.role]
        if city and random.random() < 0.3:
            random.choice(reads)(baseline=True)
            return
        random.choice(steps)()

    def step_baseline(self):
        reads = [
            lambda: self.list_red(baseline=True),
            lambda: self.form(baseline=True),
            lambda: self.group_by(baseline=True),
        ]
        steps = {
            "office": [*reads, *reads],
            "mass0": [
                reads[0],
                reads[1],
                self.partner_create_write,
                lambda: self.partner_create("create"),
            ],
            "dept0": [
                reads[0],
                reads[1],
                lambda: self.partner_write("write"),
                lambda: self.partner_create("create"),
            ],
            "supervisor": [
                reads[0],
                reads[2],
                lambda: self.partner_write("write"),
                lambda: self.partner_write("write"),
            ],
        }[self.role]
        random.choice(steps)()


_timeline = {}  # second -> [successes, failures]: when clients failed, when they recovered


@events.request.add_listener
def _count(request_type, name, response_time, response_length, exception=None, **_kwargs):
    second = int(time.time())
    counts = _timeline.setdefault(second, [0, 0])
    counts[1 if exception else 0] += 1


@events.test_stop.add_listener
def _write_refusals(environment, **_kwargs):
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(WORK, f"{RUN}_refusals.json"), "w") as f:
        json.dump(_refusals, f, indent=1, ensure_ascii=False)
    with open(os.path.join(WORK, f"{RUN}_timeline.json"), "w") as f:
        json.dump(_timeline, f)
    with open(os.path.join(WORK, f"{RUN}_meta.json"), "w") as f:
        json.dump(_meta, f)
