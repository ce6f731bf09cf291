"""A shard's Parquet parts, written a row group at a time, so that a worker's memory stays that of one
row group whatever the shard or one of its files holds.

Small files are gathered, up to ROW_GROUP_FILES files or ROW_GROUP_BYTES of input, into one row group
per dataset. A file with more rows than fit one (a 64 MiB compilation holds ≈15,000 reports and 30,000
removals) has its rows written in slices of at most ROW_GROUP_ROWS rows or ROW_GROUP_CHARS characters of
text each, then its ledger rows: its Arrow copy is one slice, never the whole file. The rows and their
order are the same either way; only the row groups differ.

Tokens and keywords are cut here, for a row group's reports just before they become Arrow, from the
same text as a Document's (cleaners.document.token_source): a big file's tokens (≈10 million for 50 MB,
the largest part of its rows) are then never all in memory at once. No Prefect here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from docclean.cleaners.document import token_source
from docclean.flows.ingest.cleaner import WARM_UP
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.rows import WRITE_ORDER, BatchInfo, FileResult, batch_tables
from docclean.flows.ingest.signatures import signature_rows
from docclean.flows.lake.store import Lake, PartWriter

ROW_GROUP_FILES, ROW_GROUP_BYTES = 200, 8 * 2**20  # small files per row group: bounds a worker's memory
ROW_GROUP_ROWS, ROW_GROUP_CHARS = 2000, 2**20  # one big file's report or removal rows per row group
TEXT = {"reports": "text", "removals": "removed_text"}  # the column that makes a row big


def taken(rows: list[dict[str, Any]], text: str) -> Iterator[list[dict[str, Any]]]:
    """Consecutive runs of `rows`, each at most ROW_GROUP_ROWS rows and ROW_GROUP_CHARS characters of
    `text` (a longer row is a run of its own), each taken out of `rows` as it is handed over: a row
    written to Arrow must not outlive its row group, as the conversion leaves a UTF-8 copy of each of its
    strings on the string itself (CPython caches it): kept, a big file's text would be held twice."""
    while rows:
        count, chars = 0, 0
        for row in rows:
            size = len(row[text] or "")
            if count and (count >= ROW_GROUP_ROWS or chars + size > ROW_GROUP_CHARS):
                break
            count, chars = count + 1, chars + size
        run, rows[:count] = rows[:count], []
        yield run


def too_big(result: FileResult) -> bool:
    """Do one source's rows hold more than one row group should?"""
    return any(
        len(rows) > ROW_GROUP_ROWS or sum(len(row[TEXT[name]] or "") for row in rows) > ROW_GROUP_CHARS
        for name, rows in (("reports", result.reports), ("removals", result.removals))
    )


class Tokens:
    """Cuts report rows' tokens and keywords, each call on the clock's `tokens` and `keywords` stages."""

    def __init__(self, clock: Clock) -> None:
        from docclean.cleaners.tokens import keywords, tokenize  # jieba: only runs with tokens load it

        # every table loaded now, off the clock; a missing tokenizer (a broken install) fails here, once
        keywords(tokenize(WARM_UP))
        self.tokenize, self.keywords = clock.timed("tokens", tokenize), clock.timed("keywords", keywords)

    def __call__(self, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for row in reports:
            tokens = self.tokenize(token_source(row["title"], row["text"]))
            out.append(
                row | {"tokens": list(tokens), "keywords": list(self.keywords(tokens)) if tokens else []}
            )
        return out


class Parts:
    """The shard's datasets (WRITE_ORDER), each under its temporary name; nothing is opened for an empty
    shard. Signature rows are made from the report rows of each row group; with `tokens`, report rows get
    their tokens and keywords as they are written."""

    def __init__(self, lake: Lake, batch: BatchInfo, clock: Clock, tokens: Tokens | None = None) -> None:
        self.lake, self.batch, self.tokens = lake, batch, tokens
        self.sign = clock.timed("signatures", signature_rows)
        self.writers: dict[str, PartWriter] = {}
        self.pending: list[FileResult] = []
        self.pending_bytes = 0
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def add(self, result: FileResult, size: int) -> None:
        """One source's rows (a document, or a bundle's member or own row); `size` its input bytes."""
        self.by_category.update(m["category"] for m in result.removals)
        self.by_rule.update(m["rule_id"] for m in result.removals)
        if too_big(result):
            self.flush()
            self._write_sliced(result)
            return
        self.pending.append(result)
        self.pending_bytes += size
        if len(self.pending) >= ROW_GROUP_FILES or self.pending_bytes >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self._write([self._tokenised(r) for r in self.pending], WRITE_ORDER)
            self.pending, self.pending_bytes = [], 0

    def _tokenised(self, result: FileResult) -> FileResult:
        if self.tokens is None or not result.reports:
            return result
        return FileResult(result.files, self.tokens(result.reports), result.removals, result.suspects)

    def _write_sliced(self, result: FileResult) -> None:
        """A big source: its reports (and their signatures), then its removals, a slice per row group, then
        its suspects and ledger rows. The source's rows are used up as they are written (see `taken`)."""
        for rows in taken(result.reports, "text"):
            self._write([self._tokenised(FileResult([], rows, []))], ("reports", "signatures"))
        for rows in taken(result.removals, "removed_text"):
            self._write([FileResult([], [], rows)], ("removals",))
        # suspects are few (lines a detector was unsure of): written whole, with the ledger rows
        self._write([FileResult(result.files, [], [], result.suspects)], ("suspects", "files"))

    def _write(self, results: list[FileResult], datasets: tuple[str, ...]) -> None:
        tables = batch_tables(results, self.batch, self.sign)
        for dataset in WRITE_ORDER:
            if dataset not in datasets:
                continue
            if dataset not in self.writers:
                self.writers[dataset] = PartWriter(self.lake, dataset, self.batch.batch_id)
            if tables[dataset].num_rows:  # an empty table would still make an (empty) row group
                self.writers[dataset].write(tables[dataset])

    def close(self) -> tuple[dict[str, str], dict[str, int]]:
        self.flush()
        return {d: w.close() for d, w in self.writers.items()}, {d: w.rows for d, w in self.writers.items()}

    def abandon(self) -> None:
        for writer in self.writers.values():
            writer.abandon()
