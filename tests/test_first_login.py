from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFirstLogin(HttpCase):
    """A joint-meeting user's first login opens the workbench, not an unread
    OdooBot chat (mail_bot's onboarding, started when the web client loads)."""

    def _login(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)

    def _odoobot_messages(self, user):
        odoobot = self.env.ref("base.partner_root")
        chats = (
            self.env["discuss.channel"]
            .sudo()
            .search(
                [
                    ("channel_type", "=", "chat"),
                    ("channel_member_ids.partner_id", "=", user.partner_id.id),
                ]
            )
            .filtered(lambda channel: odoobot in channel.channel_member_ids.partner_id)
        )
        return chats.message_ids.filtered(lambda message: message.author_id == odoobot)

    def _user(self, login, groups):
        return new_test_user(
            self.env, login=login, password=login, groups=groups, lang="zh_CN", tz="Asia/Shanghai"
        )

    def test_role_users_meet_no_odoobot_chat(self):
        role = "joint_meeting.group_joint_meeting_org_user"
        # A demo role user, a user created with a role, a user given one later.
        demo = self.env["res.users"].search([("login", "=", "jm_union")])
        created = self._user("t_role_created", f"base.group_user,{role}")
        given = self._user("t_role_given", "base.group_user")
        given.group_ids = [(4, self.env.ref(role).id)]
        for user in (demo, created, given):
            self._login(user)
            self.assertFalse(self._odoobot_messages(user), user.login)
            self.assertEqual(
                user.action_id.id,
                self.env.ref("joint_meeting.joint_meeting_todo_action").id,
                user.login,
            )

    def test_other_users_keep_odoobot(self):
        """Only the joint-meeting roles are concerned: where mail_bot is
        installed, an internal user without a role still meets OdooBot."""
        plain = self._user("t_no_role", "base.group_user")
        self._login(plain)
        if "odoobot_state" in plain._fields:
            self.assertTrue(self._odoobot_messages(plain))
            self.assertEqual(plain.odoobot_state, "onboarding_emoji")
