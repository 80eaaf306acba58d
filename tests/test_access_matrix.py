import json
import os
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .access_matrix import MATRIX, ROLES, SUBJECTS, allowed, markdown
from .common import JointMeetingSupervisionCommon

REFUSALS = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}


class JsonRpcMixin:
    """Calls through ``/web/dataset/call_kw`` as a real client does."""

    def call_kw(self, model, method, args, kwargs=None, context=None):
        """Return ("ok", result) or ("error", the error's class name, message)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {**(kwargs or {}), "context": context or {}},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return ("error", data.get("name"), data.get("message"))
        return ("ok", body["result"], None)

    def table_hash(self, model):
        self.env.flush_all()
        table = self.env[model]._table
        self.env.cr.execute(
            f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM \"{table}\" t"  # noqa: E501
        )
        return self.env.cr.fetchone()[0]


class AccessMatrixFixtures(JointMeetingSupervisionCommon, HttpCase, JsonRpcMixin):
    """One record per subject of ``access_matrix.SUBJECTS`` and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        now = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
        future = now + timedelta(days=60)
        cls.future = future
        Org = env["joint.meeting.organization"]
        cls.org_edu = Org.create(
            {"name": "Education Bureau", "kind": "department", "company_id": cls.company.id}
        )
        cls.org_civil = Org.create(
            {"name": "Civil Affairs", "kind": "department", "company_id": cls.company.id}
        )
        admin = env.ref("base.user_admin")
        admin.company_ids = [(4, cls.company.id)]
        cls.users = {
            "org": cls.user_union,
            "dept": cls.user_hr,
            "sup": cls.user_supervisor,
            "off": cls.user_office,
            "lead": cls.user_leader,
            "adm": cls.user_admin,
            "odoo": admin,
            "none": cls.user_plain,
            "other": cls.user_other,
        }
        Meeting = env["joint.meeting"]
        orgs = cls.org_union | cls.org_youth | cls.org_hr | cls.org_finance

        def meeting(state, date):
            record = Meeting.create(
                {
                    "company_id": cls.company.id,
                    "meeting_type": "extraordinary",
                    "extraordinary_reason": "Flood relief",
                    "year": date.year,
                    "date": date,
                    "place": "Room 2",
                    "chair_id": cls.user_leader.id,
                    "attendee_organization_ids": [(6, 0, orgs.ids)],
                }
            )
            record.state = state
            return record

        Topic = env["joint.meeting.topic"]

        def topic(meeting_, state, org=None, **vals):
            return Topic.create(
                {
                    "meeting_id": meeting_.id,
                    "organization_id": (org or cls.org_union).id,
                    "name": f"Topic {state}",
                    "category": "other",
                    "countermeasures": "<p>A fund.</p>",
                    "state": state,
                    **vals,
                }
            )

        s = {}
        s["meeting_draft"] = meeting("draft", future)
        s["meeting_collecting"] = meeting("collecting", future)
        s["meeting_ready"] = meeting("collecting", future)
        topic(s["meeting_ready"], "accepted", cls.org_youth)
        s["meeting_approved"] = meeting("approved", now - timedelta(days=2))
        s["meeting_issued"] = cls.meeting
        s["topic_draft"] = topic(s["meeting_collecting"], "draft")
        s["topic_submitted"] = topic(s["meeting_collecting"], "submitted")
        s["topic_returned"] = topic(s["meeting_collecting"], "returned")
        accepted = topic(
            s["meeting_collecting"],
            "accepted",
            department_ids=[(6, 0, (cls.org_hr | cls.org_finance | cls.org_edu).ids)],
        )
        Consultation = env["joint.meeting.consultation"]
        due = (future - timedelta(days=10)).date()

        def consultation(department, state, **vals):
            return Consultation._workflow_create(
                {
                    "topic_id": accepted.id,
                    "department_id": department.id,
                    "due_date": due,
                    "state": state,
                    **vals,
                }
            ).with_env(env)

        s["consultation_to_send"] = consultation(cls.org_edu, "to_send")
        s["consultation_waiting"] = consultation(cls.org_hr, "waiting")
        s["consultation_replied"] = consultation(
            cls.org_finance, "replied", position="agree", reply_text="<p>同意</p>"
        )
        Minutes = env["joint.meeting.minutes"]

        def minutes(state):
            record = Minutes.create(
                {
                    "meeting_id": cls.meeting.id,
                    "name": f"Minutes {state}",
                    "body": "<p>纪要</p>",
                    "drafting_organization_ids": [(6, 0, (cls.org_office | cls.org_union).ids)],
                }
            )
            if state != "draft":
                env["joint.meeting.minutes.confirmation"].create(
                    [
                        {"minutes_id": record.id, "organization_id": org.id, "user_id": user.id}
                        for org, user in (
                            (cls.org_office, cls.user_office),
                            (cls.org_union, cls.user_union),
                        )
                    ]
                )
                record.state = state
            return record

        s["minutes_draft"] = minutes("draft")
        s["minutes_review"] = minutes("review")
        s["minutes_approved"] = minutes("approved")
        s["minutes_issued"] = cls.minutes
        # Issued with its sealed kept copy (tests render HTML unless told otherwise).
        cls.minutes.with_context(force_report_rendering=True)._joint_meeting_produce_kept_copy()
        s["confirmation"] = cls.minutes.confirmation_ids[:1]
        Attendance = env["joint.meeting.attendance"]
        s["attendance_open"] = Attendance.create(
            {
                "meeting_id": s["meeting_collecting"].id,
                "organization_id": cls.org_union.id,
                "attendee_name": "Zhang San",
            }
        )
        s["attendance_issued"] = Attendance._workflow_create(
            {
                "meeting_id": cls.meeting.id,
                "organization_id": cls.org_union.id,
                "attendee_name": "Li Si",
            }
        )
        Resolution = env["joint.meeting.resolution"]
        s["matter_draft"] = Resolution.create(
            {
                "minutes_id": s["minutes_draft"].id,
                "name": "Draft matter",
                "lead_unit_id": cls.org_hr.id,
                "deadline": future.date(),
            }
        )
        s["matter_open"] = cls.resolution
        extra = cls._matters_with_reports(cls)
        s["matter_done_ready"], s["matter_cannot_ready"], s["matter_unstarted"] = extra
        Followup = env["joint.meeting.followup"]
        s["followup_co_part"] = (
            Followup.with_user(cls.user_finance)
            .create(
                {
                    "resolution_id": cls.resolution.id,
                    "organization_id": cls.org_finance.id,
                    "progress": "<p>配合进展</p>",
                    "percent": 30,
                }
            )
            .with_env(env)
        )
        s["followup_submitted"] = (
            Followup.with_user(cls.user_hr)
            .create(
                {
                    "resolution_id": cls.resolution.id,
                    "organization_id": cls.org_hr.id,
                    "progress": "<p>进展</p>",
                    "percent": 30,
                }
            )
            .sudo(False)
            .with_env(env)
        )
        accepted_report = (
            Followup.with_user(cls.user_hr)
            .create(
                {
                    "resolution_id": cls.resolution.id,
                    "organization_id": cls.org_hr.id,
                    "progress": "<p>进展</p>",
                    "percent": 20,
                }
            )
            .with_env(env)
        )
        accepted_report.write({"state": "accepted", "rating": "good"})
        s["followup_accepted"] = accepted_report
        # The supervision cycle: a matter to acknowledge, one acknowledged
        # with a plan and extension requests in each state.
        pending, acknowledged = JointMeetingSupervisionCommon._more_matters(
            cls, 2, co_unit_ids=[(6, 0, cls.org_finance.ids)], deadline=future.date()
        )
        (pending | acknowledged)._assign_units()
        acknowledged.with_user(cls.user_hr).action_acknowledge()
        s["matter_pending"], s["matter_acknowledged"] = pending, acknowledged
        s["assignment_pending"] = pending.assignment_ids.filtered(
            lambda a: a.organization_id == cls.org_hr
        )
        Extension = env["joint.meeting.extension"]
        later = future.date() + timedelta(days=30)
        submitted_matter, reviewed_matter, approved_matter = (
            JointMeetingSupervisionCommon._more_matters(cls, 3, deadline=future.date())
        )
        s["extension_submitted"] = Extension.create(
            {"resolution_id": submitted_matter.id, "requested_deadline": later, "reason": "招标"}
        )
        s["extension_reviewed"] = Extension.create(
            {"resolution_id": reviewed_matter.id, "requested_deadline": later, "reason": "雨季"}
        )
        s["extension_reviewed"].with_user(cls.user_supervisor).action_review()
        s["extension_approved"] = Extension.create(
            {"resolution_id": approved_matter.id, "requested_deadline": later, "reason": "资金"}
        )
        s["extension_approved"].with_user(cls.user_supervisor).action_review()
        s["extension_approved"].with_user(cls.user_leader).action_approve()
        s["milestone"] = env["joint.meeting.milestone"].create(
            {
                "resolution_id": acknowledged.id,
                "name": "方案",
                "planned_date": future.date(),
                "planned_percent": 30,
            }
        )
        Notice = env["joint.meeting.notice"]
        s["notice_draft"], s["notice_issued"] = Notice._workflow_create(
            [
                {
                    "resolution_id": cls.resolution.id,
                    "colour": colour,
                    "organization_id": cls.org_hr.id,
                    "deadline": deadline,
                }
                for colour, deadline in (("red", "2026-06-30"), ("yellow", "2026-06-29"))
            ]
        )
        s["notice_issued"].with_user(cls.user_supervisor).action_issue()
        Bulletin = env["joint.meeting.bulletin"]
        s["bulletin_issued"], s["bulletin_draft"] = Bulletin.create(
            [
                {"company_id": cls.company.id, "period_type": "monthly", "date_from": day}
                for day in ("2026-03-01", "2026-04-01")
            ]
        )
        s["bulletin_issued"]._issue(fields.Date.to_date("2026-04-03"))
        s["bulletin_line"] = s["bulletin_draft"].line_ids[:1]
        assert s["bulletin_line"], "the draft bulletin has a unit"
        # Yearly assessments (考核): 2026 holds the acknowledgements of HR and Finance.
        Assessment = env["joint.meeting.assessment"].with_user(cls.user_supervisor)
        s["assessment_draft"], s["assessment_computed"], s["assessment_confirmed"] = (
            Assessment.create({"company_id": cls.company.id, "year": year})
            for year in (2027, 2025, 2026)
        )
        s["assessment_computed"].action_compute()
        s["assessment_confirmed"].action_compute()
        s["assessment_confirmed"].action_confirm()
        s["assessment_line"] = s["assessment_confirmed"].line_ids.filtered(
            lambda line: line.organization_id == cls.org_hr
        )[:1]
        s["assessment_score"] = s["assessment_confirmed"].score_ids.filtered(
            lambda score: score.organization_id == cls.org_hr
        )
        Rule = env["joint.meeting.assessment.rule"]
        Rule.search([("company_id", "=", cls.company.id), ("event", "=", "extension")]).unlink()
        s["assessment_rule"] = Rule.search(
            [("company_id", "=", cls.company.id), ("event", "=", "overdue")]
        )
        cls.subjects = s

    @staticmethod
    def _matters_with_reports(cls):
        env = cls.env
        minutes = env["joint.meeting.minutes"].create(
            {"meeting_id": cls.meeting.id, "name": "Supplementary minutes"}
        )
        matters = env["joint.meeting.resolution"].create(
            [
                {
                    "minutes_id": minutes.id,
                    "name": f"Matter {outcome}",
                    "lead_unit_id": cls.org_hr.id,
                    "deadline": "2026-06-30",
                }
                for outcome in ("completed", "cannot", "none")
            ]
        )
        minutes.write({"state": "issued"})
        matters[:2].write({"state": "in_progress"})
        matters[2].write({"state": "open"})
        for matter, outcome in zip(matters[:2], ("completed", "cannot"), strict=True):
            report = env["joint.meeting.followup"].create(
                {
                    "resolution_id": matter.id,
                    "organization_id": cls.org_hr.id,
                    "progress": "<p>结果</p>",
                    "percent": 100 if outcome == "completed" else 50,
                    "outcome": outcome,
                    "explanation": "缺少资金" if outcome == "cannot" else False,
                }
            )
            report.write({"state": "accepted", "rating": "good"})
        return matters[0], matters[1], matters[2]

    # ------------------------------------------------------------------
    def _create_vals(self, model):
        s = self.subjects
        future = fields.Date.to_string(self.future.date())
        return {
            "joint.meeting": {
                "company_id": self.company.id,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "Storm",
                "year": self.future.year,
                "date": fields.Datetime.to_string(self.future),
            },
            "joint.meeting.topic": {
                "meeting_id": s["meeting_collecting"].id,
                "organization_id": self.org_union.id,
                "name": "New topic",
                "category": "other",
            },
            "joint.meeting.consultation": {
                "topic_id": s["consultation_waiting"].topic_id.id,
                "department_id": self.org_civil.id,
                "due_date": fields.Date.to_string(s["consultation_waiting"].due_date),
            },
            "joint.meeting.minutes": {"meeting_id": self.meeting.id, "name": "Another"},
            "joint.meeting.minutes.confirmation": {
                "minutes_id": s["minutes_review"].id,
                "organization_id": self.org_youth.id,
                "user_id": self.user_youth.id,
            },
            "joint.meeting.attendance": {
                "meeting_id": s["meeting_collecting"].id,
                "organization_id": self.org_youth.id,
                "attendee_name": "Wang Wu",
            },
            "joint.meeting.resolution": {
                "minutes_id": s["minutes_draft"].id,
                "name": "New matter",
                "lead_unit_id": self.org_hr.id,
                "deadline": future,
            },
            "joint.meeting.followup": {
                "resolution_id": self.resolution.id,
                "organization_id": self.org_hr.id,
                "progress": "<p>新进展</p>",
                "percent": 50,
            },
            "joint.meeting.assignment": {
                "resolution_id": s["matter_pending"].id,
                "organization_id": self.org_youth.id,
                "role": "co",
                "assign_date": future,
                "due_date": future,
            },
            "joint.meeting.extension": {
                "resolution_id": s["matter_acknowledged"].id,
                "requested_deadline": fields.Date.to_string(self.future.date() + timedelta(days=9)),
                "reason": "工期顺延",
            },
            "joint.meeting.notice": {
                "resolution_id": self.resolution.id,
                "colour": "blue",
                "organization_id": self.org_hr.id,
                "deadline": future,
            },
            "joint.meeting.bulletin": {
                "company_id": self.company.id,
                "period_type": "monthly",
                "date_from": "2026-07-01",
            },
            "joint.meeting.bulletin.line": {
                "bulletin_id": s["bulletin_draft"].id,
                "organization_id": self.org_youth.id,
            },
            "joint.meeting.assessment": {"company_id": self.company.id, "year": 2030},
            "joint.meeting.assessment.rule": {
                "company_id": self.company.id,
                "event": "extension",
                "points": -3,
            },
            "joint.meeting.milestone": {
                "resolution_id": s["matter_acknowledged"].id,
                "name": "验收",
                "planned_date": future,
                "planned_percent": 90,
            },
        }[model]

    def _value(self, record, name):
        field = record._fields[name]
        special = {
            "state": {
                "joint.meeting": "held",
                "joint.meeting.topic": "accepted",
                "joint.meeting.consultation": "replied",
                "joint.meeting.minutes": "issued",
                "joint.meeting.resolution": "done",
                "joint.meeting.followup": "accepted",
                "joint.meeting.assignment": "acknowledged",
                "joint.meeting.extension": "approved",
                "joint.meeting.notice": "issued",
                "joint.meeting.bulletin": "issued",
                "joint.meeting.assessment": "confirmed",
            },
        }
        if name in special:
            return special[name][record._name]
        if field.type in ("char", "text"):
            return "2026-X"
        if field.type == "html":
            return "<p>改写</p>"
        if field.type == "date":
            return fields.Date.to_string(self.future.date() + timedelta(days=30))
        if field.type == "datetime":
            return fields.Datetime.to_string(self.future)
        if field.type == "boolean":
            return not record[name]
        if field.type == "integer":
            return 7
        if field.type == "float":
            return 7.5
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            return next(v for v in values if v != record[name])
        if field.type == "many2one":
            return {
                "res.users": self.user_leader.id,
                "joint.meeting.organization": self.org_youth.id,
                "joint.meeting.minutes": self.subjects["minutes_draft"].id,
            }.get(field.comodel_name, False)
        if field.type == "many2many":
            return [(6, 0, [])]
        raise AssertionError(f"no test value for {record._name}.{name}")

    ARGS = {
        ("joint.meeting.topic", "action_accept"): ["同意列入议程"],
        ("joint.meeting.topic", "action_return"): ["请补充材料"],
        ("joint.meeting.topic", "action_grant_late_exception"): ["紧急事项"],
        ("joint.meeting.minutes", "action_request_approval"): [False],
        ("joint.meeting.minutes", "action_return"): ["请修改"],
        ("joint.meeting.followup", "action_accept"): ["good", "好"],
        ("joint.meeting.followup", "action_return"): ["请补充"],
        ("joint.meeting.consultation", "action_reply"): ["agree", "<p>同意</p>"],
        ("joint.meeting.resolution", "action_return_assignment"): ["不属本单位职责"],
        ("joint.meeting.resolution", "action_reassign"): [
            lambda self: self.org_union.id,
            lambda self: self.org_hr.ids,
            "改由工会牵头",
        ],
        ("joint.meeting.extension", "action_refuse"): ["理由不充分"],
    }

    def _run(self, role, subject, operation):
        record = self.subjects[subject]
        model = record._name
        if role == "other":
            context = {"allowed_company_ids": [self.other_company.id]}
        else:
            context = {"allowed_company_ids": [self.company.id]}
        if operation == "read":
            return self.call_kw(model, "read", [record.ids, ["display_name"]], context=context)
        if operation == "create":
            return self.call_kw(model, "create", [self._create_vals(model)], context=context)
        if operation == "unlink":
            return self.call_kw(model, "unlink", [record.ids], context=context)
        if operation.startswith("write:"):
            name = operation[6:]
            vals = {name: self._value(record, name)}
            return self.call_kw(model, "write", [record.ids, vals], context=context)
        args = [
            arg(self) if callable(arg) else arg for arg in self.ARGS.get((model, operation), [])
        ]
        return self.call_kw(model, operation, [record.ids, *args], context=context)

    def _context(self, role):
        company = self.other_company if role == "other" else self.company
        return {"allowed_company_ids": [company.id]}

    def _login(self, role):
        user = self.users[role]
        self.authenticate(user.login, "admin" if role == "odoo" else user.login)


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixFixtures):
    """Every cell of ``access_matrix.MATRIX``, over JSON-RPC, as each role."""

    def test_matrix_over_json_rpc(self):
        discover = os.environ.get("JM_MATRIX_DISCOVER")
        failures, found = [], []
        for role, user in self.users.items():
            self.authenticate(user.login, "admin" if role == "odoo" else user.login)
            for subject, operation, roles in MATRIX:
                model = SUBJECTS[subject][0]
                expect_ok = role in allowed(roles)
                self.env.flush_all()
                savepoint = self.env.cr.savepoint(flush=True)
                before = self.table_hash(model)
                outcome, name, message = self._run(role, subject, operation)
                after = self.table_hash(model)
                savepoint.close(rollback=True)
                self.env.invalidate_all()
                found.append((subject, operation, role, outcome == "ok"))
                cell = f"{subject} {operation} as {role}"
                if outcome == "error" and name not in REFUSALS:
                    failures.append(f"{cell}: unexpected {name}: {message}")
                elif outcome == "ok" and not expect_ok:
                    failures.append(f"{cell}: succeeded, must be refused")
                elif outcome == "error" and expect_ok:
                    failures.append(f"{cell}: refused ({name}: {message}), must succeed")
                elif outcome == "error" and before != after:
                    failures.append(f"{cell}: refused but the table changed")
        if discover:
            rows = {}
            for subject, operation, role, ok in found:
                rows.setdefault((subject, operation), []).append(role if ok else None)
            with open(discover, "w") as out:
                for (subject, operation), oks in rows.items():
                    roles = " ".join(r for r in oks if r)
                    out.write(f'    ("{subject}", "{operation}", "{roles}"),\n')
        self.assertFalse(failures, "\n".join(failures))

    def test_every_public_action_is_in_the_matrix(self):
        """A new action_* method (or a new joint-meeting workflow model) must
        join the matrix."""
        covered = {(SUBJECTS[s][0], op) for s, op, _roles in MATRIX}
        models = {model for model, _d in SUBJECTS.values()}
        missing = []
        for model in models:
            Model = type(self.env[model])
            for name in dir(Model):
                method = getattr(Model, name)
                if (
                    name.startswith("action_")
                    and callable(method)
                    and ".joint_meeting." in getattr(method, "__module__", "")
                ):
                    if (model, name) not in covered:
                        missing.append(f"{model}.{name}")
        for name, Model in self.env.registry.items():
            if (
                not Model._abstract
                and not Model._transient
                and issubclass(Model, type(self.env["joint.meeting.workflow.mixin"]))
                and name not in models
            ):
                missing.append(name)
        self.assertFalse(missing, f"not in tests/access_matrix.py: {missing}")

    def test_readme_prints_the_matrix(self):
        readme = os.path.join(os.path.dirname(__file__), "..", "docs", "access_matrix.md")
        with open(readme, encoding="utf-8") as f:
            self.assertIn(
                markdown(), f.read(), "docs/access_matrix.md: python3 tests/access_matrix.py"
            )
        self.assertEqual(len(ROLES), 9)


