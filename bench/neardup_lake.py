"""Near-duplicates in a big lake: the flow's commit step against 100,000 stored reports, its memory and time.

    .venv/bin/python bench/neardup_lake.py [--reports 100000] [--new 2000] [--keep DIR]

1. Builds a lake of `--reports` reports (different reports drawn from the samples as in neardup_eval.py,
   five per file, batches of 2,000 reports) through the flow's own commit step (flows/ingest/flow.py
   `commit_shard`: signatures read from the shard's part, answered, near_dups part written, ledger last).
2. In a fresh process, commits one more shard as the next run would: `--new` reports, a fifth of them
   copies of stored reports (near-duplicates), a tenth new versions of stored files (their old
   reports retire and their followers are answered again). It prints the process's peak RSS (VmHWM)
   after the imports and after the commit, the seconds to load the index and answer, and the size
   of the lake's report text, which the commit never reads.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_corpus import Report, load_reports  # noqa: E402
from bench.neardup_eval import Registry  # noqa: E402
from docclean.flows.ingest.clock import Clock  # noqa: E402
from docclean.flows.ingest.flow import commit_shard  # noqa: E402
from docclean.flows.ingest.inbox import FileEntry  # noqa: E402
from docclean.flows.ingest.neardups import NearDups  # noqa: E402
from docclean.flows.ingest.rows import WRITE_ORDER, BatchInfo, FileResult, batch_tables, report_id  # noqa: E402
from docclean.flows.ingest.shard import FileStatus, Manifest  # noqa: E402
from docclean.flows.ingest.summary import RunSummary  # noqa: E402
from docclean.flows.lake.store import Lake, PartWriter, new_batch_id  # noqa: E402

PER_FILE, PER_BATCH = 5, 2000
START = datetime(2024, 1, 1, tzinfo=UTC)


def peak_rss_mb() -> float:
    """This process's own high-water RSS (VmHWM: reset by exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def file_result(path: str, reports: list[Report]) -> FileResult:
    sha = hashlib.sha256(
        "".join(r.title + "".join(r.paragraphs) for r in reports).encode() + path.encode()
    ).hexdigest()
    rows = [
        {
            "report_id": report_id(sha, k),
            "source_path": path,
            "source_sha256": sha,
            "ordinal": k,
            "title": r.title,
            "text": "\n".join(r.paragraphs),
            "paragraph_count": len(r.paragraphs),
            "tokens": [],
            "keywords": [],
            "flags": [],
            "sections": [],
        }
        for k, r in enumerate(reports, 1)
    ]
    ledger = {
        "source_path": path,
        "source_sha256": sha,
        "status": "ok",
        "report_count": len(rows),
        "removal_count": 0,
    }
    return FileResult(ledger, rows, [])


def write_shard(where: Lake, results: list[FileResult], at: datetime) -> Manifest:
    """One shard's parts, written under temporary names as a worker writes them."""
    batch = BatchInfo(new_batch_id(at), "bench", at, "bench")
    tables = batch_tables(results, batch)
    parts, rows = {}, {}
    for dataset in WRITE_ORDER:
        writer = PartWriter(where, dataset, batch.batch_id)
        writer.write(tables[dataset])
        parts[dataset], rows[dataset] = writer.close(), writer.rows
    files = tuple(
        FileStatus(
            FileEntry(r.file["source_path"], 0, 0), r.file["source_sha256"], "ok", None, len(r.reports), 0
        )
        for r in results
    )
    return Manifest(batch.batch_id, parts, rows, files)


def commit(where: Lake, manifest: Manifest, near: NearDups) -> None:
    """As the flow commits a shard: answered, then published, the ledger last."""
    commit_shard(where, manifest, RunSummary(where.root), Clock(), Path("."), None, near)


