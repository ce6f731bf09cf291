"""A worker's memory stays that of one row group (issue 9, hole 6): a big file's rows are written in
slices, its tokens cut a slice at a time, and the lake holds exactly what one whole-file write gives.
Compaction reads the lake a file at a time. No Prefect here."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from docclean.flows.ingest import inbox as inbox_module
from docclean.flows.ingest import parts, shard
from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec
from docclean.flows.ingest.signatures import signature_rows
from docclean.flows.lake import compact, store
from docclean.flows.lake.store import Lake
from tests.conftest import put, settle
from tests.test_shard import make_shard

# columns that differ between two writes of the same rows (the batch they were written in)
STAMPS = {"batch_id", "run_id", "ingested_at"}


def written(where: Lake, dataset: str) -> list[dict[str, object]]:
    """A dataset's rows in the lake, in file order, without the batch stamps."""
    rows = []
    for path in store.dataset_files(where, dataset):
        table = pq.read_table(path, filesystem=where.fs)
        table = table.drop_columns([c for c in table.column_names if c in STAMPS])
        if "mtime" in table.column_names:  # nanoseconds: compared as the integers they are
            table = table.set_column(
                table.schema.get_field_index("mtime"), "mtime", table["mtime"].cast("int64")
            )
        rows += table.to_pylist()
    return rows


def ingest_once(inbox: Path, where: Lake, tokens: bool = False) -> None:
    manifest = shard.run_shard(make_shard(inbox, where, tokens=tokens))
    store.commit(where, manifest.parts, manifest.batch_id)


def row_groups(where: Lake, dataset: str) -> list[int]:
    (path,) = store.dataset_files(where, dataset)
    meta = pq.read_metadata(path, filesystem=where.fs)
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


@pytest.fixture
def whole(inbox, tmp_path) -> Lake:
    """The samples (a zip bundle among them) written with the shipped row-group sizes."""
    where = Lake.at(tmp_path / "whole")
    put(
        inbox,
        "suspect.txt",
        (
            "某某局2023年工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n"
            "网站首页改版\n全年完成投资12亿元，新建项目36个，竣工投产20个，超额完成任务。\n"
            # long enough to be a big file below: its suspects go through the sliced path
            + "各项重点工作扎实推进，群众满意度持续提升，发展质量和效益稳步提高。\n"
            * 80
        ).encode(),
    )
    ingest_once(inbox, where, tokens=True)
    return where


def test_tokens_cut_as_rows_are_written_are_the_documents_tokens(inbox, whole):
    """The worker cuts tokens and keywords when it writes rows; they are the ones `docclean clean` gives
    (the Document's), and signatures come from the same report rows."""
    cleaner = Cleaner(CleanerSpec(None, tokens=True))
    expected = []
    entries, _ = inbox_module.scan(inbox)
    for entry in entries:
        payload = inbox_module.read_settled(inbox, entry, 0, 2**20)
        assert isinstance(payload, inbox_module.Payload)
        expected += cleaner.result(payload).reports
    by_key = {(r["source_path"], r["ordinal"]): r for r in written(whole, "reports")}
    assert len(by_key) == len(expected) > 10
    for row in expected:
        got = by_key[(row["source_path"], row["ordinal"])]
        assert (got["tokens"], got["keywords"]) == (row["tokens"], row["keywords"])
        assert got["tokens"]
    signed = {(r["source_path"], r["ordinal"]): r["minhash"] for r in signature_rows(expected)}
    assert {(r["source_path"], r["ordinal"]): r["minhash"] for r in written(whole, "signatures")} == signed


def test_a_big_file_is_written_in_slices_and_the_lake_is_the_same(inbox, whole, tmp_path, monkeypatch):
    """With row groups of at most 3 rows or 2,000 characters, each sample is a 'big file': its reports,
    signatures and removals go out in many small row groups, and the lake holds the same rows, in the
    same order, as one row group per dataset."""
    monkeypatch.setattr(parts, "ROW_GROUP_ROWS", 3)
    monkeypatch.setattr(parts, "ROW_GROUP_CHARS", 2000)
    sliced = Lake.at(tmp_path / "sliced")
    ingest_once(inbox, sliced, tokens=True)

    assert written(whole, "suspects")  # the inbox holds a file with suspects (see the fixture)
    for dataset in ("reports", "removals", "signatures", "suspects", "files"):
        assert written(sliced, dataset) == written(whole, dataset), dataset
    for dataset in ("reports", "removals", "signatures"):
        groups = row_groups(sliced, dataset)
        assert len(groups) > len(row_groups(whole, dataset)) and max(groups) <= 3, (dataset, groups)


def test_slices_are_taken_out_of_the_file_s_rows_as_they_are_handed_over():
    """A slice handed to the writer is no longer held by the file's list of rows (else a big file's text
    would be held twice: as rows and as Arrow), and a row longer than a slice is a slice of its own."""
    rows = [{"text": "x" * n} for n in (10, 10, 5000, 10, 10, 10, 10)]
    left = []
    slices = []
    for piece in parts.taken(rows, "text"):
        slices.append([len(r["text"]) for r in piece])
        left.append(len(rows))
    assert [n for s in slices for n in s] == [10, 10, 5000, 10, 10, 10, 10]
    assert left == sorted(left, reverse=True) and left[-1] == 0


def test_compaction_reads_the_lake_a_file_at_a_time_and_keeps_every_row(inbox, tmp_path, monkeypatch):
    where = Lake.at(tmp_path / "lake")
    for name in ("a", "b", "c"):  # three batches of the same files under three folders
        folder = tmp_path / name / "inbox" / name
        folder.mkdir(parents=True)
        for sample in inbox.iterdir():
            settle(put(folder, sample.name, sample.read_bytes()))
        ingest_once(folder.parent, where)
    before = {d: sorted(map(repr, written(where, d))) for d in ("reports", "removals", "files")}

    opened: list[list[str]] = []  # the files of each scan compaction makes (only its own, not the ledger's)
    real = compact.pads.dataset
    recording = SimpleNamespace(dataset=lambda files, **kw: opened.append(list(files)) or real(files, **kw))
    monkeypatch.setattr(compact, "pads", recording)
    done = {c.dataset: c for c in compact.compact(where)}

    assert opened and all(len(files) == 1 for files in opened)  # never several files in one scan
    assert done["reports"].files_before == 3 and done["reports"].orphans_dropped == 0
    for dataset, rows in before.items():
        assert len(store.dataset_files(where, dataset)) == 1
        assert sorted(map(repr, written(where, dataset))) == rows


def test_one_big_file_is_cleaned_without_a_pool_of_workers():
    """A single file is one shard: worker processes would overlap nothing, and a forkserver and a worker
    would each hold the rules and the tokenizer's tables beside the file's own memory."""
    from docclean.flows.ingest.workers import POOL_MIN_BYTES, worth_a_pool

    assert not worth_a_pool(64 * 2**20, 1, processes=2)
    assert worth_a_pool(64 * 2**20, 2, processes=2)
    assert not worth_a_pool(POOL_MIN_BYTES - 1, 500, processes=2)
