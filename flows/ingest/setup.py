"""The parts of a run that need no Prefect: readying the lake, the plan, the settings, the run record.

The `ingest` flow (flows/ingest/flow.py) runs them inside its flow run; `idle_run` runs them alone, for a
run with nothing to do (no new or changed file, a sound lake). Such a run has nothing to orchestrate, so
`docclean run` makes it without importing Prefect or starting a flow run: it counts the inbox and writes the
same run record (status `skipped`, a `local-` run id) in under two seconds, instead of paying Prefect's
start-up (≈5 CPU-s with a running server, ≈20 with the temporary one). No Prefect here.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from docclean.cleaners.rules import digest_with_user_rules
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import FileEntry, Unlisted, archive_dir_for, scan
from docclean.flows.ingest.inbox import plan as split_known
from docclean.flows.ingest.summary import RunSummary, record, record_path, write_record
from docclean.flows.lake import integrity, store
from docclean.flows.lake.store import Lake


@dataclass(frozen=True, slots=True)
class Plan:
    to_read: list[FileEntry]  # new, or changed size or mtime
    unchanged: int
    unlisted: list[Unlisted]  # not a readable file: reported as deferred
    known: dict[str, str]  # path -> ledger sha256, for paths in the ledger


def pipeline_version(rules_sha256: str) -> str:
    try:
        ours = version("docclean")
    except PackageNotFoundError:
        ours = "0+unknown"
    return f"docclean {ours} rules {rules_sha256[:12]}"


def ready(where: Lake) -> list[str]:
    """Clear what a killed run left and check the lake against its ledger; the repairs made, as lines."""
    store.recover(where)
    return integrity.repair(where, integrity.verify(where)).lines


def make_plan(inbox_dir: Path, exclude: list[Path], where: Lake, clock: Clock) -> Plan:
    """The inbox's files against the ledger: which to read, how many are unchanged."""
    with clock.stage("discover"):
        entries, unlisted = scan(inbox_dir, exclude)
    with clock.stage("ledger"):
        known = store.latest_versions(where)
    to_read, unchanged = split_known(entries, known)
    shas = {e.path: known[e.path].sha256 for e in to_read if e.path in known}
    return Plan(to_read, len(unchanged), unlisted, shas)


def excluded(where: Lake, archive_to: Path) -> list[Path]:
    """Folders the inbox scan skips: the lake (when it lives under the inbox) and the archive."""
    return [Path(where.root), archive_to] if where.is_local else [archive_to]


def count_plan(summary: RunSummary, found: Plan) -> None:
    summary.seen = len(found.to_read) + found.unchanged
    summary.skipped = found.unchanged
    for item in found.unlisted:
        summary.defer(item.path, item.reason)


def run_settings(
    inbox: str,
    where: Lake,
    tokens: bool,
    rules_file: str | None,
    rules_text: str | None,
    archive: bool,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """The run record's `settings` (workers and shards: what the run used, filled in as it goes)."""
    digest = digest_with_user_rules(rules_text)
    return {
        "inbox": os.path.abspath(inbox),
        "lake": where.root,
        "tokens": tokens,
        "workers": 1,
        "shards": 0,
        "rules_file": os.path.abspath(rules_file) if rules_file else None,
        "rules_sha256": digest,
        "pipeline_version": pipeline_version(digest),
        "dask_address": dask_address,
        "archive": archive,
    }


def keep_record(
    where: Lake,
    summary: RunSummary,
    run_id: str,
    started: datetime,
    settings: dict[str, Any],
    status: str,
    error: str | None,
) -> None:
    """Write the run record; when the disk cannot take it (full), try a smaller one without the file
    list. A completed run whose record cannot be written fails; a failed run keeps its own error."""
    path = record_path(where, run_id, started)
    try:
        write_record(where, path, record(summary, run_id, started, settings, status, error))
    except OSError:
        try:
            write_record(where, path, record(summary, run_id, started, settings, status, error, files=False))
        except OSError:
            if status != "failed":
                raise


def idle_run(
    inbox: str,
    lake_path: str,
    tokens: bool = True,
    rules_file: str | None = None,
    archive: bool = False,
    archive_dir: str | None = None,
    wait_for_lock: bool = False,
) -> tuple[RunSummary | None, Plan]:
    """The whole run when there is nothing to do: no new or changed file in the inbox, nothing in the lake
    to clear or repair. The inbox is counted and the run record written (status `skipped`). Otherwise
    no summary, and nothing is written: the flow is the one to ingest, clear and repair, and to report it.
    Also the plan, for the caller to size its workers."""
    started, started_at = time.monotonic(), datetime.now(UTC)
    where, archive_to = Lake.at(lake_path), archive_dir_for(inbox, archive_dir)
    rules_text = Path(rules_file).read_text(encoding="utf-8") if rules_file else None
    summary, clock = RunSummary(lake=where.root), Clock(time.perf_counter)
    with store.locked(where, wait=wait_for_lock):
        found = make_plan(Path(inbox), excluded(where, archive_to), where, clock)
        if found.to_read or store.leftovers(where) or not integrity.verify(where).ok:
            return None, found
        count_plan(summary, found)
        summary.elapsed = time.monotonic() - started
        summary.timings.update(clock.seconds)
        settings = run_settings(inbox, where, tokens, rules_file, rules_text, archive)
        keep_record(where, summary, f"local-{store.new_batch_id()}", started_at, settings, "skipped", None)
    return summary, found
