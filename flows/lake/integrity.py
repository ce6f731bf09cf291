"""The lake checked against its ledger, and damaged batches taken out so that their files are redone.

The ledger (`files`) says, per batch, how many report and removal rows the batch wrote. A data file
that cannot be read, has the wrong schema, or a batch whose rows are missing (a deleted or truncated
file) would otherwise be silent, permanent loss: the ledger keeps saying `ok` and no run redoes the
files. So:
- `verify(lake)` lists every problem (the cheap form reads only Parquet footers and batch-id columns;
  `deep=True` also decodes every page, for `docclean check`);
- `repair(lake, found)` moves damaged files to `<lake>/_damaged/<dataset>/` (kept for a person to look
  at, never read again) and rewrites the ledger without the rows of every batch whose data is not all
  there. Those files then look new to the next discovery and are redone; the rows of the batch that
  survive are orphans (no ledger row), which the views ignore and compaction drops.
`docclean run` repairs at start; `docclean check` reports, and repairs with `--repair`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from docclean.flows.ingest.rows import DATASETS, one_line
from docclean.flows.lake.migrate import is_older
from docclean.flows.lake.store import COMPACTED_FROM, Lake, dataset_files, write_table

DAMAGED = "_damaged"
# the ledger's count of each batch's rows per dataset (suspect_count is null in lakes older than it: 0)
COUNT_COLUMN = {"reports": "report_count", "removals": "removal_count", "suspects": "suspect_count"}


class LakeDamaged(RuntimeError):
    """A lake file cannot be read; the message names it and what to do."""


@dataclass(frozen=True, slots=True)
class Damaged:
    """A lake file that cannot be used, and why."""

    dataset: str
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Missing:
    """A batch whose data rows are not all there: the ledger expects `expected`, the files hold `found`."""

    batch_id: str
    dataset: str
    expected: int
    found: int


@dataclass
class Verified:
    damaged: list[Damaged] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    files_checked: int = 0
    batches_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.missing

    def lines(self) -> list[str]:
        out = [f"damaged {d.dataset} file {d.path}: {d.reason}" for d in self.damaged]
        out += [
            f"batch {m.batch_id}: the ledger expects {m.expected} {m.dataset} row(s), the lake holds {m.found}"
            for m in self.missing
        ]
        return out


def _schema_problem(dataset: str, schema: pa.Schema) -> str | None:
    """Columns of the declared schema that a file lacks or holds with another type (extra columns and
    columns added in later versions are fine: readers fill them with nulls; so is a type an older schema
    version wrote: readers map it, flows/lake/migrate.py)."""
    declared = DATASETS[dataset]
    for name in ("source_path", "source_sha256", "batch_id"):
        i = schema.get_field_index(name)
        if i < 0:
            return f"no `{name}` column"
    for f in schema:
        i = declared.get_field_index(f.name)
        if i >= 0 and not f.type.equals(declared.field(i).type) and not is_older(dataset, f.name, f.type):
            return f"column `{f.name}` is {f.type}, not {declared.field(i).type}"
    return None


def _read_file(lake: Lake, dataset: str, path: str, deep: bool) -> tuple[str | None, Counter[str]]:
    """(problem or None, rows per batch) of one data file."""
    # The ledger is small and every run reads it: each of its pages is decoded even in the cheap form, so a
    # ledger file damaged inside (its footer intact) is set aside by the run, not left to fail every query.
    deep = deep or dataset == "files"
    try:
        meta = pq.read_metadata(path, filesystem=lake.fs)
        problem = _schema_problem(dataset, meta.schema.to_arrow_schema())
        if problem:
            return problem, Counter()
        stem = PurePosixPath(path).stem
        if not deep and not stem.startswith("compact-"):
            return None, Counter({stem: meta.num_rows})  # a batch file: its name is its batch id
        columns = None if deep else ["batch_id"]
        table = pq.read_table(path, filesystem=lake.fs, columns=columns)
        counts = pc.value_counts(table.column("batch_id")).to_pylist()
        return None, Counter({c["values"]: c["counts"] for c in counts})
    except (OSError, pa.ArrowException, ValueError) as exc:
        return one_line(exc), Counter()


def verify(lake: Lake, deep: bool = False) -> Verified:
    """Every data file readable with the declared schema, and every batch's rows all there."""
    found = Verified()
    held: dict[str, Counter[str]] = {}
    ledger: list[pa.Table] = []
    for dataset in DATASETS:
        held[dataset] = Counter()
        for path in dataset_files(lake, dataset):
            found.files_checked += 1
            problem, counts = _read_file(lake, dataset, path, deep)
            if problem:
                found.damaged.append(Damaged(dataset, path, problem))
            elif dataset == "files":
                names = pq.read_schema(path, filesystem=lake.fs).names
                counted = [c for c in COUNT_COLUMN.values() if c in names]
                ledger.append(pq.read_table(path, filesystem=lake.fs, columns=["batch_id", *counted]))
            else:
                held[dataset].update(counts)
    expected: dict[str, Counter[str]] = {d: Counter() for d in COUNT_COLUMN}
    for table in ledger:
        for row in table.to_pylist():
            for dataset, column in COUNT_COLUMN.items():
                expected[dataset][row["batch_id"]] += row.get(column) or 0
    batches = {b for counts in expected.values() for b in counts}
    found.batches_checked = len(batches)
    for batch in sorted(batches):
        for dataset in COUNT_COLUMN:
            want, have = expected[dataset][batch], held[dataset][batch]
            if want != have:
                found.missing.append(Missing(batch, dataset, want, have))
    return found


