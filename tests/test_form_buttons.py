"""Buttons offer what the server accepts (issue 24), read from the same
declarations.

Every action method that a form's object button calls is declared next to it
(``jm_action`` in models/joint_meeting_workflow_mixin.py: states, steps of
``_joint_meeting_steps``, roles, units, a ``when`` condition). The method
checks its declaration on every call; the forms show the button only where it
holds (``jm_actions``, injected into the button's ``invisible``).

For every form of the workflow guard, every demo user and the demo records in
each of their states, the form that ``get_views`` gives that user is evaluated
the way the web client evaluates it:

- each visible object button is one its declaration lets the user use, and
  called as that user (inside a savepoint, undone after) it raises no
  AccessError and fails on no check of role, unit or state: not on its
  declaration nor on the model's own ``_check_*`` helpers (turned into
  failures here). It may raise a UserError only for a precondition on the
  record's own content that the user fills in on the same form or that the
  form announces: ``PRECONDITIONS`` names them;
- each hidden workflow button (declared with a restriction) called as that
  user is refused by its declaration, with the reason the declaration gives
  (who takes the step, or what the record awaits), or by the access rights.
"""

import contextlib
import os
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged

from .access_matrix import actions_markdown
from .test_access_matrix import AccessMatrixFixtures
from .test_form_rights import evaluate, record_values
from .test_write_walker import mixin_models

# Every demo user: each role, every unit (lead units, co-units, drafting and
# consulted units) and the office of the other district.
DEMO_USERS = (
    "user_office",
    "user_admin",
    "user_leader",
    "user_deputy",
    "user_union",
    "user_youth",
    "user_women",
    "user_science",
    "user_disabled",
    "user_hrss",
    "user_finance",
    "user_education",
    "user_civil",
    "user_supervisor",
    "user_east_office",
)
# The UserErrors that a visible button may raise: a precondition on the
# record's own content, which the button's user fills in on the same form or
# which the form announces (its waiting line, its warning above the fields).
# Everything that depends on the role, the unit, the state, the user's part
# already done or another record's step is in the declaration instead: the
# button is hidden and the call refused with the declaration's reason.
PRECONDITIONS = {
    # The planned date is a field of the form.
    ("joint.meeting", "action_open_collection"): (
        "Set the planned meeting date first",
        "The meeting date is in the past.",
    ),
    # Art. 9: date, place and chair are fields of the form.
    ("joint.meeting", "action_approve"): ("Art. 9: the district government fixes the time",),
    # Art. 11: the drafting organisations are a field of the form.
    ("joint.meeting.minutes", "action_submit_review"): (
        "Art. 11: the minutes are drafted jointly by the office",
    ),
    # The waiting line names the units that have not confirmed; the reason to
    # proceed without them is a field of the form.
    ("joint.meeting.minutes", "action_request_approval_button"): (
        "Art. 11: the minutes are drafted jointly;",
    ),
    # The due date is a field of the form.
    ("joint.meeting.consultation", "action_send"): ("The due date is in the past.",),
}
# The models' own checks of role, unit and state: a visible button must not
# fail on one of them.
RIGHTS_CHECKS = (
    "_check_group",
    "_check_state",
    "_check_office",
    "_check_leader",
    "_check_supervisor",
    "_check_reviewer",
    "_check_own_organization",
    "_check_unit_member",
    "_check_reassigner",
    "_check_reporting_user",
)


class RightsCheckFailed(Exception):
    """A visible button failed on a check of role, unit or state."""


class _Undone(Exception):
    """Raised inside the savepoint to undo a button's effects."""


def object_buttons(arch):
    """{name: [button nodes]} of the form's own object buttons (not those of
    the lists and forms inside a relational field)."""
    found = {}

    def walk(node):
        for child in node:
            if child.tag == "button" and child.get("type") == "object":
                found.setdefault(child.get("name"), []).append(child)
            if child.tag != "field":
                walk(child)

    walk(arch)
    return found


@contextlib.contextmanager
def rights_checks_fail(env):
    """The models' ``_check_*`` helpers of role, unit and state raise
    ``RightsCheckFailed`` instead of their UserError."""
    patches = []
    for model in mixin_models(env):
        cls = type(env[model])
        for name in RIGHTS_CHECKS:
            original = getattr(cls, name, None)
            if original is None:
                continue

            def failing(self, *args, _original=original, _name=name, **kwargs):
                try:
                    return _original(self, *args, **kwargs)
                except UserError as error:
                    raise RightsCheckFailed(f"{_name}: {error}") from error

            patches.append(patch.object(cls, name, failing))
    with contextlib.ExitStack() as stack:
        for one in patches:
            stack.enter_context(one)
        yield


