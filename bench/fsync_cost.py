"""What durability costs: the seconds spent in fsync while a corpus is written as shards and committed.

    python bench/fsync_cost.py [--files 2000] [--seed 7] [--shards 8]

Runs the worker (flows/ingest/shard.py, without tokens, in this process) on the benchmark corpus, cut
into `--shards` shards, commits each (flows/lake/store.py), and times every os.fsync on the way (each
part before its rename, each folder after it). Prints the count, the seconds and their share of the
whole; the README's "Durable once committed" figure comes from here.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from run import corpus_inbox

from docclean.flows.ingest import inbox
from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.flow import cut_shards
from docclean.flows.ingest.rows import BatchInfo
from docclean.flows.ingest.shard import Shard, run_shard
from docclean.flows.lake import store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shards", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docclean-fsync-") as scratch:
        corpus = corpus_inbox(args.files, args.seed, True, Path(scratch))
        where = store.Lake.at(Path(scratch) / "lake")
        entries, _ = inbox.scan(corpus)
        spent, count = 0.0, 0
        real = os.fsync

        def timed(fd: int) -> None:
            nonlocal spent, count
            started = time.perf_counter()
            real(fd)
            spent += time.perf_counter() - started
            count += 1

        os.fsync = timed
        started = time.perf_counter()
        for part in cut_shards(entries, max(args.shards // 4, 1)):
            batch = BatchInfo(store.new_batch_id(), "fsync-cost", datetime.now(UTC), "bench")
            shard = Shard(
                str(corpus), where.root, batch, tuple(part), {}, CleanerSpec(None, False), 0.0, 2**26
            )
            manifest = run_shard(shard)
            store.commit(where, manifest.parts, manifest.batch_id)
        wall = time.perf_counter() - started
        os.fsync = real
    print(
        f"{count} fsyncs, {spent:.2f} s of {wall:.1f} s ({100 * spent / wall:.1f} %) for {len(entries)} files"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
