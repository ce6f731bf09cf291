"""Which earlier report does a new one nearly duplicate? LSH banding over stored signatures, no text.

`near_dup_of` is the earliest-ingested report whose estimated Jaccard similarity with the new one is at
least the threshold (0.8), and `near_dup_similarity` that estimate:
- "Earliest" is the smallest `order` (the lake's `(ingested_at, source_path, ordinal)`); new reports of
  one batch count in their own order, so the second of two copies in a batch points at the first.
- Exact copies have identical signatures: similarity 1.0 with the earliest copy, unless an even earlier
  report is a near-duplicate of both (then the group still has one root, the earliest report).
- A new report never matches an indexed report of its own `source_path`: that is an earlier version of
  the same file, which the new version supersedes (build the index from the latest versions only, as the
  `reports` view shows them, so superseded reports are never named either).
- A report too short to sign (`signature` gave None) matches nothing and is never matched.
- Two files with the same bytes give their reports the same `report_id`; answers are kept per position,
  never per id, so the later copy points at the earlier one's id (its own) with similarity 1.0.
- `retire(paths)` takes the rows of superseded file versions out of the candidates (a run replaces a
  file's reports when it ingests the file's new version); `earlier_match(row)` answers again for a row
  whose near-duplicate was retired, among the live rows ingested before it.

Banding: 21 bands of 6 buckets. A pair becomes a candidate with probability 1-(1-J^6)^21: 0.998 at
J = 0.8, 0.28 at 0.5, 0.015 at 0.3; every candidate is then verified on its full 128-bucket signature.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from docclean.cleaners.neardup import NUM_PERM, THRESHOLD, _mix

BANDS, ROWS = 21, 6
_BAND_COEF = _mix(np.arange(1, ROWS + 1, dtype=np.uint64))  # weights of a band's buckets in its key
_BAND_SALT = _mix(np.arange(100, 100 + BANDS, dtype=np.uint64))  # equal buckets in two bands, two keys


@dataclass(frozen=True, slots=True)
class Signed:
    """A report as the index sees it: no text, only what deciding `near_dup_of` needs."""

    report_id: str
    order: tuple  # ingestion order, smaller is earlier: (ingested_at in µs, source_path, ordinal)
    source_path: str
    signature: np.ndarray | None  # cleaners.neardup.signature(); None: too short to compare


@dataclass(frozen=True, slots=True)
class NearDup:
    report_id: str
    near_dup_of: str | None  # report_id of the earliest-ingested near-duplicate; None when there is none
    similarity: float | None  # estimated Jaccard with it (a multiple of 1/128)


def band_keys(signatures: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """One 64-bit key per band and report, shape (reports, BANDS): equal keys, equal band (≈ surely).
    Computed `chunk` reports at a time: the uint64 copy of a whole lake's signatures would be 1 KB each."""
    keys = np.empty((len(signatures), BANDS), dtype=np.uint64)
    for start in range(0, len(signatures), chunk):
        part = signatures[start : start + chunk, : BANDS * ROWS].astype(np.uint64).reshape(-1, BANDS, ROWS)
        keys[start : start + chunk] = _mix((part * _BAND_COEF).sum(axis=2, dtype=np.uint64) + _BAND_SALT)
    return keys


