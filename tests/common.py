import threading
import time
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval

from .pdf_text import pdf_fonts, pdf_text


def run_cron(env, name):
    """Run the scheduled action ``ir_cron_joint_meeting_<name>`` as the cron
    runner would (its own model and code, one call); returns (done, remaining)."""
    cron = env.ref(f"joint_meeting.ir_cron_joint_meeting_{name}")
    return safe_eval(cron.code.strip(), {"model": env[cron.model_id.model]})


class ConcurrentTransactionCase(TransactionCase):
    """Real transactions at the same moment: threads, each on a cursor of its
    own, that commit (what they commit, the test removes).

    Odoo's runner (``odoo-bin --test-enable``) runs the tests while it holds
    the registry's lock, so that no request reaches a registry being loaded:
    a thread looking the registry up by name (``api.Environment`` on a new
    cursor, Odoo's retry of concurrency failures) would wait for the end of
    the run. The threads of these tests get a lock of their own, as the HTTP
    workers of an ``HttpCase`` do (``Registry.enter_test_mode``)."""

    def setUp(self):
        super().setUp()
        self.startPatcher(patch.object(Registry, "_lock", threading.RLock()))


def a_transaction_waits_for_a_lock(db, timeout=30):
    """True as soon as a transaction of the database waits for a lock (the
    second user queued behind the first), False after ``timeout`` seconds: a
    condition observed in PostgreSQL, not a guessed delay."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    with db.cursor() as cr:
        while time.monotonic() < deadline:
            cr.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cr.fetchone()[0]:
                return True
            cr.rollback()
            pause.wait(0.02)
    return False


def _minutes_ranges(env, company_id):
    return (
        env["ir.sequence"]
        .search([("code", "=", "joint.meeting.minutes"), ("company_id", "=", company_id)])
        .date_range_ids
    )


def commit_approved_minutes(registry, names):
    """Approved minutes of the demo's 2025 meeting, one per name, committed
    so that other transactions see them: (ids, district id, the district's
    minutes numbering before them {date range id: next number}).
    ``remove_committed_minutes`` takes them away again."""
    # pylint: disable=invalid-commit
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        meeting = env.ref("joint_meeting.meeting_renhe_2025")
        company_id = meeting.company_id.id
        numbering = {r.id: r.number_next for r in _minutes_ranges(env, company_id)}
        minutes = env["joint.meeting.minutes"].create(
            [{"meeting_id": meeting.id, "name": name} for name in names]
        )
        minutes.write({"state": "approved"})
        cr.commit()
        return minutes.ids, company_id, numbering


def remove_committed_minutes(registry, ids, company_id, numbering):
    """Remove the minutes of ``commit_approved_minutes`` with what issuing
    them made (kept copies, OFD copies, messages, followers) and give the
    district's minutes sequence its numbers back."""
    # pylint: disable=invalid-commit
    with registry.cursor() as cr:
        cr.execute("DELETE FROM joint_meeting_minutes WHERE id = ANY(%s)", [ids])
        for table, model_column in (
            ("ir_attachment", "res_model"),
            ("mail_message", "model"),
            ("mail_followers", "res_model"),
        ):
            cr.execute(
                f"DELETE FROM {table} WHERE {model_column} = %s AND res_id = ANY(%s)",  # noqa: S608
                ["joint.meeting.minutes", ids],
            )
        env = api.Environment(cr, SUPERUSER_ID, {})
        for date_range in _minutes_ranges(env, company_id):
            if date_range.id in numbering:
                date_range.number_next = numbering[date_range.id]
            else:
                date_range.unlink()
        cr.commit()


