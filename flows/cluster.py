"""Which Prefect API a run talks to, and what starting it costs.

- Local runs use a temporary server: the one `docclean run` launched before importing Prefect
  (flows/server.py), else Prefect's own embedded server. `start_embedded_server` waits for it (or starts
  it) before the flow, so what its start-up (≈7-10 s here) still costs is timed on its own and kept out of
  the flow's figures.
- Dask runs need a real server: on the embedded one every Dask worker process would start its own
  temporary server on the same SQLite file. `api_for_dask` uses PREFECT_API_URL when it is set;
  otherwise, for a cluster on this machine, it starts `prefect server start` on 127.0.0.1 (flows/server.py:
  a port of its own, a clean environment, stopped by its process group at the end). A remote cluster's
  workers could not reach that server, so there it stops with a one-line message instead.
Call `api_for_dask` before Prefect is imported (Prefect reads PREFECT_API_URL at import).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from docclean.flows import runs, server

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _local_addresses() -> set[str]:
    names = {socket.gethostname(), socket.getfqdn()}
    found = set(LOOPBACK)
    for name in names:
        try:
            found |= {info[4][0] for info in socket.getaddrinfo(name, None)}
        except OSError:
            continue
    return found | names


def is_local(address: str) -> bool:
    """Does the Dask scheduler address (tcp://host:port, or host:port) point at this machine?"""
    host = urlsplit(address if "://" in address else f"tcp://{address}").hostname or ""
    if host in LOOPBACK or host.startswith("127."):
        return True
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, None)}
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
        raise server.ServerFailed(f"no Dask scheduler answers at {address} ({exc})") from None


@contextmanager
def api_for_dask(address: str) -> Iterator[str]:
    """Yield the API URL Dask workers will report to; start (and finally stop) a local server if needed."""
    check_scheduler(address)
    given = os.environ.get("PREFECT_API_URL")
    if given:
        yield given
        return
    if not is_local(address):
        raise server.ServerFailed(
            f"--dask-address {address} is another machine: its workers cannot reach a Prefect server "
            "started here; set PREFECT_API_URL to a Prefect server they can reach"
        )
    default = server.api_url(server.DEFAULT_PORT)
    port = server.DEFAULT_PORT if server.is_healthy(default) else server.free_port()
    started = time.monotonic()
    with server.ensure_server(port) as api:
        runs.note_server_start(time.monotonic() - started)
        # it stops when the run ends: workers must not keep sending task logs to it after that
        os.environ["PREFECT_LOGGING_TO_API_ENABLED"] = "false"
        yield api


def start_embedded_server() -> float:
    """Have the run's temporary server ready and return the seconds this call waited for it (with a
    real API: the seconds this process spent starting it, or 0). The server is the one `docclean run`
    launched before importing Prefect (flows/server.py), else Prefect's own embedded server, started
    here; either way the flow's client finds it."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    started = time.monotonic()
    if temporary := server.temporary():
        server.wait_temporary(temporary)
    elif PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return runs.server_start()  # a real server: what starting it cost, if this process did
    else:
        from prefect.server.api.server import SubprocessASGIServer  # ≈3 s of imports: part of the start

        SubprocessASGIServer().start()
    # The server answers its first request only after ≈0.5 s of lazy set-up (database, API routes); the
    # client's API-version check, made once per process, is that request. Make it here, as part of
    # starting, so each flow run does not pay it.
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        client.raise_for_api_version_mismatch_once()
    seconds = time.monotonic() - started
    runs.note_server_start(seconds)
    return seconds


@contextmanager
def no_heartbeats_on_embedded_server() -> Iterator[None]:
    """Flow runs here skip Prefect's heartbeat thread when they report to the embedded server: it only
    serves crash detection on a long-lived server, and joining it costs every run about 1 s (measured:
    a trivial flow takes 1.1 s with it, 0.12 s without). With a real server, heartbeats stay on."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value() and not server.temporary():
        yield
        return
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield

