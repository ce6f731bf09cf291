"""The `ingest` flow: inbox → clean → lake, a batch of files at a time.

Tasks are thin wrappers over flows/discover.py, flows/lake.py and cleaners/; remove the decorators
and the code still works. Reading and writing are separate tasks with retries; cleaning has none (it
is deterministic) and fans out over processes *inside* its task, because a multi-process task runner
would start a temporary Prefect server per worker on the embedded default.
"""

from __future__ import annotations

# isort: off
import flows.settings  # noqa: F401  (Prefect reads its settings at import: this comes first)
# isort: on

import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyarrow as pa
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Completed, State

from cleaners.rules import with_user_rules
from flows import discover, lake
from flows.discover import Deferred, FileEntry, Known, Payload
from flows.lake import BatchInfo, Cleaner, Lake

STATUSES = ("ok", "empty", "quarantined", "unsupported")
POOL_MIN_BYTES = 2 * 2**20  # below ≈2 MiB, starting worker processes costs more than it saves
SHOW_PROBLEMS = 10


@dataclass
class RunSummary:
    """What a run did, counted as batches finish (a few numbers, not the rows themselves)."""

    lake: str
    seen: int = 0
    skipped: int = 0  # already in the lake: same size and mtime, or same bytes
    statuses: Counter[str] = field(default_factory=Counter)
    reports: int = 0
    removals: Counter[str] = field(default_factory=Counter)  # by category
    deferred: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # path, status, reason
    batch_ids: list[str] = field(default_factory=list)
    archived: int = 0
    elapsed: float = 0.0

    @property
    def new(self) -> int:
        return sum(self.statuses.values())

    def add(self, tables: dict[str, pa.Table], deferred: list[Deferred], *, same_bytes: int) -> None:
        """Count a batch from the tables it wrote, so the summary says what is in the lake."""
        self.skipped += same_bytes
        self.deferred += [(d.entry.path, d.reason) for d in deferred]
        if not tables:
            return
        files = tables["files"].select(["source_path", "status", "error"]).to_pylist()
        self.statuses.update(f["status"] for f in files)
        self.problems += [(f["source_path"], f["status"], f["error"]) for f in files if f["status"] != "ok"]
        self.reports += tables["reports"].num_rows
        self.removals.update(tables["removals"].column("category").to_pylist())

    def lines(self) -> list[str]:
        removed = ", ".join(f"{c} {n}" for c, n in self.removals.most_common()) or "none"
        out = [
            f"files: {self.seen} seen, {self.new} new, {self.skipped} skipped (already in lake), "
            f"{len(self.deferred)} deferred",
            "new files: " + ", ".join(f"{self.statuses[s]} {s}" for s in STATUSES),
            f"reports written: {self.reports}",
            f"removals: {sum(self.removals.values())} ({removed})",
            f"lake: {self.lake}" + (f"  batches: {len(self.batch_ids)}" if self.batch_ids else ""),
        ]
        if self.archived:
            out.append(f"archived: {self.archived} file(s)")
        out += [f"  {status}: {path}: {reason}" for path, status, reason in self.problems[:SHOW_PROBLEMS]]
        out += [f"  deferred: {path}: {reason}" for path, reason in self.deferred[:SHOW_PROBLEMS]]
        hidden = max(len(self.problems) - SHOW_PROBLEMS, 0) + max(len(self.deferred) - SHOW_PROBLEMS, 0)
        if hidden:
            out.append(
                f"  … and {hidden} more (see `docclean query \"select * from files where status <> 'ok'\"`)"
            )
        out.append(f"elapsed: {self.elapsed:.1f} s" + ("" if self.new else "  (nothing new)"))
        return out

    def markdown(self) -> str:
        return "# docclean ingest\n\n" + "".join(f"- {line.strip()}\n" for line in self.lines())


# Inputs are big (file bytes) or unhashable (the process pool): never hash them for a cache key.
IO_TASK = {"retries": 2, "retry_delay_seconds": 1, "cache_policy": NO_CACHE}


@task(name="discover", **IO_TASK)
def discover_files(inbox: Path, exclude: list[Path]) -> list[FileEntry]:
    return discover.scan_inbox(inbox, exclude)


@task(name="load-ledger", **IO_TASK)
def load_ledger(where: Lake) -> dict[str, Known]:
    return lake.latest_versions(where) if lake.has_data(where) else {}


@task(name="read-batch", **IO_TASK)
def read_batch(
    inbox: Path, batch: list[FileEntry], settle_seconds: float, max_bytes: int
) -> list[Payload | Deferred]:
    return discover.read_batch(inbox, batch, settle_seconds, max_bytes)


@task(name="clean-batch", cache_policy=NO_CACHE)
def clean_batch(
    payloads: list[Payload], cleaner: Cleaner | Executor, batch: BatchInfo
) -> dict[str, pa.Table]:
    """Clean a batch and return its three tables. Arrow tables, not lists of dicts, cross the task
    boundary: Prefect walks every list, dict and dataclass a task takes or returns (visit_collection),
    and a batch's tokens alone are millions of strings (measured: 6x slower with dicts)."""
    if isinstance(cleaner, Executor):
        results = list(cleaner.map(lake.clean_in_worker, payloads))
    else:
        results = [cleaner(p) for p in payloads]
    return lake.batch_tables(results, batch)


