"""`docclean serve`: the ingest flow as a Prefect deployment with a schedule (cron or interval).

Scheduling needs a real Prefect server; ensure_server() uses PREFECT_API_URL or one on the port, or
starts one for the life of this command. Prefect is imported only after PREFECT_API_URL is set, so
none of the embedded-server settings apply here. SIGINT to this process stops serving and lets a run
in progress finish; Ctrl-C in a terminal also reaches the run's own process and interrupts it. The lake
is kill-safe either way: the next run redoes an interrupted one.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from docclean.flows.service import prefect_env, server

DEPLOYMENT = "docclean"
DEFAULT_CRON = "0 * * * *"
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds from '15m', '90s', '500ms', '2h', '1d' or a bare number of seconds; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*", text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (e.g. 30s, 15m, 2h, 1d)")
    return float(match[1]) * UNITS[match[2] or "s"]


def interval(text: str) -> float:
    seconds = parse_duration(text)
    if seconds < 1:
        raise ValueError(f"interval {text!r} is under a second")
    return seconds


class BadSchedule(ValueError):
    """A schedule Prefect would refuse."""


def cron_expression(text: str) -> str:
    """The shape of a cron expression, checked while the command line is read (without Prefect)."""
    if len(text.split()) != 5:  # a missing quote, or words
        raise ValueError(f"not a cron expression: {text!r} (five fields, e.g. '0 * * * *')")
    return text


def check_cron(text: str) -> None:
    """Prefect's own check of each field (`prefect.schedules.Cron`), so that a bad expression is refused
    in one line before any server starts, not by the deployment after it did. Imports Prefect: call it
    once this process points at its API (server.choose_api)."""
    from prefect.schedules import Cron

    try:
        Cron(text)
    except ValueError as exc:
        raise BadSchedule(
            f"{' '.join(str(exc).split())} (e.g. '0 * * * *': minute hour day month weekday)"
        ) from None


def _absolute(path: str | None) -> str | None:
    """Flow runs start in a process of their own: relative paths would depend on its working directory."""
    if path is None or "://" in path:
        return path
    return str(Path(path).resolve())


def flow_parameters(inbox: str, lake: str, tokens: bool, rules: str | None) -> dict[str, Any]:
    return {
        "inbox": _absolute(inbox),
        "lake_path": _absolute(lake),
        "tokens": tokens,
        "rules_file": _absolute(rules),
        "wait_for_lock": True,  # a manual `docclean run` in progress delays a scheduled one, not fails it
        "progress": True,  # a plain progress line every 30 s in the serve/watch process's output
    }


def serve_ingest(parameters: dict[str, Any], cron: str | None, interval: float | None) -> None:
    """Register the deployment and poll for its scheduled runs until SIGINT/SIGTERM."""
    from prefect.types.entrypoint import EntrypointType

    from docclean.flows.ingest.flow import ingest

    ingest.serve(
        name=DEPLOYMENT,
        cron=cron,
        interval=interval,
        parameters=parameters,
        paused=False,  # resume the schedule that the last shutdown paused
        limit=1,  # one run at a time: runs that overlap would only queue on the lake's lock
        # a module path, not a file path, so flow runs load the installed package from any directory
        entrypoint_type=EntrypointType.MODULE_PATH,
        print_starting_message=False,
    )


def serve(parameters: dict[str, Any], cron: str | None, every: float | None, port: int) -> int:
    """`docclean serve`: the deployment on a server (started here when none answers) until SIGINT."""
    # SIGINT stops serving even when a shell started us in the background, where it is ignored by default
    signal.signal(signal.SIGINT, signal.default_int_handler)
    cron = None if every is not None else cron or DEFAULT_CRON
    when = f"on cron '{cron}'" if cron else f"every {timedelta(seconds=every or 0)}"
    server.choose_api(port)  # before Prefect is imported, which the check below does
    if cron:
        check_cron(cron)
    with server.ensure_server(port) as api:
        if os.environ.get("PREFECT_LOGGING_LEVEL") == prefect_env.ALWAYS["PREFECT_LOGGING_LEVEL"]:
            # a service should say when runs start and end, in this terminal and in the UI's run logs
            os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        print(
            f"docclean: serving ingest of {parameters['inbox']} {when}; runs, logs and summaries at "
            f"{server.ui_url(api)} (deployment ingest/{DEPLOYMENT}); stop with `kill -INT {os.getpid()}` "
            "(a run in progress finishes) or Ctrl-C (it is interrupted)",
            file=sys.stderr,
            flush=True,
        )
        try:
            serve_ingest(parameters, cron, every)
        except ValueError as exc:  # Prefect's own validation of the schedule
            raise server.ServerFailed(f"cannot serve: {' '.join(str(exc).split())}") from None
    print("docclean: stopped serving", file=sys.stderr)
    return 0