class JointMeetingCommon(TransactionCase):
    """A district (company) of its own with one user per role, so tests do
    not depend on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # The districts and their users work in Chinese, as in a database created
        # with zh_CN (the default language of new partners), whichever languages
        # this one was created with.
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.default"].set("res.partner", "lang", "zh_CN")
        cls.company = cls.env["res.company"].create({"name": "Test District Government"})
        cls.other_company = cls.env["res.company"].create({"name": "Other District Government"})
        Org = cls.env["joint.meeting.organization"]
        company = {"company_id": cls.company.id}
        cls.org_office = Org.create({"name": "District Office", "kind": "office", **company})
        cls.org_leadership = Org.create(
            {"name": "District Leadership", "kind": "leadership", **company}
        )
        cls.org_union = Org.create(
            {"name": "Trade Union", "kind": "mass", "rotation_sequence": 1, **company}
        )
        cls.org_youth = Org.create(
            {"name": "Youth League", "kind": "mass", "rotation_sequence": 2, **company}
        )
        cls.org_women = Org.create(
            {"name": "Women's Federation", "kind": "mass", "rotation_sequence": 3, **company}
        )
        cls.org_hr = Org.create({"name": "Human Resources Bureau", "kind": "department", **company})
        cls.org_finance = Org.create({"name": "Finance Bureau", "kind": "department", **company})
        cls.org_supervision = Org.create(
            {"name": "Supervision Office", "kind": "supervision", **company}
        )
        cls.org_other = Org.create(
            {"name": "Other Union", "kind": "mass", "company_id": cls.other_company.id}
        )

        user = cls._district_user
        cls.user_office = user("t_office", "group_joint_meeting_office", cls.org_office)
        cls.user_admin = user("t_admin", "group_joint_meeting_admin", cls.org_office)
        cls.user_leader = user("t_leader", "group_joint_meeting_leader", cls.org_leadership)
        cls.user_union = user("t_union", "group_joint_meeting_org_user", cls.org_union)
        cls.user_youth = user("t_youth", "group_joint_meeting_org_user", cls.org_youth)
        cls.user_hr = user("t_hr", "group_joint_meeting_department", cls.org_hr)
        cls.user_finance = user("t_finance", "group_joint_meeting_department", cls.org_finance)
        cls.user_supervisor = user(
            "t_supervisor", "group_joint_meeting_supervisor", cls.org_supervision
        )
        cls.user_other = user(
            "t_other", "group_joint_meeting_office", cls.org_other, company=cls.other_company
        )
        cls.user_plain = user("t_plain")

    @classmethod
    def _district_user(
        cls, login, group=None, organizations=None, company=None, base_group="base.group_user"
    ):
        """A user of ``company`` (the test district by default) holding the
        module's ``group`` (none: no joint-meeting role) on top of
        ``base_group``, member of ``organizations``; the password is the login."""
        company = company or cls.company
        groups = base_group + (f",joint_meeting.{group}" if group else "")
        vals = {}
        if organizations:
            vals["joint_meeting_organization_ids"] = [(6, 0, organizations.ids)]
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
            **vals,
        )


class JointMeetingPreparationCommon(JointMeetingCommon):
    """A regular meeting in proposal collection, 30 days ahead (at 2026-03-01)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.meeting = cls.env["joint.meeting"].create(
            {
                "company_id": cls.company.id,
                "year": 2026,
                "date": "2026-03-31 02:00:00",
                "place": "District government meeting room 1",
                "chair_id": cls.user_leader.id,
                "attendee_organization_ids": [
                    (6, 0, (cls.org_union | cls.org_youth | cls.org_hr | cls.org_finance).ids)
                ],
            }
        )
        cls.meeting.state = "collecting"

    def _topic(self, org=None, **vals):
        return (
            self.env["joint.meeting.topic"]
            .sudo()
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "organization_id": (org or self.org_union).id,
                    "name": "Wage arrears of migrant workers",
                    "category": "rights_consultation",
                    "sub_area": "income",
                    "countermeasures": "<p>Set up a joint payroll guarantee fund.</p>",
                    "department_ids": [(6, 0, (self.org_hr | self.org_finance).ids)],
                    **vals,
                }
            )
            .sudo(False)
        )

    def _render_pdf(self, report, records):
        """The real PDF (wkhtmltopdf), not the HTML that tests get by default."""
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, res_ids=records.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _pdf_text(self, report, records):
        """Render the real PDF and return its text (pdftotext); the PDF must
        embed a CJK font."""
        pdf = self._render_pdf(report, records)
        self.assertIn("CJK", pdf_fonts(pdf))
        return pdf_text(pdf, "-layout")


