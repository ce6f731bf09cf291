"""The detectors' pass over a cleaned document: after the rules, before segmentation.

In order: jammer runs and spliced site names are cut out of kept lines; boilerplate lines are scored in
their context and removed or listed as suspects; hard-wrapped lines are joined. Every cut is a Removal in
source columns (credited to the detector, with the features that fired in `detail`), every join a Removal
of the line break, so `engine.replay` on the source still gives exactly the kept text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from docclean.cleaners.detectors import boilerplate, reflow
from docclean.cleaners.detectors.jammer import english_fragments, find_jammers
from docclean.cleaners.detectors.settings import DetectorSettings
from docclean.cleaners.detectors.shapes import NEEDLE_CHARS
from docclean.cleaners.detectors.sitename import find_site_names
from docclean.cleaners.detectors.spam import GLUED_DOMAIN, find_spam
from docclean.cleaners.detectors.terms import Hit, lexicon_pass
from docclean.cleaners.engine import Cleaned, kept_columns
from docclean.cleaners.model import Line, Removal, Suspect
from docclean.cleaners.normalize import without_pinyin

JAMMER = ("detector_jammer", "anti_scrape")
SITE_NAME = ("detector_site_name", "inline_advert")
SPAM = ("detector_spam", "inline_advert")
BOILERPLATE = "detector_boilerplate"
REFLOW = ("detector_reflow", "reflow")


class _Doc:
    """Kept lines and the removals of each source line, edited in place by the detectors."""

    def __init__(self, source_text: str, cleaned: Cleaned) -> None:
        self.raw = source_text.split("\n")
        self.lines: list[Line | None] = list(cleaned.lines)
        self.removals: dict[int, list[Removal]] = {}
        self.html: list[Removal] = []
        for r in cleaned.removals:
            (self.removals.setdefault(r.line_no, []) if r.start >= 0 else self.html).append(r)
        self.suspects: list[Suspect] = list(cleaned.suspects)
        # the lines' texts as the lexicon pass found them, the terms and the shapes' needles it found on each
        self.scanned: tuple[list[str], list[list[Hit]], list[frozenset[str]]] = ([], [], [])

    def cut_and_read(
        self, i: int, spans: list[tuple[int, int, str]], rule_id: str, category: str
    ) -> str | None:
        """`cut`, then what is left of line i (None when nothing is)."""
        self.cut(i, spans, rule_id, category)
        line = self.lines[i]
        return None if line is None else line.text

    def cut(self, i: int, spans: list[tuple[int, int, str]], rule_id: str, category: str) -> None:
        """Take kept-text spans [start, end) out of line i, recording each in source columns."""
        line = self.lines[i]
        assert line is not None
        own = self.removals.setdefault(line.line_no, [])
        text, cols = kept_columns(self.raw[line.line_no - 1], own)
        if text != line.text:
            return  # not a plain source line (cannot happen for kept lines): leave it untouched
        for start, end, detail in sorted(spans, reverse=True):
            for src_start, src_end in _source_runs(cols[start:end]):
                # a character fold inside the cut is part of what goes: the cut records the source text
                folded = [r for r in own if r.replacement and src_start <= r.start < src_end]
                src_end = max([src_end, *(r.end for r in folded)])
                own[:] = [r for r in own if r not in folded]
                raw = self.raw[line.line_no - 1]
                own.append(
                    Removal(
                        rule_id,
                        category,
                        line.line_no,
                        src_start,
                        src_end,
                        raw[src_start:src_end],
                        detail=detail,
                    )
                )
            text = text[:start] + text[end:]
            cols = cols[:start] + cols[end:]
        kept = text.strip()
        self.lines[i] = replace(line, text=kept) if kept else None
        if not kept:
            self._pass_on(i, line)

    def _pass_on(self, i: int, gone: Line) -> None:
        """A line that went leaves its boundary and blank-line marks to the next kept line."""
        nxt = next((k for k in range(i + 1, len(self.lines)) if self.lines[k] is not None), None)
        if nxt is not None:
            line = self.lines[nxt]
            assert line is not None
            self.lines[nxt] = replace(
                line,
                after_boundary=line.after_boundary or gone.after_boundary,
                blank_before=line.blank_before or gone.blank_before,
            )

    def compact(self) -> list[Line]:
        self.lines = [line for line in self.lines if line is not None]
        return self.lines  # type: ignore[return-value]

    def result(self) -> Cleaned:
        removals = sorted(
            (r for rs in self.removals.values() for r in rs), key=lambda r: (r.line_no, r.start, r.end)
        )
        kept = tuple(line for line in self.lines if line is not None)
        return Cleaned(
            kept, tuple(self.html + removals), tuple(sorted(self.suspects, key=lambda s: s.line_no))
        )


def _source_runs(cols: list[int]) -> list[tuple[int, int]]:
    """Contiguous source ranges of a cut: a gap is text an earlier removal already took."""
    runs: list[tuple[int, int]] = []
    for col in cols:
        if runs and runs[-1][1] - 1 <= col <= runs[-1][1]:
            runs[-1] = (runs[-1][0], col + 1)
        else:
            runs.append((col, col + 1))
    return runs


def _cut_spans(doc: _Doc, settings: DetectorSettings) -> None:
    texts = [line.text if line else "" for line in doc.lines]
    for i, span in english_fragments(texts).items():
        doc.cut(i, [span], *JAMMER)
    # the brand names, the boilerplate lexicon's terms and the shapes' needles in one pass over the document,
    # the terms and needles kept for the boilerplate scores of the lines no cut changes
    # spam anchors ride with the brand names: a line holding either is searched again
    flagged = (*settings.brands, *settings.spam)
    hits, branded, held = lexicon_pass(settings.boilerplate.terms, flagged, texts, NEEDLE_CHARS)
    doc.scanned = (texts, hits, held)
    glued = _lines_matching(GLUED_DOMAIN, texts)
    for i, line in enumerate(doc.lines):
        if line is None:
            continue
        text = line.text
        # kept lines are stripped: one that starts and ends with Chinese text has no jammer at its edges
        jammers = find_jammers(text) if text[0] <= "~" or text[-1] <= "~" else None
        if jammers and (text := doc.cut_and_read(i, jammers, *JAMMER)) is None:
            continue
        # an anchor or a business word with a web address glued on was found in the passes over the document
        if (branded[i] or i in glued) and not _stuffed(hits[i], settings):
            spam = find_spam(text, settings.spam)
            if spam and (text := doc.cut_and_read(i, spam, *SPAM)) is None:
                continue
        if branded[i] or "网" in text or "文库" in text:
            names = find_site_names(text, settings.brands, branded[i])
            if names:
                doc.cut(i, names, *SITE_NAME)


def _lines_matching(pattern: re.Pattern[str], texts: list[str]) -> set[int]:
    """The lines a pattern (that holds no line break) matches in, from one search over the whole document:
    the engine scans for its first characters at C speed, where a search per line pays a call per line."""
    found = [m.start() for m in pattern.finditer("\n".join(texts))]
    if not found:
        return set()  # most documents: no line offsets needed
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    return {bisect.bisect_right(starts, at) - 1 for at in found}


def _stuffed(hits: list[Hit], settings: DetectorSettings) -> bool:
    """Whether a line's advert words alone would remove it anywhere (a line of SEO words stuffed above the
    text): such a line goes whole with the boilerplate detector, not piece by piece as spliced spam."""
    weights = settings.boilerplate.weights
    advert = sum(weights[term][0] for _, _, term in hits if weights[term][1] == "advert")
    return advert >= settings.boilerplate.remove_in_body_at


def _gone_before(doc: _Doc, lines: list[Line]) -> list[bool]:
    """For each kept line (and the end), whether a non-blank source line right before it was removed."""
    bounds = [0, *(line.line_no for line in lines), len(doc.raw) + 1]
    return [
        b > a + 1 and any(doc.raw[k - 1].strip() for k in range(a + 1, b))
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _boilerplate(doc: _Doc, settings: DetectorSettings, headings: frozenset[int]) -> None:
    """`headings`: source lines the markup made the page's heading (boilerplate.classify)."""
    kept = [i for i, line in enumerate(doc.lines) if line is not None]
    lines = list(doc.compact())  # as they stand before any cut
    texts = [without_pinyin(line.text) for line in lines]  # a line is judged by its words, not reading aids
    # a line that stands as the lexicon pass found it keeps the terms found there; any other is searched again
    scanned, hits, held = doc.scanned
    known = [
        (hits[i], held[i]) if i < len(scanned) and text is scanned[i] else None
        for i, text in zip(kept, texts, strict=True)
    ]
    held = (
        frozenset(i for i, line in enumerate(lines) if line.line_no in headings) if headings else frozenset()
    )
    verdicts = boilerplate.classify(
        texts, settings.boilerplate, lambda: _gone_before(doc, lines), known, held
    )
    for i, verdict in verdicts.items():
        line = lines[i]
        detail = verdict.score.detail + (f"; {verdict.why}" if verdict.why else "")
        if verdict.action == "remove":
            doc.cut(i, [(0, len(line.text), detail)], BOILERPLATE, verdict.score.category)
        elif verdict.action == "suspect":
            doc.suspects.append(
                Suspect(
                    BOILERPLATE, verdict.score.category, line.line_no, line.text, verdict.score.value, detail
                )
            )


