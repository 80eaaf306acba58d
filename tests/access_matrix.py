"""The access matrix: for every joint-meeting model and every role, what each
operation gives. ``tests/test_access_matrix.py`` walks it through the real
JSON-RPC endpoint as each user; ``python3 tests/access_matrix.py`` prints it
as the table of docs/access_matrix.md (a test checks that it holds this very text).

A row is ``(subject, operation, roles that succeed)``; every other role is
refused (AccessError, UserError, ValidationError or MissingError) and the
table of the model is left unchanged. Subjects are the fixtures of
``test_access_matrix.py``; operations are ``read``, ``create``,
``write:<field>`` (ordinary or workflow-owned), ``unlink`` and
``<public method>``.
"""

ROLES = {
    "org": "mass organisation user",
    "dept": "department liaison",
    "sup": "supervision office",
    "off": "government office",
    "lead": "leadership",
    "adm": "module administrator",
    "odoo": "Odoo administrator",
    "none": "internal user without a role",
    "other": "office of another district",
}

OFFICE = "off adm odoo"
ALL_ROLES = "org dept sup off lead adm odoo"
NOBODY = ""

# subject: (model, description)
SUBJECTS = {
    "meeting_draft": ("joint.meeting", "meeting in draft"),
    "meeting_collecting": ("joint.meeting", "meeting collecting proposals"),
    "meeting_ready": ("joint.meeting", "meeting with its agenda ready for approval"),
    "meeting_approved": ("joint.meeting", "approved meeting whose date has passed"),
    "meeting_issued": ("joint.meeting", "meeting whose minutes are issued"),
    "topic_draft": ("joint.meeting.topic", "draft topic of the trade union"),
    "topic_submitted": ("joint.meeting.topic", "submitted topic of the trade union"),
    "topic_returned": ("joint.meeting.topic", "returned topic of the trade union"),
    "consultation_to_send": ("joint.meeting.consultation", "consultation to send"),
    "consultation_waiting": ("joint.meeting.consultation", "consultation of HR awaiting reply"),
    "consultation_replied": ("joint.meeting.consultation", "consultation replied by Finance"),
    "minutes_draft": ("joint.meeting.minutes", "draft minutes"),
    "minutes_review": ("joint.meeting.minutes", "minutes in joint review, all confirmed"),
    "minutes_approved": ("joint.meeting.minutes", "approved minutes"),
    "minutes_issued": ("joint.meeting.minutes", "issued minutes"),
    "confirmation": ("joint.meeting.minutes.confirmation", "confirmation of issued minutes"),
    "attendance_open": ("joint.meeting.attendance", "attendance of a meeting in preparation"),
    "attendance_issued": ("joint.meeting.attendance", "attendance printed in issued minutes"),
    "matter_draft": ("joint.meeting.resolution", "agreed matter of draft minutes"),
    "matter_open": ("joint.meeting.resolution", "open agreed matter (lead HR, co-unit Finance)"),
    "matter_unstarted": ("joint.meeting.resolution", "open agreed matter not started yet"),
    "matter_done_ready": ("joint.meeting.resolution", "matter with an accepted completion report"),
    "matter_cannot_ready": ("joint.meeting.resolution", "matter with an accepted explanation"),
    "followup_submitted": ("joint.meeting.followup", "submitted report of HR"),
    "followup_accepted": ("joint.meeting.followup", "accepted report of HR"),
    "followup_co_part": ("joint.meeting.followup", "co-unit Finance's part of HR's matter"),
    "matter_pending": ("joint.meeting.resolution", "matter HR has to acknowledge (签收)"),
    "matter_acknowledged": ("joint.meeting.resolution", "matter HR acknowledged, due later"),
    "assignment_pending": ("joint.meeting.assignment", "HR's assignment to acknowledge"),
    "extension_submitted": ("joint.meeting.extension", "HR's extension request to review"),
    "extension_reviewed": ("joint.meeting.extension", "extension request reviewed, to approve"),
    "extension_approved": ("joint.meeting.extension", "approved extension request"),
    "milestone": ("joint.meeting.milestone", "milestone of HR's plan"),
    "notice_draft": ("joint.meeting.notice", "red supervision notice prepared for HR"),
    "notice_issued": ("joint.meeting.notice", "yellow supervision notice issued to HR"),
    "bulletin_draft": ("joint.meeting.bulletin", "supervision bulletin of April, a draft"),
    "bulletin_issued": ("joint.meeting.bulletin", "supervision bulletin of March, issued"),
    "bulletin_line": ("joint.meeting.bulletin.line", "HR's line in the draft bulletin"),
    "assessment_draft": ("joint.meeting.assessment", "draft yearly assessment of units"),
    "assessment_computed": ("joint.meeting.assessment", "computed yearly assessment"),
    "assessment_confirmed": ("joint.meeting.assessment", "confirmed yearly assessment"),
    "assessment_line": ("joint.meeting.assessment.line", "HR's point in a confirmed assessment"),
    "assessment_score": ("joint.meeting.assessment.score", "HR's score in a confirmed assessment"),
    "assessment_rule": ("joint.meeting.assessment.rule", "the district's scoring rule"),
}

