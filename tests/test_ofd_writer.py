"""The OFD writer on its own: line breaking, the GB/T 9704 grid and the
structure of the package (GB/T 33190), without a database."""

import io
import zipfile

from fontTools.ttLib import TTFont
from lxml import etree

from odoo.addons.joint_meeting import ofd
from odoo.addons.joint_meeting.ofd import fonts as ofd_fonts
from odoo.addons.joint_meeting.ofd import layout as L
from odoo.addons.joint_meeting.ofd.html import kind_of, paragraphs
from odoo.addons.joint_meeting.ofd.writer import NS, delta_x
from odoo.tests import BaseCase, tagged

N = {"ofd": NS}
LONG = "会议听取了各群团组织的工作通报，研究了群众关心的突出问题，" * 6


def sample(**kw):
    values = {
        "masthead": ["测试区人民政府", "会议纪要"],
        "number": "测府纪〔2026〕3号",
        "title": "测试区人民政府与区级群团组织联席会议纪要",
        "blocks": [ofd.Block("para", LONG), ofd.Block("heading", "一、议定事项")],
        "record": ofd.Record(
            main="各乡镇人民政府", copy="区委办公室", printer="测试区人民政府", date="2026年4月10日"
        ),
        "author": "测试区人民政府",
        "creation_date": "2026-04-10",
        "custom_data": {"发文字号": "测府纪〔2026〕3号"},
    }
    values.update(kw)
    return ofd.Document(**values)


@tagged("post_install", "-at_install")
class TestOfdLineBreaking(BaseCase):
    def test_lines_hold_28_characters_and_the_first_is_indented(self):
        lines = ofd.break_lines("一" * 100, 28, 2)
        self.assertEqual([len(line) for line in lines], [26, 28, 28, 18])

    def test_no_line_starts_with_closing_punctuation(self):
        # The 29th character is a full stop: it is not left at a line's start,
        # the character before it is carried over with it.
        text = "一" * 28 + "。" + "二" * 10
        lines = ofd.break_lines(text, 28)
        self.assertEqual(lines[0], "一" * 27)
        self.assertEqual(lines[1], "一。" + "二" * 10)
        for text in (LONG, "字" * 27 + "）、" + "字" * 30, "字" * 26 + "《》" + "字" * 40):
            for line in ofd.break_lines(text, 28, 2)[1:]:
                self.assertNotIn(line[0], L.NO_LINE_START, line)

    def test_no_line_ends_with_opening_punctuation(self):
        text = "字" * 27 + "（括号）" + "字" * 30
        lines = ofd.break_lines(text, 28)
        for line in lines:
            self.assertNotIn(line[-1], L.NO_LINE_END, line)
        self.assertEqual("".join(lines), text)

    def test_numbers_are_not_split(self):
        text = "字" * 27 + "2026年"
        lines = ofd.break_lines(text, 28)
        self.assertEqual(lines, ["字" * 27, "2026年"])
        self.assertEqual(ofd.break_lines("字" * 26 + "2026年", 28), ["字" * 26 + "2026", "年"])
        # half-width characters take half a grid cell
        self.assertEqual(ofd.break_lines("12" * 28, 28), ["12" * 14 * 2])

    def test_titles_are_balanced(self):
        lines = ofd.balanced_lines("一" * 30, 20)
        self.assertEqual([len(line) for line in lines], [15, 15])

    def test_html_paragraphs(self):
        self.assertEqual(
            paragraphs("<p>一、总体<b>要求</b></p><div>第一行<br/>第二行</div><p> </p>"),
            ["一、总体要求", "第一行", "第二行"],
        )
        self.assertEqual(paragraphs(False), [])
        self.assertEqual(kind_of("一、总体要求"), "heading")
        self.assertEqual(kind_of("（二）分工"), "subheading")
        self.assertEqual(kind_of("会议认为"), "para")


