"""Documents as rows: the lake's three datasets, and the JSON lines of `docclean clean --json`.

No Prefect here (worker processes import it): only the cleaners' models, pyarrow and the schemas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import pyarrow as pa

from docclean.cleaners.model import Document, Removal, Report, Suspect
from docclean.flows.ingest.inbox import Payload
from docclean.flows.ingest.signatures import signature_rows
from docclean.schemas import FILES, NEAR_DUPS, REMOVALS, REPORTS, SIGNATURES

DATASETS: dict[str, pa.Schema] = {
    "reports": REPORTS,
    "removals": REMOVALS,
    "signatures": SIGNATURES,
    "near_dups": NEAR_DUPS,  # written by the flow when it commits a batch (flows/ingest/neardups.py)
    "files": FILES,
}
# What a worker writes for its batch, in commit order: the ledger last, it is what makes a batch visible.
WRITE_ORDER = ("reports", "removals", "signatures", "files")
# What a file ingested by a run is, in the ledger (`files.status`).
STATUSES = ("ok", "empty", "quarantined", "unsupported")
REMOVAL_FIELDS = tuple(f.name for f in fields(Removal))
SUSPECT_FIELDS = tuple(f.name for f in fields(Suspect))


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """The columns every row of one batch shares (one batch per shard)."""

    batch_id: str
    run_id: str
    ingested_at: datetime
    pipeline_version: str


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file's rows; the batch columns (batch_id, ingested_at, …) are added when they are written."""

    file: dict[str, Any]
    reports: list[dict[str, Any]]
    removals: list[dict[str, Any]]


def report_id(source_sha256: str, ordinal: int) -> str:
    """Stable: the same bytes give the same ids, in any run."""
    return hashlib.sha256(f"{source_sha256}:{ordinal}".encode()).hexdigest()[:24]


def one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]


def removal_dict(removal: Removal) -> dict[str, Any]:
    return {name: getattr(removal, name) for name in REMOVAL_FIELDS}


def suspect_dict(suspect: Suspect) -> dict[str, Any]:
    return {name: getattr(suspect, name) for name in SUSPECT_FIELDS}


def report_fields(doc: Document, report: Report) -> dict[str, Any]:
    """Every field of a report and where it came from (built directly: asdict is slow on the hot path)."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": report.ordinal,
        "title": report.title,
        "unit": report.unit,
        "year": report.year,
        "collection_title": report.collection_title,
        "text": report.text,
        "sections": [{"level": s.level, "heading": s.heading, "text": s.text} for s in report.sections],
        "paragraph_count": report.paragraph_count,
        "char_count": report.char_count,
        "placeholder_count": report.placeholder_count,
        "tokens": list(report.tokens),
        "keywords": list(report.keywords),
        "content_sha256": report.content_sha256,
        "flags": list(report.flags),
    }


def report_dict(doc: Document, report: Report) -> dict[str, Any]:
    """A report's fields plus what was removed from it: one line of `docclean clean --json`."""
    removals = [removal_dict(r) for r in doc.removals if r.report_ordinal == report.ordinal]
    suspects = [suspect_dict(s) for s in doc.suspects if s.report_ordinal == report.ordinal]
    return report_fields(doc, report) | {"removals": removals, "suspects": suspects}


def empty_dict(doc: Document) -> dict[str, Any]:
    """A file that yielded no report still gets a line, so nothing disappears from the output."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": 0,
        "title": "",
        "text": "",
        "flags": ["empty", *doc.flags],
        "removals": [removal_dict(r) for r in doc.removals],
        "suspects": [suspect_dict(s) for s in doc.suspects],
    }


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
    ids = {"source_sha256": p.sha256}
    removal_ids = {"source_path": p.entry.path, "source_sha256": p.sha256}
    return FileResult(
        _file_row(p, status, reason, doc),
        [report_fields(doc, r) | {"report_id": report_id(p.sha256, r.ordinal), **ids} for r in doc.reports],
        [removal_dict(m) | removal_ids for m in doc.removals],
    )


def failed_result(p: Payload, status: str, reason: str) -> FileResult:
    return FileResult(_file_row(p, status, reason), [], [])


Signer = Callable[[Sequence[dict[str, Any]]], list[dict[str, Any]]]


def batch_tables(
    results: Sequence[FileResult], batch: BatchInfo, sign: Signer = signature_rows
) -> dict[str, pa.Table]:
    """The worker's tables (WRITE_ORDER) of some files of a batch, with the batch columns filled in (as
    whole columns: cheaper than a key in every row). Arrow tables, never lists of dicts: a batch's
    tokens alone are millions of strings. `sign` makes the signature rows (the worker times it)."""
    stamp = {
        "batch_id": batch.batch_id,
        "ingested_at": batch.ingested_at,
        "pipeline_version": batch.pipeline_version,
        "run_id": batch.run_id,
    }
    reports = [r for res in results for r in res.reports]
    rows = {
        "reports": reports,
        "removals": [m for res in results for m in res.removals],
        "signatures": sign(reports),
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
