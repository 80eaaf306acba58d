"""Bad input over JSON-RPC: a clear, translated refusal and nothing changed.

``MODELS`` is the corpus' one line per model: the record to write on and the
role that may write it. Generic cases are derived from the model's own
fields (a text field gets oversized text and markup, a date field 1900 and
2200, a many-to-one a record that does not exist or one of another
district); ``CASES`` adds the model-specific ones (actions in the wrong
state or on several records, arguments of the wrong type, HTML that only
looks filled, private methods).
"""

from odoo.tests import tagged

from .test_access_matrix import REFUSALS, AccessMatrixFixtures

# model: (subject, role that writes it)
MODELS = {
    "joint.meeting": ("meeting_collecting", "off"),
    "joint.meeting.topic": ("topic_draft", "org"),
    "joint.meeting.consultation": ("consultation_to_send", "off"),
    "joint.meeting.minutes": ("minutes_draft", "off"),
    "joint.meeting.attendance": ("attendance_open", "off"),
    "joint.meeting.resolution": ("matter_draft", "off"),
    "joint.meeting.followup": ("followup_submitted", "dept"),
    "joint.meeting.bulletin": ("bulletin_draft", "sup"),
    "joint.meeting.assessment": ("assessment_draft", "sup"),
}
# Who creates a record of the model when it is not the office.
CREATORS = {
    "joint.meeting.followup": "dept",
    "joint.meeting.assessment": "sup",
    "joint.meeting.bulletin": "sup",
}

NOT_FOUND = 987654321
EMPTY_HTML = ["<p> </p>", "<p>&nbsp;</p>", "<p><br></p>", " ", "<p>\u3000</p>"]

# (subject, role, method, args) - every one must be refused
CASES = [
    ("topic_draft", "org", "action_return", [12]),
    ("topic_submitted", "lead", "action_return", [12]),
    ("topic_submitted", "lead", "action_return", [{"a": 1}]),
    ("topic_submitted", "lead", "action_return", ["<script>alert(1)</script>"]),
    ("topic_submitted", "lead", "action_accept", [["not", "a", "text"]]),
    ("topic_submitted", "off", "action_grant_late_exception", [None]),
    ("topic_submitted", "off", "action_grant_late_exception", ["x" * 30000]),
    ("topic_draft", "org", "action_accept", []),  # wrong state and wrong role
    ("topic_submitted", "org", "action_submit", []),  # wrong state
    ("minutes_review", "lead", "action_return", [3.5]),
    ("minutes_review", "off", "action_request_approval", [7]),
    ("minutes_draft", "off", "action_issue", []),  # wrong state
    ("minutes_issued", "off", "action_issue", []),  # only once
    ("followup_submitted", "sup", "action_accept", ["excellent"]),
    ("followup_submitted", "sup", "action_accept", [5, "ok"]),
    ("followup_submitted", "sup", "action_accept", []),
    ("followup_submitted", "sup", "action_return", [False]),
    ("followup_accepted", "sup", "action_return", ["again"]),  # wrong state
    ("consultation_waiting", "dept", "action_reply", []),
    ("consultation_waiting", "dept", "action_reply", ["maybe", "<p>同意</p>"]),
    ("consultation_waiting", "dept", "action_reply", ["agree", 12]),
    ("consultation_replied", "off", "action_reply", ["agree", "<p>再次</p>"]),
    ("matter_open", "sup", "action_close_done", []),  # no accepted completion report
    ("matter_open", "dept", "action_start", []),  # already in progress
    ("meeting_collecting", "off", "action_close", []),  # wrong state
    ("meeting_collecting", "off", "_refresh_implementation_report", []),
    ("topic_draft", "off", "write", [{"category": "implementation_report"}]),
    ("meeting_collecting", "off", "_cron_reminders", []),
    ("matter_open", "sup", "_reopen", ["x"]),
    ("bulletin_issued", "sup", "action_issue", []),  # only once
    ("bulletin_issued", "sup", "action_compile", []),  # issued: locked
    ("bulletin_draft", "sup", "_issue", ["2026-05-01"]),
    ("bulletin_draft", "sup", "_compile", []),
    ("bulletin_draft", "sup", "_cron_draft_bulletins", []),
    ("bulletin_draft", "sup", "write", [{"period_type": "quarterly"}]),
    ("bulletin_line", "sup", "write", [{"verdict": "excellent"}]),
] + [("consultation_waiting", "dept", "action_reply", ["agree", empty]) for empty in EMPTY_HTML]

# Single-record steps called on two records.
SINGLETONS = [
    ("meeting_collecting", "meeting_draft", "off", "action_cancel"),
    ("meeting_collecting", "meeting_draft", "off", "action_view_topics"),
    ("topic_draft", "topic_returned", "org", "action_open_submit"),
    ("minutes_draft", "minutes_review", "off", "action_request_approval_button"),
    ("consultation_waiting", "consultation_to_send", "off", "action_open_reply"),
    ("matter_open", "matter_unstarted", "dept", "action_report_progress"),
    ("minutes_issued", "minutes_approved", "off", "action_new_revision"),
    ("bulletin_draft", "bulletin_issued", "sup", "action_issue"),
    ("bulletin_draft", "bulletin_issued", "sup", "action_compile"),
]


