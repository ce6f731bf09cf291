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
from dataclasses import dataclass

from docclean.cleaners.detectors.settings import BoilerplateSettings

SHAPES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (
        "iso_date",
        2.0,
        re.compile(r"(?<!\d)(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"),
    ),
    ("clock_time", 1.0, re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")),
    ("file_size", 3.0, re.compile(r"\d+(?:\.\d+)?\s*(?:KB|MB|GB|kb|mb|Kb|KiB|MiB)(?![A-Za-z])")),
    ("page_count", 3.0, re.compile(r"^[•·●▪\s]*(?:共\s*)?\d+\s*页$")),
    ("counter", 2.0, re.compile(r"^\d+\+$")),
    ("masked_user", 3.0, re.compile(r"[A-Za-z0-9]\*{3,}[A-Za-z0-9]")),
    ("file_name", 2.0, re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)(?![A-Za-z])", re.I)),
    ("url", 1.0, re.compile(r"https?://|www\.|\.(?:com|cn|net|org)(?![A-Za-z])|@[A-Za-z0-9-]+\.")),
    ("separator", 1.0, re.compile(r"\s\|\s?|\s?\|\s")),
    ("breadcrumb", 2.0, re.compile(r"^[^<《]*?(?:[>»›＞][^<>《》]{0,24}){2}")),
    ("bullet", 0.5, re.compile(r"^[•·●▪]")),
    ("dangling_close", 1.0, re.compile(r"^[^（(]*[)）]$")),
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
SALUTATION = re.compile(
    r"^(?:尊敬的|各位|亲爱的|同志们|朋友们|老师们|同学们|女士们|先生们).{0,24}[:：,，]?$|们[:：]$"
)


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    features: tuple[str, ...]
    category: str

    @property
    def detail(self) -> str:
        return f"score={self.value:g}: " + ", ".join(self.features)


def score_line(text: str, settings: BoilerplateSettings) -> Score:
    """A line's own chrome evidence (higher is more likely chrome), with the features that fired.

    >>> s = score_line("资源ID:28908600      下载积分:3 金币", default_boilerplate())
    >>> s.value >= 3, s.category
    (True, 'share_wrapper')
    >>> score_line("社区改变单一的宣传教育，建立了社区博客与QQ群。", default_boilerplate()).value <= 0
    True
    """
    weights = settings.weights
    features: list[str] = []
    total = 0.0
    by_group: dict[str, float] = {}
    hits = set(settings.matcher.findall(text))
    strong = False
    for term in sorted(hits):
        weight, group = weights[term]
        total += weight
        by_group[group] = by_group.get(group, 0.0) + weight
        strong = strong or weight >= 2
        features.append(f"{term}+{weight:g}")
    for name, weight, pattern in SHAPES:
        if pattern.search(text):
            total += weight
            strong = strong or weight >= 2
            features.append(f"{name}+{weight:g}")
    titles = TITLE_LIST.findall(text)
    if len(titles) >= 3 and sum(map(len, titles)) * 2 >= len(text) and not text.endswith(TERMINAL):
        total += 2.0
        features.append("title_list+2")
    rest = FILLER.sub("", settings.matcher.sub("", text))  # what is not chrome vocabulary or shapes
    if features and len(rest) <= 1:
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
    action: str  # "keep" | "remove" | "suspect"
    score: Score
    why: str = ""  # what decided a removal beyond the line's own score ("next to chrome", "list")


def classify(
    texts: list[str], settings: BoilerplateSettings, gone_before: list[bool] | None = None
) -> list[Verdict]:
    """One verdict per kept line of a document, in order. `gone_before[i]`: a rule removed the source
    line(s) between line i-1 and line i — noise the context counts like removed chrome."""
    gone = gone_before or [False] * (len(texts) + 1)
    scores = [score_line(t, settings) for t in texts]
    content = [is_content(t, s) for t, s in zip(texts, scores, strict=True)]
    n = len(texts)

    def in_body(i: int) -> bool:  # between two content paragraphs
        return 0 < i < n - 1 and content[i - 1] and content[i + 1]

    removed = [
        not content[i]
        and scores[i].value >= (settings.remove_in_body_at if in_body(i) else settings.remove_at)
        and not (protected(texts[i]) and scores[i].value < settings.remove_in_body_at)
        for i in range(n)
    ]
    why = [""] * n
    changed = True
    while changed:  # weak evidence next to chrome goes with it, outward until nothing more changes
        changed = False
        for i in range(n):
            if removed[i] or content[i] or in_body(i) or protected(texts[i]) or sentence(texts[i]):
                continue
            near = gone[i] or gone[i + 1] or (i > 0 and removed[i - 1]) or (i + 1 < n and removed[i + 1])
            if scores[i].value >= settings.context_from and near:
                removed[i], why[i], changed = True, "next to chrome", True
    _numbered_lists(texts, removed, why)
    verdicts = []
    for i in range(n):
        if removed[i]:
            verdicts.append(Verdict("remove", scores[i], why[i]))
        elif scores[i].value >= settings.suspect_at:
            verdicts.append(Verdict("suspect", scores[i]))
        else:
            verdicts.append(Verdict("keep", scores[i]))
    return verdicts


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
    from docclean.cleaners.detectors.settings import default_settings

    return default_settings().boilerplate
