"""Generate a district's twenty-year history of joint meetings in jm_bench,
through the ORM, in batches, as superuser (bench/run.sh calls it).

One district, 23 organisations each with a member user in the right group,
20 regular (2007-2026) and 40 extraordinary meetings, 2,000 topics, 6,000
consultations, 10,000 agreed matters of issued minutes and 50,000 follow-up
reports (times BENCH_SCALE). Writes bench/.work/generate.json."""

import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import QUIET, SCALE, WORK, environment, scaled  # noqa: E402

TODAY = date.today()
BATCH = 1000
rng = random.Random(2016)
timings = {}


def step(name):
    def wrap(function):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            result = function(*args, **kwargs)
            timings[name] = timings.get(name, 0) + time.perf_counter() - t0
            print(f"[generate] {name}: {timings[name]:.1f} s", flush=True)
            return result

        return run

    return wrap


def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def create_batches(env, model, vals_list, size=BATCH):
    Model = env[model].with_context(**QUIET)
    # History brings its final states (replied, accepted, ...): created as the
    # model's own transitions create them, since a locked record cannot be
    # created by anyone else.
    create = Model._workflow_create if "_write_allow" in dir(Model) else Model.create
    ids = []
    for chunk in chunks(vals_list, size):
        ids += create(chunk).ids
        env.cr.commit()
        env.invalidate_all()
    return env[model].browse(ids)


MASS = [
    ("仁和区总工会", "区总工会"),
    ("共青团仁和区委员会", "团区委"),
    ("仁和区妇女联合会", "区妇联"),
    ("仁和区科学技术协会", "区科协"),
    ("仁和区残疾人联合会", "区残联"),
]
DEPARTMENTS = [
    "人力资源和社会保障局",
    "财政局",
    "教育和体育局",
    "民政局",
    "卫生健康局",
    "住房和城乡建设局",
    "农业农村局",
    "发展和改革局",
    "司法局",
    "文化广播电视和旅游局",
    "市场监督管理局",
    "应急管理局",
    "公安分局",
    "交通运输局",
    "生态环境局",
]
RIGHTS = [
    "employment",
    "income",
    "social_security",
    "labour_safety",
    "political_rights",
    "cultural_rights",
    "ecological_rights",
    "other_rights",
]
BUILDING = ["organization_building", "facilities", "funds", "work_deployment"]


@step("users_and_organisations")
def organisations(env, prefix="jmb_", district="仁和区"):
    """The district's (env.company's) 23 organisations, each with a member user
    (login ``prefix`` + role key). Returns {org key: id}, {role key: user id}."""
    company = env.company
    group = {
        key: env.ref(f"joint_meeting.group_joint_meeting_{key}")
        for key in ("office", "leader", "supervisor", "org_user", "department")
    }
    base = env.ref("base.group_user")
    specs = [  # role key, name, group, organisation key
        ("office", "王芳", "office", "office"),
        ("head", "张伟", "leader", "leadership"),
        ("deputy", "刘洋", "leader", "leadership"),
        ("supervisor", "何军", "supervisor", "supervision"),
    ]
    specs += [(f"mass{i}", f"群团联络员{i}", "org_user", f"mass{i}") for i in range(5)]
    specs += [(f"dept{i}", f"部门联络员{i}", "department", f"dept{i}") for i in range(15)]
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, **QUIET)
        .create(
            [
                {
                    "name": name,
                    "login": f"{prefix}{key}",
                    "group_ids": [(6, 0, [base.id, group[g].id])],
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "tz": "Asia/Shanghai",
                }
                for key, name, g, _org in specs
            ]
        )
    )
    members = defaultdict(list)
    for user, (_k, _n, _g, org) in zip(users, specs, strict=True):
        members[org].append(user.id)
    orgs = [
        ("office", f"{district}人民政府办公室", "区府办", "office", 0),
        ("leadership", f"{district}人民政府领导", "区政府领导", "leadership", 0),
        ("supervision", f"{district}委区政府目标督查办", "督查办", "supervision", 0),
    ]
    orgs += [
        (f"mass{i}", n.replace("仁和区", district), s, "mass", i + 1)
        for i, (n, s) in enumerate(MASS)
    ]
    orgs += [(f"dept{i}", f"{district}{n}", n, "department", 0) for i, n in enumerate(DEPARTMENTS)]
    records = (
        env["joint.meeting.organization"]
        .with_context(**QUIET)
        .create(
            [
                {
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "rotation_sequence": rotation or 10,
                    "sequence": index,
                    "company_id": company.id,
                    "member_ids": [(6, 0, members[key])],
                    "liaison_id": members[key][0],
                }
                for index, (key, name, short, kind, rotation) in enumerate(orgs)
            ]
        )
    )
    env.cr.commit()
    by_key = {key: org.id for (key, *_rest), org in zip(orgs, records, strict=True)}
    user_by = {key: user.id for user, (key, *_r) in zip(users, specs, strict=True)}
    return by_key, user_by


