import re

from freezegun import freeze_time
from lxml import etree

from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval, time

# Latin words a Chinese screen may show: codes and proper names.
ALLOWED = {
    "PDF",
    "OFD",
    "ID",
    "Excel",
    "Odoo",
    "OdooBot",
    "Email",
    "URL",
    "SHA",
    "pdf",
    "ofd",
    "xlsx",
    "XLSX",
}
# Digests (hexadecimal) are codes, whatever letters they hold.
HEX = re.compile(r"\b[0-9a-f]{32,}\b")
# Odoo's own chatter and activity fields, present on every model and not shown
# as text: their labels are Odoo's translations, not this module's.
MIXIN_PREFIXES = ("activity_", "message_", "website_message", "has_message")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Links in e-mails are addresses, not text.
URL = re.compile(r"https?://\S+")
TEXT_ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "sum")

# Each demo role, the screens it opens first: its workbench and its main forms.
ROLE_SCREENS = {
    "jm_office": [
        "joint.meeting.todo",
        "joint.meeting",
        "joint.meeting.topic",
        "joint.meeting.consultation",
        "joint.meeting.minutes",
        "joint.meeting.resolution",
    ],
    "jm_leader": ["joint.meeting.todo", "joint.meeting", "joint.meeting.topic"],
    "jm_union": ["joint.meeting.todo", "joint.meeting.topic", "joint.meeting.followup"],
    "jm_hrss": ["joint.meeting.todo", "joint.meeting.consultation"],
    "jm_supervisor": [
        "joint.meeting.todo",
        "joint.meeting.resolution",
        "joint.meeting.followup",
        "joint.meeting.notice",
        "joint.meeting.bulletin",
        "joint.meeting.assessment",
    ],
}


def latin_words(text):
    """The Latin words of ``text`` that are neither codes nor proper names."""
    text = HEX.sub("", URL.sub("", text or ""))
    return {word for word in LATIN_WORD.findall(text) if word not in ALLOWED}


@tagged("post_install", "-at_install")
class TestChineseScreens(TransactionCase):
    """Every text a role meets first is Chinese: its workbench, its main
    forms and lists (labels, help, choices) and the chatter of the demo
    records (creation and tracking messages)."""

    def _latin(self, text):
        return latin_words(text)

    def _arch_texts(self, arch):
        root = etree.fromstring(arch)
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue
            for attribute in TEXT_ATTRIBUTES:
                if node.get(attribute):
                    yield f"<{node.tag} {attribute}>", node.get(attribute)
            if node.tag not in ("field",) and node.text and node.text.strip():
                yield f"<{node.tag}> text", node.text
            if node.tail and node.tail.strip():
                yield f"<{node.tag}> tail", node.tail

    def test_roles_screens_and_chatter_are_in_chinese(self):
        found = []
        for login, models in ROLE_SCREENS.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(user.lang, "zh_CN", login)
            env = self.env(user=user, context={"lang": "zh_CN"})
            for model in models:
                views = env[model].get_views([(False, "list"), (False, "form"), (False, "search")])
                for view_type, view in views["views"].items():
                    for where, text in self._arch_texts(view["arch"]):
                        for word in self._latin(text):
                            found.append(f"{login} {model} {view_type} {where}: {word} in {text!r}")
                for name, field in views["models"][model]["fields"].items():
                    if name.startswith(MIXIN_PREFIXES):
                        continue
                    texts = [field.get("string"), field.get("help")]
                    texts += [label for _value, label in field.get("selection") or []]
                    for text in texts:
                        for word in self._latin(text):
                            found.append(f"{login} {model}.{name}: {word} in {text!r}")
                records = env[model].search([], limit=20)
                if "message_ids" in records._fields:
                    for message in records.message_ids:
                        text = html2plaintext(message.body or "")
                        for value in message.sudo().tracking_value_ids:
                            text += (
                                f" {value.field_id.with_context(lang='zh_CN').field_description}"
                            )
                            text += f" {value.old_value_char or ''} {value.new_value_char or ''}"
                        for word in self._latin(text):
                            found.append(
                                f"{login} {model} message {message.id}: {word} in {text!r}"
                            )
        self.assertFalse(found, "\n".join(sorted(set(found))[:80]))


