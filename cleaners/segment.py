"""Split a compilation's kept lines into front matter (compilation title, count, table of contents, page
furniture above the document's title) and reports. No list of known titles: a title is a short line
without sentence punctuation that stands at a report boundary (file start, after a watermark, after a
blank line with a genre word, or listed in the table of contents) and is followed by a body. A body
paragraph is never a title. Every kept line lands in the front matter or in a report, in source order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docclean.cleaners.frontmatter import leadered_toc, read_head
from docclean.cleaners.model import Line
from docclean.cleaners.titles import (
    CAPTION,
    COUNT,
    DOCUMENT_FIELD,
    NUMBERED_HEADING,
    ORDINAL_PREFIX,
    ORDINAL_SUFFIX,
    SALUTATION,
    TITLE_MAX_CHARS,
    TRAILING_PAREN,
    has_genre_word,
    is_meta_line,
    is_subtitle,
    names_the_document,
    title_key,
    title_like,
    title_score,
)

__all__ = ["TRAILING_PAREN", "Segmentation", "segment", "title_key", "title_like"]

ORDINAL_STEM_MIN = 4  # characters a numbered title's name needs before its number counts as one

# `文 / 某某`, `作者：某某`: the author's own line under an essay's title (a page's 来源/时间 line is no byline)
# (or several authors, a name's characters spaced out to fill its width: `文|孙玉梅 孔 琳`)
AUTHOR_NAME = r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3}"
AUTHOR_LINE = re.compile(
    rf"^\s*(?:文|作者|撰文|撰稿|文图|图文)\s*[/／:：|｜]\s*{AUTHOR_NAME}(?:[\s、,，]+{AUTHOR_NAME}){{0,3}}\s*$"
)
BYLINE_BELOW = 3.0  # a title's own byline right under it counts more than standing right above the body
PAGE_HEADING = 3.0  # the page's <h1>: as much as a byline under it says
# an <h1> that is the site's name: titles.SITE_NAME without its bare `站` (`某某县种子管理站` is an institution)
SITE_HEADING = re.compile(
    r"(?:网|網|网站|網站|论坛|論壇|文库|文庫|首页|首頁)\s*$|[A-Za-z0-9-]+\.(?:com|cn|net|org)\b", re.I
)
PRINTED_TWICE = 3.0  # a line printed twice in a row above the text, not the <h1>: as much as the <h1>
HEADING_WITHIN = 12  # kept lines from a page's top where its <h1> is its title, whatever stands above it
HEADING_TAIL_MIN = 8  # characters of the heading's end a line must hold to be its title without a prefix
SECTION_GENRE_CHARS = 6  # `工作报告`, `述职报告`: a section heading naming the document's own genre
# A page that prints its title twice (site header, then article heading) may put an uploader line or a
# 范文 site's intro between the copies; a real report under a repeated title is longer than this.
SHORT_LINE_PAGE = 10  # title-like lines in a row above the first paragraph: a page made of short lines
DUPLICATE_GAP_LINES = 2
DUPLICATE_GAP_CHARS = 400
# `实习周记一(开始实习)`, `日记二`: a part of a document, numbered after its name, with an optional remark
PART_HEADING = re.compile(
    r"^\s*(?P<stem>[^\s\d一二三四五六七八九十]{2,20}?)[一二三四五六七八九十\d]{1,2}\s*(?:[（(][^（()）]{1,16}[)）])?\s*$"
)
COMPILATION_INTRO_LINES = 3  # what a site puts under a compilation's header before its first report
BODY_SENTENCE_CHARS = 20  # a line this long ending a sentence is a paragraph (a site's intro, or the body's)
SENTENCE_ENDS = ("。", "！", "？", "!", "?", "”")
LEAD_IN_MIN_CHARS = 40  # a lead-in this long is a paragraph, not a label (`附件:`, `主持人:`)
# What a site's intro between two copies of a title speaks of: itself, the text below, the reader. A
# paragraph there with none of these words is the text's own first paragraph.
INTRO_WORDS = re.compile(
    r"小编|小編|本文|本篇|下文|下面(是|就是|为|為)|以下(是|为|為)|范文|範文|欢迎|歡迎|仅供|僅供|导语|導語|摘要|编者|編者"
    r"|本站|网友|網友|阅读|閱讀|(为|為|给|給)(您|你|大家)|供[^。]{0,8}(参考|參考|借鉴|借鑒)|希望[^。]{0,12}(帮助|幫助|帮到|幫到)"
)
REPOSTED = re.compile(r"(?:详情|詳情|全文|原文|具体内容|具體內容)如下\s*[:：]$")  # a reposter hands on a text

Report = tuple[Line | None, tuple[Line, ...]]  # (title line or None, body lines)
# `…工作报告(精选3篇)`, `…工作报告4篇`: a compilation's header counts its reports; no report's own text does
COUNTED = re.compile(rf"(?:[（(][^（()）]{{0,8}}{COUNT}[^（()）]{{0,4}}[)）]|{COUNT})\s*$")


@dataclass(frozen=True, slots=True)
class Segmentation:
    collection_title: str
    front_matter: tuple[Line, ...]
    toc: tuple[str, ...]
    reports: tuple[Report, ...]
    repeated_headers: tuple[Line, ...] = ()  # the compilation's counted header printed again inside a report
    leadered_toc: tuple[Line, ...] = ()  # a table of contents under a report's title, no `目录` over it


def _chosen_title(
    lines: tuple[Line, ...], first: int, end: int, page_headings: frozenset[int] = frozenset()
) -> int | None:
    """The document's title among the title-like lines `lines[first:end]` above the first body paragraph,
    or None when none of them can carry it (only metadata, say). The best-scoring line wins; the lines
    above it are page furniture, the lines below it its subtitle, byline or date. `page_headings`: source
    lines the page's markup made its heading (<h1>), a title's place more often than not."""
    # a document's number or date line (`穗建联〔2021〕102号`) is never its title, even with nothing else above
    # the body: the page then has no title line, and the number stays in the text
    candidates = [
        j
        for j in range(first, end)
        if not is_meta_line(lines[j].text) and not DOCUMENT_FIELD.match(lines[j].text)
    ]
    if not candidates:
        return None
    if len(candidates) == 1 or end >= len(lines):
        return candidates[0]  # nothing to choose between, or no body to stand above
    naming = [j for j in candidates if names_the_document(lines[j].text)]
    last = naming[-1] if naming else candidates[-1]
    scores = {j: title_score(lines[j].text, last=j == last) for j in candidates}
    heading_keys = {title_key(lines[j].text) for j in candidates if lines[j].line_no in page_headings}
    for j in candidates:
        if j + 1 < end and AUTHOR_LINE.match(lines[j + 1].text):
            scores[j] += BYLINE_BELOW  # `文 / 某某` names who wrote the line above it: that line is the title
        if _names_the_heading(title_key(lines[j].text), heading_keys):
            scores[j] += PAGE_HEADING  # over a photo's caption or a welcome line nearer the body
        if (
            heading_keys
            and _printed_twice(lines, j, candidates)
            and title_key(lines[j].text) not in heading_keys
        ):
            scores[j] += PRINTED_TWICE  # the article's title twice over the text, under an <h1> of the page's
    best = max(scores.values())
    chosen = max(j for j in candidates if scores[j] == best)  # a tie goes to the line nearer the body
    chosen = _heading_over(lines, chosen, [j for j in candidates if lines[j].line_no in page_headings])
    plain = [
        j
        for j in candidates
        if j < chosen and (_numbered_copy(lines, chosen, j) or _part_of(lines, chosen, j))
    ]
    return plain[-1] if plain else chosen


def _heading_below_head(lines: tuple[Line, ...], end: int, page_headings: frozenset[int]) -> int | None:
    """The page's <h1> when it stands below where the head's reading ended, within its first
    HEADING_WITHIN lines: the site's lines above it (a promo box's sentences, a phone line) ended the head
    early, and the heading is still the title. The last such heading; None when there is none."""
    found = [
        j
        for j in range(end, min(HEADING_WITHIN, len(lines) - 1))
        if lines[j].line_no in page_headings and _heading_shaped(lines[j].text)
    ]
    return found[-1] if found else None


def _heading_shaped(text: str) -> bool:
    """A title's shape, or a headline's that ends on `!` (`某某公司揭牌成立!`, `公交人:我坚守,我快乐!`): in the
    page's <h1> an exclamation closes a headline, not a sentence."""
    return title_like(text) or (text.endswith(("!", "！")) and title_like(text.rstrip("!！")))


