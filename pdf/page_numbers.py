"""Page numbers of official documents (GB/T 9704-2012 §7.5) stamped on a PDF.
A pure function of the PDF bytes (no Odoo environment)."""

import io

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo.tools.pdf import PdfFileReader, PdfFileWriter, generic

from .streams import stream as _stream


def stamp_page_numbers(pdf):
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
