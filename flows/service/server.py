"""Which Prefect API a run talks to, and local Prefect servers as child processes.

- `docclean run` and `watch` use Prefect's own default: the embedded (temporary) server that Prefect
  starts on first use and stops at exit, or the server PREFECT_API_URL names. `wait_for_api` makes that
  first use before the flow, through Prefect's public client, so the start-up is timed on its own.
- `docclean server`, `serve` (schedules need a real server: the embedded one refuses to schedule) and
  Dask runs (on the embedded server, every Dask worker would start its own) use a real server:
  PREFECT_API_URL if it answers, else one on the port, else `prefect server start` on 127.0.0.1,
  started here in a session of its own and stopped (its process group) at the end.
Plain functions; Prefect is imported only inside `wait_for_api`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from docclean.flows.service import prefect_env

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
START_TIMEOUT = 180.0  # healthy after ≈9 s here; a loaded machine takes much longer
LOG_MAX_BYTES = 10 * 2**20  # server.log is rotated once past this (one older copy kept)
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class ServerFailed(RuntimeError):
    """A Prefect server (or a Dask scheduler) is not there or did not start."""


def api_url(port: int) -> str:
    return f"http://{HOST}:{port}/api"


def ui_url(api: str) -> str:
    return api.removesuffix("/").removesuffix("/api")


def is_healthy(api: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):  # refused, timed out, HTTP error, or not a URL at all
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_for_api() -> float:
    """Have the run's Prefect API ready before the flow and return the seconds that took: with no
    PREFECT_API_URL, this is where Prefect starts its embedded server (≈8-10 s here)."""
    from prefect import get_client

    started = time.monotonic()
    with get_client(sync_client=True) as client:
        client.api_healthcheck()
    return time.monotonic() - started


def start(port: int, home: str | None = None, log: IO[bytes] | None = None) -> subprocess.Popen[bytes]:
    """Start `prefect server start` on 127.0.0.1:port in a session of its own, so that a Ctrl-C meant
    for a run in progress does not stop the server under it, and so that stop() can end its whole group."""
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)]
    return subprocess.Popen(
        command,
        env=prefect_env.server_env(home, api=api_url(port)),
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


def open_log(path: Path, max_bytes: int | None = None) -> IO[bytes]:
    """`path` for appending; past `max_bytes` (LOG_MAX_BYTES) it first becomes `<name>.1`, replacing the
    one before, so a server started again and again never fills the disk."""
    limit = LOG_MAX_BYTES if max_bytes is None else max_bytes
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size > limit:
            path.replace(path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass
    return open(path, "ab")


def choose_api(port: int) -> str:
    """The API a command will use, this process pointed at it: PREFECT_API_URL if it answers, else the
    local server on `port`, running or still to be started. Call before Prefect is imported."""
    given = os.environ.get("PREFECT_API_URL")
    if given and is_healthy(given):
        return given
    api = api_url(port)
    if given and given != api:
        print(f"docclean: PREFECT_API_URL {given} does not answer; using {api}", file=sys.stderr)
    prefect_env.use_api(api)
    return api


@contextmanager
def ensure_server(port: int = DEFAULT_PORT, home: str | None = None) -> Iterator[str]:
    """Yield the API URL of a healthy server, this process pointed at it (`choose_api`), starting a
    child server when none answers on the port (log in PREFECT_HOME/server.log), stopped on exit. Call
    before Prefect is imported."""
    api = choose_api(port)
    if api != api_url(port) or is_healthy(api):
        yield api
        return
    log_path = Path(prefect_env.server_env(home)["PREFECT_HOME"]) / "server.log"
    with open_log(log_path) as log:
        process = start(port, home, log)
    try:
        print(
            f"docclean: started Prefect server (pid {process.pid}) at {ui_url(api)}, log {log_path}",
            file=sys.stderr,
            flush=True,
        )
        try:
            wait_healthy(process, api)
        except ServerFailed as exc:
            raise ServerFailed(f"{exc} (see {log_path})") from None
        yield api
    finally:
        stop(process)


def serve_foreground(port: int) -> int:
    """`docclean server`: a local server in the foreground until Ctrl-C."""
    api = api_url(port)
    if is_healthy(api):
        raise ServerFailed(f"a Prefect server already answers at {ui_url(api)}")
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C or kill -INT, even when started with &
    process = start(port)
    try:
        wait_healthy(process, api)
        print(
            f"Prefect UI: {ui_url(api)}    (export PREFECT_API_URL={api} to report runs to it; "
            "Ctrl-C stops it)",
            flush=True,
        )
        return 0 if process.wait() == 0 else 1  # it stopped on its own
    except KeyboardInterrupt:
        return 0
    finally:
        stop(process)


# --- Dask --------------------------------------------------------------------------------------------


def _local_addresses() -> set[str]:
    names = {socket.gethostname(), socket.getfqdn()}
    found = set(LOOPBACK)
    for name in names:
        try:
            found |= {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
        except OSError:
            continue
    return found | names


def is_local(address: str) -> bool:
    """Does the Dask scheduler address (tcp://host:port, or host:port) point at this machine?"""
    host = urlsplit(address if "://" in address else f"tcp://{address}").hostname or ""
    if host in LOOPBACK or host.startswith("127."):
        return True
    try:
        resolved = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(resolved & _local_addresses()) or host in _local_addresses()


def check_scheduler(address: str, timeout: float = 5.0) -> None:
    """Fail in one line when nothing listens at the scheduler's address (before a server is started)."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 8786), timeout=timeout):
            pass
    except (OSError, ValueError) as exc:
        raise ServerFailed(f"no Dask scheduler answers at {address} ({exc})") from None


@contextmanager
def api_for_dask(address: str) -> Iterator[str]:
    """Yield the API URL Dask workers will report to; start (and finally stop) a local server if needed."""
    check_scheduler(address)
    given = os.environ.get("PREFECT_API_URL")
    if given:
        yield given
        return
    if not is_local(address):
        raise ServerFailed(
            f"--dask-address {address} is another machine: its workers cannot reach a Prefect server "
            "started here; set PREFECT_API_URL to a Prefect server they can reach"
        )
    port = DEFAULT_PORT if is_healthy(api_url(DEFAULT_PORT)) else free_port()
    with ensure_server(port) as api:
        # it stops when the run ends: workers must not keep sending task logs to it after that
        os.environ["PREFECT_LOGGING_TO_API_ENABLED"] = "false"
        yield api
