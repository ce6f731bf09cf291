from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from docclean.cleaners.rules import RuleSet, default_rules
from docclean.flows.service import prefect_env, server

prefect_env.apply()  # as `docclean` does, before anything imports Prefect

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return default_rules()


def sample_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class PrefectServer:
    api: str
    empty_db: Path  # its database as it was when it first answered: migrated, no runs in it


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory) -> Iterator[PrefectServer]:
    """One Prefect server per test process, started as `docclean server` starts one, for every test that
    needs a server: in-process flows (`harness`) and `docclean` subprocesses (PREFECT_API_URL in their
    environment). A start costs ≈10 CPU-s (minutes on a busy machine: the timeout is generous), so each
    xdist worker starts at most one, and only if it runs such a test. Tests of the embedded server and of
    `serve` start their own: that start is what they test."""
    port = server.free_port()
    home = tmp_path_factory.mktemp("prefect-home")
    with server.open_log(home / "server.log") as log:
        process = server.start(port, str(home), log)
    try:
        server.wait_healthy(process, server.api_url(port))
        empty = home.parent / "prefect-empty.db"
        with sqlite3.connect(home / "prefect.db") as live, sqlite3.connect(empty) as copy:
            live.backup(copy)  # a consistent copy of a database in use
        yield PrefectServer(server.api_url(port), empty)
    finally:
        server.stop(process)


@pytest.fixture(scope="session")
def prefect_api(prefect_server: PrefectServer) -> str:
    return prefect_server.api


@pytest.fixture
def prefect_home(prefect_server: PrefectServer, tmp_path: Path) -> Path:
    """A PREFECT_HOME of the test's own whose database is already migrated: a server a test starts there
    (the embedded one, `serve`'s) is up in seconds, not after the ≈20 CPU-s a new database's migrations
    take (what a user's first run pays once)."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    shutil.copyfile(prefect_server.empty_db, home / "prefect.db")
    return home


@pytest.fixture(scope="session")
def harness(prefect_api: str) -> Iterator[None]:
    """In-process flows report to the session's server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: prefect_api}):
        yield


def settle(*paths: Path) -> None:
    """Backdate files so the run does not wait for them to settle (the flow defers files younger than 2 s)."""
    old = time.time() - 60
    for path in paths:
        os.utime(path, (old, old))


def put(inbox: Path, name: str, data: bytes) -> Path:
    path = inbox / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settle(path)
    return path


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    for sample in SAMPLES:
        put(folder, sample.name, sample.read_bytes())
    return folder


@contextmanager
def killed_before_the_ledger(monkeypatch) -> Iterator[None]:
    """Inside, a commit dies as the ledger part is about to be renamed into place (a kill between a
    batch's data files and its ledger entry); after, commits work again."""
    from docclean.flows.lake import store

    real = store.publish

    def publish(where, temporary, final):
        if "/files/" in final:
            raise OSError("killed")
        return real(where, temporary, final)

    monkeypatch.setattr(store, "publish", publish)
    try:
        yield
    finally:
        monkeypatch.setattr(store, "publish", real)
