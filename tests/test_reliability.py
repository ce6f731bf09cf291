"""Holes a fault campaign found, each with the behaviour a user relies on: an odd file name never blocks
the inbox, links never read outside it, and a damaged lake is noticed, set aside and redone."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from docclean.flows.cli import main
from docclean.flows.ingest import inbox as discover
from docclean.flows.lake import integrity
from docclean.flows.lake.store import Lake, dataset_files
from tests.conftest import SAMPLES, put
from tests.test_flow import rows, run

BAD_NAME = os.fsdecode(b"bad_\xff\xfe.txt")


# --- 1. a file name that is not UTF-8 ------------------------------------------------------------


def test_a_name_that_is_not_utf8_gets_an_escaped_key_and_keeps_its_bytes(tmp_path):
    put(tmp_path, BAD_NAME, SAMPLES[2].read_bytes())
    (entry,), _ = discover.scan(tmp_path)
    assert entry.path == "bad_\\xff\\xfe.txt"
    assert entry.raw_path == b"bad_\xff\xfe.txt"
    assert (tmp_path / entry.local).read_bytes() == SAMPLES[2].read_bytes()


def test_plain_names_are_their_own_key(tmp_path):
    put(tmp_path, "子目录/述职报告.txt", b"x")
    (entry,), _ = discover.scan(tmp_path)
    assert (entry.path, entry.fs_path, entry.raw_path) == ("子目录/述职报告.txt", "", None)


def test_a_run_ingests_a_file_whose_name_is_not_utf8_and_skips_it_next_time(harness, inbox, tmp_path):
    put(inbox, BAD_NAME, SAMPLES[2].read_bytes())
    summary = run(inbox, tmp_path)
    assert summary.statuses["ok"] == 6
    assert rows(tmp_path, "select source_path_raw from files where source_path like 'bad_%'") == [
        (b"bad_\xff\xfe.txt",)
    ]
    assert rows(tmp_path, "select count(*) from reports where source_path = 'bad_\\xff\\xfe.txt'") == [(1,)]
    assert run(inbox, tmp_path).skipped == 6


# --- 2. links out of the inbox ---------------------------------------------------------------------


def test_a_link_out_of_the_inbox_is_not_read_and_names_its_target(tmp_path):
    secret = tmp_path / "outside" / "passwd"
    put(tmp_path, "outside/passwd", "root:x:0:0:机密".encode())
    put(tmp_path, "inbox/a.txt", SAMPLES[0].read_bytes())
    (tmp_path / "inbox" / "x.txt").symlink_to(secret)
    (tmp_path / "inbox" / "same.txt").symlink_to(tmp_path / "inbox" / "a.txt")  # inside: read as that file
    entries, unlisted = discover.scan(tmp_path / "inbox")
    assert [e.path for e in entries] == ["a.txt", "same.txt"]
    assert [(u.path, u.reason) for u in unlisted] == [
        ("x.txt", f"link to {secret}, outside the inbox: not read")
    ]


def test_a_file_swapped_for_a_link_after_the_scan_is_not_read(tmp_path):
    put(tmp_path, "outside/passwd", b"secret")
    put(tmp_path, "inbox/x.txt", b"harmless")
    (entry,), _ = discover.scan(tmp_path / "inbox")
    (tmp_path / "inbox" / "x.txt").unlink()
    (tmp_path / "inbox" / "x.txt").symlink_to(tmp_path / "outside" / "passwd")
    read = discover.read_settled(tmp_path / "inbox", entry, 0, 1 << 20)
    assert isinstance(read, discover.Deferred) and "outside the inbox" in read.reason


@pytest.mark.timeout(30)
def test_a_file_swapped_for_a_named_pipe_after_the_scan_is_deferred_not_waited_on(tmp_path):
    put(tmp_path, "inbox/x.txt", b"")
    (entry,), _ = discover.scan(tmp_path / "inbox")
    (tmp_path / "inbox" / "x.txt").unlink()
    os.mkfifo(tmp_path / "inbox" / "x.txt")  # opening it to read would wait for a writer, for ever
    os.utime(tmp_path / "inbox" / "x.txt", ns=(entry.mtime_ns, entry.mtime_ns))  # same size, same mtime
    read = discover.read_settled(tmp_path / "inbox", entry, 0, 1 << 20)
    assert isinstance(read, discover.Deferred) and read.reason == "not a regular file (a named pipe)"


def test_a_link_swapped_in_between_the_check_and_the_open_is_caught_on_the_open_file(tmp_path, monkeypatch):
    put(tmp_path, "outside/passwd", b"secret")
    put(tmp_path, "inbox/x.txt", b"harmless")
    (entry,), _ = discover.scan(tmp_path / "inbox")
    (tmp_path / "inbox" / "x.txt").unlink()
    (tmp_path / "inbox" / "x.txt").symlink_to(tmp_path / "outside" / "passwd")
    monkeypatch.setattr(discover, "_outside", lambda path, root: None)  # the swap came after that check
    monkeypatch.setattr(discover, "_unsettled", lambda entry, path, settle: None)
    read = discover.read_settled(tmp_path / "inbox", entry, 0, 1 << 20)
    assert isinstance(read, discover.Deferred)
    assert read.reason == f"link to {tmp_path / 'outside' / 'passwd'}, outside the inbox: not read"


def test_a_run_never_stores_what_a_link_points_to_outside_the_inbox(harness, inbox, tmp_path):
    put(tmp_path, "outside/passwd", "root:x:0:0:机密信息".encode())
    (inbox / "x.txt").symlink_to(tmp_path / "outside" / "passwd")
    summary = run(inbox, tmp_path)
    assert (
        "x.txt",
        f"link to {tmp_path / 'outside' / 'passwd'}, outside the inbox: not read",
    ) in summary.deferred
    assert rows(tmp_path, "select count(*) from all_files where source_path = 'x.txt'") == [(0,)]
    assert rows(tmp_path, "select count(*) from raw_reports where text like '%机密%'") == [(0,)]


# --- 3. a damaged lake -----------------------------------------------------------------------------


def _lake_file(tmp_path: Path, dataset: str) -> Path:
    return Path(dataset_files(Lake.at(tmp_path / "lake"), dataset)[0])


def test_check_finds_nothing_wrong_in_a_healthy_lake(harness, inbox, tmp_path, capsys):
    run(inbox, tmp_path)
    assert main(["check", "--lake", str(tmp_path / "lake")]) == 0
    assert "every batch complete" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "delete"])
def test_a_damaged_reports_file_is_set_aside_and_its_files_redone(harness, inbox, tmp_path, capsys, damage):
    run(inbox, tmp_path)
    before = rows(tmp_path, "select source_path, ordinal, content_sha256 from reports order by all")
    target = _lake_file(tmp_path, "reports")
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:200])
    elif damage == "overwrite":
        target.write_bytes(b"\0" * target.stat().st_size)
    else:
        target.unlink()
    where = str(tmp_path / "lake")
    assert main(["check", "--lake", where]) == 1
    out = capsys.readouterr().out
    assert "problem(s)" in out and ("damaged reports file" in out or "expects 18 reports row(s)" in out)
    if damage != "delete":  # readers name the file in one line instead of a traceback
        for command in (["query", "select count(*) from reports"], ["status"], ["compact"]):
            assert main([*command, "--lake", where]) == 1
            err = capsys.readouterr().err
            assert target.name in err and "Traceback" not in err and len(err.strip().splitlines()) == 1

    summary = run(inbox, tmp_path)  # the run repairs first, then redoes the batch's files
    assert summary.new == 5 and any("file(s) will be redone" in line for line in summary.repaired)
    assert rows(tmp_path, "select source_path, ordinal, content_sha256 from reports order by all") == before
    assert main(["check", "--lake", where]) == 0
    if damage != "delete":
        assert (tmp_path / "lake" / integrity.DAMAGED / "reports" / target.name).exists()


def test_a_damaged_ledger_file_makes_its_files_new_again(harness, inbox, tmp_path):
    run(inbox, tmp_path)
    ledger = _lake_file(tmp_path, "files")
    ledger.write_bytes(b"not parquet at all")
    summary = run(inbox, tmp_path)
    assert summary.new == 5
    assert rows(tmp_path, "select count(*) from reports") == [(18,)]  # the old batch's rows are orphans now


def test_missing_rows_inside_a_compacted_file_are_found(harness, inbox, tmp_path):
    run(inbox, tmp_path)
    where = Lake.at(tmp_path / "lake")
    assert main(["compact", "--lake", str(tmp_path / "lake")]) == 0
    path = dataset_files(where, "removals")[0]
    table = pq.read_table(path)
    pq.write_table(table.slice(0, table.num_rows - 1), path)  # one row lost
    found = integrity.verify(where)
    assert [(m.dataset, m.expected - m.found) for m in found.missing] == [("removals", 1)]
