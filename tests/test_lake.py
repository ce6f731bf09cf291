"""The lake without Prefect: files to rows, atomic batches, the ledger, orphans, compaction, the lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from docclean.flows.ingest import inbox as discover
from docclean.flows.ingest import rows
from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec
from docclean.flows.ingest.inbox import Deferred, FileEntry, Known, Payload
from docclean.flows.ingest.rows import BatchInfo
from docclean.flows.lake import compact, store
from docclean.flows.lake import store as lake
from docclean.flows.lake.store import Lake
from docclean.schemas import FILES, REMOVALS, REPORTS, SCHEMA_VERSION
from tests.conftest import ROOT, SAMPLES

NOISE = "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n识别二维码进入笔杆子家园开通会员即可免费使用1000万字精品资料\n"


def payload(path: str, data: bytes) -> Payload:
    import hashlib

    return Payload(
        FileEntry(path, len(data), 1_700_000_000_123_456_789), hashlib.sha256(data).hexdigest(), data
    )


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanerSpec(None, tokens=False))


def write(
    where: Lake, payloads: list[Payload], cleaner: Cleaner, datasets: tuple[str, ...] = rows.WRITE_ORDER
) -> str:
    info = BatchInfo(lake.new_batch_id(), "test-run", datetime.now(UTC), "test")
    tables = rows.batch_tables([cleaner.result(p) for p in payloads], info)
    for name in datasets:
        store.write_table(where, name, info.batch_id, tables[name])
    return info.batch_id


def sample(i: int) -> Payload:
    return payload(SAMPLES[i].name, SAMPLES[i].read_bytes())


@pytest.mark.parametrize(
    ("name", "data", "status", "reason"),
    [
        ("empty.txt", b"", "empty", "empty file (0 bytes)"),
        ("blank.txt", b"  \n\t\r\n \xe3\x80\x80\n", "empty", "whitespace only"),
        ("noise.txt", NOISE.encode(), "empty", "only noise: 2 removal(s)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unsupported", "binary content: PNG image"),
        ("nul.txt", b"abc\x00def" * 20, "quarantined", "binary content: NUL"),
        ("README.md", b"# hello\n", "not_text", "too little text to be a document"),
        ("random.txt", bytes(range(1, 90)), "not_text", "control, private-use or undecodable characters"),
        ("report.docx", b"PK\x03\x04", "quarantined", "truncated or corrupt"),
        (
            "report.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
            "unsupported",
            ".doc",
        ),
    ],
)
def test_bad_inputs_become_a_status_with_a_reason(cleaner, name, data, status, reason):
    result = cleaner.result(payload(name, data))
    [row] = result.files
    assert (row["status"], result.reports) == (status, [])
    assert reason in row["error"]


def test_an_exception_in_the_core_quarantines_that_file_only(cleaner, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("line 1\nline 2")

    monkeypatch.setattr("docclean.flows.ingest.cleaner.decode_source", broken)
    assert cleaner.result(sample(3)).files[0]["error"] == "ValueError: line 1 line 2"


def test_rows_carry_stable_ids_and_every_kept_line(cleaner):
    first, again = cleaner.result(sample(4)), cleaner.result(sample(4))
    ids = [r["report_id"] for r in first.reports]
    assert ids == [r["report_id"] for r in again.reports] and len(set(ids)) == 5
    assert first.files[0]["front_matter"][0] == "2023年度抓党建工作述职报告汇编"
    assert first.files[0]["removal_count"] == len(first.removals) > 0


def test_batch_reads_back_with_the_declared_schemas(tmp_path, cleaner):
    where = Lake.at(tmp_path / "lake")
    batch = write(where, [sample(0), sample(3), payload("empty.txt", b"")], cleaner)
    for name, schema in [("reports", REPORTS), ("removals", REMOVALS), ("files", FILES)]:
        path = where.folder(name) + f"/{batch}.parquet"
        read = pq.read_schema(path)
        assert read.equals(schema, check_metadata=False), name
        assert read.metadata[b"schema_version"] == SCHEMA_VERSION.encode()
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_table(where.folder("reports")).num_rows == 7
    assert not [p for p in Path(where.root).rglob("*") if p.name.endswith(".tmp")]


def test_ledger_keeps_exact_mtime_and_latest_version(tmp_path, cleaner):
    where = Lake.at(tmp_path / "lake")
    write(where, [payload("a.txt", b"one")], cleaner)
    write(where, [payload("a.txt", b"two")], cleaner)
    known = lake.latest_versions(where)
    assert known["a.txt"] == Known(payload("a.txt", b"two").sha256, 3, 1_700_000_000_123_456_789)


def test_compact_merges_batches_and_drops_orphans(tmp_path, cleaner):
    where = Lake.at(tmp_path / "lake")
    write(where, [sample(2)], cleaner)
    write(where, [sample(3)], cleaner)
    write(where, [sample(4)], cleaner, datasets=("reports", "removals"))  # a run killed before its ledger
    assert pq.read_table(where.folder("reports")).num_rows == 7
    stats = {c.dataset: c for c in compact.compact(where)}
    assert stats["reports"].orphans_dropped == 5 and stats["reports"].rows == 2
    assert stats["files"].rows == 2
    for name in rows.WRITE_ORDER:
        assert len(lake.dataset_files(where, name)) == 1
    assert pq.read_table(where.folder("reports")).num_rows == 2


def test_compact_streams_a_batch_file_at_a_time(tmp_path, cleaner, monkeypatch):
    where = Lake.at(tmp_path / "lake")
    for i in (0, 2, 3):
        write(where, [sample(i)], cleaner)
    before = pq.read_table(where.folder("removals")).sort_by(
        [("source_path", "ascending"), ("start", "ascending")]
    )
    whole = []
    real = lake.read_dataset
    monkeypatch.setattr(
        lake, "read_dataset", lambda w, d, columns=None: whole.append((d, columns)) or real(w, d, columns)
    )
    monkeypatch.setattr(compact, "GROUP_BYTES", 1)  # no gathering: a row group per part read
    compact.compact(where)
    assert all(columns for _, columns in whole), f"a whole dataset was read into memory: {whole}"
    (merged,) = lake.dataset_files(where, "removals")
    assert pq.ParquetFile(merged).num_row_groups == 3  # written part by part, not concatenated first
    after = pq.read_table(merged).sort_by([("source_path", "ascending"), ("start", "ascending")])
    assert after.equals(before.cast(after.schema))


def test_what_a_killed_process_left_is_cleared_next_time(tmp_path, cleaner):
    where = Lake.at(tmp_path / "lake")
    write(where, [sample(2)], cleaner)
    write(where, [sample(3)], cleaner)
    before = {
        Path(p): Path(p).read_bytes() for name in rows.DATASETS for p in lake.dataset_files(where, name)
    }
    compact.compact(where)
    for path, data in before.items():  # as if killed after writing the merged files, before deleting
        path.write_bytes(data)
    assert len(lake.dataset_files(where, "reports")) == 3
    stale = Path(where.folder("reports")) / ".x.parquet.123.tmp"  # a write killed half-way
    stale.write_bytes(b"PAR1")
    lake.recover(where)
    assert len(lake.dataset_files(where, "reports")) == 1 and not stale.exists()
    assert pq.read_table(where.folder("reports")).num_rows == 2


def test_discovery_plans_batches_and_defers_unsettled_files(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "二级 目录").mkdir(parents=True)
    (inbox / "二级 目录" / "述职 报告 (1).txt").write_bytes(b"x" * 10)
    (inbox / "old.txt").write_bytes(b"y" * 20)
    old = time.time() - 60
    os.utime(inbox / "old.txt", (old, old))
    entries, _ = discover.scan(inbox)
    assert [e.path for e in entries] == ["old.txt", "二级 目录/述职 报告 (1).txt"]
    known = {"old.txt": Known("sha", 20, entries[0].mtime_ns)}
    assert discover.plan(entries, known) == ([entries[1]], [entries[0]])
    fresh = discover.read_settled(inbox, entries[1], settle_seconds=2, max_bytes=2**20)
    assert isinstance(fresh, Deferred) and "settle" in fresh.reason
    (inbox / "old.txt").write_bytes(b"grown")
    assert "changed" in discover.read_settled(inbox, entries[0], 2, 2**20).reason
    with pytest.raises(discover.InboxMissing):
        discover.scan(tmp_path / "nowhere")


def test_discovery_names_what_is_not_a_regular_file(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "locked" / "hidden.txt").write_bytes(b"x")
    (inbox / "ok.txt").write_bytes(b"y")
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "linked.txt").symlink_to(inbox / "ok.txt")  # a link to a file is that file
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # would loop back into the inbox
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, which chmod cannot lock out: refuse the folder here instead
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    entries, unlisted = discover.scan(inbox)
    assert [e.path for e in entries] == ["linked.txt", "ok.txt"]
    assert {u.path: u.reason for u in unlisted} == {
        "locked/": "folder not readable: Permission denied",
        "gone.txt": "link to a missing target: No such file or directory",
        "pipe.txt": "not a regular file (a named pipe)",
        "elsewhere/": "link to a folder: not followed",
    }


LOCK_HOLDER = """
import sys, time
from docclean.flows.lake.store import Lake, locked
with locked(Lake.at(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def lock_held_elsewhere(tmp_path):
    """The lake's lock held by another process, as by a concurrent run."""
    where = tmp_path / "lake"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(where)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    yield Lake.at(where), holder.pid
    holder.kill()
    holder.wait()


def test_lock_refuses_a_second_process_and_is_reentrant_in_one(lock_held_elsewhere, tmp_path):
    where, pid = lock_held_elsewhere
    with pytest.raises(lake.LakeLocked, match=f"pid {pid}"):
        with lake.locked(where):
            pass
    mine = Lake.at(tmp_path / "other")
    with lake.locked(mine), lake.locked(mine):
        pass


def test_the_lake_works_on_a_filesystem_that_is_not_local(cleaner):
    """What `--lake s3://…` relies on, on a pyarrow filesystem that is not the local one (fsspec's
    in-memory filesystem): batch writes, the ledger, orphans, compaction, recovery and run records."""
    fsspec = pytest.importorskip("fsspec")
    from pyarrow.fs import FSSpecHandler, PyFileSystem

    from docclean.flows.ingest import summary as runs

    where = Lake("/lake", PyFileSystem(FSSpecHandler(fsspec.filesystem("memory"))))
    assert not where.is_local
    try:
        write(where, [sample(2)], cleaner)
        write(where, [sample(3)], cleaner)
        write(where, [sample(4)], cleaner, datasets=("reports", "removals"))  # a run killed before its ledger
        assert set(lake.latest_versions(where)) == {SAMPLES[2].name, SAMPLES[3].name}
        stats = {c.dataset: c for c in compact.compact(where)}
        assert (stats["reports"].rows, stats["reports"].orphans_dropped) == (2, 5)
        assert all(len(lake.dataset_files(where, name)) == 1 for name in rows.WRITE_ORDER)
        lake.recover(where)  # nothing left to do, and no local path assumed
        assert lake.read_dataset(where, "reports").num_rows == 2
        path = runs.write_record(where, f"{where.root}/_runs/20240101-run.json", {"run_id": "run"})
        assert path.endswith("run.json") and [r["run_id"] for r in runs.read_records(where)] == ["run"]
    finally:
        fsspec.filesystem("memory").rm("/lake", recursive=True)


def test_the_cheap_check_every_run_makes_finds_a_ledger_damaged_inside(tmp_path, cleaner):
    """A ledger file whose footer is intact but one of its pages is not (overwritten in the middle): the
    check each run makes at its start finds it (found by the fault campaign: the run went on, and every
    query then failed on that file)."""
    import random

    from docclean.flows.lake import integrity

    where = Lake.at(tmp_path / "lake")
    for i in range(len(SAMPLES)):
        write(where, [sample(i)], cleaner)
    assert integrity.verify(where).ok
    (victim, *_) = lake.dataset_files(where, "files")
    chunk = pq.read_metadata(victim).row_group(0).column(0)  # source_path: a column no count needs
    with open(victim, "r+b") as handle:
        handle.seek(chunk.data_page_offset + 8)  # inside its page, past the page header's first bytes
        handle.write(random.Random(1).randbytes(chunk.total_compressed_size - 8))
    found = integrity.verify(where)  # the cheap form, as `run` calls it
    assert not found.ok and any(Path(victim).name in line for line in found.lines())