@tagged("post_install", "-at_install")
class TestChineseMailAndFiles(MockEmail, TransactionCase):
    """What the add-on writes and sends while the demo users (zh_CN) run a
    meeting's life, and its scheduled actions run as the cron runs them
    (without a language): chatter messages and their subjects, the
    summaries and notes of activities, the notification e-mails, and the
    names of the printed files and of the kept copy are Chinese. The
    e-mails are read from Odoo's mail mock: Odoo's runner sends them at once
    (and deletes them once sent), pytest-odoo queues them."""

    def _env(self, login):
        """The user's environment as the web client gives it: their language."""
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertEqual(user.lang, "zh_CN", login)
        return self.env(user=user, context={"lang": user.lang, "tz": user.tz})

    def _crons(self, *xmlids):
        # ir.cron runs the action as its user with no language in the context.
        # Since 19.0 it does so in a cursor of its own, which commits: in the
        # registry's test mode that cursor is the test's.
        with self.enter_registry_test_mode():
            for xmlid in xmlids:
                self.env.ref(f"joint_meeting.{xmlid}").method_direct_trigger()

    def test_workflow_mail_activities_and_file_names_are_chinese(self):
        ref = self.env.ref
        union, hrss, finance = (
            ref("joint_meeting.org_renhe_union"),
            ref("joint_meeting.org_renhe_hrss"),
            ref("joint_meeting.org_renhe_finance"),
        )
        office, leader = self._env("jm_office"), self._env("jm_leader")
        unit, dept, co_dept = self._env("jm_union"), self._env("jm_hrss"), self._env("jm_finance")
        supervisor = self._env("jm_supervisor")
        last = {
            model: self.env[model].sudo().search([], order="id desc", limit=1).id
            for model in ("mail.message", "mail.activity")
        }
        with self.mock_mail_gateway():
            with freeze_time("2026-02-02 02:00:00"):
                meeting = office["joint.meeting"].create(
                    {
                        # The reference comes from the district's sequence (issue 21:
                        # the office no longer types it).
                        "company_id": ref("base.main_company").id,
                        "year": 2026,
                        "meeting_type": "extraordinary",
                        "extraordinary_reason": "研究农民工工资支付问题",
                        "date": "2026-03-30 02:00:00",
                        "place": "区政府第一会议室",
                        "chair_id": leader.uid,
                        "attendee_organization_ids": [(6, 0, (union | hrss | finance).ids)],
                    }
                )
                meeting.action_open_collection()
                Topic = unit["joint.meeting.topic"]
                topic_vals = {
                    "meeting_id": meeting.id,
                    "organization_id": union.id,
                    "category": "rights_consultation",
                    "sub_area": "income",
                    "countermeasures": "<p>建立工资保证金制度。</p>",
                    "department_ids": [(6, 0, (hrss | finance).ids)],
                }
                topic = Topic.create({**topic_vals, "name": "农民工工资拖欠问题"})
                returned = Topic.create({**topic_vals, "name": "职工疗休养经费"})
                unit["joint.meeting.topic.submit"].create(
                    {
                        "meeting_id": meeting.id,
                        "organization_id": union.id,
                        "proposed_place": "区总工会",
                    }
                ).action_submit()
                leader["joint.meeting.topic"].browse(topic.id).action_accept("同意列入议程")
                leader["joint.meeting.topic"].browse(returned.id).action_return("请补充测算依据")
                unit["joint.meeting.topic"].browse(returned.id).action_withdraw()
                office["joint.meeting.consultation.send"].create(
                    {"meeting_id": meeting.id, "due_date": "2026-03-06"}
                ).action_send()
                for consultation in meeting.consultation_ids:
                    env = dept if consultation.department_id == hrss else co_dept
                    env["joint.meeting.consultation"].browse(consultation.id).action_reply(
                        position="agree", reply_text="<p>同意。</p>"
                    )
                leader["joint.meeting"].browse(meeting.id).action_approve()
            with freeze_time("2026-03-31 02:00:00"):
                office["joint.meeting"].browse(meeting.id).action_mark_held()
                minutes = office["joint.meeting.minutes"].create(
                    {
                        "meeting_id": meeting.id,
                        "name": "2026年第1次临时联席会议纪要",
                        "body": "<p>会议听取了区总工会的情况报告。</p>",
                        "drafting_organization_ids": [
                            (6, 0, (ref("joint_meeting.org_renhe_office") | union).ids)
                        ],
                        "main_recipients": "各乡镇人民政府，区政府各部门",
                        "cc_recipients": "区委办公室",
                    }
                )
                matter = office["joint.meeting.resolution"].create(
                    {
                        "minutes_id": minutes.id,
                        "name": "建立农民工工资保证金制度",
                        "lead_unit_id": hrss.id,
                        "co_unit_ids": [(6, 0, finance.ids)],
                        "deadline": "2026-06-30",
                    }
                )
                office["joint.meeting.minutes"].browse(minutes.id).action_submit_review()
                office["joint.meeting.minutes"].browse(minutes.id).action_confirm_text()
                unit["joint.meeting.minutes"].browse(minutes.id).action_confirm_text()
                office["joint.meeting.minutes"].browse(minutes.id).action_request_approval()
                leader["joint.meeting.minutes"].browse(minutes.id).action_approve()
                office["joint.meeting.minutes"].browse(minutes.id).action_issue()
                dept["joint.meeting.resolution"].browse(matter.id).action_acknowledge()
            with freeze_time("2026-04-02 02:00:00"):
                # The co-unit has not acknowledged: reminded, then escalated.
                self._crons("ir_cron_joint_meeting_acknowledgements")
            with freeze_time("2026-04-30 02:00:00"):
                self._crons("ir_cron_joint_meeting_acknowledgements")
                co_dept["joint.meeting.resolution"].browse(matter.id).action_acknowledge()
            with freeze_time("2026-05-11 02:00:00"):
                supervisor["joint.meeting.urge"].create(
                    {"resolution_ids": [(6, 0, matter.ids)], "message": "请尽快报送进展。"}
                ).action_urge()
                followup = dept["joint.meeting.followup"].create(
                    {
                        "resolution_id": matter.id,
                        "organization_id": hrss.id,
                        "progress": "<p>已起草制度。</p>",
                        "percent": 50,
                    }
                )
                supervisor["joint.meeting.followup"].browse(followup.id).action_return(
                    "请补充数据。"
                )
                dept["joint.meeting.followup"].browse(followup.id).write(
                    {"progress": "<p>已起草制度，覆盖200家企业。</p>"}
                )
                supervisor["joint.meeting.followup"].browse(followup.id).action_accept("good")
                extension = dept["joint.meeting.extension"].create(
                    {
                        "resolution_id": matter.id,
                        "requested_deadline": "2026-09-30",
                        "reason": "需要财政预算安排。",
                    }
                )
                supervisor["joint.meeting.extension"].browse(extension.id).action_review("同意")
                if extension.state == "reviewed":
                    leader["joint.meeting.extension"].browse(extension.id).action_approve("同意")
                self.assertEqual(extension.state, "approved")
            with freeze_time("2026-09-28 02:00:00"):
                self._crons("ir_cron_joint_meeting_resolution_deadlines")
            with freeze_time("2026-10-12 02:00:00"):
                self._crons(
                    "ir_cron_joint_meeting_resolution_deadlines",
                    "ir_cron_joint_meeting_supervision_notices",
                    "ir_cron_joint_meeting_annual_meeting",
                    "ir_cron_joint_meeting_calendar_check",
                )
                notices = self.env["joint.meeting.notice"].search(
                    [("resolution_id", "=", matter.id)]
                )
                self.assertTrue(notices)
                for notice in notices:
                    supervisor["joint.meeting.notice"].browse(notice.id).action_issue()
                # The kept copy of the minutes (PDF and OFD), produced by its
                # scheduled action, and the OFD copies of the notices.
                self._crons("ir_cron_joint_meeting_kept_copies", "ir_cron_joint_meeting_ofd_copies")
            self.env.flush_all()

        found = []
        messages = self.env["mail.message"].sudo().search([("id", ">", last["mail.message"])])
        for message in messages:
            text = f"{message.subject or ''} {html2plaintext(message.body or '')}"
            for value in message.tracking_value_ids:
                text += f" {value.old_value_char or ''} {value.new_value_char or ''}"
            found += [
                f"message {message.id} ({message.model}): {w} in {text!r}"
                for w in latin_words(text)
            ]
        activities = self.env["mail.activity"].sudo().search([("id", ">", last["mail.activity"])])
        for activity in activities:
            text = f"{activity.summary or ''} {html2plaintext(activity.note or '')}"
            text += f" {activity.activity_type_id.with_context(lang='zh_CN').name}"
            found += [
                f"activity {activity.id} ({activity.res_model}): {w} in {text!r}"
                for w in latin_words(text)
            ]
        mails = self._new_mails
        for mail in mails:
            text = f"{mail.subject or ''} {html2plaintext(mail.body_html or '')}"
            found += [f"e-mail {mail.id} {mail.subject!r}: {w}" for w in latin_words(text)]
        # Nothing checked is nothing proved: the flow did write and send.
        self.assertGreater(len(messages), 30)
        self.assertTrue(activities.filtered(lambda a: a.res_id == matter.id and a.automated))
        self.assertTrue(mails)

        # The names of the downloaded files and of the kept copy.
        ledger = supervisor["joint.meeting.ledger"].create({"meeting_id": meeting.id})
        bulletin = supervisor["joint.meeting.bulletin"].create(
            {
                "company_id": meeting.company_id.id,
                "period_type": "monthly",
                "date_from": "2030-01-01",
            }
        )
        records = {
            "joint.meeting.bulletin": bulletin,
            "joint.meeting": meeting,
            "joint.meeting.topic": topic,
            "joint.meeting.consultation": meeting.consultation_ids[:1],
            "joint.meeting.minutes": minutes,
            "joint.meeting.notice": notices[:1],
            "joint.meeting.ledger": ledger,
            "joint.meeting.assessment": supervisor["joint.meeting.assessment"].search(
                [("company_id", "=", meeting.company_id.id)], limit=1
            ),
        }
        self.assertTrue(records["joint.meeting.assessment"], "the demo has a yearly assessment")
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "joint_meeting.%")]
        )
        self.assertEqual(set(reports.mapped("model")), set(records))
        names = [ledger._filename("xlsx"), records["joint.meeting.assessment"]._filename("xlsx")]
        for report in reports:
            record = records[report.model].with_env(supervisor)
            names.append(safe_eval(report.print_report_name, {"object": record, "time": time}))
        minutes.invalidate_recordset()
        self.assertTrue(minutes.pdf_attachment_id)
        names.append(minutes.pdf_attachment_id.name)
        self.assertIn("会议纪要-", minutes.pdf_attachment_id.name)
        for name in names:
            found += [f"file name {name!r}: {w}" for w in latin_words(name)]
            # The kind of the document once: not 督办单-督办单〔2026〕2号.
            kind, _sep, which = name.partition("-")
            if which.startswith(kind):
                found.append(f"file name {name!r}: {kind} twice")
        self.assertFalse(found, "\n".join(sorted(set(found))[:80]))
