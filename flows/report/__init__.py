"""`docclean report`: one HTML page about the lake that a person opens in a browser.

Runs over time come from the run records in <lake>/_runs/*.json; a lake without them falls back to
the ledger's run_id/ingested_at (runs that ingested nothing are then missing). Everything else is
DuckDB over the query views (flows/query.py), so the page shows what `docclean query` shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docclean.flows.ingest.rows import FINE, STATUSES
from docclean.flows.ingest.summary import read_records
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake
from docclean.flows.report.corpus import candidates_part, near_dups_part
from docclean.flows.report.page import (
    Html,
    columns,
    empty,
    esc,
    examples,
    grid,
    hbar,
    page,
    section,
    table,
    titled,
)
from docclean.flows.report.review import Pages, linked, pages_part, suspects_part, write_file_pages

if TYPE_CHECKING:  # DuckDB is imported where it is used: `docclean run` never loads it
    import duckdb

FLAGS_SHOWN = ("truncated", "toc_mismatch", "no_title", "replacement_chars")
NOT_FINE = f"status NOT IN ({', '.join(repr(s) for s in FINE)})"  # rows a person should look at
MAX_ROWS = 300  # per table: the page stays quick to open; `docclean query` has the rest
RUNS_SHOWN = 20


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started: datetime | None
    new: int
    reports: int
    removals: int
    statuses: dict[str, int] = field(default_factory=dict)
    status: str | None = None  # completed | skipped | failed; the ledger fallback cannot know these four
    seen: int | None = None
    skipped: int | None = None
    deferred: int | None = None
    wall_seconds: float | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _when(text: Any) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def run_from_record(data: dict[str, Any]) -> RunRow:
    """A run record as written by the ingest flow; missing fields read as unknown, not as an error."""
    counts = data.get("counts") or {}
    return RunRow(
        run_id=str(data.get("run_id", "?")),
        started=_when(data.get("started_at")),
        new=int(counts.get("new") or 0),
        reports=int(counts.get("reports") or 0),
        removals=int(counts.get("removals") or 0),
        statuses={str(k): int(v) for k, v in (counts.get("statuses") or {}).items()},
        status=data.get("status"),
        seen=counts.get("files_seen"),
        skipped=counts.get("skipped"),
        deferred=counts.get("deferred"),
        wall_seconds=data.get("wall_seconds"),
        timings={str(k): float(v) for k, v in (data.get("timings") or {}).items()},
    )


def records(where: Lake) -> list[RunRow]:
    runs = []
    for data in read_records(where):
        try:
            runs.append(run_from_record(data))
        except (ValueError, TypeError, AttributeError):
            continue  # not ours: the rest of the page still renders
    return sorted(runs, key=lambda r: (r.started or datetime.min.replace(tzinfo=UTC), r.run_id))


def ledger_runs(con: duckdb.DuckDBPyConnection) -> list[RunRow]:
    statuses = ", ".join(f"count(*) FILTER (status = '{s}')" for s in STATUSES)
    _, rows = query.run_sql(
        con,
        f"""SELECT run_id, min(ingested_at), count(*), sum(report_count),
        sum(removal_count), {statuses} FROM all_files GROUP BY run_id ORDER BY 2, 1""",
    )
    return [
        RunRow(str(r[0]), r[1], r[2], int(r[3] or 0), int(r[4] or 0), dict(zip(STATUSES, r[5:], strict=True)))
        for r in rows
    ]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return query.run_sql(con, sql)[1]


def _stamp(when: datetime | None) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M}" if when else "?"


def runs_part(runs: list[RunRow], from_records: bool) -> Html:
    if not runs:
        return section("Runs", "", empty("no runs yet"))
    bars = [
        (
            f"{r.started.astimezone(UTC):%m-%d %H:%M}" if r.started else "?",
            r.new,
            f"{_stamp(r.started)} UTC: {r.new} new files, {r.reports} reports",
        )
        for r in runs
    ]
    head = [
        "started (UTC)",
        "run",
        "status",
        "seen",
        "new",
        "skipped",
        "deferred",
        "reports",
        "removals",
        "not ok",
        "seconds",
    ]
    rows = [
        [
            _stamp(r.started),
            r.run_id[:12],
            r.status,
            r.seen,
            r.new,
            r.skipped,
            r.deferred,
            r.reports,
            r.removals,
            sum(n for s, n in r.statuses.items() if s not in FINE),
            r.wall_seconds,
        ]
        for r in reversed(runs[-RUNS_SHOWN:])
    ]
    known = [i for i in range(len(head)) if any(row[i] is not None for row in rows)]  # the ledger lacks some
    head, rows = [head[i] for i in known], [[row[i] for i in known] for row in rows]
    numeric = [i for i, h in enumerate(head) if h not in ("started (UTC)", "run", "status")]
    parts = [
        titled("new files per run", columns(bars)),
        titled(f"latest {min(len(runs), RUNS_SHOWN)} runs", table(head, rows, numeric)),
    ]
    stages = [
        (stage, round(t, 2)) for stage, t in runs[-1].timings.items() if t >= 0.005
    ]  # in the record's order
    if stages:
        parts.append(titled("time by stage in the latest run (s)", hbar(stages)))
    source = (
        "run records in _runs/"
        if from_records
        else "the files ledger (no run records yet: "
        "runs that ingested nothing are not shown, and seen/skipped/deferred are unknown)"
    )
    return section("Runs", f"{len(runs)} run(s), from {source}.", *parts)


REMOVALS_BY = """
WITH texts AS (SELECT {key} AS key, removed_text, count(*) k FROM removals GROUP BY ALL),
ranked AS (SELECT *, row_number() OVER (PARTITION BY key ORDER BY k DESC, removed_text) rn FROM texts),
top AS (SELECT key, count(*) n_texts, list(removed_text ORDER BY rn) FILTER (rn <= 3) common,
        arg_max(removed_text, length(removed_text)) longest FROM ranked GROUP BY key)
