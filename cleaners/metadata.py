"""Per-report metadata derived from the title and the text: unit, year, placeholders, flags."""

from __future__ import annotations

import re

from docclean.cleaners.sections import top_level_numerals
from docclean.cleaners.titles import TRAILING_PAREN

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# `2018抓基层党建工作述职报告`, `述职报告（2023）`: in a title a bare four-digit year names the year too, unless
# it is a quantity (`2000元`, `1998户`), a document number (`第2019号`) or part of a longer number or code.
TITLE_YEAR = re.compile(
    r"(?<![\dA-Za-z.,，第])((?:19|20)\d{2})(?![\dA-Za-z.%％]|\s*[元万亿千百人个件次户亩米吨台家名项所座套辆份条号])"
)
FIRST_SENTENCE = re.compile(r"^[^。！？!?]*")
# `（2019年3月31日）`, `2023年12月`: a line that is only a date, among the first lines under the title
DATE_LINE = re.compile(r"^\s*[（(]?\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[)）]?\s*$")
DATE_LINE_WITHIN = 4
# Trailing (…) that describe the document rather than who wrote it.
NOT_A_UNIT = re.compile(
    r"^([^\d]{0,4}\d+\s*篇.*|.*(范文|精选|通用|汇编|合集|模板|完整版|最新|修订|试行|草案|讨论稿|征求意见稿|全文|定稿|初稿).*|"
    r"[上中下一二三四五六七八九十\d]+|第?\s*[\d一二三四五六七八九十]*\s*篇\s*[\d一二三四五六七八九十]*|\d{4}.*)$"
)
# The genre's anonymisation placeholders: X, XX, x (never inside a Latin word), *, **, ***, ××.
PLACEHOLDER = re.compile(
    r"(?=[XxＸｘ*＊×])(?:(?<![A-Za-z])[XxＸｘ]{1,4}(?![A-Za-z])|(?<![*＊])[*＊]{1,3}(?![*＊])|×{2,})"
)
TERMINAL = tuple("。！？!?…”’」』）)】》；;")
TRUNCATED_MIN_CHARS = 20


def extract_unit(title: str) -> str | None:
    """`2018年度党建工作述职报告（区委书记）` → `区委书记`; `（5篇）`, `（范文）` are not units."""
    match = TRAILING_PAREN.search(title)
    if not match:
        return None
    unit = match.group(1).strip()
    return None if not unit or NOT_A_UNIT.match(unit) else unit


def extract_year(title: str, paragraphs: tuple[str, ...]) -> int | None:
    """The year in the title (`2018年…`, or a bare `2018…`), else of a date line under it (a speech's
    `（2019年3月31日）`), else in the report's opening sentence.

    >>> extract_year("在研讨班结业仪式上的讲话", ("用心用爱答好“强县之问”", "（2019年3月31日）", "同志们："))
    2019
    """
    match = YEAR.search(title) or TITLE_YEAR.search(title)
    if match is None:
        match = next(filter(None, map(DATE_LINE.match, paragraphs[:DATE_LINE_WITHIN])), None)
    if match is None and paragraphs:
        first = FIRST_SENTENCE.match(paragraphs[0])
        match = YEAR.search(first.group(0)) if first else None
    return int(match.group(1)) if match else None


PLACEHOLDER_CHARS = "XxＸｘ*＊×"  # a placeholder starts with one of these (PLACEHOLDER's lookahead)


def count_placeholders(text: str) -> int:
    """`len(PLACEHOLDER.findall(text))`, tried only where a placeholder can start. PLACEHOLDER opens with
    lookarounds, so the engine has no first character to skip ahead to and tries it at every position of
    a report; str.find skips to the few candidates at memchr speed.

    >>> count_placeholders("XX县XX局：**同志，××年，Xbox 与 xx"), count_placeholders("三个代表")
    (5, 0)
    """
    count = pos = 0
    for start in _positions(text, PLACEHOLDER_CHARS):
        if start < pos:
            continue  # inside the placeholder just counted
        # match(text, pos) still sees the characters before pos: the lookbehinds hold as in findall
        found = PLACEHOLDER.match(text, start)
        if found is not None:
            count += 1
            pos = found.end()
    return count


def _positions(text: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `text`, in order."""
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    return sorted(found)


def is_truncated(paragraphs: tuple[str, ...]) -> bool:
    """Stops mid-sentence, or its numbered parts stop after `一、` (nobody writes `一、` alone)."""
    if not paragraphs:
        return False
    last = paragraphs[-1]
    if len(last) >= TRUNCATED_MIN_CHARS and not last.endswith(TERMINAL):
        return True
    return top_level_numerals(paragraphs) == ["一"]
