"""A worker owns its shard: it reads, cleans and writes parts that stay invisible until the flow commits
them, ledger last, each file fsynced before its rename and its folder after. No Prefect here."""

from __future__ import annotations

import errno
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from docclean.flows.ingest import inbox, shard
from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.flow import cut_shards
from docclean.flows.ingest.inbox import FileEntry
from docclean.flows.ingest.rows import BatchInfo
from docclean.flows.ingest.summary import read_records, write_record
from docclean.flows.lake import query, store
from docclean.flows.lake.store import Lake
from tests.conftest import SAMPLES, put


def make_shard(
    inbox_dir: Path,
    where: Lake,
    known: dict[str, str] | None = None,
    settle: float = 30,
    tokens: bool = False,
) -> shard.Shard:
    entries, _ = inbox.scan(inbox_dir)
    batch = BatchInfo(store.new_batch_id(), "run", datetime.now(UTC), "test")
    return shard.Shard(
        str(inbox_dir),
        where.root,
        batch,
        tuple(entries),
        known or {},
        CleanerSpec(None, tokens=tokens),
        settle_seconds=settle,
        max_bytes=2**20,
    )


def count(where: Lake, sql: str) -> int:
    return query.run_sql(query.connect(where), sql)[1][0][0]


def test_a_shard_writes_invisible_parts_and_a_small_manifest(inbox, tmp_path):
    put(inbox, "picture.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    (inbox / "fresh.txt").write_bytes(SAMPLES[0].read_bytes())  # modified now: still being written
    where = Lake.at(tmp_path / "lake")
    manifest = shard.run_shard(make_shard(inbox, where))

    assert not store.has_data(where)  # nothing visible before the commit
    assert set(manifest.parts) == {"reports", "removals", "signatures", "suspects", "files"}
    assert all(Path(p).name.startswith(".") and p.endswith(".tmp") for p in manifest.parts.values())
    assert manifest.rows == {
        "reports": 18,
        "removals": manifest.rows["removals"],
        "signatures": 18,
        "suspects": manifest.rows["suspects"],
        "files": 6,
    }
    assert {f.path: f.status for f in manifest.files}["picture.png"] == "unsupported"
    assert [p for p, _ in manifest.deferred] == ["fresh.txt"]
    assert sum(manifest.removals_by_category.values()) == manifest.rows["removals"] > 0
    assert {"read", "decode", "clean", "rows", "signatures", "write"} <= set(manifest.seconds)

    store.commit(where, manifest.parts, manifest.batch_id)
    assert count(where, "select count(*) from reports") == 18
    assert not [p for p in Path(where.root).rglob("*.tmp")]


def test_touched_files_with_the_same_bytes_are_skipped(inbox, tmp_path):
    where = Lake.at(tmp_path / "lake")
    first = shard.run_shard(make_shard(inbox, where))
    known = {f.path: f.sha256 for f in first.files}
    again = shard.run_shard(make_shard(inbox, Lake.at(tmp_path / "other"), known))
    assert again.skipped == 5 and not again.files and not again.parts  # nothing to write, nothing written


def test_the_ledger_is_renamed_last_and_every_step_is_fsynced(inbox, tmp_path, monkeypatch):
    where = Lake.at(tmp_path / "lake")
    manifest = shard.run_shard(make_shard(inbox, where))
    finals = {
        d: Path(where.folder(d), f"{manifest.batch_id}.parquet")
        for d in ("reports", "removals", "signatures", "suspects", "files")
    }
    seen: list[tuple[str, set[str]]] = []  # each folder fsynced, and which final files existed then
    real = os.fsync

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        if os.path.isdir(path):
            seen.append((Path(path).name, {d for d, f in finals.items() if f.exists()}))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    store.commit(where, manifest.parts, manifest.batch_id)
    assert seen == [  # each rename's folder fsynced before the next rename; the ledger last
        ("reports", {"reports"}),
        ("removals", {"reports", "removals"}),
        ("signatures", {"reports", "removals", "signatures"}),
        ("suspects", {"reports", "removals", "signatures", "suspects"}),
        ("files", {"reports", "removals", "signatures", "suspects", "files"}),
    ]


def test_parts_are_fsynced_before_they_are_handed_over(inbox, tmp_path, monkeypatch):
    synced: list[str] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    manifest = shard.run_shard(make_shard(inbox, Lake.at(tmp_path / "lake")))
    assert set(manifest.parts.values()) <= set(synced)


def test_a_full_disk_leaves_no_temporary_behind(inbox, tmp_path, monkeypatch):
    where = Lake.at(tmp_path / "lake")

    def full(self, table):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.PartWriter, "write", full)
    with pytest.raises(OSError, match="No space"):
        shard.run_shard(make_shard(inbox, where))
    assert not [p for p in Path(where.root).rglob("*") if p.is_file() and p.suffix == ".tmp"]


