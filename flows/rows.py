"""One file's bytes to its rows in the lake's three datasets, timed by stage. Runs in worker processes
(a local process pool, or Dask workers): no Prefect here, only cleaners/, pyarrow and the schemas.

Stage clocks (CPU seconds of the cleaning thread, summed per batch; the run record adds them up; CPU,
not wall time, so that the figures stay the work done when other processes share the cores):
  decode    bytes to text (encoding detection, HTML extraction)
  clean     rules, segmentation, metadata (build_document without its tokenizer calls)
  tokens    jieba tokens            keywords  TF-IDF keywords
  rows      Document to dict rows to Arrow tables
  (worker start-up: spawn, imports, rules, tokenizer; wall time, reported once per process in
   Cleaned.starts; the run record keeps the part that overlaps the run as workers_start)
"""

from __future__ import annotations

import ctypes
import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import pyarrow as pa

from cleaners.document import build_document
from cleaners.model import Document, Removal, Report
from cleaners.pipeline import decode_document
from cleaners.rules import with_user_rules
from flows.discover import SUPPORTED, Payload
from schemas import FILES, REMOVALS, REPORTS

DATASETS: dict[str, pa.Schema] = {"reports": REPORTS, "removals": REMOVALS, "files": FILES}
WRITE_ORDER = ("reports", "removals", "files")  # the ledger last: it is what makes a batch visible
Clock = Counter  # stage -> seconds
cpu = time.thread_time  # this thread's CPU seconds: cleaning runs in one thread per process


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


@dataclass(frozen=True, slots=True)
class CleanerSpec:
    """What a worker needs to build its Cleaner (small and picklable, unlike the compiled rules)."""

    rules_text: str | None
    tokens: bool


def report_id(source_sha256: str, ordinal: int) -> str:
    """Stable: the same bytes give the same ids, in any run."""
    return hashlib.sha256(f"{source_sha256}:{ordinal}".encode()).hexdigest()[:24]


def one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]


