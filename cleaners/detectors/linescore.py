"""A line's own evidence of being site chrome, the way jusText scores a web page's blocks before context.

For: terms of a chrome lexicon (data: `detectors.toml`, weighted 1–3), counted only where a term stands as a
word (`作者` does not count inside `医务工作者`); the metadata shapes sites print (ISO dates, clock times, file
sizes and names, page counts and `3/4` page marks, `999+` and `查看: 12` counters, masked user names
`b****8`, URLs, `|` and `>` separators, spaced form labels `索 引 号:`, bullets, a line that is only a site's
name); lists of 《titles》; and whether all that covers the whole line (`快捷下载`, `账号:`).
Against: prose — a line that ends a sentence, runs on through several clauses, or is long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from docclean.cleaners.detectors.settings import BoilerplateSettings
from docclean.cleaners.detectors.shapes import Shape, shapes_on
from docclean.cleaners.detectors.terms import Hit
from docclean.cleaners.detectors.words import embedded

TITLE_LIST = re.compile(r"《[^《》]{1,30}》")
TERMINAL = tuple("。！？!?…；;")
CLOSERS = "”’」』）)】》\"'"
CLAUSE_MARKS = "，,；;。！？"
# What is left of a line once chrome vocabulary is taken out, when it is all chrome: nothing Chinese.
FILLER = re.compile(r"[\s\W\d_A-Za-z]")
PROSE_MIN_CHARS = 40
PROSE_MIN_CLAUSES = 2
PROSE_MAX_DENSITY = 0.2  # share of a prose line's Chinese covered by chrome terms, below which it is prose


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    features: tuple[str, ...]
    category: str
    evidence: float = 0.0  # the chrome evidence alone, before prose counts against it
    residue: int = 0  # Chinese characters outside chrome terms: how much the line says of its own
    chrome_only: float = 0.0  # the part of the evidence only page chrome gives (weight-3 terms and shapes)

    @property
    def weak_sentence(self) -> bool:
        """A sentence whose only evidence is words reports use too (`1. 下载学习强国App，注册账号。`)."""
        return self.chrome_only == 0 and "sentence-1" in self.features

    @property
    def detail(self) -> str:
        return f"score={self.value:g}: " + ", ".join(self.features)


def clauses(text: str) -> int:
    """Clause and sentence marks in a line (str.count is C speed; a regex findall built a list)."""
    return sum(map(text.count, CLAUSE_MARKS))


def runs_through_clauses(text: str) -> bool:
    """`clauses(text) >= PROSE_MIN_CLAUSES`, counted mark by mark until there are enough: in a prose line
    the first mark (`，`) is usually enough, and each count is a pass over the line."""
    count = 0
    for mark in CLAUSE_MARKS:
        count += text.count(mark)
        if count >= PROSE_MIN_CLAUSES:
            return True
    return False


def ends_sentence(text: str) -> bool:
    """`…完成。`, `…体温。”`: sentence punctuation at the end, closing quotes and brackets aside."""
    return text.rstrip(CLOSERS).endswith(TERMINAL)


def _terms(text: str, settings: BoilerplateSettings, hits: list[Hit] | None) -> list[Hit]:
    """The lexicon terms that stand as words in the line (`hits`: where the lexicon's terms are on it, when
    a pass over the whole document found them already)."""
    if hits is None:
        hits = [(m.start(), m.end(), m.group()) for m in settings.matcher.finditer(text)]
    return [(start, end, term) for start, end, term in hits if not embedded(text, start, end)]


def lead_in(text: str) -> bool:
    """A long line that ends with a colon: a document's own lead-in to what follows (`…特制定本制度：`,
    `审核负责人:XXX…编辑操作守则:`); a page's labels (`账号:`, `下载须知:`) are short."""
    return len(text) >= PROSE_MIN_CHARS and text.endswith((":", "："))


def _prose(text: str, residue: int) -> tuple[str, ...]:
    """What speaks for a sentence: it ends like one, runs on through clauses (or leads in to a list), is
    long."""
    found = []
    if ends_sentence(text) and (len(text) >= 15 or residue >= 6):
        found.append("sentence-1")
    if len(text) >= PROSE_MIN_CHARS and (runs_through_clauses(text) or lead_in(text)):
        found.append("prose-1")
    if len(text) >= 60:
        found.append("long-1")
    return tuple(found)


