"""The ingest flow end to end, on Prefect's test harness (one per session), and `docclean run`."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from docclean.flows.cli import main
from docclean.flows.ingest import flow as flow_module
from docclean.flows.ingest import workers
from docclean.flows.ingest.flow import ingest
from docclean.flows.ingest.summary import RunSummary, read_records
from docclean.flows.lake import query, store
from docclean.flows.lake.store import Lake
from tests.conftest import SAMPLES, killed_before_the_ledger, put, settle  # noqa: F401  (helpers used below)
from tests.test_lake import NOISE, lock_held_elsewhere  # noqa: F401  (a fixture)


def run(inbox: Path, tmp_path: Path, **options) -> RunSummary:
    options = {"tokens": False, "workers": 1} | options
    return ingest(inbox=str(inbox), lake_path=str(tmp_path / "lake"), **options)


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    return query.run_sql(query.connect(Lake.at(tmp_path / "lake")), sql)[1]


def test_samples_then_nothing_new_then_only_the_new_file(harness, inbox, tmp_path):
    summary = run(inbox, tmp_path, tokens=True)
    assert (summary.seen, summary.new, summary.statuses["ok"], summary.reports) == (5, 5, 5, 18)
    assert rows(tmp_path, "select count(*) from reports") == [(18,)]
    assert rows(tmp_path, "select source_path, count(*) from reports group by 1 order by 1") == [
        (s.name, n) for s, n in zip(SAMPLES, (6, 5, 1, 1, 5), strict=True)
    ]
    assert rows(tmp_path, "select status, count(*) from files group by 1") == [("ok", 5)]
    assert rows(tmp_path, "select count(*) from reports where len(tokens) = 0 or len(keywords) = 0") == [(0,)]

    again = run(inbox, tmp_path)
    assert (again.new, again.skipped) == (0, 5) and "(nothing new)" in again.lines()[-1]
    assert rows(tmp_path, "select count(*) from raw_reports") == [(18,)]

    put(inbox, "later/新 报告.txt", SAMPLES[2].read_bytes())
    touched = time.time() - 30
    os.utime(inbox / SAMPLES[0].name, (touched, touched))  # same bytes, new mtime: re-hashed, not re-ingested
    third = run(inbox, tmp_path)
    assert (third.new, third.skipped, third.reports) == (1, 5, 1)
    assert rows(tmp_path, "select count(*) from raw_reports") == [(19,)]


def test_bad_inputs_are_each_recorded_with_a_reason(harness, tmp_path):
    inbox = tmp_path / "inbox"
    rng = random.Random(7)
    cases = {
        "empty.txt": ("empty", b""),
        "blank.txt": ("empty", b" \n\t\n\r\n"),
        "noise.txt": ("empty", NOISE.encode()),
        "image.txt": (
            "unsupported",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(500)),
        ),
        "nul.html": ("quarantined", b"<html>\x00\x00\x00</html>"),
        "broken.txt": ("not_text", bytes(rng.randrange(1, 256) for _ in range(4000))),
        "one line.txt": ("ok", ("本单位全年工作情况良好，" * 100_000).encode()),  # 3 MB, no newline
        "二级 目录/述职 报告 (1).txt": ("ok", SAMPLES[3].read_bytes()),
        "a/b/c/deep.htm": (
            "ok",
            b"<html><body><h1>2020\xe5\xb9\xb4\xe5\xb7\xa5\xe4\xbd\x9c\xe6\x80\xbb\xe7\xbb\x93</h1>"
            + "<p>今年我们完成了各项任务，取得了良好成绩。</p>".encode() * 5
            + b"</body></html>",
        ),
        "README.md": ("not_text", b"# inbox\n"),
        "scan.pdf": ("quarantined", b"%PDF-1.4\n"),
    }
    for name, (_, data) in cases.items():
        put(inbox, name, data)
    summary = run(inbox, tmp_path)
    assert summary.seen == summary.new == len(cases) and not summary.deferred
    got = {
        path: (status, error, flags)
        for path, status, error, flags in rows(
            tmp_path, "select source_path, status, error, flags from files"
        )
    }
    assert set(got) == set(cases)
    for name, (status, _) in cases.items():
        actual, error, flags = got[name]
        assert actual == status, name
        assert (error is None) == (status == "ok"), name
    assert got["noise.txt"][1].startswith("only noise")
    assert got["image.txt"][1].startswith("binary content: PNG image")
    os.mkfifo(inbox / "pipe.txt")  # nothing in the inbox goes unmentioned, even what cannot be read
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    again = run(inbox, tmp_path)
    assert sorted(again.deferred) == [
        ("gone.txt", "link to a missing target: No such file or directory"),
        ("pipe.txt", "not a regular file (a named pipe)"),
    ]
    assert "  deferred: pipe.txt: not a regular file (a named pipe)" in again.lines()
    assert rows(tmp_path, "select count(*) from removals where source_path = 'noise.txt'") == [(2,)]


def test_a_run_killed_before_its_ledger_is_redone_without_duplicates(harness, inbox, tmp_path, monkeypatch):
    with killed_before_the_ledger(monkeypatch), pytest.raises(OSError, match="killed"):
        run(inbox, tmp_path)
    assert not store.has_data(Lake.at(tmp_path / "lake"))  # reports written, ledger not: nothing visible
    (record,) = read_records(Lake.at(tmp_path / "lake"))  # the failed run is recorded, with its reason
    assert record["status"] == "failed" and record["error"] == "OSError: killed"
    summary = run(inbox, tmp_path)
    assert (summary.new, summary.reports) == (5, 18)
    assert rows(tmp_path, "select count(*), count(distinct report_id) from reports") == [(18, 18)]
    assert rows(tmp_path, "select count(*) from raw_reports") == [(36,)]
    assert main(["compact", "--lake", str(tmp_path / "lake")]) == 0
    assert rows(tmp_path, "select count(*) from raw_reports") == [(18,)]


def test_a_changed_file_supersedes_and_a_fresh_file_waits(harness, inbox, tmp_path):
    run(inbox, tmp_path)
    target = inbox / SAMPLES[0].name
    put(inbox, target.name, target.read_bytes().replace("（银行）".encode(), "（农商银行）".encode()))
    (inbox / "writing.txt").write_bytes(SAMPLES[3].read_bytes())  # mtime now: still being written
    summary = run(inbox, tmp_path)
    assert summary.new == 1 and [p for p, _ in summary.deferred] == ["writing.txt"]
    assert rows(tmp_path, "select count(*) from files") == [(5,)]
    assert rows(tmp_path, "select count(*) from all_files") == [(6,)]
    assert rows(tmp_path, "select count(*) from reports where title like '%农商银行%'") == [(1,)]
    assert rows(tmp_path, "select count(*) from reports where title like '%（银行）'") == [(0,)]
    assert rows(tmp_path, "select count(*) from all_reports where title like '%（银行）'") == [(1,)]


def test_worker_processes_give_the_same_rows(harness, inbox, tmp_path, monkeypatch):
    pools = []
    real = workers.pool
    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(flow_module, "worker_pool", lambda n, tokens: pools.append(n) or real(n, tokens))
    summary = run(inbox, tmp_path, workers=2)
    assert pools == [2]
    assert (summary.new, summary.reports) == (5, 18)
    assert rows(tmp_path, "select count(*) from reports") == [(18,)]


def test_cli_run_prints_a_summary_and_archives(harness, inbox, tmp_path, capsys, monkeypatch):
    artifacts = []
    real_artifact = flow_module.create_markdown_artifact
    monkeypatch.setattr(
        flow_module,
        "create_markdown_artifact",
        lambda markdown, **kw: artifacts.append((markdown, kw)) or real_artifact(markdown, **kw),
    )
    archive = tmp_path / "archive"
    lake_dir = tmp_path / "lake"
    code = main(
        [
            "run",
            "--inbox",
            str(inbox),
            "--lake",
            str(lake_dir),
            "--no-tokens",
            "--workers",
            "1",
            "--archive",
            "--archive-dir",
            str(archive),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "files: 5 seen, 5 new, 0 skipped (already in lake), 0 deferred" in out
    assert "reports written: 18" in out and "removals: " in out and "elapsed: " in out
    assert "Traceback" not in out + err and "ERROR" not in out + err
    assert sorted(p.name for p in archive.iterdir()) == [s.name for s in SAMPLES]
    assert not list(inbox.iterdir())
    assert artifacts[0][1]["key"] == "docclean-ingest-summary" and "- reports written: 18" in artifacts[0][0]
    assert main(["run", "--inbox", str(inbox), "--lake", str(lake_dir), "--no-tokens"]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_cli_run_refuses_when_it_cannot_run(tmp_path, capsys, lock_held_elsewhere):  # noqa: F811
    where, pid = lock_held_elsewhere
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert main(["run", "--inbox", str(inbox), "--lake", where.root, "--no-tokens"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"in use by another docclean process (pid {pid})" in err
    assert main(["run", "--inbox", str(tmp_path / "missing"), "--lake", where.root]) == 1
    assert "inbox" in capsys.readouterr().err
    shutil.rmtree(inbox)
