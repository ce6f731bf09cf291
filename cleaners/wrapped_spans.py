"""Span rules over paragraphs the reflow joined: noise that a page wrap cut in two.

A PDF wraps `…高质量发展。【更多素@材搜` / `索哒哒文库】`: neither half matches the inline-advert rule,
so the rules (which see one source line at a time) leave both. Once the reflow has joined the lines, the
span rules run again on the paragraph, and only a match that crosses a join counts (the others were
already tried). Each cut is recorded per source line it covers, so replaying the records still gives the
kept text; a source line a cut empties gives up its join, so replay glues the right lines.
"""

from __future__ import annotations

from dataclasses import replace

from docclean.cleaners.engine import Cleaned, _merge, _signals_ok, kept_columns
from docclean.cleaners.model import Line, Removal
from docclean.cleaners.normalize import matching_view
from docclean.cleaners.rules import Rule, RuleSet


def _matches(text: str, bounds: list[int], rules: tuple[Rule, ...]) -> list[tuple[int, int, Rule]]:
    spans = []
    for rule in rules:
        if rule.where != "any" or not rule.may_apply(text):
            continue
        view = matching_view(text) if rule.fold else text
        for m in rule.pattern.finditer(view):
            start, end = m.span()
            if end > start and any(start < b < end for b in bounds) and _signals_ok(rule, m.group()):
                spans.append((start, end, rule))
    return _merge(spans)


def _cut(
    line: Line, raw: list[str], by_line: dict[int, list[Removal]], rules: tuple[Rule, ...]
) -> Line | None:
    """The paragraph with crossing matches cut (records added to by_line); None when it is all gone."""
    parts = [
        (no, *kept_columns(raw[no - 1], by_line.get(no, [])))
        for no in range(line.line_no, line.end_line_no + 1)
    ]
    parts = [(no, text, cols) for no, text, cols in parts if text]
    text = "".join(t for _, t, _ in parts)
    if text != line.text:
        return line  # not plain source lines glued with nothing: leave it alone
    owners = [(no, col) for no, _, cols in parts for col in cols]
    bounds, at = [], 0
    for _, part, _ in parts[:-1]:
        at += len(part)
        bounds.append(at)
    spans = _matches(text, bounds, rules)
    if not spans:
        return line
    for start, end, rule in spans:
        runs: list[list[int]] = []  # [line_no, first col, last col + 1]
        for no, col in owners[start:end]:
            if runs and runs[-1][0] == no and runs[-1][2] in (col, col - 1):
                runs[-1][2] = col + 1
            else:
                runs.append([no, col, col + 1])
        for no, first, stop in runs:
            by_line.setdefault(no, []).append(
                Removal(rule.id, rule.category, no, first, stop, raw[no - 1][first:stop])
            )
    left = [(no, kept_columns(raw[no - 1], by_line.get(no, []))[0]) for no, _, _ in parts]
    left = [(no, t) for no, t in left if t]
    for no, _, _ in parts:  # joins stay only between the source lines that still hold text
        if no not in {n for n, _ in left[:-1]}:
            by_line[no] = [r for r in by_line.get(no, []) if not r.is_join]
    if not left:
        return None
    last = left[-1][0] if len(left) > 1 else 0
    return replace(line, line_no=left[0][0], text="".join(t for _, t in left), last_line_no=last)


def cut_wrapped_spans(source_text: str, cleaned: Cleaned, rules: RuleSet) -> Cleaned:
    if not any(line.last_line_no for line in cleaned.lines):
        return cleaned
    raw = source_text.split("\n")
    by_line: dict[int, list[Removal]] = {}
    chrome: list[Removal] = []
    for r in cleaned.removals:
        (by_line.setdefault(r.line_no, []) if r.start >= 0 else chrome).append(r)
    span_rules = rules.of_kind("span")
    lines = [
        line if not line.last_line_no else _cut(line, raw, by_line, span_rules) for line in cleaned.lines
    ]
    removals = sorted((r for rs in by_line.values() for r in rs), key=lambda r: (r.line_no, r.start, r.end))
    return Cleaned(
        tuple(line for line in lines if line is not None), tuple(chrome + removals), cleaned.suspects
    )
