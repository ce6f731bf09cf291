"""Assemble a Document from decoded text: clean, segment, and describe each report."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from docclean.cleaners.detectors.settings import default_settings
from docclean.cleaners.detectors.stage import run_detectors
from docclean.cleaners.engine import Cleaned, clean_text
from docclean.cleaners.furniture import remove_furniture
from docclean.cleaners.metadata import count_placeholders, extract_unit, extract_year, is_truncated
from docclean.cleaners.model import Decoded, Document, Line, Removal, Report
from docclean.cleaners.rules import RuleSet
from docclean.cleaners.sections import split_sections
from docclean.cleaners.segment import Segmentation, segment, title_key
from docclean.cleaners.wrapped_spans import cut_wrapped_spans

Tokenizer = Callable[[str], tuple[str, ...]]
Keywords = Callable[[Sequence[str]], tuple[str, ...]]


def content_sha256(title: str, paragraphs: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join((title, *paragraphs)).encode("utf-8")).hexdigest()


def token_source(title: str, text: str) -> str:
    """What a report's tokens are cut from: its title and its text (paragraphs, one a line), a line each.
    The one definition, for the Document's tokens and for rows that get theirs later (flows/ingest/parts.py).

    >>> token_source("标题", "第一段\\n第二段").split("\\n"), token_source("标题", "")
    (['标题', '第一段', '第二段'], '标题')
    """
    return f"{title}\n{text}" if text else title


def _toc_mismatch(seg: Segmentation) -> set[int]:
    """Ordinals of reports that disagree with the table of contents (all of them if the counts differ)."""
    if not seg.toc:
        return set()
    listed = [title_key(t) for t in seg.toc]
    found = [title_key(title.text) if title else "" for title, _ in seg.reports]
    if len(listed) != len(found):
        return set(range(1, len(found) + 1))
    return {k for k, (a, b) in enumerate(zip(listed, found, strict=True), 1) if a != b}


def _owner(seg: Segmentation) -> Callable[[int], int]:
    """Map a source line to the report a removal there belongs to: the one it sits in or just before
    (file-head noise goes with the first report, file-tail noise with the last; 0 when there is none)."""
    ends = [
        body[-1].end_line_no if body else title.line_no if title else 0
        for title, body in seg.reports
        if title or body
    ]

    def owner(line_no: int) -> int:
        return min(bisect.bisect_left(ends, line_no) + 1, len(ends))

    return owner


def _paywalled(removals: Sequence[Removal], ordinal: int) -> bool:
    return any(r.category == "paywall" and r.report_ordinal == ordinal for r in removals)


def _report(
    ordinal: int,
    title: Line | None,
    body: tuple[Line, ...],
    seg: Segmentation,
    flags: list[str],
    tokenize: Tokenizer | None,
    keywords: Keywords | None,
) -> Report:
    title_text = title.text if title else ""
    paragraphs = tuple(line.text for line in body)
    if title is None:
        flags.append("no_title")
    if is_truncated(paragraphs) and "truncated" not in flags:
        flags.append("truncated")
    if any("\ufffd" in p for p in (title_text, *paragraphs)):
        flags.append("replacement_chars")
    tokens = tokenize(token_source(title_text, "\n".join(paragraphs))) if tokenize else ()
    return Report(
        ordinal=ordinal,
        title=title_text,
        unit=extract_unit(title_text),
        year=extract_year(title_text, paragraphs),
        collection_title=seg.collection_title,
        paragraphs=paragraphs,
        sections=split_sections(paragraphs),
        placeholder_count=count_placeholders("\n".join(paragraphs)),
        content_sha256=content_sha256(title_text, paragraphs),
        flags=tuple(flags),
        title_line_no=title.line_no if title else None,
        tokens=tokens,
        keywords=keywords(tokens) if keywords and tokens else (),
    )


def clean_lines(
    text: str,
    rules: RuleSet,
    furniture: tuple[Removal, ...] = (),
    full_width: frozenset[int] = frozenset(),
    paragraph_starts: frozenset[int] = frozenset(),
    headings: frozenset[int] = frozenset(),
) -> Cleaned:
    """Rules, the page furniture the format revealed, then the general detectors: the kept lines of
    decoded text and every removal. `full_width`: lines the page layout shows filling the width;
    `paragraph_starts`: lines the markup shows beginning a paragraph (never joined to the line above);
    `headings`: lines the markup makes the page's heading (never removed for their neighbours)."""
    cleaned = remove_furniture(clean_text(text, rules), furniture)
    settings = rules.detectors or default_settings()
    cleaned = run_detectors(text, cleaned, settings, full_width, paragraph_starts, headings)
    return cut_wrapped_spans(text, cleaned, rules)


def _segment_removals(
    text: str, seg: Segmentation, removals: tuple[Removal, ...], owner: Callable[[int], int]
) -> tuple[Removal, ...]:
    """`removals` plus a record for each line segment took out of a report: a repeat of the compilation's
    header, a table of contents under the title. A line whose kept text differs from its source (a fold, a
    cut) is recorded whole, in place of the records of what was done to it, as a line rule's would be."""
    source = text.split("\n")
    taken: dict[int, Removal] = {}
    for rule_id, category, lines in (
        ("segment_repeated_collection_header", "site_chrome", seg.repeated_headers),
        ("segment_table_of_contents", "page_furniture", seg.leadered_toc),
    ):
        for line in lines:
            raw = source[line.line_no - 1]
            start = raw.find(line.text)
            end, removed = start + len(line.text), line.text
            if start < 0 or any(r.line_no == line.line_no for r in removals):
                start, end, removed = 0, len(raw), raw
            taken[line.line_no] = Removal(
                rule_id, category, line.line_no, start, end, removed, report_ordinal=owner(line.line_no)
            )
    if not taken:
        return removals
    kept = tuple(r for r in removals if r.line_no not in taken or r.start < 0)
    return tuple(sorted((*kept, *taken.values()), key=lambda r: (r.line_no, r.start)))


def build_document(
    source_path: str,
    decoded: Decoded,
    rules: RuleSet,
    tokenize: Tokenizer | None = None,
    keywords: Keywords | None = None,
) -> Document:
    """Clean and segment decoded text into a Document (tokens only when a tokenizer is given)."""
    cleaned = clean_lines(
        decoded.text, rules, decoded.furniture, decoded.full_width, decoded.paragraph_starts, decoded.headings
    )
    seg = segment(cleaned.lines, decoded.headings)
    owner = _owner(seg)
    removals = tuple(
        replace(r, report_ordinal=owner(r.line_no)) if r.start >= 0 else r for r in cleaned.removals
    )
    removals = _segment_removals(decoded.text, seg, removals, owner)
    mismatched = _toc_mismatch(seg)
    reports = []
    for ordinal, (title, body) in enumerate(seg.reports, 1):
        flags = ["toc_mismatch"] if ordinal in mismatched else []
        if _paywalled(removals, ordinal):
            flags.append("truncated")
        reports.append(_report(ordinal, title, body, seg, flags, tokenize, keywords))
    doc_flags = ["replacement_chars"] if decoded.replacement_chars else []
    if mismatched:
        doc_flags.append("toc_mismatch")
    return Document(
        source_path=source_path,
        format=decoded.format,
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        collection_title=seg.collection_title,
        front_matter=tuple(line.text for line in seg.front_matter),
        reports=tuple(reports),
        removals=decoded.removals + removals,
        flags=tuple(doc_flags),
        suspects=tuple(replace(s, report_ordinal=owner(s.line_no)) for s in cleaned.suspects),
    )
