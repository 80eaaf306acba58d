import base64
import io

import xlsxwriter
from markupsafe import Markup

from odoo import fields, models
from odoo.tools.mail import html_to_inner_content

from ..texts import file_name

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class JointMeetingLedger(models.TransientModel):
    """The implementation ledger (落实情况台账) of the agreed matters (Art. 11),
    as PDF or XLSX, filtered by year, meeting and unit."""

    _name = "joint.meeting.ledger"
    _description = "Implementation Ledger of Agreed Matters"

    year = fields.Integer()
    meeting_id = fields.Many2one("joint.meeting")
    organization_id = fields.Many2one("joint.meeting.organization", string="Unit")
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    def _domain(self):
        self.ensure_one()
        domain = [("state", "!=", "draft")]
        if self.year:
            domain.append(("meeting_id.year", "=", self.year))
        if self.meeting_id:
            domain.append(("meeting_id", "=", self.meeting_id.id))
        if self.organization_id:
            domain += [
                "|",
                ("lead_unit_id", "=", self.organization_id.id),
                ("co_unit_ids", "in", self.organization_id.ids),
            ]
        return domain

    def _resolutions(self):
        return self.env["joint.meeting.resolution"].search(
            self._domain(), order="meeting_id, sequence, id"
        )

    def _title(self):
        self.ensure_one()
        parts = [self.env.company._joint_meeting_authority()]
        if self.year:
            parts.append(str(self.year))
        if self.meeting_id:
            parts.append(self.meeting_id.name)
        if self.organization_id:
            parts.append(self.organization_id.display_name)
        return " ".join(parts)

    def _heading(self):
        return self.env._("Implementation Ledger of Agreed Matters: %(title)s", title=self._title())

    def _rows(self):
        """The ledger's lines, as printed in the PDF and the XLSX."""
        resolutions = self._resolutions()
        states = dict(resolutions._fields["state"]._description_selection(self.env))
        lights = dict(resolutions._fields["traffic_light"]._description_selection(self.env))
        ratings = dict(resolutions._fields["last_rating"]._description_selection(self.env))
        rows = []
        for index, resolution in enumerate(resolutions, 1):
            last = resolution.last_followup_id
            rows.append(
                {
                    "index": index,
                    "meeting": resolution.meeting_id.name,
                    "matter": resolution.name,
                    "lead_unit": resolution.lead_unit_id.display_name,
                    "co_units": "、".join(resolution.co_unit_ids.mapped("display_name")),
                    "deadline": resolution.deadline,
                    "state": states.get(resolution.state, "")
                    + (self.env._(" (extended again)") if resolution.repeat_extension else ""),
                    "light": resolution.traffic_light,
                    "light_label": lights.get(resolution.traffic_light, ""),
                    "last_report": html_to_inner_content(last.progress or "") if last else "",
                    "last_report_date": last.date if last else False,
                    "percent": resolution.progress_percent,
                    "rating": ratings.get(resolution.last_rating, "")
                    if resolution.last_rating
                    else "",
                    "explanation": resolution.explanation or "",
                }
            )
        return rows

    def _headers(self):
        return [
            self.env._("No."),
            self.env._("Meeting"),
            self.env._("Agreed Matter"),
            self.env._("Lead Unit"),
            self.env._("Co-units"),
            self.env._("Deadline"),
            self.env._("State"),
            self.env._("Supervision Status"),
            self.env._("Last Report"),
            self.env._("Progress (%)"),
            self.env._("Rating"),
            self.env._("Explanation"),
        ]

    def _xlsx(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Ledger"))
        title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
        header = workbook.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9"})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        date_cell = workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd", "valign": "top"})
        lights = {
            "green": workbook.add_format({"border": 1, "bg_color": "#C6EFCE"}),
            "blue": workbook.add_format({"border": 1, "bg_color": "#BDD7EE"}),
            "yellow": workbook.add_format({"border": 1, "bg_color": "#FFEB9C"}),
            "red": workbook.add_format({"border": 1, "bg_color": "#FFC7CE"}),
            "none": cell,
        }
        headers = self._headers()
        sheet.merge_range(0, 0, 0, len(headers) - 1, self._heading(), title)
        for col, (text, width) in enumerate(
            zip(headers, [5, 22, 36, 18, 22, 12, 12, 10, 40, 8, 8, 30], strict=True)
        ):
            sheet.write(1, col, text, header)
            sheet.set_column(col, col, width)
        for row_index, row in enumerate(self._rows(), 2):
            values = [
                row["index"],
                row["meeting"],
                row["matter"],
                row["lead_unit"],
                row["co_units"],
            ]
            for col, value in enumerate(values):
                sheet.write(row_index, col, value, cell)
            if row["deadline"]:
                sheet.write_datetime(
                    row_index, 5, fields.Datetime.to_datetime(row["deadline"]), date_cell
                )
            else:
                sheet.write_blank(row_index, 5, None, cell)
            sheet.write(row_index, 6, row["state"], cell)
            sheet.write(row_index, 7, row["light_label"], lights[row["light"]])
            sheet.write(row_index, 8, row["last_report"], cell)
            sheet.write_number(row_index, 9, row["percent"] or 0, cell)
            sheet.write(row_index, 10, row["rating"], cell)
            sheet.write(row_index, 11, row["explanation"], cell)
        sheet.freeze_panes(2, 0)
        workbook.close()
        return output.getvalue()

    def _joint_meeting_print_name(self):
        """The name of the downloaded file (without its extension), in the
        user's language."""
        kind = self.env._("Implementation Ledger")
        return file_name(kind, self._title()).replace(" ", "-")

    def _filename(self, extension):
        return f"{self._joint_meeting_print_name()}.{extension}"

    def action_download_xlsx(self):
        self.ensure_one()
        self.write(
            {
                "xlsx_file": base64.b64encode(self._xlsx()),
                "xlsx_filename": self._filename("xlsx"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=xlsx_file"
            f"&filename_field=xlsx_filename&download=true&mimetype={XLSX_MIMETYPE}",
            "target": "self",
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("joint_meeting.action_report_joint_meeting_ledger").report_action(self)

    def _light_markup(self, light):
        colors = {
            "green": "#2e7d32",
            "blue": "#1565c0",
            "yellow": "#f9a825",
            "red": "#c62828",
            "none": "#9e9e9e",
        }
        return Markup('<span style="color: %s;">●</span>') % colors.get(light, "#9e9e9e")