SELECT m.{key}, any_value(m.category), count(*) n, count(DISTINCT m.source_path), any_value(top.n_texts),
       any_value(top.common), any_value(top.longest)
FROM removals m JOIN top ON m.{key} = top.key GROUP BY m.{key} ORDER BY n DESC, m.{key}
"""


def removals_part(con: duckdb.DuckDBPyConnection) -> Html:
    by_category = _rows(con, REMOVALS_BY.format(key="category"))
    by_rule = _rows(con, REMOVALS_BY.format(key="rule_id"))
    return section(
        "Removals",
        "What the rules took out. A rule whose examples or longest removal read like real "
        "sentences is a wrong rule: try it on a file with docclean clean, then give it a keep case.",
        grid(
            titled("by category", hbar([(c, n) for c, _, n, *_ in by_category])),
            titled("by rule", hbar([(r, n) for r, _, n, *_ in by_rule])),
        ),
        titled(
            "categories",
            table(
                ["category", "removals", "files", "distinct", "most common"],
                [[c, n, f, d, examples(ex)] for c, _, n, f, d, ex, _ in by_category],
                (1, 2, 3),
            ),
        ),
        titled(
            "rules",
            table(
                ["rule", "category", "removals", "files", "distinct", "most common", "longest"],
                [
                    [Html(f"<code>{esc(r)}</code>"), c, n, f, d, examples(ex), examples([longest], 90)]
                    for r, c, n, f, d, ex, longest in by_rule
                ],
                (2, 3, 4),
            ),
        ),
    )


def reports_part(con: duckdb.DuckDBPyConnection) -> Html:
    years = _rows(
        con, "SELECT coalesce(CAST(year AS VARCHAR), '(none)'), count(*) FROM reports GROUP BY 1 ORDER BY 1"
    )
    units = _rows(
        con,
        "SELECT coalesce(nullif(unit, ''), '(none)') u, count(*) n FROM reports "
        "GROUP BY 1 ORDER BY n DESC, u LIMIT 20",
    )
    return section(
        "Reports", "", grid(titled("by year", hbar(years)), titled("by unit (top 20)", hbar(units)))
    )


def files_part(con: duckdb.DuckDBPyConnection) -> Html:
    charts = [
        titled(
            f"by {c}",
            hbar(
                _rows(
                    con,
                    f"SELECT coalesce({c}, '(none)') v, count(*) n FROM files "
                    "GROUP BY 1 ORDER BY n DESC, v LIMIT 20",
                ),
                chart_width=340,
            ),
        )
        for c in ("status", "encoding", "format")
    ]
    problems = _rows(
        con,
        f"SELECT source_path, status, error FROM files WHERE {NOT_FINE} "
        f"ORDER BY status, source_path LIMIT {MAX_ROWS}",
    )
    return section(
        "Files",
        "The latest version of every file in the ledger, zip members (bundle.zip!/…) as files of their "
        "own. Not ingested as reports, each with its reason: empty (blank or only noise), not_text "
        "(bytes that are no document), needs_ocr (a scan), encrypted, unsupported (a format docclean "
        "does not read) and quarantined (corrupt, unsafe, too large, or failed).",
        grid(*charts),
        titled("not ingested as reports", table(["file", "status", "reason"], problems)),
    )


def flags_part(con: duckdb.DuckDBPyConnection, pages: Pages) -> Html:
    listed = ", ".join(f"'{f}'" for f in FLAGS_SHOWN)
    counts = _rows(
        con,
        f"SELECT f, count(*) n FROM (SELECT unnest(flags) f FROM reports) WHERE f IN ({listed}) "
        "GROUP BY f ORDER BY n DESC, f",
    )
    flagged = f"FROM reports WHERE len(list_intersect(flags, [{listed}])) > 0"
    ((total,),) = _rows(con, f"SELECT count(*) {flagged}")
    rows = _rows(
        con,
        f"SELECT source_path, ordinal, title, array_to_string(flags, ', ') {flagged} "
        f"ORDER BY 1, 2 LIMIT {MAX_ROWS}",
    )
    rows = [(linked(path, pages), *rest) for path, *rest in rows]
    hidden = total - len(rows)
    more = (
        f"{len(rows)} of {total} flagged reports shown, {hidden} hidden; all of them: "
        f'docclean query "SELECT source_path, ordinal, title, flags {flagged} ORDER BY 1, 2"'
        if hidden
        else ""
    )
    return section(
        "Flagged reports",
        "truncated: stops mid-sentence or at a paywall; toc_mismatch: the table "
        "of contents disagrees with the reports found; no_title: no title line.",
        hbar(counts, warn=True),
        *([Html(f'<p class="note hidden-rows">{esc(more)}</p>')] if more else []),
        table(["file", "#", "title", "flags"], rows, numeric=(1,)),
    )


def render(where: Lake, now: datetime | None = None, pages: Pages | None = None) -> str:
    con = query.connect(where)
    pages = pages or {}
    recorded = records(where)
    runs = recorded or ledger_runs(con)
    ((files, reports, removals, suspects),) = _rows(
        con,
        "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM reports), "
        "(SELECT count(*) FROM removals), (SELECT count(*) FROM suspects)",
    )
    ((problems,),) = _rows(con, f"SELECT count(*) FROM files WHERE {NOT_FINE}")
    cards = [
        ("files", files),
        ("reports", reports),
        ("removals", removals),
        ("suspects", suspects),
        ("files not ok", problems),
        ("runs", len(runs)),
    ]
    # what needs a person's attention first: files not ingested, flagged reports, then removals
    body = [
        runs_part(runs, bool(recorded)),
        files_part(con),
        flags_part(con, pages),
        suspects_part(con, pages),
        removals_part(con),
        candidates_part(where),
        near_dups_part(con),
        reports_part(con),
        *([pages_part(pages)] if pages else []),
    ]
    generated = f"{(now or datetime.now(UTC)):%Y-%m-%d %H:%M} UTC"
    return page("docclean lake report", f"{where.root} · generated {generated}", cards, body)


def write(where: Lake, out: Path, inbox: Path | None = None) -> int:
    """`docclean report`: the page, written to `out`, and the per-file pages beside it (`inbox`: where
    their sources are read; None: no per-file pages)."""
    import duckdb

    from docclean.flows.lake.integrity import LakeDamaged

    try:
        pages = write_file_pages(query.connect(where), where, out, inbox, FLAGS_SHOWN) if inbox else {}
        page_text = render(where, pages=pages)
    except duckdb.Error as exc:  # a file damaged inside its pages: DuckDB's message names it
        raise LakeDamaged(f"report failed: {' '.join(str(exc).split())}") from None
    out.write_text(page_text, encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB); open file://{out.resolve()}")
    if pages:
        print(f"and {len(pages)} per-file page(s) in {out.with_name(out.stem + '_files')}/")
    return 0
