"""The corpus commands: suggest-rules, export, views (issue 13). Each reads what `docclean query` sees."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docclean.flows.cli.options import LAKE, existing_lake
from docclean.flows.lake import export as exporter


@click.command("suggest-rules")
@LAKE
@click.option(
    "--min-files",
    type=click.IntRange(2),
    default=5,
    show_default=True,
    help="a line must recur in this many files",
)
@click.option(
    "--min-collections",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    help="…of this many collections (a compilation's title, or the file itself)",
)
@click.option("--out", type=click.Path(dir_okay=False), help="write the rules file here (default: print it)")
def suggest_rules(lake: str, min_files: int, min_collections: int, out: str | None) -> int:
    """Propose rules for the boilerplate that recurs across the lake's files; review, then pass with --rules."""
    from docclean.flows.lake.mining import suggest

    found = suggest(existing_lake(lake), min_files, min_collections)
    text = found.toml()
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    refused = (
        f", {len(found.refused)} refused by the rules check (listed in the file)" if found.refused else ""
    )
    print(
        f"{len(found.proposed)} candidate rule(s){refused}"
        + (f" written to {out}" if out else "")
        + "; review them, then pass the file with --rules",
        file=sys.stderr,
    )
    return 0


@click.command("export")
@click.option("--to", "out", required=True, type=click.Path(file_okay=False), help="the folder to write")
@click.option(
    "--format", "fmt", type=click.Choice(list(exporter.FORMATS)), default="jsonl", show_default=True
)
@LAKE
def export_command(out: str, fmt: str, lake: str) -> int:
    """Write the views (reports, removals, files, near_duplicates) as JSONL, CSV or Parquet files."""
    for done in exporter.export(existing_lake(lake), Path(out), fmt):
        print(f"{done.view}: {done.rows} row(s) -> {done.path}")
    return 0


@click.command("views")
@LAKE
@click.option("--sql", "as_sql", is_flag=True, help="print the CREATE VIEW statements (the default)")
@click.option(
    "--duckdb",
    "database",
    type=click.Path(dir_okay=False),
    help="write a DuckDB file holding the views (replaced if it exists)",
)
def views_command(lake: str, as_sql: bool, database: str | None) -> int:
    """The views as DuckDB SQL over the lake's Parquet files, for readers outside docclean."""
    where = existing_lake(lake)
    if database:
        exporter.write_database(where, Path(database))
        print(f"wrote {database}: the views over {where.root} (duckdb {database})", file=sys.stderr)
    if as_sql or not database:
        sys.stdout.write(exporter.views_sql(where))
    return 0
