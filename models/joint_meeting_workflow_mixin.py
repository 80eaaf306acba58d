import functools
import re
from dataclasses import dataclass
from datetime import date, datetime

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from .joint_meeting_step import all_steps, waiting_lines

# The context key under which a model's own transitions write its workflow
# fields. Its value must be a ``_WorkflowToken``: an object that only this
# module's server code builds. Whatever a client sends over JSON-RPC or
# XML-RPC (strings, numbers, lists, dicts) is never one, so no context a
# client can send unlocks anything.
WORKFLOW_KEY = "joint_meeting_workflow"

# Plausible dates for a district's records: a date outside is a typing error.
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
# Sizes past which a text is not a civil servant's input.
MAX_SIZES = {"char": 500, "text": 20000, "html": 1000000}
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def check_text_value(env, field, label, value):
    """A text field gets a string of a civil servant's size, without markup
    unless it is HTML (whatever a client sends: lists and dictionaries too)."""
    if not isinstance(value, str):
        raise ValidationError(
            env._(
                "%(field)s is a text: send a string, not a list, a number or a dictionary.",
                field=label,
            )
        )
    if len(value) > MAX_SIZES[field.type]:
        raise ValidationError(
            env._(
                "%(field)s is too long (%(size)s characters, at most %(max)s).",
                field=label,
                size=len(value),
                max=MAX_SIZES[field.type],
            )
        )
    if field.type != "html" and MARKUP.search(value):
        raise ValidationError(
            env._("%(field)s is plain text: remove the HTML tags from it.", field=label)
        )


def check_text_values(records, vals):
    """``check_text_value`` on the text fields of ``vals`` (models outside the
    workflow mixin: organisations)."""
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is not None and field.type in MAX_SIZES and value not in (False, None):
            check_text_value(records.env, field, field._description_string(records.env), value)


class _WorkflowToken(str):
    """The name of the model whose transition is writing. A ``str`` so that
    any code that serialises a context still can; never equal to anything a
    client sends because the guard checks the type, not the text."""

    __slots__ = ()


# The roles of the write declarations: the module's groups. The module's
# administrator (and Odoo's, who is one) has the government office's rights.
ROLE_GROUPS = {
    "org": "joint_meeting.group_joint_meeting_org_user",
    "dept": "joint_meeting.group_joint_meeting_department",
    "sup": "joint_meeting.group_joint_meeting_supervisor",
    "off": "joint_meeting.group_joint_meeting_office",
    "lead": "joint_meeting.group_joint_meeting_leader",
    "adm": "joint_meeting.group_joint_meeting_admin",
}
# Odoo skips the ``@api.ondelete(at_uninstall=False)`` hooks under this key,
# which any client can send: only a module's real uninstallation (the system
# user) keeps it.
UNINSTALL_KEY = "_force_unlink"
# The context a deletion is checked with: nothing else a client sends counts.
CHECKED_CONTEXT_KEYS = ("lang", "tz", "allowed_company_ids", WORKFLOW_KEY)


def _merge(into, value):
    """Merge the declaration ``value`` into ``into``: the field names of the
    same states and role are joined."""
    for key, names in value.items():
        if isinstance(names, dict):
            _merge(into.setdefault(key, {}), names)
        else:
            into[key] = f"{into[key]} {names}" if key in into else names
    return into


def declared(model_class, attribute):
    """The write declaration ``attribute`` (``_write_allow``, ``_create_allow``
    or ``_write_by_steps``) of a model, as its own classes and its mixins make
    it, merged: a mixin that brings fields to a model declares who writes them
    next to them. The model's own declarations come first."""
    parts = [
        klass.__dict__[attribute] for klass in model_class.__mro__ if klass.__dict__.get(attribute)
    ]
    if attribute == "_write_by_steps":
        return " ".join(parts)
    merged = {}
    for part in parts:
        _merge(merged, part)
    return merged


# Who acts on a step of a role (``Step.role``): the holders of that role.
STEP_ROLES = {"office": "off", "leader": "lead", "supervisor": "sup"}


@dataclass(frozen=True)
class ActionRule:
    """Who may use an action method on which records (``jm_action``)."""

    states: frozenset | None
    roles: tuple | None
    steps: tuple
    when: str | None

    @property
    def open_to_readers(self):
        """True for navigation and printing: every reader of the record."""
        return self.states is None and self.roles is None and not self.steps and not self.when


