import subprocess
import tempfile

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


def run_cron(env, name):
    """Run the scheduled action ``ir_cron_joint_meeting_<name>`` as the cron
    runner would (its own model and code, one call); returns (done, remaining)."""
    cron = env.ref(f"joint_meeting.ir_cron_joint_meeting_{name}")
    return safe_eval(cron.code.strip(), {"model": env[cron.model_id.model]})


class JointMeetingCommon(TransactionCase):
    """A district (company) of its own with one user per role, so tests do
    not depend on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
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

        def user(login, group, orgs, company=cls.company):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,joint_meeting.{group}",
                company_id=company.id,
                company_ids=[company.id],
                joint_meeting_organization_ids=[(6, 0, orgs.ids)],
            )

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
        cls.user_plain = new_test_user(
            cls.env,
            login="t_plain",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
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
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True
            ).stdout.decode()
            fonts = subprocess.run(["pdffonts", f.name], capture_output=True, check=True)
        self.assertIn("CJK", fonts.stdout.decode())
        return text


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
