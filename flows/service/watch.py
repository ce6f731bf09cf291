"""`docclean watch`: run the ingest flow when files arrive in the inbox, one run at a time.

A thread follows the inbox with watchfiles and only notes *when* something changed; the main thread
decides when to run (Trigger) and runs the flow in-process: on Prefect's embedded server, or on the
server that PREFECT_API_URL names. The flow itself defers files that are still being written, so a
run that deferred files is followed by another once they have had time to settle.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import watchfiles

from docclean.flows.ingest.inbox import archive_dir_for

RETRY_FAILED = 60.0  # seconds before a failed run is tried again without new events
SETTLE_MARGIN = 0.5  # past the settle time, so a deferred file is old enough at the retry


class WatchFailed(RuntimeError):
    """The inbox could not be watched any longer."""


@dataclass(frozen=True)
class Outcome:
    new: int
    deferred: int
    line: str
    failed: bool = False


@dataclass
class Trigger:
    """When the next run is due: `quiet` seconds after the last event (a burst of files is one run),
    yet no later than `max_delay` after the first one (a steady trickle still gets runs), or at
    `retry_at` (deferred files, failed runs). Events during a run make exactly one follow-up run."""

    quiet: float
    max_delay: float
    first: float | None = None
    last: float | None = None
    retry_at: float | None = None

    def event(self, now: float) -> None:
        self.first = now if self.first is None else self.first
        self.last = now

    def due_at(self) -> float | None:
        times = [] if self.retry_at is None else [self.retry_at]
        if self.first is not None and self.last is not None:
            times.append(min(self.last + self.quiet, self.first + self.max_delay))
        return min(times, default=None)

    def reason(self) -> str:
        return "files changed" if self.last is not None else "retry"

    def start(self) -> None:
        self.first = self.last = self.retry_at = None

    def finish(self, now: float, outcome: Outcome, settle: float) -> None:
        if outcome.failed:
            self.retry_at = now + RETRY_FAILED
        elif outcome.deferred:
            self.retry_at = now + settle + SETTLE_MARGIN


class InboxFilter(watchfiles.DefaultFilter):
    """Files added or changed; not deletions (nothing to ingest), not the lake or archive inside it."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return change != watchfiles.Change.deleted and super().__call__(change, path)


def follow(
    inbox: Path,
    ignore: Iterable[Path],
    on_event: Callable[[float], None],
    ready: threading.Event,
    stop: threading.Event,
    quiet: float,
) -> None:
    """Call on_event(time) for each group of changes until `stop`; set `ready` once watching."""
    changes = watchfiles.watch(
        inbox,
        watch_filter=InboxFilter(ignore_paths=[str(p) for p in ignore]),
        debounce=max(50, min(int(quiet * 1000), 1600)),
        step=50,
        stop_event=stop,
        rust_timeout=500,
        yield_on_timeout=True,  # an empty yield: proof the watcher is running
        raise_interrupt=False,
    )
    for group in changes:
        ready.set()
        if group:
            on_event(time.monotonic())


def watch_inbox(
    inbox: Path,
    run: Callable[[str], Outcome],
    *,
    quiet: float,
    settle: float,
    ignore: Iterable[Path] = (),
    max_runs: int | None = None,
    timeout: float | None = None,
    stop: threading.Event | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Run once now (files that came while nobody watched), then after each burst; return the run count."""
    stop = stop or threading.Event()
    deadline = None if timeout is None else time.monotonic() + timeout
    trigger, wake, ready = Trigger(quiet, max(10 * quiet, 60.0)), threading.Condition(), threading.Event()

    def on_event(now: float) -> None:
        with wake:
            trigger.event(now)
            wake.notify()

    failed: list[BaseException] = []

    def follow_or_stop() -> None:  # a watcher that dies (folder removed, inotify limit) stops the command
        try:
            follow(inbox, ignore, on_event, ready, stop, quiet)
        except Exception as exc:
            failed.append(exc)
            stop.set()
            ready.set()

    watcher = threading.Thread(target=follow_or_stop, name="inbox-watcher", daemon=True)
    watcher.start()
    ready.wait(10)
    runs, reason = 0, "start"
    try:
        while not stop.is_set():
            runs += 1
            outcome = run(reason)
            say(f"[{time.strftime('%H:%M:%S')}] run {runs} ({reason}): {outcome.line}")
            with wake:
                trigger.finish(time.monotonic(), outcome, settle)
                if runs == 1:
                    say(f"watching {inbox} (Ctrl-C stops)")
                if max_runs is not None and runs >= max_runs:
                    break
                while not stop.is_set():
                    now, due = time.monotonic(), trigger.due_at()
                    if deadline is not None and now >= deadline:
                        stop.set()
                        break
                    if due is not None and now >= due:
                        reason = trigger.reason()
                        trigger.start()
                        break
                    wake.wait(min(t for t in (due, deadline, now + 0.5) if t is not None) - now)
    finally:
        stop.set()
        watcher.join(5)
    if failed:
        raise WatchFailed(f"watching {inbox} failed: {failed[0]}")
    return runs


def ingest_runner(parameters: dict[str, Any]) -> Callable[[str], Outcome]:
    """Run the ingest flow in this process (imports Prefect: call after the settings are in place)."""
    from docclean.flows.ingest.flow import ingest
    from docclean.flows.ingest.rows import one_line

    def run(reason: str) -> Outcome:
        try:
            s = ingest(**parameters)
        except Exception as exc:  # the run failed (its record says why); keep watching and retry later
            return Outcome(0, 0, f"run failed: {one_line(exc)}", True)
        return Outcome(
            s.new,
            len(s.deferred),
            s.brief(),
        )

    return run


def watch(
    parameters: dict[str, Any], debounce: float, settle: float, max_runs: int | None, timeout: float | None
) -> int:
    """`docclean watch`: run the flow now and after every burst of files, until Ctrl-C."""
    parameters = parameters | {"settle_seconds": settle}
    stop = threading.Event()

    def first_interrupt(signum: int, frame: Any) -> None:  # the run in progress finishes; again: now
        signal.signal(signal.SIGINT, signal.default_int_handler)
        stop.set()
        print("docclean: stopping after the run in progress (Ctrl-C again to interrupt it)", file=sys.stderr)

    inbox = Path(parameters["inbox"])
    ignore = [Path(parameters["lake_path"]), archive_dir_for(inbox, None)]
    previous = signal.signal(signal.SIGINT, first_interrupt)
    try:
        watch_inbox(
            inbox,
            ingest_runner(parameters),
            quiet=debounce,
            settle=settle,
            ignore=ignore,
            max_runs=max_runs,
            timeout=timeout,
            stop=stop,
            say=lambda s: print(s, flush=True),
        )
    except WatchFailed as exc:
        print(f"docclean: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
    print("docclean: stopped watching", file=sys.stderr)
    return 0