class SignatureIndex:
    """Signatures of earlier reports, earliest first, with each band's keys sorted for binary search.

    Memory per report: 512 bytes of signature, 21 × 12 bytes of sorted band keys and rows, its id, order
    and path. Measured for 100,000 reports (bench/neardup_eval.py --lake-size 100000): 76 MB of arrays,
    101 MB at the peak of building it, 2.3 s to build, ≈2 s to check a batch of 1,000 new reports.
    """

    def __init__(
        self,
        report_ids: Sequence[str] = (),
        orders: Sequence[tuple] = (),
        source_paths: Sequence[str] = (),
        signatures: np.ndarray | None = None,
    ) -> None:
        """Columns as the lake stores them (signatures: one row of 128 uint32 per report, no nulls)."""
        sigs = np.zeros((0, NUM_PERM), dtype=np.uint32) if signatures is None else signatures
        if all(orders[i] <= orders[i + 1] for i in range(len(orders) - 1)):  # as the lake reads them: no copy
            self.report_ids, self.orders, self.source_paths = (
                list(report_ids),
                list(orders),
                list(source_paths),
            )
        else:
            rank = sorted(range(len(report_ids)), key=orders.__getitem__)
            self.report_ids = [report_ids[i] for i in rank]
            self.orders = [orders[i] for i in rank]
            self.source_paths = [source_paths[i] for i in rank]
            sigs = sigs[rank]
        n = len(self.report_ids)
        self.signatures = np.ascontiguousarray(sigs, dtype=np.uint32).reshape(n, NUM_PERM)
        self.alive = np.ones(n, dtype=bool)  # False: a superseded version (retire)
        keys = band_keys(self.signatures)
        self._rows = np.empty((BANDS, len(keys)), dtype=np.int32)  # per band: rows in key order
        self._keys = np.empty((BANDS, len(keys)), dtype=np.uint64)  # per band: the keys, sorted
        for band in range(BANDS):  # one band at a time keeps the temporaries small
            self._rows[band] = np.argsort(keys[:, band], kind="stable")
            self._keys[band] = keys[self._rows[band], band]

    @classmethod
    def of(cls, entries: Iterable[Signed]) -> SignatureIndex:
        kept = [e for e in entries if e.signature is not None]
        sigs = np.array([e.signature for e in kept], dtype=np.uint32).reshape(len(kept), NUM_PERM)
        return cls([e.report_id for e in kept], [e.order for e in kept], [e.source_path for e in kept], sigs)

    def __len__(self) -> int:
        return len(self.report_ids)

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        """Live rows sharing at least one band key with a report whose band keys are `keys`, earliest first."""
        return self.candidates_of(keys.reshape(1, BANDS))[0]

    def candidates_of(self, keys: np.ndarray) -> list[np.ndarray]:
        """`candidates` for each row of `keys` (reports, BANDS): one binary search per band for all."""
        spans = [
            (
                np.searchsorted(self._keys[band], keys[:, band], "left"),
                np.searchsorted(self._keys[band], keys[:, band], "right"),
            )
            for band in range(BANDS)
        ]
        out = []
        for i in range(len(keys)):
            found = [self._rows[band, lo[i] : hi[i]] for band, (lo, hi) in enumerate(spans) if hi[i] > lo[i]]
            if not found:
                out.append(np.zeros(0, dtype=np.int32))
                continue
            rows = np.unique(np.concatenate(found)) if len(found) > 1 else found[0]
            out.append(rows[self.alive[rows]])
        return out

    def extend(self, entries: Iterable[Signed]) -> SignatureIndex:
        """A new index holding these entries too (for the next batch of a run). Entries later than every
        indexed one (a run's next batch) are merged into the sorted band keys; others rebuild the index."""
        kept = sorted((e for e in entries if e.signature is not None), key=lambda e: e.order)
        sigs = np.array([e.signature for e in kept], dtype=np.uint32).reshape(len(kept), NUM_PERM)
        if not self.appends(kept):  # rows are renumbered: retired rows are left out
            live = np.flatnonzero(self.alive)
            return SignatureIndex(
                [self.report_ids[r] for r in live] + [e.report_id for e in kept],
                [self.orders[r] for r in live] + [e.order for e in kept],
                [self.source_paths[r] for r in live] + [e.source_path for e in kept],
                np.concatenate([self.signatures[live], sigs]),
            )
        out = copy.copy(self)
        out.report_ids = self.report_ids + [e.report_id for e in kept]
        out.orders = self.orders + [e.order for e in kept]
        out.source_paths = self.source_paths + [e.source_path for e in kept]
        out.signatures = np.concatenate([self.signatures, sigs])
        out.alive = np.concatenate([self.alive, np.ones(len(kept), dtype=bool)])
        keys = band_keys(sigs)
        out._rows = np.empty((BANDS, len(out.report_ids)), dtype=np.int32)
        out._keys = np.empty((BANDS, len(out.report_ids)), dtype=np.uint64)
        for band in range(BANDS):  # merge: new rows go after equal old keys, as a stable sort puts them
            order = np.argsort(keys[:, band], kind="stable")
            at = np.searchsorted(self._keys[band], keys[order, band], side="right")
            out._keys[band] = np.insert(self._keys[band], at, keys[order, band])
            out._rows[band] = np.insert(self._rows[band], at, (len(self) + order).astype(np.int32))
        return out

    def appends(self, entries: Iterable[Signed]) -> bool:
        """Would `extend` add these rows after the existing ones (all later), keeping every row number?"""
        orders = [e.order for e in entries if e.signature is not None]
        return not len(self) or not orders or min(orders) > self.orders[-1]

    def retire(self, paths: Iterable[str]) -> SignatureIndex:
        """The same index without the rows of these source paths (their file has a new version)."""
        gone = set(paths)
        out = copy.copy(self)
        out.alive = self.alive & np.array([p not in gone for p in self.source_paths], dtype=bool)
        return out

    def earlier_match(self, row: int, threshold: float = THRESHOLD) -> NearDup:
        """`near_dup_of` for an indexed row, answered again among the live rows ingested before it (its own
        file's earlier reports included: a live row of its path is the same file version)."""
        keys = band_keys(self.signatures[row : row + 1])[0]
        rows = [r for r in self.candidates(keys) if r < row]
        best = _best(np.asarray(rows, dtype=np.int32), self.signatures, self.signatures[row], threshold)
        report_id = self.report_ids[row]
        return (
            NearDup(report_id, None, None)
            if best is None
            else NearDup(report_id, self.report_ids[best[0]], best[1])
        )


