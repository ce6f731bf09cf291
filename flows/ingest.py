"""The `ingest` flow: inbox → clean → lake, a batch of files at a time, pipelined.

The flow's own thread discovers, reads and writes; clean-batch tasks are submitted and run beside it
(flows/tasks.py: in this process for small jobs, else in worker processes, or on a Dask cluster with
`dask_address`), so batch N+1 is read and batch N−1 written while batch N is cleaned; at most a few
batches are in memory. Every run writes its run record (flows/runs.py) into the lake.
"""

from __future__ import annotations

# isort: off
import docclean.flows.settings  # noqa: F401  (Prefect reads its settings at import: this comes first)
# isort: on

import os
import sys
import time
from collections import deque
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from docclean.cleaners.rules import with_user_rules
from docclean.flows import discover, integrity, lake, runs, worker
from docclean.flows.discover import Deferred, FileEntry, Payload
from docclean.flows.lake import Lake
from docclean.flows.rows import BatchInfo
from docclean.flows.runs import RunSummary
from docclean.flows.tasks import (
    Bundle,
    LocalPool,
    archive_files,
    clean_batch,
    cleaning,
    discover_files,
    load_ledger,
    on_dask,
    read_batch,
    write_batch,
)
from docclean.flows.worker import Cleaned
from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.states import Completed, State

__all__ = ["RunSummary", "ingest"]

IN_FLIGHT = 3  # batches submitted and not yet written (local); on Dask: cluster threads + 1


def pipeline_version(rules_text: str | None) -> str:
    try:
        ours = version("docclean")
    except PackageNotFoundError:
        ours = "0+unknown"
    return f"docclean {ours} rules {with_user_rules(rules_text).sha256[:12]}"


def _progress(done: int, total: int, started: float) -> None:
    rate = done / max(time.monotonic() - started, 1e-9)
    print(f"\r  {done}/{total} files  {rate:.1f} files/s", end="" if done < total else "\n", file=sys.stderr)


@dataclass
class Run:
    """What every batch of one run needs, and the batches in flight."""

    inbox: Path
    where: Lake
    known: dict[str, Any]
    settle_seconds: float
    max_bytes: int
    run_id: str
    version: str
    archive_to: Path | None
    summary: RunSummary
    submit: Any  # (payloads: Bundle, batch: BatchInfo) -> a Prefect future of Bundle(Cleaned)
    in_flight: int = IN_FLIGHT
    started_at: float = 0.0  # time.time() when the flow began: worker start-up before it is not its cost

    def __post_init__(self) -> None:
        self.pending: deque[tuple[BatchInfo, list[Payload], Any]] = deque()

    def read_and_submit(self, batch: list[FileEntry]) -> None:
        """Read a batch, count what it skips or defers, and submit the new files for cleaning."""
        read = read_batch(self.inbox, Bundle(batch), self.settle_seconds, self.max_bytes)
        self.summary.timings["read"] += read.seconds
        known, payloads = self.known, []
        for item in read.value:
            if isinstance(item, Deferred):
                self.summary.defer(item.entry.path, item.reason)
            elif item.entry.path in known and known[item.entry.path].sha256 == item.sha256:
                self.summary.skipped += 1  # touched, same bytes
            else:
                payloads.append(item)
        if payloads:
            info = BatchInfo(lake.new_batch_id(), self.run_id, datetime.now(UTC), self.version)
            self.pending.append((info, payloads, self.submit(Bundle(payloads), info)))
        while len(self.pending) >= self.in_flight:
            self.finish_one()

    def finish_one(self) -> None:
        """Wait for the oldest batch in flight, write it (the ledger last) and archive its files."""
        info, payloads, future = self.pending.popleft()
        cleaned: Cleaned = future.result().take()
        self.summary.timings.update(cleaned.clock)
        self.summary.timings["workers_start"] += worker.start_seconds(cleaned.starts, self.started_at)
        self.summary.timings["write"] += write_batch(self.where, info.batch_id, Bundle(cleaned.tables))
        self.summary.add(info.batch_id, cleaned.tables)
        files = cleaned.tables["files"].select(["source_path", "status"]).to_pylist()
        del cleaned, future
        worker.release_memory()
        if self.archive_to:
            done = {f["source_path"] for f in files if f["status"] in ("ok", "empty")}
            ingested = Bundle([p for p in payloads if p.entry.path in done])
            moved = archive_files(self.inbox, self.archive_to, ingested)
            self.summary.archived += moved.value
            self.summary.timings["archive"] += moved.seconds

    def drain(self) -> None:
        while self.pending:
            self.finish_one()


