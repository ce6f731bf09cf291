"""Is decoded text plausibly a document, or bytes that only decode (random data, a binary file without a
magic number, text in an encoding nobody can tell)?

Any byte string decodes as GB18030 or UTF-16 with a few replacement characters, so "it decoded" proves
nothing. What a document has and garbage lacks, measured on 200 random files of 1-100 bytes against
every real file and encoding in the tests (README, "Text that is not a document"):
- almost no unreadable characters: controls, private-use code points, U+FFFD (random bytes: ≥ 4 %);
- common hanzi: ≥ 90 % of a real text's hanzi are among the 3,755 of GB2312 level 1 (Traditional ones
  folded to Simplified first); hanzi decoded from random bytes are common ones 5-16 % of the time;
- a few words at least: a common hanzi counts one, an ASCII letter or digit half (a Chinese word is one
  or two hanzi, an English one several letters); a title and one sentence are well over MIN_WORDS.
Pure and cheap: regular expressions over a prefix of the text, no per-character Python loop.
"""

from __future__ import annotations

import re
from functools import cache

from docclean.cleaners.variants import to_simplified

SAMPLE_CHARS = 16_384  # a share needs no more; a long file is judged by its head
MIN_WORDS = 6  # 工作总结 + 工作很好。 has 8; the fewest of any real file in the tests: 12
MAX_UNREADABLE = 0.03  # share of visible characters
SHARE_FROM = 3  # hanzi: below this many, a share says little (the word count decides)
MIN_COMMON_HANZI = 0.8  # real texts ≥ 0.9 (measured); of random bytes' hanzi, 5-16 % are common

# C0/C1 controls that are not whitespace (str.isspace takes \t \n \v \f \r \x1c-\x1f), private use, U+FFFD
UNREADABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
VISIBLE = re.compile(r"\S")
LATIN = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # and their full-width forms
HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
TAG = re.compile(r"<[^<>]{0,2000}>|&[#\w]{1,10};")


@cache
def common_hanzi() -> re.Pattern[str]:
    """The 3,755 hanzi of GB2312 level 1 (rows 16-55, by frequency of use) and the Traditional forms
    that fold to them: a character class."""
    level1 = bytes(b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
    chars = set(level1.decode("gb2312", errors="ignore"))
    chars.discard("\ufffd")
    fold = to_simplified()
    chars |= {chr(t) for t, s in fold.items() if chr(s) in chars}
    return re.compile("[" + "".join(sorted(chars)) + "]")


def readability(text: str) -> float:
    """How much of a text's head reads as a Chinese or English document, per visible character (higher is
    better; below 0 it is mostly unreadable): to choose between two decodings of the same bytes."""
    sample = text.lstrip()[:SAMPLE_CHARS]
    visible = len(VISIBLE.findall(sample)) or 1
    good = len(common_hanzi().findall(sample)) + len(LATIN.findall(sample)) / 2
    return (good - 4 * len(UNREADABLE.findall(sample))) / visible


def not_text_reason(text: str, markup: str = "text") -> str | None:
    """Why `text` is not plausibly a document (one line), or None when it may be one.

    Blank text is not judged here: it is `empty`, not garbage.

    >>> not_text_reason("2023年个人工作总结\\n今年以来，我认真履行岗位职责，圆满完成了各项工作任务。") is None
    True
    >>> not_text_reason("檩藶D融稿")
    'too little text to be a document (2 common hanzi, 1 ASCII letters or digits)'
    >>> not_text_reason("衛鞥d(\\ufffd%肗|殐跖<7歌鍪l\\x1c\\x07")
    '2 of 16 visible characters (12 %) are control, private-use or undecodable characters'
    """
    sample = text.lstrip()[:SAMPLE_CHARS]
    if markup == "html":
        sample = TAG.sub(" ", sample)
    visible = len(VISIBLE.findall(sample))
    if not visible:
        return None
    unreadable = len(UNREADABLE.findall(sample))
    if unreadable > MAX_UNREADABLE * visible:
        return (
            f"{unreadable} of {visible} visible characters ({100 * unreadable / visible:.0f} %) are "
            "control, private-use or undecodable characters"
        )
    hanzi = len(HANZI.findall(sample))
    common = len(common_hanzi().findall(sample)) if hanzi else 0
    latin = len(LATIN.findall(sample))
    if common + latin / 2 < MIN_WORDS:
        return f"too little text to be a document ({common} common hanzi, {latin} ASCII letters or digits)"
    if hanzi >= SHARE_FROM:
        if common < MIN_COMMON_HANZI * hanzi:
            return (
                f"only {common} of its {hanzi} hanzi are common ones: random bytes, or text in an "
                "encoding that cannot be told"
            )
    return None
