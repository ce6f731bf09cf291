"""jieba's two big tables in a compact, read-only form. Pure: reads package data only.

- The prefix dictionary (jieba.Tokenizer.FREQ): every dictionary word and every prefix of one, ~500k
  strings in a dict, ~70 MB and ~0.8 s to load in each process. cleaners/tokens.py needs jieba only for
  the rare blocks jieba-rs cuts differently (1.5%, 2019-2020, 1+6), so it gives a jieba.Tokenizer a
  `CompactFreq`: the same answers to the lookups jieba's cut makes (`in`, `[]`, `.get`; user words go on
  top), so jieba's own cut code runs unchanged, for ~15 MB.
- The IDF table of jieba.analyse (~270k words, ~40 MB as a dict): `load_idf` gives a `SortedTable`.
Both keep the words sorted in one string, with their offsets and values in flat arrays; a lookup is a
binary search (a few microseconds; tokens.py remembers the answers it needs often).
"""

from __future__ import annotations

import logging
from array import array
from functools import cache
from importlib.resources import files
from typing import Any

import jieba


class SortedTable:
    """A read-only str -> number mapping over sorted keys (none may contain a newline)."""

    def __init__(self, keys: list[str], values: list[float] | list[int], typecode: str) -> None:
        self._text = "\n".join(keys)
        starts = array("I", [0])  # 4 bytes: the joined keys are a few million characters
        for key in keys:
            starts.append(starts[-1] + len(key) + 1)
        self._starts = starts
        self._values = array(typecode, values)
        self._count = len(keys)

    def key(self, i: int) -> str:
        return self._text[self._starts[i] : self._starts[i + 1] - 1]

    def first_at_or_after(self, key: str) -> int:
        lo, hi = 0, self._count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def get(self, key: str, default: float | None = None) -> float | int | None:
        i = self.first_at_or_after(key)
        return self._values[i] if i < self._count and self.key(i) == key else default


_UNKNOWN = object()
ANSWERS_MAX = 100_000  # remembered lookups (≤ ~10 MB); past it, start afresh


class CompactFreq(SortedTable):
    """word -> frequency for dictionary words, 0 for strings that are only a prefix of one (as
    jieba.Tokenizer.gen_pfdict builds it); anything else is absent. Items set later (add_word) win."""

    def __init__(self, words: list[str], freqs: list[int]) -> None:
        super().__init__(words, freqs, "I")  # jieba's frequencies fit in 32 bits (the largest is ~1e6)
        self._added: dict[str, int] = {}
        # The dictionary's answers already looked up: jieba asks for the same prefixes (single characters,
        # common words) over and over, and a binary search in Python costs ~7 µs, a dict hit ~0.1 µs.
        self._answers: dict[str, int | None] = {}

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        added = self._added.get(key)
        if added is not None:
            return added
        answer: Any = self._answers.get(key, _UNKNOWN)
        if answer is _UNKNOWN:
            if len(self._answers) >= ANSWERS_MAX:
                self._answers.clear()
            answer = self._answers[key] = self._search(key)
        return default if answer is None else answer

    def _search(self, key: str) -> int | None:
        i = self.first_at_or_after(key)
        if i == self._count or not key:  # '' would be a prefix of every word, but jieba never stores it
            return None
        word = self.key(i)
        if word == key:
            return int(self._values[i])
        # words that start with `key` sort right after it, so the first word >= key starts with it if any does
        return 0 if word.startswith(key) else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value


@cache
def load_freq() -> tuple[CompactFreq, int]:
    """jieba's dict.txt as a CompactFreq and the dictionary total, parsed as gen_pfdict does: the last
    frequency of a repeated word wins, and every line counts in the total."""
    data = files("jieba").joinpath(jieba.DEFAULT_DICT_NAME).read_bytes()
    freq: dict[str, int] = {}
    total = 0
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the newline ending the file, not a line (jieba iterates the file's lines)
    for raw in lines:
        word, count = raw.strip().decode("utf-8").split(" ")[:2]
        freq[word] = int(count)
        total += int(count)
    words = sorted(freq)
    return CompactFreq(words, [freq[w] for w in words]), total


def compact_tokenizer() -> jieba.Tokenizer:
    """A jieba.Tokenizer on the default dictionary, backed by a CompactFreq (add the user dict after)."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = load_freq()
    tokenizer.initialized = True
    return tokenizer


def load_idf() -> tuple[SortedTable, float]:
    """jieba.analyse's IDF table and its median IDF, parsed as jieba.analyse.tfidf.IDFLoader does (the last
    value of a repeated word wins), without importing jieba.analyse (it also loads the POS tagger)."""
    content = files("jieba").joinpath("analyse", "idf.txt").read_bytes().decode("utf-8")
    idf_freq: dict[str, float] = {}
    for line in content.splitlines():
        word, freq = line.strip().split(" ")
        idf_freq[word] = float(freq)
    median = sorted(idf_freq.values())[len(idf_freq) // 2]
    words = sorted(idf_freq)
    return SortedTable(words, [idf_freq[w] for w in words], "d"), median