def prose_score(text: str) -> Score:
    """The score of a line without terms, shapes or titles (what score_line gives it)."""
    long = len(text) >= PROSE_MIN_CHARS  # clauses are counted only where they can count
    return _plain_score(len(text), ends_sentence(text), long and runs_through_clauses(text))


def score_line(
    text: str,
    settings: BoilerplateSettings,
    terms: bool = True,
    hits: list[Hit] | None = None,
    shapes: list[Shape] | None = None,
) -> Score:
    """A line's own chrome evidence (higher is more likely chrome), with the features that fired.

    >>> s = score_line("资源ID:28908600      下载积分:3 金币", default_boilerplate())
    >>> s.value >= 3, s.category
    (True, 'share_wrapper')
    >>> score_line("社区改变单一的宣传教育，建立了社区博客与QQ群。", default_boilerplate()).value <= 0
    True
    >>> score_line("有条不紊地协助医务工作者，做好群众核酸检测。", default_boilerplate()).features
    ('sentence-1',)

    `terms=False` says the line holds no lexicon term (known from one pass over the whole document), and
    `hits` where they are (terms.term_hits); `shapes`: the shapes on the line, when they were found already.
    """
    found = _terms(text, settings, hits) if terms else []
    features: list[str] = []
    evidence = chrome_only = 0.0  # all of it, and the part only page chrome has (weight 3)
    by_group: dict[str, float] = {}
    strong = False
    weights = settings.weights if found else {}
    for term in sorted({term for _, _, term in found}):
        weight, group = weights[term]
        evidence += weight
        chrome_only += weight if weight >= 3 else 0.0
        by_group[group] = by_group.get(group, 0.0) + weight
        strong = strong or weight >= 2
        features.append(f"{term}+{weight:g}")
    for shape in shapes if shapes is not None else shapes_on(text):
        evidence += shape.weight
        chrome_only += shape.weight if shape.weight >= 3 else 0.0
        strong = strong or shape.weight >= 2
        features.append(f"{shape.name}+{shape.weight:g}")
    titles = TITLE_LIST.findall(text) if "《" in text else ()
    if len(titles) >= 3 and sum(map(len, titles)) * 2 >= len(text) and not text.endswith(TERMINAL):
        evidence += 2.0
        features.append("title_list+2")
    if not features:
        return prose_score(text)
    rest = text
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    residue = len(FILLER.sub("", rest))  # what is not chrome vocabulary or shapes
    if residue <= 1:  # nothing Chinese left: the whole line is chrome
        bonus = 2.0 if strong else 1.0
        evidence += bonus
        features.append(f"all_chrome+{bonus:g}")
    against = _prose(text, residue)
    category = max(by_group, key=by_group.get) if by_group else "site_chrome"
    covered = sum(end - start for start, end, _ in found)
    if "prose-1" in against and chrome_only < evidence and covered < PROSE_MAX_DENSITY * (covered + residue):
        # a paragraph that runs on through clauses and is mostly words of its own uses words like 注册,
        # 下载, 账号 in earnest (a notice about opening a WeChat account): there only what page chrome
        # alone says counts; a download page's instructions are crowded with them and still count
        return Score(
            chrome_only - len(against),
            (*features, "weak_terms_in_prose", *against),
            category,
            evidence,
            residue,
            chrome_only,
        )
    return Score(evidence - len(against), (*features, *against), category, evidence, residue, chrome_only)


@cache
def _plain_score(length: int, terminal: bool, clauses: bool) -> Score:
    """The score of a line with no lexicon term, no shape and no 《title》: its prose shape alone (what
    score_line gives such a line, without the work: most report lines are like this)."""
    against = (
        (("sentence-1",) if terminal and length >= 15 else ())
        + (("prose-1",) if length >= PROSE_MIN_CHARS and clauses else ())
        + (("long-1",) if length >= 60 else ())
    )
    return Score(0.0 - len(against), against, "site_chrome", 0.0, length)


def default_boilerplate() -> BoilerplateSettings:
    from docclean.cleaners.detectors.settings import default_settings

    return default_settings().boilerplate
