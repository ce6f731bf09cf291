"""Prefect servers as child processes: a local `prefect server start` (start, wait until healthy, stop),
and the temporary server of one `docclean run`.

Scheduled deployments need a real server: Prefect's embedded (temporary) server refuses to schedule.
The server gets a clean environment: flows/settings.py puts batch/flush settings for the embedded
server into this process's environment, and a long-running server with them would persist task-run
records and events only at shutdown. Analytics off and PREFECT_HOME are all it needs.
Plain functions, no Prefect import: the caller imports Prefect only after PREFECT_API_URL is set.

The temporary server is Prefect's embedded server started the way Prefect starts it (uvicorn on its app
factory, no UI, marked ephemeral, with the embedded-only batch/flush settings so that records are written
once, at shutdown), but by docclean before it imports Prefect: the server's start-up (≈7 s here) then
overlaps this process's Prefect import and worker start-up instead of following them.
"""

from __future__ import annotations

import argparse
import atexit
import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from docclean.flows import settings

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
START_TIMEOUT = 60.0  # healthy after ≈9 s here; a loaded machine takes longer
LOG_MAX_BYTES = 10 * 2**20  # server.log is rotated once past this (one older copy kept)


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


def wait_healthy(
    process: subprocess.Popen[bytes], api: str, timeout: float = START_TIMEOUT, poll: float = 0.5
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_healthy(api):
            return
        if process.poll() is not None:
            raise ServerFailed(f"prefect server exited with code {process.returncode} before it was healthy")
        time.sleep(poll)
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


# --- the temporary server of one run --------------------------------------------------------------

# What Prefect 3.8's SubprocessASGIServer adds to the environment of its embedded server.
EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
EPHEMERAL_SWITCHES = ("PREFECT_SERVER_EPHEMERAL_ENABLED", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE")
PR_SET_PDEATHSIG = 1


@dataclass
class Temporary:
    """A temporary server this process launched; `api` is already this process's PREFECT_API_URL."""

    process: subprocess.Popen[bytes]
    api: str
    log_path: Path


_temporary: Temporary | None = None


def temporary_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Ours (flows/settings.py applied, embedded-only settings included), plus what Prefect gives its own."""
    env = {k: v for k, v in environ.items() if k != "PREFECT_API_URL"}
    env.update(EPHEMERAL_ENV)
    return env


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if docclean dies without stopping it (Linux; else no-op)."""
    try:
        ctypes.CDLL("libc.so.6").prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


# Settings that decide which server a run talks to: when any is set outside the environment, docclean
# leaves the choice to Prefect (its own embedded server, or the server configured there).
SERVER_SETTINGS = ("PREFECT_API_URL", *EPHEMERAL_SWITCHES)


def configured_elsewhere(environ: Mapping[str, str] = os.environ, cwd: Path | None = None) -> str | None:
    """Where, besides the environment, Prefect settings could choose the server (a profile, prefect.toml,
    [tool.prefect] in pyproject.toml, a .env file), or None. Read without importing Prefect."""
    cwd = cwd or Path.cwd()
    if (cwd / "prefect.toml").is_file():
        return str(cwd / "prefect.toml")
    for name, marker in ((".env", "PREFECT_"), ("pyproject.toml", "[tool.prefect")):
        try:
            if marker in (cwd / name).read_text(encoding="utf-8", errors="replace"):
                return str(cwd / name)
        except OSError:
            continue
    home = Path(environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    profiles = Path(environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        data = tomllib.loads(profiles.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = environ.get("PREFECT_PROFILE") or data.get("active")
    profile = data.get("profiles", {}).get(active, {}) if isinstance(active, str) else {}
    if isinstance(profile, dict) and any(key in profile for key in SERVER_SETTINGS):
        return f"{profiles} (profile {active})"
    return None


def launch_temporary() -> Temporary | None:
    """Start the run's temporary server now, without waiting, and point this process at it. None (and
    nothing started) when Prefect is already imported, an API is configured, embedded servers are off, or
    a Prefect settings file could say otherwise (then Prefect decides, as it would without docclean)."""
    global _temporary
    embedded_off = any(os.environ.get(name, "").lower() in ("0", "false", "no") for name in EPHEMERAL_SWITCHES)
    if _temporary or "prefect" in sys.modules or os.environ.get("PREFECT_API_URL") or embedded_off:
        return None
    if configured_elsewhere():
        return None
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        return None
    port = free_port()
    env = temporary_env()
    log_path = Path(env.get("PREFECT_HOME") or settings.project_root() / ".prefect") / "temporary-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", HOST, "--port", str(port),
               "--log-level", "error", "--lifespan", "on"]
    with open(log_path, "wb") as log:  # this run's server only: errors of the last run stay readable
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)
    _temporary = Temporary(process, api_url(port), log_path)
    os.environ["PREFECT_API_URL"] = _temporary.api
    # Registered before Prefect is imported, so it runs after Prefect's own exit handlers have sent their
    # last events; SIGTERM lets the server write its records before it stops.
    atexit.register(stop, process)
    return _temporary


def temporary() -> Temporary | None:
    """The temporary server this process launched, if any."""
    return _temporary


def wait_temporary(t: Temporary, timeout: float = START_TIMEOUT) -> None:
    try:
        wait_healthy(t.process, t.api, timeout, poll=0.1)
    except ServerFailed as exc:
        raise ServerFailed(f"temporary {exc} (see {t.log_path})") from None


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
    with open_log(log_path) as log:
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
