"""The lake's storage: three Parquet datasets under one folder, written durably, safe to kill.

Layout: <lake>/{reports,removals,files}/<batch_id>.parquet (zstd), <lake>/_runs/*.json, <lake>/.lock.
- Every file is written under a hidden temporary name in its folder (`.<name>.<pid>.tmp`), fsynced, and
  renamed into place; the folder is fsynced after the rename. This is where a row is written.
- A batch is committed reports and removals first and the ledger (files) last: report/removal rows whose
  (source_path, source_sha256, batch_id) has no ledger row are orphans of a killed run. Readers ignore
  them, the next run redoes those files under a new batch id, and compaction deletes them.
- Paths go through a pyarrow FileSystem, so a URI (s3://…) can replace the local folder; fsync and the
  lock are local only (an object store's put is durable; one writer at a time is then the caller's job).
Plain functions, no Prefect.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from docclean.flows.ingest.inbox import Known
from docclean.flows.ingest.rows import DATASETS, WRITE_ORDER
from docclean.flows.lake import pause

ROW_KEY = ("source_path", "source_sha256", "batch_id")
COMPACTED_FROM = b"docclean_compacted_from"
RUNS_DIR = "_runs"


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


# --- durable writes --------------------------------------------------------------------------------


def _fsync(lake: Lake, path: str, folder: bool = False) -> None:
    """Flush a file's data (or a folder's entries) to the disk: a power cut after a rename must not
    leave a name pointing at data that never reached it. Local lakes only."""
    if not lake.is_local:
        return
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temporary(folder: str, name: str) -> str:
    return f"{folder}/.{name}.{os.getpid()}.tmp"


def publish(lake: Lake, temporary: str, final: str) -> None:
    """Rename a written, fsynced temporary into place (readers see all of it or none) and fsync its folder."""
    lake.fs.move(temporary, final)
    _fsync(lake, final.rsplit("/", 1)[0], folder=True)


def _discard(lake: Lake, path: str) -> None:
    with suppress(OSError, FileNotFoundError):
        lake.fs.delete_file(path)


class PartWriter:
    """One dataset file under its temporary name, written a row group at a time with the dataset's
    schema, fsynced on close. `final` is where `publish` (or a commit) puts it."""

    def __init__(
        self, lake: Lake, dataset: str, name: str, metadata: Mapping[bytes, bytes] | None = None
    ) -> None:
        schema = DATASETS[dataset]
        self.schema = schema.with_metadata({**(schema.metadata or {}), **(metadata or {})})
        self.lake, self.rows = lake, 0
        lake.fs.create_dir(lake.folder(dataset), recursive=True)
        self.final = f"{lake.folder(dataset)}/{name}.parquet"
        self.temporary = _temporary(lake.folder(dataset), f"{name}.parquet")
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(
            self.temporary, self.schema, filesystem=lake.fs, compression="zstd"
        )

    def write(self, table: pa.Table) -> None:
        assert self._writer is not None, "written after close"
        self._writer.write_table(conform(table, self.schema))
        self.rows += table.num_rows
        pause.point("write-part")

    def close(self) -> str:
        """Finish the file and fsync it; return its temporary path."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            _fsync(self.lake, self.temporary)
        return self.temporary

    def abandon(self) -> None:
        """Close and delete the temporary (a failed write leaves nothing behind when it can help it)."""
        with suppress(Exception):
            if self._writer is not None:
                self._writer.close()
        self._writer = None
        _discard(self.lake, self.temporary)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with the schema's columns in its order: rows read back from a file written before a
    nullable column was added (a ledger rewritten by a repair) get that column as nulls."""
    columns = [
        table.column(f.name) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, names=schema.names).cast(schema)


def write_table(
    lake: Lake,
    dataset: str,
    name: str,
    parts: pa.Table | Iterable[pa.Table],
    metadata: Mapping[bytes, bytes] = {},
) -> str:
    """Write <dataset>/<name>.parquet durably (one row group per part: a part at a time in memory)."""
    writer = PartWriter(lake, dataset, name, metadata)
    try:
        for part in [parts] if isinstance(parts, pa.Table) else parts:
            writer.write(part)
        publish(lake, writer.close(), writer.final)
    except BaseException:
        writer.abandon()
        raise
    return writer.final


def write_json(lake: Lake, path: str, data: object) -> str:
    """Write a JSON document durably (a run record); a write that fails (a full disk) leaves no temporary."""
    folder = path.rsplit("/", 1)[0]
    lake.fs.create_dir(folder, recursive=True)
    temporary = _temporary(folder, path.rsplit("/", 1)[1])
    try:
        with lake.fs.open_output_stream(temporary) as out:
            out.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        _fsync(lake, temporary)
        publish(lake, temporary, path)
    except BaseException:
        _discard(lake, temporary)
        raise
    return path


def commit(lake: Lake, parts: Mapping[str, str], batch_id: str) -> None:
    """Make a batch visible: its written parts (dataset -> temporary path) renamed into place, the
    ledger last, each folder fsynced before the next step."""
    for dataset in WRITE_ORDER:
        if dataset in parts:
            pause.point(f"publish-{dataset}")
            publish(lake, parts[dataset], f"{lake.folder(dataset)}/{batch_id}.parquet")


# --- reading ---------------------------------------------------------------------------------------


def read_dataset(lake: Lake, dataset: str, columns: list[str] | None = None) -> pa.Table:
    files = dataset_files(lake, dataset)
    scanner = pads.dataset(files, schema=DATASETS[dataset], format="parquet", filesystem=lake.fs)
    return scanner.to_table(columns)


def latest_versions(lake: Lake) -> dict[str, Known]:
    """The latest ledger row of every inbox file (by ingested_at, then batch id). Zip members' rows are
    left out: they go with their bundle's row, which is what a re-run compares."""
    if not has_data(lake):
        return {}
    columns = ["source_path", "source_sha256", "size_bytes", "mtime", "ingested_at", "batch_id"]
    table = read_dataset(lake, "files", [*columns, "bundle_path"])
    table = table.filter(pc.is_null(table.column("bundle_path"))).select(columns)
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


def leftovers(lake: Lake) -> list[str]:
    """What a killed process (or a full disk) left behind: temporaries of interrupted writes (data files and
    run records), and batch files that an interrupted compaction had already merged (the merged file lists
    them). Reads only."""
    found = []
    for folder in [*(lake.folder(d) for d in DATASETS), f"{lake.root}/{RUNS_DIR}"]:
        for info in lake.fs.get_file_info(pafs.FileSelector(folder, allow_not_found=True)):
            if info.is_file and info.base_name.startswith(".") and info.base_name.endswith(".tmp"):
                found.append(info.path)
    for dataset in DATASETS:
        present = set(dataset_files(lake, dataset))
        for path in sorted(p for p in present if Path(p).name.startswith("compact-")):
            with lake.fs.open_input_file(path) as handle:
                meta = pq.read_schema(handle).metadata or {}
            for name in json.loads(meta.get(COMPACTED_FROM, b"[]")):
                if f"{lake.folder(dataset)}/{name}" in present:
                    found.append(f"{lake.folder(dataset)}/{name}")
    return list(dict.fromkeys(found))  # a batch file two merged files list is deleted once


def recover(lake: Lake) -> None:
    """Clear what a killed process (or a full disk) left behind (`leftovers`); call with the lock held."""
    for path in leftovers(lake):
        lake.fs.delete_file(path)


# --- one writer at a time --------------------------------------------------------------------------

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
