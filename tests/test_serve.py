"""`docclean serve` and `docclean server`: a scheduled run really fires on a local Prefect server."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from docclean.flows.cli import main
from docclean.flows.service import prefect_env, server
from docclean.flows.service.serve import parse_duration
from tests.conftest import SAMPLES
from tests.test_watch import docclean, ingested, wait_for


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("30s", 30), ("500ms", 0.5), ("2h", 7200), ("1d", 86400), ("45", 45), ("1.5m", 90)],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5x", "m", "-1s", "1 2"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_bad_schedules_and_a_missing_inbox_fail_before_any_server_starts(tmp_path, capsys):
    for args in (
        ["--cron", "0 *", "--interval", "5m"],
        ["--cron", "every hour"],
        ["--interval", "soon"],
        ["--interval", "0s"],
    ):
        assert main(["serve", *args]) == 2
    assert main(["serve", "--inbox", str(tmp_path / "missing"), "--port", "1"]) == 1
    assert "inbox" in capsys.readouterr().err


def test_a_bad_cron_expression_is_refused_in_one_line_before_any_server_starts(tmp_path):
    """Prefect's own check of every field (not only their number), in a real `docclean serve`: exit 2,
    one line naming the option, and no server (the port stays free, nothing says it started one)."""
    (tmp_path / "inbox").mkdir()
    port = server.free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {
        "PREFECT_HOME": str(tmp_path / "home")
    }
    command = [
        *docclean(),
        "serve",
        "--cron",
        "61 * * * *",
        "--inbox",
        str(tmp_path / "inbox"),
        "--port",
        str(port),
    ]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "docclean: Invalid value for '--cron': Invalid cron string: \"61 * * * *\" "
        "(e.g. '0 * * * *': minute hour day month weekday) (see `docclean serve --help`)"
    ]
    assert not (tmp_path / "home" / "server.log").exists() and not server.is_healthy(server.api_url(port))


def test_usage_errors_are_one_line(capsys):
    assert main(["serve", "--interval", "soon"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("docclean: Invalid value for '--interval'") and "docclean serve --help" in line


def test_a_server_on_another_port_tells_its_ui_to_call_that_port():
    api = server.api_url(4217)
    assert prefect_env.server_env(environ={}, api=api)["PREFECT_SERVER_UI_API_URL"] == api
    mine = {"PREFECT_UI_API_URL": "https://proxy.example/api"}  # the user's own (a proxy's) wins
    assert "PREFECT_SERVER_UI_API_URL" not in prefect_env.server_env(environ=mine, api=api)


def test_the_server_gets_no_embedded_only_settings():
    environ = {
        "PREFECT_API_URL": "http://elsewhere/api",
        "PREFECT_HOME": "/x",
        "OTHER": "1",
        **prefect_env.EMBEDDED_ONLY,
        "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "20",
    }
    env = prefect_env.server_env(environ=environ)
    assert not set(env) & (
        set(prefect_env.EMBEDDED_ONLY) - {"PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE"}
    )
    assert env["PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE"] == "20"  # the user's own choice stays
    assert "PREFECT_API_URL" not in env and env["PREFECT_HOME"] == "/x" and env["OTHER"] == "1"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def loopback() -> bool:
    try:
        with socket.socket() as s:
            s.bind((server.HOST, 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not loopback(), reason="needs a loopback interface (no network)")
@pytest.mark.timeout(180)
def test_a_scheduled_run_fires_and_ingests(tmp_path, prefect_home):
    """`docclean serve --interval 5s` starts its own server on a free loopback port; a scheduled run
    ingests the inbox; SIGINT stops serve and the server. ≈30 s: the server takes ≈10 s to start."""
    inbox, lake_dir, log = tmp_path / "inbox", tmp_path / "lake", tmp_path / "serve.out"
    inbox.mkdir()
    (inbox / SAMPLES[0].name).write_bytes(SAMPLES[0].read_bytes())
    os.utime(inbox / SAMPLES[0].name, (time.time() - 60, time.time() - 60))  # settled: no deferral
    port = server.free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {
        "PREFECT_HOME": str(prefect_home),  # its database migrated already: the server is up sooner
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # the runner looks for due runs every second, not every 10
    }
    command = [
        *docclean(),
        "serve",
        "--interval",
        "5s",
        "--inbox",
        str(inbox),
        "--lake",
        str(lake_dir),
        "--no-tokens",
        "--port",
        str(port),
    ]
    with open(log, "wb") as out:
        serve = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server_pid = None
    try:
        assert wait_for(lambda: "started Prefect server" in log.read_text(), 30, step=0.2), log.read_text()
        server_pid = int(re.search(r"started Prefect server \(pid (\d+)\)", log.read_text())[1])
        assert wait_for(lambda: ingested(lake_dir) == 1, 120, step=0.5), log.read_text()
        assert server.is_healthy(server.api_url(port))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ui-settings", timeout=10) as answer:
            assert json.load(answer)["api_url"] == server.api_url(port)  # the UI calls this port, not 4200
        serve.send_signal(signal.SIGINT)  # stop serving; a run in progress finishes
        assert serve.wait(60) == 0
    finally:
        stop_group(serve.pid)
        if server_pid:
            stop_group(server_pid)
        serve.wait(10)
    output = log.read_text()
    assert "stopped serving" in output and f"http://127.0.0.1:{port}" in output
    assert not server.is_healthy(server.api_url(port))


def stop_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_a_server_already_answering_is_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(server, "is_healthy", lambda api, timeout=2.0: api == server.api_url(4999))
    monkeypatch.setattr(prefect_env, "use_api", lambda api: None)
    monkeypatch.setattr(server, "start", lambda *a, **k: pytest.fail("started a second server"))
    with server.ensure_server(4999) as api:
        assert api == server.api_url(4999)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4999/api")
    with server.ensure_server(4200) as api:
        assert api == "http://127.0.0.1:4999/api"


def test_server_command_refuses_a_busy_port(monkeypatch, capsys):
    monkeypatch.setattr(server, "is_healthy", lambda api, timeout=2.0: True)
    assert main(["server", "--port", "4999"]) == 1
    assert "already answers at http://127.0.0.1:4999" in capsys.readouterr().err


def test_the_server_log_is_rotated_before_it_grows_past_its_limit(tmp_path):
    log_path = tmp_path / "home" / "server.log"
    with server.open_log(log_path, max_bytes=100) as log:  # creates the folder and the file
        log.write(b"first start\n")
    with server.open_log(log_path, max_bytes=100) as log:  # under the limit: appended to
        log.write(b"x" * 200)
    assert log_path.read_bytes().startswith(b"first start\nxxx")
    with server.open_log(log_path, max_bytes=100) as log:  # over it: moved aside, a fresh log
        log.write(b"third start\n")
    assert log_path.read_bytes() == b"third start\n"
    assert (tmp_path / "home" / "server.log.1").read_bytes().startswith(b"first start\n")
