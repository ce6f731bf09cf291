"""Scaling out: the run record, a run on Prefect's embedded server (every task record kept, nothing left
running), and a run on a Dask cluster that writes the same lake as a local run. That a `kill -9` of a
run takes its worker processes with it is tested where runs are killed: tests/test_faults.py.

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

from docclean.flows.ingest import summary as runs
from docclean.flows.ingest.rows import STATUSES
from docclean.flows.ingest.shard import run_shard
from docclean.flows.lake import query, store
from docclean.flows.lake.store import Lake
from tests.conftest import ROOT, SAMPLES, put
from tests.test_lake import NOISE
from tests.test_shard import make_shard

DOCCLEAN = Path(sys.executable).with_name("docclean")
RUN_TIMEOUT = 400  # seconds per `docclean run`: ≈20 s here alone; a machine loaded 8-fold took over 150
EXCLUDED = {
    "reports": "batch_id, ingested_at, pipeline_version",
    "removals": "batch_id",
    "files": "run_id, batch_id, ingested_at, pipeline_version",
}


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
    summary = runs.RunSummary(lake=where.root, seen=6)
    started = datetime.now(UTC)
    for i, names in enumerate(([SAMPLES[0], SAMPLES[3]], [SAMPLES[4]])):
        folder = tmp_path / f"inbox{i}"
        for path in names:
            put(folder, path.name, path.read_bytes())
        if i:
            put(folder, "noise.txt", NOISE.encode())
        manifest = run_shard(make_shard(folder, where))
        store.commit(where, manifest.parts, manifest.batch_id)
        summary.add(manifest)
    summary.defer("late.txt", "modified 0.1s ago; waiting 2s for it to settle")
    summary.elapsed = 1.5
    settings = {
        "inbox": "/in",
        "lake": where.root,
        "tokens": False,
        "workers": 2,
        "rules_file": None,
        "rules_sha256": "x",
        "pipeline_version": "test",
        "dask_address": None,
        "archive": False,
    }
    path = runs.write_record(
        where,
        runs.record_path(where, "run-1", started),
        runs.record(summary, "run-1", started, settings, "completed"),
    )

    assert path.startswith(f"{where.root}/_runs/") and path.endswith("-run-1.json")
    assert not [p for p in Path(where.root, "_runs").iterdir() if p.name.startswith(".")]  # no temporaries
    (record,) = runs.read_records(where)
    assert set(record) >= {
        "run_id",
        "started_at",
        "finished_at",
        "settings",
        "counts",
        "removals_by_category",
        "removals_by_rule",
        "files",
        "batches",
        "timings",
        "wall_seconds",
    }
    assert record["settings"] == settings and record["run_id"] == "run-1" and record["wall_seconds"] == 1.5

    con = query.connect(where)  # the lake's views do not see _runs/
    one = lambda sql: query.run_sql(con, sql)[1]  # noqa: E731
    counts = record["counts"]
    assert counts["files_seen"] == 6 and counts["deferred"] == 1
    assert counts["new"] == one("select count(*) from files")[0][0] == 4
    assert counts["statuses"] == {s: 0 for s in STATUSES} | {"ok": 3, "empty": 1}
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
        assert listed[path_] == {
            "path": path_,
            "status": status,
            "error": error,
            "report_count": reports,
            "removal_count": removals,
        }
    timings = record["timings"]
    assert set(timings) >= {
        "discover",
        "ledger",
        "read",
        "decode",
        "clean",
        "tokens",
        "keywords",
        "rows",
        "write",
        "commit",
        "archive",
        "orchestration",
    }
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


def docclean_run(
    inbox: Path, lake_dir: Path, home: Path, *options: str, api: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`docclean run` as a user runs it: on the server `api` names, else with no PREFECT_API_URL."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | (
        {"PREFECT_API_URL": api} if api else {}
    )
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


def test_a_dask_cluster_writes_the_same_lake_as_a_local_run(cluster, prefect_api, tmp_path):
    """On the session's Prefect server (that a Dask run without one starts a local server, and stops it,
    is the next test's: the start would only repeat what test_serve runs)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in SAMPLES:
        shutil.copy2(path, inbox / path.name)  # keeps the old mtime: nothing waits to settle
    home = tmp_path / "prefect-home"

    on_dask = docclean_run(
        inbox, tmp_path / "dask-lake", home, "--dask-address", cluster.scheduler_address, api=prefect_api
    )
    assert "reports written: 18" in on_dask.stdout
    local = run_shard(
        make_shard(inbox, Lake.at(tmp_path / "local-lake"), tokens=True)
    )  # the same shard, here
    store.commit(Lake.at(tmp_path / "local-lake"), local.parts, local.batch_id)

    dask_lake, local_lake = Lake.at(tmp_path / "dask-lake"), Lake.at(tmp_path / "local-lake")
    assert lake_rows(dask_lake) == lake_rows(local_lake)
    assert len(lake_rows(dask_lake)["reports"]) == 18
    (record,) = runs.read_records(dask_lake)
    assert record["settings"]["dask_address"] == cluster.scheduler_address
    assert record["settings"]["workers"] == 2  # the cluster's threads
    assert record["counts"]["reports"] == 18 and record["settings"]["shards"] == 1
    assert "Traceback" not in on_dask.stderr


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