class JointMeetingMinutesCommon(JointMeetingPreparationCommon):
    """A held meeting with draft minutes drafted by the office and the trade
    union, and one agreed matter led by the HR bureau with Finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.joint_meeting_minutes_number_pattern = "测府纪〔{year}〕{number}号"
        cls.company.joint_meeting_issuing_authority = "测试区人民政府"
        cls.meeting.state = "held"
        cls.minutes = cls.env["joint.meeting.minutes"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "2026年联席会议纪要",
                "body": "<p>会议听取了各群团组织的工作通报。</p>",
                "drafting_organization_ids": [(6, 0, (cls.org_office | cls.org_union).ids)],
                "main_recipients": "各乡镇人民政府，区政府各部门",
                "cc_recipients": "区委办公室，区人大常委会办公室",
            }
        )
        cls.resolution = cls.env["joint.meeting.resolution"].create(
            {
                "minutes_id": cls.minutes.id,
                "name": "建立农民工工资保证金制度",
                "lead_unit_id": cls.org_hr.id,
                "co_unit_ids": [(6, 0, cls.org_finance.ids)],
                "deadline": "2026-06-30",
            }
        )

    def _through_review(self, minutes=None):
        minutes = minutes or self.minutes
        minutes.with_user(self.user_office).action_submit_review()
        minutes.with_user(self.user_office).action_confirm_text()
        minutes.with_user(self.user_union).action_confirm_text()
        minutes.with_user(self.user_leader).action_approve()

    def _issue(self, minutes=None):
        minutes = minutes or self.minutes
        self._through_review(minutes)
        minutes.with_user(self.user_office).action_issue()


class JointMeetingSupervisionCommon(JointMeetingMinutesCommon):
    """The minutes issued: the agreed matter (lead HR bureau, co-unit
    Finance, due 2026-06-30) is open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        minutes = cls.minutes
        with freeze_time("2026-04-10"):
            minutes.with_user(cls.user_office).action_submit_review()
            minutes.with_user(cls.user_office).action_confirm_text()
            minutes.with_user(cls.user_union).action_confirm_text()
            minutes.with_user(cls.user_leader).action_approve()
            minutes.with_user(cls.user_office).action_issue()
            # 签收: the lead unit and the co-unit acknowledge the matter.
            cls.resolution.with_user(cls.user_hr).action_acknowledge()
            cls.resolution.with_user(cls.user_finance).action_acknowledge()
        cls.Followup = cls.env["joint.meeting.followup"]

    def _more_matters(self, count, **vals):
        """Open agreed matters of supplementary minutes of the same meeting."""
        minutes = self.env["joint.meeting.minutes"].create(
            {"meeting_id": self.meeting.id, "name": "Supplementary minutes"}
        )
        matters = self.env["joint.meeting.resolution"].create(
            [
                {
                    "minutes_id": minutes.id,
                    "name": f"Matter {index}",
                    "lead_unit_id": self.org_hr.id,
                    "deadline": "2026-06-30",
                    **vals,
                }
                for index in range(count)
            ]
        )
        minutes.write({"state": "issued"})
        matters.write({"state": "open"})
        return matters

    def _report(self, user=None, org=None, **vals):
        user = user or self.user_hr
        return self.Followup.with_user(user).create(
            {
                "resolution_id": self.resolution.id,
                "organization_id": (org or self.org_hr).id,
                "progress": "<p>工资保证金制度已在12个项目试行。</p>",
                "percent": 40,
                **vals,
            }
        )
