"""One file's Document to its rows in the lake's three datasets, and a batch's rows to Arrow tables.
No Prefect here (worker processes import it): only cleaners/ models, pyarrow and the schemas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
from docclean.cleaners.model import Document, Removal, Report
from docclean.flows.discover import Payload
from docclean.flows.records import removal_dict, report_fields
from docclean.schemas import FILES, REMOVALS, REPORTS

DATASETS: dict[str, pa.Schema] = {"reports": REPORTS, "removals": REMOVALS, "files": FILES}
WRITE_ORDER = ("reports", "removals", "files")  # the ledger last: it is what makes a batch visible


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file's rows; the batch columns (batch_id, ingested_at, …) are added when the batch is written."""

    file: dict[str, Any]
    reports: list[dict[str, Any]]
    removals: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class BatchInfo:
    batch_id: str
    run_id: str
    ingested_at: datetime
    pipeline_version: str


def report_id(source_sha256: str, ordinal: int) -> str:
    """Stable: the same bytes give the same ids, in any run."""
    return hashlib.sha256(f"{source_sha256}:{ordinal}".encode()).hexdigest()[:24]


def one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]


def _file_row(p: Payload, status: str, error: str | None, doc: Document | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source_path": p.entry.path,
        "source_path_raw": p.entry.raw_path,
        "source_sha256": p.sha256,
        "size_bytes": p.entry.size,
        "mtime": p.entry.mtime_ns,
        "format": p.entry.format,
        "status": status,
        "error": error,
        "report_count": 0,
        "removal_count": 0,
        "front_matter": [],
        "flags": [],
    }
    if doc is not None:
        row |= {
            "format": doc.format,
            "encoding": doc.encoding,
            "encoding_confidence": doc.encoding_confidence,
            "report_count": len(doc.reports),
            "removal_count": len(doc.removals),
            "collection_title": doc.collection_title,
            "front_matter": list(doc.front_matter),
            "flags": list(doc.flags),
        }
    return row


def _report_row(p: Payload, doc: Document, r: Report) -> dict[str, Any]:
    """A report's fields (its removals get rows of their own) plus the lake's ids."""
    return report_fields(doc, r) | {"report_id": report_id(p.sha256, r.ordinal), "source_sha256": p.sha256}


def _removal_row(p: Payload, m: Removal) -> dict[str, Any]:
    row = removal_dict(m)
    row["source_path"], row["source_sha256"] = p.entry.path, p.sha256
    return row


def empty_reason(data: bytes, doc: Document) -> str:
    if not data:
        return "empty file (0 bytes)"
    if doc.front_matter:
        return f"no report found; {len(doc.front_matter)} line(s) kept as front matter"
    if doc.removals:
        return f"only noise: {len(doc.removals)} removal(s) and no report text left"
    return "no text (whitespace only)"


def document_result(p: Payload, doc: Document) -> FileResult:
    status, reason = ("ok", None) if doc.reports else ("empty", empty_reason(p.data, doc))
    return FileResult(
        _file_row(p, status, reason, doc),
        [_report_row(p, doc, r) for r in doc.reports],
        [_removal_row(p, m) for m in doc.removals],
    )


def failed_result(p: Payload, status: str, reason: str) -> FileResult:
    return FileResult(_file_row(p, status, reason), [], [])


def batch_tables(results: Sequence[FileResult], batch: BatchInfo) -> dict[str, pa.Table]:
    """The batch's three tables, with the batch columns filled in (as whole columns: cheaper than a key
    in every row)."""
    stamp = {"batch_id": batch.batch_id, "ingested_at": batch.ingested_at,
             "pipeline_version": batch.pipeline_version, "run_id": batch.run_id}
    rows = {
        "reports": [r for res in results for r in res.reports],
        "removals": [m for res in results for m in res.removals],
        "files": [res.file for res in results],
    }
    tables = {}
    for name in WRITE_ORDER:
        schema = DATASETS[name]
        table = pa.Table.from_pylist(rows[name], schema=schema)
        for column, value in stamp.items():
            i = schema.get_field_index(column)
            if i >= 0:
                field = schema.field(i)
                table = table.set_column(i, field, pa.array([value] * table.num_rows, field.type))
        tables[name] = table
    return tables


def concat_tables(parts: Sequence[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    return {name: pa.concat_tables([p[name] for p in parts]) for name in WRITE_ORDER}
