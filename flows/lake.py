"""The lake: three Parquet datasets under one folder, written a batch at a time, safe to kill.

Layout: <lake>/{reports,removals,files}/<batch_id>.parquet (zstd) and <lake>/.lock.
- Each file is written under a hidden temporary name in its folder and moved into place (atomic).
- A batch writes reports and removals first and the ledger (files) last. Report/removal rows whose
  (source_path, source_sha256, batch_id) has no ledger row are orphans of a killed run: readers ignore
  them, the next run redoes those files under a new batch id, and compact() deletes them.
- Paths go through a pyarrow FileSystem so a URI (s3://…) can replace the local folder later; the
  lock is local only (fcntl).
Plain functions (no Prefect): flows/ingest.py wraps them in tasks.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from docclean.flows.discover import Known
from docclean.flows.rows import DATASETS, WRITE_ORDER, one_line  # noqa: F401  (one_line: callers use lake.one_line)

ROW_KEY = ("source_path", "source_sha256", "batch_id")
COMPACTED_FROM = b"docclean_compacted_from"


class LakeLocked(RuntimeError):
    """Another docclean process holds the lake's lock."""


@dataclass(frozen=True)
class Lake:
    root: str  # a local folder, or a path inside `fs`
    fs: pafs.FileSystem

    @classmethod
    def at(cls, location: str | os.PathLike[str]) -> Lake:
        text = os.fspath(location)
        if "://" in text:
            fs, root = pafs.FileSystem.from_uri(text)
            return cls(root.rstrip("/"), fs)
        return cls(os.path.abspath(text), pafs.LocalFileSystem())

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, pafs.LocalFileSystem)

    def folder(self, dataset: str) -> str:
        return f"{self.root}/{dataset}"


def new_batch_id(now: datetime | None = None) -> str:
    """Sortable by time, unique across processes: 20240101T120000123456Z-1a2b3c."""
    return f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


def dataset_files(lake: Lake, dataset: str) -> list[str]:
    """The dataset's visible Parquet files (temporary and hidden names excluded), sorted."""
    infos = lake.fs.get_file_info(pafs.FileSelector(lake.folder(dataset), allow_not_found=True))
    return sorted(
        i.path
        for i in infos
        if i.is_file and i.base_name.endswith(".parquet") and not i.base_name.startswith((".", "_"))
    )


def has_data(lake: Lake) -> bool:
    return bool(dataset_files(lake, "files"))


def write_atomic(
    lake: Lake, dataset: str, name: str, table: pa.Table, metadata: Mapping[bytes, bytes] = {}
) -> str:
    """Write `table` as <dataset>/<name>.parquet with the dataset's schema, via a temporary name."""
    return write_atomic_parts(lake, dataset, name, [table], metadata)


def write_atomic_parts(
    lake: Lake, dataset: str, name: str, parts: Iterable[pa.Table], metadata: Mapping[bytes, bytes] = {}
) -> str:
    """Write `parts` as <dataset>/<name>.parquet (one row group per part) with the dataset's schema, via a
    temporary name: a part at a time in memory."""
    schema = DATASETS[dataset]
    schema = schema.with_metadata({**schema.metadata, **metadata})
    lake.fs.create_dir(lake.folder(dataset), recursive=True)
    final = f"{lake.folder(dataset)}/{name}.parquet"
    temporary = f"{lake.folder(dataset)}/.{name}.parquet.{os.getpid()}.tmp"
    with pq.ParquetWriter(temporary, schema, filesystem=lake.fs, compression="zstd") as writer:
        for part in parts:
            writer.write_table(part.cast(schema))
    lake.fs.move(temporary, final)  # rename(2) locally: readers see the whole file or none of it
    return final


def write_batch(lake: Lake, batch_id: str, tables: Mapping[str, pa.Table]) -> None:
    for dataset in WRITE_ORDER:
        write_atomic(lake, dataset, batch_id, tables[dataset])


def read_dataset(lake: Lake, dataset: str, columns: list[str] | None = None) -> pa.Table:
    files = dataset_files(lake, dataset)
    return pads.dataset(files, schema=DATASETS[dataset], format="parquet", filesystem=lake.fs).to_table(
        columns
    )


def latest_versions(lake: Lake) -> dict[str, Known]:
    """The latest ledger row of every source path (by ingested_at, then batch id)."""
    table = read_dataset(
        lake, "files", ["source_path", "source_sha256", "size_bytes", "mtime", "ingested_at", "batch_id"]
    )
    # compare mtimes as exact integers: Python datetimes would drop the nanoseconds
    rows = table.set_column(3, "mtime", table.column("mtime").cast(pa.int64())).to_pylist()
    rows.sort(key=lambda r: (r["ingested_at"], r["batch_id"]))
    return {r["source_path"]: Known(r["source_sha256"], r["size_bytes"] or 0, r["mtime"] or -1) for r in rows}


