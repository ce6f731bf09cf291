"""The `ingest` flow: where Prefect comes in. A batch's journey, in one place:

1. plan (task `plan`, this process): clear what a killed run left, check the lake against its ledger,
   scan the inbox, read the ledger, keep the new and changed files and cut them into shards;
2. clean (task `clean-shard`, one run per shard): a worker reads its files, cleans them and writes its
   own Parquet parts under temporary names (flows/ingest/shard.py), returning a small Manifest; the task
   runs it here (small jobs), in a worker process (flows/ingest/workers.py) or on a Dask worker;
3. commit (this thread, in shard order): each manifest's parts renamed into place, the ledger last
   (flows/lake/store.py), its files archived, its counts added to the summary;
4. the run record (flows/ingest/summary.py), written even when the run failed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import FileEntry, archive_dir_for
from docclean.flows.ingest.inbox import archive as archive_file
from docclean.flows.ingest.neardups import NearDups
from docclean.flows.ingest.progress import Progress, for_stream
from docclean.flows.ingest.rows import ARCHIVED, BatchInfo, one_line
from docclean.flows.ingest.setup import (
    Plan,
    count_plan,
    excluded,
    keep_record,
    make_plan,
    ready,
    run_settings,
)
from docclean.flows.ingest.shard import Manifest, Shard, run_shard
from docclean.flows.ingest.summary import RunSummary, shard_lines
from docclean.flows.ingest.workers import pool as worker_pool
from docclean.flows.ingest.workers import worth_a_pool
from docclean.flows.lake import store
from docclean.flows.lake.store import Lake

SHARDS_PER_WORKER = 4  # a few per worker: the last one to finish leaves the other cores idle briefly
MIN_SHARD_BYTES, MAX_SHARD_BYTES, MAX_SHARD_FILES = 2**20, 64 * 2**20, 5000


def cut_shards(entries: list[FileEntry], parallelism: int) -> list[list[FileEntry]]:
    """Consecutive groups of about equal bytes, a few per worker (a bigger file gets a shard of its own)."""
    total = sum(e.size for e in entries)
    target = min(max(total // (parallelism * SHARDS_PER_WORKER), MIN_SHARD_BYTES), MAX_SHARD_BYTES)
    shards: list[list[FileEntry]] = []
    current: list[FileEntry] = []
    size = 0
    for entry in entries:
        if current and (size + entry.size > target or len(current) >= MAX_SHARD_FILES):
            shards.append(current)
            current, size = [], 0
        current.append(entry)
        size += entry.size
    return shards + [current] if current else shards


@task(name="plan", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def plan(inbox_dir: Path, exclude: list[Path], where: Lake, clock: Clock) -> Plan:
    return make_plan(inbox_dir, exclude, where, clock)


@task(name="clean-shard", cache_policy=NO_CACHE)
def clean_shard(shard: Shard, pool: Executor | None = None) -> Manifest:
    """Read, clean and write one shard: in a worker process when `pool` is given, else right here
    (in this process, or on the Dask worker that runs this task)."""
    return pool.submit(run_shard, shard).result() if pool else run_shard(shard)


Submit = Callable[[Shard], Any]  # a shard -> a Prefect future of its Manifest


def quoted(shard: Shard) -> Any:
    """The shard, marked so that Prefect does not walk its thousands of entries looking for futures."""
    return quote(shard)


@contextmanager
def shard_runner(
    dask_address: str | None, processes: int, new_bytes: int, new_files: int, tokens: bool
) -> Iterator[tuple[Submit, int]]:
    """Where shards run, and how many at once: a Dask cluster, worker processes, or this process."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        with DaskTaskRunner(address=dask_address) as runner:
            threads = sum(runner.client.nthreads().values()) or 1
            yield (lambda s: runner.submit(clean_shard, {"shard": s, "pool": None})), threads  # pickled whole
    elif worth_a_pool(new_bytes, new_files, processes):
        pool = worker_pool(processes, tokens)
        try:
            yield (lambda s: clean_shard.submit(quoted(s), pool)), processes
        except BaseException:
            pool.shutdown(
                wait=False, cancel_futures=True
            )  # a failed run stops; temporaries are cleared next run
            raise
        pool.shutdown(wait=True)
    else:
        yield (lambda s: clean_shard.submit(quoted(s), None)), 1


