"""The generated walker of the write declarations (issue 21).

For every model that inherits the workflow mixin (found in the registry: a new
model or a new field is walked with no line to add here), every record of the
access-matrix fixtures of that model (one per state the fixtures reach), every
stored field and every role: the write is sent through ``/web/dataset/call_kw``
as that user and its outcome compared with the model's ``_write_allow``
declaration. A refusal must leave the row unchanged. The same for ``unlink``
with the context keys a client might send to switch a lock off.
"""

import logging
import os
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.joint_meeting_workflow_mixin import declared as declared_by
from .access_matrix import declarations_markdown
from .test_access_matrix import REFUSALS, AccessMatrixFixtures

_logger = logging.getLogger(__name__)
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}
# The roles of the walk: the six, Odoo's administrator, a user without a role,
# the office and the administrator of the other district.
WALK_ROLES = ("org", "dept", "sup", "off", "lead", "adm", "odoo", "none", "other", "other_adm")
OUTSIDERS = {"none", "other", "other_adm"}
# The guard's own refusal (``_workflow_refuse``), in the tests' language.
GUARD = "your role may not write them in this state"
UNLINK_CONTEXTS = (
    {"_force_unlink": True},
    {"install_mode": True, "module": "joint_meeting"},
    {"active_test": False, "tracking_disable": True},
)


def mixin_models(env):
    mixin = type(env["joint.meeting.workflow.mixin"])
    return sorted(
        name
        for name, Model in env.registry.items()
        if not Model._abstract and not Model._transient and issubclass(Model, mixin)
    )


def walked_fields(record):
    """The stored fields of ``record`` that a client could send."""
    free = record._workflow_free_fields()
    return sorted(
        name
        for name, field in record._fields.items()
        if field.store and name not in MAGIC and name not in free
    )