def _reflow(doc: _Doc, full_width: frozenset[int], paragraph_starts: frozenset[int]) -> None:
    """Join wrapped lines. `full_width`: source lines the page layout shows reaching the right edge of the
    text (a PDF's geometry knows it; proportional Latin letters make character counts fall short);
    `paragraph_starts`: source lines the markup shows beginning a paragraph (an HTML <p>): never joined
    to the line above, however that line ends (`…的好处。▲某某会长讲话`, a caption glued on)."""
    lines = doc.compact()

    def printed(line: Line) -> str:  # the kept text as it stood on the page, indent included
        raw = doc.raw[line.line_no - 1]
        return raw[: len(raw) - len(raw.lstrip())] + line.text

    printed_lines = [printed(line) for line in lines]
    width = reflow.wrap_width(printed_lines)
    # a page with a margin (flip-book, fixed-width save) marks its paragraphs by indent alone: there a line
    # at the margin continues any paragraph that has not ended, however wide it is
    page_margin = reflow.margin([doc.raw[line.line_no - 1] for line in lines])
    candidates = reflow.open_ends(printed_lines)
    if not (width or page_margin or full_width or candidates):
        return  # nothing can join (most documents): the tests below would each find so, line by line
    if not full_width and reflow.broken_by_hand(reflow.open_lines(printed_lines)):
        return  # every open line stops after a clause's mark: its author broke them (a forum post's lines)
    # the first join of a document needs a line that runs on by itself: without a page width, a margin
    # or a layout that shows full lines, a document where no line does is left as it is (most are)
    # lines as wide as their neighbour: wrapped, even across a blank line (a save that puts one after
    # every line) and on a page too short for a page width
    paired = reflow.neighbours_width(printed_lines)
    if not (width or page_margin or full_width or any(paired)) and not any(
        reflow.runs_on(lines[i].text, 0, None) or reflow.splits_word(lines[i].text, lines[i + 1].text)
        for i in candidates
    ):
        return
    turns = reflow.speakers([line.text for line in lines])
    out: list[Line] = []
    last = 0  # the width of the last physical line of out[-1]: was the wrap forced by the page?
    filled = False  # … or does the layout say that line reached the edge?
    beside = False  # … or is it as wide as its neighbour (reflow.neighbours_width)?
    for line, pair in zip(lines, paired, strict=True):
        prev = out[-1] if out else None
        raw = doc.raw[line.line_no - 1]
        if (
            prev is not None
            and (
                filled
                or beside
                or (
                    reflow.runs_on(prev.text, last, width)
                    and (
                        width is not None
                        or not (reflow.stands_alone(line.text) or reflow.number_closes(prev.text, line.text))
                    )
                )
                or (
                    page_margin
                    and reflow.indent(doc.raw[prev.end_line_no - 1]) >= page_margin
                    and not reflow.ends_paragraph(prev.text)
                )
                or reflow.splits_word(prev.text, line.text)
            )
            and line.line_no not in paragraph_starts
            and not (reflow.spaced_row(prev.text) and reflow.spaced_row(line.text))
            and not (not filled and reflow.two_fields(prev.text, line.text))
            and not reflow.starts_paragraph(
                line.text, raw, line.blank_before and not beside, line.after_boundary, page_margin, turns
            )
        ):
            end = prev.end_line_no
            at = len(doc.raw[end - 1])
            # A space that ends a line the layout shows full is the author's (Word and typesetters wrap
            # after a space, never before it): the join keeps it. Anywhere else trailing space is layout.
            spaced = filled and doc.raw[end - 1].endswith(" ") and not doc.raw[end - 1].endswith("  ")
            glue = " " if spaced else reflow.joiner(prev.text, line.text)
            why = (
                "the line fills the page width"
                if filled
                else "the line is as wide as the line beside it"
                if beside
                else f"wrapped at width {width}"
                if width
                else "the line stops inside a word"
                if reflow.splits_word(prev.text, line.text)
                else "the paragraph runs on"
            )
            doc.removals.setdefault(end, []).append(Removal(*REFLOW, end, at, at, "\n", glue, detail=why))
            out[-1] = replace(prev, text=prev.text + glue + line.text, last_line_no=line.end_line_no)
        else:
            out.append(line)
        last = reflow.display_width(printed(line)) if width else 0  # only a page width makes it matter
        filled = line.end_line_no in full_width
        beside = pair
    doc.lines = list(out)


def run_detectors(
    source_text: str,
    cleaned: Cleaned,
    settings: DetectorSettings,
    full_width: frozenset[int] = frozenset(),
    paragraph_starts: frozenset[int] = frozenset(),
    headings: frozenset[int] = frozenset(),
) -> Cleaned:
    """The detectors' pass (see the module docstring); `full_width` and `paragraph_starts` as in _reflow,
    `headings` as in _boilerplate."""
    doc = _Doc(source_text, cleaned)
    _cut_spans(doc, settings)
    _boilerplate(doc, settings, headings)
    _reflow(doc, full_width, paragraph_starts)
    return doc.result()