def _heading_over(lines: tuple[Line, ...], chosen: int, headings: list[int]) -> int:
    """The page's <h1> over a chosen line that names no genre and copies no heading (a table's header row,
    a column's name nearer the text): the markup says which line is the title. An <h1> that is the site's
    name (`某某范文网`) says nothing."""
    own = [j for j in headings if not SITE_HEADING.search(lines[j].text)]
    if not own or chosen in own or has_genre_word(lines[chosen].text):
        return chosen
    keys = {title_key(lines[j].text) for j in own}
    return chosen if _names_the_heading(title_key(lines[chosen].text), keys) else own[-1]


def _printed_twice(lines: tuple[Line, ...], j: int, candidates: list[int]) -> bool:
    """Is candidate j printed again right above or below it, as another candidate?"""
    return any(
        k in candidates and title_key(lines[k].text) == title_key(lines[j].text) for k in (j - 1, j + 1)
    )


def _part_of(lines: tuple[Line, ...], part: int, whole: int) -> bool:
    """`实习周记一(开始实习)` under `酒店收银员实习周记`: the first numbered part of the document the line above
    names (its stem ends that name); the part's heading stays in the text. A part named by a genre word
    (`工作总结一`) may be a compilation's report, and is left to the compilation's reading."""
    numbered = PART_HEADING.match(lines[part].text)
    if numbered is None or has_genre_word(lines[part].text):
        return False
    stem = title_key(numbered.group("stem"))
    whole_key = title_key(lines[whole].text)
    return len(stem) >= 2 and whole_key.endswith(stem) and len(whole_key) > len(stem)


