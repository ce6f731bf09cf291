"""Prefect settings for the embedded (temporary) server, applied before Prefect is imported anywhere.

Prefect reads its settings once, at import, so this module must be imported before `prefect`
(flows/cli.py, flows/ingest.py and the flow tests import it first). Every value is a default:
a variable already set in the environment wins.

Why these values (measured, see the project's Prefect notes): the embedded server's task-run
recorder writes one event at a time to SQLite and is cancelled mid-write when the server stops,
which prints CancelledError tracebacks and "Error flushing N events" and loses task records. A huge
batch and a long flush interval make it write everything once, at shutdown. Those two settings are
wrong for a long-running `prefect server start` (it would only persist at shutdown), so they are not
applied when PREFECT_API_URL points at a real server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ALWAYS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the client's own telemetry (3.8) ignores the server setting and prints a notice on TTYs
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",  # start takes ≈10 s; 20 s fails when busy
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI prints its own summary
}
EMBEDDED_ONLY = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100000",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "3600",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "100000",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL": "3600",
}


def project_root() -> Path:
    """The checkout this package runs from (an editable install), else the working directory."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def apply(environ: dict[str, str] | os._Environ = os.environ) -> None:
    """Set the defaults above in `environ`, keeping anything the user set."""
    # Keep Prefect's database, storage and logging settings inside the project, not in ~/.prefect.
    environ.setdefault("PREFECT_HOME", str(project_root() / ".prefect"))
    for key, value in ALWAYS.items():
        environ.setdefault(key, value)
    if not environ.get("PREFECT_API_URL"):
        for key, value in EMBEDDED_ONLY.items():
            environ.setdefault(key, value)


if "prefect" in sys.modules:  # too late to take effect; say so rather than fail mysteriously at exit
    print(
        "docclean: flows.settings imported after prefect; embedded-server settings may not apply",
        file=sys.stderr,
    )
apply()
