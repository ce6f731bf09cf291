"""Chinese word segmentation and TF-IDF keywords for report text. Pure: reads package data only (jieba
itself may write its prefix-dict cache, jieba.cache, to the temp dir on first use).

Pure-Python jieba (precise mode, HMM on) is the reference. jieba-rs (via rjieba) is 10-18x faster but not a
drop-in: it differs from jieba in three ways, each handled below so that `tokenize` == `reference_tokenize`:
  * its HMM keeps ASCII runs joined by - _ . whole ("2019-2020", "Wi-Fi", "v1.2.3"), jieba splits them;
  * it treats CJK Ext-A/B and U+9FD6..U+9FFF as Han, jieba emits those characters one by one;
  * `add_word` replaces a word's old frequency in the dictionary total, jieba's adds on top of it (and
    jieba counts dict.txt's duplicate "B超" twice). The total scales every path's probability.
Both tokenizers load cleaners/userdict.txt so genre terms (两学一做, 全面从严治党, ...) stay whole.
"""

from __future__ import annotations

import functools
import importlib
import io
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from importlib.resources import files

import jieba

Cut = Callable[[str], list[str]]

# jieba's own splitter: text is cut block by block; anything between blocks is emitted char by char.
_BLOCK = jieba.re_han_default
# Blocks made only of these characters are cut by jieba-rs exactly like jieba; others go to jieba.
_RUST_SAFE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+")
# Lines of safe-block characters, whitespace and punctuation both libraries emit one by one (ASCII minus
# jieba's block characters + # & . _ % -, general/CJK/full-width punctuation) go to jieba-rs in one call;
# one call per block is ~1.4x slower (per-call overhead).
_RUST_SAFE_LINE = re.compile(
    r"[\u4e00-\u9fd5a-zA-Z0-9\s!\"$'()*,/:;<=>?@\[\\\]^`{|}~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff00-\uffef]*"
)
# dict.txt lists "B超 3 n" twice: jieba adds both to its total, jieba-rs counts the word once.
_DICT_DUPLICATE_FREQ = 3
# Carries the total correction for jieba-rs; never matched, as jieba-rs never puts '<' in a block.
_PAD_WORD = "<docclean-total-pad>"
# Placeholders left by the source sites (X, XX, **), numbers and punctuation carry no topic.
_NOT_A_TERM = re.compile(r"[XxＸｘ×*＊\d\W_]+")


def _userdict_bytes() -> bytes:
    return files("cleaners").joinpath("userdict.txt").read_bytes()


@functools.cache
def _user_entries() -> tuple[tuple[str, int, str | None], ...]:
    """Parse the user dict exactly as jieba.load_userdict does (same regex, same BOM handling)."""
    entries = []
    for raw in _userdict_bytes().decode("utf-8").lstrip("\ufeff").splitlines():
        line = raw.strip()
        if not line:
            continue
        word, freq, tag = jieba.re_userdict.match(line).groups()
        if freq is None:  # jieba and jieba-rs suggest different frequencies, so require one
            raise ValueError(f"userdict.txt: {word!r} needs an explicit frequency")
        entries.append((word, int(freq), tag.strip() if tag else None))
    return tuple(entries)


def _default_freqs(words: set[str]) -> dict[str, int]:
    """Frequencies of `words` in jieba's dict.txt (the same dictionary jieba-rs embeds), by one regex scan."""
    if not words:
        return {}
    data = files("jieba").joinpath(jieba.DEFAULT_DICT_NAME).read_text(encoding="utf-8")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return {w: int(f) for w, f in re.findall(rf"^({alternatives}) (\d+)", data, re.MULTILINE)}


@functools.cache
def _jieba_tokenizer() -> jieba.Tokenizer:
    """A private jieba.Tokenizer (the global jieba.dt stays untouched) with the user dict loaded."""
    jieba.setLogLevel(logging.WARNING)  # silence "Building prefix dict ..." on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(io.BytesIO(_userdict_bytes()))
    return tokenizer


@functools.cache
def _rust_cut() -> Cut | None:
    """jieba-rs `cut` with the user dict and a dictionary total equal to jieba's; None without rjieba."""
    try:
        import rjieba
    except ImportError:
        return None
    rust = rjieba.Jieba()
    entries = _user_entries()
    current = _default_freqs({word for word, _, _ in entries})
    missing_total = _DICT_DUPLICATE_FREQ
    for word, freq, tag in entries:
        missing_total += current.get(word, 0)  # the old frequency jieba keeps in its total
        current[word] = freq
        rust.add_word(word, freq, tag)
    rust.add_word(_PAD_WORD, missing_total, None)
    return rust.cut


def _cut_line(line: str, rust_cut: Cut) -> list[str]:
    """Cut one line like jieba.Tokenizer.cut, delegating to jieba-rs only what it provably gets right."""
    if _RUST_SAFE_LINE.fullmatch(line):
        return [token for token in rust_cut(line) if token.strip()]
    tokens: list[str] = []
    for part in _BLOCK.split(line):  # jieba's block loop: cut blocks, emit the rest char by char
        if not _BLOCK.match(part):
            tokens.extend(ch for ch in part if not ch.isspace())
        elif _RUST_SAFE.fullmatch(part):
            tokens.extend(rust_cut(part))
        else:
            tokens.extend(_jieba_tokenizer().cut(part))
    return tokens


def tokenize(text: str) -> tuple[str, ...]:
    """Tokens of `text` (jieba precise mode, HMM, user dict), line by line, without whitespace tokens."""
    rust_cut = _rust_cut()
    if rust_cut is None:
        return reference_tokenize(text)
    return tuple(token for line in text.split("\n") for token in _cut_line(line, rust_cut))


def reference_tokenize(text: str) -> tuple[str, ...]:
    """Same contract as `tokenize`, always pure-Python jieba: the yardstick for the fast path."""
    tokenizer = _jieba_tokenizer()
    return tuple(token for line in text.split("\n") for token in tokenizer.cut(line) if token.strip())


@functools.cache
def _idf_table() -> tuple[dict[str, float], float, frozenset[str]]:
    """jieba's IDF table, median IDF (for unseen words) and stop words, as extract_tags uses them."""
    jieba.setLogLevel(logging.WARNING)
    tfidf = importlib.import_module("jieba.analyse").default_tfidf  # slow import (idf.txt, posseg), so lazy
    return tfidf.idf_freq, tfidf.median_idf, frozenset(tfidf.stop_words)


def _is_term(token: str) -> bool:
    return len(token.strip()) >= 2 and not _NOT_A_TERM.fullmatch(token)


def keywords(tokens: Sequence[str], top_k: int = 10) -> tuple[str, ...]:
    """Top TF-IDF terms of already-cut `tokens`, scored like jieba.analyse.extract_tags without re-cutting.

    Ties are broken by the token itself (extract_tags keeps first-seen order) so output is deterministic.
    """
    idf, median_idf, stop_words = _idf_table()
    counts = Counter(t for t in tokens if _is_term(t) and t.lower() not in stop_words)
    total = sum(counts.values())
    scores = {term: n * idf.get(term, median_idf) / total for term, n in counts.items()}
    ranked = sorted(scores, key=lambda term: (-scores[term], term))
    return tuple(ranked[: max(top_k, 0)])
