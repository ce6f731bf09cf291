"""Running headers and footers: lines that stand at the same edge of most pages (page furniture).

A line is running when, with its digits blurred (`第 3 页` and `第 12 页` are one line), it stands among
the first or last two lines of at least half the pages (two pages at least). Every occurrence is page
furniture, each on its own line number. Never running: a line that reads as a sentence or a lead-in (it
ends in `。！？：`), or a long one: a report that opens every page with `尊敬的各位领导：` keeps it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from docclean.cleaners.model import Removal

EDGE_LINES = 2
MAX_CHARS = 40
MIN_PAGES = 2
MIN_SHARE = 0.5
DIGITS = re.compile(r"[0-9０-９]+")
SPACE = re.compile(r"\s+")
SENTENCE_END = tuple("。！？!?：:；;")
PAGE_NUMBER = re.compile(r"^[-—–第页共/\s#()（）pPaAgGeE.,，、of]*$")
RUNNING, PAGE_NUMBER_RULE = "pdf_running_line", "pdf_page_number"  # text order, not the page, says which edge


def _key(line: str) -> str:
    return DIGITS.sub("#", SPACE.sub("", line))


def _candidate(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= MAX_CHARS and not text.endswith(SENTENCE_END)


def running_lines(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page index, line index) -> rule id, for each occurrence of a running line."""
    if len(pages) < MIN_PAGES:
        return {}
    places: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for p, lines in enumerate(pages):
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edges = {"top": filled[:EDGE_LINES], "bottom": filled[-EDGE_LINES:]}
        for edge, indices in edges.items():
            for i in indices:
                if _candidate(lines[i]):
                    places[(edge, _key(lines[i]))].append((p, i))
    needed = max(MIN_PAGES, MIN_SHARE * len(pages))
    found: dict[tuple[int, int], str] = {}
    for (_, key), where in places.items():
        if len({p for p, _ in where}) >= needed:
            rule = PAGE_NUMBER_RULE if "#" in key and PAGE_NUMBER.match(key) else RUNNING
            for place in where:
                found.setdefault(place, rule)
    return found


def join_pages(pages: list[list[str]]) -> tuple[str, tuple[Removal, ...]]:
    """The pages' lines as one text, and a page-furniture Removal for each running line in it."""
    running = running_lines(pages)
    lines: list[str] = []
    furniture: list[Removal] = []
    for p, page in enumerate(pages):
        for i, line in enumerate(page):
            lines.append(line)
            if (rule := running.get((p, i))) is not None:
                furniture.append(Removal(rule, "page_furniture", len(lines), 0, len(line), line))
    return "\n".join(lines), tuple(furniture)
