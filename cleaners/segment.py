"""Split a compilation's kept lines into front matter (compilation title, count, table of contents) and
reports. No list of known titles: a title is a short line without sentence punctuation that stands at a
report boundary (file start, after a watermark, after a blank line with a genre word, or listed in the
table of contents). A body paragraph is never a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docclean.cleaners.model import Line

TITLE_MAX_CHARS = 60
# A line ending in these is a sentence or a lead-in ("…如下："), never a title.
SENTENCE_END = tuple("。！？!?；;，,、：:…")
NUMBERED_HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+(部分|章|节|篇)|[一二三四五六七八九十百]+\s*[、.．]|"
    r"[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,2}\s*[.．、](?!\d)|[①-⑳]|[一二三四五六七八九十]是)"
)
GENRE_WORD = re.compile(
    r"(报告|总结|讲话|讲话稿|发言|发言稿|提纲|致辞|心得体会|心得|体会|汇报|材料|述职|述廉|述责|方案|计划|规划|要点|"
    r"意见|通知|简报|调研|演讲稿|主持词|党课|讲稿|对照检查|剖析|自查|说明|倡议书|事迹|范文|纪要|决定|办法|制度)$"
)
TRAILING_PAREN = re.compile(r"\s*[（(]([^（()）]{1,24})[)）]\s*$")
COLLECTION_WORD = re.compile(r"(汇编|合集|大全|精选|集锦|选编|范文\d*篇|\d+篇|[一二三四五六七八九十]+篇)")
COUNT_LINE = re.compile(r"^[（(][^（()）]{0,8}\d+\s*篇[^（()）]{0,4}[)）]$")
# `社区妇联工作总结汇报(精选14篇)`: a 范文 site's header over the numbered reports that follow it.
HEADER_COUNT = re.compile(r"[（(][^（()）]{0,6}\d+\s*篇[^（()）]{0,4}[)）]\s*$")
# `… 篇1`, `…（二）`, `…3`: the position of a report inside a compilation, after its genre word.
ORDINAL_SUFFIX = re.compile(
    r"\s*(?:篇\s*[\d一二三四五六七八九十]+|[（(][\d一二三四五六七八九十]+[)）]|\d{1,2})\s*$"
)
TOC_HEAD = re.compile(r"^目\s*录\s*[:：]?$")
TOC_ENTRY = re.compile(
    r"^\s*(\d{1,3}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|[（(]\d{1,3}[)）])\s*(?P<title>\S.*?)(\s*[.…·]{3,}\s*\d+)?\s*$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def title_like(text: str) -> bool:
    """Short, holds Chinese, no sentence punctuation at its end, not a numbered section heading."""
    return (
        len(text) <= TITLE_MAX_CHARS
        and not text.endswith(SENTENCE_END)
        and CJK.search(text) is not None
        and not NUMBERED_HEADING.match(text)
        and not COUNT_LINE.match(text)
        and not TOC_HEAD.match(text)
    )


def has_genre_word(text: str) -> bool:
    """`…述职报告`, `…工作总结（企业）`, `…工作总结汇报 篇1`: a genre word ends the title, before an optional
    trailing (…) or the report's number in a compilation."""
    return GENRE_WORD.search(ORDINAL_SUFFIX.sub("", TRAILING_PAREN.sub("", text))) is not None


def is_compilation_header(lines: tuple[Line, ...], i: int) -> bool:
    """A title with a count (`…(精选14篇)`) standing over another title: the compilation's, not a report's."""
    return (
        i + 1 < len(lines)
        and title_like(lines[i].text)
        and HEADER_COUNT.search(lines[i].text) is not None
        and title_like(lines[i + 1].text)
    )


def title_key(text: str) -> str:
    """Comparison key for a title: no spaces or punctuation, so TOC entries match headings."""
    return re.sub(r"[\s\W_]+", "", text)


@dataclass(frozen=True, slots=True)
class Segmentation:
    collection_title: str
    front_matter: tuple[Line, ...]
    toc: tuple[str, ...]
    reports: tuple[tuple[Line | None, tuple[Line, ...]], ...]  # (title line or None, body lines)