def cut_into(found: Plan, width: int, shared: Shard) -> list[Shard]:
    """The run's shards: `shared`'s settings, each with its files, its ledger hashes and a batch of its own."""
    shards = []
    for entries in cut_shards(found.to_read, width):
        batch = replace(shared.batch, batch_id=store.new_batch_id(), ingested_at=datetime.now(UTC))
        known = {e.path: found.known[e.path] for e in entries if e.path in found.known}
        shards.append(replace(shared, batch=batch, entries=tuple(entries), known=known))
    return shards


def commit_shard(
    where: Lake,
    manifest: Manifest,
    summary: RunSummary,
    clock: Clock,
    inbox: Path,
    archive_to: Path | None,
    near: NearDups,
) -> None:
    """Answer the shard's near-duplicates, make its rows visible (the ledger last), count them, and
    archive its ingested files."""
    with clock.stage("near_dups"):
        answers = near.answer(manifest)
    with clock.stage("commit"):
        near.publish(answers, manifest.batch_id)
        store.commit(where, manifest.parts, manifest.batch_id)
    summary.add(manifest)
    summary.near_dups, summary.near_dups_again = near.found, near.again
    if archive_to is not None:
        with clock.stage("archive"):
            # an inbox file by its own row: a bundle moves whole, whatever its members' statuses (they are
            # in the lake with their reasons; a member cannot be fixed inside the zip anyway)
            ingested = [f for f in manifest.files if f.status in ARCHIVED and not f.is_member]
            summary.archived += sum(
                archive_file(inbox, archive_to, f.entry, f.sha256) is not None for f in ingested
            )


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
) -> RunSummary:
    """Ingest every new or changed file under `inbox` into the lake; return what the run did. Logs each
    committed shard and every file not ingested as reports (Prefect's run logger: the UI shows them);
    `progress`: a bar on a terminal, else a plain line every 30 s, on stderr."""
    started, started_at = time.monotonic(), datetime.now(UTC)
    log = get_run_logger()
    shown: Progress | None = for_stream(sys.stderr) if progress else None
    where, archive_to = Lake.at(lake_path), archive_dir_for(inbox, archive_dir)
    rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
    summary, clock = RunSummary(lake=where.root), Clock(time.perf_counter)
    run_id = str(flow_run.id or f"local-{store.new_batch_id()}")
    settings = run_settings(inbox, where, tokens, rules_file, rules_text, archive, dask_address)
    status, error = "failed", None
    with store.locked(where, wait=wait_for_lock):
        try:
            summary.repaired = ready(where)
            found = plan(Path(inbox), excluded(where, archive_to), where, clock)
            count_plan(summary, found)
            new_bytes = sum(e.size for e in found.to_read)
            if shown:
                shown.start(len(found.to_read), new_bytes)
            width_wanted = min(workers or os.cpu_count() or 1, len(found.to_read))
            with shard_runner(dask_address, width_wanted, new_bytes, len(found.to_read), tokens) as (
                submit,
                width,
            ):
                shared = Shard(
                    os.path.abspath(inbox),
                    where.root if where.is_local else lake_path,
                    BatchInfo("", run_id, started_at, settings["pipeline_version"]),
                    (),
                    {},
                    CleanerSpec(rules_text, tokens),
                    settle_seconds,
                    int(max_file_mb * 2**20),
                )
                shards = cut_into(found, width, shared)
                settings["workers"], settings["shards"] = width, len(shards)
                futures = [submit(shard) for shard in shards]
                near = NearDups(where)  # loads the lake's signatures when the first shard commits
                for done, (shard, future) in enumerate(zip(shards, futures, strict=True), 1):
                    manifest = future.result()  # committed in order, whatever order they end in
                    commit_shard(
                        where, manifest, summary, clock, Path(inbox), archive_to if archive else None, near
                    )
                    for line in shard_lines(manifest, done, len(shards)):  # quarantined: a warning
                        (log.warning if line.startswith("quarantined") else log.info)(line)
                    if shown:
                        shown.advance(len(shard.entries), sum(e.size for e in shard.entries))
            status = "completed" if summary.new else "skipped"
        except BaseException as exc:
            error = one_line(exc)
            raise
        finally:
            if shown:
                shown.close()
            summary.elapsed = time.monotonic() - started
            summary.timings.update(clock.seconds)
            keep_record(where, summary, run_id, started_at, settings, status, error)
    log.info("docclean run summary:\n" + "\n".join(summary.lines()))
    create_markdown_artifact(
        summary.markdown(), key="docclean-ingest-summary", description="docclean run summary"
    )
    create_table_artifact(
        summary.count_rows(),
        key="docclean-ingest-counts",
        description="files by status, removals by category and by rule",
    )
    return summary
