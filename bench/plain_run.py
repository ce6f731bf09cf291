"""The plain floor: docclean's own shard code (read, clean, tokens, rows, Parquet parts) in N processes,
with no Prefect, no ledger, no commit. What a run would take with no orchestration at all.

    python bench/plain_run.py INBOX LAKE [--workers 2] [--no-tokens] [--stages]

The tables load once in this process (the forkserver's preload module of `docclean run`); the workers are forked
from it. Prints one JSON line: wall seconds of the work (after imports and table loads), the setup's
seconds, and each stage's CPU seconds summed over the workers. `--stages` splits the cleaning further
(HTML, rules, detectors, segmentation, Arrow rows, Parquet) by timing the core's functions where the
shard code calls them: a few microseconds per call, the same code.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SHARDS_PER_WORKER = 4
_clocks: list[Any] = []  # the clock of the shard being run, in this process


def _stage_clock() -> Any:
    from docclean.flows.ingest.clock import Clock

    clock = Clock()
    _clocks[:] = [clock]
    return clock


def _timed(stage: str, function: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        if not _clocks:
            return function(*args, **kwargs)
        with _clocks[0].stage(stage):
            return function(*args, **kwargs)

    return call


def split_stages() -> None:
    """Time the core's functions as stages of their own, where the shard code calls them."""
    from docclean.cleaners import document
    from docclean.flows.ingest import cleaner, parts, shard
    from docclean.flows.lake import store

    shard.Clock = _stage_clock  # type: ignore[attr-defined,assignment]
    for name, stage in (
        ("clean_text", "rules"),
        ("remove_furniture", "rules"),
        ("run_detectors", "detectors"),
        ("cut_wrapped_spans", "detectors"),
        ("segment", "segmentation"),
    ):
        setattr(document, name, _timed(stage, getattr(document, name)))
    cleaner.decode_source = _timed("html", cleaner.decode_source)  # type: ignore[attr-defined]
    parts.batch_tables = _timed("arrow", parts.batch_tables)  # type: ignore[attr-defined]
    store.PartWriter.write = _timed("parquet", store.PartWriter.write)  # type: ignore[method-assign]
    store.PartWriter.close = _timed("parquet", store.PartWriter.close)  # type: ignore[method-assign]


def shards_of(inbox: Path, lake: Path, workers: int, tokens: bool) -> list[Any]:
    from docclean.flows.ingest.cleaner import CleanerSpec
    from docclean.flows.ingest.inbox import scan
    from docclean.flows.ingest.rows import BatchInfo
    from docclean.flows.ingest.shard import Shard

    entries, _ = scan(inbox)
    target = max(sum(e.size for e in entries) // (workers * SHARDS_PER_WORKER), 1)
    groups: list[list[Any]] = [[]]
    size = 0
    for entry in entries:
        if groups[-1] and size + entry.size > target:
            groups.append([])
            size = 0
        groups[-1].append(entry)
        size += entry.size
    now = datetime.now(UTC)
    shared = Shard(
        str(inbox.resolve()),
        str(lake.resolve()),
        BatchInfo("", "plain", now, "bench"),
        (),
        {},
        CleanerSpec(None, tokens),
        0.0,
        64 * 2**20,
    )
    return [
        replace(shared, batch=replace(shared.batch, batch_id=f"plain-{i:04d}"), entries=tuple(group))
        for i, group in enumerate(groups)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("lake", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-tokens", action="store_true")
    parser.add_argument("--stages", action="store_true", help="split the cleaning into its steps")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    from docclean.flows.ingest.cleaner import CleanerSpec
    from docclean.flows.ingest.shard import cleaner_for, run_shard

    if args.stages:
        split_stages()
    tokens = not args.no_tokens
    # tables loaded once, before the workers fork: what docclean's forkserver imports
    importlib.import_module(f"docclean.flows.ingest.preload_{'tokens' if tokens else 'tables'}")
    cleaner_for(CleanerSpec(None, tokens))
    args.lake.mkdir(parents=True, exist_ok=True)
    shards = shards_of(args.inbox, args.lake, args.workers, tokens)
    setup = time.perf_counter() - started
    work = time.perf_counter()
    if args.workers > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
            manifests = list(pool.map(run_shard, shards))
    else:
        manifests = [run_shard(s) for s in shards]
    wall = time.perf_counter() - work
    seconds: Counter[str] = Counter()
    for manifest in manifests:
        seconds.update({k: v for k, v in manifest.seconds.items() if k != "shard_wall"})
    reports = sum(m.rows.get("reports", 0) for m in manifests)
    removals = sum(m.rows.get("removals", 0) for m in manifests)
    figures = {
        "setup": setup,
        "wall": wall,
        "stages": dict(seconds),
        "reports": reports,
        "removals": removals,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
