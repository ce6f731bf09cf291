"""The commands that read or tidy the lake: query, status, check, compact, report."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import click

from docclean.flows.cli.options import INBOX, LAKE, WAIT, RunFailed, existing_lake, hold_lock
from docclean.flows.lake import integrity, query
from docclean.flows.lake.store import Lake

# --- the lake: query, status, check, compact, report ----------------------------------------------


@click.command("query")
@click.argument("sql", metavar="SQL")
@LAKE
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per row per line")
@click.option(
    "--max-width", type=int, default=query.MAX_CELL, show_default=True, help="clip table cells to this width"
)
def query_command(sql: str, lake: str, as_csv: bool, as_json: bool, max_width: int) -> int:
    """Run SQL (DuckDB's dialect) over the lake and print the result.

    SQL is one statement, quoted for the shell, over the views: reports, removals, suspects, files,
    near_duplicates, signatures (the latest version of each file) and all_reports, all_removals,
    all_suspects, all_files (every version). For example:

    \b
      docclean query "SELECT year, count(*) FROM reports GROUP BY ALL ORDER BY year"
      docclean query "SELECT rule_id, count(*) n FROM removals GROUP BY ALL ORDER BY n DESC"
      docclean query --csv "SELECT * FROM files WHERE status <> 'ok'" > problems.csv
    """
    import duckdb

    if as_csv and as_json:
        raise click.UsageError("--csv and --json cannot be used together")
    con = query.connect(Lake.at(lake))
    try:
        columns, rows = query.run_sql(con, sql)
    except duckdb.Error as exc:
        raise RunFailed(f"query failed: {' '.join(str(exc).split())}") from None
    if as_csv:
        sys.stdout.write(query.to_csv(columns, rows))
    elif as_json:
        sys.stdout.write(query.to_json_lines(columns, rows))
    elif columns:
        print(query.to_table(columns, rows, limit=max_width))
    return 0


@click.command()
@LAKE
def status(lake: str) -> int:
    """Files by status, reports by year and unit, last runs."""
    import duckdb

    try:
        print(query.status_text(Lake.at(lake)))
    except duckdb.Error as exc:
        raise RunFailed(f"status failed: {' '.join(str(exc).split())}") from None
    return 0


@click.command()
@LAKE
@click.option(
    "--repair",
    is_flag=True,
    help="set damaged files aside and take incomplete batches out, so the next run redoes them",
)
@WAIT
def check(lake: str, repair: bool, wait: bool) -> int:
    """Verify every lake file against the ledger (readable, schema, rows per batch)."""
    where = existing_lake(lake)
    with ExitStack() as stack:
        if repair:
            hold_lock(stack, where, wait)
        found = integrity.verify(where, deep=True)
        print(
            f"checked {found.files_checked} file(s), {found.batches_checked} batch(es): "
            + ("all readable, every batch complete" if found.ok else f"{len(found.lines())} problem(s)")
        )
        for line in found.lines():
            print(f"  {line}")
        if found.ok or not repair:
            return 0 if found.ok else 1
        for line in integrity.repair(where, found).lines:
            print(f"  repaired: {line}")
    print("the next `docclean run` redoes the files of the batches taken out")
    return 0


@click.command()
@LAKE
@WAIT
def compact(lake: str, wait: bool) -> int:
    """Merge batch files into one per dataset, dropping orphan rows."""
    from docclean.flows.lake.compact import compact as merge

    where = existing_lake(lake)
    with ExitStack() as stack:
        hold_lock(stack, where, wait)
        integrity.require_readable(where)
        for c in merge(where):
            print(
                f"{c.dataset}: {c.files_before} file(s) -> 1, {c.rows} row(s) kept, "
                f"{c.orphans_dropped} orphan row(s) dropped"
            )
    return 0


@click.command()
@LAKE
@INBOX
@click.option("--out", default="report.html", show_default=True, help="the HTML file to write")
@click.option(
    "--no-file-pages", is_flag=True, help="no per-file review pages (they re-read files from the inbox)"
)
def report(lake: str, inbox: str, out: str, no_file_pages: bool) -> int:
    """Write an HTML page about the lake: runs, problems, flagged reports, suspects, removals; and beside
    it (OUT_files/) a review page for each flagged file, each file with suspects and a sample."""
    from docclean.flows.report import write

    return write(Lake.at(lake), Path(out), None if no_file_pages else Path(inbox))
