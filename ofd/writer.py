"""An OFD package (GB/T 33190-2016) of an official document laid out after
GB/T 9704-2012: OFD.xml, Doc_0/Document.xml, Doc_0/PublicRes.xml, one
Content.xml per page and the document's structure as custom tags."""

import io
import uuid
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from . import fonts as font_files
from . import layout as L

NS = "http://www.ofdspec.org/2016"
OFD = "{%s}" % NS
NSMAP = {"ofd": NS}
TAGS_NS = "urn:joint-meeting:ofd:official-document"
RED = "204 0 0"
BLACK = "0 0 0"
# The fonts of GB/T 9704, by the names OFD readers map to the system's fonts
# (仿宋_GB2312, 方正小标宋 and their free substitutes).
# key: (FontName, FamilyName, bold, the free font embedded for it, see fonts.py)
FONTS = {
    "fangsong": ("仿宋", "FangSong", False, "serif"),
    "song": ("宋体", "SimSun", False, "serif"),
    "song_bold": ("宋体", "SimSun", True, "serif_bold"),
    "hei": ("黑体", "SimHei", False, "sans"),
    "kai": ("楷体", "KaiTi", False, "serif"),
}
# Kinds of blocks: (font, first-line indent in ems).
BLOCK_STYLES = {
    "para": ("fangsong", 2),
    "heading": ("hei", 2),  # 一、 first-level heading: 3号黑体
    "subheading": ("kai", 2),  # （一） second-level heading: 3号楷体
    "plain": ("fangsong", 0),  # e.g. the addressee, flush left
}


@dataclass
class Block:
    """A piece of the body: a paragraph (``kind`` one of BLOCK_STYLES),
    ``right`` lines (signature and date, right-aligned), or a ``table`` (rows of
    cells, the first row its head)."""

    kind: str
    text: str = ""
    lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    tag: str = "正文"


@dataclass
class Record:
    """The 版记: recipients, printing authority and date."""

    main: str = ""
    copy: str = ""
    printer: str = ""
    date: str = ""


@dataclass
class Document:
    masthead: list  # red lines of the issuing authority's mark (发文机关标志)
    masthead_size: float = 40.0  # points
    subtitle: str = ""
    number: str = ""
    issuer: str = ""
    title: str = ""
    blocks: list = field(default_factory=list)
    record: Record | None = None
    # DocInfo of OFD.xml
    doc_id: str = ""
    author: str = ""
    creation_date: str = ""  # xs:date
    subject: str = ""
    keywords: list = field(default_factory=list)
    custom_data: dict = field(default_factory=dict)
    creator: str = "joint_meeting"
    creator_version: str = ""


def _fmt(value):
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def delta_x(values):
    """DeltaX with the ``g count value`` shorthand of GB/T 33190 for runs."""
    tokens, index = [], 0
    while index < len(values):
        run = index
        while run < len(values) and abs(values[run] - values[index]) < 1e-6:
            run += 1
        count = run - index
        if count >= 3:
            tokens += ["g", str(count), _fmt(values[index])]
        else:
            tokens += [_fmt(values[index])] * count
        index = run
    return " ".join(tokens)


@dataclass
class _Text:
    text: str
    x: float  # left of the first character, page space
    baseline: float
    size: float  # mm
    font: str
    pitch: float  # advance of one em, mm
    color: str = BLACK
    bold: bool = False
    tag: str = ""


@dataclass
class _Rule:
    x: float
    y: float
    width: float
    line_width: float
    color: str = BLACK
    tag: str = ""


class _Pages:
    """Lays text and rules out, page by page."""

    def __init__(self):
        self.pages = [[]]

    @property
    def page(self):
        return self.pages[-1]

    def new_page(self):
        self.pages.append([])

    def text(self, text, x, baseline, size, font, pitch=None, **kw):
        self.page.append(_Text(text, x, baseline, size, font, pitch or size, **kw))

    def centred(self, text, baseline, size, font, pitch=None, **kw):
        pitch = pitch or size
        width = L.text_width(text) * pitch - (pitch - size)
        self.text(text, L.LEFT + (L.WIDTH - width) / 2, baseline, size, font, pitch, **kw)

    def rule(self, y, line_width, color=BLACK, tag=""):
        self.page.append(_Rule(L.LEFT, y, L.WIDTH, line_width, color, tag))


