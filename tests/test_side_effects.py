from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import JointMeetingCommon


@tagged("post_install", "-at_install")
class TestNoSideEffects(JointMeetingCommon):
    """What the module does on Odoo's own records stays with the rows that
    concern it: an employee's time off or an ordinary attachment costs no
    query of the module, no cache is cleared and no meeting counted again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["joint.meeting.calendar"]
        cls.today = fields.Date.context_today(cls.env.user)
        cls.year = cls.today.year

        def meeting(company, year):
            return cls.env["joint.meeting"].create(
                {
                    "company_id": company.id,
                    "year": year,
                    "date": datetime(year, 6, 30, 2),
                    "place": "Meeting room",
                }
            )

        cls.meeting_here = meeting(cls.company, cls.year)
        cls.meeting_next_year = meeting(cls.company, cls.year + 1)
        cls.meeting_later = meeting(cls.company, cls.year + 3)
        cls.meeting_there = meeting(cls.other_company, cls.year)
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "An employee's hours", "company_id": cls.company.id}
        )
        cls.resource = cls.env["resource.resource"].create(
            {"name": "An employee", "calendar_id": cls.calendar.id, "company_id": cls.company.id}
        )

    def _day(self, offset):
        return datetime.combine(self.today + timedelta(days=offset), datetime.min.time())

    def _watch(self):
        """A patch counting the ORM cache clears of the registry."""
        registry = type(self.env.registry)
        return patch.object(registry, "clear_cache", autospec=True)

    def _recounted(self):
        field = self.env["joint.meeting"]._fields["proposal_deadline"]
        return self.env.records_to_compute(field)

    def _queries(self, operation):
        """Queries of ``operation``, flushed."""
        self.env.flush_all()
        before = self.cr.sql_log_count
        operation()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_an_employees_time_off_changes_nothing_of_the_module(self):
        Leaves = self.env["resource.calendar.leaves"]
        vals = {
            "name": "Annual leave",
            "resource_id": self.resource.id,
            "calendar_id": self.calendar.id,
            "company_id": self.company.id,
            "date_from": self._day(3),
            "date_to": self._day(4),
        }
        # Odoo's own cost, measured on a twin with the module's part left out.
        twin = {}
        with patch.object(type(Leaves), "_joint_meeting_calendar_scopes", lambda self: set()):
            create = self._queries(lambda: twin.setdefault("leave", Leaves.create(vals)))
            write = self._queries(lambda: twin["leave"].write({"date_to": self._day(5)}))
            unlink = self._queries(twin["leave"].unlink)
        self.env.flush_all()
        with self._watch() as clear, self.assertQueryCount(create):
            leave = Leaves.create(vals)
            self.env.flush_all()
        with self._watch() as clear_write, self.assertQueryCount(write):
            leave.write({"date_to": self._day(5)})
            self.env.flush_all()
        with self._watch() as clear_unlink, self.assertQueryCount(unlink):
            leave.unlink()
            self.env.flush_all()
        for mock in (clear, clear_write, clear_unlink):
            mock.assert_not_called()
        self.assertFalse(self._recounted())
        # An attendance of a calendar no district works by.
        with self._watch() as clear:
            self.calendar.attendance_ids[:1].write({"hour_to": 17.5})
            self.env.flush_all()
        clear.assert_not_called()
        self.assertFalse(self._recounted())

    def test_a_district_day_off_counts_again_that_district_and_year_only(self):
        Leaves = self.env["resource.calendar.leaves"]
        self.env.flush_all()
        with self._watch() as clear:
            leave = Leaves.with_company(self.company).create(
                {
                    "name": "District day off",
                    "company_id": self.company.id,
                    "date_from": datetime(self.year, 6, 1, 0),
                    "date_to": datetime(self.year, 6, 1, 23),
                }
            )
        clear.assert_called_once()
        # This district's meetings of the year and the next (counted back into it).
        self.assertEqual(self._recounted(), self.meeting_here | self.meeting_next_year)
        self.env.flush_all()
        # A nationwide day off counts in every district.
        with self._watch() as clear:
            leave.write({"joint_meeting_national": True})
        clear.assert_called_once()
        recounted = self._recounted()
        self.assertLessEqual(
            self.meeting_here | self.meeting_next_year | self.meeting_there, recounted
        )
        self.assertNotIn(self.meeting_later, recounted)
        self.env.flush_all()
        # A make-up working day of the other district: that district only.
        with self._watch() as clear:
            self.env["joint.meeting.workday"].create(
                {
                    "name": "Make-up day",
                    "company_id": self.other_company.id,
                    "date": next(
                        self.today.replace(month=9, day=d)
                        for d in range(1, 8)
                        if self.today.replace(month=9, day=d).weekday() == 5
                    ),
                }
            )
        clear.assert_called_once()
        self.assertEqual(self._recounted(), self.meeting_there)

    def test_an_ordinary_attachment_costs_no_query_of_the_seal(self):
        Attachment = self.env["ir.attachment"]
        attachment = Attachment.create({"name": "a.txt", "raw": b"a"})
        self.env.flush_all()
        with self.assertQueryCount(1):  # the update, no seal query
            attachment.write({"description": "x"})
            self.env.flush_all()
        # An attachment of minutes: one indexed query says it is not sealed.
        minutes_file = Attachment.create(
            {"name": "m.txt", "raw": b"m", "res_model": "joint.meeting.minutes", "res_id": 0}
        )
        self.env.flush_all()
        with self.assertQueryCount(2):  # the seal check, the update
            minutes_file.write({"description": "x"})
            self.env.flush_all()
        # Deleting an ordinary attachment: nothing more than Odoo's own unlink.
        other = Attachment.create({"name": "b.txt", "raw": b"b"})
        self.env.flush_all()
        Attachment.invalidate_model()
        with self.assertQueryCount(self._odoo_unlink_queries()):
            other.unlink()

    def _odoo_unlink_queries(self):
        """Queries of Odoo's own ir.attachment unlink, measured on a twin."""
        Attachment = self.env["ir.attachment"]
        twin = Attachment.create({"name": "c.txt", "raw": b"c"})
        self.env.flush_all()
        Attachment.invalidate_model()
        sealed_check = type(Attachment)._joint_meeting_sealed_copies
        with patch.object(type(Attachment), "_joint_meeting_sealed_copies", lambda self: {}):
            before = self.cr.sql_log_count
            twin.unlink()
            count = self.cr.sql_log_count - before
        self.assertTrue(sealed_check)
        return count
