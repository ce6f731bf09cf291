"""Cleaning rules as data: a TOML file of small declarative rules, loaded into one ordered registry.

A rule has an id (snake_case, prefixed by its category family), a category, a kind, a pattern, a
one-line reason, `examples` it must remove and `keep` look-alikes it must not touch. Patterns are
matched against the line's *matching view*: zero-width characters dropped, radicals folded and
full-width ASCII folded to ASCII, so write `:`, `,`, `(`, `QQ`, `123` and both widths match.

Kinds:
- line:  the whole line goes when `pattern` is found on it (anchor with ^…$ for a full-line match).
- span:  every match of `pattern` inside a line goes; the rest of the line is rejoined.
- block: from a line matching `pattern` through the line matching `end` (or to the file's end when
         `where = "tail"` and no `end`), at most `max_lines` lines.

Shape and second signals: `also` (must also be found), `unless` (a look-alike signal that vetoes),
`max_chars` (only lines this short; for blocks, every line in it), `needs` (literal strings, one of
which must be on the line before the pattern is even tried: a speed guard), `where` (any | head | tail, within `window` non-blank lines of
the file's edge). `boundary = true` marks a line that separates two reports (watermarks). `keep_counters = true` spares
a bare number that counts items: `n` and `n + 1` a few lines apart (a list's points, a table's rows).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from docclean.cleaners.detectors.settings import (
    DetectorSettings,
    default_detectors_text,
    default_settings,
    merge,
)
from docclean.cleaners.errors import RulesError
from docclean.cleaners.model import Example
from docclean.cleaners.variants import spellings

KINDS = ("line", "span", "block")
WHERE = ("any", "head", "tail")
CATEGORIES = (
    "watermark",
    "advert",
    "membership",
    "paid_marker",
    "inline_advert",
    "page_furniture",
    "share_wrapper",
    "site_chrome",
    "paywall",
    "anti_scrape",
    "html_chrome",
    "normalize",
    "reflow",
)
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
FIELDS = {
    "id", "category", "kind", "pattern", "reason", "examples", "keep", "also", "unless",
    "max_chars", "where", "window", "end", "max_lines", "boundary", "flags", "fold", "needs", "not_inside",
    "keep_counters",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    kind: str
    pattern: re.Pattern[str]
    reason: str
    examples: tuple[Example, ...]
    keep: tuple[str, ...]
    also: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    max_chars: int | None = None
    where: str = "any"
    window: int = 20
    end: re.Pattern[str] | None = None
    max_lines: int = 30
    boundary: bool = False
    fold: bool = True  # match the width-folded view; False keeps full-width punctuation distinct
    needs: tuple[str, ...] = ()  # cheap guard: the rule only runs on lines holding one of these strings
    not_inside: re.Pattern[str] | None = None  # block: a line like this inside it is content; no block
    keep_counters: bool = False  # line: a bare number that counts a list's items or a table's rows stays
    # the needles as one search (a union of literals runs in C; `any(n in text …)` loops in Python)
    needle_search: re.Pattern[str] | None = None
    needle_starts: frozenset[str] = frozenset()  # the needles' first characters (derived, never written)

    def may_apply(self, text: str) -> bool:
        """The cheap checks (length, needles) that spare most lines the regular expression."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return False
        return self.holds_a_needle(text)

    def holds_a_needle(self, text: str) -> bool:
        if self.needle_search is not None:
            return self.needle_search.search(text) is not None
        return not self.needs or any(needle in text for needle in self.needs)


@dataclass(frozen=True, slots=True)
class Guards:
    """One-pass checks that clear most lines without running rule by rule (derived, never written)."""

    longest_line_rule: int  # lines longer than this cannot match any line rule
    line_needles: re.Pattern[str]  # a needle of some line rule is on the line
    longest_bare_plain: int  # longer lines cannot match a needle-less `fold = false` line rule
    longest_bare_folded: int  # longer lines cannot match a needle-less folding line rule
    line_folded: re.Pattern[str] | None  # a line rule without needles could match (matching view)
    line_plain: re.Pattern[str] | None  # a `fold = false` line rule without needles could match
    span_needles: re.Pattern[str] | None  # a needle of some span rule is present; None: always try
    # the characters a needle starts with: one findall tells which rules' needles a line may hold
    needle_starts: re.Pattern[str] = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    html_drop_tags: tuple[str, ...]
    html_drop_attr: re.Pattern[str] | None
    sha256: str  # of the rules text(s): recorded with every run so output can be traced to rules
    guards: Guards | None = None
    detectors: DetectorSettings | None = None  # thresholds and lexicons of the general detectors

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)


