"""Near-duplicate reports: MinHash signatures of character shingles, LSH banding, estimated Jaccard.

The signature scheme is frozen, because signatures are stored in the lake and compared across runs
without the old text (changing anything below needs a new SCHEME and re-signing the lake):
- Text: the title and each paragraph, full-width ASCII folded to ASCII, every run of placeholder
  characters (`X`, `XX`, `**`, `××`) folded to one `X`, whitespace dropped. Shingles never span two paragraphs, so
  reordered paragraphs give the same signature.
- Shingles: 5 characters, hashed to 64 bits by a polynomial over code points and the splitmix64
  finaliser. The hash is written out here, not taken from a library, so no upgrade can change it.
- One-permutation hashing with optimal densification (Shrivastava, ICML 2017): a shingle's top 7 hash
  bits pick one of 128 buckets, each bucket keeps its smallest hash (next 32 bits), and an empty bucket
  copies the first non-empty bucket along a fixed probe sequence. One hash per shingle instead of 128:
  the cost of a signature is about that of reading the text (bench/neardup_libs.py has the figures).
- Stored as 128 little-endian uint32 = 512 bytes (`signature.tobytes()`; Arrow `fixed_size_binary(512)`).

The index (`cleaners/neardup_index.py`) finds candidates by LSH banding and verifies them here.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SCHEME = "oph-char5-128-v1"
SHINGLE = 5
NUM_PERM = 128
SIGNATURE_BYTES = NUM_PERM * 4
BUCKET_SHIFT = np.uint64(64 - 7)  # top 7 bits: log2(NUM_PERM)
VALUE_SHIFT = np.uint64(64 - 7 - 32)  # the next 32 bits are the bucket's value
MIN_SHINGLES = 32  # shorter texts (≈ two lines) are too short to call anything their near-duplicate
THRESHOLD = 0.8
PROBES = 64  # densification tries before the fallback (needed only for texts of a few dozen shingles)

_SEPARATOR = 0x0A  # joins paragraphs; no window may hold one, so no shingle spans two paragraphs
_WHITESPACE = np.array([0x09, 0x0D, 0x20, 0xA0, 0x3000], dtype=np.uint32)
_PLACEHOLDERS = np.array([ord(c) for c in "XxＸｘ*＊×"], dtype=np.uint32)  # the genre's blanks
_X = ord("X")
_U64 = np.uint64
_POWERS = np.array([pow(0x100000001B3, j, 1 << 64) for j in range(SHINGLE)], dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit (wrapping uint64 arithmetic)."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


_PROBE_TABLE = (_mix(np.arange(PROBES * NUM_PERM, dtype=np.uint64) + _U64(1)) >> BUCKET_SHIFT).astype(np.intp)
_PROBE_TABLE = _PROBE_TABLE.reshape(PROBES, NUM_PERM)


def _fold_tables() -> tuple[np.ndarray, np.ndarray]:
    """Per BMP code point: what it folds to, and whether it is dropped (one lookup each instead of a pass
    per character class; code points above U+FFFF are kept as they are)."""
    to = np.arange(0x10000, dtype=np.uint32)
    to[0xFF01:0xFF5F] -= 0xFEE0  # full-width ASCII to ASCII
    to[_PLACEHOLDERS] = _X
    drop = np.zeros(0x10000, dtype=bool)
    drop[_WHITESPACE] = True
    return to, drop


_FOLD_TO, _DROP = _fold_tables()


def _folded_codes(text: str) -> np.ndarray:
    """Code points of `text` with full-width ASCII folded to ASCII, whitespace dropped (not newlines),
    and every run of placeholder characters folded to one `X`. Written out here, not borrowed from the
    rules' matching view, so that a change there cannot change stored signatures."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)
    bmp = np.minimum(codes, 0xFFFF)  # U+FFFF folds to itself and is kept, like everything above it
    folded = np.where(codes > 0xFFFF, codes, _FOLD_TO[bmp])[~_DROP[bmp]]
    blank = folded == _X
    repeat = np.zeros(len(folded), dtype=bool)
    repeat[1:] = blank[1:] & blank[:-1]
    return folded[~repeat]


def fold(text: str) -> str:
    """What a near-duplicate may change freely: character widths, placeholder runs, whitespace.

    >>> fold("ＸＸ县 2023年，完成XXX项、**项。")
    'X县2023年,完成X项、X项。'
    """
    return _folded_codes(text).astype("<u4").tobytes().decode("utf-32-le")


def shingle_hashes(title: str, paragraphs: Iterable[str]) -> np.ndarray:
    """64-bit hashes of every 5-character window inside one paragraph (the title is one), in order."""
    codes = _folded_codes("\n".join((title, *paragraphs))).astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    poly = np.zeros(count, dtype=np.uint64)
    for j in range(SHINGLE):
        poly += codes[j : j + count] * _POWERS[j]
    seps = np.concatenate(([0], np.cumsum(codes == _SEPARATOR)))
    inside = seps[SHINGLE:] == seps[:count]  # no separator among the window's characters
    return _mix(poly[inside])


def signature_of_hashes(hashes: np.ndarray) -> np.ndarray | None:
    """The 128-bucket signature of a set of 64-bit shingle hashes; None below MIN_SHINGLES."""
    if len(hashes) < MIN_SHINGLES:
        return None
    buckets = (hashes >> BUCKET_SHIFT).astype(np.intp)
    smallest = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    np.minimum.at(smallest, buckets, hashes)  # faster than sorting (numpy >= 2 runs ufunc.at in C loops)
    filled = np.bincount(buckets, minlength=NUM_PERM) > 0
    signature = (smallest >> VALUE_SHIFT).astype(np.uint32)
    return _densify(signature, filled)


def _densify(signature: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Empty buckets copy a non-empty one found along the same probe sequence for every report, so two
    similar reports borrow alike; only originally filled buckets are lent."""
    empty = np.flatnonzero(~filled)
    out = signature.copy()
    for row in _PROBE_TABLE:
        if not len(empty):
            return out
        source = row[empty]
        hit = filled[source]
        out[empty[hit]] = signature[source[hit]]
        empty = empty[~hit]
    donors = np.flatnonzero(filled)  # fallback for tiny texts: the next filled bucket, cyclically
    for bucket in empty:
        out[bucket] = signature[donors[np.searchsorted(donors, bucket) % len(donors)]]
    return out


def signature(title: str, paragraphs: Iterable[str]) -> np.ndarray | None:
    """A report's MinHash signature (128 uint32), or None when it is too short to compare.

    >>> text = ["根据会议安排，现将本人一年来履行基层党建工作职责情况报告如下：", "一、履职情况", "特此报告。"]
    >>> a = signature("2023年度述职报告", text)
    >>> b = signature("2023年度述职报告（XX局）", text)
    >>> a.dtype, a.shape, similarity(a, a), 0.8 <= similarity(a, b) < 1.0
    (dtype('uint32'), (128,), 1.0, True)
    >>> signature("短标题", ["特此报告。"]) is None
    True
    """
    return signature_of_hashes(shingle_hashes(title, paragraphs))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two reports' shingle sets: the share of equal buckets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    """The stored form: 512 bytes, little-endian on every machine."""
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    if len(data) != SIGNATURE_BYTES:
        raise ValueError(f"a {SCHEME} signature is {SIGNATURE_BYTES} bytes, not {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
