"""What one ingest run did: the summary the CLI prints (the flow's return value), and the run record
kept in the lake.

Every run writes `<lake>/_runs/<started>-<run_id>.json` (durably, via a temporary name). The lake's
readers never look there (they read only reports/, removals/ and files/). Fields, all plain JSON:

  run_id          the Prefect flow run id (or local-… outside Prefect)
  status          completed | skipped (nothing new) | failed;  error: one line when failed, else null
  started_at, finished_at   UTC, ISO 8601;  wall_seconds: finished_at − started_at (the flow's body)
  settings        inbox, lake, tokens, workers (processes, or Dask threads), shards, rules_file,
                  rules_sha256, pipeline_version, dask_address (null when local), archive
  counts          files_seen, new (inbox files written to the ledger), members (rows of zip members
                  besides), skipped (already in the lake), deferred (left for a later run),
                  statuses {status: n} for every ledger row written (members included; every status of
                  flows.ingest.rows.STATUSES, 0 when none), reports, removals, archived,
                  near_dups (new reports that nearly duplicate an earlier one), near_dups_again
  removals_by_category {category: n},  removals_by_rule {rule_id: n}
  files           [{path, status, error, report_count, removal_count}] for every ledger row written this
                  run (a zip bundle's row, then its members' `bundle.zip!/…`; skipped files are not listed;
                  deferred ones are, with status "deferred": still being written, or not a readable file,
                  e.g. an unreadable folder or a dangling link)
  batches         [batch_id, …] in commit order (one per shard)
  repaired        [line, …] what the lake check at the run's start did: damaged files set aside,
                  batches with missing rows taken out of the ledger (their files are redone)
  timings         {stage: seconds}. The flow's own thread (wall time): discover, ledger (lookup of
                  known files), commit (renames and fsyncs, ledger last), archive. The workers (CPU
                  time of their thread, summed over shards): read (settle checks, reading, hashing),
                  decode, clean (rules, detectors, segmentation), tokens, keywords, rows (Document to
                  rows), signatures (MinHash of each report), write (Arrow tables and Parquet parts,
                  fsynced); and near_dups (the flow's thread: loading the lake's signatures once,
                  answering each shard's reports, writing the answers). orchestration = wall − the
                  flow's own stages − worker stages / W (W = workers; never below 0): Prefect's task
                  handling, waiting, start-up of worker processes, cores lost to other processes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pyarrow.fs as pafs

from docclean.flows.ingest.rows import FINE, STATUSES
from docclean.flows.lake.store import RUNS_DIR, Lake, write_json

if TYPE_CHECKING:  # the shard code (and the cleaners it imports) is not needed to count a run
    from docclean.flows.ingest.shard import Manifest

MAIN_STAGES = ("discover", "ledger", "commit", "archive", "near_dups")
WORKER_STAGES = ("read", "decode", "clean", "tokens", "keywords", "rows", "signatures", "write")
SHOW_PROBLEMS = 10


@dataclass
class RunSummary:
    """What a run did, counted as shards are committed (a few numbers, not the rows themselves)."""

    lake: str
    seen: int = 0
    skipped: int = 0  # already in the lake: same size and mtime, or same bytes
    new: int = 0  # inbox files written to the ledger
    members: int = 0  # rows of zip members, besides their bundles' own
    statuses: Counter[str] = field(default_factory=Counter)  # of every ledger row written
    reports: int = 0
    suspects: int = 0  # lines kept but listed as likely noise (the `suspects` dataset)
    removals: Counter[str] = field(default_factory=Counter)  # by category
    by_rule: Counter[str] = field(default_factory=Counter)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # path, status, reason
    files: list[dict[str, Any]] = field(default_factory=list)
    batch_ids: list[str] = field(default_factory=list)
    archived: int = 0
    repaired: list[str] = field(default_factory=list)  # damaged lake files set aside, batches taken out
    elapsed: float = 0.0
    timings: Counter[str] = field(default_factory=Counter)
    near_dups: int = 0  # new reports with an earlier near-duplicate (flows/ingest/neardups.py)
    near_dups_again: int = 0  # reports answered again: the report they named was superseded

    def add(self, manifest: Manifest) -> None:
        """Count a committed shard, so the summary says what is in the lake."""
        if manifest.parts:
            self.batch_ids.append(manifest.batch_id)
        for f in manifest.files:
            self.members += f.is_member
            self.new += not f.is_member
            self.statuses[f.status] += 1
            if f.status not in FINE:
                self.problems.append((f.path, f.status, f.error or ""))
            self.files.append(
                {
                    "path": f.path,
                    "status": f.status,
                    "error": f.error,
                    "report_count": f.report_count,
                    "removal_count": f.removal_count,
                }
            )
        for path, reason in manifest.deferred:
            self.defer(path, reason)
        self.skipped += manifest.skipped
        self.reports += manifest.rows.get("reports", 0)
        self.suspects += manifest.rows.get("suspects", 0)
        self.removals.update(manifest.removals_by_category)
        self.by_rule.update(manifest.removals_by_rule)
        self.timings.update({k: v for k, v in manifest.seconds.items() if k in WORKER_STAGES})

    def defer(self, path: str, reason: str) -> None:
        self.deferred.append((path, reason))
        self.files.append(
            {"path": path, "status": "deferred", "error": reason, "report_count": 0, "removal_count": 0}
        )

    def lines(self) -> list[str]:
        removed = ", ".join(f"{c} {n}" for c, n in self.removals.most_common()) or "none"
        members = f" (+{self.members} zip members)" if self.members else ""
        out = [
            f"files: {self.seen} seen, {self.new} new{members}, {self.skipped} skipped (already in lake), "
            f"{len(self.deferred)} deferred",
            "statuses: " + ", ".join(f"{n} {s}" for s in STATUSES if (n := self.statuses[s]) or s == "ok"),
            f"reports written: {self.reports}",
            f"near-duplicates: {self.near_dups} new report(s) nearly duplicate an earlier one"
            + (
                f"; {self.near_dups_again} answered again (the report they named changed)"
                if self.near_dups_again
                else ""
            ),
            f"removals: {sum(self.removals.values())} ({removed})",
            f"suspects: {self.suspects} line(s) kept but listed as likely noise"
            + (' (docclean query "SELECT * FROM suspects")' if self.suspects else ""),
            f"lake: {self.lake}" + (f"  batches: {len(self.batch_ids)}" if self.batch_ids else ""),
        ]
        if self.archived:
            out.append(f"archived: {self.archived} file(s)")
        out += [f"lake repaired: {line}" for line in self.repaired]
        out += [f"  {status}: {path}: {reason}" for path, status, reason in self.problems[:SHOW_PROBLEMS]]
        out += [f"  deferred: {path}: {reason}" for path, reason in self.deferred[:SHOW_PROBLEMS]]
        hidden = max(len(self.problems) - SHOW_PROBLEMS, 0) + max(len(self.deferred) - SHOW_PROBLEMS, 0)
        if hidden:
            out.append(
                f'  … and {hidden} more (see `docclean query "select * from files where status '
                f"not in ('ok', 'bundle')\"`)"
            )
        out.append(f"elapsed: {self.elapsed:.1f} s" + ("" if self.new else "  (nothing new)"))
        return out

    def brief(self) -> str:
        """One line for `watch`: what the new files became, not only how many there were."""
        became = ", ".join(f"{n} {s}" for s in STATUSES if (n := self.statuses[s]))
        return (
            f"{self.new} new" + (f" ({became})" if became else "") + f", {self.skipped} skipped, "
            f"{len(self.deferred)} deferred, {self.reports} reports, {self.suspects} suspects, "
            f"{self.elapsed:.1f} s"
        )

    def markdown(self) -> str:
        return "# docclean ingest\n\n" + "".join(f"- {line.strip()}\n" for line in self.lines())

    def count_rows(self) -> list[dict[str, Any]]:
        """The counts as rows of one table (the run's Prefect table artifact)."""
        files = (
            ("seen", self.seen),
            ("new", self.new),
            ("zip members", self.members),
            ("skipped", self.skipped),
            ("deferred", len(self.deferred)),
        )
        rows = [{"kind": "files", "name": k, "count": v} for k, v in files]
        rows += [{"kind": "status", "name": s, "count": self.statuses[s]} for s in STATUSES]
        rows.append({"kind": "reports", "name": "written", "count": self.reports})
        rows.append({"kind": "suspects", "name": "listed", "count": self.suspects})
        rows += [{"kind": "category", "name": c, "count": n} for c, n in self.removals.most_common()]
        rows += [{"kind": "rule", "name": r, "count": n} for r, n in self.by_rule.most_common()]
        return rows


def shard_lines(manifest: Manifest, number: int, shards: int, limit: int = 50) -> list[str]:
    """What a committed shard did, for the flow run's log (Prefect's UI): its counts, then each file that
    was not ingested as reports with its reason (the first `limit`)."""
    statuses = Counter(f.status for f in manifest.files)
    read = sum(not f.is_member for f in manifest.files)
    became = ", ".join(f"{n} {s}" for s in STATUSES if (n := statuses[s]))
    removals = sum(manifest.removals_by_category.values())
    out = [
        f"shard {number}/{shards} (batch {manifest.batch_id}): {read} file(s) read"
        + (f" ({became})" if became else "")
        + f", {manifest.skipped} unchanged, {len(manifest.deferred)} deferred; "
        f"{manifest.rows.get('reports', 0)} reports, {removals} removals, "
        f"{manifest.rows.get('suspects', 0)} suspects"
    ]
    problems = [f for f in manifest.files if f.status not in FINE]
    out += [f"{f.status}: {f.path}: {f.error or ''}" for f in problems[:limit]]
    out += [f"deferred: {path}: {reason}" for path, reason in manifest.deferred[:limit]]
    hidden = max(len(problems) - limit, 0) + max(len(manifest.deferred) - limit, 0)
    if hidden:
        out.append(f"… and {hidden} more in this shard (the run record and the files ledger list them all)")
    return out


def finish_timings(summary: RunSummary, parallelism: int) -> dict[str, float]:
    """The stage seconds with orchestration (see the module doc) filled in."""
    t = summary.timings
    stages = {s: round(t.get(s, 0.0), 3) for s in (*MAIN_STAGES[:2], *WORKER_STAGES, *MAIN_STAGES[2:])}
    covered = (
        sum(t.get(s, 0.0) for s in MAIN_STAGES) + sum(t.get(s, 0.0) for s in WORKER_STAGES) / parallelism
    )
    stages["orchestration"] = round(max(summary.elapsed - covered, 0.0), 3)
    return stages


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def record(
    summary: RunSummary,
    run_id: str,
    started: datetime,
    settings: dict[str, Any],
    status: str,
    error: str | None = None,
    files: bool = True,
) -> dict[str, Any]:
    """The run record (see the module doc for every field); `files=False` leaves out the per-file list
    (a smaller record, for a disk that could not take the whole one)."""
    return {
        "run_id": run_id,
        "status": status,
        "error": error,
        "started_at": iso(started),
        "finished_at": iso(datetime.now(UTC)),
        "wall_seconds": round(summary.elapsed, 3),
        "settings": settings,
        "counts": {
            "files_seen": summary.seen,
            "new": summary.new,
            "members": summary.members,
            "skipped": summary.skipped,
            "deferred": len(summary.deferred),
            "statuses": {s: summary.statuses[s] for s in STATUSES},
            "reports": summary.reports,
            "near_dups": summary.near_dups,
            "near_dups_again": summary.near_dups_again,
            "removals": sum(summary.removals.values()),
            "suspects": summary.suspects,
            "archived": summary.archived,
        },
        "removals_by_category": dict(summary.removals.most_common()),
        "removals_by_rule": dict(summary.by_rule.most_common()),
        "files": summary.files if files else None,
        "batches": list(summary.batch_ids),
        "repaired": list(summary.repaired),
        "timings": finish_timings(summary, max(int(settings.get("workers") or 1), 1)),
    }


def record_path(where: Lake, run_id: str, started: datetime) -> str:
    return f"{where.root}/{RUNS_DIR}/{started.astimezone(UTC):%Y%m%dT%H%M%S%fZ}-{run_id}.json"


def write_record(where: Lake, path: str, data: dict[str, Any]) -> str:
    return write_json(where, path, data)


def read_records(where: Lake) -> list[dict[str, Any]]:
    """Every run record in the lake, oldest first; a record that cannot be read (one being written, or
    not ours) is left out rather than failing the reader."""
    import json

    infos = where.fs.get_file_info(pafs.FileSelector(f"{where.root}/{RUNS_DIR}", allow_not_found=True))
    paths = sorted(
        i.path
        for i in infos
        if i.is_file and i.base_name.endswith(".json") and not i.base_name.startswith(".")
    )
    out = []
    for path in paths:
        try:
            with where.fs.open_input_stream(path) as handle:
                data = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            out.append(data)
    return out