def _is_collection_title(lines: tuple[Line, ...]) -> bool:
    """The file opens with a title followed by a count, a TOC, or (for `…汇编`) the first report's title."""
    if len(lines) < 3 or not title_like(lines[0].text):
        return False
    nxt = lines[1].text
    if COUNT_LINE.match(nxt) or TOC_HEAD.match(nxt):
        return True
    return COLLECTION_WORD.search(lines[0].text) is not None and title_like(nxt)


def _front_matter(lines: tuple[Line, ...]) -> tuple[str, list[Line], list[str], int]:
    """Compilation title, its count line and table of contents at the head of the file."""
    front: list[Line] = []
    toc: list[str] = []
    i, collection = 0, ""
    if _is_collection_title(lines):
        collection, i = lines[0].text, 1
        front.append(lines[0])
    if i < len(lines) and COUNT_LINE.match(lines[i].text):
        front.append(lines[i])
        i += 1
    while is_compilation_header(lines, i):  # several header variants may stack (汇总14篇 / 精选14篇)
        collection = collection or lines[i].text
        front.append(lines[i])
        i += 1
    if i < len(lines) and TOC_HEAD.match(lines[i].text):
        front.append(lines[i])
        i += 1
        while i < len(lines) and (m := TOC_ENTRY.match(lines[i].text)) and len(lines[i].text) <= 80:
            if lines[i].text.endswith(("。", "；")):
                break
            toc.append(m.group("title"))
            front.append(lines[i])
            i += 1
    return collection, front, toc, i


def _is_title(lines: tuple[Line, ...], j: int, first: int, toc_keys: set[str]) -> bool:
    line = lines[j]
    if not title_like(line.text) or j + 1 >= len(lines):
        return False  # a title is followed by a body
    if toc_keys and title_key(line.text) in toc_keys:
        return True
    if j == first or line.after_boundary:
        return True
    return line.blank_before and has_genre_word(line.text)


def _chosen_title(lines: tuple[Line, ...], first: int) -> int:
    """Where the first report's title is, among the title-like lines that open the file: the first one with
    the genre's title shape (`…总结`, `…讲话`, `… 篇1`) when the lines before it have none — those are page
    titles, site names or slogans printed above the document's own title."""
    k = first
    while k < len(lines) and title_like(lines[k].text):
        k += 1
    if k - first < 2 or k >= len(lines) or has_genre_word(lines[first].text):
        return first
    shaped = (
        j
        for j in range(first + 1, k)
        if has_genre_word(lines[j].text) and not lines[j].text.startswith(("—", "(", "（"))
    )
    return next(shaped, first)


def segment(lines: tuple[Line, ...]) -> Segmentation:
    """Partition kept lines: front matter first, then reports in order; every line lands somewhere."""
    collection, front, toc, first = _front_matter(lines)
    chosen = _chosen_title(lines, first)
    front.extend(lines[first:chosen])
    first = chosen
    toc_keys = {title_key(t) for t in toc}
    starts = [j for j in range(first, len(lines)) if _is_title(lines, j, first, toc_keys)]
    # A page that prints its title twice (site header, then article heading): the second one is the
    # report's title; at the file head the first is front matter, elsewhere it stays in the text.
    starts = sorted(
        {j + 1 if title_key(lines[j + 1].text) == title_key(lines[j].text) else j for j in starts}
    )
    if (
        starts
        and starts[0] > first
        and all(title_key(lines[k].text) == title_key(lines[starts[0]].text) for k in range(first, starts[0]))
    ):
        front.extend(lines[first : starts[0]])
        first = starts[0]
    reports: list[tuple[Line | None, tuple[Line, ...]]] = []
    if first < len(lines) and (not starts or starts[0] > first):
        end = starts[0] if starts else len(lines)
        reports.append((None, lines[first:end]))  # body with no title line before it
    for k, j in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        reports.append((lines[j], lines[j + 1 : end]))
    return Segmentation(collection, tuple(front), tuple(toc), tuple(reports))