class ButtonWalk:
    """Walk the forms as each user and call their buttons."""

    def _call(self, record, name):
        """The button's method called as the web client calls it; its effects
        undone. Returns the exception raised, or None."""
        try:
            with self.env.cr.savepoint():
                getattr(record, name)()
                raise _Undone
        except _Undone:
            return None
        except (UserError, AccessError, ValidationError, RightsCheckFailed) as error:
            return error

    def _walk(self, records_by_model, users):
        """Returns (failures, number of buttons called, number of them visible)."""
        failures, called, shown = [], 0, 0
        with rights_checks_fail(self.env):
            for model, records in records_by_model.items():
                Model = self.env[model]
                rules = Model._jm_action_rules()
                names = object_buttons(Model._get_view(view_type="form")[0])
                for user in users:
                    as_user = Model.with_user(user).with_context(
                        allowed_company_ids=user.company_ids.ids
                    )
                    if not as_user.has_access("read"):
                        continue
                    arch = etree.fromstring(
                        as_user.get_views([(False, "form")])["views"]["form"]["arch"]
                    )
                    buttons = object_buttons(arch)
                    for record in records.with_env(as_user.env):
                        if not record.has_access("read"):
                            continue
                        # As the web client reads them: as the user first.
                        values = {
                            "jm_actions": record.jm_actions,
                            "jm_warning": record.jm_warning,
                            "jm_write_fields": record.jm_write_fields,
                        }
                        values = {**record_values(record.sudo()), **values}
                        values.update(context={}, uid=user.id, id=record.id)
                        visible = {
                            name
                            for name, nodes in buttons.items()
                            if any(not evaluate(node.get("invisible"), values) for node in nodes)
                        }
                        state = record._jm_action_state_value()[0]
                        reasons = record._jm_action_reasons(list(rules))
                        for name in sorted(names):
                            rule = rules.get(name)
                            is_visible = name in visible
                            if not is_visible and (rule is None or rule.open_to_readers):
                                continue
                            called += 1
                            shown += is_visible
                            reason = reasons.get((record, name), "")
                            error = self._call(record, name)
                            cell = f"{model} {record.id} ({state}) {name} as {user.login}"
                            if is_visible and reason:
                                failures.append(f"{cell}: shown, its declaration refuses: {reason}")
                            elif is_visible and isinstance(error, AccessError | RightsCheckFailed):
                                failures.append(f"{cell}: shown, refused: {error}")
                            elif is_visible and error is not None:
                                allowed = PRECONDITIONS.get((model, name), ())
                                if not str(error).startswith(allowed):
                                    failures.append(f"{cell}: shown, fails: {error!r}")
                            elif not is_visible and not (
                                isinstance(error, AccessError)
                                or (
                                    reason and isinstance(error, UserError) and str(error) == reason
                                )
                            ):
                                failures.append(
                                    f"{cell}: hidden, not refused by its declaration: "
                                    f"{error!r} ({reason or 'declared open to the user'})"
                                )
        return failures, called, shown


