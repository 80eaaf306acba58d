"""The texts of the module's documents, as a Chinese office writes them:
dates and times (``dates``), the file names of printed documents
(``file_name``) and the lines of a document's title (``titles``). Plain
functions without an Odoo environment (tests/test_texts.py)."""

from .dates import (
    chinese_date,
    chinese_datetime,
    chinese_time,
    file_name,
    local_datetime,
    short_date,
)
from .titles import break_title
