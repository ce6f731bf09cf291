"""The cleaning work of a batch, timed by stage: what runs in worker processes (a local process pool,
or Dask workers). No Prefect here: only cleaners/, flows/rows.py and pyarrow.

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
import gc
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
from docclean.cleaners.document import build_document
from docclean.cleaners.model import Document
from docclean.cleaners.pipeline import decode_document
from docclean.cleaners.rules import with_user_rules
from docclean.flows.discover import SUPPORTED, Payload
from docclean.flows.rows import BatchInfo, FileResult, batch_tables, document_result, failed_result, one_line

Clock = Counter  # stage -> seconds
cpu = time.thread_time  # this thread's CPU seconds: cleaning runs in one thread per process


@dataclass(frozen=True, slots=True)
class CleanerSpec:
    """What a worker needs to build its Cleaner (small and picklable, unlike the compiled rules)."""

    rules_text: str | None
    tokens: bool


class Cleaner:
    """Payload to FileResult with the rules loaded once; never raises for a bad file. The work is the
    same as cleaners.pipeline.clean_bytes, split so that each stage's seconds land in a Clock."""

    def __init__(self, rules_text: str | None, tokens: bool) -> None:
        self.rules = with_user_rules(rules_text)
        self.tokens = tokens
        if tokens:  # a missing tokenizer is a broken install: fail the run, not every file
            import docclean.cleaners.tokens  # noqa: F401

    def warm_up(self) -> None:
        """Load the tokenizer's dictionaries now, not inside the first file's clock."""
        if self.tokens:
            from docclean.cleaners import tokens

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
        from docclean.cleaners.tokens import keywords, tokenize

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
    gc.freeze()  # what is loaded now lives as long as the process: keep the collector from rescanning it
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
    release_memory()
    starts = tuple(_unreported)
    _unreported.clear()
    return Cleaned(cleaned.tables, cleaned.clock, starts)


def start_seconds(starts: Sequence[tuple[float, float]], since: float) -> float:
    """Seconds of worker start-up after `since` (time.time()): a pool started before the flow (while
    Prefect's server started) costs the flow only the part that overlaps it."""
    return sum(max(ready - max(began, since), 0.0) for began, ready in starts)