# (subject, operation, roles that succeed)
MATRIX = [
    # --- joint.meeting -------------------------------------------------
    ("meeting_collecting", "read", "org dept sup off lead adm odoo"),
    ("meeting_collecting", "create", OFFICE),
    ("meeting_collecting", "write:place", "off lead adm odoo"),
    ("meeting_collecting", "write:state", NOBODY),
    ("meeting_collecting", "write:cancel_reason", NOBODY),
    ("meeting_collecting", "write:calendar_event_id", NOBODY),
    ("meeting_draft", "unlink", OFFICE),
    ("meeting_issued", "unlink", NOBODY),
    ("meeting_draft", "action_open_collection", OFFICE),
    ("meeting_ready", "action_approve", "lead"),
    ("meeting_approved", "action_mark_held", OFFICE),
    ("meeting_issued", "action_close", OFFICE),
    ("meeting_collecting", "action_reset_draft", OFFICE),
    ("meeting_collecting", "action_cancel", OFFICE),
    ("meeting_collecting", "action_send_consultations", OFFICE),
    ("meeting_collecting", "action_view_topics", "org dept sup off lead adm odoo"),
    ("meeting_collecting", "action_view_consultations", "org dept sup off lead adm odoo"),
    ("meeting_issued", "action_view_implementation_report", NOBODY),
    # --- joint.meeting.topic -------------------------------------------
    ("topic_draft", "read", "org sup off lead adm odoo"),
    ("topic_draft", "create", "org off adm odoo"),
    ("topic_draft", "write:name", "org off adm odoo"),
    ("topic_submitted", "write:name", OFFICE),
    ("topic_draft", "write:state", NOBODY),
    ("topic_draft", "write:submit_date", NOBODY),
    ("topic_draft", "write:reviewer_id", NOBODY),
    ("topic_draft", "write:review_comment", NOBODY),
    ("topic_draft", "write:return_reason", NOBODY),
    ("topic_draft", "write:late_exception", NOBODY),
    ("topic_draft", "write:late_exception_reason", NOBODY),
    ("topic_draft", "write:report_body", NOBODY),
    ("topic_draft", "unlink", "org off adm odoo"),
    ("topic_submitted", "unlink", NOBODY),
    ("topic_draft", "action_submit", "org off adm odoo"),
    ("topic_draft", "action_withdraw", "org off adm odoo"),
    ("topic_returned", "action_reset_draft", "org off adm odoo"),
    ("topic_submitted", "action_accept", "lead"),
    ("topic_submitted", "action_return", "lead"),
    ("topic_draft", "action_grant_late_exception", OFFICE),
    ("topic_submitted", "action_grant_late_exception", NOBODY),
    ("topic_draft", "action_open_submit", "org off adm odoo"),
    ("topic_submitted", "action_open_review", "lead"),
    ("topic_draft", "action_open_late_exception", OFFICE),
    ("topic_draft", "action_view_resolutions", "org sup off lead adm odoo"),
    # --- joint.meeting.consultation ------------------------------------
    ("consultation_waiting", "read", "org dept sup off lead adm odoo"),
    ("consultation_waiting", "create", OFFICE),
    ("consultation_waiting", "write:participants", OFFICE),
    ("consultation_replied", "write:participants", NOBODY),
    ("consultation_waiting", "write:state", NOBODY),
    ("consultation_waiting", "write:sent_date", NOBODY),
    ("consultation_waiting", "write:position", NOBODY),
    ("consultation_waiting", "write:reply_text", NOBODY),
    ("consultation_waiting", "write:reply_number", NOBODY),
    ("consultation_waiting", "write:signed_by", NOBODY),
    ("consultation_waiting", "write:replied_by_id", NOBODY),
    ("consultation_waiting", "write:reply_date", NOBODY),
    ("consultation_waiting", "write:replied_on_behalf", NOBODY),
    ("consultation_waiting", "write:reply_attachment_ids", NOBODY),
    ("consultation_to_send", "unlink", OFFICE),
    ("consultation_replied", "unlink", NOBODY),
    ("consultation_to_send", "action_send", OFFICE),
    ("consultation_waiting", "action_reply", "dept off adm odoo"),
    ("consultation_waiting", "action_open_reply", "dept off adm odoo"),
    # --- joint.meeting.minutes -----------------------------------------
    ("minutes_draft", "read", "org off lead adm odoo"),
    ("minutes_draft", "create", OFFICE),
    ("minutes_draft", "write:body", "off lead adm odoo"),
    ("minutes_issued", "write:body", NOBODY),
    ("minutes_issued", "write:active", "off lead adm odoo"),
    ("minutes_draft", "write:state", NOBODY),
    ("minutes_draft", "write:document_number", NOBODY),
    ("minutes_draft", "write:issue_date", NOBODY),
    ("minutes_draft", "write:approved_by_id", NOBODY),
    ("minutes_draft", "write:return_comment", NOBODY),
    ("minutes_draft", "write:pdf_attachment_id", NOBODY),
    ("minutes_draft", "write:previous_revision_id", NOBODY),
    ("minutes_draft", "unlink", OFFICE),
    ("minutes_issued", "unlink", NOBODY),
    ("minutes_draft", "action_submit_review", OFFICE),
    ("minutes_review", "action_confirm_text", NOBODY),
    ("minutes_review", "action_request_approval", OFFICE),
    ("minutes_review", "action_request_approval_button", OFFICE),
    ("minutes_review", "action_approve", "lead"),
    ("minutes_review", "action_return", "lead"),
    ("minutes_review", "action_open_return", "lead"),
    ("minutes_approved", "action_issue", OFFICE),
    ("minutes_issued", "action_new_revision", OFFICE),
    ("minutes_draft", "write:pdf_sha256", NOBODY),
    ("minutes_draft", "write:pdf_sealed_date", NOBODY),
    ("minutes_issued", "action_verify_kept_copy", ALL_ROLES),
    ("minutes_issued", "action_produce_kept_copy", NOBODY),
    ("minutes_issued", "action_check_seal_chain", ALL_ROLES),
    ("minutes_issued", "action_download_ofd", ALL_ROLES),
    ("minutes_approved", "action_download_ofd", NOBODY),
    ("minutes_draft", "write:ofd_sha256", NOBODY),
    # --- joint.meeting.minutes.confirmation ----------------------------
    ("confirmation", "read", ALL_ROLES),
    ("confirmation", "create", NOBODY),
    ("confirmation", "write:date", NOBODY),
    ("confirmation", "write:user_id", NOBODY),
    ("confirmation", "write:organization_id", NOBODY),
    ("confirmation", "write:minutes_id", NOBODY),
    ("confirmation", "unlink", NOBODY),
    # --- joint.meeting.attendance --------------------------------------
    ("attendance_open", "read", ALL_ROLES),
    ("attendance_open", "create", OFFICE),
    ("attendance_open", "write:position_title", OFFICE),
    ("attendance_issued", "write:position_title", NOBODY),
    ("attendance_open", "unlink", OFFICE),
    ("attendance_issued", "unlink", NOBODY),
    # --- joint.meeting.resolution --------------------------------------
    ("matter_open", "read", "dept sup off lead adm odoo"),
    ("matter_draft", "create", OFFICE),
    ("matter_draft", "write:deadline", OFFICE),
    ("matter_open", "write:deadline", NOBODY),
    ("matter_open", "write:name", NOBODY),
    ("matter_draft", "write:topic_ids", OFFICE),
    ("matter_open", "write:topic_ids", NOBODY),
    ("matter_open", "write:color", OFFICE),
    ("matter_open", "write:state", NOBODY),
    ("matter_open", "write:overdue_date", NOBODY),
    ("matter_open", "write:urge_count", NOBODY),
    ("matter_open", "write:last_urge_date", NOBODY),
    ("matter_open", "write:close_date", NOBODY),
    ("matter_open", "write:reopen_reason", NOBODY),
    ("matter_draft", "unlink", OFFICE),
    ("matter_open", "unlink", NOBODY),
    ("matter_unstarted", "action_start", "dept"),
    ("matter_open", "action_report_progress", "dept"),
    ("matter_open", "action_view_followups", "dept sup off lead adm odoo"),
    ("matter_done_ready", "action_close_done", "sup"),
    ("matter_cannot_ready", "action_close_cannot", "sup"),
    ("matter_open", "action_open_reopen", NOBODY),
    ("matter_open", "action_open_urge", "sup"),
    # --- joint.meeting.followup ----------------------------------------
    ("followup_submitted", "read", "dept sup off lead adm odoo"),
    ("followup_submitted", "create", "dept"),
    ("followup_submitted", "write:percent", "dept"),
    ("followup_accepted", "write:percent", NOBODY),
    ("followup_submitted", "write:state", NOBODY),
    ("followup_submitted", "write:rating", NOBODY),
    ("followup_submitted", "write:review_comment", NOBODY),
    ("followup_submitted", "write:reviewer_id", NOBODY),
    ("followup_submitted", "write:review_date", NOBODY),
    ("followup_submitted", "unlink", "dept"),
    ("followup_accepted", "unlink", NOBODY),
    ("followup_submitted", "action_accept", "sup"),
    ("followup_submitted", "action_return", "sup"),
    ("followup_submitted", "action_open_review", "sup"),
    # The lead unit (HR) consolidates the co-units' parts into its report; it
    # reads a co-unit's part but never changes it.
    ("followup_submitted", "action_consolidate", "dept"),
    ("followup_accepted", "action_consolidate", NOBODY),
    ("followup_submitted", "write:co_part_ids", NOBODY),
    ("followup_co_part", "read", "dept sup off lead adm odoo"),
    ("followup_co_part", "write:percent", NOBODY),
    ("followup_co_part", "write:progress", NOBODY),
    ("followup_co_part", "unlink", NOBODY),
    ("followup_co_part", "action_consolidate", NOBODY),
    # --- acknowledgement, return, reassignment (签收, 退回, 转办) ---------
    ("matter_pending", "action_acknowledge", "dept"),
    ("matter_pending", "action_return_assignment", "dept"),
    ("matter_pending", "action_open_return", "dept"),
    ("matter_pending", "action_reassign", "sup off adm odoo"),
    ("matter_pending", "action_open_reassign", "sup off adm odoo"),
    ("matter_open", "write:lead_unit_id", NOBODY),
    ("matter_open", "write:extension_count", NOBODY),
    ("assignment_pending", "read", "dept sup off lead adm odoo"),
    ("assignment_pending", "create", NOBODY),
    ("assignment_pending", "write:state", NOBODY),
    ("assignment_pending", "write:due_date", NOBODY),
    ("assignment_pending", "write:organization_id", NOBODY),
    ("assignment_pending", "unlink", NOBODY),
    # --- extension requests (延期申请) ----------------------------------
    ("matter_acknowledged", "action_request_extension", "dept"),
    ("extension_submitted", "read", "dept sup off lead adm odoo"),
    ("extension_submitted", "create", "dept"),
    ("extension_submitted", "write:requested_deadline", "dept"),
    ("extension_reviewed", "write:requested_deadline", NOBODY),
    ("extension_approved", "write:reason", NOBODY),
    ("extension_submitted", "write:state", NOBODY),
    ("extension_submitted", "write:current_deadline", NOBODY),
    ("extension_submitted", "write:reviewer_id", NOBODY),
    ("extension_submitted", "write:approver_id", NOBODY),
    ("extension_submitted", "unlink", NOBODY),
    ("extension_approved", "unlink", NOBODY),
    ("extension_submitted", "action_review", "sup"),
    ("extension_submitted", "action_refuse", "sup"),
    ("extension_reviewed", "action_approve", "lead"),
    ("extension_reviewed", "action_refuse", "lead"),
    ("extension_submitted", "action_approve", NOBODY),
    ("extension_submitted", "action_open_decision", "sup"),
    ("extension_reviewed", "action_open_decision", "lead"),
    # --- plan (序时进度) -------------------------------------------------
    ("matter_acknowledged", "action_view_milestones", "dept"),
    ("milestone", "read", "dept sup off lead adm odoo"),
    ("milestone", "create", "dept"),
    ("milestone", "write:planned_percent", "dept"),
    ("milestone", "unlink", "dept"),
    # --- supervision notices by colour (三色督办单) ---------------------
    ("notice_draft", "read", "sup off lead adm odoo"),
    ("notice_issued", "read", "dept sup off lead adm odoo"),
    ("notice_draft", "create", NOBODY),
    ("notice_draft", "write:colour", NOBODY),
    ("notice_draft", "write:state", NOBODY),
    ("notice_draft", "write:number", NOBODY),
    ("notice_draft", "unlink", NOBODY),
    ("notice_issued", "unlink", NOBODY),
    ("notice_draft", "action_issue", "sup"),
    ("notice_issued", "action_issue", NOBODY),
    ("notice_issued", "action_print", "dept sup off lead adm odoo"),
    ("notice_draft", "action_print", NOBODY),
    ("notice_issued", "action_download_ofd", "dept sup off lead adm odoo"),
    ("notice_draft", "action_download_ofd", NOBODY),
    # --- supervision bulletins (督查通报) --------------------------------
    ("bulletin_draft", "read", "sup off lead adm odoo"),
    ("bulletin_issued", "read", ALL_ROLES),
    ("bulletin_draft", "create", "sup"),
    ("bulletin_draft", "write:remarks", "sup"),
    ("bulletin_issued", "write:remarks", NOBODY),
    ("bulletin_issued", "write:active", "sup"),
    ("bulletin_draft", "write:date_from", NOBODY),
    ("bulletin_draft", "write:state", NOBODY),
    ("bulletin_draft", "write:number", NOBODY),
    ("bulletin_draft", "write:issue_date", NOBODY),
    ("bulletin_draft", "write:overdue_count", NOBODY),
    ("bulletin_draft", "write:overdue_matter_ids", NOBODY),
    ("bulletin_draft", "unlink", NOBODY),
    ("bulletin_issued", "unlink", NOBODY),
    ("bulletin_draft", "action_compile", "sup"),
    ("bulletin_issued", "action_compile", NOBODY),
    ("bulletin_draft", "action_issue", "sup"),
    ("bulletin_issued", "action_issue", NOBODY),
    ("bulletin_issued", "action_download_ofd", ALL_ROLES),
    ("bulletin_draft", "action_download_ofd", NOBODY),
    ("bulletin_line", "read", "sup off lead adm odoo"),
    ("bulletin_line", "create", NOBODY),
    ("bulletin_line", "write:verdict", "sup"),
    ("bulletin_line", "write:overdue_count", NOBODY),
    ("bulletin_line", "write:organization_id", NOBODY),
    ("bulletin_line", "unlink", NOBODY),
    # --- yearly assessment of units (考核) -------------------------------
    ("assessment_draft", "read", "sup off lead adm odoo"),
    ("assessment_confirmed", "read", ALL_ROLES),
    ("assessment_draft", "create", "sup"),
    ("assessment_draft", "write:note", "sup"),
    ("assessment_draft", "write:base_score", "sup"),
    ("assessment_draft", "write:state", NOBODY),
    ("assessment_computed", "write:base_score", NOBODY),
    ("assessment_confirmed", "write:note", NOBODY),
    ("assessment_draft", "unlink", NOBODY),
    ("assessment_confirmed", "unlink", NOBODY),
    ("assessment_draft", "action_compute", "sup"),
    ("assessment_computed", "action_compute", "sup"),
    ("assessment_confirmed", "action_compute", NOBODY),
    ("assessment_computed", "action_confirm", "sup"),
    ("assessment_draft", "action_confirm", NOBODY),
    ("assessment_computed", "action_draft", "sup"),
    ("assessment_confirmed", "action_draft", NOBODY),
    ("assessment_confirmed", "action_view_lines", ALL_ROLES),
    ("assessment_draft", "action_view_lines", NOBODY),
    ("assessment_confirmed", "action_export_xlsx", ALL_ROLES),
    ("assessment_computed", "action_export_xlsx", "sup off lead adm odoo"),
    ("assessment_draft", "action_export_xlsx", NOBODY),
    ("assessment_confirmed", "action_print", ALL_ROLES),
    ("assessment_line", "read", "dept sup off lead adm odoo"),
    ("assessment_line", "write:points", NOBODY),
    ("assessment_line", "unlink", NOBODY),
    ("assessment_score", "read", "dept sup off lead adm odoo"),
    ("assessment_score", "write:score", NOBODY),
    ("assessment_rule", "read", ALL_ROLES),
    ("assessment_rule", "create", "sup adm odoo"),
    ("assessment_rule", "write:points", "sup adm odoo"),
    ("assessment_rule", "unlink", NOBODY),
]


