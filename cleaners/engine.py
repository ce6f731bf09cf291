"""Apply a RuleSet to decoded text: kept lines plus one Removal record per thing taken out.

Per line: line rules are tried on the whole line; span rules cut matches out and the rest is rejoined;
both repeat on what is left until nothing more matches, so cleaning cleaned text changes nothing.
Blank lines and whitespace at line edges are layout, not content: they are dropped without a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, starmap

from docclean.cleaners.model import Line, Removal, Suspect
from docclean.cleaners.normalize import NEEDS_WORK, NormalisedLine, matching_view, normalise_line
from docclean.cleaners.rules import Guards, Rule, RuleSet, build_guards

MAX_PASSES = 4
BARE_NUMBER = re.compile(r"[0-9]{1,3}")
# a list's or flattened table's numbers stand a few lines apart (an item, a row's cells); a page number
# follows a page of text. More lines than this between `n` and `n + 1` and they count pages.
COUNTER_GAP = 6


@dataclass(frozen=True, slots=True)
class Cleaned:
    lines: tuple[Line, ...]
    removals: tuple[Removal, ...]
    suspects: tuple[Suspect, ...] = ()


@dataclass(slots=True)
class _Source:
    raw: list[str]
    norm: list[NormalisedLine]
    nonblank: list[int]
    edges: dict[tuple[str, int], frozenset[int]]
    _counters: frozenset[int] | None = field(default=None)

    @classmethod
    def of(cls, text: str) -> _Source:
        raw = text.split("\n")
        # most documents have nothing to normalise: one search of the whole text settles every line
        plain = NEEDS_WORK.search(text) is None
        norm = [NormalisedLine(line, (), None) if plain else normalise_line(line) for line in raw]
        nonblank = [i for i, n in enumerate(norm) if n.text.strip()]
        return cls(raw, norm, nonblank, {})

    def view(self, i: int, rule: Rule) -> str:
        return matching_view(self.norm[i].text) if rule.fold else self.norm[i].text

    def window(self, rule: Rule) -> list[int]:
        """The non-blank lines `rule` may look at, in order (the lines in_window admits)."""
        if rule.where == "any":
            return self.nonblank
        return self.nonblank[: rule.window] if rule.where == "head" else self.nonblank[-rule.window :]

    def in_window(self, i: int, rule: Rule) -> bool:
        if rule.where == "any":
            return True
        key = (rule.where, rule.window)
        if key not in self.edges:
            self.edges[key] = frozenset(self.window(rule))
        return i in self.edges[key]

    def counts_items(self, i: int) -> bool:
        """Is line `i` one of a run of counters (see counter_lines)? Worked out once, when first asked."""
        if self._counters is None:
            self._counters = counter_lines([(j, self.norm[j].text.strip()) for j in self.nonblank])
        return i in self._counters


def counter_lines(lines: list[tuple[int, str]]) -> frozenset[int]:
    """The bare numbers among `lines` (index, stripped text; non-blank lines in order) that count items.

    `n` and `n + 1` at most COUNTER_GAP lines apart number a list's points or a table's rows, not pages;
    a bare number between the first and the last row of such a run is a cell of the same table."""
    numbers = [(k, int(text)) for k, (_, text) in enumerate(lines) if BARE_NUMBER.fullmatch(text)]
    next_of: dict[int, int] = {}
    for a, (k, value) in enumerate(numbers):
        for k2, value2 in numbers[a + 1 :]:
            if k2 - k - 1 > COUNTER_GAP:
                break
            if value2 == value + 1:
                next_of[k] = k2
                break
    runs: list[tuple[int, int]] = []
    for start in sorted(set(next_of) - set(next_of.values())):
        end = start
        while end in next_of:
            end = next_of[end]
        runs.append((start, end))
    return frozenset(lines[k][0] for k, _ in numbers if any(s <= k <= e for s, e in runs))


def _signals_ok(rule: Rule, text: str) -> bool:
    if rule.also is not None and not rule.also.search(text):
        return False
    return rule.unless is None or not rule.unless.search(text)


def line_rule_matches(rule: Rule, text: str) -> bool:
    """Does `rule` (a line rule) claim this whole line (already stripped, in the rule's view)?"""
    if not text or not rule.may_apply(text):
        return False  # the cheap checks first: most content lines are longer than any notice
    return rule.pattern.search(text) is not None and _signals_ok(rule, text)


class _Views:
    """A text as rules see it; the width-folded copy is made only when a rule gets that far. A part of a
    longer text (what a cut left, the line stripped) takes its folded copy from the longer text's: folding
    maps one character to one, so the parts line up, and a long line is folded once, not once a pass."""

    __slots__ = ("plain", "_folded", "_whole", "_runs")

    def __init__(self, plain: str, whole: _Views | None = None, runs: Runs = ()) -> None:
        self.plain: str = plain
        self._folded: str | None = None
        self._whole = whole  # the longer text this one is `runs` of
        self._runs = runs

    def part(self, runs: Runs) -> _Views:
        """The views of the text made of these index ranges of this one."""
        return _Views(_pieces(self.plain, runs), self, runs)

    def of(self, rule: Rule) -> str:
        if not rule.fold:
            return self.plain
        if self._folded is None:
            whole = self._whole
            self._folded = matching_view(self.plain) if whole is None else _pieces(whole.of(rule), self._runs)
        return self._folded


Runs = tuple[tuple[int, int], ...]  # index ranges [start, end) of a text, in order


def _pieces(text: str, runs: Runs) -> str:
    return "".join([text[start:end] for start, end in runs])


def _indices(runs: Runs) -> list[int]:
    return list(chain.from_iterable(starmap(range, runs)))


def _find_blocks(src: _Source, rules: tuple[Rule, ...]) -> dict[int, Rule]:
    claimed: dict[int, Rule] = {}
    for rule in rules:
        for i in src.window(rule):
            if i in claimed or not rule.may_apply(src.norm[i].text.strip()):
                continue
            if not line_rule_matches(rule, src.view(i, rule).strip()):
                continue
            stop = _block_end(src, rule, i)
            if stop is not None:
                claimed.update({k: rule for k in range(i, stop + 1) if src.norm[k].text.strip()})
    return claimed


def _block_end(src: _Source, rule: Rule, start: int) -> int | None:
    last = min(len(src.raw), start + rule.max_lines) - 1
    for k in range(start, last + 1):
        text = src.view(k, rule).strip()
        if rule.max_chars is not None and len(text) > rule.max_chars:
            return None  # a long line inside: this is content, not a header block
        if rule.end is not None and k > start and rule.end.search(text):
            return k
        if rule.not_inside is not None and k > start and rule.not_inside.search(text):
            return None  # a section heading or a sentence between the anchors: content, keep it all
    if rule.end is None and rule.where == "tail" and src.nonblank and src.nonblank[-1] <= last:
        return src.nonblank[-1]
    return None


def _whole_line(rule: Rule, line_no: int, raw: str) -> Removal:
    return Removal(rule.id, rule.category, line_no, 0, len(raw), raw)


Span = tuple[int, int, Rule]  # source columns [start, end) and the rule that claimed them


def _clean_line(
    src: _Source,
    i: int,
    line_rules: tuple[Rule, ...],
    span_rules: tuple[Rule, ...],
    guards: Guards | None = None,
):
    """Return (kept text or None, removals, the line rule that took the whole line or None).

    `guards` (of the rules given) are what spares the line most rules' own searches."""
    longest = guards.longest_line_rule if guards else 0
    raw, norm = src.raw[i], src.norm[i]
    line = _Views(norm.text)
    # the needles' first characters on the line, in one pass: a rule whose needles cannot be there is
    # passed over without a search of its own. A cut only takes characters away: this holds every pass.
    starts = set(guards.needle_starts.findall(norm.text)) if guards else set()
    line_rules_here, span_rules_here = _may_hold(line_rules, starts), _may_hold(span_rules, starts)
    runs: Runs | None = None  # index ranges of norm.text still present; None while nothing was cut
    keep: list[int] | None = None  # the same, index by index: where a match in the kept text sits
    spans: list[Span] = []
    for _ in range(MAX_PASSES):
        views = line if runs is None else line.part(runs)
        plain = views.plain
        stripped = plain.strip()
        if len(stripped) <= longest and line_rules_here:
            lead = len(plain) - len(plain.lstrip())
            whole = views.part(((lead, lead + len(stripped)),))
            for rule in line_rules_here:
                if (
                    rule.may_apply(stripped)
                    and src.in_window(i, rule)
                    and line_rule_matches(rule, whole.of(rule))
                    and not (rule.keep_counters and src.counts_items(i))
                ):
                    return None, [_whole_line(rule, i + 1, raw)], rule
        found = _find_spans(norm, len(raw), keep, views, span_rules_here)
        if not found:
            break
        spans = _merge(spans + found)
        runs = _kept(norm, len(raw), spans)
        keep = _indices(runs)
    removals = [Removal(r.id, r.category, i + 1, s, e, raw[s:e]) for s, e, r in spans]
    for edit in norm.edits:
        if not _inside(edit.start, spans):
            removals.append(
                Removal(
                    edit.rule_id,
                    edit.category,
                    i + 1,
                    edit.start,
                    edit.end,
                    raw[edit.start : edit.end],
                    edit.replacement,
                )
            )
    removals.sort(key=lambda r: r.start)
    text = norm.text if runs is None else _pieces(norm.text, runs)
    return text.strip(), removals, None


def _may_hold(rules: tuple[Rule, ...], starts: set[str]) -> list[Rule]:
    """The rules whose needles may be on a line holding these needle-starting characters: a needle needs
    its first character there. A set test a rule where the needle search (Rule.may_apply) is a pass over
    the line; spelled out here, since a method call a rule and a line costs more than the test."""
    return [rule for rule in rules if not rule.needs or not rule.needle_starts.isdisjoint(starts)]


def _kept(norm: NormalisedLine, raw_len: int, spans: list[Span]) -> Runs:
    """Index ranges of norm.text outside the removed spans (spans are sorted and disjoint after _merge)."""
    if norm.to_source is None:  # text is the source: the ranges between the spans
        runs: list[tuple[int, int]] = []
        pos = 0
        for start, end, _ in spans:
            runs.append((pos, start))
            pos = max(pos, end)
        runs.append((pos, len(norm.text)))
        return tuple((start, end) for start, end in runs if start < end)
    kept = [j for j in range(len(norm.text)) if not _inside(norm.source_col(j, raw_len), spans)]
    return tuple((j, j + 1) for j in kept)


def _inside(col: int, spans: list[Span]) -> bool:
    return any(s <= col < e for s, e, _ in spans)


def _find_spans(
    norm: NormalisedLine, raw_len: int, keep: list[int] | None, views: _Views, rules: list[Rule]
) -> list[Span]:
    found: list[Span] = []
    for rule in rules:
        if not rule.holds_a_needle(views.plain):
            continue
        for m in rule.pattern.finditer(views.of(rule)):
            if m.end() > m.start() and _signals_ok(rule, m.group()):
                first, last = (
                    (m.start(), m.end() - 1) if keep is None else (keep[m.start()], keep[m.end() - 1])
                )
                found.append((norm.source_col(first, raw_len), norm.source_col(last, raw_len) + 1, rule))
    return found


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping or nested spans become one; the earliest-starting rule keeps the credit."""
    merged: list[Span] = []
    for start, end, rule in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            prev = merged[-1]
            merged[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            merged.append((start, end, rule))
    return merged


def _quiet(text: str, guards: Guards) -> bool:
    """No rule can touch this line: the common case, settled by a few C-speed searches."""
    if guards.span_needles is None or guards.span_needles.search(text):
        return False
    stripped = text.strip()
    if len(stripped) > guards.longest_line_rule:
        return True
    if guards.line_needles.search(stripped):
        return False
    if guards.line_plain is None or (
        len(stripped) <= guards.longest_bare_plain and guards.line_plain.search(stripped)
    ):
        return False
    if len(stripped) > guards.longest_bare_folded:
        return True
    return guards.line_folded is not None and not guards.line_folded.search(matching_view(stripped))


def clean_text(text: str, rules: RuleSet) -> Cleaned:
    """Clean decoded text line by line; see the module docstring."""
    src = _Source.of(text)
    blocks = _find_blocks(src, rules.of_kind("block"))
    line_rules, span_rules = rules.of_kind("line"), rules.of_kind("span")
    guards = rules.guards or build_guards(rules.rules)
    kept: list[Line] = []
    removals: list[Removal] = []
    boundary = blank = False
    for i, raw in enumerate(src.raw):
        if i in blocks:
            removals.append(_whole_line(blocks[i], i + 1, raw))
            boundary = boundary or blocks[i].boundary
            continue
        if not src.norm[i].text.strip():
            blank = True
            if src.norm[i].edits:  # e.g. a line holding only zero-width characters
                removals.extend(_clean_line(src, i, (), ())[1])
            continue
        if not src.norm[i].edits and _quiet(src.norm[i].text, guards):
            kept.append(Line(i + 1, src.norm[i].text.strip(), after_boundary=boundary, blank_before=blank))
            boundary = blank = False
            continue
        text, found, line_rule = _clean_line(src, i, line_rules, span_rules, guards)
        removals.extend(found)
        if line_rule is not None:
            boundary = boundary or line_rule.boundary
        elif text:
            kept.append(Line(i + 1, text, after_boundary=boundary, blank_before=blank))
            boundary = blank = False
    return Cleaned(tuple(kept), tuple(removals))


def _apply(line: str, removals: list[Removal]) -> tuple[str, list[int]]:
    """The line with its removals applied, and for each character left the source column it came from
    (a replacement character maps to the start of what it replaced)."""
    pieces: list[str] = []
    cols: list[int] = []
    pos = 0
    for r in sorted(removals, key=lambda r: (r.start, r.end)):
        pieces.append(line[pos : r.start])
        cols.extend(range(pos, r.start))
        pieces.append(r.replacement)
        cols.extend([r.start] * len(r.replacement))
        pos = max(pos, r.end)
    pieces.append(line[pos:])
    cols.extend(range(pos, len(line)))
    return "".join(pieces), cols


def kept_columns(line: str, removals: list[Removal]) -> tuple[str, list[int]]:
    """The kept text of one source line (its removals applied, edges stripped) and the source column of
    each of its characters: what a later stage needs to record a cut in source columns."""
    text, cols = _apply(line, [r for r in removals if r.start >= 0 and not r.is_join])
    lead = len(text) - len(text.lstrip())
    kept = text.strip()
    return kept, cols[lead : lead + len(kept)]


def replay(source_text: str, removals: tuple[Removal, ...] | list[Removal]) -> str:
    """Apply removal records to the decoded source: the cleaned text, kept lines joined by newlines.

    A reflow join (`removed_text == "\\n"`) on a line glues the next kept line to it, `replacement`
    between them."""
    by_line: dict[int, list[Removal]] = {}
    joins: dict[int, str] = {}
    for r in removals:
        if r.is_join:
            joins[r.line_no] = r.replacement
        elif r.start >= 0:
            by_line.setdefault(r.line_no, []).append(r)
    out: list[str] = []
    glue: str | None = None
    for no, line in enumerate(source_text.split("\n"), 1):
        text = _apply(line, by_line.get(no, []))[0].strip()
        if not text:
            continue
        if glue is not None and out:
            out[-1] += glue + text
        else:
            out.append(text)
        glue = joins.get(no)
    return "\n".join(out)
