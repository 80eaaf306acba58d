"""Page 1 of an OFD, rendered by an OFD reader this project did not write
(easyofd), next to page 1 of the PDF (poppler's pdftoppm): the pictures of
the README's "OFD output" section.

Not part of the add-on nor of its tests: easyofd needs PyMuPDF (AGPL-3.0),
so run this in a virtualenv of its own:

    python3 -m venv /tmp/ofd-preview && /tmp/ofd-preview/bin/pip install easyofd
    /tmp/ofd-preview/bin/python scripts/ofd_preview.py minutes.ofd minutes.pdf out.png

easyofd draws every character with the reportlab font registered as 宋体;
a TrueType CJK font (Debian's fonts-arphic-uming) is registered under that
name, as reportlab reads no CFF font (the OFD's embedded Noto subsets).
"""

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

from easyofd.ofd import OFD
from PIL import Image, ImageDraw
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"


def page_one(pdf, folder, name, dpi):
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf,
            folder / name,
        ],
        check=True,
    )
    return Image.open(folder / f"{name}.png").convert("RGB")


def main(ofd_path, pdf_path, out_path, dpi=60):
    pdfmetrics.registerFont(TTFont("宋体", FONT))
    reader = OFD()
    reader.read(base64.b64encode(Path(ofd_path).read_bytes()).decode(), save_xml=False)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "ofd.pdf").write_bytes(reader.to_pdf())
        left = page_one(str(folder / "ofd.pdf"), folder, "ofd", dpi)
        right = page_one(pdf_path, folder, "pdf", dpi)
    # Both are A4: the same size side by side, whatever the renderers' scales.
    left = left.resize(right.size, Image.LANCZOS)
    gap, label = 16, 24
    width = left.width + right.width + gap
    height = max(left.height, right.height) + label
    sheet = Image.new("RGB", (width, height), "white")
    sheet.paste(left, (0, label))
    sheet.paste(right, (left.width + gap, label))
    draw = ImageDraw.Draw(sheet)
    draw.text((4, 4), "OFD (rendered by easyofd)", fill="black")
    draw.text((left.width + gap + 4, 4), "PDF (pdftoppm)", fill="black")
    draw.rectangle([0, label, left.width - 1, height - 1], outline="grey")
    draw.rectangle([left.width + gap, label, width - 1, height - 1], outline="grey")
    sheet.save(out_path, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