def _names_the_heading(key: str, heading_keys: set[str]) -> bool:
    """The page's heading, or a copy of it: printed again nearer the text (the copy there wins the tie),
    or without the column's name the heading puts before it (`本级巡察整改:向阳区开展…` over `向阳区开展…`)."""
    return key in heading_keys or (
        len(key) >= HEADING_TAIL_MIN and any(full.endswith(key) for full in heading_keys)
    )


def _fuller_name(lines: tuple[Line, ...], first: int, chosen: int) -> int | None:
    """`在…表彰大会上的教师代表发言稿` over `教师代表发言稿`: the page's title above the article's short heading,
    naming it in full (the one ends with the other, genre word and all), or None. The heading stands
    nearer the body, but it is the same title cut short."""
    short = title_key(lines[chosen].text)
    if not has_genre_word(lines[chosen].text):
        return None
    fuller = [
        j
        for j in range(first, chosen)
        if title_like(lines[j].text)
        and names_the_document(lines[j].text)
        and (full := title_key(lines[j].text)).endswith(short)
        and len(full) > len(short)
    ]
    return fuller[-1] if fuller else None


def _numbered_copy(lines: tuple[Line, ...], j: int, of: int) -> bool:
    """`公司文书管理工作制度5` under `公司文书管理工作制度`: the page's title printed again with a bare number
    the site gave the document, the only line numbered under that name. A compilation numbers several, and
    its first (`…篇1`, `…1`, a page that shows one of them) is a report's title."""
    suffix = ORDINAL_SUFFIX.search(lines[j].text)
    number = suffix.group().strip() if suffix else ""
    stem = ordinal_stem(lines[j].text)
    if not number.isdigit() or int(number) == 1 or stem is None or stem != title_key(lines[of].text):
        return False
    return sum(ordinal_stem(line.text) == stem for line in lines if title_like(line.text)) == 1


def _repeated_below(lines: tuple[Line, ...], title: int) -> tuple[int | None, bool]:
    """The copy of the title a page prints again a few lines below (after an uploader line or a site's
    intro, or right under a site's numbered label `篇一 :X`), or None; and whether the report's body opened
    above it (a salutation `同志们:` between the copies: the copy is then a line of the body)."""
    key = title_key(ORDINAL_PREFIX.sub("", lines[title].text))
    gap, opened, sentences = 0, False, 0
    for j in range(title + 1, min(title + 2 + DUPLICATE_GAP_LINES, len(lines) - 1)):
        if title_like(lines[j].text) and title_key(lines[j].text) == key:
            return j, opened
        gap += len(lines[j].text)
        if gap > DUPLICATE_GAP_CHARS or NUMBERED_HEADING.match(lines[j].text):
            break  # a numbered heading is a report's own structure: this title has a body
        opened = opened or SALUTATION.match(lines[j].text) is not None or _leads_in(lines[j].text)
        sentence = len(lines[j].text) >= BODY_SENTENCE_CHARS and lines[j].text.rstrip().endswith(
            SENTENCE_ENDS
        )
        sentences += sentence
        # a site's intro is one paragraph, and it speaks of the text or the reader; two, or one that does
        # not, are the report's own
        opened = opened or sentences >= 2 or (sentence and INTRO_WORDS.search(lines[j].text) is None)
    return None, opened


def _leads_in(text: str) -> bool:
    """A paragraph that leads in to the text below (`…现将调查研究情况综述如下:`): the report's own opening,
    never a site's intro (which ends its sentence: `…欢迎阅读。`) nor a reposter's (`…的函,详情如下:`)."""
    text = text.rstrip()
    return len(text) >= LEAD_IN_MIN_CHARS and text.endswith((":", "：")) and REPOSTED.search(text) is None


