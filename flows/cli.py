"""The `docclean` command line. Each subcommand is a thin wrapper: parse arguments, call, print."""

from __future__ import annotations

# isort: off
import docclean.flows.settings  # noqa: F401  (Prefect reads its settings at import: this comes first)
# isort: on

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from docclean.cleaners.errors import RulesError, UnreadableInput
from docclean.cleaners.model import Document
from docclean.cleaners.pipeline import clean_bytes
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows import integrity, lake, query, report, serve, server, watch
from docclean.flows.discover import InboxMissing
from docclean.flows.records import empty_dict, report_dict


def load_rules(path: str | None) -> RuleSet:
    try:
        text = Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc
    return with_user_rules(text)


def _show(doc: Document) -> str:
    out = [f"== {doc.source_path}  [{doc.format}, {doc.encoding} {doc.encoding_confidence:.2f}]  "
           f"{len(doc.reports)} report(s), {len(doc.removals)} removal(s)"]
    if doc.collection_title:
        out.append(f"collection: {doc.collection_title}")
    for r in doc.reports:
        out.append(f"\n--- report {r.ordinal}: {r.title or '(no title)'}")
        out.append(f"unit: {r.unit or '-'}  year: {r.year or '-'}  paragraphs: {r.paragraph_count}  "
                   f"chars: {r.char_count}  placeholders: {r.placeholder_count}  flags: {', '.join(r.flags) or '-'}")
        if r.keywords:
            out.append(f"keywords: {' '.join(r.keywords)}")
        out.append(r.text)
    out.append("\nremovals:")
    for m in doc.removals:
        out.append(f"  L{m.line_no:<5} r{m.report_ordinal:<3} {m.rule_id} ({m.category})  {m.removed_text!r}"
                   + (f" -> {m.replacement!r}" if m.replacement else ""))
    return "\n".join(out)


