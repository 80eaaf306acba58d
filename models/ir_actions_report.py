import functools
import io
import logging
import os
import re
import subprocess
import tempfile
import threading
import unicodedata

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.modules.module import get_module_path
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, generic

_logger = logging.getLogger(__name__)

GBT9704_PAPERFORMAT = "joint_meeting.paperformat_gbt9704"
# Measured: the wkhtmltopdf of the Linux distributions (unpatched Qt) prints a
# 16 pt CSS font at 12.09 pt whatever the dpi, zoom, viewport or margins.
UNPATCHED_QT_ZOOM = 1.3234

# The CJK fonts draw a Kangxi radical (U+2F00-U+2FD5) or a CJK Radicals
# Supplement character (U+2E80-U+2EF3) and the ideograph it looks like with
# one glyph; wkhtmltopdf's ToUnicode map then names the glyph by the radical,
# and the PDF's text reads "⼈⺠政府" for 人民政府. Kangxi radicals decompose
# to their ideograph (NFKC); the supplement has no decomposition: these are
# the pairs whose glyph the Noto CJK fonts share.
_RADICALS_SUPPLEMENT = (
    "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌"
    "⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟"
    "⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲"
    "⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦"
    "⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄"
    "⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
RADICAL_TO_IDEOGRAPH = {
    **{chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
    **dict(zip(_RADICALS_SUPPLEMENT[::2], _RADICALS_SUPPLEMENT[1::2], strict=True)),
}
_HEX = rb"<([0-9A-Fa-f]*)>"
_BFCHAR = re.compile(rb"(beginbfchar)(.*?)(endbfchar)", re.S)
_BFRANGE = re.compile(rb"(beginbfrange)(.*?)(endbfrange)", re.S)
_BFCHAR_ENTRY = re.compile(_HEX + rb"\s*" + _HEX)
_BFRANGE_ENTRY = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(\[[^\]]*\]|" + _HEX + rb")")

# Asset bundles, static files: what wkhtmltopdf would otherwise fetch over HTTP.
_BASE_TAG = re.compile(r"<base\b[^>]*>", re.I)
_BUNDLE_LINK = re.compile(r'(<link\b[^>]*?\bhref=")(/web/assets/[^"]+?\.css)(")', re.I)
_STATIC_ATTR = re.compile(r'(\b(?:src|href)=")(/\w+/static/[^"?#]+)([^"]*")', re.I)
_STATIC_URL = re.compile(r"""url\((["']?)(/\w+/static/[^"')?#]+)([^"')]*)\1\)""")
_local_files = threading.local()


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

    def _joint_meeting_is_own_report(self, report_ref):
        report = report_ref and self._get_report(report_ref)
        return bool(report) and report.report_name.startswith("joint_meeting.")

    @api.model
    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        """The local copies of the assets (see ``_joint_meeting_local_assets``)
        are the only local files wkhtmltopdf may read besides its input."""
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        for folder in getattr(_local_files, "folders", ()):
            command_args.extend(["--allow", folder])
        return command_args

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, **kwargs):
        """The module's documents are rendered without asking this server for
        anything: wkhtmltopdf reads the report's asset bundles and static
        files from local copies, so a PDF never waits for a free HTTP worker.
        Their text layer names every character by its ideograph (see
        ``RADICAL_TO_IDEOGRAPH``). Official documents on the GB/T 9704 paper
        format get their page numbers ("— 1 —") stamped on the PDF: the
        wkhtmltopdf of the Linux distributions (unpatched Qt) ignores
        ``--footer-html``. Each document (body) is numbered from 1."""
        if not self._joint_meeting_is_own_report(report_ref):
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, **kwargs
            )
        with tempfile.TemporaryDirectory(prefix="joint_meeting_report.") as folder:
            localise = self._joint_meeting_local_assets(folder)
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

    def _joint_meeting_run_wkhtmltopdf(self, run, bodies, report_ref=False, **kwargs):
        """``run`` (Odoo's _run_wkhtmltopdf) once, or once per document on
        the GB/T 9704 paper format, with the page numbers stamped."""
        report = self._get_report(report_ref)
        paperformat = self.env.ref(GBT9704_PAPERFORMAT, raise_if_not_found=False)
        if not paperformat or report.paperformat_id != paperformat:
            return run(bodies, report_ref=report_ref, **kwargs)
        if len(bodies) == 1:
            pdf = run(bodies, report_ref=report_ref, **kwargs)
            return self._joint_meeting_stamp_page_numbers(pdf)
        writer = PdfFileWriter()
        for body in bodies:
            pdf = run([body], report_ref=report_ref, **kwargs)
            reader = PdfFileReader(io.BytesIO(self._joint_meeting_stamp_page_numbers(pdf)))
            for page in reader.pages:
                writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    @api.model
    def _joint_meeting_local_assets(self, folder):
        """A function turning a page handed to wkhtmltopdf into one that needs
        no HTTP request: the ``<base>`` pointing at ``report.url`` goes, each
        asset bundle (already built and stored as an attachment) is written to
        ``folder`` and linked as a local file, and static files of the add-ons
        (fonts, images) are linked from the add-ons' ``static`` folders.
        Anything else relative now resolves to a local file wkhtmltopdf is not
        allowed to read: it is left out instead of being fetched."""
        bundles = {}
        folders = {folder}

        def static_file(url):
            module, _static, path = url.lstrip("/").partition("/static/")
            module_path = get_module_path(module, display_warning=False)
            if not module_path:
                return None
            static = os.path.realpath(os.path.join(module_path, "static"))
            full_path = os.path.realpath(os.path.join(static, path))
            if not full_path.startswith(static + os.sep) or not os.path.isfile(full_path):
                return None
            folders.add(static)
            return "file://" + full_path

        def local_url(match):
            local = static_file(match.group(2))
            return (
                f"url({match.group(1)}{local}{match.group(3)}{match.group(1)})"
                if local
                else (match.group(0))
            )

        def local_attr(match):
            local = static_file(match.group(2))
            return f"{match.group(1)}{local}{match.group(3)}" if local else match.group(0)

        def local_bundle(match):
            url = match.group(2)
            if url not in bundles:
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .search([("url", "=", url), ("res_model", "=", "ir.ui.view")], limit=1)
                )
                if not attachment:
                    name = url.rsplit("/", 1)[-1].removesuffix(".min.css").removesuffix(".css")
                    attachment = self.env["ir.qweb"]._get_asset_bundle(name, js=False).css()
                if not attachment:
                    _logger.warning("Report assets: no bundle for %s", url)
                    bundles[url] = None
                else:
                    path = os.path.join(folder, f"{len(bundles)}-{url.rsplit('/', 1)[-1]}")
                    css = _STATIC_URL.sub(local_url, attachment[:1].raw.decode())
                    with open(path, "w", encoding="utf-8") as css_file:
                        css_file.write(css)
                    bundles[url] = "file://" + path
            return f"{match.group(1)}{bundles[url] or url}{match.group(3)}"

        def localise(html):
            html = _BASE_TAG.sub("", html)
            html = _BUNDLE_LINK.sub(local_bundle, html)
            return _STATIC_ATTR.sub(local_attr, html)

        localise.folders = folders
        return localise

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