def jm_action(states=None, roles=None, steps="", when=None):
    """Declare next to an action method who may use it on which records; the
    method checks it on every call and the forms show its buttons only to
    those users, on those records (``jm_actions``): the server refuses
    exactly what a form hides.

    - ``states``: the states (separated by spaces) of ``_jm_action_state``;
    - ``steps``: names of ``Step`` declarations (models/joint_meeting_step.py,
      ``_joint_meeting_steps``) of this model or of a model whose document it
      is: the record must be at one of them, and who acts on the step may use
      the action: the members of the units it awaits on the record (a unit's
      step), the holders of its role (office, leadership, supervision office);
    - ``roles``: roles of ``ROLE_GROUPS`` (separated by spaces) that may use it
      too; ``role@path`` for the members of the record's units at ``path``,
      as in ``_write_allow``. With ``steps``, only while the record is at one;
    - ``when``: a method of the record returning why the action is not open
      to the user now ("" when it is): the user's part is done, the period is
      over, something awaited is missing.

    A refused call raises a UserError saying why (``_jm_action_reasons``): who
    takes the step, or what the record awaits now.

    Without any of them every reader of the record may use it (navigation,
    printing). The system user (data files, scheduled actions) and ``sudo()``
    are not checked, as the models' own checks never were.
    """
    rule = ActionRule(
        states=frozenset(states.split()) if states is not None else None,
        roles=(
            tuple(tuple(token.partition("@")[::2]) for token in roles.split())
            if roles is not None
            else None
        ),
        steps=tuple(steps.split()),
        when=when,
    )

    def decorate(method):
        name = method.__name__

        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            self._jm_action_check(name)
            return method(self, *args, **kwargs)

        checked._jm_action = rule
        return checked

    return decorate