@tagged("post_install", "-at_install")
class TestFormButtonsMatchRights(ButtonWalk, TransactionCase):
    def _users(self):
        return [self.env.ref(f"joint_meeting.{xmlid}") for xmlid in DEMO_USERS]

    def _records(self, Model):
        """Every demo record of the model, archived ones too."""
        return Model.with_context(active_test=False).search([], order="id")

    def test_every_button_of_a_guarded_form_is_declared(self):
        """Every object button of a guarded form calls a declared action
        method: a new button is a decision (who, on which records)."""
        checked = 0
        for model in mixin_models(self.env):
            Model = self.env[model]
            rules = Model._jm_action_rules()
            # Every step named exists and is about the model (or its document).
            for step in Model._jm_action_steps().values():
                self.assertTrue(
                    step.model == model or (step.document and step.document[0] == model),
                    f"{model}: step {step.name} is about {step.model}",
                )
            for rule in rules.values():
                if rule.when:
                    self.assertTrue(callable(getattr(Model, rule.when, None)), rule.when)
            if "form" not in self.env["ir.ui.view"].search([("model", "=", model)]).mapped("type"):
                continue
            arch = Model._get_view(view_type="form")[0]
            for name, nodes in object_buttons(arch).items():
                checked += 1
                self.assertIn(name, rules, f"{model}: button {name} has no jm_action declaration")
                for node in nodes:
                    self.assertIn(f"' {name} ' not in (jm_actions or '')", node.get("invisible"))
        self.assertGreater(checked, 50)

    def test_docs_print_the_declarations(self):
        readme = os.path.join(os.path.dirname(__file__), "..", "docs", "access_matrix.md")
        with open(readme, encoding="utf-8") as f:
            self.assertIn(
                actions_markdown(self.env),
                f.read(),
                "docs/access_matrix.md, table of buttons: tests.access_matrix.actions_markdown",
            )

    def test_buttons_of_every_form_match_the_declarations_on_the_demo(self):
        """Every form, every demo user, every demo record."""
        records = {
            model: self._records(self.env[model].sudo())
            for model in mixin_models(self.env)
            if self.env[model]._jm_action_rules()
        }
        failures, called, shown = self._walk(
            {model: recs for model, recs in records.items() if recs}, self._users()
        )
        self.assertFalse(failures, "\n".join(failures))
        self.assertGreater(shown, 200)
        self.assertGreater(called - shown, 200)

    def test_the_named_cases_of_the_issue(self):
        """确认文本 after the unit confirmed and for the leader, 撤回 for the
        leader: hidden and refused."""
        leader = self.env.ref("joint_meeting.user_leader")
        science = self.env.ref("joint_meeting.user_science")
        submitted = self.env["joint.meeting.topic"].search([("state", "=", "submitted")], limit=1)
        self.assertEqual(submitted.organization_id, self.env.ref("joint_meeting.org_renhe_science"))
        self.assertNotIn(" action_withdraw ", submitted.with_user(leader).jm_actions)
        self.assertIn(" action_withdraw ", submitted.with_user(science).jm_actions)
        with self.assertRaises(UserError):
            submitted.with_user(leader).action_withdraw()
        # Minutes in joint review, drafted by the office and the trade union.
        minutes = self.env["joint.meeting.minutes"].search([("state", "=", "draft")], limit=1)
        minutes.meeting_id._workflow_write({"state": "held"})
        union = self.env.ref("joint_meeting.user_union")
        office = self.env.ref("joint_meeting.user_office")
        minutes._workflow_write(
            {
                "drafting_organization_ids": [
                    (6, 0, (union | office).joint_meeting_organization_ids.ids)
                ]
            }
        )
        minutes.with_user(office).action_submit_review()
        self.assertEqual(minutes.state, "review")
        self.assertIn(" action_confirm_text ", minutes.with_user(union).jm_actions)
        self.assertNotIn(" action_confirm_text ", minutes.with_user(leader).jm_actions)
        with self.assertRaises(UserError):
            minutes.with_user(leader).action_confirm_text()
        minutes.with_user(union).action_confirm_text()
        minutes.invalidate_recordset(["jm_actions"])
        self.assertNotIn(" action_confirm_text ", minutes.with_user(union).jm_actions)
        with self.assertRaises(UserError) as refused:
            minutes.with_user(union).action_confirm_text()
        self.assertIn("仁和区人民政府办公室", str(refused.exception))
        self.assertEqual(len(minutes.confirmation_ids), 1)
        # The leader approves only once every drafting unit has confirmed.
        self.assertNotIn(" action_approve ", minutes.with_user(leader).jm_actions)
        minutes.with_user(office).action_confirm_text()
        minutes.invalidate_recordset(["jm_actions"])
        self.assertIn(" action_approve ", minutes.with_user(leader).jm_actions)

    def test_a_co_unit_reads_its_own_acknowledgement(self):
        """A co-unit's form shows its own 待签收, not the lead unit's 已签收;
        its 签收 is the first button of its header (a phone shows the first)."""
        matter = self.env["joint.meeting.resolution"].search(
            [("co_unit_ids", "in", self.env.ref("joint_meeting.org_renhe_science").ids)], limit=1
        )
        science = self.env.ref("joint_meeting.user_science")
        self.assertEqual(matter.acknowledgement_state, "acknowledged")
        self.assertEqual(matter.with_user(science).unit_acknowledgement_state, "pending")
        supervisor = self.env.ref("joint_meeting.user_supervisor")
        self.assertFalse(matter.with_user(supervisor).unit_acknowledgement_state)
        arch = etree.fromstring(
            self.env["joint.meeting.resolution"]
            .with_user(science)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        own = arch.xpath("//field[@name='unit_acknowledgement_state']")[0]
        lead = arch.xpath("//field[@name='acknowledgement_state']")[0]
        values = {**record_values(matter.with_user(science).sudo())}
        self.assertFalse(evaluate(own.get("invisible"), values))
        self.assertTrue(evaluate(lead.get("invisible"), values))
        values["jm_actions"] = matter.with_user(science).jm_actions
        header = [
            node
            for node in arch.find(".//header")
            if node.tag == "button" and not evaluate(node.get("invisible"), values)
        ]
        self.assertEqual(header[0].get("name"), "action_acknowledge")
        matter.with_user(science).action_acknowledge()
        matter.invalidate_recordset(["unit_acknowledgement_state", "jm_actions"])
        self.assertEqual(matter.with_user(science).unit_acknowledgement_state, "acknowledged")
        self.assertNotIn(" action_acknowledge ", matter.with_user(science).jm_actions)
        with self.assertRaises(UserError):
            matter.with_user(science).action_acknowledge()

    def test_main_buttons_come_first_in_the_header(self):
        """The highlighted buttons (each step's main action) precede the
        others in every guarded form's header."""
        for model in mixin_models(self.env):
            Model = self.env[model]
            if "form" not in self.env["ir.ui.view"].search([("model", "=", model)]).mapped("type"):
                continue
            header = Model._get_view(view_type="form")[0].find(".//header")
            if header is None:
                continue
            main = [
                "btn-primary" in (node.get("class") or "").split()
                for node in header
                if node.tag == "button"
            ]
            self.assertEqual(main, sorted(main, reverse=True), model)


@tagged("post_install", "-at_install")
class TestFixtureButtonsMatchRights(ButtonWalk, AccessMatrixFixtures):
    """The same walk over the access matrix's records: every state of every
    model (minutes in joint review and approved, matters to acknowledge,
    extension requests reviewed...), as each role and a co-unit."""

    def test_buttons_of_every_form_match_the_declarations_on_every_state(self):
        by_model = {}
        guarded = mixin_models(self.env)
        for record in self.subjects.values():
            if record._name in guarded and record._jm_action_rules():
                by_model.setdefault(record._name, record.browse())
                by_model[record._name] |= record
        users = [*self.users.values(), self.user_finance]
        failures, called, shown = self._walk(by_model, users)
        self.assertFalse(failures, "\n".join(failures))
        self.assertGreater(shown, 100)

    def test_approval_is_requested_once(self):
        """报请审定 twice: one activity for the leader, a note in the chatter,
        the button gone; the second call is refused."""
        minutes = self.subjects["minutes_review"]
        office = minutes.with_user(self.user_office)
        self.assertIn(" action_request_approval_button ", office.jm_actions)
        before = minutes.activity_ids
        office.action_request_approval_button()
        activity = minutes.activity_ids - before
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_leader)
        self.assertTrue(minutes.approval_requested_date)
        self.assertIn("报请审定", minutes.message_ids[0].body)
        office.invalidate_recordset(["jm_actions"])
        self.assertNotIn(" action_request_approval_button ", office.jm_actions)
        with self.assertRaises(UserError):
            office.action_request_approval_button()
        with self.assertRaises(UserError):
            office.action_request_approval("再报一次")
        self.assertEqual(minutes.activity_ids - before, activity)
        # Returned to the drafters, the minutes are requested again after review.
        minutes.with_user(self.user_leader).action_return("请修改第二段")
        self.assertFalse(minutes.approval_requested_date)
        self.assertEqual(minutes.state, "draft")


