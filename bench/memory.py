"""Peak memory of the process tree: `docclean run` on one big file, and `docclean compact` on a big lake.

    python bench/memory.py                         # a 64 MiB file (the size limit), a 50,000-file lake
    python bench/memory.py --file-mb 50 64 --compact-files 0   # files only
    python bench/memory.py --keep                  # keep inboxes, lakes and logs in bench/.memory/

Each command runs as a subprocess; psutil samples the RSS of it and all its descendants every 50 ms
(bench/endtoend.py): the peak of their sum (pages shared between processes count once per process: an
upper bound), the largest single process, and the peak of the summed PSS (shared pages split). The
target (issue 9): under 1 GB of summed RSS.

- **One big file.** A compilation made of the synthetic corpus' UTF-8 reports (bench/make_corpus.py)
  laid end to end, cut at a character boundary to the size asked for, alone in an inbox; `docclean run`
  with its defaults (tokens, a worker per CPU), on Prefect's embedded server (part of the tree).
- **Compaction.** A lake of the corpus (2,000 files, ingested as shards of 250 files, the way a run on
  two workers cuts them), copied batch by batch under new batch ids and paths until it holds
  `--compact-files` files, then `docclean compact`. The copies are byte-for-byte the lake's own files but
  for the two rewritten columns, so the merged files are what a real lake of that size would give.
Nothing asserts; the figures are printed (and, with --keep, the logs kept).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import endtoend
import make_corpus
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20
BATCH_FILES = 250  # files per batch in the lake that compaction starts from


def big_file(corpus: Path, out: Path, size: int) -> Path:
    """`size` bytes of UTF-8 reports from the corpus, end to end, ending on a whole character."""
    texts = []
    for path in sorted(corpus.rglob("*.txt")):
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:  # GB18030 and UTF-16 files: the UTF-8 ones are plenty
            continue
    chunks, total, i = [], 0, 0
    while total < size:
        chunk = texts[i % len(texts)].encode("utf-8") + b"\n\n"
        chunks.append(chunk)
        total, i = total + len(chunk), i + 1
    data = b"".join(chunks)[:size].decode("utf-8", errors="ignore").encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def show(label: str, run: endtoend.Run) -> None:
    status = "ok" if run.ok else f"exit {run.returncode}"
    print(
        f"{label}: peak RSS of the process tree {run.tree_peak_rss / MB:.0f} MB (largest process "
        f"{run.max_single_rss / MB:.0f} MB), peak PSS {run.tree_peak_pss / MB:.0f} MB, "
        f"{run.seconds:.0f} s, {status}",
        flush=True,
    )
    if not run.ok:
        print(run.failure(), flush=True)


def measure_big_file(corpus: Path, scratch: Path, size_mb: float) -> None:
    inbox = scratch / f"file-{size_mb:g}" / "inbox"
    path = big_file(corpus, inbox / "compilation.txt", int(size_mb * MB))
    os.utime(path, (make_corpus.FIXED_MTIME, make_corpus.FIXED_MTIME))  # settled: the run does not wait
    lake = inbox.parent / "lake"
    cmd = [str(endtoend.DOCCLEAN), "run", "--inbox", str(inbox), "--lake", str(lake)]
    run = endtoend.measure_process(f"run-{size_mb:g}", cmd, endtoend.docclean_env(), scratch / "logs")
    show(f"docclean run, one {path.stat().st_size / MB:.1f} MiB file", run)


def _relabel(table: pa.Table, batch_id: str, prefix: str) -> pa.Table:
    """The same rows as another batch: a new batch id, and paths under `prefix` (new files to the ledger)."""
    for column, value in (("batch_id", None), ("source_path", prefix)):
        i = table.schema.get_field_index(column)
        if value is None:
            new = pa.array([batch_id] * table.num_rows, pa.string())
        else:
            new = pc.binary_join_element_wise(value, table.column(i), "")
        table = table.set_column(i, column, new)
    return table


def grown_lake(corpus: Path, lake: Path, files: int) -> None:
    """A lake of `files` files: the corpus ingested once (in this process, no Prefect), then its batch
    files copied under new batch ids and paths."""
    from docclean.flows.ingest import inbox, shard
    from docclean.flows.ingest.cleaner import CleanerSpec
    from docclean.flows.ingest.rows import BatchInfo
    from docclean.flows.lake import store
    from docclean.flows.lake.store import Lake

    where = Lake.at(lake)
    entries, _ = inbox.scan(corpus)
    for start in range(0, len(entries), BATCH_FILES):
        batch = BatchInfo(store.new_batch_id(), "bench", datetime.now(UTC), "bench")
        part = shard.Shard(
            str(corpus), where.root, batch, tuple(entries[start : start + BATCH_FILES]), {},
            CleanerSpec(None, tokens=True), 0, 64 * MB,
        )  # fmt: skip
        manifest = shard.run_shard(part)
        store.commit(where, manifest.parts, manifest.batch_id)
    originals = {d: store.dataset_files(where, d) for d in ("reports", "removals", "signatures", "files")}
    copies = -(-files // len(entries)) - 1
    for k in range(1, copies + 1):
        for path in originals["files"]:
            batch_id = store.new_batch_id()
            for dataset, paths in originals.items():
                source = next(p for p in paths if Path(p).name == Path(path).name)
                table = _relabel(pq.read_table(source), batch_id, f"copy{k:03d}/")
                pq.write_table(table, f"{where.folder(dataset)}/{batch_id}.parquet", compression="zstd")
    print(
        f"lake: {len(entries) * (copies + 1)} files in {len(originals['files']) * (copies + 1)} batches",
        flush=True,
    )


def measure_compact(corpus: Path, scratch: Path, files: int) -> None:
    lake = scratch / f"lake-{files}"
    grown_lake(corpus, lake, files)
    cmd = [str(endtoend.DOCCLEAN), "compact", "--lake", str(lake)]
    run = endtoend.measure_process(f"compact-{files}", cmd, endtoend.docclean_env(), scratch / "logs")
    show(f"docclean compact, {files:,}-file lake", run)
    print(run.stdout.strip(), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file-mb", type=float, nargs="*", default=[64])
    parser.add_argument("--compact-files", type=int, default=50_000, help="0: no compaction")
    parser.add_argument("--keep", action="store_true", help="keep everything in bench/.memory/")
    args = parser.parse_args(argv)
    scratch = ROOT / "bench" / ".memory" if args.keep else Path(tempfile.mkdtemp(prefix="docclean-memory-"))
    shutil.rmtree(scratch, ignore_errors=True)
    corpus = scratch / "corpus"
    make_corpus.generate(corpus, files=2000, seed=7)
    try:
        for size in args.file_mb:
            measure_big_file(corpus, scratch, size)
        if args.compact_files:
            measure_compact(corpus, scratch, args.compact_files)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
