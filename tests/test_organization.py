from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import JointMeetingCommon


@tagged("post_install", "-at_install")
class TestOrganization(JointMeetingCommon):
    def test_names_are_unique_per_kind_and_district(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["joint.meeting.organization"].create(
                    {"name": "Trade Union", "kind": "mass", "company_id": self.company.id}
                )

    def test_same_name_allowed_for_another_kind_or_district(self):
        Org = self.env["joint.meeting.organization"]
        dept = Org.create(
            {"name": "Trade Union", "kind": "department", "company_id": self.company.id}
        )
        other = Org.create(
            {"name": "Trade Union", "kind": "mass", "company_id": self.other_company.id}
        )
        self.assertTrue(dept and other)

    def test_managers_are_members(self):
        self.org_union.manager_ids = [(4, self.user_youth.id)]
        self.assertIn(self.user_youth, self.org_union.member_ids)
        self.assertIn(self.org_union, self.user_youth.joint_meeting_organization_ids)

    def test_user_organizations_mirror_members(self):
        self.assertEqual(self.user_union.joint_meeting_organization_ids, self.org_union)
        self.assertIn(self.user_union, self.org_union.member_ids)
        self.user_union.joint_meeting_organization_ids = [(4, self.org_youth.id)]
        self.assertIn(self.user_union, self.org_youth.member_ids)
        self.assertEqual(self.org_union.member_count, 1)

    def test_unused_organization_can_be_deleted(self):
        org = self.env["joint.meeting.organization"].create(
            {"name": "Temporary", "kind": "department", "company_id": self.company.id}
        )
        org.unlink()
        self.assertFalse(org.exists())

    def test_organization_with_records_is_not_deleted_whatever_the_context(self):
        """No client context opens the lock: Odoo skips ``@api.ondelete``
        hooks under ``_force_unlink``, so the check lives in ``unlink()``."""
        self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2001,
                "attendee_organization_ids": [(6, 0, self.org_union.ids)],
            }
        )
        for context in ({}, {"_force_unlink": True}, {"install_mode": True, "module": "x"}):
            with self.subTest(context=context), self.assertRaises(UserError):
                self.org_union.with_user(self.user_admin).with_context(**context).unlink()
        self.assertTrue(self.org_union.exists())

    def test_archive_keeps_the_record(self):
        self.org_finance.action_archive()
        self.assertFalse(self.org_finance.active)
        self.assertTrue(self.org_finance.exists())

    def test_rotation_follows_the_configured_order(self):
        Org = self.env["joint.meeting.organization"]
        self.assertEqual(Org._next_in_rotation(Org, self.company), self.org_union)
        self.assertEqual(Org._next_in_rotation(self.org_union, self.company), self.org_youth)
        self.assertEqual(Org._next_in_rotation(self.org_youth, self.company), self.org_women)
        self.assertEqual(Org._next_in_rotation(self.org_women, self.company), self.org_union)

    def test_rotation_skips_archived_and_other_districts(self):
        Org = self.env["joint.meeting.organization"]
        self.org_youth.action_archive()
        self.assertEqual(Org._next_in_rotation(self.org_union, self.company), self.org_women)
        self.assertEqual(Org._next_in_rotation(Org, self.other_company), self.org_other)

    def test_rotation_order_can_be_changed(self):
        Org = self.env["joint.meeting.organization"]
        self.org_women.rotation_sequence = 0
        self.assertEqual(Org._next_in_rotation(Org, self.company), self.org_women)
        self.assertEqual(Org._next_in_rotation(self.org_women, self.company), self.org_union)