@task(name="write-batch", **IO_TASK)
def write_batch(where: Lake, batch_id: str, tables: dict[str, pa.Table]) -> None:
    lake.write_batch(where, batch_id, tables)


@task(name="archive", **IO_TASK)
def archive_files(inbox: Path, archive_dir: Path, payloads: list[Payload]) -> int:
    return sum(discover.archive(inbox, archive_dir, p.entry, p.sha256) is not None for p in payloads)


@contextmanager
def cleaning(
    rules_text: str | None, tokens: bool, workers: int, todo: list[FileEntry]
) -> Iterator[Cleaner | Executor]:
    """A Cleaner in this process for small jobs, else a process pool with the rules loaded once per
    worker. Building the local Cleaner first makes bad rules or a missing tokenizer fail here, once."""
    local = Cleaner(rules_text, tokens)
    processes = min(workers, len(todo))
    if processes <= 1 or sum(e.size for e in todo if e.supported) < POOL_MIN_BYTES:
        yield local
        return
    # spawn, not fork: this process runs Prefect's threads, and forking a threaded process can deadlock
    with ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=lake.start_worker,
        initargs=(rules_text, tokens),
    ) as pool:
        yield pool


def pipeline_version(rules_text: str | None) -> str:
    try:
        ours = version("docclean")
    except PackageNotFoundError:
        ours = "0+unknown"
    return f"docclean {ours} rules {with_user_rules(rules_text).sha256[:12]}"


def _progress(done: int, total: int, started: float) -> None:
    rate = done / max(time.monotonic() - started, 1e-9)
    print(f"\r  {done}/{total} files  {rate:.1f} files/s", end="" if done < total else "\n", file=sys.stderr)


@dataclass(frozen=True)
class RunPlan:
    """What every batch of one run needs and nothing changes during the run."""

    inbox: Path
    where: Lake
    known: dict[str, Known]
    settle_seconds: float
    max_bytes: int
    run_id: str
    version: str
    archive_to: Path | None


def ingest_batch(
    batch: list[FileEntry], plan: RunPlan, cleaner: Cleaner | Executor, summary: RunSummary
) -> None:
    """Read, clean and write one batch; the ledger rows go last, so a kill leaves nothing half-visible."""
    read = read_batch(plan.inbox, batch, plan.settle_seconds, plan.max_bytes)
    payloads = [p for p in read if isinstance(p, Payload)]
    known = plan.known
    fresh = [p for p in payloads if p.entry.path not in known or known[p.entry.path].sha256 != p.sha256]
    tables: dict[str, pa.Table] = {}
    if fresh:
        info = BatchInfo(lake.new_batch_id(), plan.run_id, datetime.now(UTC), plan.version)
        tables = clean_batch(fresh, cleaner, info)
        write_batch(plan.where, info.batch_id, tables)
        summary.batch_ids.append(info.batch_id)
        if plan.archive_to:
            files = tables["files"].select(["source_path", "status"]).to_pylist()
            done = {f["source_path"] for f in files if f["status"] in ("ok", "empty")}
            summary.archived += archive_files(
                plan.inbox, plan.archive_to, [p for p in fresh if p.entry.path in done]
            )
    summary.add(tables, [d for d in read if isinstance(d, Deferred)], same_bytes=len(payloads) - len(fresh))


@flow(name="ingest")
def ingest(
    inbox: str = "data/inbox",
    lake_path: str = "data/lake",
    tokens: bool = True,
    workers: int | None = None,
    rules_file: str | None = None,
    archive: bool = False,
    archive_dir: str | None = None,
    settle_seconds: float = 2.0,
    max_file_mb: float = 64.0,
    wait_for_lock: bool = False,
    progress: bool = False,
) -> RunSummary | State:
    """Ingest every new or changed file under `inbox` into the lake; return the run's summary
    (in a Completed state named SKIPPED when nothing was new)."""
    started = time.monotonic()
    inbox_dir, where = Path(inbox), Lake.at(lake_path)
    archive_to = Path(archive_dir) if archive_dir else inbox_dir.parent / "archive"
    rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
    summary = RunSummary(lake=where.root)
    with lake.locked(where, wait=wait_for_lock):
        lake.recover(where)
        entries = discover_files(
            inbox_dir, [Path(where.root), archive_to] if where.is_local else [archive_to]
        )
        known = load_ledger(where)
        to_read, unchanged = discover.plan(entries, known)
        summary.seen, summary.skipped = len(entries), len(unchanged)
        plan = RunPlan(
            inbox=inbox_dir,
            where=where,
            known=known,
            settle_seconds=settle_seconds,
            max_bytes=int(max_file_mb * 2**20),
            run_id=str(flow_run.id or f"local-{lake.new_batch_id()}"),
            version=pipeline_version(rules_text),
            archive_to=archive_to if archive else None,
        )
        with cleaning(rules_text, tokens, workers or os.cpu_count() or 1, to_read) as cleaner:
            done = 0
            for batch in discover.batches(to_read):
                ingest_batch(batch, plan, cleaner, summary)
                done += len(batch)
                if progress:
                    _progress(done, len(to_read), started)
    summary.elapsed = time.monotonic() - started
    create_markdown_artifact(
        summary.markdown(), key="docclean-ingest-summary", description="docclean run summary"
    )
    if not summary.new:
        return Completed(name="SKIPPED", message="nothing new", data=summary)
    return summary
