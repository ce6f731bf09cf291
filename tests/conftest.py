from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from docclean.cleaners.rules import RuleSet, default_rules
from docclean.flows.service import prefect_env

prefect_env.apply()  # as `docclean` does, before anything imports Prefect

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return default_rules()


def sample_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def harness():
    """One Prefect test server for the whole session (≈10 s to start; up to a minute or two on a machine
    busy with other jobs, hence the generous timeout)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test`), every test that needs the Prefect harness runs in one worker
    process, so the session starts one test server, not one per worker (≈10-20 s each)."""
    for item in items:
        if "harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("prefect-harness"))


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
