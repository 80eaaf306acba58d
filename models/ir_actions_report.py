import functools
import io
import subprocess

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, generic

GBT9704_PAPERFORMAT = "joint_meeting.paperformat_gbt9704"
# Measured: the wkhtmltopdf of the Linux distributions (unpatched Qt) prints a
# 16 pt CSS font at 12.09 pt whatever the dpi, zoom, viewport or margins.
UNPATCHED_QT_ZOOM = 1.3234


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, check=False, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return b"patched qt" in out.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _joint_meeting_pdf_zoom(self):
        """CSS zoom that makes GB/T 9704 sizes (3号 = 16 pt, 28 characters a
        line, 22 lines a page) come out true in the PDF: 1 with the patched-Qt
        wkhtmltopdf that Odoo recommends, more with the distributions' build."""
        return 1.0 if _wkhtmltopdf_has_patched_qt() else UNPATCHED_QT_ZOOM

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        """Official documents on the GB/T 9704 paper format get their page
        numbers ("— 1 —") stamped on the PDF: the wkhtmltopdf of the Linux
        distributions (unpatched Qt) ignores ``--footer-html``. Each document
        (body) is numbered from 1."""
        report = report_ref and self._get_report(report_ref)
        paperformat = self.env.ref(GBT9704_PAPERFORMAT, raise_if_not_found=False)
        if not report or not paperformat or report.paperformat_id != paperformat:
            return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        if len(bodies) == 1:
            pdf = super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
            return self._joint_meeting_stamp_page_numbers(pdf)
        writer = PdfFileWriter()
        for body in bodies:
            pdf = super()._run_wkhtmltopdf([body], report_ref=report_ref, **kwargs)
            reader = PdfFileReader(io.BytesIO(self._joint_meeting_stamp_page_numbers(pdf)))
            for page in reader.pages:
                writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def _joint_meeting_stamp_page_numbers(self, pdf):
        """GB/T 9704-2012 §7.5: 4号 (14 pt) Arabic numerals between two em
        dashes, 7 mm below the text block; odd pages on the right, even pages
        on the left, one character in from the text block's edge.

        Each page gets one more content stream (its own content wrapped in
        q/Q) and a Times-Roman font resource: nothing of the page is parsed
        again, so stamping costs little next to wkhtmltopdf."""
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        writer = PdfFileWriter()
        size = 14
        # Text block: left 28 mm, 156 mm wide; its bottom edge 35 mm above the paper's.
        left, right, baseline = 28 * mm + size, (28 + 156) * mm - size, 35 * mm - 7 * mm - size
        font = writer._add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Font"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                    generic.NameObject("/BaseFont"): generic.NameObject("/Times-Roman"),
                    generic.NameObject("/Encoding"): generic.NameObject("/WinAnsiEncoding"),
                }
            )
        )
        save, restore = (writer._add_object(_stream(b"q\n")), writer._add_object(_stream(b"Q\n")))
        for index, page in enumerate(reader.pages):
            label = f"\u2014 {index + 1} \u2014"
            width = stringWidth(label, "Times-Roman", size)
            x = right - width if index % 2 == 0 else left
            text = label.encode("cp1252")  # WinAnsiEncoding: the em dash is 0x97
            stamp = b"BT /JMPageNumber %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, baseline, text)
            contents = page.get("/Contents")
            if contents is None:
                existing = []
            elif isinstance(contents.get_object(), generic.ArrayObject):
                existing = list(contents.get_object())
            else:
                existing = [contents]
            page[generic.NameObject("/Contents")] = generic.ArrayObject(
                [save, *existing, restore, writer._add_object(_stream(stamp))]
            )
            if "/Resources" not in page:
                page[generic.NameObject("/Resources")] = generic.DictionaryObject()
            resources = page["/Resources"].get_object()
            if "/Font" not in resources:
                resources[generic.NameObject("/Font")] = generic.DictionaryObject()
            resources["/Font"].get_object()[generic.NameObject("/JMPageNumber")] = font
            writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()


def _stream(data):
    stream = generic.DecodedStreamObject()
    stream.set_data(data)
    return stream
