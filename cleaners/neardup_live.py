"""Near-duplicates kept right across a run: the lake's live reports as batches add and replace them.

The flow's thread builds one LiveIndex per run from the lake's signatures (latest file versions only,
no text) and calls `advance` once per committed batch, in ingestion order. It keeps one invariant:
every live report's `near_dup_of` is the earliest live report ingested before it whose estimated
Jaccard similarity is at least the threshold (cleaners/neardup_index.py decides that), so
- a new report is answered against every live report and the earlier reports of its own batch;
- a file's new version retires its old version's reports: they are never named again, and each report
  that named one of them is answered again among the live reports ingested before it (the next
  earliest near-duplicate, or none); no other answer can change, because retiring a report only
  removes a candidate, and a new report is later than every answer already given;
- two files with the same bytes share their reports' ids (`report_id` hashes the bytes): a report
  that names its own id names the other file's copy. An id names the earliest live row that has it,
  so an answer stays valid only while a row with that id ingested before the naming report is live.
No I/O: the flow's thread owns one LiveIndex per run and advances it; the signature arrays are never
changed in place (SignatureIndex.retire and extend return new indexes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from docclean.cleaners.neardup_index import NearDup, SignatureIndex, Signed, find_near_duplicates

Key = tuple[str, str]  # (source_path, report_id): unique among live reports, unlike the id alone


@dataclass(frozen=True, slots=True)
class Resolution:
    """One answer to write: a new report's, or a live report's given again (`again`) because the report
    it named was retired."""

    source_path: str
    near: NearDup
    again: bool = False


class LiveIndex:
    """The live reports' signatures, where each file's rows and each id's rows are, and who names whom."""

    def __init__(self, index: SignatureIndex, links: Mapping[Key, str] = {}) -> None:
        """`index`: the live reports' signatures; `links`: their current `near_dup_of`, where there is
        one. Links naming a report that is no longer live (a lake repaired since) are answered again on
        the first `advance`."""
        self.index = index
        self.rows_of: dict[str, list[int]] = defaultdict(list)  # source_path -> its live rows
        self.rows_by_id: dict[str, list[int]] = defaultdict(list)  # report_id -> live rows with that id
        self._count_rows()
        self.links = {key: target for key, target in links.items() if self._row(key) is not None}
        self.named_by: dict[str, set[Key]] = defaultdict(set)  # target id -> the keys naming it
        for key, target in self.links.items():
            self.named_by[target].add(key)
        self._pending = {key for key, target in self.links.items() if not self._valid(key, target)}

    def _count_rows(self) -> None:
        self.rows_of.clear()
        self.rows_by_id.clear()
        rows_of, rows_by_id, index = self.rows_of, self.rows_by_id, self.index  # a loop over every report
        for row, (path, report_id, alive) in enumerate(
            zip(index.source_paths, index.report_ids, index.alive.tolist(), strict=True)
        ):
            if alive:
                rows_of[path].append(row)
                rows_by_id[report_id].append(row)

    def _add_row(self, row: int) -> None:
        self.rows_of[self.index.source_paths[row]].append(row)
        self.rows_by_id[self.index.report_ids[row]].append(row)

    def __len__(self) -> int:
        return sum(map(len, self.rows_of.values()))

    def _row(self, key: Key) -> int | None:
        path, report_id = key
        return next((r for r in self.rows_of.get(path, ()) if self.index.report_ids[r] == report_id), None)

    def _valid(self, key: Key, target: str) -> bool:
        """Is a report with the named id still live, and ingested before the naming one?"""
        row = self._row(key)
        return row is not None and any(r < row for r in self.rows_by_id.get(target, ()))

    def advance(self, new: Sequence[Signed], replaced: Iterable[str] = ()) -> list[Resolution]:
        """Commit one batch: `new` its reports, `replaced` the source paths it ingested (their earlier
        versions' reports retire). Returns the answers to write: every new report's, then every report
        answered again. Updates this LiveIndex (the flow's thread owns it for the run)."""
        gone = {p for p in replaced if self.rows_of.get(p)}
        again = self._retire(gone) if gone else set()
        again |= self._pending
        self._pending = set()
        answers = [
            Resolution(key[0], self._answer_again(key), again=True)
            for key in sorted(again, key=lambda k: self._row(k) or 0)
            if self._row(key) is not None
        ]
        fresh = find_near_duplicates(new, self.index)
        self._add(new, fresh)
        return [Resolution(e.source_path, d) for e, d in zip(new, fresh, strict=True)] + answers

    def _retire(self, paths: set[str]) -> set[Key]:
        """Retire the rows of `paths`; return the keys of live reports whose named report is gone."""
        self.index = self.index.retire(paths)
        touched: set[str] = set()
        for path in paths:
            for row in self.rows_of.pop(path):
                report_id = self.index.report_ids[row]
                self.rows_by_id[report_id].remove(row)
                touched.add(report_id)
                self._unlink((path, report_id))
        return {
            key for target in touched for key in self.named_by.get(target, ()) if not self._valid(key, target)
        }

    def _answer_again(self, key: Key) -> NearDup:
        row = self._row(key)
        assert row is not None
        answer = self.index.earlier_match(row)
        self._unlink(key)
        if answer.near_dup_of is not None:
            self._link(key, answer.near_dup_of)
        return answer

    def _add(self, new: Sequence[Signed], answers: Sequence[NearDup]) -> None:
        start, appended = len(self.index), self.index.appends(new)
        self.index = self.index.extend(new)
        if not appended:  # a batch stamped earlier than the lake's last (another machine's clock)
            self._count_rows()
            return self._link_new(new, answers)
        for row in range(start, len(self.index)):
            self._add_row(row)
        self._link_new(new, answers)

    def _link_new(self, new: Sequence[Signed], answers: Sequence[NearDup]) -> None:
        for entry, answer in zip(new, answers, strict=True):
            if answer.near_dup_of is not None:
                self._link((entry.source_path, entry.report_id), answer.near_dup_of)

    def _link(self, key: Key, target: str) -> None:
        self.links[key] = target
        self.named_by[target].add(key)

    def _unlink(self, key: Key) -> None:
        target = self.links.pop(key, None)
        if target is not None:
            self.named_by[target].discard(key)