def _file_row(p: Payload, status: str, error: str | None, doc: Document | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source_path": p.entry.path,
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
    """flows.records.report_dict without its removals (they get rows of their own), built directly:
    dataclasses.asdict on every section and removal was half of this stage (tests check they agree)."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": r.ordinal,
        "title": r.title,
        "unit": r.unit,
        "year": r.year,
        "collection_title": r.collection_title,
        "text": r.text,
        "sections": [{"level": s.level, "heading": s.heading, "text": s.text} for s in r.sections],
        "paragraph_count": r.paragraph_count,
        "char_count": r.char_count,
        "placeholder_count": r.placeholder_count,
        "tokens": list(r.tokens),
        "keywords": list(r.keywords),
        "content_sha256": r.content_sha256,
        "flags": list(r.flags),
        "report_id": report_id(p.sha256, r.ordinal),
        "source_sha256": p.sha256,
    }


REMOVAL_FIELDS = tuple(f.name for f in fields(Removal))


def _removal_row(p: Payload, m: Removal) -> dict[str, Any]:
    row = {name: getattr(m, name) for name in REMOVAL_FIELDS}  # = removal_dict(m): its fields are flat
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


class Cleaner:
    """Payload to FileResult with the rules loaded once; never raises for a bad file. The work is the
    same as cleaners.pipeline.clean_bytes, split so that each stage's seconds land in a Clock."""

    def __init__(self, rules_text: str | None, tokens: bool) -> None:
        self.rules = with_user_rules(rules_text)
        self.tokens = tokens
        if tokens:  # a missing tokenizer is a broken install: fail the run, not every file
            import cleaners.tokens  # noqa: F401

    def warm_up(self) -> None:
        """Load the tokenizer's dictionaries now, not inside the first file's clock."""
        if self.tokens:
            from cleaners import tokens

            tokens._rust_cut()
            tokens._idf_table()
            tokens._compact_jieba()

    def document(self, p: Payload, clock: Clock) -> Document:
        started = cpu()
        decoded = decode_document(p.data, p.entry.path, self.rules)
        decoded_at = cpu()
        clock["decode"] += decoded_at - started
        if not self.tokens:
            doc = build_document(p.entry.path, decoded, self.rules)
            clock["clean"] += cpu() - decoded_at
            return doc
        from cleaners.tokens import keywords, tokenize

        inner = Clock()

        def timed_tokenize(text: str) -> tuple[str, ...]:
            t = cpu()
            try:
                return tokenize(text)
            finally:
                inner["tokens"] += cpu() - t

        def timed_keywords(tokens: Sequence[str]) -> tuple[str, ...]:
            t = cpu()
            try:
                return keywords(tokens)
            finally:
                inner["keywords"] += cpu() - t

        try:
            return build_document(p.entry.path, decoded, self.rules, timed_tokenize, timed_keywords)
        finally:
            clock.update(inner)
            clock["clean"] += cpu() - decoded_at - inner["tokens"] - inner["keywords"]

    def __call__(self, p: Payload, clock: Clock | None = None) -> FileResult:
        clock = Clock() if clock is None else clock
        if not p.entry.supported:
            return failed_result(
                p,
                "unsupported",
                f"unsupported file type '{p.entry.suffix or '(none)'}'; "
                f"docclean reads {', '.join(SUPPORTED)}",
            )
        if p.too_large:
            return failed_result(
                p, "quarantined", f"FileTooLarge: {p.entry.size / 2**20:.1f} MiB is over the per-file limit"
            )
        try:  # a bug in the core, a pathological line, anything: this file is quarantined, the batch goes on
            doc = self.document(p, clock)
        except Exception as exc:
            return failed_result(p, "quarantined", one_line(exc))
        started = cpu()
        result = document_result(p, doc)
        clock["rows"] += cpu() - started
        return result


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


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A batch (or part of one) as Arrow tables, the seconds each stage took to make them, and the
    start-ups (began, ready as time.time()) of worker processes that this result is the first from."""

    tables: dict[str, pa.Table]
    clock: dict[str, float]
    starts: tuple[tuple[float, float], ...] = ()


def clean_payloads(cleaner: Cleaner, payloads: Sequence[Payload], batch: BatchInfo) -> Cleaned:
    clock = Clock()
    results = [cleaner(p, clock) for p in payloads]
    started = cpu()
    tables = batch_tables(results, batch)
    clock["rows"] += cpu() - started
    return Cleaned(tables, dict(clock))


# --- worker processes: one Cleaner per process, whatever runs it (a process pool or Dask) ---------

_cleaners: dict[CleanerSpec, Cleaner] = {}
_unreported: list[tuple[float, float]] = []  # this process's start-ups (began, ready), as time.time()


def start_worker(spec: CleanerSpec, created: float | None = None) -> None:
    """Process-pool initializer: build the Cleaner once per process. `created` (time.time() when the
    pool was made) makes the reported start-up include the process's spawn and imports."""
    began = time.time() if created is None else created
    # Arrow's default allocator keeps freed memory for reuse; the system one gives it back (release_memory)
    pa.set_memory_pool(pa.system_memory_pool())
    cleaner = _cleaners[spec] = Cleaner(spec.rules_text, spec.tokens)
    cleaner.warm_up()
    release_memory()  # loading the dictionaries leaves ~20 MB of freed parse buffers behind
    _unreported.append((began, time.time()))


def release_memory() -> None:
    """Hand freed heap memory back to the OS (glibc keeps it otherwise, and a process's RSS only grows)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def clean_chunk(spec: CleanerSpec, payloads: Sequence[Payload], batch: BatchInfo) -> Cleaned:
    """Clean payloads with this process's Cleaner (built on first use, e.g. on a Dask worker). The first
    result of a process also carries its start-up (see Cleaned.starts)."""
    if spec not in _cleaners:
        start_worker(spec)
    cleaned = clean_payloads(_cleaners[spec], payloads, batch)
    import os
    if os.environ.get('XTRIM'): release_memory()
    starts = tuple(_unreported)
    _unreported.clear()
    return Cleaned(cleaned.tables, cleaned.clock, starts)


def start_seconds(starts: Sequence[tuple[float, float]], since: float) -> float:
    """Seconds of worker start-up after `since` (time.time()): a pool started before the flow (while
    Prefect's server started) costs the flow only the part that overlaps it."""
    return sum(max(ready - max(began, since), 0.0) for began, ready in starts)
