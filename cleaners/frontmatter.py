"""The head of a file: the lines above its first body paragraph, and which of them are the front matter
of a compilation (its title, count line and table of contents) or page furniture printed above the
document's own title.

A compilation is recognised by its shape, wherever the site put the pieces: a header naming a count or a
collection (`…(精选14篇)`, `…汇编`, `【精品】…3篇`, printed once or twice), a count on its own line (`(15篇)`),
a table of contents under a `目录` line, or numbered entries that name titles printed further down.
Everything above the last of these is front matter too: a page title or site name printed above the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docclean.cleaners.model import Line
from docclean.cleaners.titles import (
    COUNT,
    COUNT_LINE,
    SALUTATION,
    TITLE_MAX_CHARS,
    TOC_HEAD,
    has_genre_word,
    title_key,
    title_like,
)

COLLECTION_WORD = re.compile(
    r"(汇编|匯編|合集|大全|精选|精選|集锦|集錦|选编|選編|范文\d*篇|範文\d*篇|(?<!第)\d+\s*篇|(?<!第)(?!一篇)[一二三四五六七八九十]+篇)"
)
# `社区妇联工作总结汇报(精选14篇)`: a 范文 site's header over the numbered reports that follow it.
HEADER_COUNT = re.compile(rf"[（(][^（()）]{{0,6}}{COUNT}[^（()）]{{0,4}}[)）]\s*$")
# `1.某某工作总结`, `一、…`, `(1)…`, `第二部分 预算表格`, with a dotted leader and page number (`…… 2`) or a bare page number.
TOC_ENTRY = re.compile(
    r"^\s*(\d{1,3}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
    r"|第[一二三四五六七八九十\d]{1,3}\s*(?:部分|章|节)(?=\s|[:：]))\s*"
    r"(?P<title>\S.*?)(\s*[.…·]{2,}\s*\d+|\s+\d{1,4})?\s*$"
)
TOC_ENTRY_MAX_CHARS = 80
# `2.政治责任……………4`, `第一章 总则 ........ 3`: an entry, a dotted leader, its page number. Such lines in a
# row, their pages in order, are a table of contents wherever they stand: no sentence has that shape.
LEADERED_ENTRY = re.compile(r"^\S.{0,60}?\s*(?:…{2,}|[.．·・]{4,})[….．·・\s]*(?P<page>\d{1,4})$")
LEADERED_TOC_MIN_ENTRIES = 3
LEADER_MARKS = ("…", "..", "．．", "··", "・・")  # one of these is in every leader: a substring test first
WORDLESS = re.compile(r"^[\W_]+$")  # no letter, digit or character: punctuation and symbols only
BARE_LABEL = re.compile(r"^[^\s:：，,。]{2,8}\s*[:：]$")
# Numbered lines without a `目录` line above them are a table of contents only when they stand under a
# compilation header and most of them name titles printed further down: numbered
# headings under a report's title are its outline, and one of them may repeat as a heading elsewhere.
UNHEADED_TOC_MIN_MATCHES = 2
# A file that opens on its outline (`一、工作完成情况` `(一)加强党建引领` … with no paragraph under any of them)
# and then its title over the text: the outline is the page's, printed before the document.
OUTLINE_MIN_ENTRIES = 5


@dataclass(frozen=True, slots=True)
class Head:
    collection_title: str
    front: int  # lines[:front] are front matter
    end: int  # lines[front:end] are the title-like lines above the first body paragraph
    toc: tuple[str, ...]


def is_header(text: str) -> bool:
    """A compilation's header: a title-like line naming a count (`…(精选14篇)`, `…3篇`) or a collection; a
    site may close it with a full stop (`医院保洁个人工作总结6篇。`)."""
    text = text[:-1] if text.endswith("。") else text
    return title_like(text) and (
        HEADER_COUNT.search(text) is not None or COLLECTION_WORD.search(text) is not None
    )


def _toc_entries(lines: tuple[Line, ...], i: int) -> list[tuple[int, str]]:
    """The numbered entries from `i` on (stopping at a sentence: a numbered paragraph is body)."""
    entries: list[tuple[int, str]] = []
    while (
        i < len(lines) and len(lines[i].text) <= TOC_ENTRY_MAX_CHARS and (m := TOC_ENTRY.match(lines[i].text))
    ):
        if lines[i].text.endswith(("。", "；")):
            break
        entries.append((i, m.group("title")))
        i += 1
    return entries


def _unheaded_toc(lines: tuple[Line, ...], i: int) -> list[tuple[int, str]]:
    entries = _toc_entries(lines, i)
    if len(entries) < UNHEADED_TOC_MIN_MATCHES:
        return []
    below = {title_key(line.text) for line in lines[entries[-1][0] + 1 :] if title_like(line.text)}
    matches = sum(title_key(title) in below for _, title in entries)
    return entries if matches >= UNHEADED_TOC_MIN_MATCHES and 2 * matches > len(entries) else []


def _outline(lines: tuple[Line, ...], i: int) -> list[tuple[int, str]]:
    """The numbered entries from `i` when they are an outline over the document: at least
    OUTLINE_MIN_ENTRIES, then a title-like line that is not numbered, then a paragraph."""
    entries = _toc_entries(lines, i)
    after = entries[-1][0] + 1 if entries else i
    if len(entries) < OUTLINE_MIN_ENTRIES or after + 1 >= len(lines):
        return []
    return entries if title_like(lines[after].text) and not title_like(lines[after + 1].text) else []


def read_head(lines: tuple[Line, ...]) -> Head:
    """Walk the head (title-like lines, count lines, tables of contents) down to the first body paragraph;
    the front matter runs to the last compilation marker in it."""
    i, last_marker = 0, -1
    toc: list[str] = []
    titles: list[int] = []  # title-like lines of the head
    count_at = toc_at = -1
    while i < len(lines):
        text = lines[i].text
        if i == 0 and _label_over_title(lines):
            last_marker, i = 0, 1  # `文本内容:` over the title: a page's field label, front matter
            continue
        if WORDLESS.match(text):
            # `-`, `|`: a separator left of the page's chrome, above any title; `< ×`, a widget's arrows
            # between the site's name and the headline, walked past
            last_marker = last_marker if titles else i
            i += 1
            continue
        if COUNT_LINE.match(text):
            count_at = count_at if count_at >= 0 else i
            last_marker, i = i, i + 1
            continue
        if TOC_HEAD.match(text):
            toc_at = toc_at if toc_at >= 0 else i
            entries = _toc_entries(lines, i + 1)
            toc.extend(title for _, title in entries)
            last_marker = entries[-1][0] if entries else i
            i = last_marker + 1
            continue
        if TOC_ENTRY.match(text) and not titles and (outline := _outline(lines, i)):
            toc_at = toc_at if toc_at >= 0 else i
            last_marker = i = outline[-1][0]
            i += 1
            continue
        if TOC_ENTRY.match(text):
            under_header = bool(titles) and all(is_header(lines[j].text) for j in titles)
            entries = _unheaded_toc(lines, i) if under_header else []
            if not entries:
                break
            toc.extend(title for _, title in entries)
            toc_at = toc_at if toc_at >= 0 else i
            last_marker = i = entries[-1][0]
            i += 1
            continue
        if not title_like(text) and not _title_copy(lines, i, titles) and not is_header(text):
            break
        titles.append(i)
        i += 1
    end = i
    headers = [j for j in titles if is_header(lines[j].text)]
    if headers and end < len(lines) and _heads_the_compilation(lines, headers[-1], titles, last_marker):
        last_marker = max(last_marker, headers[-1])
    if last_marker < 0:
        return Head("", 0, end, ())
    return Head(
        _collection_title(lines, headers, count_at, toc_at, last_marker), last_marker + 1, end, tuple(toc)
    )


def leadered_toc(lines: tuple[Line, ...]) -> list[int]:
    """The indices of the runs of leadered entries (LEADERED_ENTRY, at least LEADERED_TOC_MIN_ENTRIES in a
    row, page numbers never going back) among `lines`: a table of contents that no `目录` line heads, found
    where it stands, so that the title above it stays the title."""
    found: list[int] = []
    run: list[tuple[int, int]] = []  # (index, page)
    for i, line in enumerate((*lines, None)):
        text = line.text if line is not None else ""
        m = LEADERED_ENTRY.match(text) if any(map(text.__contains__, LEADER_MARKS)) else None
        page = int(m.group("page")) if m is not None else -1
        if m is not None and (not run or page >= run[-1][1]):
            run.append((i, page))
            continue
        if len(run) >= LEADERED_TOC_MIN_ENTRIES:
            found.extend(j for j, _ in run)
        run = [(i, page)] if m is not None else []
    return found


def _title_copy(lines: tuple[Line, ...], i: int, titles: list[int]) -> bool:
    """The head's title line printed again right under it with a full stop (`某某体会书。`): a site's copy
    of its heading, no sentence of the body."""
    text = lines[i].text
    return (
        bool(titles)
        and titles[-1] == i - 1
        and len(text) <= TITLE_MAX_CHARS
        and text.endswith(("。", "."))
        and title_key(text) == title_key(lines[i - 1].text)
    )


def _label_over_title(lines: tuple[Line, ...]) -> bool:
    """The first line is a bare label (`文本内容:`, nothing after its colon, no salutation) and a title-like
    line follows it: a page's field label, not a lead-in (a lead-in is followed by its text)."""
    return (
        len(lines) > 2
        and BARE_LABEL.match(lines[0].text) is not None
        and SALUTATION.match(lines[0].text) is None
        and title_like(lines[1].text)
    )


def _heads_the_compilation(lines: tuple[Line, ...], header: int, titles: list[int], last_marker: int) -> bool:
    """A header is the compilation's when a title stands below it in the head, or a count or TOC does, or it
    stands under page furniture without the genre's shape (`…讲话汇编-13篇(第3/4页)`). A lone
    `…心得体会范文(2篇)` right above its body is that body's title."""
    if header < titles[-1] or header < last_marker:
        return True
    return len(titles) > 1 and not has_genre_word(lines[header].text)


def _collection_title(
    lines: tuple[Line, ...], headers: list[int], count_at: int, toc_at: int, last: int
) -> str:
    """The first header, else the title-like line right above the count line or the table of contents."""
    if headers and headers[0] <= last:
        return lines[headers[0]].text
    for marker in (count_at, toc_at):
        if marker > 0 and title_like(lines[marker - 1].text):
            return lines[marker - 1].text
    return ""
