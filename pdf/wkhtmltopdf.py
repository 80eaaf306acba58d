"""What the installed wkhtmltopdf is."""

import functools
import subprocess

# Measured: the wkhtmltopdf of the Linux distributions (unpatched Qt) prints a
# 16 pt CSS font at 12.09 pt whatever the dpi, zoom, viewport or margins.
UNPATCHED_QT_ZOOM = 1.3234


@functools.cache
def has_patched_qt(binary):
    """Whether ``binary`` is the patched-Qt build Odoo recommends (true when
    it cannot be asked: Odoo then reports wkhtmltopdf missing anyway)."""
    try:
        out = subprocess.run(
            [binary, "--version"], capture_output=True, check=False, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return b"patched qt" in out.lower()


def css_zoom(binary):
    """CSS zoom that makes point sizes come out true in the PDF: 1 with the
    patched-Qt wkhtmltopdf, more with the distributions' build."""
    return 1.0 if has_patched_qt(binary) else UNPATCHED_QT_ZOOM