class JointMeetingWorkflowMixin(models.AbstractModel):
    """One guard for every joint-meeting record.

    - ``_write_allow``: who may write what, declared next to the fields::

          _write_allow = {
              "draft": {"off": "name date", "org@organization_id": "name"},
              "*": {"off": "color"},
          }

      Keys are states (several separated by spaces, ``*`` for every state) of
      ``_write_allow_state`` (a field or a dotted path); values map a role of
      ``ROLE_GROUPS`` to the fields it may write in that state. A role
      ``role@path`` counts only for members of the organisations that
      ``path`` gives on the record (the reporting unit, the lead unit, ...).
      ``_create_allow`` names, per role, the fields given only at creation
      (links to other records, fixed once set); a creation may also give the
      fields declared for the state the record starts in.
      A mixin that brings fields to a model declares them next to them, in
      the same attributes: the model's declarations are merged over its
      classes (``declared``).
      Everything not declared is written only by the model's own steps, after
      their checks, through ``_workflow_write`` / ``_workflow_create``:
      states, numbers, reviewers, dates, stored computed figures, links once
      set. Nobody else writes them, Odoo's administrator included; no context
      key unlocks them.
    - ``_workflow_locked()``: the records that are read-only for everyone
      (issued minutes, replied consultations, ...). Only their chatter,
      followers and activities change, and they can be archived. Their
      deletion is refused in ``unlink()`` itself, whatever the context.
    - every create/write checks what any client might send: records that
      exist, dates in a plausible range, plain text without markup, sizes,
      attachments that the user may read.

    Data files (demo) and the system user load records as they are.
    """

    _name = "joint.meeting.workflow.mixin"
    _description = "Joint Meeting Workflow Guard"

    _write_allow = {}
    _write_allow_state = "state"
    _create_allow = {}
    # The stored fields that only the model's steps write (states, numbers,
    # reviewers, dates, links once set): named so that a new field is a
    # decision (the walker test fails on a field declared nowhere).
    _write_by_steps = ""
    # Warnings before premature steps: ``{step method: (roles, warning method)}``.
    # The warning method returns the facts (how many replies are missing, by
    # when) when the step would be premature on the record, else "". The forms
    # show them to the roles that take the step, above the step's button.
    _step_warnings = {}
    # Fields still writable on a locked record (besides chatter and activities).
    _workflow_locked_writable = frozenset({"active"})

    # ------------------------------------------------------------------
    # Authorisation
    # ------------------------------------------------------------------
    def _workflow_transition(self):
        """True inside one of the model's own transitions."""
        token = self.env.context.get(WORKFLOW_KEY)
        return isinstance(token, _WorkflowToken) and token == self._name

    def _workflow_authorised(self):
        """Who writes undeclared fields: the model's transitions, and the system
        user (data files, scheduled actions), which no client can log in as."""
        return self._workflow_transition() or (self.env.su and self.env.uid == SUPERUSER_ID)

    def _workflow_unlocked(self):
        """Who changes a locked record: the model's transitions, and the data
        files while a module is being installed (no client reaches a registry
        that is not ready). Nobody else, the system user included."""
        return self._workflow_transition() or not self.env.registry.ready

    def _workflow_env(self):
        return self.sudo().with_context(**{WORKFLOW_KEY: _WorkflowToken(self._name)})

    def _workflow_checked(self):
        """The same user, for a model's ``create`` that has checked the client's
        values itself before completing them (a reference drawn from a
        sequence). Never returned to the caller."""
        return self.with_context(**{WORKFLOW_KEY: _WorkflowToken(self._name)})

    def _workflow_write(self, vals):
        """Write undeclared fields: for the model's own transitions only, on
        records that the acting user may read (a transition never reaches
        another district's records)."""
        self.check_access("read")
        return self._workflow_env().write(vals)

    @api.model
    def _workflow_create(self, vals_list):
        """Create records with undeclared fields: for the model's own code only."""
        return self._workflow_env().create(vals_list)

    def _workflow_locked(self):
        """The records of ``self`` that are read-only for everyone."""
        return self.browse()

    @api.model
    def _workflow_free_fields(self):
        """Chatter, followers and activities: they live on locked records too."""
        free = set(self._workflow_locked_writable)
        for mixin in ("mail.thread", "mail.activity.mixin"):
            if mixin in self.env:
                free.update(self.env[mixin]._fields)
        return free

    # ------------------------------------------------------------------
    # The declarations
    # ------------------------------------------------------------------
    @api.model
    def _write_declaration(self, attribute):
        """``_write_allow``, ``_create_allow`` or ``_write_by_steps`` of this
        model, merged over its classes (``declared``)."""
        return declared(type(self), attribute)

    @api.model
    def _write_allow_rows(self):
        """The declarations as rows ``(states, role, path, fields)``; ``states``
        is None for every state."""
        rows = []
        for states, grants in self._write_declaration("_write_allow").items():
            for role_key, names in grants.items():
                role, _sep, path = role_key.partition("@")
                rows.append(
                    (None if states == "*" else frozenset(states.split()), role, path, names)
                )
        return rows

    @api.model
    def _write_declared_fields(self):
        """Every field that some role may write in some state or at creation."""
        names = {name for *_key, names in self._write_allow_rows() for name in names.split()}
        names.update(
            name
            for names in self._write_declaration("_create_allow").values()
            for name in names.split()
        )
        return names

    @api.model
    def _write_roles(self):
        user = self.env.user
        return {role for role, xmlid in ROLE_GROUPS.items() if user.has_group(xmlid)}

    def _write_state(self):
        """The state of this record (or new record) that the declarations use."""
        value = self.sudo()
        for name in self._write_allow_state.split("."):
            if name not in value._fields:
                return "*"
            value = value[name]
        return value or "*"

    def _write_allowed_fields(self, roles=None, rows=None, extra=None, scoped=True):
        """The fields that the current user may write on this one record
        (``scoped=False`` at creation: the model's create checks the unit)."""
        roles = self._write_roles() if roles is None else roles
        state = self._write_state()
        mine = self.env.user.joint_meeting_organization_ids
        allowed = set()
        for states, role, path, names in (rows or self._write_allow_rows()) + (extra or []):
            if role not in roles or (states is not None and state not in states):
                continue
            if scoped and path and not (self.sudo().mapped(path) & mine):
                continue
            allowed.update(names.split())
        return allowed

    def _write_check_allowed(self, names):
        """Refuse ``names`` unless declared writable by the user on every record."""
        names = set(names) - self._workflow_free_fields()
        if not names:
            return
        roles, rows = self._write_roles(), self._write_allow_rows()
        for record in self:
            refused = names - record._write_allowed_fields(roles, rows)
            if refused:
                record._workflow_refuse(refused)

    @api.model
    def _write_same_value(self, name, value, default):
        """``value`` as a client sends it (a date as a string) is the default."""
        field = self._fields[name]
        if field.type in ("date", "datetime", "float", "monetary", "integer", "boolean"):
            try:
                return field.convert_to_cache(value, self) == field.convert_to_cache(default, self)
            except (ValueError, TypeError):
                return False
        return value == default

    @api.model
    def _create_check_allowed(self, vals):
        """A creation gives the fields declared for the state the record starts
        in, and the links of ``_create_allow``; values that only repeat their
        default (a form sends every field it shows) are no writes."""
        given = set(vals) - self._workflow_free_fields()
        if not given:
            return
        defaults = self.default_get(list(given))
        given = {
            name
            for name in given
            if (
                not self._write_same_value(name, vals[name], defaults[name])
                if name in defaults
                else bool(vals[name])
            )
        }
        if not given:
            return
        # The state the record starts in: given, or its default.
        root = self._write_allow_state.split(".")[0]
        if root in self._fields and root not in vals:
            defaults.update(self.default_get([root]))
        record = self.new({**defaults, **vals})
        extra = [
            (None, role, path, names)
            for role_key, names in self._write_declaration("_create_allow").items()
            for role, _sep, path in [role_key.partition("@")]
        ]
        refused = given - record._write_allowed_fields(extra=extra, scoped=False)
        if refused:
            self._workflow_refuse(refused)

    # ------------------------------------------------------------------
    # The forms read the declarations
    # ------------------------------------------------------------------
    jm_write_fields = fields.Char(
        string="Fields You May Write",
        compute="_compute_jm_write_fields",
        help="The fields that you may write on this record in its state, from the model's "
        "declarations (the forms show every other field read-only).",
    )

    jm_actions = fields.Char(
        string="Steps You May Take",
        compute="_compute_jm_actions",
        help="The steps that you may take on this record now, as their declarations say: the "
        "forms show only their buttons.",
    )

    jm_warning = fields.Text(
        string="Before Your Next Step",
        compute="_compute_jm_warning",
        help="What makes a step premature on this record now, for the roles that take it.",
    )

    @api.depends_context("uid")
    def _compute_jm_warning(self):
        roles = self._write_roles() if self._step_warnings else set()
        steps = [
            method
            for _step, (step_roles, method) in self._step_warnings.items()
            if roles & set(step_roles.split())
        ]
        for record in self:
            texts = [getattr(record, method)() for method in steps] if record._origin else []
            record.jm_warning = "\n".join(text for text in texts if text)

    @api.model
    def _jm_write_fields_depends(self):
        """The fields the writable set depends on: the state and the units."""
        paths = {self._write_allow_state}
        paths.update(path for _states, _role, path, _names in self._write_allow_rows() if path)
        paths.update(
            role_key.partition("@")[2]
            for role_key in self._write_declaration("_create_allow")
            if "@" in role_key
        )
        return [path for path in paths if path.split(".")[0] in self._fields]

    @api.depends(lambda self: self._jm_write_fields_depends())
    @api.depends_context("uid")
    def _compute_jm_write_fields(self):
        roles, rows = self._write_roles(), self._write_allow_rows()
        create_rows = [
            (None, role, path, names)
            for role_key, names in self._write_declaration("_create_allow").items()
            for role, _sep, path in [role_key.partition("@")]
        ]
        locked = self._workflow_locked()
        for record in self:
            if record in locked:
                names = set()
            elif record._origin:
                names = record._write_allowed_fields(roles, rows)
            else:
                names = record._write_allowed_fields(roles, rows, extra=create_rows, scoped=False)
            # Spaces around every name: the views test `' name ' in jm_write_fields`.
            record.jm_write_fields = " %s " % " ".join(sorted(names))

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Every field of a form is read-only unless the declarations let the
        user write it on the record in its state (``jm_write_fields``): the
        form offers what the data layer accepts, nothing more."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._jm_form_rights(arch)
        return arch, view

    @api.model
    def _jm_form_rights(self, arch):
        free = self._workflow_free_fields() | {"jm_write_fields", "jm_warning", "jm_actions"}
        rules = self._jm_action_rules()

        def walk(node):
            for child in node:
                if child.tag == "button" and child.get("type") == "object":
                    # The button of an action: shown to the users who may use
                    # it on the record now (``jm_actions``), within the view's
                    # own condition.
                    name = child.get("name")
                    invisible = (child.get("invisible") or "").strip()
                    if name in rules and invisible not in ("1", "True", "true"):
                        rule = f"' {name} ' not in (jm_actions or '')"
                        if invisible and invisible not in ("0", "False", "false"):
                            rule = f"({invisible}) or {rule}"
                        child.set("invisible", rule)
                if child.tag != "field":
                    walk(child)
                    continue
                # A field's own children are the views of its records (another
                # model): they are not walked.
                name = child.get("name")
                if name not in self._fields or name in free:
                    continue
                rule = f"' {name} ' not in (jm_write_fields or '')"
                readonly = (child.get("readonly") or "").strip()
                if readonly in ("1", "True", "true"):
                    continue
                if readonly and readonly not in ("0", "False", "false"):
                    rule = f"({readonly}) or {rule}"
                child.set("readonly", rule)

        walk(arch)
        sheet = arch.find(".//sheet")
        holder = sheet if sheet is not None else arch
        for name in ("jm_write_fields", "jm_actions"):
            if not arch.xpath(f"./descendant::field[@name='{name}']"):
                holder.insert(0, holder.makeelement("field", {"name": name, "invisible": "1"}))
        self._jm_header_main_first(arch)
        if self._step_warnings and not arch.xpath(
            "./descendant::div[contains(@class, 'o_jm_step_warning')]"
        ):
            # The facts that make a step premature, above the fields.
            alert = holder.makeelement(
                "div",
                {
                    "class": "alert alert-warning mb-2 o_jm_step_warning",
                    "role": "alert",
                    "invisible": "not jm_warning",
                },
            )
            alert.append(alert.makeelement("field", {"name": "jm_warning", "nolabel": "1"}))
            holder.insert(0, alert)

    @api.model
    def _jm_header_main_first(self, arch):
        """The highlighted buttons (``btn-primary``: the main action of each
        step) first in the form's header. On a phone Odoo shows the first
        visible button of the header and folds the others into a menu
        (web/static/src/views/form/status_bar_buttons/): as each user sees
        only the buttons of their own steps, the first is their step's main
        action, within reach."""
        header = arch.find("header")
        if header is None:
            return
        children = list(header)
        buttons = [child for child in children if child.tag == "button"]
        main = [b for b in buttons if "btn-primary" in (b.get("class") or "").split()]
        ordered = main + [b for b in buttons if b not in main]
        if ordered == buttons:
            return
        queue = iter(ordered)
        for child in children:
            header.remove(child)
        header.extend(next(queue) if child.tag == "button" else child for child in children)

    # ------------------------------------------------------------------
    # The actions: who may use which button (``jm_action``)
    # ------------------------------------------------------------------
    _jm_action_state = "state"

    @api.model
    def _jm_action_rules(self):
        """{method name: ActionRule} of the model's declared action methods
        (a method overridden without the decorator keeps its declaration)."""
        cls = type(self)
        rules = cls.__dict__.get("_jm_action_rules_cache")
        if rules is None:
            rules = {}
            for klass in reversed(cls.__mro__):
                for name, member in vars(klass).items():
                    rule = getattr(member, "_jm_action", None)
                    if isinstance(rule, ActionRule):
                        rules[name] = rule
            cls._jm_action_rules_cache = rules
        return rules

    @api.model
    def _jm_action_steps(self):
        """{name: Step} of the steps that the declarations name."""
        cls = type(self)
        steps = cls.__dict__.get("_jm_action_steps_cache")
        if steps is None:
            names = {name for rule in self._jm_action_rules().values() for name in rule.steps}
            steps = {step.name: step for step in all_steps(self.env) if step.name in names}
            missing = names - set(steps)
            if missing:
                raise ValueError(f"{self._name}: no step named {', '.join(sorted(missing))}")
            cls._jm_action_steps_cache = steps
        return steps

    def _jm_action_state_value(self):
        """(value, label) of the state that the declarations of actions read."""
        value, field = self.sudo(), None
        for name in self._jm_action_state.split("."):
            field = value._fields[name]
            value = value[name]
        label = dict(field._description_selection(self.env)).get(value, value or "")
        return value, label

    def _jm_action_reasons(self, names):
        """{(record, name): why the user may not use the action ``name`` on the
        record now, "" when they may}: the declarations of ``jm_action``."""
        rules = self._jm_action_rules()
        steps = self._jm_action_steps()
        roles = self._write_roles()
        mine = self.env.user.joint_meeting_organization_ids
        ids = [record._origin.id for record in self if record._origin.id]
        awaiting = {}
        for name in names:
            for step_name in rules[name].steps:
                if step_name not in awaiting:
                    awaiting[step_name] = steps[step_name].awaiting(self.env, self._name, ids)
        reasons = {}
        for record in self:
            for name in names:
                reasons[record, name] = record._jm_action_reason(
                    rules[name], [steps[s] for s in rules[name].steps], roles, mine, awaiting
                )
        return reasons

    def _jm_action_reason(self, rule, steps, roles, mine, awaiting):
        if rule.open_to_readers:
            return ""
        env = self.env
        record_id = self._origin.id
        if not record_id:
            return env._("Save the record first: its steps are taken on a saved record.")
        held = [(role, path) for role, path in rule.roles or () if role in roles]
        step_actors = [
            step
            for step in steps
            if (step.role == "organization" and mine) or STEP_ROLES.get(step.role) in roles
        ]
        if (rule.roles is not None or steps) and not held and not step_actors:
            return self._jm_action_not_yours(steps, rule.roles or (), awaiting)
        state, state_label = self._jm_action_state_value()
        at = [step for step in steps if record_id in awaiting[step.name]]
        if (rule.states is not None and state not in rule.states) or (steps and not at):
            waiting = waiting_lines(self._origin).get(self._origin, "")
            if waiting:
                return env._(
                    "%(record)s (%(state)s) does not await this step now. %(waiting)s",
                    record=self.display_name,
                    state=state_label,
                    waiting=waiting,
                )
            return env._(
                "%(record)s is at the state %(state)s: this step is not taken now (it is "
                "done, or its turn has not come).",
                record=self.display_name,
                state=state_label,
            )
        allowed = (rule.roles is None and not steps) or any(
            (step.role == "organization" and set(mine.ids) & awaiting[step.name][record_id])
            or STEP_ROLES.get(step.role) in roles
            for step in at
        )
        allowed = allowed or any(
            not path or (self.sudo().mapped(path) & mine) for _role, path in held
        )
        if not allowed:
            return self._jm_action_not_yours(at, rule.roles or (), awaiting)
        return getattr(self, rule.when)() if rule.when else ""

    def _jm_action_not_yours(self, steps, roles, awaiting):
        """The refusal of a step that the user's roles and units have no part
        in on this record now: who takes it."""
        env = self.env
        labels = {
            "org": env._("the mass organisation concerned"),
            "dept": env._("the department concerned"),
            "sup": env._("the target supervision office"),
            "off": env._("the government office"),
            "lead": env._("the district government's leadership"),
            "adm": env._("the administrator"),
        }
        Unit = env["joint.meeting.organization"]
        who = []
        for step in steps:
            if step.role in STEP_ROLES:
                who.append(labels[STEP_ROLES[step.role]])
                continue
            units = Unit.browse(
                [unit for unit in awaiting[step.name].get(self._origin.id, ()) if unit]
            )
            who += units.sudo().mapped("display_name") or [env._("the units concerned")]
        for role, path in roles:
            units = self.sudo().mapped(path) if path else Unit
            who += units.mapped("display_name") or [labels[role]]
        return env._(
            "%(record)s: under the joint meeting rules this step is now taken by %(who)s; "
            "your role or unit has no part in it now, or has done it. The form shows you "
            "the buttons of your own steps only.",
            record=self.display_name,
            who="、".join(dict.fromkeys(who)),
        )

    def _jm_action_check(self, name):
        """Refuse the action ``name`` unless its declaration lets the user use
        it on every record of ``self`` (called by ``jm_action``)."""
        if self.env.su or not self:
            return
        # A step is taken on a record the user may read (its values, read
        # below as the system, are never a way around that).
        self.check_access("read")
        reasons = self._jm_action_reasons([name])
        for record in self:
            if reasons[record, name]:
                raise UserError(reasons[record, name])

    @api.model
    def _jm_actions_depends(self):
        root = self._jm_action_state.split(".")[0]
        return [self._jm_action_state] if root in self._fields else []

    @api.depends(lambda self: self._jm_actions_depends())
    @api.depends_context("uid")
    def _compute_jm_actions(self):
        rules = self._jm_action_rules()
        # As the user, whatever env computes it: the method checks as the user.
        reasons = self.sudo(False)._jm_action_reasons(list(rules)) if rules else {}
        for record in self:
            names = sorted(name for name in rules if not reasons[record, name])
            # Spaces around every name: the views test `' name ' in jm_actions`.
            record.jm_actions = " %s " % " ".join(names)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
        if not self._workflow_authorised():
            defaults = {
                key[8:]: value
                for key, value in self.env.context.items()
                if key.startswith("default_") and key[8:] in self._fields
            }
            for vals in vals_list:
                self._create_check_allowed({**defaults, **vals})
        for vals in vals_list:
            self._workflow_check_input(vals)
        records = super().create(vals_list)
        if not self._workflow_unlocked() and records._workflow_locked():
            raise UserError(
                self.env._("This record would be locked from its creation; it cannot be added.")
            )
        return records

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        if not self._workflow_unlocked() and set(vals) - self._workflow_free_fields():
            locked = self._workflow_locked()
            if locked:
                raise UserError(locked[:1]._workflow_locked_message())
        if not self._workflow_authorised():
            self._write_check_allowed(vals)
        self._workflow_check_input(vals)
        return super().write(vals)

    def unlink(self):
        """The deletion locks are checked here, with the context cleared of
        everything a client may send: ``_force_unlink`` (which makes Odoo skip
        the ``@api.ondelete(at_uninstall=False)`` hooks), ``install_mode``,
        ``module``, ``active_test``, ``tracking_disable``, ... Only a module's
        real uninstallation (the system user) skips them."""
        uninstalling = self.env.context.get(UNINSTALL_KEY) and (
            self.env.su and self.env.uid == SUPERUSER_ID
        )
        if not self or uninstalling:
            return super().unlink()
        context = {k: v for k, v in self.env.context.items() if k in CHECKED_CONTEXT_KEYS}
        checked = self.with_env(self.env(context=context))
        checked._workflow_check_unlink()
        return super(JointMeetingWorkflowMixin, checked).unlink()

    def _check_access(self, operation):
        """Odoo's refusal, in the plain words of the joint meeting rules: which
        records, which operation, what to do instead (never Odoo's generic
        "top-secret records" text)."""
        result = super()._check_access(operation)
        if result is None or self.env.su:
            return result
        forbidden, _generic = result
        return forbidden, functools.partial(forbidden._jm_access_error, operation)

    def _jm_access_error(self, operation):
        env = self.env(context=self.env.user.context_get())
        operations = {
            "read": env._("read"),
            "write": env._("change"),
            "create": env._("create"),
            "unlink": env._("delete"),
        }
        return AccessError(
            env._(
                "Your role or unit may not %(operation)s this %(model)s. Under the joint "
                "meeting rules each record is handled by the unit or office that the rules "
                "name for its step: use the buttons of your own steps, or ask the district "
                "government office (the joint meeting office) to act.",
                operation=operations.get(operation, operation),
                model=self.with_env(env)._description_translated(),
            )
        )

    def _workflow_check_unlink(self):
        """The deletion locks, checked by ``unlink()`` whatever the client's
        context said: locked records here; a model adds its own rules by
        extending this method (calling ``super()``). Models of this mixin
        declare no ``@api.ondelete(at_uninstall=False)`` hook: Odoo skips
        those under ``_force_unlink``, a key any client may send."""
        locked = self._workflow_locked()
        if locked and not self._workflow_unlocked():
            raise UserError(locked[:1]._workflow_locked_message())

    def _workflow_locked_message(self):
        return self.env._(
            "%(record)s is an official record and is read-only; archive it or use its "
            "correction step instead.",
            record=self.display_name,
        )

    def _workflow_refuse(self, field_names):
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in field_names)
        )
        raise UserError(
            self.env._(
                "%(fields)s of %(model)s: your role may not write them in this state. They "
                "change only through the workflow's buttons, after their checks; use the "
                "button of the step instead.",
                fields=labels,
                model=self._description_translated(),
            )
        )

    def _description_translated(self):
        return self.env["ir.model"]._get(self._name).name or self._description

    # ------------------------------------------------------------------
    # Input checks (any client)
    # ------------------------------------------------------------------
    def _workflow_check_input(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is False or value is None:
                continue
            label = field._description_string(self.env)
            if (
                field.type == "many2one"
                and not self.env.su
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                if not self.env[field.comodel_name].browse(value).sudo().exists():
                    raise ValidationError(
                        self.env._(
                            "%(field)s: the record %(id)s does not exist.", field=label, id=value
                        )
                    )
            elif field.type in ("date", "datetime"):
                self._workflow_check_date(field, label, value)
            elif field.type == "selection" and value not in field.get_values(self.env):
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s is not one of its choices.", field=label, value=value
                    )
                )
            elif field.type in ("char", "text", "html"):
                check_text_value(self.env, field, label, value)
            if (
                field.type in ("many2many", "one2many")
                and field.comodel_name == "ir.attachment"
                and not self.env.su
            ):
                self._workflow_check_attachments(field, value)

    def _workflow_check_date(self, field, label, value):
        try:
            if field.type == "date":
                day = fields.Date.to_date(value)
            else:
                day = fields.Datetime.to_datetime(value).date()
        except (ValueError, TypeError) as error:
            raise ValidationError(
                self.env._("%(field)s: %(value)s is not a valid date.", field=label, value=value)
            ) from error
        if isinstance(day, datetime):
            day = day.date()
        if day and not DATE_MIN <= day <= DATE_MAX:
            raise ValidationError(
                self.env._(
                    "%(field)s: %(date)s is outside the plausible range (%(min)s to %(max)s).",
                    field=label,
                    date=self.env["joint.meeting.calendar"]._format_date(day),
                    min=self.env["joint.meeting.calendar"]._format_date(DATE_MIN),
                    max=self.env["joint.meeting.calendar"]._format_date(DATE_MAX),
                )
            )

    def _workflow_check_attachments(self, field, commands):
        """A user links only attachments that they may read."""
        ids = set()
        for command in commands if isinstance(commands, list | tuple) else []:
            if isinstance(command, list | tuple) and command:
                if command[0] == fields.Command.LINK and len(command) > 1:
                    ids.add(command[1])
                elif command[0] == fields.Command.SET and len(command) > 2:
                    ids.update(command[2] or [])
            elif isinstance(command, int):
                ids.add(command)
        attachments = self.env["ir.attachment"].browse(
            [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
        )
        if attachments:
            existing = attachments.sudo().exists()
            if len(existing) != len(attachments):
                raise ValidationError(
                    self.env._("%(field)s: an attachment does not exist.", field=field.string)
                )
            self._jm_check_attachments_readable(attachments)

    @api.model
    def _jm_check_attachments_readable(self, attachments):
        """The user may read every one of ``attachments`` (the search applies
        the attachments' own access rules: the document they belong to, or
        their creator when they belong to none)."""
        if self.env.su or not attachments:
            return
        readable = self.env["ir.attachment"].search([("id", "in", attachments.ids)])
        if len(readable) != len(set(attachments.ids)):
            raise AccessError(self.env._("You may only attach files that you are allowed to read."))

    # ------------------------------------------------------------------
    # Helpers for the public methods
    # ------------------------------------------------------------------
    def _jm_ensure_one(self):
        """``ensure_one`` with a message a user understands; the record must
        be readable by the user."""
        if len(self) != 1:
            raise UserError(
                self.env._("This step is done on one record at a time; select exactly one.")
            )
        self.check_access("read")
        return self

    @api.model
    def _jm_html_empty(self, value):
        """True for HTML that only looks filled: spaces, ``&nbsp;``, ``<br>``,
        empty paragraphs."""
        if not value:
            return True
        text = html2plaintext(value)
        return not text.replace("\xa0", " ").replace("\u3000", " ").replace("*", "").strip()

    @api.model
    def _jm_text_arg(self, value, label, required=True, html=False):
        """A free-form argument of a public method, as a client may send it."""
        if value in (None, False, ""):
            value = ""
        if not isinstance(value, str):
            raise UserError(self.env._("%(label)s must be a text.", label=label))
        empty = self._jm_html_empty(value) if html else not value.strip()
        if required and empty:
            raise UserError(self.env._("%(label)s is required.", label=label))
        limit = MAX_SIZES["html" if html else "text"]
        if len(value) > limit:
            raise UserError(
                self.env._(
                    "%(label)s is too long (%(size)s characters, at most %(max)s).",
                    label=label,
                    size=len(value),
                    max=limit,
                )
            )
        if not html and MARKUP.search(value):
            raise UserError(
                self.env._("%(label)s is plain text: remove the HTML tags from it.", label=label)
            )
        return value if not empty else False
