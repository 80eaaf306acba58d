import hashlib
import os
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models import joint_meeting_minutes_kept_copy as kept_copy
from .common import JointMeetingMinutesCommon
from .pdf_text import pdf_text

REPORT = "joint_meeting.action_report_joint_meeting_minutes"


@tagged("post_install", "-at_install")
class TestKeptCopy(JointMeetingMinutesCommon):
    """Issuing keeps the PDF as the official copy, sealed with its SHA-256:
    nobody changes or deletes it, a verification says whether the stored file
    still matches."""

    def _issue_with_pdf(self, minutes=None):
        """Issue, then run what the issue triggered (after its commit, on the
        server): the scheduled action that renders and seals the copy."""
        minutes = minutes or self.minutes
        self._through_review(minutes)
        cron = self.env.ref("joint_meeting.ir_cron_joint_meeting_kept_copies")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        minutes.with_user(self.user_office).action_issue()
        self.assertFalse(minutes.pdf_attachment_id, "the issuing request renders nothing")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        return minutes.pdf_attachment_id

    @freeze_time("2026-04-10")
    def test_issuing_seals_the_pdf_with_its_sha256(self):
        copy = self._issue_with_pdf()
        self.assertEqual(copy.name, "会议纪要-测府纪〔2026〕1号.pdf")
        self.assertTrue(copy.raw.startswith(b"%PDF"))
        self.assertEqual(self.minutes.pdf_sha256, hashlib.sha256(copy.raw).hexdigest())
        self.assertTrue(self.minutes.pdf_sealed_date)
        # (the OFD copy's message may come after it)
        self.assertTrue(
            self.minutes.message_ids.filtered(lambda m: self.minutes.pdf_sha256 in m.body)
        )
        self.assertIn("测试区人民政府", pdf_text(copy.raw))

    @freeze_time("2026-04-10")
    def test_nobody_changes_or_deletes_the_kept_copy_not_even_the_superuser(self):
        copy = self._issue_with_pdf()
        raw = copy.raw
        users = (
            self.user_office,
            self.user_admin,
            self.user_leader,
            self.user_union,
            self.user_supervisor,
            self.env.ref("base.user_admin"),
        )
        for user in users:
            attachment = copy.with_user(user)
            for vals in ({"raw": b"%PDF forged"}, {"name": "renamed.pdf"}, {"res_id": 0}):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(UserError),
                ):
                    attachment.write(vals)
            with self.subTest(user=user.login), self.assertRaises(UserError):
                attachment.unlink()
        with self.assertRaisesRegex(UserError, "sealed kept copy"):
            copy.sudo().write({"datas": b"JVBERg=="})
        with self.assertRaisesRegex(UserError, "sealed kept copy"):
            copy.sudo().unlink()
        with self.assertRaisesRegex(UserError, "sealed kept copy"):
            copy.sudo().with_context(_force_unlink=True).unlink()
        self.assertEqual(copy.raw, raw)
        self.assertEqual(copy.name, "会议纪要-测府纪〔2026〕1号.pdf")

    @freeze_time("2026-04-10")
    def test_the_seal_fields_are_never_written_through_the_orm(self):
        copy = self._issue_with_pdf()
        other = self.env["ir.attachment"].create({"name": "other.pdf", "raw": b"%PDF other"})
        draft = self.env["joint.meeting.minutes"].create(
            {"meeting_id": self.meeting.id, "name": "Draft"}
        )
        for vals in ({"pdf_attachment_id": other.id}, {"pdf_sha256": "0" * 64}):
            with self.assertRaisesRegex(UserError, "sealed"):
                draft.sudo().write(vals)
            with self.assertRaisesRegex(UserError, "sealed"):
                self.env["joint.meeting.minutes"].sudo().create(
                    {"meeting_id": self.meeting.id, "name": "Forged", **vals}
                )
        # What is not a kept copy stays an ordinary attachment.
        other.write({"name": "renamed.pdf"})
        other.unlink()
        self.assertTrue(copy.exists())

    @freeze_time("2026-04-10")
    def test_odoo_attachment_code_keeps_working_on_the_kept_copy(self):
        copy = self._issue_with_pdf()
        raw, checksum = copy.raw, copy.checksum
        self.assertEqual(copy._compute_checksum(raw), checksum)
        copy._migrate()  # storage migration writes the same content back
        copy.generate_access_token()
        self.assertTrue(copy.access_token)
        self.env["ir.attachment"]._gc_file_store_unsafe()
        copy.invalidate_recordset()
        self.assertEqual(copy.raw, raw)
        self.assertEqual(copy.checksum, checksum)

    @freeze_time("2026-04-10")
    def test_verify_says_whether_the_stored_file_matches(self):
        copy = self._issue_with_pdf()
        action = self.minutes.with_user(self.user_supervisor).action_verify_kept_copy()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("verified", self.minutes.message_ids[0].body)
        self.assertEqual(self.minutes.message_ids[0].author_id, self.user_supervisor.partner_id)
        # The file is altered behind Odoo's back, in the file store.
        path = copy._full_path(copy.store_fname)
        with open(path, "rb") as f:
            original = f.read()
        try:
            with open(path, "wb") as f:
                f.write(original + b"% altered")
            copy.invalidate_recordset()
            action = self.minutes.with_user(self.user_office).action_verify_kept_copy()
        finally:
            with open(path, "wb") as f:
                f.write(original)
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("altered", self.minutes.message_ids[0].body)
        # (the OFD copy's message may come after it)
        self.assertTrue(
            self.minutes.message_ids.filtered(lambda m: self.minutes.pdf_sha256 in m.body)
        )
        self.assertTrue(os.path.exists(path))

    @freeze_time("2026-04-10")
    def test_a_new_revision_keeps_the_previous_copy(self):
        first = self._issue_with_pdf()
        action = self.minutes.with_user(self.user_office).action_new_revision()
        revision = self.env["joint.meeting.minutes"].browse(action["res_id"])
        self.assertFalse(revision.pdf_attachment_id)
        second = self._issue_with_pdf(revision)
        self.assertNotEqual(first, second)
        self.assertEqual(self.minutes.pdf_attachment_id, first)
        self.assertEqual(second.name, "会议纪要-测府纪〔2026〕2号.pdf")
        for copy in first | second:
            with self.assertRaises(UserError):
                copy.sudo().unlink()

    @freeze_time("2026-04-10")
    def test_failed_rendering_leaves_the_minutes_issued_and_the_cron_produces_the_copy(self):
        self._through_review()
        self.minutes.with_user(self.user_office).action_issue()
        Report = type(self.env["ir.actions.report"])
        with (
            patch.object(Report, "_render_qweb_pdf", side_effect=UserError("wkhtmltopdf down")),
            mute_logger(kept_copy.__name__),  # the failure is logged, as it should be
        ):
            self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        self.assertEqual(self.minutes.state, "issued")
        self.assertEqual(self.minutes.document_number, "测府纪〔2026〕1号")
        self.assertFalse(self.minutes.pdf_attachment_id)
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_leader).action_produce_kept_copy()
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        self.assertTrue(self.minutes.pdf_attachment_id.raw.startswith(b"%PDF"))
        with self.assertRaises(UserError):
            self.minutes.with_user(self.user_office).action_produce_kept_copy()

    def test_backlog_is_rendered_within_the_cron_workers_time_limit(self):
        """An upgraded district's issued minutes without a kept copy: each call
        stops before its share of the worker's real-time limit, says what
        remains, and the runner's next call goes on."""
        Minutes = self.env["joint.meeting.minutes"]
        issued = Minutes.search([("state", "=", "issued")], limit=1)
        self.assertTrue(issued, "the demo has issued minutes")
        # 25 minutes to render (one record standing for each; rendering is mocked).
        backlog = Minutes.browse(issued.ids * 25)
        clock = [0.0]
        rendered = []

        def render(records):
            clock[0] += 4.0  # a 4-second PDF
            rendered.append(records.id)
            return True

        progress = []
        Cron = type(self.env["ir.cron"])
        with (
            patch.object(kept_copy, "monotonic", lambda: clock[0]),
            patch.object(type(Minutes), "_kept_copy_backlog", lambda self: backlog),
            patch.object(type(Minutes), "_joint_meeting_produce_kept_copy", render),
            patch.object(type(Minutes), "_kept_copy_time_budget", lambda self: 10.0),
            patch.object(
                Cron,
                "_commit_progress",
                lambda self, processed=0, **kw: progress.append({"done": processed, **kw}),
            ),
        ):
            Minutes.with_context(ir_cron_progress_id=-1)._cron_produce_kept_copies()
        # 4 s, then 8 s: a third PDF would end at 12 s, past the 10 s budget.
        self.assertEqual(rendered, backlog.ids[:2])
        self.assertEqual(progress, [{"done": 2, "remaining": 23}])
        # A worker without a real-time limit renders the whole batch.
        rendered.clear()
        with (
            patch.object(kept_copy, "monotonic", lambda: clock[0]),
            patch.object(type(Minutes), "_kept_copy_backlog", lambda self: backlog),
            patch.object(type(Minutes), "_joint_meeting_produce_kept_copy", render),
            patch.object(type(Minutes), "_kept_copy_time_budget", lambda self: None),
        ):
            Minutes._cron_produce_kept_copies()
        self.assertEqual(rendered, backlog.ids[:20])
        # The budget: the worker's limit shared by the runner's calls.
        options = kept_copy.config.options
        for cron_limit, limit, budget in ((-1, 120, 10.0), (60, 120, 5.0), (-1, 0, None)):
            with patch.dict(
                options, {"limit_time_real_cron": cron_limit, "limit_time_real": limit}
            ):
                self.assertEqual(Minutes._kept_copy_time_budget(), budget)

    def test_demo_issued_minutes_carry_their_kept_copy(self):
        minutes = self.env["joint.meeting.minutes"].search(
            [("document_number", "=", "仁府纪〔2025〕7号")]
        )
        self.assertEqual(len(minutes), 1)
        copy = minutes.pdf_attachment_id
        self.assertTrue(copy.raw.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(copy.raw).hexdigest(), minutes.pdf_sha256)
        self.assertEqual(minutes.action_verify_kept_copy()["params"]["type"], "success")

    @freeze_time("2026-04-10")
    def test_protecting_attachments_costs_one_query_per_write(self):
        attachment = self.env["ir.attachment"].create({"name": "a.txt", "raw": b"a"})
        self.assertEqual(attachment.name, "a.txt")
        with self.assertQueryCount(1):  # the update: no seal query for an ordinary file
            attachment.write({"description": "x"})
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestSealedCopyIsTheDocument(JointMeetingMinutesCommon):
    """Print of issued minutes serves the kept copy; the seals of a district
    are a chain (number, text, PDF, previous seal) whose check names the
    first broken link."""

    def _issue_and_seal(self, minutes=None):
        minutes = minutes or self.minutes
        self._through_review(minutes)
        minutes.with_user(self.user_office).action_issue()
        self.env["joint.meeting.minutes"]._cron_produce_kept_copies()
        self.assertTrue(minutes.pdf_attachment_id)
        return minutes

    def _print(self, minutes, user):
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, res_ids=minutes.ids)
        )
        return pdf

    @freeze_time("2026-04-10")
    def test_print_of_issued_minutes_serves_the_kept_copy(self):
        self._issue_and_seal()
        copy = self.minutes.pdf_attachment_id
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "_run_wkhtmltopdf", side_effect=AssertionError("rendered")):
            pdf = self._print(self.minutes, self.user_office)
        self.assertEqual(pdf, copy.raw)
        # A user who may not read the minutes gets no copy either.
        outsider = new_test_user(self.env, login="jm_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._print(self.minutes, outsider)

    @freeze_time("2026-04-10")
    def test_the_seals_of_a_district_are_a_chain(self):
        first = self._issue_and_seal()
        action = first.with_user(self.user_office).action_new_revision()
        second = self._issue_and_seal(self.env["joint.meeting.minutes"].browse(action["res_id"]))
        self.assertEqual(second.seal_sequence, first.seal_sequence + 1)
        Minutes = self.env["joint.meeting.minutes"]
        self.assertEqual(
            second.seal_hash,
            Minutes._joint_meeting_seal_hash(
                first.seal_hash,
                [
                    second.company_id.id,
                    second.seal_sequence,
                    second.document_number,
                    second.body or "",
                    second.pdf_sha256,
                    second.ofd_sha256,  # the OFD copy, sealed in the same link
                ],
            ),
        )
        action = second.with_user(self.user_leader).action_check_seal_chain()
        self.assertEqual(action["params"]["type"], "success", action["params"]["message"])
        self.assertIn(f": {second.seal_sequence} kept copies verified", action["params"]["message"])

        def check():
            Minutes.invalidate_model()
            return second.with_user(self.user_supervisor).action_check_seal_chain()["params"]

        # The text of the first minutes changed behind Odoo's back.
        cr = self.env.cr
        cr.execute("SELECT body FROM joint_meeting_minutes WHERE id = %s", [first.id])
        body = cr.fetchone()[0]
        cr.execute(
            "UPDATE joint_meeting_minutes SET body = %s WHERE id = %s",
            [f"{body or ''}<p>改</p>", first.id],
        )
        result = check()
        self.assertEqual(result["type"], "danger")
        self.assertIn(f"broken at link {first.seal_sequence}", result["message"])
        self.assertIn(first.document_number, result["message"])
        cr.execute("UPDATE joint_meeting_minutes SET body = %s WHERE id = %s", [body, first.id])
        self.assertEqual(check()["type"], "success")
        # The second one's number changed: the first link holds, the second breaks.
        number = second.document_number
        cr.execute(
            "UPDATE joint_meeting_minutes SET document_number = '伪〔2026〕9号' WHERE id = %s",
            [second.id],
        )
        result = check()
        self.assertIn(f"broken at link {second.seal_sequence}", result["message"])
        cr.execute(
            "UPDATE joint_meeting_minutes SET document_number = %s WHERE id = %s",
            [number, second.id],
        )
        # A link removed: the chain says which position is missing.
        cr.execute(
            "UPDATE joint_meeting_minutes SET seal_sequence = seal_sequence + 100 WHERE id = %s",
            [first.id],
        )
        result = check()
        self.assertIn("is missing", result["message"])
        cr.execute(
            "UPDATE joint_meeting_minutes SET seal_sequence = seal_sequence - 100 WHERE id = %s",
            [first.id],
        )
        self.assertEqual(check()["type"], "success")

    @freeze_time("2026-04-10")
    def test_an_altered_pdf_breaks_the_chain(self):
        minutes = self._issue_and_seal()
        copy = minutes.pdf_attachment_id
        path = copy._full_path(copy.store_fname)
        with open(path, "rb") as f:
            original = f.read()
        try:
            with open(path, "wb") as f:
                f.write(original + b"% altered")
            copy.invalidate_recordset()
            result = minutes.with_user(self.user_office).action_check_seal_chain()["params"]
        finally:
            with open(path, "wb") as f:
                f.write(original)
        self.assertEqual(result["type"], "danger")
        self.assertIn("stored PDF", result["message"])
        self.assertIn(minutes.document_number, result["message"])
