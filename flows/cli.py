"""The `docclean` command line: every subcommand, its options declared once (click).

Each command is a thin wrapper: check what would otherwise end in a traceback, call, print. Prefect is
imported only by the commands that run flows, after `entry` has put docclean's Prefect settings in the
environment (flows/service/prefect_env.py). `--inbox` and `--lake` default to $DOCCLEAN_INBOX and
$DOCCLEAN_LAKE, else data/inbox and data/lake.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

import click

from docclean.cleaners.errors import RulesError, UnreadableInput
from docclean.cleaners.model import Document
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows.ingest.inbox import InboxMissing, archive_dir_for
from docclean.flows.ingest.rows import empty_dict, one_line, report_dict
from docclean.flows.lake import integrity, query
from docclean.flows.lake.store import Lake, LakeLocked, has_data, locked
from docclean.flows.service import prefect_env, serve, server, watch

F = TypeVar("F", bound=Callable[..., Any])


class RunFailed(RuntimeError):
    """The run itself could not complete (not a bad file: those are recorded in the lake)."""


class Duration(click.ParamType):
    name = "duration"

    def __init__(self, parse: Callable[[str], Any] = serve.parse_duration) -> None:
        self.parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return value if isinstance(value, float) else self.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


# --- options shared by several commands, declared once ------------------------------------------

INBOX = click.option(
    "--inbox",
    envvar="DOCCLEAN_INBOX",
    default="data/inbox",
    show_default=True,
    help="folder to scan, recursively [env: DOCCLEAN_INBOX]",
)
LAKE = click.option(
    "--lake",
    envvar="DOCCLEAN_LAKE",
    default="data/lake",
    show_default=True,
    help="the lake: a folder or a pyarrow URI such as s3://bucket/lake [env: DOCCLEAN_LAKE]",
)
NO_TOKENS = click.option("--no-tokens", is_flag=True, help="skip jieba tokens and keywords")
RULES = click.option(
    "--rules",
    type=click.Path(dir_okay=False),
    help="an extra rules file (TOML), applied after the shipped rules",
)
WAIT = click.option(
    "--wait", is_flag=True, help="wait for another process holding the lake instead of exiting"
)
PORT = click.option(
    "--port",
    type=int,
    default=server.DEFAULT_PORT,
    show_default=True,
    help="port of the local Prefect server (used, or started when none answers)",
)


def ingest_options(command: F) -> F:
    """What every way of running the ingest takes: run, serve, watch."""
    for option in (RULES, NO_TOKENS, LAKE, INBOX):
        command = option(command)
    return command


def _version() -> str:
    try:
        return version("docclean")
    except PackageNotFoundError:
        return "0+unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(_version(), prog_name="docclean")
def cli() -> None:
    """Clean Chinese work-report compilations into a queryable Parquet lake."""


# --- checks made before anything slow starts -------------------------------------------------------


def read_rules(path: str | None) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc


def load_rules(path: str | None) -> RuleSet:
    return with_user_rules(read_rules(path))


def preflight(inbox: str, rules: str | None, tokens: bool) -> None:
    """Fail in one line, before Prefect starts, for what would otherwise end in a traceback."""
    if not Path(inbox).is_dir():
        raise InboxMissing(f"inbox {inbox} does not exist or is not a folder")
    load_rules(rules)  # RulesError names the bad rule
    if tokens:
        try:
            import docclean.cleaners.tokens  # noqa: F401
        except ImportError as exc:
            raise RunFailed(f"tokenizer unavailable ({exc}); install it or pass --no-tokens") from None


def hold_lock(stack: ExitStack, where: Lake, wait: bool) -> None:
    """Take the lake's lock for the rest of the command; creating it is also the writability check."""
    try:
        stack.enter_context(locked(where, wait=wait))
    except OSError as exc:
        raise RunFailed(f"cannot write to lake {where.root}: {exc.strerror or exc}") from None


def existing_lake(lake: str) -> Lake:
    where = Lake.at(lake)
    if not has_data(where):
        raise query.LakeMissing(f"no lake at {where.root} yet; run `docclean run` first")
    return where


# --- clean: the rule author's dry run ----------------------------------------------------------------


