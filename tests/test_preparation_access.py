from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import JointMeetingPreparationCommon


@tagged("post_install", "-at_install")
class TestPreparationAccess(JointMeetingPreparationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.union_draft = cls._topic(cls)
        cls.youth_draft = cls._topic(cls, org=cls.org_youth, name="Youth employment")

    def test_org_user_sees_own_drafts_not_others(self):
        topics = self.env["joint.meeting.topic"].with_user(self.user_union).search([])
        self.assertIn(self.union_draft, topics)
        self.assertNotIn(self.youth_draft, topics)
        with self.assertRaises(AccessError):
            self.youth_draft.with_user(self.user_union).read(["name"])

    def test_org_user_edits_own_draft_not_others(self):
        self.union_draft.with_user(self.user_union).write({"name": "New title"})
        self.assertEqual(self.union_draft.name, "New title")
        with self.assertRaises(AccessError):
            self.youth_draft.with_user(self.user_union).write({"name": "Hijack"})

    def test_org_user_creates_topics_only_for_own_organisation(self):
        Topic = self.env["joint.meeting.topic"].with_user(self.user_union)
        vals = {
            "meeting_id": self.meeting.id,
            "name": "x",
            "category": "other",
            "countermeasures": "<p>y</p>",
        }
        topic = Topic.create({**vals, "organization_id": self.org_union.id})
        self.assertEqual(topic.organization_id, self.org_union)
        with self.assertRaises(AccessError):
            Topic.create({**vals, "organization_id": self.org_youth.id})

    @freeze_time("2026-03-10")
    def test_org_user_cannot_edit_submitted_topic(self):
        self.union_draft.with_user(self.user_union).action_submit()
        with self.assertRaises(UserError):
            self.union_draft.with_user(self.user_union).write({"name": "Changed"})

    @freeze_time("2026-03-10")
    def test_org_user_reads_accepted_agenda_of_others(self):
        self.youth_draft.with_user(self.user_youth).action_submit()
        self.youth_draft.with_user(self.user_leader).action_accept()
        topics = self.env["joint.meeting.topic"].with_user(self.user_union).search([])
        self.assertIn(self.youth_draft, topics)

    def test_org_user_cannot_submit_other_organisation_topic(self):
        with self.assertRaises(UserError):
            self.youth_draft.with_user(self.user_union).action_submit()

    def test_org_user_reads_meeting_but_cannot_write_or_create(self):
        self.assertEqual(self.meeting.with_user(self.user_union).name, self.meeting.name)
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_union).write({"place": "x"})
        with self.assertRaises(AccessError):
            self.env["joint.meeting"].with_user(self.user_union).create({"year": 2030})

    def test_office_full_rights_on_meetings(self):
        meeting = (
            self.env["joint.meeting"]
            .with_user(self.user_office)
            .create({"company_id": self.company.id, "year": 2031})
        )
        meeting.write({"place": "Hall"})
        meeting.unlink()
        self.assertFalse(meeting.exists())

    def test_leader_reads_all_and_cannot_delete(self):
        topics = self.env["joint.meeting.topic"].with_user(self.user_leader).search([])
        self.assertIn(self.youth_draft, topics)
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_leader).unlink()

    def test_supervisor_reads_but_cannot_write(self):
        self.assertTrue(self.union_draft.with_user(self.user_supervisor).name)
        with self.assertRaises(AccessError):
            self.union_draft.with_user(self.user_supervisor).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_supervisor).write({"place": "x"})

    def test_department_sees_only_its_consultations(self):
        self.union_draft.state = "accepted"
        Consultation = self.env["joint.meeting.consultation"]
        hr = Consultation.create(
            {
                "topic_id": self.union_draft.id,
                "department_id": self.org_hr.id,
                "due_date": "2026-03-20",
            }
        )
        fin = Consultation.create(
            {
                "topic_id": self.union_draft.id,
                "department_id": self.org_finance.id,
                "due_date": "2026-03-20",
            }
        )
        visible = Consultation.with_user(self.user_hr).search([])
        self.assertIn(hr, visible)
        self.assertNotIn(fin, visible)
        with self.assertRaises(AccessError):
            fin.with_user(self.user_hr).read(["name"])
        with self.assertRaises(AccessError):
            Consultation.with_user(self.user_hr).create(
                {
                    "topic_id": self.union_draft.id,
                    "department_id": self.org_hr.id,
                    "due_date": "2026-03-20",
                }
            )
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_hr).write({"place": "x"})
        self.assertTrue(self.meeting.with_user(self.user_hr).name)

    def test_department_cannot_send_consultations(self):
        self.union_draft.state = "accepted"
        consultation = self.env["joint.meeting.consultation"].create(
            {
                "topic_id": self.union_draft.id,
                "department_id": self.org_hr.id,
                "due_date": "2026-03-20",
            }
        )
        with self.assertRaises(UserError):
            consultation.with_user(self.user_hr).action_send()

    def test_other_district_sees_nothing(self):
        self.assertFalse(self.env["joint.meeting"].with_user(self.user_other).search([]))
        self.assertFalse(self.env["joint.meeting.topic"].with_user(self.user_other).search([]))
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_other).read(["name"])

    def test_user_without_role_cannot_read_meetings(self):
        with self.assertRaises(AccessError):
            self.env["joint.meeting"].with_user(self.user_plain).search([])
