"""A worker owns a shard end to end: it reads its files from the inbox, cleans them, writes its own
Parquet parts under temporary names, and returns only a small Manifest. No Prefect here.

The same `run_shard` runs in the flow's process (small jobs), in a local worker process, or on a Dask
worker: wherever it runs, it must reach the inbox and the lake at the paths it is given (a shared
filesystem or an object store for a cluster). Nothing it writes is visible until the flow commits the
manifest (flows/lake/store.py: `commit`, the ledger last).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import Deferred, FileEntry, read_settled
from docclean.flows.ingest.parts import Parts, Tokens
from docclean.flows.ingest.rows import BatchInfo, approx_bytes
from docclean.flows.lake.store import Lake


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


def run_shard(shard: Shard) -> Manifest:
    """Read, clean and write the shard's files; return its manifest. Raises only when the lake cannot be
    written (a bad file becomes a status, a file still being written is deferred)."""
    clock, wall = Clock(), time.perf_counter()
    # tokens are cut as rows are written, a row group at a time (parts.py), not for a whole file at once
    cleaner = cleaner_for(replace(shard.cleaner, tokens=False))
    inbox = Path(shard.inbox)
    parts = Parts(Lake.at(shard.lake), shard.batch, clock, Tokens(clock) if shard.cleaner.tokens else None)
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
