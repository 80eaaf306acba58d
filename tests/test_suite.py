"""The suite itself: every test module is one that Odoo's own runner
(``odoo-bin --test-enable --test-tags /joint_meeting``) loads, and no test or
tour writes a calendar date that expires."""

import ast
import re
from pathlib import Path

from odoo.tests import BaseCase, TransactionCase, tagged

TESTS = Path(__file__).parent
TOURS = TESTS.parent / "static" / "tests" / "tours"


@tagged("post_install", "-at_install")
class TestSuiteLayout(BaseCase):
    def test_every_test_module_is_imported_by_the_package(self):
        tree = ast.parse((TESTS / "__init__.py").read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        modules = {path.stem for path in TESTS.glob("test_*.py")}
        self.assertEqual(
            modules - imported, set(), "tests/__init__.py must import every test module"
        )

    def test_tours_type_no_calendar_year(self):
        """A tour runs against demo data made relative to the day of install:
        a year or an ISO date written into a tour expires (it is computed from
        today, or read from the records by the Python side, instead)."""
        year = re.compile(r"\b20[2-9]\d(年|-\d\d-|〕)")
        found = [
            f"{path.name}:{number}: {line.strip()}"
            for path in sorted(TOURS.glob("*.js"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if year.search(line) and not line.strip().startswith("//")
        ]
        self.assertEqual(found, [])


@tagged("post_install", "-at_install")
class TestTunableDataSurvivesUpdates(TransactionCase):
    def test_what_administrators_tune_is_noupdate(self):
        """Scheduled actions (their interval, active flag), activity types
        (their delays), scoring rules, paper formats (margins for the
        district's printers), the shipped public holidays and, should the
        module ever ship them, mail templates, sequences and system
        parameters are tuned by a district's administrator: an update of the
        module must not reset them."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "joint_meeting"),
                (
                    "model",
                    "in",
                    [
                        "ir.cron",
                        "mail.activity.type",
                        "joint.meeting.assessment.rule",
                        "report.paperformat",
                        "resource.calendar.leaves",
                        "joint.meeting.workday",
                        "mail.template",
                        "ir.sequence",
                        "ir.config_parameter",
                    ],
                ),
            ]
        )
        for model in ("ir.cron", "mail.activity.type", "report.paperformat"):
            self.assertTrue(data.filtered(lambda d, model=model: d.model == model), model)
        self.assertEqual(data.filtered(lambda d: not d.noupdate).mapped("name"), [])
