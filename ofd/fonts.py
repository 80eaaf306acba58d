"""Subsets of the free CJK fonts (Noto Serif/Sans CJK SC, SIL Open Font
Licence 1.1, Debian's fonts-noto-cjk) to embed in an OFD: only the glyphs of
the document's characters, so that a reader without the GB/T 9704 faces
shows the document as laid out and an archive gets a self-contained file.
fontTools (Debian's python3-fonttools) makes the subsets; without it, or
without the fonts, the OFD names its fonts only."""

import glob
import io
import logging

try:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # the OFD names its fonts only
    ft_subset = TTCollection = TTFont = None
else:
    # fontTools.subset reports each table it prunes at INFO level.
    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
# Which free font stands in for each face of the writer.
SOURCES = {
    "serif": "NotoSerifCJK-Regular.ttc",
    "serif_bold": "NotoSerifCJK-Bold.ttc",
    "sans": "NotoSansCJK-Regular.ttc",
}


def available():
    if ft_subset is None:
        return False
    return all(_find(name) for name in SOURCES.values())


def _find(file_name):
    for folder in FONT_DIRS:
        found = glob.glob(f"{folder}/**/{file_name}", recursive=True)
        if found:
            return found[0]
    return None


def _simplified_chinese(path):
    """Index of the SC font in a Noto CJK collection."""
    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(4).endswith(" SC"):
                return index
    finally:
        collection.close()
    return 0


def subset(source, text):
    """An OpenType (CFF) subset of the font ``source`` (a key of SOURCES)
    holding the glyphs of ``text``, as bytes."""
    path = _find(SOURCES[source])
    font = TTFont(path, fontNumber=_simplified_chinese(path), lazy=True)
    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["vert", "vrt2"]
    options.hinting = False
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    font.close()
    return buffer.getvalue()