@tagged("post_install", "-at_install")
class TestBadInput(AccessMatrixFixtures):
    def _refused(self, role, model, method, args, what):
        self.env.flush_all()
        savepoint = self.env.cr.savepoint(flush=True)
        before = self.table_hash(model)
        outcome, name, message = self.call_kw(model, method, args, context=self._context(role))
        after = self.table_hash(model)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        problem = None
        if outcome == "ok":
            problem = "accepted"
        elif name not in REFUSALS:
            problem = f"{name}: {message}"
        elif before != after:
            problem = "refused but the table changed"
        return f"{what} as {role}: {problem}" if problem else None

    def _generic_values(self, record):
        """Bad values for the fields of ``record`` a client may send."""
        other_org = self.org_other.id
        for name, field in record._fields.items():
            if not field.store or field.compute or field.related or field.readonly:
                continue
            if name not in record._write_declared_fields() or name.startswith(
                ("message_", "activity_")
            ):
                continue
            if field.type in ("char", "text"):
                yield name, "x" * 30000, "oversized text"
                yield name, "<script>alert('x')</script>", "markup in plain text"
            elif field.type == "html":
                yield name, "<p>" + "x" * 1000001 + "</p>", "oversized html"
            elif field.type == "date":
                yield name, "1900-01-01", "a date in 1900"
                yield name, "2200-01-01", "a date in 2200"
            elif field.type == "datetime":
                yield name, "1900-01-01 08:00:00", "a date in 1900"
                yield name, "2200-01-01 08:00:00", "a date in 2200"
            elif field.type == "many2one" and field.comodel_name.startswith("joint.meeting"):
                yield name, NOT_FOUND, "a record that does not exist"
                if field.comodel_name == "joint.meeting.organization":
                    yield name, other_org, "an organisation of another district"

    def test_generic_bad_values_on_every_model(self):
        failures = []
        for model, (subject, role) in MODELS.items():
            self._login(role)
            record = self.subjects[subject]
            bad = list(self._generic_values(record))
            for name, value, what in bad:
                label = f"{model}.{name}: {what}"
                failures.append(
                    self._refused(role, model, "write", [record.ids, {name: value}], label)
                )
            text = next(
                n
                for n, f in record._fields.items()
                if f.type in ("char", "text") and f.store and not f.compute and not f.related
            )
            failures.append(
                self._refused(
                    role, model, "write", [[NOT_FOUND], {text: "x"}], f"{model}: missing id"
                )
            )
            # The same values in a record that is otherwise valid to create.
            creator = CREATORS.get(model, "off")
            self._login(creator)
            savepoint = self.env.cr.savepoint(flush=True)
            valid = self.call_kw(
                model, "create", [self._create_vals(model)], context=self._context(creator)
            )
            savepoint.close(rollback=True)
            self.env.invalidate_all()
            self.assertEqual(valid[0], "ok", f"{model}: the valid values must be accepted {valid}")
            for name, value, what in bad:
                vals = {**self._create_vals(model), name: value}
                label = f"create {model}.{name}: {what}"
                failures.append(self._refused(creator, model, "create", [vals], label))
        self.assertFalse([f for f in failures if f], "\n".join(f for f in failures if f))

    def test_html_is_sanitised(self):
        """HTML fields keep the text and lose the script."""
        self._login("off")
        minutes = self.subjects["minutes_draft"]
        outcome, _result, _msg = self.call_kw(
            minutes._name,
            "write",
            [minutes.ids, {"body": "<p>正文</p><script>alert('x')</script>"}],
            context=self._context("off"),
        )
        self.assertEqual(outcome, "ok")
        self.env.invalidate_all()
        self.assertIn("正文", minutes.body)
        self.assertNotIn("script", minutes.body)

    def test_wrong_arguments_states_and_private_methods(self):
        failures = []
        for subject, role, method, args in CASES:
            self._login(role)
            record = self.subjects[subject]
            what = f"{record._name}.{method}{tuple(args)!r:.60}"
            failures.append(self._refused(role, record._name, method, [record.ids, *args], what))
        self.assertFalse([f for f in failures if f], "\n".join(f for f in failures if f))

    def test_single_record_steps_on_two_records(self):
        failures = []
        for first, second, role, method in SINGLETONS:
            self._login(role)
            records = self.subjects[first] | self.subjects[second]
            outcome, name, message = self.call_kw(
                records._name, method, [records.ids], context=self._context(role)
            )
            if outcome == "ok" or name not in REFUSALS or "Expected singleton" in (message or ""):
                failures.append(f"{records._name}.{method} on two records: {name} {message}")
        self.assertFalse(failures, "\n".join(failures))

    def test_other_district_records(self):
        """Records of another district: refused as if they did not exist."""
        failures = []
        self._login("other")
        for subject, method in (
            ("topic_submitted", "action_grant_late_exception"),
            ("meeting_collecting", "action_reset_draft"),
            ("minutes_approved", "action_issue"),
            ("consultation_waiting", "action_send"),
        ):
            record = self.subjects[subject]
            args = [record.ids, "理由"] if method == "action_grant_late_exception" else [record.ids]
            failures.append(self._refused("other", record._name, method, args, method))
        self.assertFalse([f for f in failures if f], "\n".join(f for f in failures if f))
