"""Is decoded text plausibly a document, or bytes that only decode (random data, a binary file without a
magic number, text in an encoding nobody can tell)?

Any byte string decodes as GB18030 or UTF-16 with a few replacement characters, so "it decoded" proves
nothing. What a document has and garbage lacks, measured on 200 random files of 1-100 bytes against
every real file and encoding in the tests (README, "Text that is not a document"):
- almost no unreadable characters: controls, private-use code points, U+FFFD (random bytes: ≥ 4 %);
- common hanzi: ≥ 99 % of a real text's hanzi are among the 3,755 of GB2312 level 1 (Traditional ones
  folded to Simplified first); hanzi decoded from random bytes are common ones 5-16 % of the time;
- a few words at least: a common hanzi counts one, an ASCII letter or digit half (a Chinese word is one
  or two hanzi, an English one several letters); a title and one sentence are well over MIN_WORDS.
Pure and cheap: counts over a prefix of the text by C loops (regex substitutions, codecs, translate), no
per-character Python loop.
"""

from __future__ import annotations

import re
from functools import cache

from docclean.cleaners.variants import to_simplified

SAMPLE_CHARS = 4096  # a share needs no more; a long file is judged by its head
MIN_WORDS = 6  # 工作总结 + 工作很好。 has 8; the fewest of any real file in the tests: 12
MAX_UNREADABLE = 0.03  # share of visible characters
SHARE_FROM = 3  # hanzi: below this many, a share says little (the word count decides)
MIN_COMMON_HANZI = 0.8  # real texts ≥ 0.99 (measured); of random bytes' hanzi, 5-16 % are common

# C0/C1 controls that are not whitespace (str.isspace takes \t \n \v \f \r \x1c-\x1f), private use, U+FFFD
UNREADABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]+")
LATIN = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")  # and their full-width forms
HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
TAG = re.compile(r"<[^<>]{0,2000}>|&[#\w]{1,10};")

# Byte sets for the quick look (counted with bytes.translate: C speed, ≈1 ns a byte)
_ALL = bytes(range(256))
ASCII = bytes(range(0x80))
CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])  # not whitespace (isspace: \t-\r, \x1c-\x1f)
ALNUM = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HANZI_LEAD = bytes(range(0xE4, 0xEA))  # UTF-8 lead bytes of U+4E00-U+9FFF, the common CJK block
NOT_LEVEL1_LEAD = bytes(b for b in range(256) if not 0xB0 <= b <= 0xD7)  # GB2312 rows 16-55: level 1


def _bytes_in(data: bytes, wanted: bytes) -> int:
    return len(data) - len(data.translate(None, wanted))


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Characters a run pattern matches, without building a list of them."""
    return len(text) - len(pattern.sub("", text))


@cache
def _without_common_hanzi() -> dict[int, None]:
    """str.translate table deleting the 3,755 hanzi of GB2312 level 1 (rows 16-55, by frequency of use)
    and the Traditional forms that fold to them (a regex class of thousands of scattered characters is
    scanned item by item: ≈40x slower)."""
    level1 = bytes(b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
    chars = set(level1.decode("gb2312", errors="ignore"))
    chars.discard("\ufffd")
    fold = to_simplified()
    chars |= {chr(t) for t, s in fold.items() if chr(s) in chars}
    return dict.fromkeys(map(ord, chars))


def common_hanzi(text: str) -> int:
    """How many of `text`'s characters are common hanzi (Traditional forms of common ones included).

    >>> common_hanzi("工作總結，齉")
    4
    """
    return len(text) - len(text.translate(_without_common_hanzi()))


def _plainly_a_document(sample: str, visible: int) -> bool:
    """The quick look that every real text passes (all of them in the tests do), in C loops over the bytes:
    few controls and U+FFFD, and enough common hanzi among the hanzi of the main CJK block (in GB2312's
    EUC-CN bytes, once the one-byte ASCII is gone, every other byte is a lead byte). What fails it, or is
    Traditional (no GB2312 form), gets the exact look."""
    utf8 = sample.encode("utf-8")
    unreadable = _bytes_in(utf8, CONTROL) + sample.count("\ufffd")
    hanzi = _bytes_in(utf8, HANZI_LEAD)
    pairs = sample.encode("gb2312", errors="ignore").translate(None, ASCII)
    common = len(pairs[0::2].translate(None, NOT_LEVEL1_LEAD))
    return (
        unreadable <= MAX_UNREADABLE * visible
        and common >= MIN_COMMON_HANZI * hanzi
        and common + _bytes_in(utf8, ALNUM) / 2 >= MIN_WORDS
    )


def _visible(text: str) -> int:
    return len("".join(text.split()))


def _sample(text: str) -> str:
    return text[: 4 * SAMPLE_CHARS].lstrip()[:SAMPLE_CHARS]


def readability(text: str) -> float:
    """How much of a text's head reads as a Chinese or English document, per visible character (higher is
    better; below 0 it is mostly unreadable): to choose between two decodings of the same bytes."""
    sample = _sample(text)
    good = common_hanzi(sample) + _count(LATIN, sample) / 2
    return (good - 4 * _count(UNREADABLE, sample)) / (_visible(sample) or 1)


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
    sample = _sample(text)
    if markup == "html":
        sample = TAG.sub(" ", sample)
    visible = _visible(sample)
    if not visible or _plainly_a_document(sample, visible):
        return None
    unreadable = _count(UNREADABLE, sample)
    if unreadable > MAX_UNREADABLE * visible:
        return (
            f"{unreadable} of {visible} visible characters ({100 * unreadable / visible:.0f} %) are "
            "control, private-use or undecodable characters"
        )
    hanzi = _count(HANZI, sample)
    latin = _count(LATIN, sample)

    common = common_hanzi(sample)
    if common + latin / 2 < MIN_WORDS:
        return f"too little text to be a document ({common} common hanzi, {latin} ASCII letters or digits)"
    if hanzi >= SHARE_FROM and common < MIN_COMMON_HANZI * hanzi:
        return (
            f"only {common} of its {hanzi} hanzi are common ones: random bytes, or text in an "
            "encoding that cannot be told"
        )
    return None
