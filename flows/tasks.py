"""The ingest flow's tasks, and where clean-batch runs. Each task is a thin wrapper over flows/discover.py,
flows/lake.py or flows/worker.py; remove the decorators and the code still works.

Big arguments and results travel in a `Bundle`, which Prefect does not walk (it walks every list, dict
and dataclass a task takes, to find futures). clean-batch runs on one of:
- a Cleaner in this process (small jobs);
- a LocalPool: worker processes on this machine (CPU fan-out inside the task: a multi-process Prefect task
  runner would start a temporary Prefect server per worker on the embedded default); the batch goes to
  them in chunks of files and comes back as Arrow tables built in the workers;
- a CleanerSpec: on a Dask worker, which builds its Cleaner once (`on_dask` gives the runner).
"""

from __future__ import annotations

# isort: off
import docclean.flows.settings  # noqa: F401  (Prefect reads its settings at import: this comes first)
# isort: on

import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any

from docclean.flows import discover, lake, pool, rows, worker
from docclean.flows.discover import FileEntry, Payload
from docclean.flows.lake import Lake
from docclean.flows.rows import BatchInfo
from docclean.flows.worker import Cleaned, Cleaner, CleanerSpec
from prefect import task
from prefect.cache_policies import NO_CACHE

CHUNK_FILES, CHUNK_BYTES = 32, 2**20  # one message to a worker process per chunk, not per file


class Bundle:
    """A value handed to or returned by a task without Prefect walking into it, plus the seconds the
    task's body took (so stage timings exclude Prefect's own overhead)."""

    __slots__ = ("value", "seconds")

    def __init__(self, value: Any, seconds: float = 0.0) -> None:
        self.value, self.seconds = value, seconds

    def take(self) -> Any:
        """The value, now no longer held here: Prefect keeps a task's result in state objects that only
        the cyclic garbage collector frees, which would keep a batch's tables in memory for long."""
        value, self.value = self.value, None
        return value


class LocalPool:
    """A process pool and the spec its workers were started with (a plain class: Prefect leaves it be)."""

    def __init__(self, executor: Executor, spec: CleanerSpec, processes: int) -> None:
        self.executor, self.spec, self.processes = executor, spec, processes


# Inputs are big (file bytes) or unhashable (the process pool): never hash them for a cache key.
IO_TASK = {"retries": 2, "retry_delay_seconds": 1, "cache_policy": NO_CACHE}


@task(name="discover", **IO_TASK)
def discover_files(inbox: Path, exclude: list[Path]) -> Bundle:
    started = time.perf_counter()
    return Bundle(discover.scan(inbox, exclude), time.perf_counter() - started)


@task(name="load-ledger", **IO_TASK)
def load_ledger(where: Lake) -> Bundle:
    started = time.perf_counter()
    known = lake.latest_versions(where) if lake.has_data(where) else {}
    return Bundle(known, time.perf_counter() - started)


@task(name="read-batch", **IO_TASK)
def read_batch(inbox: Path, batch: Bundle, settle_seconds: float, max_bytes: int) -> Bundle:
    started = time.perf_counter()
    read = discover.read_batch(inbox, batch.value, settle_seconds, max_bytes)
    return Bundle(read, time.perf_counter() - started)


@task(name="clean-batch", cache_policy=NO_CACHE)
def clean_batch(payloads: Bundle, cleaner: Cleaner | LocalPool | CleanerSpec, batch: BatchInfo) -> Bundle:
    """Clean a batch into its three Arrow tables (never lists of dicts: a batch's tokens alone are
    millions of strings) and the seconds each stage took: a Bundle holding a Cleaned."""
    return Bundle(_clean(payloads.value, cleaner, batch))


def _clean(payloads: list[Payload], cleaner: Cleaner | LocalPool | CleanerSpec, batch: BatchInfo) -> Cleaned:
    if isinstance(cleaner, LocalPool):
        chunks = discover.batches(payloads, CHUNK_FILES, CHUNK_BYTES, size=lambda p: p.entry.size)
        parts = list(cleaner.executor.map(worker.clean_chunk, repeat(cleaner.spec), chunks, repeat(batch)))
        clock: dict[str, float] = {}
        for part in parts:
            for stage, seconds in part.clock.items():
                clock[stage] = clock.get(stage, 0.0) + seconds
        starts = tuple(s for part in parts for s in part.starts)
        return Cleaned(rows.concat_tables([p.tables for p in parts]), clock, starts)
    if isinstance(cleaner, CleanerSpec):  # on a Dask worker: one Cleaner per worker process
        return worker.clean_chunk(cleaner, payloads, batch)
    return worker.clean_payloads(cleaner, payloads, batch)


@task(name="write-batch", **IO_TASK)
def write_batch(where: Lake, batch_id: str, tables: Bundle) -> float:
    started = time.perf_counter()
    lake.write_batch(where, batch_id, tables.value)
    return time.perf_counter() - started


@task(name="archive", **IO_TASK)
def archive_files(inbox: Path, archive_dir: Path, payloads: Bundle) -> Bundle:
    started = time.perf_counter()
    moved = sum(discover.archive(inbox, archive_dir, p.entry, p.sha256) is not None for p in payloads.value)
    return Bundle(moved, time.perf_counter() - started)


@contextmanager
def cleaning(
    rules_text: str | None, tokens: bool, workers: int, todo: list[FileEntry]
) -> Iterator[Cleaner | LocalPool]:
    """A Cleaner in this process for small jobs, else a process pool with the rules loaded once per
    worker (the one `docclean run` prestarted, when it did). Building the local Cleaner first makes bad
    rules or a missing tokenizer fail here, once."""
    local = Cleaner(rules_text, tokens)
    processes = min(workers, len(todo))
    if not pool.worth_a_pool(sum(e.size for e in todo if e.supported), processes):
        yield local
        return
    spec = CleanerSpec(rules_text, tokens)
    with pool.adopt(spec, processes) or pool.start(spec, processes) as executor:
        yield LocalPool(executor, spec, processes)


@contextmanager
def on_dask(address: str, rules_text: str | None, tokens: bool) -> Iterator[tuple[Any, CleanerSpec, int]]:
    """A started DaskTaskRunner on the cluster at `address`, the spec its workers clean with, and the
    cluster's thread count. Refuses the embedded server: every worker would start its own."""
    from prefect.settings import PREFECT_API_URL
    from prefect_dask import DaskTaskRunner

    if not PREFECT_API_URL.value():
        raise RuntimeError(
            "a Dask run needs a Prefect API server its workers can reach: set PREFECT_API_URL "
            "(`docclean run --dask-address` starts a local one when it is unset)"
        )
    with DaskTaskRunner(address=address) as runner:
        threads = sum(runner.client.nthreads().values()) or 1
        yield runner, CleanerSpec(rules_text, tokens), threads
