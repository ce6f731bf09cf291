"""Hard-wrapped text (PDF text layers, fixed-width saves) joined back into its paragraphs.

A paragraph runs on into the next line when
- the document is hard-wrapped (many lines share one display width) and this line fills that width —
  whatever it ends with, since a wrap can fall right after a `。`; or
- the paragraph so far cannot end here: it does not end in sentence punctuation or a colon, and it ends
  in `，`/`、`, leaves a quote or bracket open, or already holds a sentence end (`…落实落地。二是`).
Never joined: across a blank line or a report boundary, into a heading, list item, salutation or an
indented line (an indent starts a paragraph), and paragraphs shorter than `MIN_CHARS` (headings, titles).
The decision looks only at the paragraph's text and the document's width, so cleaning cleaned text joins
nothing more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

TERMINAL = tuple("。！？!?…；;")
LEAD_IN = tuple(":：")
CONTINUES = tuple("，,、")
PAIRS = ("“”", "《》", "（）", "()", "【】", "‘’", "「」")
NEW_PARAGRAPH = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[.．、:：](?!\d)|"
    r"第[一二三四五六七八九十]+[章节部分条]|[①-⑳•●▪]|(?:尊敬的|各位|同志们|亲爱的))"
)
INTERNAL_END = re.compile(r"[。！？!?；;]")
CLOSERS = "”’」』）)】》"
CLOSING = tuple(CLOSERS)
MAX_TAIL = 20
MIN_CHARS = 20
WRAP_MIN_LINES = 4  # a document is hard-wrapped when this many lines …
WRAP_MIN_SHARE = 0.4  # … and this share of its longer lines are within WRAP_TOLERANCE of one width
WRAP_TOLERANCE = 3  # half-width cells (a character and a half)
WRAP_MAX_WIDER = 0.1
WRAP_MAX_WIDTH = 120  # cells: 60 Chinese characters, wider than any page or fixed-width save


def display_width(text: str) -> int:
    """Cells on a page: Chinese and full-width characters take two, ASCII one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def wrap_width(texts: list[str]) -> int | None:
    """The width most lines are wrapped at, when the text is hard-wrapped; else None."""
    widths = [display_width(t) for t in set(texts) if len(t.strip()) >= 10]
    if len(widths) < WRAP_MIN_LINES:
        return None
    top = Counter(w // 2 for w in widths).most_common(1)[0][0] * 2  # bins of one Chinese character
    near = sum(top - WRAP_TOLERANCE <= w <= top + WRAP_TOLERANCE for w in widths)
    wider = sum(w > top + WRAP_TOLERANCE for w in widths)  # a wrap width is a ceiling: few lines pass it
    wrapped = (
        near >= WRAP_MIN_LINES
        and near >= WRAP_MIN_SHARE * len(widths)
        and wider <= WRAP_MAX_WIDER * len(widths)
    )
    return top if wrapped and top <= WRAP_MAX_WIDTH else None


def _open_bracket(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in PAIRS)


def runs_on(paragraph: str, last_width: int, width: int | None) -> bool:
    """Can the paragraph (so far) not end after its last physical line, `last_width` cells wide?

    >>> runs_on("今天的会议,主要有三点考虑:一是再擂战鼓。市委", 46, None)
    True
    >>> runs_on("一、加强组织建设，提高社区妇女整体素质", 38, None)
    False
    """
    if width is not None and last_width >= width - WRAP_TOLERANCE:
        return True
    if len(paragraph) < MIN_CHARS or paragraph.rstrip(CLOSERS).endswith(TERMINAL + LEAD_IN):
        return False
    if paragraph.endswith(CONTINUES) or _open_bracket(paragraph):
        return True
    if paragraph.endswith(CLOSING):
        return False  # `…不再详细阐述)`: a closed remark can end a paragraph
    # `…落实落地。二是`: a sentence ended on this paragraph and a short new one has only begun. A long
    # unpunctuated tail is more likely a paragraph that lost its final `。`: it is left alone.
    ends = list(INTERNAL_END.finditer(paragraph))
    return bool(ends) and len(paragraph) - ends[-1].end() < MAX_TAIL


def starts_paragraph(text: str, raw: str, blank_before: bool, after_boundary: bool) -> bool:
    """A line that opens a paragraph of its own: nothing runs on into it."""
    indented = raw[: len(raw) - len(raw.lstrip())].count("\u3000") >= 1 or raw.startswith("  ")
    return blank_before or after_boundary or indented or NEW_PARAGRAPH.match(text) is not None


def joiner(left: str, right: str) -> str:
    """What stands between two joined lines: nothing. A wrap in Chinese text inserts no space, and a
    Latin-looking break is as often a split placeholder (`X` / `X个` of `XX个`) as two English words."""
    return ""