def _ideographs(hex_text):
    """A ToUnicode destination (UTF-16BE hex) with radicals named by their ideograph."""
    try:
        text = bytes.fromhex(hex_text.decode()).decode("utf-16-be")
    except ValueError:
        return None
    fixed = "".join(RADICAL_TO_IDEOGRAPH.get(char, char) for char in text)
    return None if fixed == text else fixed.encode("utf-16-be").hex().upper().encode()


def fix_cmap(data):
    """A ToUnicode CMap whose destinations name ideographs, not radicals."""

    def char_entry(match):
        fixed = _ideographs(match.group(2))
        return b"<%s> <%s>" % (match.group(1), fixed) if fixed else match.group(0)

    def range_entry(match):
        low, high, destination = match.group(1), match.group(2), match.group(3)
        if destination.startswith(b"["):
            items = re.sub(
                _HEX, lambda m: b"<%s>" % (_ideographs(m.group(1)) or m.group(1)), destination
            )
            return b"<%s> <%s> %s" % (low, high, items) if items != destination else match.group(0)
        start, count = int(match.group(4) or b"0", 16), int(high, 16) - int(low, 16) + 1
        width = len(match.group(4))
        codes = [b"%0*X" % (width, start + offset) for offset in range(max(count, 0))]
        fixed = [_ideographs(code) for code in codes]
        if not any(fixed):
            return match.group(0)
        items = b" ".join(b"<%s>" % (new or old) for new, old in zip(fixed, codes, strict=True))
        return b"<%s> <%s> [%s]" % (low, high, items)

    data = _BFCHAR.sub(
        lambda m: m.group(1) + _BFCHAR_ENTRY.sub(char_entry, m.group(2)) + m.group(3), data
    )
    return _BFRANGE.sub(
        lambda m: m.group(1) + _BFRANGE_ENTRY.sub(range_entry, m.group(2)) + m.group(3), data
    )


def fix_text_layer(pdf):
    """The PDF with each font's ToUnicode map naming ideographs: text
    extraction, search and copy give 人民政府, not ⼈⺠政府."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    writer = PdfFileWriter()
    fixed = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources and resources.get_object().get("/Font")
        for font in (fonts and fonts.get_object().values()) or ():
            font = font.get_object()
            to_unicode = font.get("/ToUnicode")
            if to_unicode is None:
                continue
            key = getattr(to_unicode, "idnum", None) or id(to_unicode)
            if key not in fixed:
                data = to_unicode.get_object().get_data()
                new_data = fix_cmap(data)
                fixed[key] = None
                if new_data != data:
                    fixed[key] = writer._add_object(_stream(new_data).flate_encode())
            if fixed[key] is not None:
                font[generic.NameObject("/ToUnicode")] = fixed[key]
        writer.add_page(page)
    if not any(fixed.values()):
        return pdf
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
