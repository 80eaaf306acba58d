"""The Odoo glue of the module's PDFs. The generic work (text layer, local
assets, page numbers) lives in the ``pdf`` package of the module; this class
only decides when it applies and hands it Odoo's data.

Two private methods of Odoo's ``ir.actions.report`` are overridden, because
no public hook sees what they see:

- ``_run_wkhtmltopdf``: the only place where the HTML bodies Odoo built for
  wkhtmltopdf can be changed (local assets) and where one wkhtmltopdf run per
  document is possible (page numbers counted per document);
- ``_build_wkhtmltopdf_args``: the only place to add wkhtmltopdf's
  ``--allow`` option for the folders of the local assets.

Serving the kept copy of issued minutes uses
``_render_qweb_pdf_prepare_streams``, the extension point Odoo's own
``attachment_use`` reports and the account module use."""

import io
import logging
import tempfile
import threading
from collections import OrderedDict

from odoo import api, models
from odoo.tools.misc import find_in_path
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from ..pdf import (  # noqa: F401
    RADICAL_TO_IDEOGRAPH,
    UNPATCHED_QT_ZOOM,
    css_zoom,
    fix_cmap,
    fix_text_layer,
    localiser,
    stamp_page_numbers,
)

# Re-exported: the module's tests and bench import them from here.
from ..texts import break_title

_logger = logging.getLogger(__name__)

GBT9704_PAPERFORMAT = "joint_meeting.paperformat_gbt9704"
MINUTES_REPORT_NAME = "joint_meeting.report_joint_meeting_minutes"
_local_files = threading.local()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _joint_meeting_pdf_zoom(self):
        """CSS zoom that makes GB/T 9704 sizes (3号 = 16 pt, 28 characters a
        line, 22 lines a page) come out true in the PDF: 1 with the patched-Qt
        wkhtmltopdf that Odoo recommends, more with the distributions' build."""
        return css_zoom(find_in_path("wkhtmltopdf"))

    @api.model
    def _joint_meeting_title_lines(self, title):
        """The lines of a document's title (GB/T 9704 7.2.3), see
        ``texts.break_title``."""
        return break_title(title or "")

    def _joint_meeting_is_own_report(self, report_ref):
        report = report_ref and self._get_report(report_ref)
        return bool(report) and report.report_name.startswith("joint_meeting.")

    # The kept copy is the document -------------------------------------------

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Issued minutes print as their kept copy, byte for byte: the sealed
        PDF is served instead of a new rendering (as Odoo's ``attachment_use``
        does), so a printed issued document is the kept one. Minutes without
        a kept copy (not issued, or not produced yet) are rendered."""
        if (
            not res_ids
            or len(res_ids) != len(set(res_ids))
            or self.env.context.get("report_pdf_no_attachment")
            or self._get_report(report_ref).report_name != MINUTES_REPORT_NAME
        ):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        minutes = self.env["joint.meeting.minutes"].browse(res_ids)
        # What a rendering would have checked: the user may read these minutes.
        minutes.check_access("read")
        kept = {
            record.id: record.pdf_attachment_id
            for record in minutes.sudo()
            if record.state == "issued" and record.pdf_attachment_id
        }
        if not kept:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        rest = [res_id for res_id in res_ids if res_id not in kept]
        rendered = (
            super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=rest) if rest else {}
        )
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in kept:
                streams[res_id] = {"stream": io.BytesIO(kept[res_id].raw), "attachment": None}
            else:
                streams[res_id] = rendered[res_id]
        return streams

    # wkhtmltopdf ---------------------------------------------------------------

    @api.model
    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        """The local copies of the assets (see ``pdf.localiser``) are the only
        local files wkhtmltopdf may read besides its input. (Private hook:
        Odoo has no public way to add a wkhtmltopdf option.)"""
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        for folder in getattr(_local_files, "folders", ()):
            command_args.extend(["--allow", folder])
        return command_args

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, **kwargs):
        """The module's documents are rendered without asking this server for
        anything: wkhtmltopdf reads the report's asset bundles and static
        files from local copies, so a PDF never waits for a free HTTP worker.
        Their text layer names every character by its ideograph (see
        ``pdf.RADICAL_TO_IDEOGRAPH``). Official documents on the GB/T 9704
        paper format get their page numbers ("— 1 —") stamped on the PDF: the
        wkhtmltopdf of the Linux distributions (unpatched Qt) ignores
        ``--footer-html``. Each document (body) is numbered from 1.
        (Private hook: no public method sees the bodies before wkhtmltopdf.)"""
        if not self._joint_meeting_is_own_report(report_ref):
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, **kwargs
            )
        with tempfile.TemporaryDirectory(prefix="joint_meeting_report.") as folder:
            localise = localiser(folder, self._joint_meeting_bundle_css)
            bodies = [localise(body) for body in bodies]
            header = header and localise(header)
            footer = footer and localise(footer)
            _local_files.folders = localise.folders
            try:
                pdf = self._joint_meeting_run_wkhtmltopdf(
                    super()._run_wkhtmltopdf,
                    bodies,
                    report_ref=report_ref,
                    header=header,
                    footer=footer,
                    **kwargs,
                )
            finally:
                _local_files.folders = ()
        return fix_text_layer(pdf)

    @api.model
    def _joint_meeting_bundle_css(self, url):
        """The CSS of the asset bundle at ``url`` (already built and stored
        as an attachment, else built now), or None."""
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search([("url", "=", url), ("res_model", "=", "ir.ui.view")], limit=1)
        )
        if not attachment:
            # Not built yet: build it as /web/assets/ would (19.0's report
            # bundles are autoprefixed: name.autoprefixed.min.css).
            filename = url.rsplit("/", 1)[-1]
            try:
                name, rtl, _type, autoprefix = self.env["ir.asset"]._parse_bundle_name(
                    filename, debug_assets=".min." not in filename
                )
            except ValueError:
                attachment = None
            else:
                attachment = (
                    self.env["ir.qweb"]
                    ._get_asset_bundle(name, js=False, rtl=rtl, autoprefix=autoprefix)
                    .css()
                )
        if not attachment:
            _logger.warning("Report assets: no bundle for %s", url)
            return None
        return attachment[:1].raw.decode()

    def _joint_meeting_run_wkhtmltopdf(self, run, bodies, report_ref=False, **kwargs):
        """``run`` (Odoo's _run_wkhtmltopdf) once, or once per document on
        the GB/T 9704 paper format, with the page numbers stamped."""
        report = self._get_report(report_ref)
        paperformat = self.env.ref(GBT9704_PAPERFORMAT, raise_if_not_found=False)
        if not paperformat or report.paperformat_id != paperformat:
            return run(bodies, report_ref=report_ref, **kwargs)
        if len(bodies) == 1:
            pdf = run(bodies, report_ref=report_ref, **kwargs)
            return stamp_page_numbers(pdf)
        writer = PdfFileWriter()
        for body in bodies:
            pdf = run([body], report_ref=report_ref, **kwargs)
            reader = PdfFileReader(io.BytesIO(stamp_page_numbers(pdf)))
            for page in reader.pages:
                writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def _joint_meeting_stamp_page_numbers(self, pdf):
        """See ``pdf.stamp_page_numbers`` (kept for bench/bench.py)."""
        return stamp_page_numbers(pdf)