@tagged("post_install", "-at_install")
class TestOfdLayout(BaseCase):
    def test_body_sits_on_the_grid(self):
        pages = ofd.lay_out(sample())
        body = [o for o in pages[0] if getattr(o, "tag", "") == "正文"]
        self.assertTrue(body)
        first = body[0]
        self.assertAlmostEqual(first.x, L.LEFT + 2 * L.PITCH_X)
        self.assertAlmostEqual(first.pitch, 156 / 28)
        self.assertAlmostEqual(first.size, 16 * 25.4 / 72)
        for line in body:
            index = round((line.baseline - L.TOP - L.BASELINE_IN_LINE) / L.PITCH_Y)
            self.assertAlmostEqual(line.baseline, L.grid_baseline(index))
            self.assertLess(index, 22)
            self.assertLessEqual(
                line.x + L.text_width(line.text) * line.pitch, L.LEFT + L.WIDTH + 1e-6
            )

    def test_a_long_document_flows_onto_pages_of_22_lines(self):
        doc = sample(blocks=[ofd.Block("para", "字" * 28 * 60)])
        pages = ofd.lay_out(doc)
        self.assertGreaterEqual(len(pages), 3)
        second = [o for o in pages[1] if getattr(o, "tag", "") == "正文"]
        self.assertEqual(len(second), 22)
        self.assertAlmostEqual(second[0].baseline, L.grid_baseline(0))

    def test_record_at_the_foot_of_the_last_page(self):
        pages = ofd.lay_out(sample())
        rules = [
            o for o in pages[-1] if getattr(o, "tag", "") == "版记" and hasattr(o, "line_width")
        ]
        self.assertAlmostEqual(max(r.y for r in rules), L.TOP + L.HEIGHT)
        self.assertEqual(rules[0].line_width, 0.35)

    def test_delta_x_shorthand(self):
        self.assertEqual(delta_x([5.5, 5.5, 5.5, 2.75]), "g 3 5.5 2.75")
        self.assertEqual(delta_x([1, 2]), "1 2")