def _is_title(lines: tuple[Line, ...], j: int, first: int, toc_keys: set[str], genre_breaks: bool) -> bool:
    """Does the title-like line j start a report? (The caller asks only of title-like lines.)"""
    line = lines[j]
    if j + 1 >= len(lines) or DOCUMENT_FIELD.match(line.text):
        return False  # a title is followed by a body; a document's number or date is no title
    if toc_keys and title_key(line.text) in toc_keys:
        return True
    if j == first or line.after_boundary:
        return True
    # a subtitle (`——在…会议上的讲话`) under a title carries the genre word but starts no report; nor does
    # the first of a row of photo captions (`院长某某述职` over `▲副院长某某述职`): a body follows a title;
    # nor a bare heading that repeats the end of the document's title (`工作報告` under `…主席工作報告`)
    key = title_key(line.text)
    return (
        genre_breaks
        and line.blank_before
        and has_genre_word(line.text)
        and not is_subtitle(line.text)
        and not CAPTION.match(lines[j + 1].text)
        and not (
            len(key) <= SECTION_GENRE_CHARS
            and (whole := title_key(lines[first].text)).endswith(key)
            and whole != key
        )
    )


def ordinal_stem(text: str) -> str | None:
    """What a compilation's numbered title names before its number (`演讲比赛主持词双人 篇2` ->
    `演讲比赛主持词双人`), in title_key form; None for a line without a number at its end.

    >>> ordinal_stem("演讲比赛主持词双人 篇2") == ordinal_stem("演讲比赛主持词双人 篇1"), ordinal_stem("工作总结")
    (True, None)
    """
    match = ORDINAL_SUFFIX.search(text)
    stem = title_key(text[: match.start()]) if match else ""
    return stem if len(stem) >= ORDINAL_STEM_MIN else None


def _report_starts(
    lines: tuple[Line, ...],
    first: int,
    toc_keys: set[str],
    *,
    genre_breaks: bool = True,
    page_titles: frozenset[str] = frozenset(),
) -> list[int]:
    starts: list[int] = []
    # `X 篇1` chosen as a title makes `X 篇2` a title too, wherever it stands: a compilation numbers its
    # reports under one name, blank lines or genre words aside; `第二篇：X` is numbered by its own shape
    stems: set[str] = set()
    for j in range(first, len(lines)):
        text = lines[j].text
        if not title_like(text):
            continue  # only a title-like line starts a report (most lines: asked nothing more)
        stem = ordinal_stem(text)
        numbered = stem in stems or ORDINAL_PREFIX.match(text) is not None
        if j > first and page_titles and (key := title_key(text)) in page_titles and key not in toc_keys:
            continue  # the page's own title above the reports, printed again inside one, starts none
        if _is_title(lines, j, first, toc_keys, genre_breaks) or (numbered and j + 1 < len(lines)):
            starts.append(j)
            if stem:
                stems.add(stem)
    # A title printed twice in a row: the second copy is the report's title, the first stays in the text;
    # printed again with a number of its own, the copy stays in the text of the title above it.
    starts = sorted({j + 1 if _same_title(lines[j + 1].text, lines[j].text) else j for j in starts})
    return [
        j
        for k, j in enumerate(starts)
        if not (k and starts[k - 1] == j - 1 and _numbered_copy(lines, j, j - 1))
    ]


def _same_title(text: str, title: str) -> bool:
    return len(text) <= TITLE_MAX_CHARS and title_key(text) == title_key(title)  # a long line is no copy


def _reports(lines: tuple[Line, ...], first: int, starts: list[int]) -> list[Report]:
    """Cut lines[first:] at the starts. A title with no body under it is no report: at the head of the file
    it is front matter (the caller's), further down it stays in the text of the report before it."""
    reports: list[Report] = []
    if first < len(lines) and (not starts or starts[0] > first):
        reports.append((None, lines[first : starts[0] if starts else len(lines)]))  # body with no title
    for k, j in enumerate(starts):
        body = lines[j + 1 : starts[k + 1] if k + 1 < len(starts) else len(lines)]
        if body or not reports or not reports[-1][1]:
            reports.append((lines[j], body))
        else:
            title, before = reports[-1]
            reports[-1] = (title, (*before, lines[j]))
    return reports