@tagged("post_install", "-at_install")
class TestStepButtonsOnAPhone(HttpCase):
    """At 390×844 the main button of a step is on the screen, not in the
    header's menu: a co-unit acknowledges (签收) its agreed matter, the
    leadership approves (审批) an extension request."""

    browser_size = "390x844"

    def test_co_unit_acknowledges_on_a_phone(self):
        science = self.env.ref("joint_meeting.org_renhe_science")
        matter = self.env["joint.meeting.resolution"].search(
            [("co_unit_ids", "in", science.ids)], limit=1
        )
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_resolution_action/{matter.id}",
            "joint_meeting_phone_acknowledge_tour",
            login="jm_science",
        )
        assignment = matter.assignment_ids.filtered(lambda a: a.organization_id == science)
        self.assertEqual(assignment.state, "acknowledged")
        self.assertEqual(assignment.acknowledged_by, self.env.ref("joint_meeting.user_science"))

    def test_leader_approves_an_extension_on_a_phone(self):
        request = self.env["joint.meeting.extension"].search([("state", "=", "reviewed")], limit=1)
        matter = request.resolution_id
        self.start_tour(
            f"/odoo/action-joint_meeting.joint_meeting_extension_action/{request.id}",
            "joint_meeting_phone_extension_tour",
            login="jm_leader",
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.env.ref("joint_meeting.user_leader"))
        self.assertEqual(matter.deadline, request.requested_deadline)