def allowed(roles):
    return set(roles.split())


def markdown():
    """The matrix as docs/access_matrix.md prints it."""
    keys = list(ROLES)
    lines = [
        "| model | record | operation | " + " | ".join(keys) + " |",
        "|---|---|---|" + "---|" * len(keys),
    ]
    for subject, operation, roles in MATRIX:
        model, description = SUBJECTS[subject]
        ok = allowed(roles)
        cells = ["✓" if key in ok else "✗" for key in keys]
        lines.append(f"| `{model}` | {description} | `{operation}` | " + " | ".join(cells) + " |")
    legend = ", ".join(f"`{key}` {label}" for key, label in ROLES.items())
    return "\n".join([*lines, "", f"Roles: {legend}. ✓ succeeds, ✗ refused, nothing changed."])


def declarations_markdown(env):
    """The write declarations of every joint-meeting model (``_write_allow``,
    ``_create_allow``, ``_write_by_steps`` on the models), as
    docs/access_matrix.md prints them. Generated from the registry;
    ``test_write_walker`` checks that the page holds this very text and that every write behaves as declared."""
    mixin = type(env["joint.meeting.workflow.mixin"])
    lines = [
        "| model | state | role | fields it may write |",
        "|---|---|---|---|",
    ]
    for name in sorted(env.registry):
        Model = env.registry[name]
        if Model._abstract or Model._transient or not issubclass(Model, mixin):
            continue
        records = env[name]
        for states, role, path, names in records._write_allow_rows():
            scope = f" (own unit: `{path}`)" if path else ""
            state = "any" if states is None else ", ".join(sorted(states))
            fields_ = ", ".join(f"`{n}`" for n in sorted(names.split()))
            lines.append(f"| `{name}` | {state} | {role}{scope} | {fields_} |")
        for role, names in sorted(records._write_declaration("_create_allow").items()):
            fields_ = ", ".join(f"`{n}`" for n in sorted(names.split()))
            lines.append(f"| `{name}` | at creation | {role} | {fields_} |")
        steps = ", ".join(
            f"`{n}`" for n in sorted(records._write_declaration("_write_by_steps").split())
        )
        if steps:
            lines.append(f"| `{name}` | any | only its own steps | {steps} |")
    return "\n".join(lines)


