"""Sections of a report body: level 1 `一、`, level 2 `（一）`/`(二)`, level 3 `1.`/`（1）`.

Sections partition the body in order (text before the first heading is a level-0 section), so every
paragraph belongs to exactly one section. A heading on its own line is the section's heading and not
part of its text; a heading that opens a paragraph (`（一）强化主体意识……。任职以来，……`) gives its first
sentence as the heading and the paragraph stays whole in the text.
"""

from __future__ import annotations

import re

from docclean.cleaners.model import Section

LEVELS = (
    (1, re.compile(r"^(第[一二三四五六七八九十百]+部分|[一二三四五六七八九十百]+\s*[、.．])")),
    (2, re.compile(r"^[（(]\s*[一二三四五六七八九十百]+\s*[)）]")),
    (3, re.compile(r"^(\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[)）])")),
)
FIRST_SENTENCE = re.compile(r"^(.+?)[。！？；]")
SENTENCE_END = re.compile(r"[。！？；]")
TOP_LEVEL_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]")
HEADING_LINE_MAX = 60
NUMERALS = "一二三四五六七八九十"


# The levels' patterns as one, tried in order: one match a paragraph instead of three (most are none).
ANY_LEVEL = re.compile("|".join(f"(?P<level{level}>{pattern.pattern})" for level, pattern in LEVELS))


def heading_level(paragraph: str) -> int:
    """0 when the paragraph does not open with a section number."""
    match = ANY_LEVEL.match(paragraph)
    return int(match.lastgroup.removeprefix("level")) if match and match.lastgroup else 0


def is_heading_line(paragraph: str) -> bool:
    """A whole-line heading: short, at most one sentence, ending in it."""
    body = paragraph.rstrip("。：:")
    return len(paragraph) <= HEADING_LINE_MAX and not SENTENCE_END.search(body)


def split_sections(paragraphs: tuple[str, ...]) -> tuple[Section, ...]:
    sections: list[Section] = []
    level, heading, text = 0, "", []
    for paragraph in paragraphs:
        new_level = heading_level(paragraph)
        if not new_level:
            text.append(paragraph)
            continue
        if heading or text:
            sections.append(Section(level, heading, "\n".join(text)))
        level = new_level
        if is_heading_line(paragraph):
            heading, text = paragraph, []
        else:
            match = FIRST_SENTENCE.match(paragraph)
            heading, text = (match.group(1) if match else paragraph), [paragraph]
    if heading or text:
        sections.append(Section(level, heading, "\n".join(text)))
    return tuple(sections)


def top_level_numerals(paragraphs: tuple[str, ...]) -> list[str]:
    """The `一`, `二` … of the level-1 headings, in order (used to spot reports cut off after `一、`)."""
    found = []
    for paragraph in paragraphs:
        match = TOP_LEVEL_NUMERAL.match(paragraph)
        if match:
            found.append(match.group(1))
    return found
