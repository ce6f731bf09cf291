"""The commands that clean or run the ingest flow: clean, run, serve, watch, server."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import click

from docclean.cleaners.errors import RulesError
from docclean.cleaners.model import Document, Refused
from docclean.flows.cli.options import (
    NO_TOKENS,
    PORT,
    RULES,
    WAIT,
    Duration,
    RunFailed,
    check_tokenizer,
    hold_lock,
    ingest_options,
    load_rules,
    preflight,
    read_rules,
)
from docclean.flows.ingest.inbox import InboxMissing
from docclean.flows.ingest.rows import empty_dict, one_line, report_dict
from docclean.flows.ingest.setup import idle_run
from docclean.flows.lake.store import Lake, LakeLocked
from docclean.flows.service import serve, server, watch

# --- clean: the rule author's dry run ----------------------------------------------------------------


def show(doc: Document) -> str:
    codec = f"{doc.encoding} {doc.encoding_confidence:.2f}" if doc.encoding else "no codec"
    out = [
        f"== {doc.source_path}  [{doc.format}, {codec}]  "
        f"{len(doc.reports)} report(s), {len(doc.removals)} removal(s)"
    ]
    if doc.collection_title:
        out.append(f"collection: {doc.collection_title}")
    if doc.front_matter:  # kept, outside the reports: shown, so that no kept line seems to vanish
        out.append("front matter (kept outside the reports):")
        out.extend(f"  {line}" for line in doc.front_matter)
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
    if doc.suspects:
        out.append("\nsuspects (kept; noise? add a rule for it):")
    for s in doc.suspects:
        out.append(
            f"  L{s.line_no:<5} r{s.report_ordinal:<3} {s.detector_id} ({s.category}) score {s.score:g}  "
            f"{s.text!r}  [{s.features}]"
        )
    return "\n".join(out)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per report per line")
@RULES
@NO_TOKENS
def clean(files: tuple[str, ...], as_json: bool, rules: str | None, no_tokens: bool) -> int:
    """Dry run: clean files (text, HTML, MHTML, DOCX, PDF, or zip bundles of them) and print their
    reports, removal records and suspects."""
    from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec

    load_rules(rules)  # a bad or unsafe rule is refused before anything is read
    cleaner = Cleaner(CleanerSpec(read_rules(rules), tokens=not no_tokens))
    failed = 0  # files that gave no document at all
    for name in files:
        try:
            results = cleaner.sources(Path(name).read_bytes(), name)
        except OSError as exc:
            results = [Refused(name, "", "unreadable", exc.strerror or str(exc))]
        failed += not any(isinstance(r, Document) for r in results)
        for result in results:  # a zip bundle: one per member, named bundle.zip!/dir/member.docx
            if isinstance(result, Refused):
                print(
                    f"docclean: {result.path}: {result.status} ({result.format or 'file'}): {result.reason}",
                    file=sys.stderr,
                )
            elif as_json:
                for row in [report_dict(result, r) for r in result.reports] or [empty_dict(result)]:
                    print(json.dumps(row, ensure_ascii=False))
            else:
                print(show(result))
    return 1 if failed and failed == len(files) else 0


# --- run -------------------------------------------------------------------------------------------


@click.command()
@ingest_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="worker processes that clean (default: the CPUs)",
)
@click.option("--archive", is_flag=True, help="move ingested files (ok, empty, zip bundles) out of the inbox")
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
    preflight(inbox, rules, tokens=False)  # the tokenizer is checked once there is something to cut
    started = time.monotonic()
    from docclean.flows.ingest.progress import for_stream

    say = for_stream(sys.stderr).phase  # start-up takes a while: say what it is doing
    with ExitStack() as stack:
        hold_lock(stack, Lake.at(lake), wait)  # re-entrant: the flow takes it again, for free
        idle, found = idle_run(inbox, lake, tokens, rules, archive, archive_dir, wait)
        if idle:  # nothing to orchestrate: no Prefect (flows/ingest/setup.py)
            print("\n".join(idle.lines()))
            print("nothing new and the lake sound: no Prefect flow run (the run record is in the lake)")
            return 0
        if tokens:
            check_tokenizer()
        if dask_address:  # a real Prefect server for the Dask workers, before Prefect is imported
            stack.enter_context(server.api_for_dask(dask_address))
        else:
            from docclean.flows.ingest import workers as worker_processes

            # the forkserver loads the worker code and tables while Prefect is imported and started
            new = sum(e.size for e in found.to_read)
            if worker_processes.worth_a_pool(new, len(found.to_read), workers):
                worker_processes.start_early(tokens)
        if tokens:
            say("loading dictionaries…")
        say("loading Prefect…")
        from docclean.flows.ingest.flow import ingest  # imports Prefect (≈2 s): only the run command pays it

        try:
            api = os.environ.get("PREFECT_API_URL")
            say(f"connecting to the Prefect server at {api}…" if api else "starting Prefect server…")
            waited = server.wait_for_api()
            say("scanning the inbox…")
            flow_started = time.monotonic()
            summary = ingest(
                inbox=inbox,
                lake_path=lake,
                tokens=tokens,
                workers=workers,
                rules_file=rules,
                archive=archive,
                archive_dir=archive_dir,
                progress=True,
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


# --- Prefect: server, serve, watch -----------------------------------------------------------------


@click.command("server")
@PORT
def server_command(port: int) -> int:
    """Run a local Prefect server (UI and API) on 127.0.0.1, until Ctrl-C."""
    return server.serve_foreground(port)


@click.command("serve")
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
    try:
        return serve.serve(serve.flow_parameters(inbox, lake, not no_tokens, rules), cron, interval, port)
    except serve.BadSchedule as exc:  # Prefect's own check, made before any server starts
        raise click.BadParameter(str(exc), param_hint="'--cron'") from None


@click.command("watch")
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