def meeting_specs():
    specs = []
    for year in range(2007, 2027):
        specs.append(("regular", datetime(year, 3, 18, 2, 0), 300))
        if year < 2026:
            specs.append(("extraordinary", datetime(year, 7, 15, 2, 0), 100))
            specs.append(("extraordinary", datetime(year, 11, 12, 2, 0), 100))
        else:
            specs.append(("extraordinary", datetime(year, 7, 15, 2, 0), 200))
    return sorted(specs, key=lambda s: s[1])


@step("meetings")
def meetings(env, org, user):
    mass = [org[f"mass{i}"] for i in range(5)]
    depts = [org[f"dept{i}"] for i in range(15)]
    vals_list = []
    counters = defaultdict(int)
    for index, (kind, when, _n) in enumerate(meeting_specs()):
        counters[when.year] += 1
        vals_list.append(
            {
                "name": f"{when.year}年第{counters[when.year]}次联席会议"
                + ("（临时）" if kind == "extraordinary" else ""),
                "meeting_type": kind,
                "extraordinary_reason": "重大事项需要及时协商（第八条）"
                if kind == "extraordinary"
                else False,
                "requesting_organization_id": mass[index % 5] if kind == "extraordinary" else False,
                "year": when.year,
                "date": when,
                "place": "区政府第一会议室",
                "chair_id": user["head"] if index % 3 else user["deputy"],
                "preparing_organization_id": mass[index % 5],
                "rotation_override_reason": "基准数据：按历史记录设定承办单位",
                "attendee_organization_ids": [(6, 0, mass + rng.sample(depts, 6))],
                "state": "minutes_issued" if when.year == 2026 else "closed",
            }
        )
    return create_batches(env, "joint.meeting", vals_list)


def topic_vals(meeting, org, index, state, rng_depts):
    category = [
        "government_briefing",
        "organization_briefing",
        "rights_consultation",
        "self_building",
        "other",
    ][index % 5]
    sub_area = {"rights_consultation": rng.choice(RIGHTS), "self_building": rng.choice(BUILDING)}
    mass_org = org[f"mass{index % 5}"]
    return {
        "name": f"{meeting.name} 议题{index + 1}：关于职工权益保障的建议",
        "meeting_id": meeting.id,
        "organization_id": org["office"] if category == "government_briefing" else mass_org,
        "category": category,
        "sub_area": sub_area.get(category, False),
        "background": "<p>近年来，随着经济社会发展，群众诉求日益多样。</p>",
        "problems": "<p>部分企业存在拖欠工资、社保缴纳不足等问题。</p>",
        "countermeasures": "<p>建议建立联合工作机制，定期会商。</p>",
        "department_ids": [(6, 0, rng_depts)],
        "state": state,
        "sequence": index + 2,
        "submit_date": meeting.date - timedelta(days=20) if state != "draft" else False,
    }


