"""OFD (GB/T 33190-2016) output of the module's official documents: a small
writer of its own (lxml and zipfile), laid out after GB/T 9704-2012."""

from .layout import balanced_lines, break_lines
from .writer import Block, Document, Record, lay_out, render

__all__ = ["Block", "Document", "Record", "balanced_lines", "break_lines", "lay_out", "render"]
