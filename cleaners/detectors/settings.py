"""The detectors' thresholds and lexicons: data in `cleaners/detectors.toml`, extended by a user's rules file.

A user's `[detectors.boilerplate]` thresholds replace the shipped ones; lexicon terms and brand names are
added (a term listed again takes the user's weight). Bad values raise RulesError naming what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from docclean.cleaners.errors import RulesError
from docclean.cleaners.variants import spellings

THRESHOLDS = ("remove_at", "remove_in_body_at", "suspect_at", "context_from")
GROUPS = ("site_chrome", "share_wrapper", "paywall", "advert")


@dataclass(frozen=True, slots=True)
class BoilerplateSettings:
    remove_at: float
    remove_in_body_at: float
    suspect_at: float
    context_from: float
    lexicon: tuple[tuple[str, float, str], ...]  # (term, weight, category)

    @property
    def matcher(self) -> re.Pattern[str]:
        return _matcher(self.lexicon)

    @property
    def weights(self) -> dict[str, tuple[float, str]]:
        return _weights(self.lexicon)

    @property
    def terms(self) -> tuple[str, ...]:
        return _terms(self.lexicon)


@dataclass(frozen=True, slots=True)
class DetectorSettings:
    boilerplate: BoilerplateSettings
    brands: tuple[str, ...]
    spam: tuple[str, ...] = ()  # anchors of gambling / adult spam spliced into sentences


# Both are asked for on every line scored: built once per lexicon (the lexicon tuple is the cache key).
@cache
def _matcher(lexicon: tuple[tuple[str, float, str], ...]) -> re.Pattern[str]:
    # Longest first, so that `快捷下载` is one hit and not `下载` as well.
    terms = sorted(_terms(lexicon), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms) or r"(?!)")


# Terms are looked for in their Traditional spellings too (`字號` is `字号`), with the same weight.
@cache
def _terms(lexicon: tuple[tuple[str, float, str], ...]) -> tuple[str, ...]:
    return tuple(_weights(lexicon))


@cache
def _weights(lexicon: tuple[tuple[str, float, str], ...]) -> dict[str, tuple[float, str]]:
    weights = {term: (weight, group) for term, weight, group in lexicon}  # a term as written wins
    for term, weight, group in lexicon:
        for spelling in spellings(term):
            weights.setdefault(spelling, (weight, group))
    return weights


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RulesError(f"detectors.boilerplate.{name} must be a non-negative number, not {value!r}")
    return float(value)


def _lexicon(table: object) -> dict[str, tuple[float, str]]:
    if not isinstance(table, dict):
        raise RulesError("detectors.boilerplate.lexicon must be a table of groups")
    terms: dict[str, tuple[float, str]] = {}
    for group, entries in table.items():
        if group not in GROUPS or not isinstance(entries, dict):
            raise RulesError(f"detectors.boilerplate.lexicon.{group}: groups are {', '.join(GROUPS)}")
        for term, weight in entries.items():
            if not term:
                raise RulesError(f"detectors.boilerplate.lexicon.{group}: empty term")
            terms[term] = (_number(f"lexicon.{group}.{term}", weight), group)
    return terms


def merge(base: DetectorSettings | None, doc: dict) -> DetectorSettings | None:
    """`base` with the `[detectors]` table of one parsed rules file applied (None when neither exists)."""
    table = doc.get("detectors")
    if table is None:
        return base
    if not isinstance(table, dict) or set(table) - {"boilerplate", "brands", "spam"}:
        raise RulesError("[detectors] holds only `boilerplate`, `brands` and `spam` tables")
    bp = table.get("boilerplate", {})
    unknown = set(bp) - {*THRESHOLDS, "lexicon"}
    if unknown:
        raise RulesError(
            f"detectors.boilerplate: unknown field(s) {sorted(unknown)}; allowed: {[*THRESHOLDS, 'lexicon']}"
        )
    names = table.get("brands", {}).get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and len(n) >= 2 for n in names):
        raise RulesError("detectors.brands.names must be a list of site names (two characters or more)")
    anchors = table.get("spam", {}).get("anchors", [])
    if not isinstance(anchors, list) or not all(isinstance(a, str) and len(a) >= 2 for a in anchors):
        raise RulesError("detectors.spam.anchors must be a list of spam words (two characters or more)")
    terms = {t: (w, g) for t, w, g in base.boilerplate.lexicon} if base else {}
    terms.update(_lexicon(bp.get("lexicon", {})))
    values = {k: _number(k, bp[k]) for k in THRESHOLDS if k in bp}
    if base is None:
        missing = [k for k in THRESHOLDS if k not in values]
        if missing:
            raise RulesError(f"detectors.boilerplate: missing {missing}")
        boilerplate = BoilerplateSettings(**values, lexicon=())
    else:
        boilerplate = replace(base.boilerplate, **values)
    boilerplate = replace(boilerplate, lexicon=tuple((t, w, g) for t, (w, g) in terms.items()))
    brands = tuple(dict.fromkeys([*(base.brands if base else ()), *names]))
    spam = tuple(dict.fromkeys([*(base.spam if base else ()), *anchors]))
    return DetectorSettings(boilerplate, brands, spam)


def default_detectors_text() -> str:
    return resources.files("docclean.cleaners").joinpath("detectors.toml").read_text(encoding="utf-8")


@cache
def default_settings() -> DetectorSettings:
    settings = merge(None, tomllib.loads(default_detectors_text()))
    assert settings is not None  # the shipped file has the table
    return settings
