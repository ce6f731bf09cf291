"""Forum anti-scrape jammers, found by the statistics of a run rather than by listed strings.

Discuz-style boards hide runs of random ASCII in white text (`4 U+ Z. t1 D& z3 n i% D2 k%`): a copy of
the page carries them as whole lines or glued to a paragraph's edges. A jammer run is a space-separated
sequence of short tokens (1–3 characters) in which most tokens mix character classes (a letter or digit
with a symbol, a letter with a digit, an upper- with a lower-case letter) and many different characters occur. Report text has ASCII too —
`GDP`, `5G`, `PPT`, `2023-2024`, `Wi-Fi`, `1.`, `(1)`, `A+B`, URLs, the `X`/`XX`/`*` placeholders — but
never as four or more such tokens in a row at a line edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A candidate edge run: ASCII printable characters and spaces only (no CJK, no full-width forms).
LEADING_RUN = re.compile(r"^[ !-~]+")
TRAILING_RUN = re.compile(r"[ !-~]+$")
# A list marker glued to the run's end just before the content (`^2.主送机关`, `^ (1)标题`): content.
GLUED_MARKER = re.compile(r"(?:\d[.．、]|[(（]\d{1,2}[)）]|\d{1,2}[.．、]|[(（][一二三四五六七八九十][)）])$")
# Sentence punctuation glued to the run's start right after an unpunctuated word belongs to the sentence.
CLOSING = ",.;:!?)]\"'"
SENTENCE_END = tuple("。！？；，、：…”’）」』】》")
ASCII_PUNCTUATED = re.compile(r"[\u4e00-\u9fff][,.;:!?][\u4e00-\u9fff“”]")


@dataclass(frozen=True, slots=True)
class JammerSettings:
    min_tokens: int = 4  # fewer tokens: too little evidence
    max_token_chars: int = 3
    min_mixed_share: float = 0.4  # share of tokens mixing classes
    min_distinct_chars: int = 6
    # a long run of many different characters in tokens of two or three needs no mixed tokens at all
    # (`mp AQ 22 cc YB CF ?6`); `A B C D E F` (one-character tokens) is an enumeration, not a jammer
    long_run_tokens: int = 6
    long_run_distinct: int = 10
    long_run_mean_chars: float = 1.7


def _mixed(token: str) -> bool:
    alpha = any(c.isalpha() for c in token)
    digit = any(c.isdigit() for c in token)
    symbol = sum(not c.isalnum() for c in token)
    cases = any(c.isupper() for c in token) and any(c.islower() for c in token)
    return (symbol > 0 and (alpha or digit)) or (alpha and digit) or symbol >= 2 or cases


def jammer_score(run: str, settings: JammerSettings) -> tuple[float, str] | None:
    """Share of mixed tokens when `run` has the shape of a jammer (else None), with the features."""
    tokens = run.split()
    if len(tokens) < settings.min_tokens or any(len(t) > settings.max_token_chars for t in tokens):
        return None
    distinct = set("".join(tokens))
    if len(distinct) < settings.min_distinct_chars:
        return None
    if sum(c.isalnum() for c in distinct) < 3:
        return None
    share = sum(_mixed(t) for t in tokens) / len(tokens)
    long_run = (
        len(tokens) >= settings.long_run_tokens
        and len(distinct) >= settings.long_run_distinct
        and sum(map(len, tokens)) >= settings.long_run_mean_chars * len(tokens)
    )
    # mostly single characters, but symbols of several kinds among them (`E) X : x a U*`)
    symbols = sum(not c.isalnum() for c in distinct)
    sparse = len(tokens) >= settings.long_run_tokens and symbols >= 2 and share * len(tokens) >= 2
    if share < settings.min_mixed_share and not long_run and not sparse:
        return None
    return share, f"tokens={len(tokens)} mixed={share:.2f} distinct={len(distinct)}"


def _leading(text: str) -> tuple[int, int] | None:
    m = LEADING_RUN.match(text)
    if not m or m.end() == len(text):
        return None
    end = m.end()
    marker = GLUED_MARKER.search(text[:end])
    if marker:
        end = marker.start()
    return (0, end) if end > 0 else None


def _trailing(text: str) -> tuple[int, int] | None:
    m = TRAILING_RUN.search(text)
    if not m or m.start() == 0:
        return None
    start = m.start()
    before = text[start - 1]
    if text[start] in CLOSING and not before.endswith(SENTENCE_END) and ASCII_PUNCTUATED.search(text[:start]):
        start += 1  # `文体,兼有…分别是:# c/ F;` — in text punctuated in ASCII the colon ends the sentence
    return (start, len(text)) if start < len(text) else None


def find_jammers(text: str, settings: JammerSettings = JammerSettings()) -> list[tuple[int, int, str]]:
    """Jammer runs in a line: (start, end, features), covering a whole line or its edges.

    >>> find_jammers("述职报告的撰写格式+ O2 W- O: E/ I5 L9 Z")
    [(9, 30, 'tokens=8 mixed=0.75 distinct=13')]
    >>> find_jammers("实现5G网络全覆盖，PPT 2023-2024 Wi-Fi")
    []
    """
    stripped = text.strip()
    if not stripped or (stripped[0] > "~" and stripped[-1] > "~"):
        return []  # the common case: a line that starts and ends with Chinese text
    if TRAILING_RUN.fullmatch(text):
        found = jammer_score(text, settings)
        return [(0, len(text), found[1])] if found else []
    spans = []
    # an edge run starts (ends) with the line's first (last) character: a line that opens with `1.` and
    # ends in Chinese is never searched from its end
    leading = _leading(text) if text[0] <= "~" else None
    trailing = _trailing(text) if text[-1] <= "~" else None
    for edge in (leading, trailing):
        if edge is None:
            continue
        found = jammer_score(text[edge[0] : edge[1]], settings)
        if found:
            spans.append((edge[0], edge[1], found[1]))
    return spans


# `hing at a tim失等问题…`: a download site splices pieces of an English text (a word cut short at both ends)
# onto the start of lines. A line of a report may open with an English term (`GDP`, `PPT`, `iPhone X`), but
# not with three lower-case-led words glued to Chinese, and never on several lines of one page.
SPLICED_ENGLISH = re.compile(r"^[a-z]+(?: [A-Za-z]+){2,}(?=[\u4e00-\u9fff])")
SPLICED_MIN_LINES = 2  # one such line may be a quotation; the splicing is done on line after line


def english_fragments(texts: list[str]) -> dict[int, tuple[int, int, str]]:
    """Lines opening with a spliced English fragment, by index, with the span to cut: none unless at least
    SPLICED_MIN_LINES lines of the page have one.

    >>> english_fragments(["hing at a tim失等问题,每篇每次处以20元处罚。", "一、总则", "are good for somethin据人数共同承担。"])
    {0: (0, 13, 'english_fragment words=4'), 2: (0, 21, 'english_fragment words=4')}
    >>> english_fragments(["one belt one road倡议提出十周年。", "iPhone X手机", "open source社区"])
    {}
    """
    found = {}
    for i, text in enumerate(texts):
        m = SPLICED_ENGLISH.match(text) if "a" <= text[:1] <= "z" else None
        if m:
            found[i] = (0, m.end(), f"english_fragment words={len(m.group().split())}")
    return found if len(found) >= SPLICED_MIN_LINES else {}