def cmd_clean(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    failed = 0
    for name in args.files:
        try:
            doc = clean_bytes(Path(name).read_bytes(), name, rules, tokens=not args.no_tokens)
        except (OSError, UnreadableInput) as exc:
            failed += 1
            print(f"docclean: {name}: {exc}", file=sys.stderr)
            continue
        if args.json:
            for row in [report_dict(doc, r) for r in doc.reports] or [empty_dict(doc)]:
                print(json.dumps(row, ensure_ascii=False))
        else:
            print(_show(doc))
    return 1 if failed and failed == len(args.files) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docclean", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="dry run: clean files and print reports and removal records")
    clean.add_argument("files", nargs="+", help="raw files (.txt, .html)")
    clean.add_argument("--json", action="store_true", help="one JSON object per report per line")
    clean.add_argument("--rules", help="an extra rules file (TOML), applied after the shipped rules")
    clean.add_argument("--no-tokens", action="store_true", help="skip jieba tokens and keywords")
    clean.set_defaults(handler=cmd_clean)
    add_lake_commands(sub)
    for module in (server, serve, watch, report):  # scheduling, watching, reporting
        module.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except RulesError as exc:
        print(f"docclean: bad rules: {exc}", file=sys.stderr)
        return 2
    except (RunFailed, InboxMissing, lake.LakeLocked, query.LakeMissing, server.ServerFailed,
            integrity.LakeDamaged) as exc:
        print(f"docclean: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("docclean: interrupted (the lake stays readable; the next run redoes unfinished files)",
              file=sys.stderr)
        return 130


def freeze_objects() -> None:
    """Move every object alive now out of the garbage collector's sight. Prefect's imports leave ≈300,000
    objects that live until exit: each full collection rescans them, and Python's exit spends ≈1 s on
    them (measured). Not once DuckDB is loaded: its binding (nanobind) reports objects that are still
    alive at exit as leaks (the commands that use it are quick anyway)."""
    if "duckdb" not in sys.modules:
        gc.freeze()


def entry() -> int:
    """The `docclean` command: main(), then a quick exit (atexit handlers, such as Prefect's flush and
    its server's stop, still run as usual)."""
    code = main()
    freeze_objects()
    return code


# --- the lake: run, query, status, compact ------------------------------------------------------


class RunFailed(RuntimeError):
    """The run itself could not complete (not a bad file: those are recorded in the lake)."""


def _preflight(args: argparse.Namespace) -> None:
    """Fail in one line, before Prefect starts, for what would otherwise end in a traceback."""
    if not Path(args.inbox).is_dir():
        raise InboxMissing(f"inbox {args.inbox} does not exist or is not a folder")
    try:
        load_rules(args.rules)  # RulesError names the bad rule
    except OSError as exc:
        raise RunFailed(f"cannot read rules file {args.rules}: {exc.strerror or exc}") from None
    if not args.no_tokens:
        try:
            import docclean.cleaners.tokens  # noqa: F401
        except ImportError as exc:
            raise RunFailed(f"tokenizer unavailable ({exc}); install it or pass --no-tokens") from None


def _hold_lock(stack: ExitStack, where: lake.Lake, wait: bool) -> None:
    """Take the lake's lock for the rest of the command; creating it is also the writability check."""
    try:
        stack.enter_context(lake.locked(where, wait=wait))
    except OSError as exc:
        raise RunFailed(f"cannot write to lake {where.root}: {exc.strerror or exc}") from None


def cmd_run(args: argparse.Namespace) -> int:
    _preflight(args)
    started = time.monotonic()
    with ExitStack() as stack:
        _hold_lock(stack, lake.Lake.at(args.lake), args.wait)  # re-entrant: the flow takes it again, for free
        from docclean.flows import cluster, pool

        if args.dask_address:  # a real Prefect server for the Dask workers, before Prefect is imported
            stack.enter_context(cluster.api_for_dask(args.dask_address))
        else:  # the temporary server (≈7 s) and worker processes (≈2 s) start while Prefect is imported
            server.launch_temporary()
            stack.callback(pool.discard_prestarted)
            pool.prestart_for(args.inbox, args.lake, args.archive_dir, args.rules, not args.no_tokens, args.workers)
        from docclean.flows.ingest import ingest  # imports Prefect (≈2 s): only the run command pays for it

        try:
            server_start = cluster.start_embedded_server()  # timed on its own, outside the flow
            freeze_objects()
            flow_started = time.monotonic()
            with cluster.no_heartbeats_on_embedded_server():
                state = ingest(inbox=args.inbox, lake_path=args.lake, tokens=not args.no_tokens,
                               workers=args.workers, rules_file=args.rules, archive=args.archive,
                               archive_dir=args.archive_dir, progress=sys.stderr.isatty(),
                               dask_address=args.dask_address, return_state=True)
            flow_seconds = time.monotonic() - flow_started
        except Exception as exc:  # Prefect itself failed, e.g. its temporary server was killed by Ctrl-C
            raise RunFailed(f"run failed: {lake.one_line(exc)}") from None
    if state.is_failed() or state.is_crashed():
        raise RunFailed(f"run failed: {lake.one_line(state.result(raise_on_failure=False))}")
    summary = state.result()
    print("\n".join(summary.lines()))
    print(f"total with Prefect start-up: {time.monotonic() - started:.1f} s (waited {server_start:.1f} s "
          f"for the Prefect server, flow run {flow_seconds:.1f} s)")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    con = query.connect(lake.Lake.at(args.lake))
    try:
        columns, rows = query.run_sql(con, args.sql)
    except duckdb.Error as exc:
        raise RunFailed(f"query failed: {' '.join(str(exc).split())}") from None
    if args.csv:
        sys.stdout.write(query.to_csv(columns, rows))
    elif args.json:
        sys.stdout.write(query.to_json_lines(columns, rows))
    elif columns:
        print(query.to_table(columns, rows, limit=args.max_width))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    import duckdb

    try:
        print(query.status_text(lake.Lake.at(args.lake)))
    except duckdb.Error as exc:
        raise RunFailed(f"status failed: {' '.join(str(exc).split())}") from None
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Every data file against the ledger; with --repair, what `run` does at its start."""
    where = lake.Lake.at(args.lake)
    if not lake.has_data(where):
        raise query.LakeMissing(f"no lake at {where.root} yet; run `docclean run` first")
    with ExitStack() as stack:
        if args.repair:
            _hold_lock(stack, where, args.wait)
        found = integrity.verify(where, deep=True)
        print(f"checked {found.files_checked} file(s), {found.batches_checked} batch(es): "
              + ("all readable, every batch complete" if found.ok else f"{len(found.lines())} problem(s)"))
        for line in found.lines():
            print(f"  {line}")
        if found.ok or not args.repair:
            return 0 if found.ok else 1
        for line in integrity.repair(where, found).lines:
            print(f"  repaired: {line}")
    print("the next `docclean run` redoes the files of the batches taken out")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    where = lake.Lake.at(args.lake)
    if not lake.has_data(where):
        raise query.LakeMissing(f"no lake at {where.root} yet; run `docclean run` first")
    with ExitStack() as stack:
        _hold_lock(stack, where, args.wait)
        integrity.require_readable(where)
        for c in lake.compact(where):
            print(f"{c.dataset}: {c.files_before} file(s) -> 1, {c.rows} row(s) kept, "
                  f"{c.orphans_dropped} orphan row(s) dropped")
    return 0


def add_lake_commands(sub: argparse._SubParsersAction) -> None:
    lake_help = "the lake folder (default: data/lake)"
    run = sub.add_parser("run", help="ingest new and changed files from the inbox into the lake")
    run.add_argument("--inbox", default="data/inbox", help="folder to scan, recursively (default: data/inbox)")
    run.add_argument("--lake", default="data/lake", help=lake_help)
    run.add_argument("--no-tokens", action="store_true", help="skip jieba tokens and keywords")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for cleaning (default: CPUs)")
    run.add_argument("--rules", help="an extra rules file (TOML), applied after the shipped rules")
    run.add_argument("--archive", action="store_true", help="move ingested files (ok/empty) out of the inbox")
    run.add_argument("--archive-dir", help="where --archive moves files (default: data/archive beside the inbox)")
    run.add_argument("--wait", action="store_true", help="wait for another run to finish instead of exiting")
    run.add_argument("--dask-address", metavar="tcp://HOST:8786",
                     help="clean on this Dask cluster (needs PREFECT_API_URL, or starts a local Prefect server)")
    run.set_defaults(handler=cmd_run)
    ask = sub.add_parser("query", help="SQL over the views reports, removals, files (and all_* history)")
    ask.add_argument("sql")
    ask.add_argument("--lake", default="data/lake", help=lake_help)
    form = ask.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV with a header row")
    form.add_argument("--json", action="store_true", help="one JSON object per row per line")
    ask.add_argument("--max-width", type=int, default=query.MAX_CELL, help="clip table cells to this width")
    ask.set_defaults(handler=cmd_query)
    status = sub.add_parser("status", help="files by status, reports by year and unit, last runs")
    status.add_argument("--lake", default="data/lake", help=lake_help)
    status.set_defaults(handler=cmd_status)
    compact = sub.add_parser("compact", help="merge batch files into one per dataset, dropping orphan rows")
    compact.add_argument("--lake", default="data/lake", help=lake_help)
    compact.add_argument("--wait", action="store_true", help="wait for a running ingest instead of exiting")
    compact.set_defaults(handler=cmd_compact)
    check = sub.add_parser("check", help="verify every lake file against the ledger (readable, schema, rows per batch)")
    check.add_argument("--lake", default="data/lake", help=lake_help)
    check.add_argument("--repair", action="store_true",
                       help="set damaged files aside and take incomplete batches out, so the next run redoes them")
    check.add_argument("--wait", action="store_true", help="with --repair: wait for a running ingest")
    check.set_defaults(handler=cmd_check)


if __name__ == "__main__":
    sys.exit(main())