def show(doc: Document) -> str:
    out = [
        f"== {doc.source_path}  [{doc.format}, {doc.encoding} {doc.encoding_confidence:.2f}]  "
        f"{len(doc.reports)} report(s), {len(doc.removals)} removal(s)"
    ]
    if doc.collection_title:
        out.append(f"collection: {doc.collection_title}")
    for r in doc.reports:
        out.append(f"\n--- report {r.ordinal}: {r.title or '(no title)'}")
        out.append(
            f"unit: {r.unit or '-'}  year: {r.year or '-'}  paragraphs: {r.paragraph_count}  "
            f"chars: {r.char_count}  placeholders: {r.placeholder_count}  flags: {', '.join(r.flags) or '-'}"
        )
        if r.keywords:
            out.append(f"keywords: {' '.join(r.keywords)}")
        out.append(r.text)
    out.append("\nremovals:")
    for m in doc.removals:
        out.append(
            f"  L{m.line_no:<5} r{m.report_ordinal:<3} {m.rule_id} ({m.category})  {m.removed_text!r}"
            + (f" -> {m.replacement!r}" if m.replacement else "")
        )
    return "\n".join(out)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per report per line")
@RULES
@NO_TOKENS
def clean(files: tuple[str, ...], as_json: bool, rules: str | None, no_tokens: bool) -> int:
    """Dry run: clean files and print their reports and removal records."""
    from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec

    cleaner = Cleaner(CleanerSpec(read_rules(rules), tokens=not no_tokens))
    failed = 0
    for name in files:
        try:
            doc = cleaner.document(Path(name).read_bytes(), name)
        except (OSError, UnreadableInput) as exc:
            failed += 1
            print(f"docclean: {name}: {exc}", file=sys.stderr)
            continue
        if as_json:
            for row in [report_dict(doc, r) for r in doc.reports] or [empty_dict(doc)]:
                print(json.dumps(row, ensure_ascii=False))
        else:
            print(show(doc))
    return 1 if failed and failed == len(files) else 0


# --- run -------------------------------------------------------------------------------------------


@cli.command()
@ingest_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="worker processes that clean (default: the CPUs)",
)
@click.option("--archive", is_flag=True, help="move ingested files (ok/empty) out of the inbox")
@click.option("--archive-dir", help="where --archive moves files (default: archive/ beside the inbox)")
@WAIT
@click.option(
    "--dask-address",
    metavar="tcp://HOST:8786",
    help="clean on this Dask cluster (needs PREFECT_API_URL, or starts a local Prefect server)",
)
def run(
    inbox: str,
    lake: str,
    no_tokens: bool,
    rules: str | None,
    workers: int,
    archive: bool,
    archive_dir: str | None,
    wait: bool,
    dask_address: str | None,
) -> int:
    """Ingest new and changed files from the inbox into the lake."""
    tokens = not no_tokens
    preflight(inbox, rules, tokens)
    started = time.monotonic()
    with ExitStack() as stack:
        hold_lock(stack, Lake.at(lake), wait)  # re-entrant: the flow takes it again, for free
        if dask_address:  # a real Prefect server for the Dask workers, before Prefect is imported
            stack.enter_context(server.api_for_dask(dask_address))
        else:
            from docclean.flows.ingest import workers as worker_processes

            # the forkserver loads the worker code and tables while Prefect is imported and started
            new = worker_processes.likely_new_bytes(Path(inbox), lake, archive_dir_for(inbox, archive_dir))
            if worker_processes.worth_a_pool(new, workers):
                worker_processes.start_early(tokens)
        from docclean.flows.ingest.flow import ingest  # imports Prefect (≈2 s): only the run command pays it

        try:
            waited = server.wait_for_api()
            flow_started = time.monotonic()
            summary = ingest(
                inbox=inbox,
                lake_path=lake,
                tokens=tokens,
                workers=workers,
                rules_file=rules,
                archive=archive,
                archive_dir=archive_dir,
                progress=sys.stderr.isatty(),
                dask_address=dask_address,
            )
            flow_seconds = time.monotonic() - flow_started
        except (LakeLocked, InboxMissing, RulesError):
            raise
        except Exception as exc:  # the run failed (its record in the lake says why), or Prefect did
            raise RunFailed(f"run failed: {one_line(exc)}") from None
    print("\n".join(summary.lines()))
    print(
        f"total with Prefect start-up: {time.monotonic() - started:.1f} s (waited {waited:.1f} s "
        f"for the Prefect server, flow run {flow_seconds:.1f} s)"
    )
    return 0


