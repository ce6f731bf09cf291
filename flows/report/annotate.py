"""A source file as a person reviews its cleaning: every line of the decoded source, each removal a piece
struck through and labelled with its rule or detector, suspects marked, report boundaries and titles.

Built from what the cleaner itself returns (`cleaners.pipeline`: the decoded source, the Document's
removal records, suspects and reports), never by cleaning again here: `docclean show` renders it on a
terminal, the report's per-file pages as HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docclean.cleaners.engine import kept_columns
from docclean.cleaners.formats import extract
from docclean.cleaners.model import Document, Refused, Removal, Suspect
from docclean.cleaners.pipeline import decode_source
from docclean.cleaners.rules import RuleSet


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one source line: kept text, or removed text with the rule that removed it."""

    text: str
    rule_id: str = ""  # "" : kept
    replacement: str = ""

    @property
    def removed(self) -> bool:
        return bool(self.rule_id)


@dataclass(frozen=True, slots=True)
class AnnotatedLine:
    line_no: int
    pieces: tuple[Piece, ...]
    report: tuple[int, str] | None = None  # a report starts here: (ordinal, title)
    is_title: bool = False
    suspect: Suspect | None = None
    joined: str = ""  # a reflow join: this line's break was taken out (the detector's id)


@dataclass(frozen=True)
class Review:
    """One source's review: its lines, and what else the cleaner said about it."""

    path: str
    format: str
    encoding: str
    lines: tuple[AnnotatedLine, ...]
    removals: int
    suspects: int
    reports: int
    chrome: tuple[Removal, ...] = ()  # HTML chrome: removed before the page's text was extracted
    refused: str = ""  # status: reason, when the source gives no text
    notes: list[str] = field(default_factory=list)


def _pieces(line: str, removals: list[Removal]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    pos = 0
    for r in sorted(removals, key=lambda r: (r.start, r.end)):
        if r.start > pos:
            out.append(Piece(line[pos : r.start]))
        if r.end > max(pos, r.start):
            out.append(Piece(line[max(pos, r.start) : r.end], r.rule_id, r.replacement))
        pos = max(pos, r.end)
    if pos < len(line) or not out:
        out.append(Piece(line[pos:]))
    return tuple(out)


def _starts(
    doc: Document, source: list[str], by_line: dict[int, list[Removal]]
) -> dict[int, tuple[int, str]]:
    """The source line each report starts on: its title's, else the first line holding its first paragraph."""
    starts: dict[int, tuple[int, str]] = {}
    after = 0
    for report in doc.reports:
        line_no = report.title_line_no
        if line_no is None and report.paragraphs:
            head = report.paragraphs[0][:12]
            for no in range(after + 1, len(source) + 1):
                if head and kept_columns(source[no - 1], by_line.get(no, []))[0].startswith(head):
                    line_no = no
                    break
        if line_no is not None:
            starts[line_no] = (report.ordinal, report.title)
            after = line_no
    return starts


def annotate(text: str, doc: Document) -> Review:
    """The review of a cleaned source from its decoded text and its Document."""
    source = text.split("\n")
    by_line: dict[int, list[Removal]] = {}
    joins: dict[int, str] = {}
    chrome = []
    for r in doc.removals:
        if r.is_join:
            joins[r.line_no] = r.rule_id
        elif r.start < 0:
            chrome.append(r)
        else:
            by_line.setdefault(r.line_no, []).append(r)
    suspects = {s.line_no: s for s in doc.suspects}
    starts = _starts(doc, source, by_line)
    titles = {r.title_line_no for r in doc.reports if r.title_line_no}
    lines = tuple(
        AnnotatedLine(
            no,
            _pieces(line, by_line.get(no, [])),
            starts.get(no),
            no in titles,
            suspects.get(no),
            joins.get(no, ""),
        )
        for no, line in enumerate(source, 1)
    )
    return Review(
        doc.source_path,
        doc.format,
        doc.encoding,
        lines,
        len(doc.removals),
        len(doc.suspects),
        len(doc.reports),
        tuple(chrome),
    )


def review_file(data: bytes, name: str, rules: RuleSet) -> Iterator[Review]:
    """Every source of a file (one, or each member of a zip), cleaned by the pipeline and annotated."""
    from docclean.cleaners.document import build_document

    for source in extract(data, name):
        if isinstance(source, Refused):
            yield Review(
                source.path, source.format, "", (), 0, 0, 0, refused=f"{source.status}: {source.reason}"
            )
            continue
        decoded = decode_source(source, rules)
        yield annotate(decoded.text, build_document(source.path, decoded, rules))
