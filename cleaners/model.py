"""The one data model of docclean: frozen values that pure functions take and return.

Line numbers are 1-based lines of the *decoded source text* (after byte decoding and line-end
normalisation; for HTML, the text extracted from the page). Column offsets are code points in that line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Example:
    """What a rule or detector must do to a text: `clean` is what it becomes ("" means it all goes)."""

    text: str
    clean: str = ""


@dataclass(frozen=True, slots=True)
class Removal:
    """One thing the cleaner took out (or folded), with the rule that did it.

    `replacement` is empty for removals; character folds (e.g. a Kangxi radical to its standard
    character) carry the character put in its place, so replaying the records reproduces the output.
    HTML chrome (elements dropped before the page's text was extracted) carries the element's line in
    the HTML file and `start = end = -1`: it is not part of the extracted text that the others index.
    """

    rule_id: str
    category: str
    line_no: int
    start: int
    end: int
    removed_text: str
    replacement: str = ""
    report_ordinal: int = 0  # the report it sat in or just before; 0 when the file has no report
    detail: str = ""  # for detectors: the score and the features that fired

    @property
    def is_join(self) -> bool:
        """A reflow join: the line break after `line_no` was taken out (`replacement` stands in it)."""
        return self.removed_text == "\n"


@dataclass(frozen=True, slots=True)
class Suspect:
    """A line a detector scored as likely noise but below its removal threshold: kept, and listed so
    that a user can look at it and, if it is noise, turn it into a rule."""

    detector_id: str
    category: str
    line_no: int
    text: str
    score: float
    features: str
    report_ordinal: int = 0


@dataclass(frozen=True, slots=True)
class Line:
    """A kept line of cleaned text and where it came from."""

    line_no: int
    text: str
    after_boundary: bool = False  # a report-boundary removal (e.g. a watermark) stood just before it
    blank_before: bool = False  # a blank source line stood between it and the previous kept line
    last_line_no: int = 0  # a paragraph joined from wrapped lines ends on this source line (0: line_no)

    @property
    def end_line_no(self) -> int:
        return self.last_line_no or self.line_no


@dataclass(frozen=True, slots=True)
class Decoded:
    """Raw bytes turned into text, with how that was done."""

    text: str
    format: str  # "text" | "html" | "docx" | "pdf" | "mhtml" (cleaners.formats.FORMATS)
    encoding: str
    confidence: float
    replacement_chars: int = 0
    removals: tuple[Removal, ...] = ()  # HTML chrome dropped while extracting the text
    furniture: tuple[Removal, ...] = ()  # whole lines of `text` that are page furniture (running headers)
    full_width: frozenset[int] = frozenset()  # lines the page layout shows reaching the right edge (PDF)
    paragraph_starts: frozenset[int] = frozenset()  # lines the markup shows begin a paragraph (HTML)
    headings: frozenset[int] = frozenset()  # lines the markup shows are the page's heading (HTML <h1>)


@dataclass(frozen=True, slots=True)
class Extracted:
    """One source read out of a file's bytes (cleaners.formats): text or an HTML page, ready for cleaning.

    `path` is the file's name, or `bundle.zip!/dir/member.docx` for an archive member. `furniture` holds
    whole-line Removals of `text` (page furniture the format itself reveals, such as a header that runs on
    every page): the cleaning takes those lines out with these records. `full_width` names the lines that
    reach the right edge of the text on their page: the reflow joins the next line to them.
    """

    path: str
    format: str  # text | html | docx | pdf | mhtml
    text: str
    markup: str  # "text" | "html": how the cleaner reads `text`
    encoding: str  # the codec the text was decoded with; "" when the format carries no codec (PDF)
    confidence: float = 1.0
    replacement_chars: int = 0
    furniture: tuple[Removal, ...] = ()
    full_width: frozenset[int] = frozenset()  # lines that reach the right edge of the page's text (PDF)


@dataclass(frozen=True, slots=True)
class Refused:
    """A source that gives no text, and why: never an empty success, never a crash of the batch."""

    path: str
    format: str  # what it was detected as (pdf, docx, doc, zip, png …)
    status: str  # one of cleaners.formats.STATUSES: needs_ocr, not_text, encrypted, unsupported …
    reason: str  # one line, telling the user what to do where there is something to do


Source = Extracted | Refused


@dataclass(frozen=True, slots=True)
class Section:
    level: int  # 0 text before the first heading, 1 `一、`, 2 `（一）`, 3 `1.` / `（1）`
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Report:
    ordinal: int
    title: str
    unit: str | None
    year: int | None
    collection_title: str
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...]
    placeholder_count: int
    content_sha256: str
    flags: tuple[str, ...]
    title_line_no: int | None = None
    tokens: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def paragraph_count(self) -> int:
        return len(self.paragraphs)

    @property
    def char_count(self) -> int:
        return sum(len(p) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned source file: its reports, what was removed, and the lines kept outside reports."""

    source_path: str
    format: str
    encoding: str
    encoding_confidence: float
    collection_title: str
    front_matter: tuple[str, ...]  # kept lines before the first report: compilation front matter, page titles
    reports: tuple[Report, ...]
    removals: tuple[Removal, ...]
    flags: tuple[str, ...] = field(default=())
    suspects: tuple[Suspect, ...] = ()

    @property
    def cleaned_text(self) -> str:
        """Every kept line in source order; replaying `removals` on the source gives exactly this."""
        lines = list(self.front_matter)
        for report in self.reports:
            if report.title:
                lines.append(report.title)
            lines.extend(report.paragraphs)
        return "\n".join(lines)
