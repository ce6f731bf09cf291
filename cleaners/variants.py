"""Traditional characters, for finding noise on Traditional pages with rules and lexicons written in
Simplified ones (`小編` is `小编`, `字號` is `字号`). Only for matching: the text itself is never changed.

The table (`t2s.tsv`, from OpenCC, see scripts/make_t2s_table.py) holds one-to-one pairs of Traditional
characters that are not Simplified characters too, so folding never alters a Simplified text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MAX_VARIANTS = 16  # spellings of one term (a character can have several Traditional forms)


@cache
def to_simplified() -> dict[int, int]:
    """str.translate table: Traditional code point -> Simplified code point."""
    return {ord(t): ord(s) for t, s, _ in _rows()}


@cache
def _rows() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("docclean.cleaners").joinpath("t2s.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#"))  # type: ignore[misc]


@cache
def _traditional_forms() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Simplified character -> (its usual Traditional spelling, its other Traditional forms)."""
    forms: dict[str, tuple[str, list[str]]] = {}
    for t, s, usual in _rows():
        first, others = forms.setdefault(s, (s, []))
        if usual:
            forms[s] = (t, others)
        else:
            others.append(t)
    return {s: (first, tuple(others)) for s, (first, others) in forms.items()}


def spellings(term: str) -> tuple[str, ...]:
    """The term, its usual Traditional spelling, and that spelling with each character's other Traditional
    forms (capped): what literal searches (rule needles, lexicons) look for.

    >>> spellings("小编")
    ('小编', '小編')
    >>> spellings("发表")
    ('发表', '發表', '髮表', '發錶')
    >>> spellings("QQ")
    ('QQ',)
    """
    forms = _traditional_forms()
    usual = [forms[ch][0] if ch in forms else ch for ch in term]
    found = [term, "".join(usual)]
    for i, ch in enumerate(term):
        for other in forms[ch][1] if ch in forms else ():
            found.append("".join(usual[:i] + [other] + usual[i + 1 :]))
    return tuple(dict.fromkeys(found[:MAX_VARIANTS]))
