"""Is a lexicon term a word where it stands? `作者` in `医务工作者`, `上传人` in `上传人员` are not: a longer
dictionary word covers or crosses the term's edge there. A chrome term counts only where it stands as a
word of its own, so that trigger words inside ordinary words never make a sentence chrome.

The dictionary is jieba's (cleaners.jieba_tables, compact and read-only), loaded only when a line holds a
term at all; a handful of lookups per term found.
"""

from __future__ import annotations

from functools import cache

MIN_FREQ = 20  # rarer dictionary entries are too often fragments to count as words
REACH = 3  # characters a covering word may extend beyond the term's edge


@cache
def _dictionary():
    from docclean.cleaners.jieba_tables import load_freq

    return load_freq()[0]


def freq(text: str) -> int:
    """How often jieba's dictionary has `text` as a word (0: not a word)."""
    return _dictionary().get(text) or 0


def _word(text: str) -> bool:
    return freq(text) >= MIN_FREQ


def crosses(left: str, right: str) -> bool:
    """Does a dictionary word span the join of two texts (`…然后对岗` + `位内在…`: 岗位)?

    >>> crosses("然后对岗", "位内在活动"), crosses("各项工作任务", "进一步加强")
    (True, False)
    """
    return any(
        _word(left[-a:] + right[:b]) for a in (1, 2) for b in (1, 2) if a <= len(left) and b <= len(right)
    )


def embedded(text: str, start: int, end: int) -> bool:
    """Does a dictionary word cover or cross the edge of text[start:end]?

    >>> embedded("协助医务工作者做好检测", 5, 7)  # 作者 inside 工作者
    True
    >>> embedded("上传人员要对材料负责", 0, 3)  # 上传人 | 人员
    True
    >>> embedded("当前位置：首页 > 范文", 0, 4)
    False
    """
    for a in range(max(start - REACH, 0), start):  # words that begin before the term and reach into it
        for b in range(start + 1, min(a + REACH + end - start, len(text)) + 1):
            if _word(text[a:b]):
                return True
    for b in range(end + 1, min(end + REACH, len(text)) + 1):  # words that begin inside it and end after
        for a in range(start, end):
            if b - a >= 2 and _word(text[a:b]):
                return True
    return False