def _aside(lake: Lake, dataset: str, path: str, copy: bool = False) -> str:
    folder = f"{lake.root}/{DAMAGED}/{dataset}"
    lake.fs.create_dir(folder, recursive=True)
    target = f"{folder}/{PurePosixPath(path).name}"
    (lake.fs.copy_file if copy else lake.fs.move)(path, target)
    return target


@dataclass(frozen=True, slots=True)
class Repaired:
    lines: list[str]  # one per action, for the run's summary
    redo: list[str]  # source paths whose ledger rows were taken out: the next discovery redoes them


def repair(lake: Lake, found: Verified) -> Repaired:
    """Set damaged files aside and take every batch whose data is incomplete out of the ledger (call with
    the lock held)."""
    lines: list[str] = []
    for d in found.damaged:
        where = _aside(lake, d.dataset, d.path)
        lines.append(
            f"set aside damaged {d.dataset} file {PurePosixPath(d.path).name} ({d.reason}) -> {where}"
        )
    bad = {m.batch_id for m in found.missing}
    redo: list[str] = []
    if bad:
        for path in dataset_files(lake, "files"):
            table = pq.read_table(path, filesystem=lake.fs)
            drop = pc.is_in(table.column("batch_id"), pa.array(sorted(bad)))
            gone = table.filter(drop)
            if not gone.num_rows:
                continue
            if "bundle_path" in gone.column_names:  # a bundle's members are redone with it
                gone = gone.filter(pc.is_null(gone.column("bundle_path")))
            redo += gone.column("source_path").to_pylist()
            _aside(lake, "files", path, copy=True)  # the ledger as it was, for a person to compare
            kept = table.filter(pc.invert(drop))
            meta = pq.read_schema(path, filesystem=lake.fs).metadata or {}
            extra = {COMPACTED_FROM: meta[COMPACTED_FROM]} if COMPACTED_FROM in meta else {}
            write_table(lake, "files", PurePosixPath(path).stem, kept, extra)  # replaces it in one rename
        lines.append(
            f"{len(bad)} batch(es) with missing data taken out of the ledger: "
            f"{len(redo)} file(s) will be redone"
        )
    return Repaired(lines, redo)


def footer_problem(lake: Lake, dataset: str, path: str) -> str | None:
    """Why a data file cannot be opened (footer unreadable, wrong schema), or None."""
    try:
        return _schema_problem(dataset, pq.read_schema(path, filesystem=lake.fs))
    except (OSError, pa.ArrowException, ValueError) as exc:
        return one_line(exc)


def require_readable(lake: Lake) -> None:
    """For readers (query, status, report, compact): one line naming a damaged file instead of a traceback.
    Footers only: a file damaged inside its pages is named by the reader's own error."""
    damaged = [
        (path, why)
        for dataset in DATASETS
        for path in dataset_files(lake, dataset)
        if (why := footer_problem(lake, dataset, path))
    ]
    if damaged:
        (path, why), more = damaged[0], len(damaged) - 1
        raise LakeDamaged(
            f"lake file {path} is damaged ({why}){f' and {more} more' if more else ''}; "
            "`docclean check --repair` or the next `docclean run` sets it aside and redoes its files"
        )