def lay_out(doc):
    """The pages of ``doc``: a list of lists of _Text and _Rule."""
    out = _Pages()
    # 版头: the issuing authority's mark in red, centred, as wide as fits.
    size = doc.masthead_size * L.PT
    for line in doc.masthead:
        if L.text_width(line) * size * 1.1 > L.WIDTH:
            size = L.WIDTH / (L.text_width(line) * 1.1)
    y = L.TOP + 1.06 * size
    for index, line in enumerate(doc.masthead):
        if index:
            y += 1.2 * size * 1.02
        out.centred(
            line, y, size, "song_bold", size * 1.1, color=RED, bold=True, tag="发文机关标志"
        )
    if doc.subtitle:
        y += 9.5
        out.centred(doc.subtitle, y, 18 * L.PT, "song", tag="发文机关标志")
        gap = 10.0
    else:
        gap = 15.0
    if doc.number:
        y += gap
        out.centred(doc.number, y, L.BODY_SIZE, "fangsong", L.PITCH_X, tag="发文字号")
    if doc.issuer:
        y += 9.8
        out.centred(doc.issuer, y, 14 * L.PT, "fangsong", tag="发文机关署名")
    y += 4.0  # the red rule 4 mm below the document number
    out.rule(y, 0.5, RED, tag="版头分隔线")
    body_from = y + 6.0
    if doc.title:
        title_size = 22 * L.PT  # 2号小标宋
        y += 16.3
        for index, line in enumerate(L.balanced_lines(doc.title, int(L.WIDTH // title_size))):
            if index:
                y += 1.2 * title_size
            out.centred(line, y, title_size, "song_bold", bold=True, tag="标题")
        body_from = y + 3.0
    grid = _Grid(out, L.first_grid_line_below(body_from))
    for block in doc.blocks:
        grid.block(block)
    if doc.record:
        grid.record(doc.record)
    return out.pages


class _Grid:
    """The body on the 22 x 28 grid."""

    def __init__(self, out, line):
        self.out = out
        self.line = line

    def _next_line(self, count=1):
        if self.line + count > L.LINES:
            self.out.new_page()
            self.line = 0
        top = self.line
        self.line += count
        return top

    def block(self, block):
        if block.kind == "table":
            self.table(block)
            return
        if block.kind == "right":
            self.right(block)
            return
        font, indent = BLOCK_STYLES[block.kind]
        for index, line in enumerate(L.break_lines(block.text, L.CHARS, indent)):
            x = L.LEFT + (indent * L.PITCH_X if index == 0 else 0)
            self.out.text(
                line,
                x,
                L.grid_baseline(self._next_line()),
                L.BODY_SIZE,
                font,
                L.PITCH_X,
                tag=block.tag,
            )

    def right(self, block):
        """The signature over the date, the date four characters in from the
        right (GB/T 9704 §7.3.5.2), the signature centred on the date."""
        self._next_line()  # 空一行
        lines = [line for line in block.lines if line]
        date_width = L.text_width(lines[-1]) * L.PITCH_X
        date_left = L.LEFT + L.WIDTH - 4 * L.PITCH_X - date_width
        for line in lines:
            width = L.text_width(line) * L.PITCH_X
            x = max(L.LEFT, date_left + (date_width - width) / 2)
            x = min(x, L.LEFT + L.WIDTH - width)
            self.out.text(
                line,
                x,
                L.grid_baseline(self._next_line()),
                L.BODY_SIZE,
                "fangsong",
                L.PITCH_X,
                tag=block.tag,
            )

    def table(self, block):
        """A table in 5号 宋体 with ruled cells, its rows kept on the grid."""
        size = 10.5 * L.PT
        step = size * 1.5
        cols = len(block.rows[0])
        first = L.WIDTH * 0.3
        rest = (L.WIDTH - first) / max(cols - 1, 1)
        widths = [first] + [rest] * (cols - 1)
        top = L.grid_line_top(self._next_line(0) if self.line < L.LINES else self._next_line())
        self.out.rule(top, 0.25, tag=block.tag)
        for row in block.rows:
            cells = [
                L.break_lines(str(cell), max(int((w - 2) // size), 1))
                for cell, w in zip(row, widths, strict=True)
            ]
            height = max(len(c) for c in cells) * step + 1.5
            if top + height > L.TOP + L.HEIGHT:
                self.out.new_page()
                top = L.TOP
                self.out.rule(top, 0.25, tag=block.tag)
            x = L.LEFT
            for col, (lines, width) in enumerate(zip(cells, widths, strict=True)):
                for index, line in enumerate(lines):
                    baseline = top + 0.75 + index * step + (step + size) / 2 - 0.12 * size
                    line_width = L.text_width(line) * size
                    left = x + 1 if col == 0 else x + (width - line_width) / 2
                    self.out.text(line, left, baseline, size, "song", tag=block.tag)
                x += width
            top += height
            self.out.rule(top, 0.25, tag=block.tag)
        # back on the grid, below the table
        self.line = L.first_grid_line_below(top + 1)

    def record(self, record):
        """版记 at the foot of the last page: rules as wide as the type area,
        the first and the last thick; 4号 仿宋, one character in from either side."""
        size = 14 * L.PT
        rows = []
        for label, text in (("主送：", record.main), ("抄送：", record.copy)):
            if text:
                lines = L.break_lines(label + " ".join(text.split()), int(L.WIDTH / size) - 2)
                rows.append([(line, "left") for line in lines])
        rows.append([(record.printer, "left"), (f"{record.date}印发", "right")])
        count = sum(len(r) if r[-1][1] == "left" else 1 for r in rows)
        if self.line + count > L.LINES:
            self.out.new_page()
        bottom = L.TOP + L.HEIGHT
        y = bottom - count * L.PITCH_Y
        self.out.rule(y, 0.35, tag="版记")
        for index, row in enumerate(rows):
            if index:
                self.out.rule(y, 0.25, tag="版记")
            if row[-1][1] == "right":
                baseline = y + L.BASELINE_IN_LINE
                self.out.text(row[0][0], L.LEFT + size, baseline, size, "fangsong", tag="印发机关")
                width = L.text_width(row[1][0]) * size
                right_x = L.LEFT + L.WIDTH - size - width
                self.out.text(row[1][0], right_x, baseline, size, "fangsong", tag="印发日期")
                y += L.PITCH_Y
                continue
            tag = "主送机关" if row[0][0].startswith("主送") else "抄送机关"
            for line, _align in row:
                baseline = y + L.BASELINE_IN_LINE
                self.out.text(line, L.LEFT + size, baseline, size, "fangsong", tag=tag)
                y += L.PITCH_Y
        self.out.rule(bottom, 0.35, tag="版记")


def _page_number(out_page, number):
    """GB/T 9704 §7.5: 4号 numerals between two dashes, 7 mm below the type
    area; odd pages right, even pages left, one character in."""
    size = 14 * L.PT
    label = f"— {number} —"
    width = L.text_width(label) * size
    baseline = L.TOP + L.HEIGHT + 7 + size
    if number % 2:
        x = L.LEFT + L.WIDTH - size - width
    else:
        x = L.LEFT + size
    out_page.append(_Text(label, x, baseline, size, "song", size, tag="页码"))


def _el(parent, name, text=None, **attrs):
    element = etree.SubElement(parent, OFD + name, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _xml(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def render(doc, embed_fonts=False):
    """The OFD file of ``doc``, as bytes; with ``embed_fonts`` (and fontTools
    and the Noto CJK fonts at hand) each font used is embedded as a subset."""
    pages = lay_out(doc)
    for index, page in enumerate(pages):
        _page_number(page, index + 1)
    used_fonts = [
        key for key in FONTS if any(getattr(o, "font", None) == key for p in pages for o in p)
    ]
    ids = iter(range(1, 1_000_000))
    color_space_id = next(ids)
    font_ids = {key: next(ids) for key in used_fonts}
    page_ids = [next(ids) for _page in pages]
    tags = {}  # tag -> [(page id, object id)]
    contents = []
    for page_id, page in zip(page_ids, pages, strict=True):
        root = etree.Element(OFD + "Page", nsmap=NSMAP)
        area = _el(root, "Area")
        _el(area, "PhysicalBox", f"0 0 {_fmt(L.PAGE_WIDTH)} {_fmt(L.PAGE_HEIGHT)}")
        layer = _el(_el(root, "Content"), "Layer", ID=next(ids), Type="Body")
        for obj in page:
            object_id = next(ids)
            if obj.tag:
                tags.setdefault(obj.tag, []).append((page_id, object_id))
            if isinstance(obj, _Rule):
                half = obj.line_width / 2
                path = _el(
                    layer,
                    "PathObject",
                    ID=object_id,
                    Boundary=f"{_fmt(obj.x)} {_fmt(obj.y - half)} {_fmt(obj.width)} {_fmt(obj.line_width)}",
                    LineWidth=_fmt(obj.line_width),
                    Stroke="true",
                    Fill="false",
                )
                _el(path, "StrokeColor", Value=obj.color, ColorSpace=color_space_id)
                # Not filled (Fill="false"); some readers stroke with the fill colour.
                _el(path, "FillColor", Value=obj.color, ColorSpace=color_space_id)
                _el(path, "AbbreviatedData", f"M 0 {_fmt(half)} L {_fmt(obj.width)} {_fmt(half)}")
                continue
            width = L.text_width(obj.text) * obj.pitch
            top = obj.baseline - 0.88 * obj.size
            attrs = {
                "ID": object_id,
                "Boundary": f"{_fmt(obj.x)} {_fmt(top)} {_fmt(width)} {_fmt(obj.size * 1.2)}",
                "Font": font_ids[obj.font],
                "Size": _fmt(obj.size),
            }
            if obj.bold:
                attrs["Weight"] = "700"
            text = _el(layer, "TextObject", **attrs)
            _el(text, "FillColor", Value=obj.color, ColorSpace=color_space_id)
            code = _el(text, "TextCode", obj.text, X="0", Y=_fmt(obj.baseline - top))
            if len(obj.text) > 1:
                code.set("DeltaX", delta_x(L.advances(obj.text, obj.pitch)))
        contents.append(_xml(root))
    max_unit_id = next(ids) - 1

    res = etree.Element(OFD + "Res", BaseLoc="Res", nsmap=NSMAP)
    _el(_el(res, "ColorSpaces"), "ColorSpace", ID=color_space_id, Type="RGB", BitsPerComponent=8)
    embedded = {}
    if embed_fonts and font_files.available():
        for source in sorted({FONTS[key][3] for key in used_fonts}):
            text = "".join(
                o.text
                for p in pages
                for o in p
                if FONTS.get(getattr(o, "font", None), "xxxx")[3] == source
            )
            embedded[source] = font_files.subset(source, text)
    fonts = _el(res, "Fonts")
    for key in used_fonts:
        name, family, bold, source = FONTS[key]
        font = _el(
            fonts, "Font", ID=font_ids[key], FontName=name, FamilyName=family, Charset="unicode"
        )
        if bold:
            font.set("Bold", "true")
        if source in embedded:
            _el(font, "FontFile", f"{source}.otf")

    document = etree.Element(OFD + "Document", nsmap=NSMAP)
    common = _el(document, "CommonData")
    _el(common, "MaxUnitID", str(max_unit_id))
    _el(_el(common, "PageArea"), "PhysicalBox", f"0 0 {_fmt(L.PAGE_WIDTH)} {_fmt(L.PAGE_HEIGHT)}")
    _el(common, "PublicRes", "PublicRes.xml")
    _el(common, "DefaultCS", str(color_space_id))
    pages_el = _el(document, "Pages")
    for index, page_id in enumerate(page_ids):
        _el(pages_el, "Page", ID=page_id, BaseLoc=f"Pages/Page_{index}/Content.xml")
    _el(document, "CustomTags", "Tags/CustomTags.xml")

    custom_tags = etree.Element(OFD + "CustomTags", nsmap=NSMAP)
    # The parts of an official document named after GB/T 33476.2 / GB/T 9704.
    tag_ref = _el(custom_tags, "CustomTag", NameSpace=TAGS_NS)
    _el(tag_ref, "FileLoc", "Tag_0.xml")
    structure = etree.Element(f"{{{TAGS_NS}}}公文", nsmap={None: TAGS_NS, "ofd": NS})
    for name, refs in tags.items():
        element = etree.SubElement(structure, f"{{{TAGS_NS}}}{name}")
        for page_id, object_id in refs:
            _el(element, "ObjectRef", str(object_id), PageRef=page_id)

    ofd = etree.Element(OFD + "OFD", Version="1.0", DocType="OFD", nsmap=NSMAP)
    body = _el(ofd, "DocBody")
    info = _el(body, "DocInfo")
    _el(info, "DocID", doc.doc_id or uuid.uuid4().hex)
    _el(info, "Title", doc.title or "".join(doc.masthead))
    if doc.author:
        _el(info, "Author", doc.author)
    if doc.subject:
        _el(info, "Subject", doc.subject)
    if doc.creation_date:
        _el(info, "CreationDate", doc.creation_date)
    _el(info, "DocUsage", "Normal")
    if doc.keywords:
        keywords = _el(info, "Keywords")
        for keyword in doc.keywords:
            _el(keywords, "Keyword", keyword)
    _el(info, "Creator", doc.creator)
    if doc.creator_version:
        _el(info, "CreatorVersion", doc.creator_version)
    if doc.custom_data:
        datas = _el(info, "CustomDatas")
        for name, value in doc.custom_data.items():
            _el(datas, "CustomData", str(value or ""), Name=name)
    _el(body, "DocRoot", "Doc_0/Document.xml")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:

        def write(name, data):
            # A fixed timestamp: the same document gives the same bytes.
            package.writestr(
                zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )

        write("OFD.xml", _xml(ofd))
        write("Doc_0/Document.xml", _xml(document))
        write("Doc_0/PublicRes.xml", _xml(res))
        for index, content in enumerate(contents):
            write(f"Doc_0/Pages/Page_{index}/Content.xml", content)
        write("Doc_0/Tags/CustomTags.xml", _xml(custom_tags))
        write("Doc_0/Tags/Tag_0.xml", _xml(structure))
        for source, data in embedded.items():
            write(f"Doc_0/Res/{source}.otf", data)
    return buffer.getvalue()
