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
import heapq
import io
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from importlib.resources import files

import jieba

from docclean.cleaners import jieba_tables

Cut = Callable[[str], list[str]]

# jieba's own splitter: text is cut block by block; anything between blocks is emitted char by char.
_BLOCK = jieba.re_han_default
_BLOCK_CLASS = "\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-"
if _BLOCK.pattern != f"([{_BLOCK_CLASS}]+)":  # the risky-block search below mirrors it
    raise ImportError(f"unexpected jieba block pattern {_BLOCK.pattern!r}; cleaners/tokens.py needs updating")
# A whole block holding a character jieba-rs cuts differently (+ # & . _ % -): only such blocks go to jieba.
# The lookbehind pins a match to the start of a block and the possessive runs never backtrack: linear time.
_RISKY_CHAR = re.compile(r"[+#&._%\-]")
_RISKY_BLOCK = re.compile(f"(?<![{_BLOCK_CLASS}])[\u4e00-\u9fd5a-zA-Z0-9]*+[+#&._%\\-][{_BLOCK_CLASS}]*+")
# Blocks made only of these characters are cut by jieba-rs exactly like jieba; others go to jieba.
_RUST_SAFE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+")
# Lines of safe-block characters, whitespace and punctuation both libraries emit one by one (ASCII minus
# jieba's block characters + # & . _ % -, general/CJK/full-width punctuation) go to jieba-rs in one call;
# one call per block is ~1.4x slower (per-call overhead).
_RUST_SAFE_LINE = re.compile(
    r"[\u4e00-\u9fd5a-zA-Z0-9\s!\"$'()*,/:;<=>?@\[\\\]^`{|}~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff00-\uffef]*"
)
_WHITESPACE = re.compile(r"\s")
# The HMM of the two libraries breaks ties differently on unknown runs with a character repeated three
# times (`中工工工日`: jieba 中工工/工日, jieba-rs 中工/工工日; 2 in 50,000 random strings, never in the
# corpus): such blocks go to jieba.
_TRIPLE = re.compile(r"([\u4e00-\u9fd5])\1\1")
# dict.txt lists "B超 3 n" twice: jieba adds both to its total, jieba-rs counts the word once.
_DICT_DUPLICATE_FREQ = 3
# Carries the total correction for jieba-rs; never matched, as jieba-rs never puts '<' in a block.
_PAD_WORD = "<docclean-total-pad>"
# Placeholders left by the source sites (X, XX, **), numbers and punctuation carry no topic.
_NOT_A_TERM = re.compile(r"[XxＸｘ×*＊\d\W_]+")


def _userdict_bytes() -> bytes:
    return files("docclean.cleaners").joinpath("userdict.txt").read_bytes()


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


@functools.cache
def _compact_jieba() -> jieba.Tokenizer:
    """jieba with the user dict, on a compact copy of its dictionary (cleaners/jieba_tables.py): the same
    cuts for a fraction of the memory and load time. Only the fast path uses it; the reference does not."""
    tokenizer = jieba_tables.compact_tokenizer()
    tokenizer.load_userdict(io.BytesIO(_userdict_bytes()))
    return tokenizer


@functools.lru_cache(maxsize=1 << 15)
def _jieba_block(block: str) -> tuple[str, ...]:
    """jieba's cut of one risky block; remembered, as the same few (XX%, 1.5%, 1+6) recur in a corpus."""
    return tuple(_compact_jieba().cut(block))


def _cut_segment(segment: str, rust_cut: Cut, tokens: list[str]) -> None:
    """Cut text that holds no risky block: in one jieba-rs call when every character is safe."""
    if _TRIPLE.search(segment):  # rare: blocks with a character thrice in a row go to jieba
        for part in _BLOCK.split(segment):
            if _BLOCK.match(part):
                tokens.extend(_jieba_block(part) if _TRIPLE.search(part) else rust_cut(part))
            else:
                tokens.extend(ch for ch in part if not ch.isspace())
        return
    if _RUST_SAFE_LINE.fullmatch(segment):
        if _WHITESPACE.search(segment):
            tokens.extend(token for token in rust_cut(segment) if token.strip())
        else:
            tokens.extend(rust_cut(segment))
        return
    for part in _BLOCK.split(segment):  # jieba's block loop: cut blocks, emit the rest char by char
        if _BLOCK.match(part):
            tokens.extend(rust_cut(part))
        else:
            tokens.extend(ch for ch in part if not ch.isspace())