def _best(rows: np.ndarray, sigs: np.ndarray, sig: np.ndarray, threshold: float) -> tuple[int, float] | None:
    """The first (earliest) row at or above the threshold, with its similarity."""
    if not len(rows):
        return None
    sims = np.count_nonzero(sigs[rows] == sig, axis=1) / NUM_PERM
    above = np.flatnonzero(sims >= threshold)
    return (int(rows[above[0]]), float(sims[above[0]])) if len(above) else None


def find_near_duplicates(
    new: Sequence[Signed], index: SignatureIndex, threshold: float = THRESHOLD
) -> list[NearDup]:
    """`near_dup_of` for each new report (same order as `new`), against the index and each other.

    Every indexed report counts as earlier than every new one: the index is what the lake already held.
    """
    positions = sorted((k for k, e in enumerate(new) if e.signature is not None), key=lambda k: new[k].order)
    batch = [new[k] for k in positions]
    sigs = np.array([e.signature for e in batch], dtype=np.uint32).reshape(len(batch), NUM_PERM)
    keys = band_keys(sigs)
    seen: dict[tuple[int, int], list[int]] = {}  # (band, key) -> earlier reports of this batch
    found: dict[int, NearDup] = {}  # by position in `new`: two copies of one file share their ids
    candidates = index.candidates_of(keys)
    for i, (k, entry) in enumerate(zip(positions, batch, strict=True)):
        rows = [r for r in candidates[i] if index.source_paths[r] != entry.source_path]
        best = _best(np.asarray(rows, dtype=np.int32), index.signatures, sigs[i], threshold)
        if best is not None:
            found[k] = NearDup(entry.report_id, index.report_ids[best[0]], best[1])
        else:
            mates = sorted({j for band in range(BANDS) for j in seen.get((band, int(keys[i, band])), ())})
            best = _best(np.asarray(mates, dtype=np.int32), sigs, sigs[i], threshold)
            if best is not None:
                found[k] = NearDup(entry.report_id, batch[best[0]].report_id, best[1])
        for band in range(BANDS):
            seen.setdefault((band, int(keys[i, band])), []).append(i)
    return [found.get(k, NearDup(e.report_id, None, None)) for k, e in enumerate(new)]
