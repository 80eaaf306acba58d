"""The paragraphs of an HTML field, as plain text, for the OFD body."""

import re

from lxml import html as lxml_html

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"}
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def paragraphs(markup):
    """Each block of ``markup`` (and each line of a block broken by <br>) as
    one paragraph, whitespace collapsed, empty ones dropped."""
    if not markup or not str(markup).strip():
        return []
    root = lxml_html.fragment_fromstring(str(markup), create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br" or element.tag in BLOCKS:
            element.tail = "\n" + (element.tail or "")
        if element.tag in BLOCKS:
            element.text = "\n" + (element.text or "")
    text = root.text_content()
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def kind_of(paragraph):
    """一、 headings in 黑体, （一） headings in 楷体, the rest body text."""
    if HEADING.match(paragraph):
        return "heading"
    if SUBHEADING.match(paragraph):
        return "subheading"
    return "para"
