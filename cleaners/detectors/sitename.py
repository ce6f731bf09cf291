"""Site names spliced into a sentence (`…分析研究我某某网市第一季度…` must read `我市`).

Sites stamp their name inside the text so that copies can be traced. Two signals, both cheap to check:
- a name from the brand lexicon (data) standing between two Chinese characters, not introduced as a
  place (`在…上`, `从…下载`), inside a sentence;
- any `…网` / `…文库` of two to six characters that splits a dictionary word: the characters on its two
  sides make a common word (`我`+`市`), and neither the name nor its joins with its neighbours is one
  (`电网`, `互联网`, `网站` are words: `我省电网公司`, `门户网站` stay whole).
The dictionary is jieba's, loaded only when a line has the shape.
"""

from __future__ import annotations

import re
from functools import cache

from docclean.cleaners.detectors.words import freq

# `网` or `文库` between two Chinese characters; the literal comes first so that the engine skips to it
SITE_SUFFIX = re.compile(
    r"网(?<=[\u4e00-\u9fff]网)(?=[\u4e00-\u9fff])|文库(?<=[\u4e00-\u9fff]文库)(?=[\u4e00-\u9fff])"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
PLACE_BEFORE = set("在从于到由据经上自向")  # `在某某网上发表`: the site is named, not spliced
PLACE_AFTER = set("上中里的发整提")
SPLIT_WORD_MIN_FREQ = 50  # the word the name splits must be common (我市: 279)
MIN_SENTENCE_CHARS = 12


def _is_word(text: str) -> bool:
    return freq(text) > 0


@cache
def _brand_pattern(brands: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so that a name is found whole even when a shorter brand is a part of it
    return re.compile("|".join(re.escape(b) for b in sorted(brands, key=len, reverse=True)) or r"(?!)")


def _lexicon_spans(text: str, brands: tuple[str, ...]) -> list[tuple[int, int, str]]:
    spans = []
    for found in _brand_pattern(brands).finditer(text):
        start, end = found.span()
        left, right = text[start - 1 : start], text[end : end + 1]
        if CJK.match(left) and CJK.match(right) and left not in PLACE_BEFORE and right not in PLACE_AFTER:
            spans.append((start, end, f"brand lexicon: {found.group()}"))
    return spans


def _crosses(text: str, at: int) -> bool:
    """Does a dictionary word of two to four characters run across the boundary before `text[at]`
    (`现代化` across `现代|化路网`)? A splice's edges fall between words, never inside one."""
    return any(
        _is_word(text[i:j])
        for i in range(max(at - 3, 0), at)
        for j in range(at + 1, min(at + 3, len(text)) + 1)
        if 2 <= j - i <= 4
    )


def _split_word_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for suffix in SITE_SUFFIX.finditer(text):
        end = suffix.end()
        for start in range(end - 2, max(end - 7, 0), -1):
            name, left, right = text[start:end], text[start - 1], text[end]
            if not NAME.fullmatch(name):
                break  # `,国家电网`: a name holds no punctuation; a longer one would hold it too
            if not CJK.match(left) or left in PLACE_BEFORE:
                continue
            split = left + right
            if freq(split) < SPLIT_WORD_MIN_FREQ:
                continue
            if any(_is_word(w) for w in (name, left + name, name + right, left + name[0], name[-1] + right)):
                continue
            if _crosses(text, start) or _crosses(text, end):
                continue  # `…现代化路网为…`: the name would begin inside 现代化
            spans.append((start, end, f"splits {split}"))
            break
    return spans


def find_site_names(text: str, brands: tuple[str, ...], has_brand: bool = True) -> list[tuple[int, int, str]]:
    """Spliced site names in a kept line: (start, end, why).

    >>> find_site_names("进一步分析研究我某某网市第一季度经济工作中存在的主要问题", ())
    [(8, 11, 'splits 我市')]
    >>> find_site_names("加快建设我省电网，完善门户网站功能，在人民网发表文章。", ())
    []
    >>> find_site_names("以构建“五纵五横”现代化路网为总目标,加快推进交通基础设施建设。", ())
    []
    >>> find_site_names("由中国电力传媒集团公司主办,国家电网公司、中国南方电网有限公司共同协办。", ())
    []

    `has_brand=False` says the line holds no brand name (known from one pass over the whole document).
    """
    if len(text) < MIN_SENTENCE_CHARS:
        return []  # a short line naming a site is chrome or a heading, not a sentence with a splice
    spans = _lexicon_spans(text, brands) if has_brand else []
    if ("网" in text or "文库" in text) and SITE_SUFFIX.search(text):
        taken = [(s, e) for s, e, _ in spans]
        spans += [sp for sp in _split_word_spans(text) if not any(s < sp[1] and sp[0] < e for s, e in taken)]
    return sorted(spans)