@tagged("post_install", "-at_install")
class TestWriteWalker(AccessMatrixFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["other_adm"] = cls._district_user(
            "t_other_admin", "group_joint_meeting_admin", cls.org_other, cls.other_company
        )

    def _context(self, role):
        company = self.other_company if role in ("other", "other_adm") else self.company
        return {"allowed_company_ids": [company.id]}

    def _login(self, role):
        user = self.users[role]
        self.authenticate(user.login, "admin" if role == "odoo" else user.login)

    def _records(self):
        """Per mixin model, its fixtures (one per state reached)."""
        by_model = {}
        for _subject, record in sorted(self.subjects.items()):
            if record._name in self.env.registry and hasattr(record, "_write_allow"):
                by_model.setdefault(record._name, self.env[record._name])
                by_model[record._name] |= record
        return by_model

    def _row(self, record):
        self.env.flush_all()
        self.env.cr.execute(
            f'SELECT t::text FROM "{record._table}" t WHERE id = %s',  # noqa: E501
            [record.id],
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def _sample(self, record, name):
        """A value of the field's type that differs from the record's."""
        field = record._fields[name]
        current = record[name]
        if field.type in ("char", "text"):
            return f"{current or ''}改"[-200:]
        if field.type == "html":
            return "<p>改写</p>"
        if field.type == "date":
            day = current or fields.Date.context_today(record)
            return fields.Date.to_string(day + timedelta(days=1))
        if field.type == "datetime":
            moment = current or fields.Datetime.now()
            return fields.Datetime.to_string(moment + timedelta(days=1))
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 1
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            return next((v for v in values if v != current), current)
        if field.type == "many2one":
            other = self.env[field.comodel_name].search(
                [("id", "!=", current.id), ("company_id", "in", [self.company.id, False])]
                if "company_id" in self.env[field.comodel_name]._fields
                else [("id", "!=", current.id)],
                limit=1,
            )
            return other.id or current.id
        if field.type in ("many2many", "one2many"):
            return [(6, 0, current.ids)] if field.type == "many2many" else []
        return current

    def _expected(self, role, record, name):
        if role in OUTSIDERS:
            return False
        user = self.users[role]
        as_user = record.with_user(user).with_context(**self._context(role))
        if record._workflow_locked():
            return False
        return name in as_user._write_allowed_fields()

    def test_every_field_is_owned(self):
        """Every stored field of a mixin model is either written by a role in
        some state (declared) or left to the model's steps, also declared."""
        missing = []
        for model in mixin_models(self.env):
            Model = self.env[model]
            declared = Model._write_declared_fields() | set(
                Model._write_declaration("_write_by_steps").split()
            )
            for name in walked_fields(Model):
                field = Model._fields[name]
                if field.compute or field.related:
                    continue  # stored computed: never declared writable
                if name not in declared:
                    missing.append(f"{model}.{name}")
            unknown = Model._write_declared_fields() - set(Model._fields)
            missing.extend(f"{model}.{name} (no such field)" for name in unknown)
        self.assertFalse(
            missing, f"declare these fields in _write_allow or _write_by_steps: {missing}"
        )

    def test_mixins_declare_the_fields_they_bring(self):
        """A mixin that brings fields to a model declares who writes them next
        to them; a model's declarations merge those of its classes (its own
        first, the names of the same states and role joined)."""

        class Part:
            _write_allow = {"draft": {"off": "reason"}}
            _write_by_steps = "event_id"

        class Whole(Part):
            _write_allow = {"draft": {"off": "date"}, "*": {"off": "color"}}
            _create_allow = {"off": "company_id"}
            _write_by_steps = "state"

        self.assertEqual(
            declared_by(Whole, "_write_allow"),
            {"draft": {"off": "date reason"}, "*": {"off": "color"}},
        )
        self.assertEqual(declared_by(Whole, "_create_allow"), {"off": "company_id"})
        self.assertEqual(declared_by(Whole, "_write_by_steps"), "state event_id")
        self.assertEqual(Part._write_allow, {"draft": {"off": "reason"}}, "merged, not changed")
        # The parts of the meeting and of the agreed matter.
        Meeting = self.env["joint.meeting"]
        self.assertIn("rotation_override_reason", Meeting._write_declared_fields())
        self.assertIn("calendar_event_id", Meeting._write_declaration("_write_by_steps").split())
        steps = self.env["joint.meeting.resolution"]._write_declaration("_write_by_steps").split()
        for name in ("state", "assignment_ids", "milestone_ids", "close_date", "reopen_reason"):
            self.assertIn(name, steps)

    def test_deletion_rules_live_in_the_unlink_check(self):
        """Odoo skips ``@api.ondelete(at_uninstall=False)`` hooks under
        ``_force_unlink``, a key any client may send: a mixin model puts its
        deletion rules in ``_workflow_check_unlink``, which ``unlink()`` runs
        whatever the context."""
        hooks = [
            f"{model}.{hook.__name__}"
            for model in mixin_models(self.env)
            for hook in self.env[model]._ondelete_methods
            if hook.__module__.startswith("odoo.addons.joint_meeting.")
        ]
        self.assertFalse(hooks, f"move these checks into _workflow_check_unlink: {hooks}")

    def _current(self, record, name):
        """The record's own value, as a client sends it."""
        field = record._fields[name]
        value = field.convert_to_write(record[name], record)
        if field.type == "one2many":
            return []
        if field.type == "many2many":
            return [(6, 0, record[name].ids)]
        return value

    def _may_write_model(self, role, model):
        access = self.env["ir.model.access"].with_user(self.users[role])
        return access.check(model, "write", raise_exception=False)

    def _try(self, role, record, vals):
        """(outcome, error, message, row changed) of one write over JSON-RPC,
        rolled back."""
        savepoint = self.env.cr.savepoint(flush=True)
        before = self._row(record)
        outcome, error, message = self.call_kw(
            record._name, "write", [record.ids, vals], context=self._context(role)
        )
        after = self._row(record)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return outcome, error, message, before != after

    def test_writes_over_json_rpc(self):
        """One write per (role, record, field) where the role may write the
        model; where it may not (no access right, another district, no role)
        one write of every field at once, refused. A field declared writable
        is written with a sample value of its type, or, where a rule of the
        regulation refuses that value, with the record's own value."""
        by_model = self._records()
        self.assertEqual(
            sorted(by_model),
            mixin_models(self.env),
            "every joint-meeting model needs a fixture in test_access_matrix.py",
        )
        failures, calls, allowed, resent, by_rule = [], 0, 0, 0, []
        started = time.time()
        for role in WALK_ROLES:
            self._login(role)
            for model, records in by_model.items():
                per_field = role not in OUTSIDERS and self._may_write_model(role, model)
                for record in records:
                    names = walked_fields(record)
                    state = record._write_state()
                    if not per_field:
                        vals = {name: self._sample(record, name) for name in names}
                        outcome, error, message, changed = self._try(role, record, vals)
                        calls += 1
                        cell = f"{model}({record.id}, {state}) as {role}"
                        if outcome == "ok":
                            failures.append(f"{cell}: written, must be refused")
                        elif error not in REFUSALS:
                            failures.append(f"{cell}: unexpected {error}: {message}")
                        elif changed:
                            failures.append(f"{cell}: refused but the row changed")
                        continue
                    for name in names:
                        expect_ok = self._expected(role, record, name)
                        vals = {name: self._sample(record, name)}
                        outcome, error, message, changed = self._try(role, record, vals)
                        calls += 1
                        if expect_ok and outcome == "error" and error in REFUSALS:
                            # A rule of the regulation refused the sample value:
                            # the record's own value must pass the guard.
                            vals = {name: self._current(record, name)}
                            outcome, error, message, changed = self._try(role, record, vals)
                            calls += 1
                            resent += 1
                        allowed += expect_ok
                        cell = f"{model}({record.id}, {state}).{name} as {role}"
                        if (
                            expect_ok
                            and outcome == "error"
                            and error in REFUSALS
                            and GUARD not in (message or "")
                            and not changed
                        ):
                            # Past the guard, refused by a rule on the fixture's
                            # own value (the rotation of Art. 6 on a record that
                            # the fixtures set up as the system user).
                            by_rule.append(cell)
                            continue
                        if outcome == "error" and error not in REFUSALS:
                            failures.append(f"{cell}: unexpected {error}: {message}")
                        elif outcome == "ok" and not expect_ok:
                            failures.append(f"{cell}: written, must be refused")
                        elif outcome == "error" and expect_ok:
                            failures.append(f"{cell}: refused ({message}), declared writable")
                        elif outcome == "error" and changed:
                            failures.append(f"{cell}: refused but the row changed")
        elapsed = time.time() - started
        _logger.info(
            "write walker: %s writes, %s declared writable (%s resent with the record's "
            "value, %s refused by a rule of the regulation past the guard), %.0f s",
            calls,
            allowed,
            resent,
            len(by_rule),
            elapsed,
        )
        self.assertFalse(failures, "\n".join(failures))

    def test_unlink_locks_whatever_the_context(self):
        """A locked record (or one whose deletion a rule refuses) stays, with
        any context a client sends, for every role."""
        failures = []
        for role in ("off", "adm", "odoo", "sup", "dept", "org"):
            self._login(role)
            for model, records in self._records().items():
                for record in records:
                    # Refused without a context key: a key must not open it.
                    savepoint = self.env.cr.savepoint(flush=True)
                    plain, _e, _m = self.call_kw(
                        model, "unlink", [record.ids], context=self._context(role)
                    )
                    savepoint.close(rollback=True)
                    self.env.invalidate_all()
                    if plain == "ok":
                        continue
                    for extra in UNLINK_CONTEXTS:
                        savepoint = self.env.cr.savepoint(flush=True)
                        outcome, error, message = self.call_kw(
                            model,
                            "unlink",
                            [record.ids],
                            context={**self._context(role), **extra},
                        )
                        exists = bool(self._row(record))
                        savepoint.close(rollback=True)
                        self.env.invalidate_all()
                        cell = f"{model}({record.id}) unlink as {role} with {extra}"
                        if outcome == "ok" or not exists:
                            failures.append(f"{cell}: deleted")
                        elif error not in REFUSALS:
                            failures.append(f"{cell}: unexpected {error}: {message}")
        self.assertFalse(failures, "\n".join(failures))

    def test_print_route_applies_the_print_button_rule(self):
        """A prepared (unnumbered) colour notice prints neither with its Print
        button nor through /report/pdf or /report/html; an issued one does."""
        report = "joint_meeting.report_joint_meeting_supervision_notice"
        draft, issued = self.subjects["notice_draft"], self.subjects["notice_issued"]
        self._login("sup")
        for kind in ("pdf", "html"):
            response = self.url_open(f"/report/{kind}/{report}/{draft.id}")
            self.assertEqual(response.status_code, 403, kind)
        response = self.url_open(f"/report/html/{report}/{issued.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(issued.number, response.text)

    def test_confirmations_read_where_the_minutes_are(self):
        minutes = self.subjects["minutes_review"]
        domain = [[("minutes_id", "=", minutes.id)]]
        for role, count in (("org", 2), ("off", 2), ("dept", 0), ("sup", 0)):
            self._login(role)
            outcome, ids, _message = self.call_kw(
                "joint.meeting.minutes.confirmation", "search", domain, context=self._context(role)
            )
            self.assertEqual(outcome, "ok")
            self.assertEqual(len(ids), count, role)

    def test_lead_units_only_of_kinds_that_lead(self):
        """The supervision office and the leadership lead no matter: refused at
        creation and in the draft minutes as in the reassignment."""
        self._login("off")
        draft = self.subjects["matter_draft"]
        for org in (self.org_supervision, self.org_leadership):
            vals = {**self._create_vals("joint.meeting.resolution"), "lead_unit_id": org.id}
            outcome, error, message = self.call_kw(
                "joint.meeting.resolution", "create", [vals], context=self._context("off")
            )
            self.assertEqual((outcome, error), ("error", "odoo.exceptions.ValidationError"))
            self.assertIn("Art. 11", message)
            before = self._row(draft)
            outcome, error, _message = self.call_kw(
                "joint.meeting.resolution",
                "write",
                [draft.ids, {"co_unit_ids": [(6, 0, org.ids)]}],
                context=self._context("off"),
            )
            self.assertEqual((outcome, error), ("error", "odoo.exceptions.ValidationError"))
            self.assertEqual(before, self._row(draft))

    def test_text_fields_refuse_non_strings_and_oversized_values(self):
        topic = self.subjects["topic_draft"]
        self._login("org")
        for value in (["a", "b"], {"zh_CN": "x"}, 7):
            before = self._row(topic)
            outcome, error, message = self.call_kw(
                topic._name, "write", [topic.ids, {"name": value}], context=self._context("org")
            )
            self.assertEqual((outcome, error), ("error", "odoo.exceptions.ValidationError"))
            self.assertIn("send a string", message)
            self.assertEqual(before, self._row(topic))
        self._login("adm")
        org = self.org_union
        for vals in ({"name": "x" * 1000000}, {"short_name": ["工会"]}):
            outcome, error, _message = self.call_kw(
                org._name, "write", [org.ids, vals], context=self._context("adm")
            )
            self.assertEqual((outcome, error), ("error", "odoo.exceptions.ValidationError"))
        self.assertEqual(org.name, "Trade Union")

    def test_docs_print_the_declarations(self):
        readme = os.path.join(os.path.dirname(__file__), "..", "docs", "access_matrix.md")
        with open(readme, encoding="utf-8") as f:
            self.assertIn(
                declarations_markdown(self.env),
                f.read(),
                "docs/access_matrix.md, table of write declarations: tests.access_matrix.declarations_markdown",
            )

    def test_constraint_messages_in_the_users_language(self):
        """A database constraint's message reaches a Chinese user in Chinese."""
        report = self.subjects["followup_submitted"]
        self.users["dept"].lang = "zh_CN"
        self._login("dept")
        before = self._row(report)
        # PostgreSQL refuses the row; Odoo logs the refused query, as expected here.
        with mute_logger("odoo.sql_db"):
            outcome, error, message = self.call_kw(
                report._name,
                "write",
                [report.ids, {"percent": 150}],
                context={**self._context("dept"), "lang": "zh_CN"},
            )
        self.assertEqual((outcome, error), ("error", "odoo.exceptions.ValidationError"))
        self.assertIn("完成进度须在0到100之间", message)
        self.assertEqual(before, self._row(report))