@tagged("post_install", "-at_install")
class TestNoClientUnlocks(AccessMatrixFixtures):
    """Whatever context a client sends, over JSON-RPC or XML-RPC."""

    CONTEXTS = [
        {"joint_meeting_workflow": "joint.meeting.minutes"},
        {"joint_meeting_workflow": ["joint.meeting.minutes"]},
        {"joint_meeting_issuing": True, "joint_meeting_reply": True},
        {"install_mode": True, "module": "joint_meeting", "tracking_disable": True},
    ]

    def test_context_keys_unlock_nothing_over_json_rpc(self):
        minutes = self.subjects["minutes_issued"]
        consultation = self.subjects["consultation_waiting"]
        cases = [
            ("odoo", minutes, {"body": "<p>改写</p>"}),
            ("off", minutes, {"document_number": "伪〔2026〕1号"}),
            ("dept", consultation, {"state": "replied"}),
            ("org", self.subjects["topic_draft"], {"state": "accepted"}),
        ]
        for role, record, vals in cases:
            self._login(role)
            for extra in self.CONTEXTS:
                context = {**self._context(role), **extra}
                before = self.table_hash(record._name)
                outcome, name, _message = self.call_kw(
                    record._name, "write", [record.ids, vals], context=context
                )
                self.assertEqual(outcome, "error", f"{role} {vals} with {extra}")
                self.assertIn(name, REFUSALS)
                self.assertEqual(before, self.table_hash(record._name))

    def test_refused_over_xml_rpc_too(self):
        db = self.env.cr.dbname
        common = self.xmlrpc_common
        models = self.xmlrpc_object
        minutes = self.subjects["minutes_issued"]
        meeting = self.subjects["meeting_collecting"]
        for login, password, model, record, vals in (
            ("admin", "admin", minutes._name, minutes, {"body": "<p>改写</p>"}),
            ("t_office", "t_office", meeting._name, meeting, {"state": "held"}),
        ):
            uid = common.authenticate(db, login, password, {})
            self.assertTrue(uid)
            before = self.table_hash(model)
            with self.assertRaises(xmlrpc.client.Fault) as refused:
                models.execute_kw(
                    db,
                    uid,
                    password,
                    model,
                    "write",
                    [record.ids, vals],
                    {"context": {"joint_meeting_issuing": True}},
                )
            # 2: UserError/ValidationError, 4: AccessError; 1 would be a traceback.
            self.assertIn(refused.exception.faultCode, (2, 3, 4), refused.exception.faultString)
            self.assertEqual(before, self.table_hash(model))
