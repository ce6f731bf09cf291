"""Character-level normalisation that never damages Chinese text.

Only three things change inside a line: zero-width characters are dropped, Kangxi radicals / CJK
Radicals Supplement / compatibility ideographs (PDF text-layer artefacts) are folded to the standard
character, and nothing else. NFKC is never applied to a whole line: it would turn `，` into `,`.
Every change is returned as an edit in source columns so it can be recorded and replayed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u180e"
NEEDS_WORK = re.compile(f"[{ZERO_WIDTH}\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")

# Matching view: full-width ASCII forms fold to ASCII one for one (so rules written with `QQ`, `:` and
# `123` also match `ＱＱ`, `：` and `１２３`); lengths never change, so offsets stay valid.
WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

ZERO_WIDTH_RULE = ("normalize_zero_width", "normalize")
RADICAL_RULE = ("normalize_radical", "normalize")


@cache
def _radical_table() -> dict[str, str]:
    text = resources.files("docclean.cleaners").joinpath("radicals.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {radical: standard for radical, standard in pairs}


def fold_char(ch: str) -> str | None:
    """The standard character for a radical or compatibility ideograph, else None.

    >>> fold_char("\u2f8f"), fold_char("⻓"), fold_char("行")
    ('行', '长', None)
    """
    cp = ord(ch)
    if 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
        folded = unicodedata.normalize("NFKC", ch)
        return folded if folded != ch and len(folded) == 1 else None
    if 0x2E80 <= cp <= 0x2EFF:
        return _radical_table().get(ch)
    return None


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # source column
    end: int
    replacement: str
    rule_id: str
    category: str


@dataclass(frozen=True, slots=True)
class NormalisedLine:
    text: str
    edits: tuple[Edit, ...]
    to_source: tuple[int, ...] | None  # column in the source of text[i]; None when text is the source

    def source_col(self, i: int, source_len: int) -> int:
        if self.to_source is None:
            return i
        return self.to_source[i] if i < len(self.to_source) else source_len


def normalise_line(line: str) -> NormalisedLine:
    """Drop zero-width characters and fold radicals, keeping a map back to source columns.

    >>> normalise_line("执\u200b⾏").text
    '执行'
    """
    if not NEEDS_WORK.search(line):
        return NormalisedLine(line, (), None)
    out: list[str] = []
    to_source: list[int] = []
    edits: list[Edit] = []
    for col, ch in enumerate(line):
        if ch in ZERO_WIDTH:
            edits.append(Edit(col, col + 1, "", *ZERO_WIDTH_RULE))
            continue
        folded = fold_char(ch)
        if folded is not None:
            edits.append(Edit(col, col + 1, folded, *RADICAL_RULE))
            ch = folded
        out.append(ch)
        to_source.append(col)
    return NormalisedLine("".join(out), tuple(edits), tuple(to_source))


@cache
def _match_fold() -> list[int]:
    """The fold as a str.translate table indexed by code point, every BMP character present (most map to
    themselves). A dict would do the same, but str.translate pays a raised and cleared KeyError for each
    character a dict lacks: nearly every character of a line. Characters past the table are left as they
    are, as a dict leaves them."""
    from docclean.cleaners.variants import to_simplified

    fold = WIDTH_FOLD | to_simplified()
    table = list(range(max(0x10000, *fold) + 1))
    for source, target in fold.items():
        table[source] = target
    return table


def matching_view(text: str) -> str:
    """Copy of `text` for rule matching (same length, same offsets): full-width ASCII folded to ASCII and
    Traditional characters to Simplified ones, so that rules written `QQ:`, `小编` also match `ＱＱ：`, `小編`."""
    return text.translate(_match_fold())


# `相關(guān)推薦`: some sites print the pinyin of a character after it (a reading aid, or to defeat copying).
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The bracket comes first and the character before it is checked behind it: a pattern that opens with a
# bracket lets the engine skip to brackets at C speed, one that opens with a lookbehind is tried everywhere.
PINYIN_NOTE = re.compile(rf"[(（](?<=[\u4e00-\u9fff].)[a-zü]*[{TONED}][a-z{TONED}ü]*[)）]")


def without_pinyin(text: str) -> str:
    """`text` without pinyin printed after its characters, for judging a line as a whole (offsets change:
    never for rules that cut spans).

    >>> without_pinyin("相關(guān)推薦"), without_pinyin("增长(5%)，完成(zhen)")
    ('相關推薦', '增长(5%)，完成(zhen)')
    """
    return PINYIN_NOTE.sub("", text) if "(" in text or "（" in text else text