@tagged("post_install", "-at_install")
class TestOrganizationAccess(JointMeetingCommon):
    def test_every_role_reads_organizations(self):
        for user in (
            self.user_office,
            self.user_admin,
            self.user_leader,
            self.user_union,
            self.user_hr,
            self.user_supervisor,
        ):
            orgs = self.env["joint.meeting.organization"].with_user(user).search([])
            self.assertIn(self.org_union, orgs, user.login)

    def test_roles_other_than_admin_cannot_write(self):
        for user in (
            self.user_office,
            self.user_leader,
            self.user_union,
            self.user_hr,
            self.user_supervisor,
        ):
            with self.assertRaises(AccessError, msg=user.login):
                self.org_union.with_user(user).write({"phone": "123"})

    def test_roles_other_than_admin_cannot_create(self):
        for user in (self.user_office, self.user_union, self.user_hr, self.user_supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["joint.meeting.organization"].with_user(user).create(
                    {"name": "New", "kind": "mass", "company_id": self.company.id}
                )

    def test_roles_other_than_admin_cannot_delete(self):
        for user in (self.user_office, self.user_leader, self.user_union, self.user_supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                self.org_finance.with_user(user).unlink()

    def test_admin_creates_writes_and_deletes(self):
        Org = self.env["joint.meeting.organization"].with_user(self.user_admin)
        org = Org.create(
            {"name": "New Bureau", "kind": "department", "company_id": self.company.id}
        )
        org.write({"phone": "0812-1234567", "member_ids": [(4, self.user_hr.id)]})
        self.assertEqual(org.phone, "0812-1234567")
        org.unlink()
        self.assertFalse(org.exists())

    def test_user_without_role_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["joint.meeting.organization"].with_user(self.user_plain).search([])

    def test_other_district_is_invisible(self):
        orgs = self.env["joint.meeting.organization"].with_user(self.user_union).search([])
        self.assertNotIn(self.org_other, orgs)
        orgs_other = self.env["joint.meeting.organization"].with_user(self.user_other).search([])
        self.assertEqual(orgs_other, self.org_other)
        with self.assertRaises(AccessError):
            self.org_union.with_user(self.user_other).read(["name"])

    def test_group_implications(self):
        self.assertTrue(self.user_admin.has_group("joint_meeting.group_joint_meeting_office"))
        # Issue 21: the module's administrator configures its own district, it is
        # no ERP manager (test_district_admin proves it over JSON-RPC).
        self.assertFalse(self.user_admin.has_group("base.group_erp_manager"))
        self.assertFalse(self.user_office.has_group("joint_meeting.group_joint_meeting_admin"))
        self.assertFalse(self.user_office.has_group("joint_meeting.group_joint_meeting_leader"))
        for user in (self.user_union, self.user_hr, self.user_supervisor, self.user_leader):
            self.assertTrue(user.has_group("base.group_user"))
            self.assertFalse(user.has_group("joint_meeting.group_joint_meeting_office"))

    def test_groups_share_one_privilege(self):
        privilege = self.env.ref("joint_meeting.res_groups_privilege_joint_meeting")
        groups = self.env["res.groups"].search([("privilege_id", "=", privilege.id)])
        self.assertEqual(len(groups), 6)


@tagged("post_install", "-at_install")
class TestDemoData(JointMeetingCommon):
    def test_demo_has_renhe_organisations_of_every_kind(self):
        company = self.env.ref("base.main_company")
        orgs = self.env["joint.meeting.organization"].search([("company_id", "=", company.id)])
        self.assertGreaterEqual(len(orgs), 13)
        self.assertGreaterEqual(len(set(orgs.mapped("kind"))), 4)
        mass = orgs.filtered(lambda o: o.kind == "mass")
        self.assertEqual(
            set(mass.mapped("short_name")), {"区总工会", "团区委", "区妇联", "区科协", "区残联"}
        )

    def test_demo_users_speak_chinese_and_hold_their_role(self):
        office = self.env.ref("joint_meeting.user_office")
        self.assertEqual(office.lang, "zh_CN")
        self.assertTrue(office.has_group("joint_meeting.group_joint_meeting_office"))
        leader = self.env.ref("joint_meeting.user_leader")
        self.assertTrue(leader.has_group("joint_meeting.group_joint_meeting_leader"))
        east = self.env.ref("joint_meeting.user_east_office")
        self.assertEqual(east.company_id, self.env.ref("joint_meeting.company_east"))

    def test_menus_are_translated_to_chinese(self):
        menu = self.env.ref("joint_meeting.menu_joint_meeting_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "联席会议")


@tagged("post_install", "-at_install")
class TestDemoMeetings(JointMeetingCommon):
    def test_demo_2025_minutes_issued_with_matters_in_every_state(self):
        minutes = self.env.ref("joint_meeting.minutes_renhe_2025")
        self.assertEqual(minutes.state, "issued")
        self.assertEqual(
            set(minutes.resolution_ids.mapped("state")), {"open", "in_progress", "done", "cannot"}
        )
        self.assertEqual(self.env.ref("joint_meeting.meeting_renhe_2025").state, "minutes_issued")
        self.assertEqual(self.env.ref("joint_meeting.minutes_renhe_2026").state, "draft")

    def test_demo_2026_meeting_follows_the_rotation(self):
        meeting = self.env.ref("joint_meeting.meeting_renhe_2026")
        self.assertEqual(
            meeting.previous_meeting_id, self.env.ref("joint_meeting.meeting_renhe_2025")
        )
        self.assertEqual(meeting.preparing_organization_id, meeting.rotation_organization_id)
        orgs = meeting.topic_ids.organization_id.filtered(lambda o: o.kind == "mass")
        self.assertEqual(len(orgs), 5)
        states = set(meeting.consultation_ids.mapped("state"))
        self.assertTrue({"replied", "waiting"} <= states)
        self.assertTrue(meeting.consultation_ids.filtered("is_overdue"))