def actions_markdown(env):
    """The declarations of the action methods (``jm_action``) of every
    joint-meeting model, as docs/access_matrix.md prints them: who may use
    which button on which records. Generated from the registry;
    ``test_form_buttons`` checks that the page holds this very text and that
    every form shows and every call accepts exactly what is declared."""
    mixin = type(env["joint.meeting.workflow.mixin"])
    step_actors = {
        "organization": "its units",
        "office": "off",
        "leader": "lead",
        "supervisor": "sup",
    }
    lines = [
        "| model | action | on records | who | unless |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(env.registry):
        Model = env.registry[name]
        if Model._abstract or Model._transient or not issubclass(Model, mixin):
            continue
        records = env[name]
        steps = records._jm_action_steps()
        for method, rule in sorted(records._jm_action_rules().items()):
            if rule.open_to_readers:
                on, who = "any", "every reader"
            else:
                on = (
                    ", ".join(
                        (
                            ["at step " + " or ".join(f"`{s}`" for s in rule.steps)]
                            if rule.steps
                            else []
                        )
                        + ([", ".join(sorted(rule.states))] if rule.states is not None else [])
                    )
                    or "any"
                )
                actors = [f"{step_actors[steps[s].role]} (`{s}`)" for s in rule.steps]
                actors += [
                    f"{role} (own unit: `{path}`)" if path else role
                    for role, path in rule.roles or ()
                ]
                who = ", ".join(actors) or "every reader"
            unless = f"`{rule.when}`" if rule.when else ""
            lines.append(f"| `{name}` | `{method}` | {on} | {who} | {unless} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown() + "\n")
