"""`docclean compact`: merge each dataset's batch files into one, dropping the rows of killed runs.

Streams a batch file (a row group) at a time, so memory stays that of one batch whatever the lake's
size. The merged file lists the files it replaces (metadata), so a compaction killed before it deleted
them is completed by the next `recover`. Call with the lake's lock held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from docclean.flows.ingest.rows import DATASETS
from docclean.flows.lake.migrate import file_schema, to_current
from docclean.flows.lake.store import (
    COMPACTED_FROM,
    ROW_KEY,
    Lake,
    dataset_files,
    drop_orphans,
    ledger_keys,
    new_batch_id,
    recover,
    write_table,
)


@dataclass(frozen=True, slots=True)
class Compacted:
    dataset: str
    files_before: int
    rows: int
    orphans_dropped: int


def _batches(
    lake: Lake, files: list[str], dataset: str, columns: list[str] | None = None
) -> Iterator[pa.Table]:
    """The dataset's rows a batch file (a row group) at a time: compaction never holds a whole dataset.
    A file of an older schema version is read in its own types and its rows given the current ones."""
    for path in files:
        found = pq.read_schema(path, filesystem=lake.fs)
        schema = file_schema(DATASETS[dataset], dataset, found)
        scanner = pads.dataset([path], schema=schema, format="parquet", filesystem=lake.fs)
        for batch in scanner.to_batches(columns=columns):
            yield to_current(pa.Table.from_batches([batch]), dataset)


def _orphans(lake: Lake, files: list[str], dataset: str, keys: set[tuple[str, str, str]]) -> int:
    """Orphan rows of a dataset, reading only the key columns."""
    return sum(
        part.num_rows - drop_orphans(part, keys).num_rows
        for part in _batches(lake, files, dataset, list(ROW_KEY))
    )


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
    """Merge each dataset's files into one, dropping orphan rows."""
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
        write_table(
            lake, dataset, name, _kept(lake, files, dataset, keys, counted), {COMPACTED_FROM: sources}
        )
        for path in files:  # if killed here, recover() completes the job next time
            lake.fs.delete_file(path)
        done.append(Compacted(dataset, len(files), counted["kept"], counted["rows"] - counted["kept"]))
    return done