def segment(lines: tuple[Line, ...], page_headings: frozenset[int] = frozenset()) -> Segmentation:
    """Partition kept lines: front matter first, then reports in order; every line lands somewhere.
    `page_headings`: source lines the page's markup made its heading (_chosen_title)."""
    head = read_head(lines)
    first = head.front
    # a page of short lines (video captions, verse, slogans) has no head to choose from: more title-like
    # lines than any page's furniture and title run to; its first line that can name it is its title, and
    # a genre word closing one of its short lines starts no report
    short_lines = head.end - first > SHORT_LINE_PAGE
    naming = [j for j in range(first, head.end) if names_the_document(lines[j].text)]
    chosen = naming[0] if short_lines and naming else _chosen_title(lines, first, head.end, page_headings)
    below = _heading_below_head(lines, head.end, page_headings)
    if below is not None and (chosen is None or lines[chosen].line_no not in page_headings):
        chosen = below  # what stood above the page's own heading was the site's (a promo box, a phone line)
    # the article's heading under the page's title that names it in full: the full name is the title, the
    # heading stays in the text (an article's own line) and starts no report of its own
    headings: frozenset[str] = frozenset()
    if chosen is not None and not short_lines and (fuller := _fuller_name(lines, first, chosen)) is not None:
        chosen, headings = fuller, frozenset({title_key(lines[chosen].text)})
    if chosen is None:
        first = head.end  # nothing above the body names it: those lines are page furniture …
        while first > head.front and DOCUMENT_FIELD.match(lines[first - 1].text):
            first -= 1  # … but for the document's own number or date over its text
    else:
        first = chosen
        repeated, opened = _repeated_below(lines, chosen)
        if repeated is not None and opened:
            headings |= {title_key(lines[repeated].text)}  # the copy under the salutation starts no report
        elif repeated is not None:
            first = repeated
    front = list(lines[:first])
    page_titles = frozenset(title_key(line.text) for line in front if title_like(line.text)) | headings
    starts = _report_starts(
        lines, first, {title_key(t) for t in head.toc}, genre_breaks=not short_lines, page_titles=page_titles
    )
    if chosen == below and below is not None and (not starts or starts[0] != below):
        starts.insert(0, below)  # the page's headline that ends on `!` is its title all the same
    reports = _reports(lines, first, starts)
    while reports and (head_title := reports[0][0]) is not None and not reports[0][1]:
        reports.pop(0)
        front.append(head_title)  # an empty "report" at the head: a page title, not a report
    reports, contents = _without_leadered_toc(reports)
    collection = head.collection_title
    while len(reports) > 1 and (counted := _compilation_head(reports[0])) is not None:
        title, body = reports.pop(0)  # the compilation's header and its intro, read as a report of its own
        front.extend((title, *body) if title is not None else body)
        collection = collection or counted
    headers = {title_key(line.text) for line in front if title_like(line.text) and COUNTED.search(line.text)}
    repeats = tuple(line for _, body in reports for line in body if _same_header(line.text, headers))
    if repeats:
        reports = [(title, tuple(line for line in body if line not in repeats)) for title, body in reports]
    return Segmentation(collection, tuple(front), head.toc, tuple(reports), repeats, tuple(contents))


def _without_leadered_toc(reports: list[Report]) -> tuple[list[Report], list[Line]]:
    """Reports without the leadered tables of contents in their bodies (`2.政治责任……4` lines under the title
    of a report that no `目录` line heads), and those lines: the report's furniture, not its text. It stands
    between the title and the text, so it is recorded as taken out, as the rules' removals are (front
    matter is what comes before the first report). A line joined from wrapped lines is left alone."""
    contents: list[Line] = []
    for _, body in reports:
        contents.extend(body[i] for i in leadered_toc(body) if not body[i].last_line_no)
    if not contents:
        return reports, contents
    taken = {line.line_no for line in contents}
    return [
        (title, tuple(line for line in body if line.line_no not in taken)) for title, body in reports
    ], contents


def _compilation_head(report: Report) -> str | None:
    """`教师假期读书心得美篇(模板19篇)` over a line or two (an uploader, the site's intro), then the reports:
    the compilation's counted header and what a site put under it, not a report. Its header, or None."""
    title, body = report
    if len(body) > COMPILATION_INTRO_LINES:
        return None
    lines = (title, *body) if title is not None else body
    counted = [line.text for line in lines if title_like(line.text) and COUNTED.search(line.text)]
    return counted[0] if counted else None


def _same_header(text: str, headers: set[str]) -> bool:
    """`2023年…工作报告(精选3篇)` under a report's salutation: the page's counted header above the reports,
    printed again inside one (a 范文 site's template), is no sentence of the report."""
    return bool(headers) and title_like(text) and title_key(text) in headers
