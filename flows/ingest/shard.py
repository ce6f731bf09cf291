"""A worker owns a shard end to end: it reads its files from the inbox, cleans them, writes its own
Parquet parts under temporary names, and returns only a small Manifest. No Prefect here.

The same `run_shard` runs in the flow's process (small jobs), in a local worker process, or on a Dask
worker: wherever it runs, it must reach the inbox and the lake at the paths it is given (a shared
filesystem or an object store for a cluster). Nothing it writes is visible until the flow commits the
manifest (flows/lake/store.py: `commit`, the ledger last).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import Deferred, FileEntry, read_settled
from docclean.flows.ingest.rows import WRITE_ORDER, BatchInfo, FileResult, approx_bytes, batch_tables
from docclean.flows.ingest.signatures import signature_rows
from docclean.flows.lake.store import Lake, PartWriter

ROW_GROUP_FILES, ROW_GROUP_BYTES = 200, 8 * 2**20  # files per row group: bounds a worker's memory


@dataclass(frozen=True, slots=True)
class Shard:
    """A worker's share of a run: which files to read from where, and the batch its rows belong to."""

    inbox: str  # absolute: the worker may run in another process or on another machine
    lake: str
    batch: BatchInfo
    entries: tuple[FileEntry, ...]
    known: dict[str, str]  # path -> sha256 in the ledger, for files seen before (touched, maybe unchanged)
    cleaner: CleanerSpec
    settle_seconds: float
    max_bytes: int


@dataclass(frozen=True, slots=True)
class FileStatus:
    """One ledger row the shard wrote, as the summary and the run record list it: an inbox file, or a
    member of one (`path` is then `bundle.zip!/…`, `entry` the bundle)."""

    entry: FileEntry
    path: str
    sha256: str
    status: str
    error: str | None
    report_count: int
    removal_count: int

    @property
    def is_member(self) -> bool:
        return self.path != self.entry.path


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a shard wrote and what it found: the parts to commit (dataset -> temporary path), counts,
    per-file statuses and the CPU seconds of each stage. Small: no rows, no bytes."""

    batch_id: str
    parts: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    files: tuple[FileStatus, ...] = ()
    deferred: tuple[tuple[str, str], ...] = ()
    skipped: int = 0  # touched since the ledger saw them, same bytes: nothing to write
    removals_by_category: dict[str, int] = field(default_factory=dict)
    removals_by_rule: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


_cleaners: dict[CleanerSpec, Cleaner] = {}  # one per process and spec: rules compiled, tables loaded once


def cleaner_for(spec: CleanerSpec) -> Cleaner:
    if spec not in _cleaners:
        _cleaners[spec] = Cleaner(spec)
    return _cleaners[spec]


class _Parts:
    """The shard's three datasets, written a row group at a time; nothing is opened for an empty shard."""

    def __init__(self, lake: Lake, batch: BatchInfo, clock: Clock) -> None:
        self.lake, self.batch, self.clock = lake, batch, clock
        self.writers: dict[str, PartWriter] = {}
        self.pending: list[FileResult] = []
        self.pending_bytes = 0
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def add(self, result: FileResult, size: int) -> None:
        self.pending.append(result)
        self.pending_bytes += size
        self.by_category.update(m["category"] for m in result.removals)
        self.by_rule.update(m["rule_id"] for m in result.removals)
        if len(self.pending) >= ROW_GROUP_FILES or self.pending_bytes >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        tables = batch_tables(self.pending, self.batch, self.clock.timed("signatures", signature_rows))
        for dataset in WRITE_ORDER:
            if dataset not in self.writers:
                self.writers[dataset] = PartWriter(self.lake, dataset, self.batch.batch_id)
            self.writers[dataset].write(tables[dataset])
        self.pending, self.pending_bytes = [], 0

    def close(self) -> tuple[dict[str, str], dict[str, int]]:
        self.flush()
        return {d: w.close() for d, w in self.writers.items()}, {d: w.rows for d, w in self.writers.items()}

    def abandon(self) -> None:
        for writer in self.writers.values():
            writer.abandon()


def run_shard(shard: Shard) -> Manifest:
    """Read, clean and write the shard's files; return its manifest. Raises only when the lake cannot be
    written (a bad file becomes a status, a file still being written is deferred)."""
    clock, wall = Clock(), time.perf_counter()
    cleaner = cleaner_for(shard.cleaner)
    inbox = Path(shard.inbox)
    parts = _Parts(Lake.at(shard.lake), shard.batch, clock)
    files: list[FileStatus] = []
    deferred: list[tuple[str, str]] = []
    skipped = 0
    try:
        for entry in shard.entries:
            with clock.stage("read"):
                read = read_settled(inbox, entry, shard.settle_seconds, shard.max_bytes)
            if isinstance(read, Deferred):
                deferred.append((entry.path, read.reason))
                continue
            if shard.known.get(entry.path) == read.sha256:
                skipped += 1
                continue
            for result in cleaner.results(read, clock):  # a bundle: a member at a time, then its own row
                files += [
                    FileStatus(
                        entry,
                        row["source_path"],
                        read.sha256,
                        row["status"],
                        row["error"],
                        row["report_count"],
                        row["removal_count"],
                    )
                    for row in result.files
                ]
                whole = result.files[0]["source_path"] == entry.path
                with clock.stage("write"):
                    parts.add(result, entry.size if whole else approx_bytes(result))
        with clock.stage("write"):
            written, rows = parts.close()
    except BaseException:
        parts.abandon()
        raise
    seconds = dict(clock.seconds) | {"shard_wall": time.perf_counter() - wall}
    return Manifest(
        shard.batch.batch_id,
        written,
        rows,
        tuple(files),
        tuple(deferred),
        skipped,
        dict(parts.by_category),
        dict(parts.by_rule),
        seconds,
    )
