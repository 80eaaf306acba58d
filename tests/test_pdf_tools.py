"""Unit tests of the module's generic PDF package (``pdf/``): plain
functions of bytes and text, no database."""

import io
import os
import tempfile
from unittest.mock import patch

from reportlab.pdfgen import canvas

from odoo.tests import BaseCase, tagged
from odoo.tools.pdf import PdfFileReader

from .. import pdf as tools
from ..pdf import wkhtmltopdf


def _blank_pdf(pages=2):
    output = io.BytesIO()
    drawing = canvas.Canvas(output)
    for index in range(pages):
        drawing.drawString(100, 700, f"page {index + 1}")
        drawing.showPage()
    drawing.save()
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestPdfTools(BaseCase):
    def test_cmap_names_ideographs_not_radicals(self):
        cmap = b"2 beginbfchar\n<01> <2F08>\n<02> <2EA0>\nendbfchar\n"
        fixed = tools.fix_cmap(cmap)
        self.assertIn(b"<01> <4EBA>", fixed)  # 人
        self.assertIn(b"<02> <6C11>", fixed)  # 民
        self.assertEqual(
            tools.fix_cmap(b"1 beginbfchar\n<01> <4E00>\nendbfchar"),
            b"1 beginbfchar\n<01> <4E00>\nendbfchar",
        )
        ranged = tools.fix_cmap(b"1 beginbfrange\n<01> <02> <2F08>\nendbfrange\n")
        self.assertIn(b"[<4EBA> <513F>]", ranged)
        self.assertEqual(tools.RADICAL_TO_IDEOGRAPH["\u2ea0"], "民")

    def test_door_radical_is_the_simplified_hu_of_the_sc_fonts(self):
        """Noto CJK SC draws ⼾ with the glyph of 户 (U+6237), not of its NFKC
        decomposition 戶 (U+6236): 住户 must not read 住戶."""
        self.assertEqual(tools.RADICAL_TO_IDEOGRAPH["\u2f3e"], "户")
        fixed = tools.fix_cmap(b"1 beginbfchar\n<01> <2F3E>\nendbfchar\n")
        self.assertIn(b"<01> <6237>", fixed)

    def test_text_layer_of_a_pdf_without_radicals_is_unchanged(self):
        pdf = _blank_pdf(1)
        self.assertIs(tools.fix_text_layer(pdf), pdf)

    def test_page_numbers_alternate_sides_and_keep_the_pages(self):
        stamped = tools.stamp_page_numbers(_blank_pdf(3))
        reader = PdfFileReader(io.BytesIO(stamped))
        self.assertEqual(len(reader.pages), 3)
        streams = []
        for page in reader.pages:
            contents = page["/Contents"].get_object()
            last = contents[-1].get_object().get_data()
            streams.append(last)
            self.assertIn("/JMPageNumber", page["/Resources"]["/Font"])
        self.assertIn(b"(\x97 1 \x97) Tj", streams[0])
        self.assertIn(b"(\x97 2 \x97) Tj", streams[1])
        # Odd pages on the right, even pages on the left.
        x = [float(s.split(b" Tf ")[1].split()[0]) for s in streams]
        self.assertGreater(x[0], x[1])
        self.assertEqual(x[0], x[2])

    def test_localiser_reads_assets_from_local_files(self):
        with tempfile.TemporaryDirectory() as folder:
            localise = tools.localiser(
                folder, lambda url: "body{}" if url.endswith("ok.css") else None
            )
            html = localise(
                '<base href="http://x"/><link href="/web/assets/1/ok.css"/>'
                '<link href="/web/assets/1/missing.css"/>'
                '<img src="/web/static/img/placeholder.png"/><img src="/nowhere/static/a.png"/>'
            )
            self.assertNotIn("<base", html)
            self.assertIn(f'href="file://{folder}/0-ok.css"', html)
            self.assertIn('href="/web/assets/1/missing.css"', html)
            self.assertIn('src="file://', html)
            self.assertIn('src="/nowhere/static/a.png"', html)
            with open(os.path.join(folder, "0-ok.css"), encoding="utf-8") as css:
                self.assertEqual(css.read(), "body{}")
            self.assertIn(folder, localise.folders)
            self.assertEqual(len(localise.folders), 2)  # and web's static folder
            # A path escaping the static folder is not linked.
            self.assertIn(
                'src="/web/static/../../etc/passwd"',
                localise('<img src="/web/static/../../etc/passwd"/>'),
            )

    def test_zoom_follows_the_wkhtmltopdf_build(self):
        wkhtmltopdf.has_patched_qt.cache_clear()
        try:
            with patch.object(wkhtmltopdf.subprocess, "run") as run:
                run.return_value.stdout = b"wkhtmltopdf 0.12.6 (with patched qt)"
                self.assertEqual(tools.css_zoom("/bin/a"), 1.0)
                run.return_value.stdout = b"wkhtmltopdf 0.12.6"
                self.assertEqual(tools.css_zoom("/bin/b"), tools.UNPATCHED_QT_ZOOM)
                run.side_effect = OSError
                self.assertTrue(tools.has_patched_qt("/bin/c"))
        finally:
            wkhtmltopdf.has_patched_qt.cache_clear()
