"""Forms offer what the data layer accepts, read from the same declarations.

For every model of the workflow guard, every demo user of every role and the
demo records in each of their states, the form that ``get_views`` gives that
user is evaluated the way the web client evaluates it (its ``readonly`` and
``invisible`` expressions on the record's values): every field it shows
editable is one the declarations (``_write_allow`` / ``_create_allow``) let the
user write, on a record the user may write. A field added to a form without a
declaration is read-only by itself.
"""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .test_write_walker import mixin_models

# The demo users, one per role (and the district's second leader).
DEMO_USERS = (
    "user_office",
    "user_admin",
    "user_leader",
    "user_union",
    "user_hrss",
    "user_supervisor",
)
# Records checked per model and state: enough to meet every unit's case.
PER_STATE = 3
TRUE = ("1", "True", "true")


def top_level_fields(arch):
    """The ``<field>`` nodes of the form's own model (not those of the lists
    and forms inside a relational field)."""
    found = []

    def walk(node):
        for child in node:
            if child.tag == "field":
                found.append(child)
            else:
                walk(child)

    walk(arch)
    return found


def record_values(record):
    """The record's values as the web client evaluates expressions on them."""
    values = {}
    for name, field in record._fields.items():
        value = record[name]
        if field.type == "many2one":
            value = value.id
        elif field.type in ("one2many", "many2many"):
            value = value.ids
        elif field.type in ("date", "datetime"):
            value = value and str(value)
        values[name] = value
    return values


def evaluate(expression, values, default=False):
    if not expression:
        return default
    if expression.strip() in TRUE:
        return True
    if expression.strip() in ("0", "False", "false"):
        return False
    return bool(safe_eval(expression, values))


@tagged("post_install", "-at_install")
class TestFormsMatchRights(TransactionCase):
    def _users(self):
        return [self.env.ref(f"joint_meeting.{xmlid}") for xmlid in DEMO_USERS]

    def _records(self, Model):
        """Up to PER_STATE demo records of each state the declarations use."""
        records = Model.search([], order="id")
        by_state = {}
        for record in records:
            by_state.setdefault(record._write_state(), []).append(record)
        return Model.browse(
            [record.id for group in by_state.values() for record in group[:PER_STATE]]
        )

    def test_editable_fields_of_every_form_are_declared_writable(self):
        checked = 0
        for model in mixin_models(self.env):
            Model = self.env[model].sudo()
            records = self._records(Model)
            if not records:
                continue
            for user in self._users():
                as_user = (
                    self.env[model]
                    .with_user(user)
                    .with_context(allowed_company_ids=user.company_ids.ids)
                )
                if not as_user.has_access("read"):
                    continue
                arch = etree.fromstring(
                    as_user.get_views([(False, "form")])["views"]["form"]["arch"]
                )
                nodes = top_level_fields(arch)
                for record in records.with_user(user):
                    if not record.has_access("read"):
                        continue
                    values = record_values(record.sudo())
                    values.update(
                        jm_write_fields=record.jm_write_fields,
                        context={},
                        uid=user.id,
                        id=record.id,
                    )
                    allowed = record._write_allowed_fields()
                    writable = record.has_access("write") and not record._workflow_locked()
                    for node in nodes:
                        name = node.get("name")
                        if name in record._workflow_free_fields() or name == "jm_write_fields":
                            continue
                        if evaluate(node.get("invisible"), values):
                            continue
                        if evaluate(node.get("readonly"), values, record._fields[name].readonly):
                            continue
                        checked += 1
                        with self.subTest(
                            model=model, user=user.login, record=record.id, field=name
                        ):
                            self.assertIn(name, allowed, "editable on the form, refused on save")
                            self.assertTrue(
                                writable, "editable on the form of a record the user may not write"
                            )
                    expected = set() if record._workflow_locked() else allowed
                    self.assertEqual(set(record.jm_write_fields.split()), expected)
        # The walk met editable fields (the demo has drafts for several roles).
        self.assertGreater(checked, 20)

    def test_a_field_without_a_declaration_is_read_only_on_the_form(self):
        """A field that a view adds and no declaration names is read-only by itself."""
        Topic = self.env["joint.meeting.topic"].with_user(self.env.ref("joint_meeting.user_office"))
        arch = etree.fromstring(Topic.get_views([(False, "form")])["views"]["form"]["arch"])
        readonly = {node.get("name"): node.get("readonly") for node in top_level_fields(arch)}
        self.assertIn("jm_write_fields", readonly)
        self.assertIn("' name ' not in (jm_write_fields or '')", readonly["name"])
        # ``state`` is written by the steps only: never in anyone's writable set.
        topic = self.env["joint.meeting.topic"].search([], limit=1)
        for user in self._users():
            self.assertNotIn("state", topic.with_user(user).jm_write_fields.split())

    def _unit_user(self, topic):
        return self.env["res.users"].search(
            [
                ("joint_meeting_organization_ids", "in", topic.organization_id.ids),
                (
                    "group_ids",
                    "in",
                    self.env.ref("joint_meeting.group_joint_meeting_org_user").ids,
                ),
            ],
            limit=1,
        )

    def test_submitted_topic_is_read_only_for_its_unit_draft_is_not(self):
        Topic = self.env["joint.meeting.topic"]
        submitted = Topic.search([("state", "=", "submitted")], limit=1)
        draft = Topic.search([("state", "=", "draft")], limit=1)
        self.assertTrue(submitted and draft, "the demo has a submitted and a draft topic")
        form = Form(submitted.with_user(self._unit_user(submitted)))
        with self.assertRaises(AssertionError):
            form.name = "改过的题目"
        with Form(draft.with_user(self._unit_user(draft))) as form:
            form.name = "改过的题目"
        self.assertEqual(draft.name, "改过的题目")

    def test_refusal_reads_as_the_rules_not_odoo_generic_text(self):
        """A unit that reaches another unit's record gets the add-on's words."""
        youth = self.env.ref("joint_meeting.user_youth")
        union_topic = self.env["joint.meeting.topic"].search(
            [("organization_id", "=", self.env.ref("joint_meeting.org_renhe_union").id)], limit=1
        )
        self.assertTrue(union_topic)
        with self.assertRaises(AccessError) as caught:
            union_topic.with_user(youth).check_access("write")
        message = str(caught.exception)
        # In the user's language (the demo's users read Chinese).
        self.assertIn("您的角色或所在单位不能修改此联席会议议题", message)
        self.assertNotIn("top-secret", message)
        self.assertNotIn("cookies", message)

    def test_new_record_form_offers_the_creation_fields(self):
        """On a new record the form offers what the creation accepts: the
        fields of the state it starts in and the links given at creation."""
        draft = self.env["joint.meeting.topic"].search([("state", "=", "draft")], limit=1)
        user = self._unit_user(draft)
        with Form(self.env["joint.meeting.topic"].with_user(user)) as form:
            form.name = "新议题"
            form.organization_id = draft.organization_id
            form.meeting_id = draft.meeting_id
            form.category = draft.category
            form.background = "背景"
            with self.assertRaises(AssertionError):
                form.sequence = 3
        topic = form.save()
        self.assertEqual((topic.state, topic.name), ("draft", "新议题"))
