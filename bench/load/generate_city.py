"""A city (市) on one database: LOAD_DISTRICTS districts (companies), each with
the twenty-year history of bench/generate.py (its own 23 organisations and
users; 60 meetings, 10,000 agreed matters, 50,000 follow-ups at scale 1),
generated through the ORM in batches, as superuser, on the load cluster's
primary. Then what the load test works on, per district:

- a meeting collecting proposals (topic submissions), with consultations
  waiting for the first department (consultation replies);
- minutes approved and not issued (two offices issuing at once, a worker
  killed while issuing);
- the baseline: as many res.partner rows as agreed matters, as many of them
  of type "invoice" as red-light matters (the list filter), in the district;
- passwords (= login) for the users the load test logs in as.

The joint_meeting scheduled actions are pushed to tomorrow: the fault test
triggers them. Writes bench/.work/load/generate.json."""

import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH)
import generate as g  # noqa: E402
from common import QUIET, SCALE, environment, scaled  # noqa: E402

DISTRICTS = int(os.environ.get("LOAD_DISTRICTS", "10"))
WORK = os.path.join(BENCH, ".work", "load")
TODAY = date.today()
LOAD_ROLES = ("office", "head", "supervisor", "mass0", "dept0")
NAMES = [
    "仁和区",
    "东区",
    "西区",
    "米易县",
    "盐边县",
    "南区",
    "北区",
    "新城区",
    "高新区",
    "花城新区",
]
NAMES += [f"第{i}区" for i in range(len(NAMES) + 1, 100)]
rng = random.Random(2026)


def prefix(index):
    return f"d{index:02d}_"


def district_env(env, company):
    return env(context=dict(env.context, allowed_company_ids=[company.id]))


def history(env, index, name):
    org, user = g.organisations(env, prefix=prefix(index), district=name)
    user_by_org = {
        o.id: o.member_ids[:1].id
        for o in env["joint.meeting.organization"].search([("company_id", "=", env.company.id)])
    }
    meetings = g.meetings(env, org, user)
    topics = g.topics(env, meetings, org)
    g.consultations(env, topics, user_by_org)
    _minutes, resolutions = g.minutes_and_resolutions(env, meetings, org)
    plan, _count = g.followups(env, resolutions)
    g.close_matters(env, resolutions, plan)
    g.upcoming(env, org, user, user_by_org)
    return org, user, user_by_org


@g.step("load_fixtures")
def load_fixtures(env, org, user, user_by_org):
    """What the load test consumes: a meeting collecting proposals with
    consultations waiting for dept0, approved minutes to issue."""
    mass = [org[f"mass{i}"] for i in range(5)]
    when = datetime.combine(TODAY + timedelta(days=60), datetime.min.time()) + timedelta(hours=2)
    meeting = (
        env["joint.meeting"]
        .with_context(**QUIET)
        .create(
            {
                "name": f"{when.year}年联席会议（负载测试：议题征集）",
                "meeting_type": "extraordinary",
                "extraordinary_reason": "负载测试",
                "requesting_organization_id": mass[0],
                "year": when.year,
                "date": when,
                "place": "区政府第一会议室",
                "chair_id": user["head"],
                "preparing_organization_id": mass[1],
                "rotation_override_reason": "基准数据",
                "attendee_organization_ids": [(6, 0, [*mass, org["dept0"]])],
                "state": "collecting",
            }
        )
    )
    count = scaled(300, 30)
    topics = g.create_batches(
        env,
        "joint.meeting.topic",
        [
            dict(
                g.topic_vals(meeting, org, i, "submitted", [org["dept0"]]),
                organization_id=mass[i % 5],
                category="other",
                sub_area=False,
            )
            for i in range(count)
        ],
    )
    g.create_batches(
        env,
        "joint.meeting.consultation",
        [
            g.consultation_vals(topic, org["dept0"], "waiting", TODAY + timedelta(days=30), {})
            for topic in topics
        ],
    )
    # Approved minutes of meetings held this year, not issued yet.
    held = []
    for i in range(10):
        day = datetime.combine(TODAY - timedelta(days=5 + i), datetime.min.time()) + timedelta(
            hours=2
        )
        held.append(
            {
                "name": f"{day.year}年专题联席会议（负载测试{i + 1}）",
                "meeting_type": "extraordinary",
                "extraordinary_reason": "负载测试",
                "requesting_organization_id": mass[i % 5],
                "year": day.year,
                "date": day,
                "place": "区政府第二会议室",
                "chair_id": user["head"],
                "preparing_organization_id": mass[i % 5],
                "rotation_override_reason": "基准数据",
                "attendee_organization_ids": [(6, 0, mass)],
                "state": "held",
            }
        )
    meetings = g.create_batches(env, "joint.meeting", held)
    minutes = g.create_batches(
        env,
        "joint.meeting.minutes",
        [
            {
                "name": f"{m.name}纪要",
                "meeting_id": m.id,
                "body": "<p>会议研究了群众关心的热点难点问题，议定如下事项。</p>",
                "drafting_organization_ids": [(6, 0, [org["office"], *mass])],
                "main_recipients": "区级各部门，各群团组织",
                "cc_recipients": "区委办，区人大办，区政协办",
            }
            for m in meetings
        ],
    )
    g.create_batches(
        env,
        "joint.meeting.resolution",
        [
            {
                "name": f"负载测试议定事项{k + 1}",
                "text": "<p>按期报告落实情况。</p>",
                "minutes_id": m.id,
                "lead_unit_id": org[f"dept{k}"],
                "deadline": TODAY + timedelta(days=90),
                "sequence": k + 1,
            }
            for m in minutes
            for k in range(3)
        ],
    )
    minutes.with_context(**QUIET).write({"state": "approved", "approved_by_id": user["head"]})
    env.cr.commit()


