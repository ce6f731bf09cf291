"""Near-duplicates in the run path: the flow's thread answers each shard's reports as it commits them.

A worker cannot answer `near_dup_of` itself: the answer depends on every report committed before its
own, in other shards and earlier runs. So the worker writes its reports' signatures (`signatures`
dataset, flows/ingest/signatures.py) like its other parts, and the flow's thread, committing shards in
order, reads each shard's signature part (its temporary file: no text, 512 bytes a report), answers
against the lake's live reports (cleaners/neardup_live.py) and writes the answers as a `near_dups`
part, published with the shard's other parts, before its ledger. So:
- a killed run leaves its answers where it leaves its reports: invisible (no ledger row), cleared or
  ignored like them, and the next run answers its files again;
- an answer given again (the report it named was superseded by this shard) carries the report's own
  ledger key and `resolved_in` = this batch: readers take, per report, the answer of the latest
  committed batch (flows/lake/query.py), so an uncommitted batch's answers never count;
- the index is loaded once per run, the first time a shard has something to commit, from the lake's
  signatures of the latest file versions only, a file at a time and never with text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from docclean.cleaners.neardup import NUM_PERM, SCHEME
from docclean.cleaners.neardup_index import SignatureIndex, Signed
from docclean.cleaners.neardup_live import LiveIndex, Resolution
from docclean.flows.ingest.shard import Manifest
from docclean.flows.lake.store import Lake, PartWriter, dataset_files, publish
from docclean.schemas import MINHASH_SCHEME

SIGNATURE_COLUMNS = [
    "report_id",
    "source_path",
    "source_sha256",
    "batch_id",
    "ordinal",
    "ingested_at",
    "minhash",
]
log = logging.getLogger(__name__)
LEDGER_COLUMNS = ["source_path", "source_sha256", "batch_id", "ingested_at"]
LINK_COLUMNS = ["report_id", "source_path", "source_sha256", "batch_id", "near_dup_of", "resolved_in"]


@dataclass
class Ledger:
    """What the ledger says is live: the latest (sha256, batch) of every path, and the committed batches."""

    latest: dict[str, tuple[str, str]] = field(default_factory=dict)
    batches: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, lake: Lake) -> Ledger:
        newest: dict[str, tuple[tuple[int, str], str]] = {}  # path -> ((ingested_at, batch), sha)
        batches: set[str] = set()
        for path in dataset_files(lake, "files"):
            table = pq.read_table(path, columns=LEDGER_COLUMNS, filesystem=lake.fs)
            stamps = table.column("ingested_at").cast(pa.int64()).to_pylist()
            paths, shas, ids = _columns(table, "source_path", "source_sha256", "batch_id")
            batches.update(ids)
            for source, sha, batch, stamp in zip(paths, shas, ids, stamps, strict=True):
                at = (stamp, batch)  # the order of store.latest_versions
                if source not in newest or at > newest[source][0]:
                    newest[source] = (at, sha)
        return cls({p: (sha, at[1]) for p, (at, sha) in newest.items()}, batches)

    def live(self, table: pa.Table) -> pa.Table:
        """The rows of the latest file versions (orphans of killed runs and superseded versions left out)."""
        keys = zip(*_columns(table, "source_path", "source_sha256", "batch_id"), strict=True)
        keep = [self.latest.get(path) == (sha, batch) for path, sha, batch in keys]
        return table.filter(pa.array(keep, pa.bool_()))


def _columns(table: pa.Table, *names: str) -> list[list]:
    return [table.column(name).to_pylist() for name in names]


def _orders(table: pa.Table) -> list[tuple]:
    """Ingestion order, as the lake's readers see it: (ingested_at in µs, source_path, ordinal)."""
    stamps = table.column("ingested_at").cast(pa.int64()).to_pylist()
    return list(zip(stamps, *_columns(table, "source_path", "ordinal"), strict=True))


def _signed(table: pa.Table) -> Iterator[Signed]:
    """The index's view of signature rows (a null minhash: too short to compare)."""
    columns = _columns(table, "report_id", "source_path", "minhash")
    for (report_id, path, sig), order in zip(zip(*columns, strict=True), _orders(table), strict=True):
        yield Signed(report_id, order, path, None if sig is None else np.frombuffer(sig, "<u4"))


def _matrix(minhash: pa.ChunkedArray) -> np.ndarray:
    """The (reports, 128) uint32 matrix of a column without nulls, straight from its buffers."""
    parts = []
    for chunk in minhash.chunks:
        data = np.frombuffer(chunk.buffers()[1], dtype="<u4")
        parts.append(data[chunk.offset * NUM_PERM : (chunk.offset + len(chunk)) * NUM_PERM])
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype="<u4")
    return flat.astype(np.uint32, copy=False).reshape(-1, NUM_PERM)


def _damaged(path: str, exc: BaseException) -> None:
    """A derived file that cannot be read must not stop ingestion: its reports are not compared."""
    log.warning(
        "near-duplicates: %s cannot be read (%s); its reports are not compared until "
        "`docclean check --repair` sets it aside",
        path,
        " ".join(str(exc).split())[:200],
    )


