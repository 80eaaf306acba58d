"""A rendered PDF read back with poppler (pdftotext, pdffonts): the one way
the tests read what a PDF says and where it says it."""

import subprocess
import tempfile
from collections import namedtuple

from lxml import etree

# A word of a page and its box, in points from the page's top left corner.
Word = namedtuple("Word", "text x_min y_min x_max y_max")
PDF = object()


def _poppler(command, pdf):
    """The output of a poppler ``command`` (a list) in which ``PDF`` stands
    for the file of ``pdf``."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        command = [f.name if argument is PDF else argument for argument in command]
        return subprocess.run(command, capture_output=True, check=True).stdout


def pdf_text(pdf, *options):
    """The text of ``pdf`` as pdftotext gives it with ``options`` (``-raw``,
    ``-layout``, none: its reading order)."""
    return _poppler(["pdftotext", *options, PDF, "-"], pdf).decode()


def pdf_fonts(pdf):
    """pdffonts' table of the fonts ``pdf`` uses."""
    return _poppler(["pdffonts", PDF], pdf).decode()


def pdf_words(pdf):
    """The words of ``pdf``, page by page (pdftotext -bbox): [[Word]]."""
    html = _poppler(["pdftotext", "-bbox", PDF, "-"], pdf)
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    return [
        [
            Word(
                word.text or "",
                float(word.get("xMin")),
                float(word.get("yMin")),
                float(word.get("xMax")),
                float(word.get("yMax")),
            )
            for word in page.iter("{*}word")
        ]
        for page in root.iter("{*}page")
    ]