def test_a_run_record_that_does_not_fit_leaves_no_temporary_and_leftovers_are_cleared(tmp_path, monkeypatch):
    where = Lake.at(tmp_path / "lake")
    path = f"{where.root}/_runs/20240101-run.json"

    def full(lake, target, folder=False):  # the data did not fit: delayed allocation fails at fsync
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_fsync", full)
    with pytest.raises(OSError):
        write_record(where, path, {"run_id": "run"})
    monkeypatch.undo()
    assert not list(Path(where.root, "_runs").iterdir())
    stale = Path(where.root, "_runs", ".20240101-old.json.123.tmp")  # e.g. from a process killed mid-write
    stale.write_text("{")
    store.recover(where)
    assert not stale.exists() and read_records(where) == []


def test_nested_stages_are_counted_once():
    ticks = iter(range(100))
    clock = Clock(now=lambda: float(next(ticks)))
    with clock.stage("clean"):  # 0
        with clock.stage("tokens"):  # 1
            pass  # 2
        clock.timed("keywords", lambda: None)()  # 3, 4
    # 5
    assert clock.seconds == {"clean": 3.0, "tokens": 1.0, "keywords": 1.0}


def test_shards_are_about_equal_in_bytes_and_a_few_per_worker():
    entries = [FileEntry(f"{i:04}.txt", 100_000, 0) for i in range(200)]  # 20 MB
    shards = cut_shards(entries, parallelism=2)
    assert len(shards) == 8 and [e for s in shards for e in s] == entries
    assert len(cut_shards(entries[:3], parallelism=2)) == 1  # under a MiB: one shard
    assert cut_shards([], parallelism=2) == []


def test_a_worker_dies_with_the_run():
    """A worker process exits when the run's process is gone, though that is not its parent."""
    import subprocess
    import sys

    code = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'from docclean.flows.ingest.workers import "
        "die_with; import time; die_with(%d); time.sleep(60)' % os.getpid()], start_new_session=True)\n"
        "print(child.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    time.sleep(1.0)  # the child has asked by now
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{child}").exists() and "Z" not in _state(child):
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists() or "Z" in _state(child)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_a_failed_run_is_recorded_in_a_smaller_record_when_the_full_one_does_not_fit(tmp_path, monkeypatch):
    from docclean.flows.ingest import setup
    from docclean.flows.ingest.summary import RunSummary

    where = Lake.at(tmp_path / "lake")
    summary = RunSummary(lake=where.root)
    summary.defer("a.txt", "still being written")
    real = setup.write_record
    tried: list[bool] = []

    def disk_nearly_full(lake, path, data):
        tried.append(data["files"] is not None)
        if data["files"] is not None:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(lake, path, data)

    monkeypatch.setattr(setup, "write_record", disk_nearly_full)
    setup.keep_record(where, summary, "run-1", datetime.now(UTC), {"workers": 1}, "failed", "OSError: full")
    assert tried == [True, False]
    (record,) = read_records(where)
    assert (record["status"], record["error"], record["files"]) == ("failed", "OSError: full", None)
    assert record["counts"]["deferred"] == 1
