"""A local Prefect server (`prefect server start`) as a child process: start, wait until healthy, stop.

Scheduled deployments need a real server: Prefect's embedded (temporary) server refuses to schedule.
The server gets a clean environment: flows/settings.py puts batch/flush settings for the embedded
server into this process's environment, and a long-running server with them would persist task-run
records and events only at shutdown. Analytics off and PREFECT_HOME are all it needs.
Plain functions, no Prefect import: the caller imports Prefect only after PREFECT_API_URL is set.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from flows import settings

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
START_TIMEOUT = 60.0  # healthy after ≈9 s here; a loaded machine takes longer


class ServerFailed(RuntimeError):
    """The local Prefect server did not start or did not become healthy."""


def api_url(port: int) -> str:
    return f"http://{HOST}:{port}/api"


def ui_url(api: str) -> str:
    return api.removesuffix("/").removesuffix("/api")


def is_healthy(api: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):  # refused, timed out, HTTP error, or not a URL at all
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(home: str | None = None, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment for `prefect server start`: ours, minus what only suits the embedded server."""
    env = {k: v for k, v in environ.items() if k != "PREFECT_API_URL"}
    for key, value in settings.EMBEDDED_ONLY.items():
        if env.get(key) == value:  # our default, not the user's choice
            del env[key]
    env["PREFECT_HOME"] = home or environ.get("PREFECT_HOME") or str(settings.project_root() / ".prefect")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.setdefault("DO_NOT_TRACK", "1")
    return env


def use_api(api: str) -> None:
    """Point this process (and the flow runs it starts) at a real server. Call before importing Prefect."""
    if "prefect" in sys.modules:
        raise RuntimeError("use_api() must run before prefect is imported: Prefect reads settings at import")
    os.environ["PREFECT_API_URL"] = api
    for key, value in settings.EMBEDDED_ONLY.items():
        if os.environ.get(key) == value:
            del os.environ[key]


def start(port: int, home: str | None = None, log: IO[bytes] | int | None = None) -> subprocess.Popen[bytes]:
    """Start `prefect server start` on 127.0.0.1:port in a session of its own, so that a Ctrl-C meant
    for a run in progress does not stop the server under it, and so that stop() can end its whole group."""
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)]
    return subprocess.Popen(
        command,
        env=server_env(home),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
    )


def wait_healthy(process: subprocess.Popen[bytes], api: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_healthy(api):
            return
        if process.poll() is not None:
            raise ServerFailed(f"prefect server exited with code {process.returncode} before it was healthy")
        time.sleep(0.5)
    raise ServerFailed(f"prefect server not healthy at {api}/health after {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the server's process group, then SIGKILL what is left after `grace` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def ensure_server(port: int = DEFAULT_PORT, home: str | None = None) -> Iterator[str]:
    """Yield the API URL of a healthy server: PREFECT_API_URL if it answers, else one already on the
    port, else a child server started here (log in PREFECT_HOME/server.log) and stopped on exit."""
    given = os.environ.get("PREFECT_API_URL")
    if given and is_healthy(given):
        yield given
        return
    api = api_url(port)
    if given:
        print(f"docclean: PREFECT_API_URL {given} does not answer; using {api}", file=sys.stderr)
    if is_healthy(api):
        use_api(api)
        yield api
        return
    log_path = Path(server_env(home)["PREFECT_HOME"]) / "server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = start(port, home, log)
    try:
        print(f"docclean: started Prefect server (pid {process.pid}) at {ui_url(api)}, log {log_path}",
              file=sys.stderr, flush=True)
        try:
            wait_healthy(process, api)
        except ServerFailed as exc:
            raise ServerFailed(f"{exc} (see {log_path})") from None
        use_api(api)
        yield api
    finally:
        stop(process)


def command(args: argparse.Namespace) -> int:
    """`docclean server`: run a local server in the foreground until Ctrl-C."""
    api = api_url(args.port)
    if is_healthy(api):
        raise ServerFailed(f"a Prefect server already answers at {ui_url(api)}")
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C or kill -INT, even when started with &
    process = start(args.port)
    try:
        wait_healthy(process, api)
        print(f"Prefect UI: {ui_url(api)}    (export PREFECT_API_URL={api} to report runs to it; "
              "Ctrl-C stops it)", flush=True)
        return 0 if process.wait() == 0 else 1  # it stopped on its own
    except KeyboardInterrupt:
        return 0
    finally:
        stop(process)


def add_command(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="run a local Prefect server (UI and API) on 127.0.0.1")
    server.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    server.set_defaults(handler=command)
