"""Dates and times as the district's documents write them: the one place of
the module that turns a date or a moment into text.

Documents and formal sentences use the office form of GB/T 9704 (the Babel
``zh_CN`` long date, 7.3.5.3: 2026年3月31日, no leading zeros, no ISO date
inside a sentence) and a 24-hour time without seconds (9时30分). A moment
(a stored UTC datetime) is always shown in the district's time zone, never
in the zone of whoever prints or reads it."""

from datetime import date, datetime

import pytz
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton

DISTRICT_TZ = "Asia/Shanghai"


def _is_chinese(locale):
    return (locale or "zh_CN").replace("-", "_").split("_")[0] == "zh"


def local_datetime(value, tz=None):
    """A stored datetime (naive UTC, or aware) in the time zone ``tz`` (a
    name; the district default when empty)."""
    if not value:
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"{value!r} is not a datetime")
    if value.tzinfo is None:
        value = pytz.utc.localize(value)
    return value.astimezone(pytz.timezone(tz or DISTRICT_TZ))


def chinese_date(day):
    """2026年3月31日 (Babel zh_CN long date): the year without a thousands
    separator, month and day without leading zeros. A datetime gives its own
    date: convert it to the district's zone first (``local_datetime``)."""
    if not day:
        return ""
    if isinstance(day, datetime):
        day = day.date()
    return babel_format_date(day, format="long", locale="zh_CN")


def chinese_time(moment):
    """9时30分, 14时05分; on the hour 9时. Never seconds."""
    if not moment:
        return ""
    if moment.minute:
        return f"{moment.hour}时{moment.minute:02d}分"
    return f"{moment.hour}时"


def chinese_datetime(value, tz=None, weekday=False):
    """A stored moment as a document writes it, in the district's zone:
    2026年3月31日9时30分, or with ``weekday`` 2026年3月31日（星期二）9时30分."""
    local = local_datetime(value, tz)
    if not local:
        return ""
    day = chinese_date(local.date())
    if weekday:
        day += f"（{babel_format_date(local.date(), format='EEEE', locale='zh_CN')}）"
    return day + chinese_time(local)


def short_date(day, locale="zh_CN", today=None):
    """A date in an on-screen text in the reader's language: the day
    without the year when it is in ``today``'s year (3月31日, en: 3/31),
    else the whole date (2026年3月31日, en: 3/31/2026)."""
    if not day:
        return ""
    if isinstance(day, datetime):
        day = day.date()
    same_year = isinstance(today, date) and day.year == today.year
    if _is_chinese(locale):
        return f"{day.month}月{day.day}日" if same_year else chinese_date(day)
    return format_skeleton("Md" if same_year else "yMd", day, locale=locale or "en_US")


def file_name(kind, which):
    """The name of a printed file (without its extension): the kind of the
    document and which one, the kind once: 督办单-仁督〔2026〕2号, but
    督办单〔2026〕2号 when the number already names the kind."""
    which = str(which or "").strip()
    if not which:
        return kind
    if which.startswith(kind):
        return which
    return f"{kind}-{which}"
