"""Prefect's settings for docclean, as environment defaults (documented Prefect settings only).

`docclean` applies them first thing, before it imports Prefect (flows/cli.py: `entry`), because
Prefect reads its settings when it is imported; tests/conftest.py does the same for the test session.
Every value is a default: a variable already set in the environment wins, and so does a profile or a
`prefect.toml` that sets one (Prefect reads those itself).

Why these values (measured, see the project's Prefect notes): the embedded (temporary) server's
task-run recorder writes one event at a time to SQLite and is cancelled mid-write when the server
stops, which prints CancelledError tracebacks and "Error flushing N events" and loses task records.
A huge batch and a long flush interval make it write everything once, at shutdown. Those settings are
wrong for a long-running `prefect server start` (it would only persist at shutdown), so they apply only
when no PREFECT_API_URL names a real server, and `server_env` takes them out for servers docclean starts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path

ALWAYS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # the client's own telemetry (3.8) ignores the server setting
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",  # start takes ≈10 s; 60 s failed when busy
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI prints its own summary
    # docclean's per-shard lines, refused files and summary reach the flow run's log in the UI (INFO)…
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    # …while the terminal shows only warnings from Prefect: the CLI prints its own progress and summary
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
}
# Prefect's event client says "Still processing items: N items remaining..." (a warning, logger
# `EventsWorker`) whenever events are still queued as the process exits — at the end of every run, even
# one with nothing new; it is flushing, nothing is wrong, nothing to act on. Filtered out by its text.
QUIET_NOTES = {"EventsWorker": "Still processing items"}
EMBEDDED_ONLY = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100000",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "3600",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "100000",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL": "3600",
}


def project_root() -> Path:
    """The checkout docclean runs from (an editable install), else the working directory."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def default_home(environ: Mapping[str, str] = os.environ) -> str:
    """Prefect's database, storage and logs: inside the project, not in ~/.prefect."""
    return environ.get("PREFECT_HOME") or str(project_root() / ".prefect")


class _Drop(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)


def quiet_notes() -> None:
    """Drop the notes of QUIET_NOTES (standard `logging` filters on the loggers named)."""
    for name, prefix in QUIET_NOTES.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Drop) for f in logger.filters):
            logger.addFilter(_Drop(prefix))


def apply(environ: MutableMapping[str, str] = os.environ) -> None:
    """Set the defaults above in `environ`, keeping anything already set. Call before importing Prefect."""
    quiet_notes()
    environ.setdefault("PREFECT_HOME", default_home(environ))
    for key, value in ALWAYS.items():
        environ.setdefault(key, value)
    if not environ.get("PREFECT_API_URL"):
        for key, value in EMBEDDED_ONLY.items():
            environ.setdefault(key, value)


def use_api(api: str, environ: MutableMapping[str, str] = os.environ) -> None:
    """Point this process at a real server (before Prefect is imported): the embedded-only defaults go."""
    environ["PREFECT_API_URL"] = api
    for key, value in EMBEDDED_ONLY.items():
        if environ.get(key) == value:
            del environ[key]


UI_API_URL = ("PREFECT_SERVER_UI_API_URL", "PREFECT_UI_API_URL")  # the setting's name and its older alias


def server_env(
    home: str | None = None, environ: Mapping[str, str] = os.environ, api: str | None = None
) -> dict[str, str]:
    """The environment for a `prefect server start` docclean runs: ours, minus the embedded-only defaults.
    `api`: the URL the server will answer at. Its UI is told to call that URL: `--port` moves the API, but
    the UI's API URL is a setting of its own, which otherwise defaults to the default port (4200)."""
    env = {k: v for k, v in environ.items() if k != "PREFECT_API_URL"}
    if api and not any(environ.get(name) for name in UI_API_URL):  # a user's own (a proxy's) URL wins
        env[UI_API_URL[0]] = api
    for key, value in EMBEDDED_ONLY.items():
        if env.get(key) == value:  # our default, not the user's choice
            del env[key]
    env["PREFECT_HOME"] = home or default_home(environ)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.setdefault("DO_NOT_TRACK", "1")
    return env