# --- the lake: query, status, check, compact, report ----------------------------------------------


@cli.command("query")
@click.argument("sql")
@LAKE
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per row per line")
@click.option(
    "--max-width", type=int, default=query.MAX_CELL, show_default=True, help="clip table cells to this width"
)
def query_command(sql: str, lake: str, as_csv: bool, as_json: bool, max_width: int) -> int:
    """SQL over the views reports, removals, files (and all_* history)."""
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


@cli.command()
@LAKE
def status(lake: str) -> int:
    """Files by status, reports by year and unit, last runs."""
    import duckdb

    try:
        print(query.status_text(Lake.at(lake)))
    except duckdb.Error as exc:
        raise RunFailed(f"status failed: {' '.join(str(exc).split())}") from None
    return 0


@cli.command()
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


@cli.command()
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


@cli.command()
@LAKE
@click.option("--out", default="report.html", show_default=True, help="the HTML file to write")
def report(lake: str, out: str) -> int:
    """Write an HTML page about the lake: runs, removals, reports, problems."""
    from docclean.flows.report import write

    return write(Lake.at(lake), Path(out))


# --- Prefect: server, serve, watch -----------------------------------------------------------------


@cli.command("server")
@PORT
def server_command(port: int) -> int:
    """Run a local Prefect server (UI and API) on 127.0.0.1, until Ctrl-C."""
    return server.serve_foreground(port)


@cli.command("serve")
@click.option(
    "--cron",
    type=Duration(serve.cron_expression),
    help=f"cron schedule (default: '{serve.DEFAULT_CRON}', hourly)",
)
@click.option("--interval", type=Duration(serve.interval), help="fixed interval instead: 30s, 15m, 2h …")
@ingest_options
@PORT
def serve_command(
    cron: str | None,
    interval: float | None,
    inbox: str,
    lake: str,
    no_tokens: bool,
    rules: str | None,
    port: int,
) -> int:
    """Run the ingest on a schedule (a Prefect deployment; starts a server if needed)."""
    if cron and interval:
        raise click.UsageError("--cron and --interval cannot be used together")
    preflight(inbox, rules, not no_tokens)
    return serve.serve(serve.flow_parameters(inbox, lake, not no_tokens, rules), cron, interval, port)


@cli.command("watch")
@ingest_options
@click.option(
    "--debounce",
    type=Duration(),
    default="5s",
    show_default=True,
    help="quiet time after the last change before a run",
)
@click.option(
    "--settle",
    type=Duration(),
    default="2s",
    show_default=True,
    help="files younger than this wait for a later run",
)
@click.option(
    "--max-runs", type=click.IntRange(min=1), help="stop after this many runs (the first one included)"
)
@click.option("--timeout", type=Duration(), help="stop after this long (30s, 2h …)")
def watch_command(
    inbox: str,
    lake: str,
    no_tokens: bool,
    rules: str | None,
    debounce: float,
    settle: float,
    max_runs: int | None,
    timeout: float | None,
) -> int:
    """Ingest whenever files arrive in the inbox (one run per burst)."""
    preflight(inbox, rules, not no_tokens)
    parameters = serve.flow_parameters(inbox, lake, not no_tokens, rules)
    return watch.watch(parameters, debounce, settle, max_runs, timeout)


# --- entry -----------------------------------------------------------------------------------------

FAILURES = (
    RunFailed,
    InboxMissing,
    LakeLocked,
    query.LakeMissing,
    server.ServerFailed,
    integrity.LakeDamaged,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status: 0 done, 1 the command could not (one line on stderr),
    2 bad usage or a bad rules file, 130 interrupted."""
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name="docclean", standalone_mode=False
        )
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.ClickException as exc:  # bad usage: click's own message
        exc.show()
        return exc.exit_code
    except RulesError as exc:
        print(f"docclean: bad rules: {exc}", file=sys.stderr)
        return 2
    except FAILURES as exc:
        print(f"docclean: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, click.Abort):  # click turns Ctrl-C into Abort
        print(
            "docclean: interrupted (the lake stays readable; the next run redoes unfinished files)",
            file=sys.stderr,
        )
        return 130
    return code if isinstance(code, int) else 0


def entry() -> int:
    """The `docclean` command: docclean's Prefect settings first (before anything imports Prefect)."""
    prefect_env.apply()
    return main()


if __name__ == "__main__":
    sys.exit(entry())
