"""`docclean watch`: one run per burst of files, one run at a time, deferred files picked up later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from docclean.flows.lake import query
from docclean.flows.lake.store import Lake, has_data
from docclean.flows.service.watch import (
    RETRY_FAILED,
    SETTLE_MARGIN,
    Outcome,
    Trigger,
    WatchFailed,
    watch_inbox,
)
from tests.conftest import SAMPLES

OK, DEFERRED, FAILED = Outcome(1, 0, "ok"), Outcome(0, 3, "deferred"), Outcome(0, 0, "failed", failed=True)


def docclean() -> list[str]:
    script = Path(sys.executable).parent / "docclean"
    return [str(script)] if script.exists() else [sys.executable, "-m", "docclean.flows.cli"]


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_a_burst_is_one_run_after_the_quiet_time():
    trigger = Trigger(quiet=5, max_delay=60)
    assert trigger.due_at() is None
    for i in range(500):
        trigger.event(100 + i / 100)  # 500 files over 5 s
    assert trigger.due_at() == pytest.approx(104.99 + 5)
    trigger.start()
    trigger.finish(112, OK, settle=2)
    assert trigger.due_at() is None  # nothing more to do until the next file


def test_a_steady_trickle_still_gets_runs():
    trigger = Trigger(quiet=5, max_delay=60)
    for t in range(0, 120, 2):
        trigger.event(t)
    assert trigger.due_at() == 60


def test_events_during_a_run_make_exactly_one_follow_up():
    trigger = Trigger(quiet=1, max_delay=60)
    trigger.event(0)
    trigger.start()  # the run begins
    for t in range(1, 30):
        trigger.event(t)
    trigger.finish(30, OK, settle=2)
    assert trigger.due_at() == 30 and trigger.reason() == "files changed"
    trigger.start()
    trigger.finish(40, OK, settle=2)
    assert trigger.due_at() is None


def test_deferred_files_and_failed_runs_are_retried_without_new_events():
    trigger = Trigger(quiet=1, max_delay=60)
    trigger.finish(10, DEFERRED, settle=2)
    assert trigger.due_at() == 12 + SETTLE_MARGIN and trigger.reason() == "retry"
    trigger.start()
    trigger.finish(20, FAILED, settle=2)
    assert trigger.due_at() == 20 + RETRY_FAILED


class FakeRuns:
    """Stands in for the ingest flow: records each run's reason; can hold a run open."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.hold = threading.Event()
        self.hold.set()
        self.running = threading.Event()

    def __call__(self, reason: str) -> Outcome:
        self.reasons.append(reason)
        self.running.set()
        self.hold.wait(10)
        self.running.clear()
        return OK


def burst(inbox: Path, prefix: str, n: int) -> None:
    for i in range(n):
        (inbox / f"{prefix}{i:03}.txt").write_bytes(SAMPLES[i % len(SAMPLES)].read_bytes())


def test_watching_a_real_folder_one_run_per_burst_and_one_follow_up(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "lake").mkdir(parents=True)
    runs, stop, said = FakeRuns(), threading.Event(), []
    options = {
        "quiet": 0.5,
        "settle": 0.1,
        "ignore": [inbox / "lake"],
        "timeout": 60,
        "stop": stop,
        "say": said.append,
    }
    watcher = threading.Thread(target=watch_inbox, args=(inbox, runs), kwargs=options)
    watcher.start()
    try:
        assert wait_for(lambda: any(s.startswith("watching") for s in said), 10)
        burst(inbox, "a", 50)
        assert wait_for(lambda: len(runs.reasons) == 2, 10)
        (inbox / "lake" / "x.parquet").write_bytes(b"1")  # the lake inside the inbox is not an event
        runs.hold.clear()  # the next run stays open while more files arrive
        burst(inbox, "b", 20)
        assert wait_for(lambda: runs.running.is_set(), 10)
        burst(inbox, "c", 20)
        time.sleep(1.0)  # two quiet periods: nothing may start while a run is in progress
        assert len(runs.reasons) == 3
        runs.hold.set()
        assert wait_for(lambda: len(runs.reasons) == 4, 10)
        time.sleep(1.5)  # three quiet periods more: no further run
    finally:
        stop.set()
        watcher.join(10)
    assert runs.reasons == ["start", "files changed", "files changed", "files changed"]
    assert not watcher.is_alive()


@pytest.mark.timeout(180)
def test_docclean_watch_ingests_a_burst_in_at_most_two_runs(tmp_path, prefect_api):
    """The real command, reporting to the session's Prefect server (a run on the embedded server, started
    and stopped by Prefect, is tested in test_scale)."""
    inbox, lake_dir, log = tmp_path / "inbox", tmp_path / "lake", tmp_path / "watch.out"
    inbox.mkdir()
    env = dict(os.environ) | {"PREFECT_API_URL": prefect_api, "PREFECT_HOME": str(tmp_path / "prefect")}
    command = [
        *docclean(),
        "watch",
        "--inbox",
        str(inbox),
        "--lake",
        str(lake_dir),
        "--no-tokens",
        "--debounce",
        "1s",
        "--timeout",
        "150s",
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        assert wait_for(lambda: "watching" in log.read_text(), 90, step=0.2), log.read_text()
        burst(inbox, "f", 50)
        assert wait_for(lambda: ingested(lake_dir) == 50, 60, step=0.5), log.read_text()
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    output = log.read_text()
    after_burst = output.split("watching", 1)[1].count("(files changed)") + output.count("(retry)")
    assert 1 <= after_burst <= 2, output
    assert "stopped watching" in output and "Traceback" not in output


def ingested(lake_dir: Path) -> int:
    where = Lake.at(lake_dir)
    if not has_data(where):
        return 0
    return query.run_sql(query.connect(where), "select count(*) from files where status = 'ok'")[1][0][0]


def test_a_folder_that_cannot_be_watched_stops_with_a_reason(tmp_path):
    with pytest.raises(WatchFailed, match="missing"):
        watch_inbox(tmp_path / "missing", FakeRuns(), quiet=0.1, settle=0.1, timeout=20, say=lambda s: None)