def run_settings(
    inbox: str, where: Lake, tokens: bool, workers: int, rules_file: str | None, rules_text: str | None,
    version_: str, dask_address: str | None, archive: bool,
) -> dict[str, Any]:
    """The resolved settings, for the run record."""
    return {
        "inbox": os.path.abspath(inbox), "lake": where.root, "tokens": tokens, "workers": workers,
        "rules_file": os.path.abspath(rules_file) if rules_file else None,
        "rules_sha256": with_user_rules(rules_text).sha256, "pipeline_version": version_,
        "dask_address": dask_address, "archive": archive,
    }


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
    dask_address: str | None = None,
) -> RunSummary | State:
    """Ingest every new or changed file under `inbox` into the lake; return the run's summary
    (in a Completed state named SKIPPED when nothing was new). Writes the run record (flows/runs.py)."""
    started, started_at, began = time.monotonic(), datetime.now(UTC), time.time()
    inbox_dir, where = Path(inbox), Lake.at(lake_path)
    archive_to = Path(archive_dir) if archive_dir else inbox_dir.parent / "archive"
    rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
    summary = RunSummary(lake=where.root)
    run_id = str(flow_run.id or f"local-{lake.new_batch_id()}")
    version_ = pipeline_version(rules_text)
    parallelism, status, error = 1, "failed", None
    with lake.locked(where, wait=wait_for_lock):
        try:
            lake.recover(where)
            summary.repaired = integrity.repair(where, integrity.verify(where)).lines
            exclude = [Path(where.root), archive_to] if where.is_local else [archive_to]
            found = discover_files(inbox_dir, exclude)
            ledger = load_ledger(where)
            summary.timings["discover"], summary.timings["ledger"] = found.seconds, ledger.seconds
            entries, unlisted = found.value
            for item in unlisted:
                summary.defer(item.path, item.reason)
            to_read, unchanged = discover.plan(entries, ledger.value)
            summary.seen, summary.skipped = len(entries), len(unchanged)
            with ExitStack() as stack:
                if dask_address:
                    runner, spec, parallelism = stack.enter_context(on_dask(dask_address, rules_text, tokens))

                    def submit(payloads: Bundle, info: BatchInfo) -> Any:
                        return runner.submit(clean_batch, {"payloads": payloads, "cleaner": spec, "batch": info})

                    in_flight = parallelism + 1
                else:
                    n = workers or os.cpu_count() or 1
                    cleaner = stack.enter_context(cleaning(rules_text, tokens, n, to_read))
                    parallelism = cleaner.processes if isinstance(cleaner, LocalPool) else 1

                    def submit(payloads: Bundle, info: BatchInfo) -> Any:
                        return clean_batch.submit(payloads, cleaner, info)

                    in_flight = IN_FLIGHT
                run = Run(inbox_dir, where, ledger.value, settle_seconds, int(max_file_mb * 2**20), run_id,
                          version_, archive_to if archive else None, summary, submit, in_flight, began)
                done = 0
                for batch in discover.batches(to_read):
                    run.read_and_submit(batch)
                    done += len(batch)
                    if progress:
                        _progress(done, len(to_read), started)
                run.drain()
            status = "completed" if summary.new else "skipped"
        except BaseException as exc:
            error = lake.one_line(exc)
            raise
        finally:
            summary.elapsed = time.monotonic() - started
            settings = run_settings(inbox, where, tokens, parallelism, rules_file, rules_text, version_,
                                    dask_address, archive)
            data = runs.record(summary, run_id, started_at, settings, status, error)
            try:
                runs.write_record(where, runs.record_path(where, run_id, started_at), data)
            except OSError:
                if status != "failed":  # a lake we cannot write to fails the run; never hide why it failed
                    raise
    create_markdown_artifact(
        summary.markdown(), key="docclean-ingest-summary", description="docclean run summary"
    )
    create_table_artifact(summary.count_rows(), key="docclean-ingest-counts",
                          description="files by status, removals by category and by rule")
    if not summary.new:
        return Completed(name="SKIPPED", message="nothing new", data=summary)
    return summary
