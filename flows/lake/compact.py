"""`docclean compact`: merge each dataset's batch files into one, dropping the rows of killed runs.

Streams the lake a file at a time and a few thousand rows at a time (no read-ahead), and writes row
groups of a few thousand rows: memory stays flat whatever the lake's size. The merged file lists the files it replaces (metadata), so a compaction killed before it deleted
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


BATCH_ROWS = 2048  # rows per batch read, and per row group written: a few MB of report text and tokens
GROUP_BYTES = 32 * 2**20  # at most this much Arrow data gathered for one row group of the merged file


def _batches(
    lake: Lake, files: list[str], dataset: str, columns: list[str] | None = None
) -> Iterator[pa.Table]:
    """The dataset's rows a few thousand at a time, file after file: compaction never holds a whole
    dataset, nor a file. Arrow's scanner reads ahead by default (16 batches, 4 files, decoded in parallel):
    on a 50,000-file lake that alone held ≈2 GB, so each file is scanned on its own, nothing ahead. A file
    of an older schema version is read in its own types and its rows given the current ones."""
    for path in files:
        found = pq.read_schema(path, filesystem=lake.fs)
        schema = file_schema(DATASETS[dataset], dataset, found)
        scanner = pads.dataset([path], schema=schema, format="parquet", filesystem=lake.fs)
        for batch in scanner.to_batches(
            columns=columns, batch_size=BATCH_ROWS, batch_readahead=0, fragment_readahead=0, use_threads=False
        ):
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
    """The rows compaction keeps (the ledger keeps all), counted as they pass, gathered into row groups
    of about BATCH_ROWS rows: a lake of many small batches (a watched inbox commits one per burst) must
    not become a file of as many tiny row groups, whose metadata the writer holds until it closes."""
    gathered: list[pa.Table] = []
    rows = size = 0
    for part in _batches(lake, files, dataset):
        kept = part if dataset == "files" else drop_orphans(part, keys)
        counted["rows"] += part.num_rows
        counted["kept"] += kept.num_rows
        gathered.append(kept)
        rows, size = rows + kept.num_rows, size + kept.nbytes
        if rows >= BATCH_ROWS or size >= GROUP_BYTES:
            yield pa.concat_tables(gathered)
            gathered, rows, size = [], 0, 0
    if rows:
        yield pa.concat_tables(gathered)


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