def _cut_line(line: str, rust_cut: Cut, tokens: list[str] | None = None) -> list[str]:
    """Cut one line like jieba.Tokenizer.cut, delegating to jieba-rs only what it provably gets right.

    jieba cuts block by block, so a line can be split at block edges: the risky blocks go to jieba, the
    text between them to jieba-rs, one call per stretch (a call per block costs ~1.4x more).
    """
    tokens = [] if tokens is None else tokens
    if not _RISKY_CHAR.search(line):  # most lines
        _cut_segment(line, rust_cut, tokens)
        return tokens
    start = 0
    for risky in _RISKY_BLOCK.finditer(line):
        if risky.start() > start:
            _cut_segment(line[start : risky.start()], rust_cut, tokens)
        tokens.extend(_jieba_block(risky.group()))
        start = risky.end()
    if start < len(line):
        _cut_segment(line[start:], rust_cut, tokens)
    return tokens


# One string object per distinct token: a row group's reports hold millions of tokens but a few thousand
# words, and the row group keeps them until it is written. A plain dict does what sys.intern did here at
# half its cost (measured: 0.5 against 1.0 CPU-s for the benchmark corpus's 4.2 million tokens).
_TOKEN_CACHE_MAX = 200_000  # bound on the cache (a corpus's vocabulary is far smaller)
_same_token: dict[str, str] = {}


def tokenize(text: str) -> tuple[str, ...]:
    """Tokens of `text` (jieba precise mode, HMM, user dict), line by line, without whitespace tokens."""
    rust_cut = _rust_cut()
    if rust_cut is None:
        return reference_tokenize(text)
    tokens: list[str] = []
    for line in text.split("\n"):
        _cut_line(line, rust_cut, tokens)
    if len(_same_token) > _TOKEN_CACHE_MAX:
        _same_token.clear()
    return tuple(map(_same_token.setdefault, tokens, tokens))


def reference_tokenize(text: str) -> tuple[str, ...]:
    """Same contract as `tokenize`, always pure-Python jieba: the yardstick for the fast path."""
    tokenizer = _jieba_tokenizer()
    return tuple(token for line in text.split("\n") for token in tokenizer.cut(line) if token.strip())


# jieba.analyse's stop words (KeywordExtractor.STOP_WORDS; tests check they still match).
_STOP_WORDS = frozenset(
    "the of is and to in that we for an are by be as on with can if from which you it this then at have all "
    "not one has or".split()
)
_TERM_CACHE_MAX = 100_000  # bound on the cache below (a corpus's vocabulary is far smaller)
_NOT_A_TERM_IDF = -1.0  # IDF values are never negative
_term_idf: dict[str, float] = {}  # token -> its IDF, or _NOT_A_TERM_IDF: one lookup per token, not two


@functools.cache
def _idf_table() -> tuple[jieba_tables.SortedTable, float]:
    """jieba.analyse's IDF table and median IDF (for unseen words), compact (cleaners/jieba_tables.py)."""
    return jieba_tables.load_idf()


def _is_term(token: str) -> bool:
    return len(token.strip()) >= 2 and not _NOT_A_TERM.fullmatch(token) and token.lower() not in _STOP_WORDS


def keywords(tokens: Sequence[str], top_k: int = 10) -> tuple[str, ...]:
    """Top TF-IDF terms of already-cut `tokens`, scored like jieba.analyse.extract_tags without re-cutting.

    Ties are broken by the token itself (extract_tags keeps first-seen order) so output is deterministic.
    """
    cache = _term_idf
    if len(cache) > _TERM_CACHE_MAX:
        cache.clear()
    weighted: list[tuple[int, float, str]] = []
    total = 0
    for token, n in Counter(tokens).items():
        weight = cache.get(token)
        if weight is None:
            idf, median_idf = _idf_table()
            weight = cache[token] = float(idf.get(token, median_idf)) if _is_term(token) else _NOT_A_TERM_IDF  # type: ignore[arg-type]
        if weight != _NOT_A_TERM_IDF:
            weighted.append((n, weight, token))
            total += n
    ranked = heapq.nsmallest(max(top_k, 0), [(-(n * weight / total), token) for n, weight, token in weighted])
    return tuple(token for _, token in ranked)
