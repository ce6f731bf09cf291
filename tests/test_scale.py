"""Scaling out: the run record, and a run on a Dask cluster that writes the same lake as a local run.

The cluster test starts a `distributed.LocalCluster` (2 worker processes on 127.0.0.1) and runs
`docclean run --dask-address …` in a subprocess with no PREFECT_API_URL, so the command starts and
stops its own Prefect server, as it would for a user. Everything it starts is stopped at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docclean.flows import lake, query, rows, runs, worker
from docclean.flows.lake import Lake

from tests.conftest import ROOT, SAMPLES
from tests.test_lake import NOISE, payload, sample

DOCCLEAN = Path(sys.executable).with_name("docclean")
RUN_TIMEOUT = 150  # seconds per `docclean run`; the server start alone is ≈10 s here, more when busy
EXCLUDED = {"reports": "batch_id, ingested_at", "removals": "batch_id", "files": "run_id, batch_id, ingested_at"}


def lake_rows(where: Lake) -> dict[str, list[tuple]]:
    """Every row of the three views, without the columns that differ from run to run."""
    con = query.connect(where)
    return {
        name: query.run_sql(con, f"SELECT * EXCLUDE ({columns}) FROM {name} ORDER BY ALL")[1]
        for name, columns in EXCLUDED.items()
    }


# --- the run record ----------------------------------------------------------------------------------


def test_run_record_fields_and_counts_match_the_lake(tmp_path):
    where = Lake.at(tmp_path / "lake")
    cleaner = worker.Cleaner(None, tokens=False)
    summary = runs.RunSummary(lake=where.root, seen=6)
    started = datetime.now(UTC)
    for batch in ([sample(0), sample(3)], [sample(4), payload("noise.txt", NOISE.encode())]):
        info = rows.BatchInfo(lake.new_batch_id(), "run-1", datetime.now(UTC), "test")
        cleaned = worker.clean_payloads(cleaner, batch, info)
        lake.write_batch(where, info.batch_id, cleaned.tables)
        summary.add(info.batch_id, cleaned.tables)
        summary.timings.update(cleaned.clock)
    summary.defer("late.txt", "modified 0.1s ago; waiting 2s for it to settle")
    summary.elapsed = 1.5
    settings = {"inbox": "/in", "lake": where.root, "tokens": False, "workers": 2, "rules_file": None,
                "rules_sha256": "x", "pipeline_version": "test", "dask_address": None, "archive": False}
    path = runs.write_record(where, runs.record_path(where, "run-1", started),
                             runs.record(summary, "run-1", started, settings, "completed"))

    assert path.startswith(f"{where.root}/_runs/") and path.endswith("-run-1.json")
    assert not [p for p in Path(where.root, "_runs").iterdir() if p.name.startswith(".")]  # no temporaries
    (record,) = runs.read_records(where)
    assert set(record) >= {"run_id", "started_at", "finished_at", "settings", "counts", "removals_by_category",
                           "removals_by_rule", "files", "batches", "timings", "wall_seconds"}
    assert record["settings"] == settings and record["run_id"] == "run-1" and record["wall_seconds"] == 1.5

    con = query.connect(where)  # the lake's views do not see _runs/
    one = lambda sql: query.run_sql(con, sql)[1]  # noqa: E731
    counts = record["counts"]
    assert counts["files_seen"] == 6 and counts["deferred"] == 1
    assert counts["new"] == one("select count(*) from files")[0][0] == 4
    assert counts["statuses"] == {"ok": 3, "empty": 1, "quarantined": 0, "unsupported": 0}
    assert counts["reports"] == one("select count(*) from reports")[0][0] == 6 + 1 + 5
    assert counts["removals"] == one("select count(*) from removals")[0][0]
    assert record["removals_by_category"] == dict(one("select category, count(*) from removals group by 1"))
    assert record["removals_by_rule"] == dict(one("select rule_id, count(*) from removals group by 1"))
    assert record["batches"] == [r[0] for r in one("select distinct batch_id from files order by 1")]
    listed = {f["path"]: f for f in record["files"]}
    assert listed["late.txt"]["status"] == "deferred"
    for path_, status, error, reports, removals in one(
        "select source_path, status, error, report_count, removal_count from files"
    ):
        assert listed[path_] == {"path": path_, "status": status, "error": error, "report_count": reports,
                                 "removal_count": removals}
    timings = record["timings"]
    assert set(timings) >= {"discover", "ledger", "read", "decode", "clean", "tokens", "keywords", "write",
                            "archive", "orchestration", "server_start"}
    assert all(isinstance(v, float) and v >= 0 for v in timings.values()) and timings["tokens"] == 0
    assert 0 <= timings["orchestration"] <= record["wall_seconds"]


# --- a Dask cluster -------------------------------------------------------------------------------


def _stop_leftover_server(stderr: str) -> None:
    """If the command died before stopping its Prefect server, stop it (its own process group)."""
    for pid in re.findall(r"started Prefect server \(pid (\d+)\)", stderr):
        try:
            os.killpg(int(pid), signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def docclean_run(inbox: Path, lake_dir: Path, home: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)  # the test's own Prefect database and server log
    command = [str(DOCCLEAN), "run", "--inbox", str(inbox), "--lake", str(lake_dir), *options]
    try:
        proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        _stop_leftover_server(exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or "")
        raise
    _stop_leftover_server(proc.stderr)  # a no-op when the command stopped it, as it should
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_a_dask_cluster_writes_the_same_lake_as_a_local_run(cluster, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in SAMPLES:
        shutil.copy2(path, inbox / path.name)  # keeps the old mtime: nothing waits to settle
    home = tmp_path / "prefect-home"

    on_dask = docclean_run(inbox, tmp_path / "dask-lake", home, "--dask-address", cluster.scheduler_address)
    assert "started Prefect server" in on_dask.stderr and "reports written: 18" in on_dask.stdout
    local = docclean_run(inbox, tmp_path / "local-lake", home, "--workers", "1")

    dask_lake, local_lake = Lake.at(tmp_path / "dask-lake"), Lake.at(tmp_path / "local-lake")
    assert lake_rows(dask_lake) == lake_rows(local_lake)
    assert len(lake_rows(dask_lake)["reports"]) == 18
    (record,) = runs.read_records(dask_lake)
    assert record["settings"]["dask_address"] == cluster.scheduler_address
    assert record["settings"]["workers"] == 2  # the cluster's threads
    assert record["counts"]["reports"] == 18 and record["timings"]["server_start"] > 0
    assert "Traceback" not in on_dask.stderr + local.stderr


def _processes_with_home(home: Path) -> list[int]:
    """Live processes whose environment has PREFECT_HOME=home (Linux /proc)."""
    marker = f"PREFECT_HOME={home}".encode() + b"\0"
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:  # gone, or not ours to read
            continue
    return found


def test_a_run_starts_its_temporary_server_early_keeps_every_record_and_stops_it(tmp_path):
    import sqlite3

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in SAMPLES:
        shutil.copy2(path, inbox / path.name)
    home = tmp_path / "prefect-home"
    try:
        proc = docclean_run(inbox, tmp_path / "lake", home, "--workers", "1", "--no-tokens")
        assert not _processes_with_home(home), "the temporary server outlived the run"
    finally:
        for pid in _processes_with_home(home):
            os.kill(pid, signal.SIGKILL)
    assert "reports written: 18" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr and "ERROR" not in proc.stdout + proc.stderr
    assert (home / "temporary-server.log").is_file()  # launched by docclean, not by Prefect
    con = sqlite3.connect(home / "prefect.db")
    ((flow_run, state),) = con.execute("SELECT id, state_type FROM flow_run").fetchall()
    tasks = con.execute("SELECT name, state_type FROM task_run WHERE flow_run_id = ?", (flow_run,)).fetchall()
    assert state == "COMPLETED"
    assert {name.split("-")[0] for name, _ in tasks} >= {"discover", "load", "read", "clean", "write"}
    assert {state for _, state in tasks} == {"COMPLETED"}  # written at shutdown, none lost
    (record,) = runs.read_records(Lake.at(tmp_path / "lake"))
    assert record["timings"]["server_start"] > 0


def test_the_temporary_server_is_left_to_prefect_when_a_settings_file_could_choose_the_server(tmp_path):
    from docclean.flows.server import configured_elsewhere

    home, cwd = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    cwd.mkdir()
    env = {"PREFECT_HOME": str(home)}
    assert configured_elsewhere(env, cwd) is None
    (home / "profiles.toml").write_text('active = "work"\n[profiles.work]\nPREFECT_LOGGING_LEVEL = "INFO"\n')
    assert configured_elsewhere(env, cwd) is None  # a profile that does not pick a server
    (home / "profiles.toml").write_text(
        'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://prefect.example:4200/api"\n'
    )
    assert "profile work" in configured_elsewhere(env, cwd)
    assert configured_elsewhere(env | {"PREFECT_PROFILE": "other"}, cwd) is None
    (cwd / "pyproject.toml").write_text('[tool.prefect.api]\nurl = "http://prefect.example:4200/api"\n')
    assert configured_elsewhere({"PREFECT_HOME": str(tmp_path / "none")}, cwd).endswith("pyproject.toml")
    (cwd / "prefect.toml").write_text('[api]\nurl = "http://prefect.example:4200/api"\n')
    assert configured_elsewhere({"PREFECT_HOME": str(tmp_path / "none")}, cwd).endswith("prefect.toml")


def test_a_dask_address_is_checked_before_any_server_starts(monkeypatch):
    from docclean.flows import cluster, server

    assert cluster.is_local("tcp://127.0.0.1:8786") and cluster.is_local("localhost:8786")
    assert not cluster.is_local("tcp://192.0.2.1:8786")  # TEST-NET-1: never this machine
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(server, "ensure_server", lambda *a, **k: pytest.fail("must not start a server"))
    with pytest.raises(server.ServerFailed, match="no Dask scheduler answers"):
        with cluster.api_for_dask("tcp://127.0.0.1:1"):
            pass
    monkeypatch.setattr(cluster, "check_scheduler", lambda address: None)  # pretend a scheduler answers
    with pytest.raises(server.ServerFailed, match="another machine"):
        with cluster.api_for_dask("tcp://192.0.2.1:8786"):
            pass
