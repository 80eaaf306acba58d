"""Structural rules held by the database, proven with two real transactions,
and the district isolation of every model."""
# Two users at once need two real transactions, each committed.
# pylint: disable=invalid-commit

import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ConcurrentTransactionCase, JointMeetingCommon, a_transaction_waits_for_a_lock


@tagged("post_install", "-at_install")
class TestTwoTransactions(ConcurrentTransactionCase):
    """Two cursors on the real database, as two users at once. What they
    commit is removed at the end."""

    def setUp(self):
        super().setUp()
        self.company = self.env.ref("base.main_company")
        self.cleanup = []  # (table, id)

        def remove():
            with self.registry.cursor() as cr:
                for table, record_id in reversed(self.cleanup):
                    cr.execute(f'DELETE FROM "{table}" WHERE id = %s', [record_id])

        self.addCleanup(remove)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _meeting_vals(self, year=2091, **vals):
        return {
            "company_id": self.company.id,
            "year": year,
            "meeting_type": "extraordinary",
            "extraordinary_reason": "Integrity test",
            **vals,
        }

    def test_meeting_references_are_distinct_in_a_batch_and_never_reused(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            Meeting = env["joint.meeting"]
            batch = Meeting.create([self._meeting_vals(), self._meeting_vals()])
            self.assertEqual(len(set(batch.mapped("name"))), 2)
            deleted_name = batch[1].name
            batch[1].unlink()
            later = Meeting.create(self._meeting_vals())
            self.assertNotEqual(later.name, deleted_name)
            self.cleanup += [("joint_meeting", batch[0].id), ("joint_meeting", later.id)]
            cr.commit()

    def test_two_users_creating_meetings_at_once_get_two_references(self):
        """The second user waits on the district's sequence until the first
        commits, then is retried with a fresh snapshot, as the server does."""
        results, errors = {}, []

        def second_user():
            try:
                with self.registry.cursor() as cr2:
                    env = self._env(cr2)

                    def work():
                        meeting = env["joint.meeting"].create(self._meeting_vals(2092))
                        results["second"] = (meeting.id, meeting.name)

                    retrying(work, env)  # commits, retries on serialization errors
            except Exception as e:  # noqa: BLE001 - reported by the test below
                errors.append(e)

        with self.registry.cursor() as cr1:
            first = self._env(cr1)["joint.meeting"].create(self._meeting_vals(2092))
            results["first"] = (first.id, first.name)
            thread = threading.Thread(target=second_user)
            thread.start()
            waited = a_transaction_waits_for_a_lock(self.registry)
            cr1.commit()
        self.cleanup.append(("joint_meeting", results["first"][0]))
        thread.join(60)
        if "second" in results:
            self.cleanup.append(("joint_meeting", results["second"][0]))
        self.assertTrue(waited, "the second user never waited for the first")
        self.assertFalse(errors)
        self.assertIn("second", results)
        self.assertNotEqual(results["first"][1], results["second"][1])

    def _insert_meeting(self, cr, **vals):
        row = {
            "name": "Integrity",
            "company_id": self.company.id,
            "year": 2093,
            "meeting_type": "regular",
            "state": "draft",
            "active": True,
            **vals,
        }
        columns = ", ".join(row)
        cr.execute(
            f"INSERT INTO joint_meeting ({columns}) VALUES ({', '.join(['%s'] * len(row))}) "
            "RETURNING id",
            list(row.values()),
        )
        return cr.fetchone()[0]

    @mute_logger("odoo.sql_db")
    def test_one_regular_meeting_per_district_and_year_in_the_database(self):
        with self.registry.cursor() as cr1:
            self.cleanup.append(("joint_meeting", self._insert_meeting(cr1, name="First")))
            cr1.commit()
        with self.registry.cursor() as cr2:
            with self.assertRaises(errors.ExclusionViolation):
                self._insert_meeting(cr2, name="Second")
            cr2.rollback()
            # Extraordinary and cancelled meetings are not limited.
            self.cleanup.append(
                ("joint_meeting", self._insert_meeting(cr2, name="X", meeting_type="extraordinary"))
            )
            self.cleanup.append(
                ("joint_meeting", self._insert_meeting(cr2, name="C", state="cancelled"))
            )
            cr2.commit()

    @mute_logger("odoo.sql_db")
    def test_document_number_per_district_in_the_database(self):
        with self.registry.cursor() as cr1:
            meeting = self._insert_meeting(cr1, name="Docs", meeting_type="extraordinary")
            self.cleanup.append(("joint_meeting", meeting))
            cr1.execute(
                "INSERT INTO joint_meeting_minutes (name, meeting_id, company_id, state, "
                "document_number, active) VALUES ('A', %s, %s, 'issued', 'T〔2093〕1号', true) "
                "RETURNING id",
                [meeting, self.company.id],
            )
            self.cleanup.append(("joint_meeting_minutes", cr1.fetchone()[0]))
            cr1.commit()
        with self.registry.cursor() as cr2:
            with self.assertRaises(errors.UniqueViolation):
                cr2.execute(
                    "INSERT INTO joint_meeting_minutes (name, meeting_id, company_id, state, "
                    "document_number, active) VALUES ('B', %s, %s, 'issued', 'T〔2093〕1号', true)",
                    [meeting, self.company.id],
                )
            cr2.rollback()

    @mute_logger("odoo.sql_db")
    def test_one_confirmation_per_organisation_and_one_reminder_per_key(self):
        with self.registry.cursor() as cr1:
            meeting = self._insert_meeting(cr1, name="Conf", meeting_type="extraordinary")
            self.cleanup.append(("joint_meeting", meeting))
            cr1.execute(
                "INSERT INTO joint_meeting_minutes (name, meeting_id, company_id, state, active) "
                "VALUES ('M', %s, %s, 'review', true) RETURNING id",
                [meeting, self.company.id],
            )
            minutes = cr1.fetchone()[0]
            self.cleanup.append(("joint_meeting_minutes", minutes))
            org = self.env["joint.meeting.organization"].search(
                [("company_id", "=", self.company.id)], limit=1
            )
            confirmation = (
                "INSERT INTO joint_meeting_minutes_confirmation "
                "(minutes_id, organization_id, user_id, date, company_id) "
                "VALUES (%s, %s, %s, now(), %s) RETURNING id"
            )
            cr1.execute(confirmation, [minutes, org.id, api.SUPERUSER_ID, self.company.id])
            self.cleanup.append(("joint_meeting_minutes_confirmation", cr1.fetchone()[0]))
            reminder = (
                "INSERT INTO joint_meeting_reminder (res_model, res_id, kind, period, date) "
                "VALUES ('joint.meeting', %s, 'integrity', '2026-01-01', now()) RETURNING id"
            )
            cr1.execute(reminder, [meeting])
            self.cleanup.append(("joint_meeting_reminder", cr1.fetchone()[0]))
            cr1.commit()
        with self.registry.cursor() as cr2:
            with self.assertRaises(errors.UniqueViolation):
                cr2.execute(confirmation, [minutes, org.id, api.SUPERUSER_ID, self.company.id])
            cr2.rollback()
            with self.assertRaises(errors.UniqueViolation):
                # The same record, kind and period, addressed to no unit: NULL
                # counts as one value in the key.
                cr2.execute(reminder, [meeting])
            cr2.rollback()


@tagged("post_install", "-at_install")
class TestDistricts(JointMeetingCommon):
    def test_every_model_holding_district_data_has_its_company_rule(self):
        missing = []
        Rule = self.env["ir.rule"].sudo()
        for name, Model in self.registry.items():
            if not name.startswith("joint.meeting") or Model._abstract or Model._transient:
                continue
            if "company_id" not in Model._fields or not Model._fields["company_id"].store:
                missing.append(f"{name}: no stored company_id")
                continue
            rules = Rule.search([("model_id.model", "=", name), ("global", "=", True)])
            if not any("company_ids" in rule.domain_force for rule in rules):
                missing.append(f"{name}: no global multi-company rule")
        self.assertFalse(missing, "\n".join(missing))

    def test_confirmations_are_not_readable_from_another_district(self):
        meeting = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2094,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "x",
            }
        )
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": meeting.id, "name": "M", "drafting_organization_ids": self.org_union.ids}
        )
        confirmation = self.env["joint.meeting.minutes.confirmation"].create(
            {
                "minutes_id": minutes.id,
                "organization_id": self.org_union.id,
                "user_id": self.user_union.id,
            }
        )
        self.assertEqual(confirmation.company_id, self.company)
        visible = (
            self.env["joint.meeting.minutes.confirmation"].with_user(self.user_other).search([])
        )
        self.assertNotIn(confirmation, visible)

    def test_an_organisation_in_use_stays_in_its_district(self):
        self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2095,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "x",
                "preparing_organization_id": self.org_union.id,
            }
        )
        with self.assertRaises(UserError) as refused:
            self.org_union.write({"company_id": self.other_company.id})
        self.assertIn("district", str(refused.exception))

    def test_users_of_another_district_are_not_members_or_liaisons(self):
        with self.assertRaises(ValidationError):
            self.org_union.write({"member_ids": [(4, self.user_other.id)]})
        with self.assertRaises(ValidationError):
            self.org_union.write({"liaison_id": self.user_other.id})
        with self.assertRaises(ValidationError):
            self.user_other.write({"joint_meeting_organization_ids": [(4, self.org_hr.id)]})

    def test_reply_wizard_links_only_readable_attachments(self):
        secret = self.env["ir.attachment"].create({"name": "secret.txt", "raw": b"secret"})
        topic_meeting = self.env["joint.meeting"].create(
            {
                "company_id": self.company.id,
                "year": 2096,
                "meeting_type": "extraordinary",
                "extraordinary_reason": "x",
                "date": "2096-06-30 02:00:00",
            }
        )
        topic = self.env["joint.meeting.topic"].create(
            {
                "meeting_id": topic_meeting.id,
                "organization_id": self.org_union.id,
                "name": "T",
                "category": "other",
                "state": "accepted",
            }
        )
        consultation = self.env["joint.meeting.consultation"].create(
            {
                "topic_id": topic.id,
                "department_id": self.org_hr.id,
                "due_date": "2096-06-01",
                "state": "waiting",
            }
        )
        # Refused when the wizard is filled (19.0 checks the attachments a
        # many2many links) or, at the latest, when it is confirmed.
        with self.assertRaises(AccessError), self.cr.savepoint():
            wizard = (
                self.env["joint.meeting.consultation.reply"]
                .with_user(self.user_hr)
                .create(
                    {
                        "consultation_id": consultation.id,
                        "position": "agree",
                        "reply_text": "<p>同意</p>",
                        "attachment_ids": [(6, 0, secret.ids)],
                    }
                )
            )
            wizard.action_confirm()
        self.assertEqual(consultation.state, "waiting")
        self.assertFalse(consultation.reply_attachment_ids)