@g.step("baseline_partners")
def baseline_partners(env):
    """As many res.partner rows in the district as agreed matters, as many of
    type 'invoice' as red-light matters (the list filter of the load test)."""
    Resolution = env["joint.meeting.resolution"]
    district = [("company_id", "=", env.company.id)]
    rows = Resolution.search_count(district)
    red = Resolution.search_count([*district, ("traffic_light", "=", "red")])
    countries = env["res.country"].search([], limit=20).ids
    vals_list = [
        {
            "name": f"基准联系人{k + 1}",
            "company_id": env.company.id,
            "type": "invoice" if k < red else "contact",
            "country_id": countries[k % len(countries)],
            "city": "攀枝花市",
            "street": f"人民街{k % 300 + 1}号",
            "email": f"partner{env.company.id}_{k}@example.com",
        }
        for k in range(rows)
    ]
    rng.shuffle(vals_list)
    g.create_batches(env, "res.partner", vals_list, 2000)
    return rows, red


@g.step("passwords")
def passwords(env, index):
    logins = [f"{prefix(index)}{role}" for role in LOAD_ROLES]
    for user in env["res.users"].search([("login", "in", logins)]):
        user.password = user.login
    env.cr.commit()


def main():
    t0 = time.perf_counter()
    summary = {"districts": DISTRICTS, "scale": SCALE, "baseline": {}}
    with environment(QUIET) as env:
        if env["joint.meeting"].search_count([]):
            sys.exit("[city] the database already has meetings: drop it first")
        companies = env.company
        companies.write({"name": f"{NAMES[0]}人民政府"})
        companies |= env["res.company"].create(
            [{"name": f"{NAMES[i]}人民政府"} for i in range(1, DISTRICTS)]
        )
        env.cr.commit()
        for index, company in enumerate(companies):
            name = NAMES[index]
            company.write(
                {
                    "joint_meeting_issuing_authority": f"攀枝花市{name}人民政府",
                    "joint_meeting_minutes_number_pattern": f"{name[:2]}府纪〔{{year}}〕{{number}}号",
                }
            )
            denv = district_env(env, company)
            print(f"[city] district {index + 1}/{DISTRICTS}: {company.name}", flush=True)
            org, user, user_by_org = history(denv, index, name)
            load_fixtures(denv, org, user, user_by_org)
            summary["baseline"][company.id] = baseline_partners(denv)
            passwords(denv, index)
        # The scheduled actions wait for the fault test; reports are rendered
        # through the load cluster's Odoo.
        crons = env["ir.cron"].browse(
            env["ir.model.data"]
            .search([("module", "=", "joint_meeting"), ("model", "=", "ir.cron")])
            .mapped("res_id")
        )
        crons.write({"nextcall": datetime.now() + timedelta(days=1)})
        url = f"http://127.0.0.1:{os.environ.get('LOAD_HTTP_PORT', '18069')}"
        public = f"http://127.0.0.1:{os.environ.get('LOAD_PROXY_PORT', '18080')}"
        icp = env["ir.config_parameter"]
        icp.set_param("report.url", url)  # Odoo itself, not through nginx
        icp.set_param("web.base.url", public)  # the users' address: nginx
        icp.set_param("web.base.url.freeze", "True")
        env.cr.commit()
        counts = {
            model: env[model].with_context(active_test=False).search_count([])
            for model in (
                "res.company",
                "res.users",
                "joint.meeting.organization",
                "joint.meeting",
                "joint.meeting.topic",
                "joint.meeting.consultation",
                "joint.meeting.minutes",
                "joint.meeting.resolution",
                "joint.meeting.followup",
                "res.partner",
            )
        }
        env.cr.execute("ANALYZE")
        env.cr.execute("SELECT pg_database_size(current_database())")
        summary["database_bytes"] = env.cr.fetchone()[0]
    summary.update(total_s=time.perf_counter() - t0, steps_s=g.timings, counts=counts)
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(WORK, "generate.json"), "w") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False, default=str)
    print(f"[city] done in {summary['total_s']:.0f} s: {counts}", flush=True)


if __name__ == "__main__":
    main()
