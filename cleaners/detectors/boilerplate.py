"""Boilerplate lines, scored the way jusText scores web-page blocks: each line on its own features, then
on its context.

Own features: terms of a chrome lexicon (data: `detectors.toml`, weighted 1–3), the metadata shapes sites
print (ISO dates, clock times, file sizes, page counts, `999+` counters, masked user names `b****8`, file
names, URLs, `|` and `>` separators, bullets, lists of 《titles》), and whether the lexicon and those shapes
cover the whole line (`快捷下载`, `账号:`, `版权提示 | 免责声明`). Sentence shape counts against: a long
line ending in sentence punctuation is content unless chrome words crowd it.

Context: a line is removed when it scores `remove_at` and does not stand between two content paragraphs
(the body proper), where it needs `remove_in_body_at`. A line with weaker evidence (`context_from`) goes
when it stands next to removed chrome outside the body proper, and the rest of a numbered list goes with
it when most of the list is chrome (download disclaimers). Headings, salutations and title lines with no
chrome evidence are never removed by context. What scores `suspect_at` but is kept is a suspect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from cleaners.detectors.settings import BoilerplateSettings
from cleaners.detectors.terms import lines_holding

# (name, weight, pattern, gate): a shape's pattern is tried only on a line that passes its gate, a test
# of a literal or of the line's last character that clears nearly every report line. Patterns start with
# a literal or a small character class where they can, so that the regular-expression engine skips the
# rest of the line at C speed (a leading look-behind made it try every position).
SHAPES: tuple[tuple[str, float, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("iso_date", 2.0,
     re.compile(r"(?:19|20)(?<!\d(?:19|20))\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"),
     lambda t: "-" in t or "/" in t or "." in t),
    ("clock_time", 1.0, re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"), lambda t: ":" in t),
    ("file_size", 3.0, re.compile(r"\d+(?:\.\d+)?\s*(?:KB|MB|GB|kb|mb|Kb|KiB|MiB)(?![A-Za-z])"),
     lambda t: "B" in t or "b" in t),
    ("page_count", 3.0, re.compile(r"^[•·●▪\s]*(?:共\s*)?\d+\s*页$"), lambda t: t.endswith("页")),
    ("counter", 2.0, re.compile(r"^\d+\+$"), lambda t: t.endswith("+")),
    ("masked_user", 3.0, re.compile(r"[A-Za-z0-9]\*{3,}[A-Za-z0-9]"), lambda t: "***" in t),
    ("file_name", 2.0, re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)(?![A-Za-z])", re.I), lambda t: "." in t),
    ("url", 1.0, re.compile(r"https?://|www\.|\.(?:com|cn|net|org)(?![A-Za-z])|@[A-Za-z0-9-]+\."),
     lambda t: "." in t or "@" in t),
    ("separator", 1.0, re.compile(r"\s\|\s?|\s?\|\s"), lambda t: "|" in t),
    ("breadcrumb", 2.0, re.compile(r"^[^<《]*?(?:[>»›＞][^<>《》]{0,24}){2}"),
     lambda t: ">" in t or "»" in t or "›" in t or "＞" in t),
    ("bullet", 0.5, re.compile(r"^[•·●▪]"), lambda t: t[:1] in ("•", "·", "●", "▪")),
    ("dangling_close", 1.0, re.compile(r"^[^（(]*[)）]$"), lambda t: t.endswith((")", "）"))),
)
TITLE_LIST = re.compile(r"《[^《》]{1,30}》")
TERMINAL = tuple("。！？!?…；;")
CJK = re.compile(r"[\u4e00-\u9fff]")
# What is left of a line once chrome vocabulary is taken out, when it is all chrome: nothing Chinese.
FILLER = re.compile(r"[\s\W\d_A-Za-z]")
CONTEXT_MAX_CHARS = 40  # longer lines are never removed for their neighbours' sake
LONG_ITEM = 80  # a list item this long is a paragraph of its own, not a note in a site's list
NUMBERED_ITEM = re.compile(r"^[•·●▪\s]*\d{1,2}\s*[:：.．、]")
SECTION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
SALUTATION = re.compile(r"^(?:尊敬的|各位|亲爱的|同志们|朋友们|老师们|同学们|女士们|先生们).{0,24}[:：,，]?$|们[:：]$")


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    features: tuple[str, ...]
    category: str

    @property
    def detail(self) -> str:
        return f"score={self.value:g}: " + ", ".join(self.features)


def score_line(text: str, settings: BoilerplateSettings, terms: bool = True) -> Score:
    """A line's own chrome evidence (higher is more likely chrome), with the features that fired.

    >>> s = score_line("资源ID:28908600      下载积分:3 金币", default_boilerplate())
    >>> s.value >= 3, s.category
    (True, 'share_wrapper')
    >>> score_line("社区改变单一的宣传教育，建立了社区博客与QQ群。", default_boilerplate()).value <= 0
    True

    `terms=False` says the line holds no lexicon term (known from one pass over the whole document).
    """
    features: list[str] = []
    total = 0.0
    by_group: dict[str, float] = {}
    hits = set(settings.matcher.findall(text)) if terms else set()
    weights = settings.weights if hits else {}
    strong = False
    for term in sorted(hits):
        weight, group = weights[term]
        total += weight
        by_group[group] = by_group.get(group, 0.0) + weight
        strong = strong or weight >= 2
        features.append(f"{term}+{weight:g}")
    for name, weight, pattern, gate in SHAPES:
        if gate(text) and pattern.search(text):
            total += weight
            strong = strong or weight >= 2
            features.append(f"{name}+{weight:g}")
    titles = TITLE_LIST.findall(text) if "《" in text else ()
    if len(titles) >= 3 and sum(map(len, titles)) * 2 >= len(text) and not text.endswith(TERMINAL):
        total += 2.0
        features.append("title_list+2")
    # what is not chrome vocabulary or shapes: nothing Chinese left means the whole line is chrome
    if not features:
        return _plain_score(len(text), text.endswith(TERMINAL))  # the common case: one shared value
    if len(FILLER.sub("", settings.matcher.sub("", text))) <= 1:
        bonus = 2.0 if strong else 1.0
        total += bonus
        features.append(f"all_chrome+{bonus:g}")
    if text.endswith(TERMINAL) and len(text) >= 15:
        total -= 1.0
        features.append("sentence-1")
    if len(text) >= 60:
        total -= 1.0
        features.append("long-1")
    category = max(by_group, key=by_group.get) if by_group else "site_chrome"
    return Score(total, tuple(features), category)


@cache
def _plain_score(length: int, terminal: bool) -> Score:
    """The score of a line with no lexicon term, no shape and no 《title》: its sentence shape alone
    (what score_line gives such a line, without running it: most report lines are like this)."""
    sentence, long = terminal and length >= 15, length >= 60
    features = (("sentence-1",) if sentence else ()) + (("long-1",) if long else ())
    return Score(0.0 - len(features), features, "site_chrome")


def is_content(text: str, score: Score) -> bool:
    """A paragraph of the body: sentence-shaped and (next to) no chrome evidence."""
    return score.value <= 0.5 and len(text) >= 15 and (text.endswith(TERMINAL) or len(text) >= 40)


def sentence(text: str) -> bool:
    """A long line: it goes on its own evidence only, never for its neighbours'."""
    return len(text) >= CONTEXT_MAX_CHARS


