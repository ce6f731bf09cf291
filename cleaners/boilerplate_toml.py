"""A mined candidate rule, written as TOML in the format of cleaners/rules.toml and checked like a rule.

The check is the one `make test` runs on the shipped rules: the rule removes each of its examples and
leaves each of its `keep` look-alikes untouched. A candidate failing it is not proposed: a report line
that its own pattern would remove is proof that the text is content somewhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from docclean.cleaners.engine import clean_text
from docclean.cleaners.errors import RulesError
from docclean.cleaners.model import Example
from docclean.cleaners.normalize import matching_view
from docclean.cleaners.rules import parse_rules


@dataclass(frozen=True, slots=True)
class Candidate:
    rule_id: str
    category: str
    kind: str  # "line": the whole line | "span": a tail glued to the end of a line
    key: str  # the recurring text in the matching view (what the pattern matches)
    files: int
    collections: int
    occurrences: dict[
        str, tuple[str, str, str]
    ]  # up to 3 raw lines -> (source path, line before, line after)
    keep: list[str]  # report lines that look alike and must survive

    @property
    def pattern(self) -> str:
        escaped = re.escape(self.key)
        return f"^{escaped}$" if self.kind == "line" else f"{escaped}\\s*$"

    def examples(self) -> list[Example]:
        if self.kind == "line":
            return [Example(raw) for raw in self.occurrences]
        out = []
        for raw in self.occurrences:  # the matching view keeps lengths, so the tail has the key's length
            host = raw.rstrip()
            out.append(Example(raw, host[: len(host) - len(self.key)].strip()))
        return out


def toml_string(text: str) -> str:
    """A literal string as rules.toml writes patterns ('''…''') when it can be one, else a basic string.

    >>> toml_string("^更多\\\\(精品\\\\)$"), toml_string("a'''b")
    ("'''^更多\\\\(精品\\\\)$'''", '"a\\'\\'\\'b"')
    """
    if "'''" not in text and "\n" not in text and not text.endswith("'"):
        return f"'''{text}'''"
    return json.dumps(text, ensure_ascii=False)


def _example(e: Example) -> str:
    return (
        toml_string(e.text)
        if not e.clean
        else f"{{text = {toml_string(e.text)}, clean = {toml_string(e.clean)}}}"
    )


def candidate_toml(c: Candidate) -> str:
    seen = [
        f"#   {path}: after {before[:30]!r}, before {after[:30]!r}"
        for path, before, after in c.occurrences.values()
    ]
    lines = [
        f"# {c.files} files, {c.collections} collections; for example in",
        *seen,
        "[[rule]]",
        f'id = "{c.rule_id}"',
        f'category = "{c.category}"',
        f'kind = "{c.kind}"',
        f"pattern = {toml_string(c.pattern)}",
        *([f"max_chars = {len(c.key)}"] if c.kind == "line" else []),
        f'reason = "recurs verbatim in {c.files} files of {c.collections} collections (mined; review before use)"',
        f"examples = [{', '.join(_example(e) for e in c.examples())}]",
        f"keep = [{', '.join(toml_string(k) for k in c.keep)}]",
        "",
    ]
    return "\n".join(lines)


def _cleaned(text: str, rules) -> tuple[str, int]:
    result = clean_text(text, rules)
    return "\n".join(line.text for line in result.lines), sum(
        r.category != "normalize" for r in result.removals
    )


def checked(c: Candidate) -> bool:
    """Does the candidate, parsed as a rules file, remove its examples and keep its look-alikes?"""
    try:
        rules = parse_rules(candidate_toml(c))
    except RulesError:
        return False
    if any(_cleaned(e.text, rules)[0] != e.clean for e in c.examples()):
        return False
    return all(_cleaned(k, rules) == (k.strip(), 0) for k in c.keep) and all(
        matching_view(k).strip() != c.key for k in c.keep
    )
