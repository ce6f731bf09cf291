"""A user's rules file is checked before anything is read: a rule that fails is refused in one line.

Shipped rules are held to their `examples` and `keep` look-alikes by the test suite; a user's rules file
(`--rules`) gets the same treatment at load time, because one careless pattern (`群`) deletes real
paragraphs by the dozen without a word. A user rule is refused when
- it has no `examples` (it must show what it removes) or no `keep` look-alike (what it must not touch);
- on its own, it does not clean an example to its `clean` text, or changes one of its look-alikes;
- together with every rule and detector, it changes a line that must survive (and that the shipped
  rules and detectors alone leave unchanged): the user's own look-alikes,
  every shipped rule's and detector's look-alikes, and the catalogue of real sentences that look like
  noise (`must_survive.txt`).
The last check also covers a user's `[detectors]` table: lexicon terms and thresholds that would make a
detector delete a protected line are refused the same way.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources

from docclean.cleaners.detectors.registry import DETECTORS
from docclean.cleaners.document import clean_lines
from docclean.cleaners.engine import clean_text
from docclean.cleaners.errors import RulesError
from docclean.cleaners.rules import Rule, RuleSet, build_guards, default_rules, with_user_rules


@cache
def must_survive() -> tuple[str, ...]:
    """The catalogue of real lines that look like noise (data: `cleaners/must_survive.txt`)."""
    text = resources.files("docclean.cleaners").joinpath("must_survive.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _kept(text: str, result_lines: tuple) -> tuple[str, str]:
    want = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    return want, "\n".join(line.text for line in result_lines)


def own_failures(rule: Rule, rules: RuleSet) -> list[str]:
    """What is wrong with a rule on its own: missing examples or look-alikes, or ones it gets wrong."""
    if not rule.examples:
        return ["has no `examples`: add a line it must remove"]
    if not rule.keep:
        return ["has no `keep` look-alike: add a real sentence with the same trigger that it must not touch"]
    alone = replace(rules, rules=(rule,), guards=build_guards((rule,)))
    problems = []
    for example in rule.examples:
        got = "\n".join(line.text for line in clean_text(example.text, alone).lines)
        if got != example.clean:
            problems.append(
                f"does not clean its example {example.text!r} to {example.clean!r} (gives {got!r})"
            )
    for keep in rule.keep:
        want, got = _kept(keep, clean_text(keep, alone).lines)
        if got != want:
            problems.append(f"changes its own look-alike {keep!r} (gives {got!r})")
    return problems


def protected_lines(user_rules: tuple[Rule, ...]) -> list[tuple[str, str]]:
    """(text, where it comes from) of every line that must come through all cleaning unchanged."""
    lines = [(k, f"keep of {r.id}") for r in user_rules for k in r.keep]
    lines += [(k, f"keep of shipped rule {r.id}") for r in default_rules().rules for k in r.keep]
    lines += [(k, f"keep of {d.id}") for d in DETECTORS for k in d.keep]
    return lines + [(k, "must_survive.txt") for k in must_survive()]


def check(rules: RuleSet) -> None:
    """Refuse (RulesError, one line) a rule set whose user rules or detector settings fail (see module)."""
    shipped = {r.id for r in default_rules().rules}
    user = tuple(r for r in rules.rules if r.id not in shipped)
    for rule in user:
        problems = own_failures(rule, rules)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise RulesError(f"rule {rule.id} {problems[0]}{more}; refused")
    for text, origin in protected_lines(user):
        result = clean_lines(text, rules)
        want, got = _kept(text, result.lines)
        # what the shipped cleaning already does to a line is not the user's doing: only a change that
        # the user's file makes is refused
        if got != want and got != _kept(text, clean_lines(text, default_rules()).lines)[1]:
            by = sorted({r.rule_id for r in result.removals})
            raise RulesError(
                f"{', '.join(by) or 'cleaning'} would change {text!r} ({origin}), a line that must "
                f"survive; refused: narrow the pattern or add a second signal (`also`, `unless`)"
            )


def load_user_rules(user_text: str | None) -> RuleSet:
    """The shipped rules plus a user's rules text, checked (see module) when there is one."""
    rules = with_user_rules(user_text)
    if user_text is not None:
        check(rules)
    return rules
