"""Generic PDF plumbing of the module's documents, independent of its
business models: the CJK text layer repaired, pages rendered from local
assets, GB/T 9704 page numbers stamped. Each part is a plain function with
its own unit tests (tests/test_pdf_tools.py); models/ir_actions_report.py is
the only Odoo glue."""

from .local_assets import localiser
from .page_numbers import stamp_page_numbers
from .text_layer import RADICAL_TO_IDEOGRAPH, fix_cmap, fix_text_layer
from .wkhtmltopdf import UNPATCHED_QT_ZOOM, css_zoom, has_patched_qt
