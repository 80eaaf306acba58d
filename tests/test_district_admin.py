"""Districts closed to each other's administrators (issue 21): the module's
administrator is no ERP manager; it configures its own district only. Proven
over JSON-RPC with an administrator of each district."""

from odoo.modules.migration import load_script
from odoo.tests import HttpCase, tagged

from .common import JointMeetingCommon
from .test_access_matrix import REFUSALS, JsonRpcMixin


@tagged("post_install", "-at_install")
class TestDistrictAdmin(JointMeetingCommon, HttpCase, JsonRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other_admin = cls._district_user(
            "t_other_admin", "group_joint_meeting_admin", cls.org_other, cls.other_company
        )
        cls.user_other_plain = cls._district_user("t_other_plain", company=cls.other_company)
        cls.admins = (
            (cls.user_admin, cls.company, cls.other_company, cls.user_plain, cls.user_other_plain),
            (
                cls.user_other_admin,
                cls.other_company,
                cls.company,
                cls.user_other_plain,
                cls.user_plain,
            ),
        )
        Leave = cls.env["resource.calendar.leaves"]
        cls.national = Leave.create(
            {
                "name": "National Day",
                "joint_meeting_national": True,
                "date_from": "2030-10-01 00:00:00",
                "date_to": "2030-10-03 23:59:59",
            }
        )
        assert not cls.national.company_id, "a nationwide holiday has no district"

    def _as(self, user, company):
        self.authenticate(user.login, user.login)
        return {"allowed_company_ids": [company.id]}

    def assertRefused(self, outcome, what):
        self.assertEqual(outcome[0], "error", f"{what}: must be refused")
        self.assertIn(outcome[1], REFUSALS, f"{what}: {outcome}")

    def test_admin_is_no_erp_manager(self):
        self.assertTrue(self.user_admin.has_group("joint_meeting.group_joint_meeting_office"))
        self.assertFalse(self.user_admin.has_group("base.group_erp_manager"))
        self.assertFalse(self.user_admin.has_group("base.group_system"))

    def test_settings_of_its_own_district_only(self):
        for admin, own, other, _mine, _theirs in self.admins:
            context = self._as(admin, own)
            lead_days = 17 if own == self.company else 19
            outcome = self.call_kw(
                "res.config.settings",
                "create",
                [
                    {
                        "joint_meeting_proposal_lead_days": lead_days,
                        "joint_meeting_tz": "Asia/Urumqi",
                    }
                ],
                context=context,
            )
            self.assertEqual(outcome[0], "ok", outcome)
            outcome = self.call_kw(
                "res.config.settings", "execute", [[outcome[1]]], context=context
            )
            self.assertEqual(outcome[0], "ok", outcome)
            self.env.invalidate_all()
            self.assertEqual(own.joint_meeting_proposal_lead_days, lead_days)
            self.assertEqual(own.joint_meeting_tz, "Asia/Urumqi")
            before = (other.joint_meeting_proposal_lead_days, other.joint_meeting_tz)
            for vals, ctx in (
                ({"company_id": other.id, "joint_meeting_proposal_lead_days": 3}, context),
                (
                    {"joint_meeting_holiday_policy": other.joint_meeting_holiday_policy},
                    {"allowed_company_ids": [other.id]},
                ),
            ):
                self.assertRefused(
                    self.call_kw("res.config.settings", "create", [vals], context=ctx),
                    f"{admin.login} settings of {other.name}",
                )
            self.assertRefused(
                self.call_kw(
                    "res.company",
                    "write",
                    [other.ids, {"joint_meeting_proposal_lead_days": 3}],
                    context=context,
                ),
                "the other company",
            )
            self.assertRefused(
                self.call_kw("res.company", "write", [own.ids, {"name": "x"}], context=context),
                "its own company's name",
            )
            self.env.invalidate_all()
            self.assertEqual(
                (other.joint_meeting_proposal_lead_days, other.joint_meeting_tz), before
            )

    def test_not_its_own_company_list(self):
        for admin, own, other, _mine, _theirs in self.admins:
            context = self._as(admin, own)
            self.assertRefused(
                self.call_kw(
                    "res.users",
                    "write",
                    [admin.ids, {"company_ids": [(4, other.id)]}],
                    context=context,
                ),
                "its own companies",
            )
            self.env.invalidate_all()
            self.assertEqual(admin.company_ids, own)

    def test_nationwide_calendar_only_for_the_system_administrator(self):
        for admin, own, _other, _mine, _theirs in self.admins:
            context = self._as(admin, own)
            for method, args in (
                ("unlink", [self.national.ids]),
                ("write", [self.national.ids, {"name": "Holiday"}]),
                (
                    "create",
                    [
                        {
                            "name": "Invented holiday",
                            "joint_meeting_national": True,
                            "date_from": "2030-11-01 00:00:00",
                            "date_to": "2030-11-01 23:59:59",
                        }
                    ],
                ),
            ):
                self.assertRefused(
                    self.call_kw("resource.calendar.leaves", method, args, context=context),
                    f"{admin.login} {method} nationwide holiday",
                )
            self.assertTrue(self.national.exists())
            self.assertEqual(self.national.name, "National Day")
            # Its own district's holiday: yes.
            outcome = self.call_kw(
                "resource.calendar.leaves",
                "create",
                [
                    {
                        "name": "District day",
                        "company_id": own.id,
                        "calendar_id": own.resource_calendar_id.id,
                        "date_from": "2030-11-02 00:00:00",
                        "date_to": "2030-11-02 23:59:59",
                    }
                ],
                context=context,
            )
            self.assertEqual(outcome[0], "ok", outcome)
            leave = self.env["resource.calendar.leaves"].browse(outcome[1])
            self.assertEqual(leave.company_id, own)
            outcome = self.call_kw(
                "resource.calendar.leaves",
                "write",
                [leave.ids, {"joint_meeting_national": True}],
                context=context,
            )
            self.assertRefused(outcome, "a district's holiday made nationwide")
            outcome = self.call_kw(
                "joint.meeting.workday",
                "create",
                [{"name": "Make-up day", "date": "2030-10-12"}],
                context=context,
            )
            self.assertRefused(outcome, "a nationwide make-up working day")

    def test_roles_of_its_own_district_users_only(self):
        office = self.env.ref("joint_meeting.group_joint_meeting_office")
        system = self.env.ref("base.group_system")
        for admin, own, _other, mine, theirs in self.admins:
            context = self._as(admin, own)
            outcome = self.call_kw(
                "res.users", "write", [mine.ids, {"group_ids": [(4, office.id)]}], context=context
            )
            self.assertEqual(outcome[0], "ok", outcome)
            self.assertTrue(mine.has_group("joint_meeting.group_joint_meeting_office"))
            for user, vals in (
                (theirs, {"group_ids": [(4, office.id)]}),
                (mine, {"group_ids": [(4, system.id)]}),
                (mine, {"login": "renamed"}),
                (self.env.ref("base.user_admin"), {"group_ids": [(3, office.id)]}),
            ):
                self.assertRefused(
                    self.call_kw("res.users", "write", [user.ids, vals], context=context),
                    f"{admin.login} writes {vals} on {user.login}",
                )
            self.assertFalse(theirs.has_group("joint_meeting.group_joint_meeting_office"))
            self.assertFalse(mine.has_group("base.group_system"))
            # Reset for the other district's round.
            mine.sudo().write({"group_ids": [(3, office.id)]})

    def test_upgrade_takes_the_erp_manager_group_from_district_administrators(self):
        """Odoo keeps a group a user got through an implication that is gone:
        the upgrade to 18.0.1.2.0 takes Odoo's ERP manager group from the
        district administrators, not from Odoo's system administrators."""
        erp_manager = self.env.ref("base.group_erp_manager")
        system_admin = self._district_user(
            "t_system_admin", "group_joint_meeting_admin", base_group="base.group_system"
        )
        # As an 18.0 database has them: 18.0 stored the implied groups with
        # the user's own (19.0 stores only the explicit ones).
        erp_manager.sudo().write({"user_ids": [(4, self.user_admin.id), (4, system_admin.id)]})
        upgrade = load_script(
            "joint_meeting/migrations/18.0.1.2.0/post-migrate.py", "joint_meeting_post_migrate_2"
        )
        logins = upgrade.close_district_administrators(self.env)
        self.assertIn(self.user_admin.login, logins)
        self.assertNotIn(erp_manager, self.user_admin.group_ids)
        self.assertIn(erp_manager, system_admin.group_ids)
        self.assertFalse(self.user_admin.has_group("base.group_erp_manager"))