def build(where: Lake, size: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = load_reports()
    reg = Registry(pool, list(dict.fromkeys(p for r in pool for p in r.paragraphs)), [])
    near = NearDups(where)
    started = time.perf_counter()
    for b, start in enumerate(range(0, size, PER_BATCH)):
        reports = [reg.draw(rng, check=False) for _ in range(min(PER_BATCH, size - start))]
        results = [
            file_result(f"lake/{(start + k) // PER_FILE:06d}.txt", reports[k : k + PER_FILE])
            for k in range(0, len(reports), PER_FILE)
        ]
        commit(where, write_shard(where, results, START + timedelta(minutes=b)), near)
        print(
            f"\r  {start + len(reports):,} reports committed ({time.perf_counter() - started:.0f} s)",
            end="",
            file=sys.stderr,
        )
    print(file=sys.stderr)


def next_shard(where: Lake, new: int, seed: int) -> tuple[Manifest, str]:
    """The next run's shard: `new` reports, a fifth of them copies of stored ones, and new versions of a
    tenth of the files; its parts written, and a line describing it."""
    import pyarrow.dataset as pads

    rng = random.Random(seed + 1)
    sample = pads.dataset(f"{where.root}/reports", format="parquet").head(new // 5, columns=["title", "text"])
    copies = [Report(r["title"], tuple(r["text"].split("\n"))) for r in sample.to_pylist()]
    pool = load_reports()
    reg = Registry(pool, list(dict.fromkeys(p for r in pool for p in r.paragraphs)), [])
    reports = copies + [reg.draw(rng, check=False) for _ in range(new - len(copies))]
    results = [
        file_result(f"new/{k // PER_FILE:06d}.txt", reports[k : k + PER_FILE])
        for k in range(0, len(reports), PER_FILE)
    ]
    replaced = len(results) // 10  # new versions of stored files: their reports retire
    results[:replaced] = [
        file_result(f"lake/{k:06d}.txt", [reg.draw(rng, check=False) for _ in range(PER_FILE)])
        for k in range(replaced)
    ]
    described = (
        f"{new:,} new reports ({len(copies):,} copies of stored ones), {replaced} stored files replaced"
    )
    return write_shard(where, results, datetime.now(UTC)), described


def text_mb(where: Lake) -> float:
    """The lake's report text, from the Parquet footers (uncompressed column size)."""
    import pyarrow.parquet as pq

    from docclean.flows.lake.store import dataset_files

    total = 0
    for path in dataset_files(where, "reports"):
        meta = pq.ParquetFile(path).metadata
        column = meta.schema.to_arrow_schema().get_field_index("text")
        total += sum(
            meta.row_group(g).column(column).total_uncompressed_size for g in range(meta.num_row_groups)
        )
    return total / 1e6


def measure(where: Lake, manifest_file: Path) -> None:
    """Commit the prepared shard as a new run's flow would, in this fresh process."""
    rss_imports = peak_rss_mb()
    manifest = pickle.loads(manifest_file.read_bytes())
    near = NearDups(where)
    started, cpu = time.perf_counter(), time.process_time()
    commit(where, manifest, near)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    live = len(near.live) if near.live else 0
    print(f"  the lake after it: {live:,} live signed reports")
    print(f"  {wall:.1f} s wall, {cpu:.1f} s CPU (ledger and signatures read, index built, answers, writes)")
    print(f"  near-duplicates found: {near.found:,}; answered again: {near.again:,}")
    print(
        f"  peak RSS of the process: {rss_imports:.0f} MB after the imports, {peak_rss_mb():.0f} MB after the commit"
    )


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", type=Path, help="build the lake here (reused when it exists)")
    parser.add_argument("--measure", type=Path, nargs=2, help=argparse.SUPPRESS)  # step 2: LAKE MANIFEST
    args = parser.parse_args(argv)
    if args.measure:
        measure(Lake.at(args.measure[0]), args.measure[1])
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="neardup-lake-"))
    where = Lake.at(root / "lake")
    if not (root / "lake" / "files").exists():
        build(where, args.reports, args.seed)
    manifest, described = next_shard(where, args.new, args.seed)
    (root / "manifest.pickle").write_bytes(pickle.dumps(manifest))
    print(f"lake: {where.root}, {text_mb(where):,.0f} MB of report text (never read by the commit)")
    print(f"next run's shard: {described}", flush=True)
    return subprocess.call(
        [sys.executable, __file__, "--measure", str(root / "lake"), str(root / "manifest.pickle")]
    )


if __name__ == "__main__":
    raise SystemExit(main())
