"""The text layer of wkhtmltopdf's CJK PDFs: each font's ToUnicode map names
ideographs, not the radicals that share their glyphs. Pure functions of the
PDF bytes (no Odoo environment)."""

import io
import re
import unicodedata

from odoo.tools.pdf import PdfFileReader, PdfFileWriter, generic

from .streams import stream as _stream

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
# Where the simplified-Chinese (SC) fonts give a Kangxi radical the glyph of
# another ideograph than its NFKC decomposition: ⼾ (U+2F3E) decomposes to the
# traditional 戶 (U+6236), but Noto Sans/Serif CJK SC draw it with the glyph
# of 户 (U+6237), so 住户 read as 住戶 (found by comparing the fonts' cmaps).
_SC_GLYPHS = {"\u2f3e": "\u6237"}
RADICAL_TO_IDEOGRAPH = {
    **{chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
    **dict(zip(_RADICALS_SUPPLEMENT[::2], _RADICALS_SUPPLEMENT[1::2], strict=True)),
    **_SC_GLYPHS,
}
_HEX = rb"<([0-9A-Fa-f]*)>"
_BFCHAR = re.compile(rb"(beginbfchar)(.*?)(endbfchar)", re.S)
_BFRANGE = re.compile(rb"(beginbfrange)(.*?)(endbfrange)", re.S)
_BFCHAR_ENTRY = re.compile(_HEX + rb"\s*" + _HEX)
_BFRANGE_ENTRY = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(\[[^\]]*\]|" + _HEX + rb")")


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