def _union(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    if not patterns:
        return re.compile(r"(?!)")  # matches nothing
    parts = [f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in patterns]
    try:
        return re.compile("|".join(parts))
    except re.error:  # e.g. the same group name in two rules: no guard, every rule runs
        return None


def _needles(rules: list[Rule]) -> re.Pattern[str]:
    """One search that tells whether a needle of `rules` is on a line (whether, not which). Literals only:
    Python's re runs a union of literals fast, a union of rich patterns slowly. A needle that holds a
    shorter one adds nothing to the answer and is left out; the rest share their prefixes (a trie), since
    at each character that can start a needle the engine tries the alternatives one by one."""
    kept: list[str] = []
    for needle in sorted({n for r in rules for n in r.needs}, key=lambda n: (len(n), n)):
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return re.compile(_trie(kept) or r"(?!)")


def _trie(words: list[str]) -> str:
    """A regular expression for the literals `words`, none of which starts another, prefixes shared.

    >>> _trie(["本文来自", "本文來自", "小编", "页"])
    '本文(?:来自|來自)|小编|页'
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})

    def branch(node: dict[str, dict]) -> str:
        return "|".join(re.escape(char) + group(child) for char, child in node.items())

    def group(node: dict[str, dict]) -> str:
        return f"(?:{branch(node)})" if len(node) > 1 else branch(node)

    return branch(root)


def _longest(rules: list[Rule]) -> int:
    return max((r.max_chars if r.max_chars is not None else 10**9 for r in rules), default=0)


def build_guards(rules: tuple[Rule, ...]) -> Guards:
    lines = [r for r in rules if r.kind == "line"]
    spans = [r for r in rules if r.kind == "span"]
    bare = [r for r in lines if not r.needs]  # no needles: their own (cheap, anchored) patterns guard them
    return Guards(
        longest_line_rule=_longest(lines),
        line_needles=_needles([r for r in lines if r.needs]),
        longest_bare_plain=_longest([r for r in bare if not r.fold]),
        longest_bare_folded=_longest([r for r in bare if r.fold]),
        line_folded=_union([r.pattern for r in bare if r.fold]),
        line_plain=_union([r.pattern for r in bare if not r.fold]),
        span_needles=_needles(spans) if all(r.needs for r in spans) else None,
        needle_starts=_one_of({c for r in rules for c in r.needle_starts}),
    )


def _one_of(chars: set[str]) -> re.Pattern[str]:
    return re.compile(f"[{''.join(map(re.escape, sorted(chars)))}]" if chars else r"(?!)")


def _compile(rule_id: str, name: str, pattern: object, flags: int) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"rule {rule_id}: `{name}` must be a non-empty regular expression string")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RulesError(f"rule {rule_id}: `{name}` is not a valid regular expression: {exc}") from exc


def _example(rule_id: str, item: object) -> Example:
    if isinstance(item, str):
        return Example(item)
    if (
        isinstance(item, dict)
        and isinstance(item.get("text"), str)
        and isinstance(item.get("clean", ""), str)
    ):
        return Example(item["text"], item.get("clean", ""))
    raise RulesError(f"rule {rule_id}: an example is a string or {{text = '…', clean = '…'}}")


def _choice(rule_id: str, name: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise RulesError(f"rule {rule_id}: {name} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _both_widths(needles: object) -> tuple[str, ...]:
    """Each needle as written, in full width (`QQ` also as `ＱＱ`) and in Traditional characters (`小编` also as
    `小編`), as the matching view folds all of them."""
    if not isinstance(needles, list) or not all(isinstance(n, str) and n for n in needles):
        raise RulesError("`needs` must be a list of non-empty strings")
    wide = [n.translate({cp: cp + 0xFEE0 for cp in range(0x21, 0x7F)}) for n in needles]
    return tuple(dict.fromkeys(v for n in [*needles, *wide] for v in spellings(n)))


def parse_rule(raw: dict) -> Rule:
    """One TOML table to a Rule, or RulesError naming what is wrong and what is allowed."""
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise RulesError(
            f"rule id {rule_id!r} must be snake_case with a family prefix, e.g. advert_qq_contact"
        )
    unknown = set(raw) - FIELDS
    if unknown:
        raise RulesError(f"rule {rule_id}: unknown field(s) {sorted(unknown)}; allowed: {sorted(FIELDS)}")
    flags = re.IGNORECASE if "i" in str(raw.get("flags", "")) else 0
    optional = {
        k: _compile(rule_id, k, raw[k], flags) for k in ("also", "unless", "end", "not_inside") if k in raw
    }
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise RulesError(f"rule {rule_id}: `reason` (one line saying why this is noise) is required")
    return Rule(
        id=rule_id,
        category=_choice(rule_id, "category", raw.get("category"), CATEGORIES),
        kind=_choice(rule_id, "kind", raw.get("kind"), KINDS),
        pattern=_compile(rule_id, "pattern", raw.get("pattern"), flags),
        reason=reason.strip(),
        examples=tuple(_example(rule_id, e) for e in raw.get("examples", ())),
        keep=tuple(str(k) for k in raw.get("keep", ())),
        max_chars=raw.get("max_chars"),
        where=_choice(rule_id, "where", raw.get("where", "any"), WHERE),
        window=int(raw.get("window", 20)),
        max_lines=int(raw.get("max_lines", 30)),
        boundary=bool(raw.get("boundary", False)),
        fold=bool(raw.get("fold", True)),
        keep_counters=bool(raw.get("keep_counters", False)),
        needs=(needs := _both_widths(raw.get("needs", []))),
        needle_search=re.compile("|".join(map(re.escape, needs))) if needs else None,
        needle_starts=frozenset(n[0] for n in needs),
        **optional,
    )


def parse_rules(*texts: str) -> RuleSet:
    """Parse one or more rules files (the shipped one first, a user's after it) into a RuleSet."""
    rules: list[Rule] = []
    drop_tags: list[str] = []
    drop_attr: list[str] = []
    detectors: DetectorSettings | None = default_settings()
    for text in texts:
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"rules file is not valid TOML: {exc}") from exc
        detectors = merge(detectors, doc)
        rules.extend(parse_rule(raw) for raw in doc.get("rule", ()))
        html = doc.get("html", {})
        drop_tags.extend(html.get("drop_tags", ()))
        drop_attr.extend(html.get("drop_class_or_id", ()))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RulesError(f"rule id {rule.id} is defined twice; ids are never reused")
        seen.add(rule.id)
    attr = re.compile("|".join(f"(?:{p})" for p in drop_attr), re.I) if drop_attr else None
    return RuleSet(
        tuple(rules),
        tuple(dict.fromkeys(drop_tags)),
        attr,
        rules_digest(*texts),
        build_guards(tuple(rules)),
        detectors,
    )


def rules_digest(*texts: str) -> str:
    """The RuleSet's sha256 of these rules files, without parsing them: the detectors' data shapes the
    output as much as the rules do, so both go into the digest."""
    return hashlib.sha256("\x00".join((default_detectors_text(), *texts)).encode("utf-8")).hexdigest()


def default_rules_text() -> str:
    return resources.files("docclean.cleaners").joinpath("rules.toml").read_text(encoding="utf-8")


@cache
def default_rules() -> RuleSet:
    return parse_rules(default_rules_text())


def with_user_rules(user_text: str | None) -> RuleSet:
    """The shipped rules, plus a user's rules text appended after them when given."""
    return default_rules() if user_text is None else parse_rules(default_rules_text(), user_text)


def digest_with_user_rules(user_text: str | None) -> str:
    """`with_user_rules(user_text).sha256`, without compiling a rule."""
    return rules_digest(default_rules_text(), *([] if user_text is None else [user_text]))