def ledger_keys(lake: Lake) -> set[tuple[str, str, str]]:
    table = read_dataset(lake, "files", list(ROW_KEY))
    return set(zip(*(table.column(c).to_pylist() for c in ROW_KEY), strict=True))


def drop_orphans(table: pa.Table, keys: set[tuple[str, str, str]]) -> pa.Table:
    columns = [table.column(c).to_pylist() for c in ROW_KEY]
    keep = [key in keys for key in zip(*columns, strict=True)]
    return table.filter(pa.array(keep, pa.bool_()))


@dataclass(frozen=True, slots=True)
class Compacted:
    dataset: str
    files_before: int
    rows: int
    orphans_dropped: int


def recover(lake: Lake) -> None:
    """Clear what a killed process left behind; call with the lock held. Deletes temporaries of
    interrupted writes, and batch files that an interrupted compaction had already merged (the merged
    file lists them)."""
    for dataset in DATASETS:
        infos = lake.fs.get_file_info(pafs.FileSelector(lake.folder(dataset), allow_not_found=True))
        for info in infos:
            if info.is_file and info.base_name.startswith(".") and info.base_name.endswith(".tmp"):
                lake.fs.delete_file(info.path)
        present = set(dataset_files(lake, dataset))
        for path in sorted(p for p in present if Path(p).name.startswith("compact-")):
            with lake.fs.open_input_file(path) as handle:
                meta = pq.read_schema(handle).metadata or {}
            for name in json.loads(meta.get(COMPACTED_FROM, b"[]")):
                if f"{lake.folder(dataset)}/{name}" in present:
                    lake.fs.delete_file(f"{lake.folder(dataset)}/{name}")


def _batches(lake: Lake, files: list[str], dataset: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """The dataset's rows a batch file (a row group) at a time: compaction never holds a whole dataset."""
    scanner = pads.dataset(files, schema=DATASETS[dataset], format="parquet", filesystem=lake.fs)
    for batch in scanner.to_batches(columns=columns):
        yield pa.Table.from_batches([batch])


def _orphans(lake: Lake, files: list[str], dataset: str, keys: set[tuple[str, str, str]]) -> int:
    """Orphan rows of a dataset, reading only the key columns."""
    return sum(part.num_rows - drop_orphans(part, keys).num_rows
               for part in _batches(lake, files, dataset, list(ROW_KEY)))


def _kept(
    lake: Lake, files: list[str], dataset: str, keys: set[tuple[str, str, str]], counted: dict[str, int]
) -> Iterator[pa.Table]:
    """The rows compaction keeps, a batch file at a time (the ledger keeps all), counted as they pass."""
    for part in _batches(lake, files, dataset):
        kept = part if dataset == "files" else drop_orphans(part, keys)
        counted["rows"] += part.num_rows
        counted["kept"] += kept.num_rows
        yield kept


def compact(lake: Lake) -> list[Compacted]:
    """Merge each dataset's batch files into one, dropping orphan rows, streaming a batch file at a time
    (memory stays that of one batch, whatever the lake's size). Call with the lock held."""
    recover(lake)
    keys = ledger_keys(lake)
    name = f"compact-{new_batch_id()}"
    done: list[Compacted] = []
    for dataset in DATASETS:
        files = dataset_files(lake, dataset)
        if len(files) <= 1 and (dataset == "files" or not _orphans(lake, files, dataset, keys)):
            rows = sum(pq.read_metadata(f, filesystem=lake.fs).num_rows for f in files)
            done.append(Compacted(dataset, len(files), rows, 0))  # already one clean file: nothing to do
            continue
        counted = {"rows": 0, "kept": 0}
        sources = json.dumps([Path(f).name for f in files]).encode()
        write_atomic_parts(lake, dataset, name, _kept(lake, files, dataset, keys, counted), {COMPACTED_FROM: sources})
        for path in files:  # if killed here, recover() completes the job next time
            lake.fs.delete_file(path)
        done.append(Compacted(dataset, len(files), counted["kept"], counted["rows"] - counted["kept"]))
    return done


_held: dict[str, list[int]] = {}  # lock path -> [fd, depth]: re-entrant within one process


@contextmanager
def locked(lake: Lake, wait: bool = False) -> Iterator[None]:
    """Hold <lake>/.lock (fcntl.flock) for the block; raise LakeLocked at once unless `wait`."""
    if not lake.is_local:
        yield  # object stores have no flock; one writer at a time is the caller's job there
        return
    path = os.path.realpath(os.path.join(lake.root, ".lock"))
    if path in _held:
        _held[path][1] += 1
        try:
            yield
        finally:
            _held[path][1] -= 1
        return
    os.makedirs(lake.root, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise LakeLocked(
            f"lake {lake.root} is in use by another docclean process (pid {holder}); "
            "try again later or pass --wait"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _held[path] = [fd, 1]
    try:
        yield
    finally:
        del _held[path]
        os.close(fd)  # closing releases the flock
