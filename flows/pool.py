"""The process pool that cleans batches on this machine, and starting it early. No Prefect here.

A worker process takes ≈2 s to start (spawn, imports, rules, the tokenizer's dictionaries). `docclean run`
starts the pool while Prefect's embedded server starts (`prestart`, when the inbox holds enough new
bytes to use it), and the flow adopts it (`adopt`); a run that finds nothing to do shuts it down.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from pathlib import Path

from docclean.flows import discover, lake, worker
from docclean.flows.worker import CleanerSpec

POOL_MIN_BYTES = 2 * 2**20  # below ≈2 MiB, starting worker processes costs more than it saves
_prestarted: dict[tuple[CleanerSpec, int], ProcessPoolExecutor] = {}


def _ready() -> bool:
    return True


@contextmanager
def _light_main() -> Iterator[None]:
    """A spawned process first re-imports the parent's __main__: for `docclean` that is the whole CLI
    (DuckDB, the scheduler, the HTML report: ≈40 MB and 0.2 s per worker), which a worker never uses.
    multiprocessing skips that step when __main__ is a package's `__main__` module, so say so while the
    workers start. Workers import what they run (flows.worker) by name, as usual."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:  # `python -m …`: nothing to do
        yield
        return
    main.__spec__ = ModuleSpec("docclean.flows.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def start(spec: CleanerSpec, processes: int) -> ProcessPoolExecutor:
    """A pool whose workers build their Cleaner once, in the initializer; every worker starts now."""
    # spawn, not fork: the flow's process runs Prefect's threads, and forking a threaded process can deadlock
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.start_worker,
        initargs=(spec, time.time()),
    )
    with _light_main():
        for _ in range(processes):  # each submit starts one more process while none is idle
            pool.submit(_ready)
    return pool


def worth_a_pool(new_bytes: int, processes: int) -> bool:
    """Even one worker process is worth it for a big job: the flow's thread then reads and writes
    while that process cleans, instead of sharing one interpreter lock with it."""
    return processes >= 1 and new_bytes >= POOL_MIN_BYTES


def new_bytes(inbox: Path, lake_path: str, archive_dir: Path) -> int:
    """Bytes of supported files the next run would read (a quick look, the flow decides for itself)."""
    where = lake.Lake.at(lake_path)
    exclude = [Path(where.root), archive_dir] if where.is_local else [archive_dir]
    entries = discover.scan_inbox(inbox, exclude)
    known = lake.latest_versions(where) if lake.has_data(where) else {}
    return sum(e.size for e in discover.plan(entries, known)[0] if e.supported)


def prestart(spec: CleanerSpec, processes: int) -> None:
    """Start a pool now, for the flow to adopt later."""
    if (spec, processes) in _prestarted:
        return
    _prestarted[(spec, processes)] = start(spec, processes)


def adopt(spec: CleanerSpec, processes: int) -> ProcessPoolExecutor | None:
    """The prestarted pool for exactly this spec and size, if any (the caller shuts it down)."""
    return _prestarted.pop((spec, processes), None)


def discard_prestarted() -> None:
    """Shut down pools no flow adopted (the run found too little to clean)."""
    while _prestarted:
        _, pool = _prestarted.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def prestart_for(
    inbox: str, lake_path: str, archive_dir: str | None, rules_file: str | None, tokens: bool, workers: int
) -> bool:
    """Prestart the pool a `docclean run` with these options would use, if it would use one."""
    archive = Path(archive_dir) if archive_dir else Path(inbox).parent / "archive"
    try:
        rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
        if not worth_a_pool(new_bytes(Path(inbox), lake_path, archive), workers):
            return False
    except (OSError, ValueError):  # the flow reports whatever is wrong, in its own words
        return False
    prestart(CleanerSpec(rules_text, tokens), workers)
    return True