def test_a_run_on_the_embedded_server_keeps_every_record_and_stops_it(tmp_path, prefect_home):
    """Prefect's own embedded server, started by Prefect: no CancelledError or 'Error flushing' noise, a
    task record for every shard, and nothing left running afterwards. (Its home's database is migrated
    already: conftest.prefect_home.)"""
    import sqlite3

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in SAMPLES:
        shutil.copy2(path, inbox / path.name)
    home = prefect_home
    try:
        proc = docclean_run(inbox, tmp_path / "lake", home, "--workers", "1", "--no-tokens")
        assert not _processes_with_home(home), "the temporary server outlived the run"
    finally:
        for pid in _processes_with_home(home):
            os.kill(pid, signal.SIGKILL)
    assert "reports written: 18" in proc.stdout
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "ERROR" not in output and "Error flushing" not in output
    con = sqlite3.connect(home / "prefect.db")
    ((flow_run, state),) = con.execute("SELECT id, state_type FROM flow_run").fetchall()
    tasks = con.execute("SELECT name, state_type FROM task_run WHERE flow_run_id = ?", (flow_run,)).fetchall()
    assert state == "COMPLETED"
    assert sorted(name.rsplit("-", 1)[0] for name, _ in tasks) == ["clean-shard", "plan"]  # one per shard
    assert {state for _, state in tasks} == {"COMPLETED"}  # written at shutdown, none lost


def test_a_dask_run_without_a_server_starts_a_local_one_and_stops_its_logs_to_it(cluster, monkeypatch):
    """No PREFECT_API_URL: a local server is started for the run (ensure_server: started, awaited and
    stopped as test_serve shows), and the workers do not send task logs to it once it has stopped."""
    from contextlib import contextmanager

    from docclean.flows.service import server

    started: list[int] = []

    @contextmanager
    def fake_server(port: int = server.DEFAULT_PORT, home: str | None = None):
        started.append(port)
        yield server.api_url(port)

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_LOGGING_TO_API_ENABLED", "true")  # monkeypatch restores it after
    monkeypatch.setattr(server, "ensure_server", fake_server)
    with server.api_for_dask(cluster.scheduler_address) as api:
        assert started and api == server.api_url(started[0])
        assert os.environ["PREFECT_LOGGING_TO_API_ENABLED"] == "false"


def test_a_dask_address_is_checked_before_any_server_starts(monkeypatch):
    from docclean.flows.service import server

    assert server.is_local("tcp://127.0.0.1:8786") and server.is_local("localhost:8786")
    assert not server.is_local("tcp://192.0.2.1:8786")  # TEST-NET-1: never this machine
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(server, "ensure_server", lambda *a, **k: pytest.fail("must not start a server"))
    with pytest.raises(server.ServerFailed, match="no Dask scheduler answers"):
        with server.api_for_dask("tcp://127.0.0.1:1"):
            pass
    monkeypatch.setattr(server, "check_scheduler", lambda address: None)  # pretend a scheduler answers
    with pytest.raises(server.ServerFailed, match="another machine"):
        with server.api_for_dask("tcp://192.0.2.1:8786"):
            pass