@step("topics")
def topics(env, meetings, org):
    depts = [org[f"dept{i}"] for i in range(15)]
    total = scaled(2000) - scaled(10, 5)
    weights = [2 if m.meeting_type == "regular" else 1 for m in meetings]
    per_weight = total / sum(weights)
    counts = [int(per_weight * w) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    vals_list = []
    for meeting, count in zip(meetings, counts, strict=True):
        for index in range(count):
            vals_list.append(topic_vals(meeting, org, index, "accepted", rng.sample(depts, 3)))
    return create_batches(env, "joint.meeting.topic", vals_list)


def consultation_vals(topic, department, state, due, user_by_org):
    vals = {
        "topic_id": topic.id,
        "department_id": department,
        "mode": "letter",
        "letter_number": f"仁府办函〔{due.year}〕{topic.id}号",
        "due_date": due,
        "sent_date": due - timedelta(days=7),
        "state": state,
    }
    if state == "replied":
        vals.update(
            {
                "position": rng.choice(["agree", "agree", "agree_amended", "disagree"]),
                "reply_text": "<p>经研究，我局同意该议题提出的意见建议。</p>",
                "reply_number": f"仁人社函〔{due.year}〕{topic.id % 97}号",
                "signed_by": "局长",
                "replied_by_id": user_by_org[department],
                "reply_date": datetime.combine(due - timedelta(days=2), datetime.min.time()),
            }
        )
    return vals


@step("consultations")
def consultations(env, topics, user_by_org):
    vals_list = []
    for topic in topics:
        due = topic.meeting_id.date.date() - timedelta(days=18)
        for department in topic.department_ids.ids:
            state = "waiting" if rng.random() < 0.05 else "replied"
            vals_list.append(consultation_vals(topic, department, state, due, user_by_org))
    return create_batches(env, "joint.meeting.consultation", vals_list, 2000)


@step("minutes_and_agreed_matters")
def minutes_and_resolutions(env, meetings, org):
    depts = [org[f"dept{i}"] for i in range(15)]
    mass = [org[f"mass{i}"] for i in range(5)]
    specs = {when: n for _k, when, n in meeting_specs()}
    minutes = (
        env["joint.meeting.minutes"]
        .with_context(**QUIET)
        .create(
            [
                {
                    "name": f"{meeting.name}纪要",
                    "meeting_id": meeting.id,
                    "body": "<p>会议听取了区政府工作情况通报和各群团组织工作汇报，"
                    "研究了群众关心的热点难点问题。会议议定如下事项。</p>",
                    "drafting_organization_ids": [(6, 0, [org["office"], *mass])],
                    "main_recipients": "区级各部门，各群团组织",
                    "cc_recipients": "区委办，区人大办，区政协办",
                }
                for meeting in meetings
            ]
        )
    )
    env.cr.commit()
    vals_list = []
    for meeting, record in zip(meetings, minutes, strict=True):
        count = scaled(specs[meeting.date])
        base = meeting.date.date()
        for index in range(count):
            lead = rng.choice(depts) if rng.random() < 0.7 else rng.choice(mass)
            co_units = rng.sample([o for o in depts + mass if o != lead], rng.choice([0, 1, 1, 2]))
            vals_list.append(
                {
                    "name": f"{meeting.year}年议定事项{index + 1}：落实{rng.choice(DEPARTMENTS)}"
                    "相关帮扶措施",
                    "text": "<p>由牵头单位会同配合单位制定具体方案，按期报告落实情况。</p>",
                    "minutes_id": record.id,
                    "lead_unit_id": lead,
                    "co_unit_ids": [(6, 0, co_units)],
                    "deadline": base + timedelta(days=rng.randint(30, 540)),
                    "sequence": index + 1,
                }
            )
    resolutions = create_batches(env, "joint.meeting.resolution", vals_list)
    # Issue the minutes: a document number per year, then the matters open.
    numbers = defaultdict(int)
    for meeting, record in zip(meetings, minutes, strict=True):
        issue = meeting.date.date() + timedelta(days=10)
        numbers[issue.year] += 1
        record.with_context(**QUIET).write(
            {
                "state": "issued",
                "document_number": f"仁府纪〔{issue.year}〕{numbers[issue.year]}号",
                "issue_date": issue,
                "approved_by_id": meeting.chair_id.id,
            }
        )
    env.cr.commit()
    for chunk in chunks(resolutions.ids, 5000):
        env["joint.meeting.resolution"].browse(chunk).with_context(**QUIET).write({"state": "open"})
        env.cr.commit()
    env.invalidate_all()
    return minutes, resolutions


def plan_resolutions(resolutions):
    """Final state of each agreed matter: old ones mostly done/cannot, recent
    ones open/in progress (some overdue)."""
    plan = {}
    old_limit = TODAY - timedelta(days=60)
    for resolution in resolutions:
        r = rng.random()
        if resolution.deadline < old_limit:
            state = "done" if r < 0.85 else "cannot" if r < 0.95 else "in_progress"
        else:
            state = (
                "done"
                if r < 0.25
                else "cannot"
                if r < 0.30
                else "open"
                if r < 0.45
                else "in_progress"
            )
        plan[resolution.id] = state
    return plan


@step("followups")
def followups(env, resolutions):
    plan = plan_resolutions(resolutions)
    reporting = [r for r in resolutions if plan[r.id] != "open"]
    total = scaled(50000)
    base, extra = divmod(total, len(reporting))
    counts = {r.id: base for r in reporting}
    for resolution in rng.sample(reporting, extra):
        counts[resolution.id] += 1
    ratings = ["good", "good", "fairly_good", "average", "poor"]
    vals_list = []
    for resolution in reporting:
        k = counts[resolution.id]
        start = resolution.meeting_id.date.date()
        end = min(resolution.deadline, TODAY)
        span = max((end - start).days, 1)
        units = [resolution.lead_unit_id.id] * 3 + resolution.co_unit_ids.ids
        final = plan[resolution.id]
        for i in range(k):
            last = i == k - 1
            day = start + timedelta(days=max(1, span * (i + 1) // (k + 1)))
            vals = {
                "resolution_id": resolution.id,
                "organization_id": units[i % len(units)] if not last else units[0],
                "date": min(day, TODAY),
                "progress": f"<p>第{i + 1}次报告：已召开专题会议，完成阶段性任务。</p>",
                "percent": min(95, 100 * (i + 1) // (k + 1)),
                "outcome": "progress",
            }
            if last and final == "done":
                vals.update(outcome="completed", percent=100)
            elif last and final == "cannot":
                vals.update(
                    outcome="cannot", explanation="受政策调整影响，该事项暂不具备实施条件。"
                )
            if last and final == "in_progress":
                review = "submitted" if rng.random() < 0.5 else "accepted"
            elif last:
                review = "accepted"
            else:
                review = "returned" if rng.random() < 0.2 else "accepted"
            vals["state"] = review
            if review != "submitted":
                vals.update(
                    review_date=min(vals["date"] + timedelta(days=3), TODAY),
                    review_comment="请补充佐证材料。" if review == "returned" else "同意。",
                    rating=rng.choice(ratings) if review == "accepted" else False,
                )
            vals_list.append(vals)
    created = create_batches(env, "joint.meeting.followup", vals_list, 2000)
    return plan, len(created)


@step("close_matters")
def close_matters(env, resolutions, plan):
    by_meeting = defaultdict(lambda: defaultdict(list))
    for resolution in resolutions:
        by_meeting[resolution.meeting_id][plan[resolution.id]].append(resolution.id)
    Resolution = env["joint.meeting.resolution"].with_context(**QUIET)
    for meeting, groups in by_meeting.items():
        close = min(meeting.date.date() + timedelta(days=400), TODAY)
        if groups["done"]:
            Resolution.browse(groups["done"]).write({"state": "done", "close_date": close})
        if groups["cannot"]:
            Resolution.browse(groups["cannot"]).write(
                {
                    "state": "cannot",
                    "close_date": close,
                    "explanation": "受政策调整影响，该事项暂不具备实施条件，已向下次会议报告。",
                }
            )
        env.cr.commit()
    env.invalidate_all()


@step("supervision_cycle")
def supervision_cycle(env, resolutions):
    """签收 and 序时进度 over the history: each matter was assigned to its units
    when its minutes were issued and acknowledged within two days; every
    matter still open has a plan of two milestones. The matters of the last
    meeting that are still open: a third still within the acknowledgement
    time, a third late (the acknowledgement cron reminds and escalates them)."""
    engine = env["joint.meeting.calendar"]
    today = engine._today(env.company)
    last = resolutions.meeting_id.sorted("date")[-1:]
    assignments, milestones = [], []
    for resolution in resolutions:
        issued = resolution.minutes_id.issue_date
        units = [(resolution.lead_unit_id, "lead")] + [
            (unit, "co") for unit in resolution.co_unit_ids
        ]
        open_ = resolution.state in ("open", "in_progress")
        for index, (unit, role) in enumerate(units):
            vals = {
                "resolution_id": resolution.id,
                "organization_id": unit.id,
                "role": role,
                "assign_date": issued,
                "due_date": issued + timedelta(days=3),
                "state": "acknowledged",
                "acknowledged_by": unit.member_ids[:1].id,
                "acknowledge_date": issued + timedelta(days=rng.randint(0, 2)),
            }
            if open_ and resolution.meeting_id == last and (resolution.id + index) % 3:
                late = (resolution.id + index) % 3 == 1
                vals.update(
                    state="pending",
                    assign_date=today - timedelta(days=6 if late else 0),
                    due_date=today + timedelta(days=-3 if late else 2),
                    acknowledged_by=False,
                    acknowledge_date=False,
                )
            assignments.append(vals)
        if open_:
            start = resolution.minutes_id.issue_date
            span = (resolution.deadline - start).days
            milestones += [
                {
                    "resolution_id": resolution.id,
                    "name": "制定工作方案",
                    "planned_date": start + timedelta(days=span // 3),
                    "planned_percent": 30,
                },
                {
                    "resolution_id": resolution.id,
                    "name": "完成主要任务",
                    "planned_date": start + timedelta(days=2 * span // 3),
                    "planned_percent": 70,
                },
            ]
    Assignment = env["joint.meeting.assignment"].with_context(**QUIET)
    for chunk in chunks(assignments):
        Assignment._workflow_create(chunk)
        env.cr.commit()
    create_batches(env, "joint.meeting.milestone", milestones)


@step("overdue_and_urged")
def overdue_and_urged(env, resolutions, plan):
    """Matters still open after their deadline: marked overdue the next day,
    most of them urged one to three times, the last a fortnight after the
    deadline (what the yearly assessment deducts for)."""
    groups = defaultdict(list)
    for resolution in resolutions:
        if plan[resolution.id] in ("open", "in_progress") and resolution.deadline < TODAY:
            groups[(resolution.deadline, rng.choice([0, 1, 1, 2, 3]))].append(resolution.id)
    Resolution = env["joint.meeting.resolution"].with_context(**QUIET)
    for (deadline, urged), ids in groups.items():
        vals = {"overdue_date": deadline + timedelta(days=1)}
        if urged:
            vals.update(urge_count=urged, last_urge_date=min(deadline + timedelta(days=14), TODAY))
        Resolution.browse(ids).write(vals)
    env.cr.commit()
    env.invalidate_all()


@step("upcoming_meeting")
def upcoming(env, org, user, user_by_org):
    """A meeting in proposal collection whose deadline is in the reminder
    window: two mass organisations submitted, three did not; consultations
    waiting, some overdue."""
    mass = [org[f"mass{i}"] for i in range(5)]
    depts = [org[f"dept{i}"] for i in range(15)]
    when = datetime.combine(TODAY + timedelta(days=15), datetime.min.time()) + timedelta(hours=2)
    meeting = (
        env["joint.meeting"]
        .with_context(**QUIET)
        .create(
            {
                "name": f"{when.year}年第3次联席会议（临时）",
                "meeting_type": "extraordinary",
                "extraordinary_reason": "研究年度重点民生事项",
                "requesting_organization_id": mass[0],
                "year": when.year,
                "date": when,
                "place": "区政府第一会议室",
                "chair_id": user["head"],
                "preparing_organization_id": mass[1],
                "rotation_override_reason": "基准数据",
                "attendee_organization_ids": [(6, 0, mass + depts[:6])],
                "state": "collecting",
            }
        )
    )
    count = scaled(10, 5)
    vals_list = []
    for index in range(count):
        state = "submitted" if index % 5 in (1, 2) else "draft"
        vals = topic_vals(meeting, org, index, state, rng.sample(depts, 3))
        vals["organization_id"] = mass[index % 5] if state == "submitted" else mass[3 + index % 2]
        vals_list.append(vals)
    topics = create_batches(env, "joint.meeting.topic", vals_list)
    vals_list = []
    offsets = [-5, 2, 10]  # overdue, due within the reminder window, later
    for index, topic in enumerate(topics):
        for j, department in enumerate(topic.department_ids.ids):
            due = TODAY + timedelta(days=offsets[(index + j) % 3])
            vals_list.append(consultation_vals(topic, department, "waiting", due, user_by_org))
    create_batches(env, "joint.meeting.consultation", vals_list)
    return meeting


def main():
    t0 = time.perf_counter()
    with environment(QUIET) as env:
        if env["joint.meeting"].search_count([]):
            sys.exit("[generate] jm_bench already has meetings: drop it first (bench/run.sh)")
        env.company.write(
            {
                "name": "仁和区人民政府",
                "joint_meeting_issuing_authority": "攀枝花市仁和区人民政府",
                "joint_meeting_minutes_number_pattern": "仁府纪〔{year}〕{number}号",
            }
        )
        org, user = organisations(env)
        user_by_org = {
            o.id: o.member_ids[:1].id for o in env["joint.meeting.organization"].search([])
        }
        records = meetings(env, org, user)
        topic_records = topics(env, records, org)
        consultations(env, topic_records, user_by_org)
        _minutes, resolutions = minutes_and_resolutions(env, records, org)
        plan, followup_count = followups(env, resolutions)
        close_matters(env, resolutions, plan)
        supervision_cycle(env, resolutions)
        overdue_and_urged(env, resolutions, plan)
        upcoming(env, org, user, user_by_org)
        env.cr.commit()
        counts = {
            model: env[model].with_context(active_test=False).search_count([])
            for model in (
                "joint.meeting.organization",
                "joint.meeting",
                "joint.meeting.topic",
                "joint.meeting.consultation",
                "joint.meeting.minutes",
                "joint.meeting.resolution",
                "joint.meeting.followup",
                "joint.meeting.assignment",
                "joint.meeting.milestone",
            )
        }
        states = dict(env["joint.meeting.resolution"]._read_group([], ["state"], ["__count"]))
        env.cr.execute("SELECT pg_database_size(current_database())")
        size = env.cr.fetchone()[0]
    total = time.perf_counter() - t0
    result = {
        "scale": SCALE,
        "total_s": total,
        "steps_s": timings,
        "counts": counts,
        "followups_created": followup_count,
        "resolution_states": states,
        "database_bytes": size,
    }
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(WORK, "generate.json"), "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False, default=str)
    print(f"[generate] done in {total:.0f} s: {counts}", flush=True)


if __name__ == "__main__":
    main()