def _signature_files(lake: Lake) -> list[tuple[str, pq.ParquetFile]]:
    """The signature files of this scheme (others cannot be compared with these), footers read."""
    files = []
    for path in dataset_files(lake, "signatures"):
        try:
            parquet = pq.ParquetFile(path, filesystem=lake.fs)
        except (OSError, pa.ArrowException) as exc:
            _damaged(path, exc)
            continue
        if (parquet.schema_arrow.metadata or {}).get(MINHASH_SCHEME) == SCHEME.encode():
            files.append((path, parquet))
    return files


def load_index(lake: Lake, ledger: Ledger) -> SignatureIndex:
    """The live reports' signatures, a file (and a row group) at a time; text is never read. The matrix
    is allocated once from the footers' row counts, so the signatures are never held twice."""
    files = _signature_files(lake)
    matrix = np.empty((sum(f.metadata.num_rows for _, f in files), NUM_PERM), dtype=np.uint32)
    ids: list[str] = []
    orders: list[tuple] = []
    paths: list[str] = []
    for path, parquet in files:
        try:
            tables = [
                ledger.live(pa.Table.from_batches([batch]))
                for batch in parquet.iter_batches(batch_size=65_536, columns=SIGNATURE_COLUMNS)
            ]
        except (OSError, pa.ArrowException) as exc:
            _damaged(path, exc)
            continue
        for table in tables:
            table = table.filter(pc.is_valid(table.column("minhash")))
            matrix[len(ids) : len(ids) + table.num_rows] = _matrix(table.column("minhash"))
            ids += table.column("report_id").to_pylist()
            paths += table.column("source_path").to_pylist()
            orders += _orders(table)
    if len(ids) < 0.75 * len(matrix):  # many superseded versions: do not keep their room
        matrix = matrix[: len(ids)].copy()
    return SignatureIndex(ids, orders, paths, matrix[: len(ids)])


def load_links(lake: Lake, ledger: Ledger) -> dict[tuple[str, str], str]:
    """The answers in force: per live report, the one of the latest committed batch, where it names one."""
    answers: dict[tuple[str, str], tuple[str, str | None]] = {}
    for path in dataset_files(lake, "near_dups"):
        try:
            table = ledger.live(pq.read_table(path, columns=LINK_COLUMNS, filesystem=lake.fs))
        except (OSError, pa.ArrowException) as exc:
            _damaged(path, exc)
            continue
        rows = zip(*_columns(table, "source_path", "report_id", "near_dup_of", "resolved_in"), strict=True)
        for source, report, target, resolved_in in rows:
            if resolved_in in ledger.batches:
                key = (source, report)
                if key not in answers or resolved_in > answers[key][0]:
                    answers[key] = (resolved_in, target)
    return {key: target for key, (_, target) in answers.items() if target is not None}


class NearDups:
    """The run's near-duplicate state, owned by the flow's thread; `answer` once per shard, in order."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.ledger: Ledger | None = None
        self.live: LiveIndex | None = None
        self.found = 0  # new reports with a near-duplicate, this run
        self.again = 0  # reports answered again because the one they named was superseded

    def _load(self) -> tuple[Ledger, LiveIndex]:
        if self.ledger is None or self.live is None:
            self.ledger = Ledger.read(self.lake)
            self.live = LiveIndex(load_index(self.lake, self.ledger), load_links(self.lake, self.ledger))
        return self.ledger, self.live

    def answer(self, manifest: Manifest) -> str | None:
        """Answer the shard's reports and write the answers as a near_dups part (temporary name); its
        path, or None for a shard that ingested no file. Call just before committing the shard."""
        if not manifest.files:
            return None
        ledger, live = self._load()
        signatures = manifest.parts.get("signatures")
        table = pq.read_table(signatures, filesystem=self.lake.fs) if signatures else None
        new = list(_signed(table)) if table is not None else []
        answers = live.advance(new, [f.entry.path for f in manifest.files])
        shas = {} if table is None else dict(zip(*_columns(table, "report_id", "source_sha256"), strict=True))
        rows = [
            self._row(r, ledger, manifest.batch_id, shas) for r in answers if r.again or r.near.near_dup_of
        ]
        self.found += sum(not r.again and r.near.near_dup_of is not None for r in answers)
        self.again += sum(r.again for r in answers)
        for f in manifest.files:  # this shard's versions are the latest once it is committed
            ledger.latest[f.entry.path] = (f.sha256, manifest.batch_id)
        ledger.batches.add(manifest.batch_id)
        # a part even when empty: every committed batch has one, so a glob over the folder always
        # matches (`docclean views --sql`)
        writer = PartWriter(self.lake, "near_dups", manifest.batch_id)
        try:
            writer.write(pa.Table.from_pylist(rows, schema=writer.schema))
            return writer.close()
        except BaseException:
            writer.abandon()
            raise

    @staticmethod
    def _row(r: Resolution, ledger: Ledger, batch_id: str, shas: dict[str, str]) -> dict:
        sha, batch = ledger.latest[r.source_path] if r.again else (shas[r.near.report_id], batch_id)
        return {
            "report_id": r.near.report_id,
            "source_path": r.source_path,
            "source_sha256": sha,
            "batch_id": batch,
            "near_dup_of": r.near.near_dup_of,
            "near_dup_similarity": r.near.similarity,
            "resolved_in": batch_id,
        }

    def publish(self, temporary: str | None, batch_id: str) -> None:
        """Make the answers visible, before the shard's ledger (store.commit publishes it last)."""
        if temporary is not None:
            publish(self.lake, temporary, f"{self.lake.folder('near_dups')}/{batch_id}.parquet")
