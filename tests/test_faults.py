"""The fault campaign, bounded: a real `docclean run` (a subprocess, two worker processes) is killed with
SIGKILL at exact moments of its write path, one moment after the other on one lake, then run to the end;
the lake must then hold what one
uninterrupted run writes — the same reports per file, the same content_sha256 set, each file once in the
ledger — and no process of the killed run may outlive it.

The moments are points of flows/lake/pause.py: the run stops there and says so, and the test kills it
then (no sleeping and hoping). The runs report to the session's Prefect server (conftest.prefect_api),
so a kill leaves no temporary server of Prefect's behind. The long campaign (random kills, bad inputs, corrupt lake
files, a full disk) is `make faults` (bench/faults.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.make_corpus import generate
from bench.processes import alive, command, descendants
from docclean.flows.cli import main
from docclean.flows.ingest.shard import run_shard
from docclean.flows.lake import pause, query, store
from docclean.flows.lake.store import Lake
from tests.conftest import ROOT
from tests.test_scale import DOCCLEAN
from tests.test_shard import make_shard

RUN_TIMEOUT = 180  # seconds for one run; a loaded machine is slow to start Python and Prefect's client
FILES = 260  # ≈2.5 MB: over the 2 MiB that brings in worker processes, and three shards of ≥ 1 MiB

# (point, what the lake holds when the run dies there)
MOMENTS = [
    ("write-part", "a worker mid-write: a part's row group written, the part unfinished"),
    ("publish-removals", "the first batch's reports visible, its removals and ledger entry not"),
    ("publish-files", "the first batch's data files visible, its ledger entry not"),
    ("publish-reports@2", "the first batch committed, the second not begun"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "inbox"
    generate(folder, files=FILES, seed=11)
    return folder


def start_run(inbox: Path, lake: Path, api: str, home: Path, **extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ) | {"PREFECT_API_URL": api, "PREFECT_HOME": str(home), **extra}
    command = [
        str(DOCCLEAN),
        "run",
        "--inbox",
        str(inbox),
        "--lake",
        str(lake),
        "--workers",
        "2",
        "--no-tokens",
    ]
    log = open(home / f"run-{time.monotonic_ns()}.log", "wb")  # a full pipe would stall the run
    with log:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def finish_run(inbox: Path, lake: Path, api: str, home: Path) -> None:
    run = start_run(inbox, lake, api, home)
    assert run.wait(RUN_TIMEOUT) == 0, _logs(home)


def _logs(home: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(home.glob("run-*.log")))


def lake_content(lake: Path) -> dict[str, object]:
    con = query.connect(Lake.at(lake))
    rows = lambda sql: query.run_sql(con, sql)[1]  # noqa: E731
    return {
        "reports": rows(
            "SELECT source_path, ordinal, title, text, content_sha256, flags FROM reports ORDER BY ALL"
        ),
        "content_sha256": {r[0] for r in rows("SELECT DISTINCT content_sha256 FROM reports")},
        "files": rows(
            "SELECT source_path, source_sha256, status, report_count, removal_count FROM files ORDER BY ALL"
        ),
        "removals": rows("SELECT count(*) FROM removals")[0][0],
        "ledger_twice": rows("SELECT source_path FROM all_files GROUP BY 1 HAVING count(*) > 1"),
    }


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, object]:
    """What one uninterrupted run writes: the corpus cleaned as one shard and committed, by the code
    every run's shards run (in-process: a seventh `docclean run` would only add its start-up)."""
    where = Lake.at(tmp_path_factory.mktemp("reference") / "lake")
    done = run_shard(make_shard(corpus, where))
    store.commit(where, done.parts, done.batch_id)
    content = lake_content(where.root)
    assert len(content["files"]) == FILES and not content["ledger_twice"]  # type: ignore[arg-type]
    return content


def kill_at(inbox: Path, lake: Path, api: str, home: Path, point: str, moment: str) -> list[str]:
    """Start a run, wait until it stops at `point`, kill it there with SIGKILL, and check that no process
    of it outlives it (workers, forkserver, resource tracker). Returns the command lines of the processes
    the run had started."""
    paused = home / f"paused-{point}"
    run = start_run(inbox, lake, api, home, **{pause.PAUSE_AT: point, pause.PAUSED: str(paused)})
    family: dict[int, str] = {}  # pid -> command line, as first read
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        # a process caught between fork and exec has no command line yet: it is read again until it has one
        while not paused.exists() and run.poll() is None and time.monotonic() < deadline:
            family |= {pid: command(pid) for pid in descendants(run.pid) if not family.get(pid)}
            time.sleep(0.05)
        assert paused.exists(), f"the run never reached {point} ({moment}):\n{_logs(home)}"
        family |= {pid: command(pid) for pid in descendants(run.pid) if not family.get(pid)}
        run.send_signal(signal.SIGKILL)  # kill -9, at exactly that moment
        run.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in family):
            time.sleep(0.1)
        assert not [family[p] for p in family if alive(p)], (
            f"a process of the run killed at {point} outlived it"
        )
    finally:
        for pid in set(family) | {run.pid}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    return list(family.values())


@pytest.mark.timeout(900)
def test_runs_killed_at_each_moment_leave_a_lake_the_next_run_completes(
    corpus, prefect_api, reference, tmp_path
):
    """The moments one after the other on one lake (each run starts from what the previous kill left,
    the way runs of a cron job would), then a run that finishes: the lake is the uninterrupted run's.
    One lake for the four kills keeps the test to six runs (each ≈10 s on an idle machine)."""
    inbox, lake, home = tmp_path / "inbox", tmp_path / "lake", tmp_path / "home"
    shutil.copytree(corpus, inbox)  # keeps the mtimes: nothing waits to settle
    home.mkdir()
    for point, moment in MOMENTS:
        family = kill_at(inbox, lake, prefect_api, home, point, moment)
        if point == "write-part":  # killed while a worker writes: the pool was up, and died with the run
            # the tracker, the forkserver and a worker at least: the pool starts its second worker when a
            # second shard is handed to it, which on a loaded machine can come after the first one stopped
            assert sum("multiprocessing" in c for c in family) >= 3, family

    finish_run(inbox, lake, prefect_api, home)  # the next run repairs what the kills left and redoes the rest
    assert lake_content(lake) == reference
    assert main(["check", "--lake", str(lake)]) == 0
    assert not [p for p in lake.rglob("*") if p.name.endswith(".tmp")]  # no temporary left behind