def protected(text: str) -> bool:
    """Lines context never removes: section headings and salutations."""
    return SECTION_HEADING.match(text) is not None or SALUTATION.search(text) is not None


@dataclass(frozen=True, slots=True)
class Verdict:
    action: str  # "remove" | "suspect"
    score: Score
    why: str = ""  # what decided a removal beyond the line's own score ("next to chrome", "list")


def _scores(texts: list[str], settings: BoilerplateSettings) -> list[Score]:
    """Every line's score; the lexicon is searched only on lines that hold a term (one pass over the
    document finds them)."""
    with_terms = lines_holding(settings.terms, texts)
    return [score_line(t, settings, has) for t, has in zip(texts, with_terms, strict=True)]


def classify(texts: list[str], settings: BoilerplateSettings, gone_before: list[bool] | None = None) -> dict[int, Verdict]:
    """The lines of a document to remove or list as suspects, by index (every other line is kept).
    `gone_before[i]`: a rule removed the source line(s) between line i-1 and line i — noise the context
    counts like removed chrome."""
    n = len(texts)
    gone = gone_before or [False] * (n + 1)
    scores = _scores(texts, settings)
    # a line scoring below every threshold is kept whatever its context: most lines, looked at no more
    floor = min(settings.remove_at, settings.remove_in_body_at, settings.context_from, settings.suspect_at)
    candidates = [i for i in range(n) if scores[i].value >= floor]
    if not candidates:
        return {}
    content = [is_content(t, s) for t, s in zip(texts, scores, strict=True)]

    def in_body(i: int) -> bool:  # between two content paragraphs
        return 0 < i < n - 1 and content[i - 1] and content[i + 1]

    removed = [False] * n
    for i in candidates:
        removed[i] = (
            not content[i]
            and scores[i].value >= (settings.remove_in_body_at if in_body(i) else settings.remove_at)
            and not (protected(texts[i]) and scores[i].value < settings.remove_in_body_at)
        )
    why = [""] * n
    weak = [i for i in candidates if scores[i].value >= settings.context_from and not removed[i] and not content[i]
            and not in_body(i) and not protected(texts[i]) and not sentence(texts[i])]
    changed = True
    while changed:  # weak evidence next to chrome goes with it, outward until nothing more changes
        changed = False
        for i in weak:
            near = gone[i] or gone[i + 1] or (i > 0 and removed[i - 1]) or (i + 1 < n and removed[i + 1])
            if not removed[i] and near:
                removed[i], why[i], changed = True, "next to chrome", True
    if any(removed):
        _numbered_lists(texts, removed, why)
    verdicts = {i: Verdict("remove", scores[i], why[i]) for i in range(n) if removed[i]}
    for i in candidates:
        if not removed[i] and scores[i].value >= settings.suspect_at:
            verdicts[i] = Verdict("suspect", scores[i])
    return dict(sorted(verdicts.items()))


def _numbered_lists(texts: list[str], removed: list[bool], why: list[str]) -> None:
    """A numbered list that is chrome as a whole (a site's download notes): most of its items are chrome,
    or it stands right under a chrome line and opens with a chrome item. It must touch chrome."""
    i = 0
    while i < len(texts):
        if not NUMBERED_ITEM.match(texts[i]):
            i += 1
            continue
        j = i
        while j < len(texts) and NUMBERED_ITEM.match(texts[j]):
            j += 1
        run = range(i, j)
        touches = (i > 0 and removed[i - 1]) or (j < len(texts) and removed[j])
        most = sum(removed[k] for k in run) * 2 > len(run)
        under_chrome = i > 0 and removed[i - 1] and removed[i]
        if len(run) >= 2 and touches and (most or under_chrome):
            for k in run:
                if not removed[k] and len(texts[k]) < LONG_ITEM:
                    removed[k], why[k] = True, "in a list of chrome items"
        i = j


def default_boilerplate() -> BoilerplateSettings:
    from cleaners.detectors.settings import default_settings

    return default_settings().boilerplate