@tagged("post_install", "-at_install")
class TestOfdPackage(BaseCase):
    def test_package_structure(self):
        data = ofd.render(sample(blocks=[ofd.Block("para", "字" * 28 * 30)]))
        package = zipfile.ZipFile(io.BytesIO(data))
        names = package.namelist()
        self.assertEqual(names[0], "OFD.xml")
        for name in ("Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/Pages/Page_0/Content.xml"):
            self.assertIn(name, names)
        root = etree.fromstring(package.read("OFD.xml"))
        self.assertEqual(root.tag, f"{{{NS}}}OFD")
        self.assertEqual(root.get("Version"), "1.0")
        self.assertEqual(root.get("DocType"), "OFD")
        info = root.find("ofd:DocBody/ofd:DocInfo", N)
        self.assertEqual(len(info.findtext("ofd:DocID", namespaces=N)), 32)
        self.assertEqual(info.findtext("ofd:CreationDate", namespaces=N), "2026-04-10")
        self.assertEqual(
            root.findtext("ofd:DocBody/ofd:DocRoot", namespaces=N), "Doc_0/Document.xml"
        )
        document = etree.fromstring(package.read("Doc_0/Document.xml"))
        self.assertEqual(
            document.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=N),
            "0 0 210 297",
        )
        pages = document.findall("ofd:Pages/ofd:Page", N)
        self.assertEqual(len(pages), len([n for n in names if n.endswith("Content.xml")]))
        # Every ID is unique and no larger than MaxUnitID.
        max_id = int(document.findtext("ofd:CommonData/ofd:MaxUnitID", namespaces=N))
        ids = [int(p.get("ID")) for p in pages]
        res = etree.fromstring(package.read("Doc_0/PublicRes.xml"))
        fonts = {f.get("ID"): f.get("FontName") for f in res.findall("ofd:Fonts/ofd:Font", N)}
        self.assertIn("仿宋", fonts.values())
        self.assertIn("宋体", fonts.values())
        ids += [int(i) for i in fonts]
        ids += [int(c.get("ID")) for c in res.findall("ofd:ColorSpaces/ofd:ColorSpace", N)]
        for page in pages:
            content = etree.fromstring(package.read("Doc_0/" + page.get("BaseLoc")))
            for element in content.iter(
                f"{{{NS}}}Layer", f"{{{NS}}}TextObject", f"{{{NS}}}PathObject"
            ):
                ids.append(int(element.get("ID")))
            for text in content.iter(f"{{{NS}}}TextObject"):
                self.assertIn(text.get("Font"), fonts)
                code = text.find("ofd:TextCode", N)
                self.assertTrue(code.text)
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(max(ids), max_id)

    def test_structure_tags_point_at_their_objects(self):
        package = zipfile.ZipFile(io.BytesIO(ofd.render(sample())))
        document = etree.fromstring(package.read("Doc_0/Document.xml"))
        self.assertEqual(document.findtext("ofd:CustomTags", namespaces=N), "Tags/CustomTags.xml")
        custom = etree.fromstring(package.read("Doc_0/Tags/CustomTags.xml"))
        tag = custom.find("ofd:CustomTag", N)
        self.assertTrue(tag.get("NameSpace"))
        tags = etree.fromstring(
            package.read(f"Doc_0/Tags/{tag.findtext('ofd:FileLoc', namespaces=N)}")
        )
        content = etree.fromstring(package.read("Doc_0/Pages/Page_0/Content.xml"))
        texts = {
            t.get("ID"): t.findtext("ofd:TextCode", namespaces=N)
            for t in content.iter(f"{{{NS}}}TextObject")
        }

        def tagged_text(name):
            refs = tags.findall(f"{{{tag.get('NameSpace')}}}{name}/ofd:ObjectRef", N)
            return "".join(texts.get(ref.text, "") for ref in refs)

        self.assertEqual(tagged_text("发文字号"), "测府纪〔2026〕3号")
        self.assertEqual(tagged_text("发文机关标志"), "测试区人民政府会议纪要")
        self.assertEqual(tagged_text("标题"), "测试区人民政府与区级群团组织联席会议纪要")
        self.assertEqual(tagged_text("抄送机关"), "抄送：区委办公室")
        self.assertEqual(tagged_text("页码"), "— 1 —")

    def test_same_document_same_bytes(self):
        doc = sample(doc_id="0" * 32)
        self.assertEqual(ofd.render(doc), ofd.render(doc))

    def test_red_masthead_and_rule(self):
        package = zipfile.ZipFile(io.BytesIO(ofd.render(sample())))
        content = etree.fromstring(package.read("Doc_0/Pages/Page_0/Content.xml"))
        first = content.find(".//ofd:TextObject", N)
        self.assertEqual(first.findtext("ofd:TextCode", namespaces=N), "测试区人民政府")
        self.assertEqual(first.find("ofd:FillColor", N).get("Value"), "204 0 0")
        self.assertEqual(first.get("Weight"), "700")
        rule = content.find(".//ofd:PathObject", N)
        self.assertEqual(rule.find("ofd:StrokeColor", N).get("Value"), "204 0 0")
        self.assertEqual(rule.get("Boundary").split()[2], "156")


@tagged("post_install", "-at_install")
class TestOfdFonts(BaseCase):
    def test_embedded_subsets_hold_every_character(self):
        """With fontTools and fonts-noto-cjk (scripts/setup.sh installs both)
        each font is embedded as a subset holding the glyphs of its text."""
        self.assertTrue(ofd_fonts.available())
        doc = sample(blocks=[ofd.Block("para", LONG), ofd.Block("heading", "一、议定事项")])
        package = zipfile.ZipFile(io.BytesIO(ofd.render(doc, embed_fonts=True)))
        res = etree.fromstring(package.read("Doc_0/PublicRes.xml"))
        files = {}
        for font in res.findall("ofd:Fonts/ofd:Font", N):
            location = font.findtext("ofd:FontFile", namespaces=N)
            self.assertTrue(location, font.get("FontName"))
            files[font.get("ID")] = f"Doc_0/{res.get('BaseLoc')}/{location}"
        for page in ("Doc_0/Pages/Page_0/Content.xml",):
            content = etree.fromstring(package.read(page))
            for text in content.iter(f"{{{NS}}}TextObject"):
                data = package.read(files[text.get("Font")])
                cmap = TTFont(io.BytesIO(data)).getBestCmap()
                for char in text.findtext("ofd:TextCode", namespaces=N):
                    if not char.isspace():
                        self.assertIn(ord(char), cmap, char)
        # A subset, not the whole font (which is over 10 MB).
        for name in set(files.values()):
            self.assertLess(package.getinfo(name).file_size, 200_000)
