"""The lines of a document title (GB/T 9704-2012 7.2.3: a title of several
lines is broken where the meaning allows, "词意完整，排列对称，长短适宜",
in a trapezoid or a diamond, never an hourglass, never one character alone).

The break is chosen among the boundaries between characters: never inside a
word the district writes as one (人民政府, 联席会议, a number, 〔2026〕…),
preferably before a conjunction (与, 和, 及), after 关于, before the kind of
the document (联席会议纪要, 会议纪要, 的通知…) or a parenthesis; then the most
balanced of the good breaks wins."""

import re

# A 二号 (22 pt) title in the 156 mm text block holds 20 characters; one
# less keeps a line from wrapping again in any wkhtmltopdf build.
TITLE_CHARS = 19

# Words a line never ends inside.
WORDS = (
    "人民政府",
    "区人民政府",
    "群团组织",
    "区级群团组织",
    "联席会议",
    "会议纪要",
    "联席会议纪要",
    "议定事项",
    "落实情况",
    "督查通报",
    "督查督办单",
    "考核结果",
    "征求意见",
    "年度",
    "季度",
    "农民工",
    "劳动争议",
    "高校毕业生",
    "意见的函",
)
# Where a title breaks best (the break comes before these) ...
BEFORE = (
    "与",
    "和",
    "及",
    "联席会议纪要",
    "会议纪要",
    "的通知",
    "的报告",
    "的函",
    "（",
    "〔",
    "《",
)
# ... or after these.
AFTER = ("关于", "、", "，", "：", "》")
# Runs that are one word: numbers (2026, 第2次, 〔2026〕12号), short
# parentheses and words in Latin letters (WAGE-FUND, No. 1).
UNBREAKABLE = re.compile(
    r"第?[0-9０-９]+[年次季号]?|〔[^〕]*〕[0-9]*号?|（[^）]{0,6}）|[A-Za-z0-9][A-Za-z0-9.\-_']*"
)


def _width(text):
    """Width in ideographs: a Latin letter, digit or space is half of one."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


GOOD, PLAIN = 0, 4


def _boundaries(title):
    """{index: cost} of every boundary (a break before ``title[index]``)
    that splits no word: 0 for a good one, more for a plain one."""
    forbidden = set()
    for word in WORDS:
        for match in re.finditer(re.escape(word), title):
            forbidden.update(range(match.start() + 1, match.end()))
    for match in UNBREAKABLE.finditer(title):
        forbidden.update(range(match.start() + 1, match.end()))
    costs = {}
    for index in range(1, len(title)):
        if index in forbidden:
            continue
        head, tail = title[:index], title[index:]
        good = tail.startswith(BEFORE) or head.endswith(AFTER)
        costs[index] = GOOD if good else PLAIN
    return costs


def _shape_cost(lengths):
    """Balanced lines; of three or more, no hourglass (a middle line
    shorter than both of its neighbours)."""
    cost = max(lengths) - min(lengths)
    for before, middle, after in zip(lengths, lengths[1:], lengths[2:], strict=False):
        if middle < before and middle < after:
            cost += 10
    return cost


def break_title(title, width=TITLE_CHARS):
    """The lines of ``title`` (a list of strings) for a line of ``width``
    characters: one line when it fits, else the fewest lines that fit,
    broken at the best boundaries."""
    title = re.sub(r"\s+", " ", title or "").strip()
    if _width(title) <= width:
        return [title] if title else []
    costs = _boundaries(title)
    fewest = int(-(-_width(title) // width))
    for count in range(fewest, fewest + 3):
        best = _best(title, costs, count, width)
        if best:
            return best
    # No break keeps every word whole (one long Latin word): the reader's
    # line breaking decides.
    return [title]


def _best(title, costs, count, width):
    """The best split of ``title`` into ``count`` lines of at most
    ``width`` characters and at least two each, or None."""
    best, best_cost = None, None

    def walk(start, cuts):
        nonlocal best, best_cost
        if len(cuts) == count - 1:
            ends = [*cuts, len(title)]
            starts = [0, *cuts]
            lengths = [_width(title[begin:end]) for begin, end in zip(starts, ends, strict=True)]
            if max(lengths) > width or min(lengths) < 2:
                return
            cost = sum(costs[cut] for cut in cuts) + _shape_cost(lengths)
            if best_cost is None or cost < best_cost:
                best_cost = cost
                best = [title[begin:end].strip() for begin, end in zip(starts, ends, strict=True)]
            return
        lines_after = count - len(cuts) - 2
        for cut in costs:
            if (
                cut > start
                and _width(title[start:cut]) <= width
                and _width(title[cut:]) <= width * (lines_after + 1)
            ):
                walk(cut, [*cuts, cut])

    walk(0, [])
    return best
