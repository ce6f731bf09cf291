"""Documents as rows: the lake's three datasets, and the JSON lines of `docclean clean --json`.

No Prefect here (worker processes import it): only the cleaners' models, pyarrow and the schemas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

import pyarrow as pa

from docclean.cleaners.formats import STATUSES as REFUSED
from docclean.cleaners.model import Document, Refused, Removal, Report, Suspect
from docclean.flows.ingest.inbox import Payload
from docclean.flows.ingest.signatures import signature_rows
from docclean.schemas import FILES, NEAR_DUPS, REMOVALS, REPORTS, SIGNATURES, SUSPECTS

DATASETS: dict[str, pa.Schema] = {
    "reports": REPORTS,
    "removals": REMOVALS,
    "signatures": SIGNATURES,
    "suspects": SUSPECTS,
    "near_dups": NEAR_DUPS,  # written by the flow when it commits a batch (flows/ingest/neardups.py)
    "files": FILES,
}
# What a worker writes for its batch, in commit order: the ledger last, it is what makes a batch visible.
WRITE_ORDER = ("reports", "removals", "signatures", "suspects", "files")
# What a row of the ledger says about its source (`files.status`), in the order summaries list them: a
# document's `ok` or `empty`, `bundle` for a zip read into its members (each a row of its own), and the
# statuses of sources that give no text (cleaners.formats.STATUSES: the one list of those).
STATUSES = tuple(dict.fromkeys(("ok", "empty", "bundle", *REFUSED)))
FINE = ("ok", "bundle")  # statuses that need no one's attention (summaries list the others with reasons)
ARCHIVED = ("ok", "empty", "bundle")  # `--archive` moves an inbox file whose own row says one of these
MEMBER = "!/"  # joins a bundle's path and a member's path in it: `bundle.zip!/dir/member.docx`
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
    """One inbox file's rows: its ledger rows (one for a document; for a zip bundle, the bundle's own and
    one per member), reports, removals and suspects. The batch columns (batch_id, …) are added when
    written."""

    files: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    removals: list[dict[str, Any]]
    suspects: list[dict[str, Any]] = field(default_factory=list)


def report_id(source_sha256: str, ordinal: int, member: str = "") -> str:
    """Stable: the same bytes give the same ids, in any run. A bundle's members share its sha256, so a
    member's id also holds the member's path inside the bundle (not the bundle's name: renaming the zip
    keeps the ids, as renaming a file does)."""
    key = f"{source_sha256}:{member}:{ordinal}" if member else f"{source_sha256}:{ordinal}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]


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
        "sections": [
            {"level": s.level, "heading": s.heading, "section_text": s.text} for s in report.sections
        ],
        "paragraph_count": report.paragraph_count,
        "char_count": report.char_count,
        "placeholder_count": report.placeholder_count,
        "tokens": list(report.tokens),
        "keywords": list(report.keywords),
        "content_sha256": report.content_sha256,
        "flags": list(report.flags),
    }


def report_dict(doc: Document, report: Report) -> dict[str, Any]:
    """A report's fields plus what was removed from it: one line of `docclean clean --json`. The file's
    front matter (kept lines outside its reports: a compilation's header, page titles above the title)
    rides along on every line of the file, as the collection title does. What was taken from the file
    before its lines were numbered (an HTML page's chrome elements: report 0) rides on the first line, so
    that no removal is missing from the output."""
    ordinals = (0, report.ordinal) if doc.reports and report is doc.reports[0] else (report.ordinal,)
    removals = [removal_dict(r) for r in doc.removals if r.report_ordinal in ordinals]
    suspects = [suspect_dict(s) for s in doc.suspects if s.report_ordinal in ordinals]
    extra = {"front_matter": list(doc.front_matter), "removals": removals, "suspects": suspects}
    return report_fields(doc, report) | extra


def empty_dict(doc: Document) -> dict[str, Any]:
    """A file that yielded no report still gets a line, so nothing disappears from the output."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": 0,
        "title": "",
        "text": "",
        "flags": ["empty", *doc.flags],
        "front_matter": list(doc.front_matter),
        "removals": [removal_dict(r) for r in doc.removals],
        "suspects": [suspect_dict(s) for s in doc.suspects],
    }


def _file_row(
    p: Payload, source: Document | Refused | None, status: str, error: str | None
) -> dict[str, Any]:
    """The ledger row of the inbox file itself (`source` None: a bundle's own row) or of one source in it."""
    path = p.entry.path if source is None else _path(source)
    member = path != p.entry.path
    raw = p.entry.raw_path
    row: dict[str, Any] = {
        "source_path": path,
        "source_path_raw": raw + path[len(p.entry.path) :].encode() if raw is not None else None,
        "bundle_path": p.entry.path if member else None,
        "source_sha256": p.sha256,
        "size_bytes": None if member else p.entry.size,  # a member's bytes are counted in its bundle's row
        "mtime": p.entry.mtime_ns,
        "format": "zip" if source is None else source.format,
        "status": status,
        "error": error,
        "report_count": 0,
        "removal_count": 0,
        "suspect_count": 0,
        "front_matter": [],
        "flags": [],
    }
    if isinstance(source, Document):
        row |= {
            "encoding": source.encoding,
            "encoding_confidence": source.encoding_confidence,
            "report_count": len(source.reports),
            "removal_count": len(source.removals),
            "suspect_count": len(source.suspects),
            "collection_title": source.collection_title,
            "front_matter": list(source.front_matter),
            "flags": list(source.flags),
        }
    return row


def _path(source: Document | Refused) -> str:
    return source.source_path if isinstance(source, Document) else source.path


def empty_reason(doc: Document, no_bytes: bool) -> str:
    if no_bytes:
        return "empty file (0 bytes)"
    if doc.front_matter:
        return f"no report found; {len(doc.front_matter)} line(s) kept as front matter"
    if doc.removals:
        return f"only noise: {len(doc.removals)} removal(s) and no report text left"
    return "no text (whitespace only)"


def source_result(p: Payload, source: Document | Refused) -> FileResult:
    """The rows of one source: the inbox file itself, or one member of a bundle."""
    if isinstance(source, Refused):
        return FileResult([_file_row(p, source, source.status, source.reason)], [], [])
    path = source.source_path
    member = path[len(p.entry.path) + len(MEMBER) :] if path != p.entry.path else ""
    no_bytes = not member and not p.data
    status, reason = ("ok", None) if source.reports else ("empty", empty_reason(source, no_bytes))
    ids = {"source_sha256": p.sha256}
    removal_ids = {"source_path": path, "source_sha256": p.sha256}
    return FileResult(
        [_file_row(p, source, status, reason)],
        [
            report_fields(source, r) | {"report_id": report_id(p.sha256, r.ordinal, member), **ids}
            for r in source.reports
        ],
        [removal_dict(m) | removal_ids for m in source.removals],
        [suspect_row(s, ids, member) | removal_ids for s in source.suspects],
    )


def suspect_row(suspect: Suspect, ids: dict[str, str], member: str = "") -> dict[str, Any]:
    """A suspect as a lake row: the report it sits in named by its id (null outside any report)."""
    ordinal = suspect.report_ordinal
    return suspect_dict(suspect) | {
        "report_id": report_id(ids["source_sha256"], ordinal, member) if ordinal else None
    }


class FileRows:
    """An inbox file's rows, built a source at a time (cleaners give a bundle's members one by one).

    A document (or a file refused whole) is one ledger row at the file's path. A zip bundle is one row per
    member, then a row of its own (status `bundle`, its size and mtime: what the next run's stat check
    compares), all with the bundle's sha256 and in one batch, so that a bundle and its members are
    committed, skipped and superseded together. A bundle that broke off after some members (a reader's
    bug) gets that status and reason on its own row."""

    def __init__(self, p: Payload) -> None:
        self.p = p
        self.members = 0
        self.whole: Refused | None = None  # the file itself refused: before any member, or partway
        self.done = False

    def add(self, source: Document | Refused) -> FileResult | None:
        """The rows of one source (None when it is the bundle's own failure: its row comes at the end)."""
        if _path(source) != self.p.entry.path:
            self.members += 1
            return source_result(self.p, source)
        if self.members:  # the bundle broke off partway: said on its own row, at the end
            self.whole = source if isinstance(source, Refused) else None
            return None
        self.done = True
        return source_result(self.p, source)

    def close(self) -> FileResult | None:
        """The bundle's own row (None for a document: its row is out already)."""
        if self.members:
            if self.whole is not None:
                return FileResult([_file_row(self.p, None, self.whole.status, self.whole.reason)], [], [])
            reason = (
                f"zip bundle of {self.members} source(s), each a row of its own: {self.p.entry.path}{MEMBER}…"
            )
            return FileResult([_file_row(self.p, None, "bundle", reason)], [], [])
        if not self.done:  # extract always names something; never let a file vanish all the same
            return source_result(self.p, Refused(self.p.entry.path, "", "empty", "no source found in it"))
        return None


def merged(results: Sequence[FileResult]) -> FileResult:
    return FileResult(
        [row for r in results for row in r.files],
        [row for r in results for row in r.reports],
        [row for r in results for row in r.removals],
        [row for r in results for row in r.suspects],
    )


def approx_bytes(result: FileResult) -> int:
    """Roughly the input bytes behind some rows (UTF-8 hanzi are 3 bytes): how a worker sizes its row
    groups when a bundle's members come one at a time."""
    return 3 * sum(len(r["text"]) + len(r["title"]) for r in result.reports)


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
        "suspects": [s for res in results for s in res.suspects],
        "files": [row for res in results for row in res.files],
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
