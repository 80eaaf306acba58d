import re

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext

# Latin words a Chinese screen may show: codes and proper names.
ALLOWED = {"PDF", "ID", "Excel", "Odoo", "OdooBot", "Email", "URL", "SHA", "pdf"}
# Digests (hexadecimal) are codes, whatever letters they hold.
HEX = re.compile(r"\b[0-9a-f]{32,}\b")
# Odoo's own chatter and activity fields, present on every model and not shown
# as text: their labels are Odoo's translations, not this module's.
MIXIN_PREFIXES = ("activity_", "message_", "website_message", "has_message")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
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
    ],
}


@tagged("post_install", "-at_install")
class TestChineseScreens(TransactionCase):
    """Every text a role meets first is Chinese: its workbench, its main
    forms and lists (labels, help, choices) and the chatter of the demo
    records (creation and tracking messages)."""

    def _latin(self, text):
        text = HEX.sub("", text or "")
        return {word for word in LATIN_WORD.findall(text) if word not in ALLOWED}

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
