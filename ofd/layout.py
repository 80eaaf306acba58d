"""GB/T 9704-2012 page geometry and Chinese line breaking, in millimetres.

The type area (版心) of an A4 official document is 156 x 225 mm, 37 mm from
the top and 28 mm from the left edge of the paper; the body is set in 3号
(16 pt) 仿宋 on a grid of 22 lines of 28 characters."""

import unicodedata

PT = 25.4 / 72  # one point in millimetres

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
TOP = 37.0
LEFT = 28.0
WIDTH = 156.0
HEIGHT = 225.0
LINES = 22
CHARS = 28
PITCH_X = WIDTH / CHARS  # 5.571 mm: the advance of one character of the body
PITCH_Y = HEIGHT / LINES  # 10.227 mm: the height of one line of the grid
BODY_SIZE = 16 * PT  # 3号
# Baseline of a character in its grid line: the em box centred in the line,
# the ideographic baseline 0.88 em below the em box's top (CJK fonts).
BASELINE_IN_LINE = (PITCH_Y - BODY_SIZE) / 2 + 0.88 * BODY_SIZE

# GB/T 15834 and common typesetting practice (禁则): characters that never
# begin a line, and characters that never end one.
NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕〗］｝’”…—～·%‰,.;:?!)]}>\u00b7\u2030\u3011")
NO_LINE_END = frozenset("（「『《〈【〔〖［｛‘“([{<")


def char_width(char):
    """Advance of ``char`` in ems: full width for CJK characters and Chinese
    punctuation (including the East Asian ambiguous ones, e.g. “ ” —), half
    for Latin letters, digits and spaces."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


def text_width(text):
    """Advance of ``text`` in ems."""
    return sum(char_width(char) for char in text)


def _is_word_char(char):
    return char.isascii() and char.isalnum()


def break_lines(text, capacity=CHARS, first_indent=0.0):
    """Break ``text`` into lines of at most ``capacity`` ems (the first line
    ``first_indent`` ems shorter), keeping the line-breaking rules: no line
    begins with a closing punctuation mark, none ends with an opening one,
    and a run of Latin letters or digits (a year, a number) is not split
    unless it is longer than a line. A character that would break a rule is
    carried over to the next line (推出)."""
    chars = list(text)
    lines = []
    start = 0
    room = capacity - first_indent
    while start < len(chars):
        end = start
        used = 0.0
        while end < len(chars) and used + char_width(chars[end]) <= room + 1e-9:
            used += char_width(chars[end])
            end += 1
        if end == start:  # a line narrower than one character: one per line
            end = start + 1
        if end < len(chars):
            brk = end
            while brk > start + 1 and (
                chars[brk] in NO_LINE_START
                or chars[brk - 1] in NO_LINE_END
                or (_is_word_char(chars[brk - 1]) and _is_word_char(chars[brk]))
            ):
                brk -= 1
            # Never carry more than a few characters: a long Latin run is split.
            if brk > start + 1 and end - brk <= 8:
                end = brk
        lines.append("".join(chars[start:end]))
        start = end
        room = capacity
    return lines


def balanced_lines(text, capacity):
    """A title over as few lines as it needs, of nearly equal length (GB/T
    9704 §7.3.3: lines of a title are arranged symmetrically)."""
    width = text_width(text)
    if width <= capacity:
        return [text]
    count = int(-(-width // capacity))
    while count <= len(text):
        for extra in (0, 1, 2):
            lines = break_lines(text, min(capacity, -(-width // count) + extra))
            if len(lines) <= count:
                return lines
        count += 1
    return break_lines(text, capacity)


def advances(text, pitch):
    """The DeltaX of each character after the first: ``pitch`` per em."""
    return [char_width(char) * pitch for char in text[:-1]]


def grid_line_top(index):
    """Top of line ``index`` (0-21) of the body grid."""
    return TOP + index * PITCH_Y


def grid_baseline(index):
    return grid_line_top(index) + BASELINE_IN_LINE


def first_grid_line_below(y):
    """Index of the first grid line whose top is at or below ``y``."""
    index = 0
    while index < LINES and grid_line_top(index) < y - 1e-6:
        index += 1
    return index
