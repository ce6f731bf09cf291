"""The `docclean` command line: every subcommand, its options declared once (click).

Each command is a thin wrapper: check what would otherwise end in a traceback, call, print. Prefect is
imported only by the commands that run flows, after `entry` has put docclean's Prefect settings in the
environment (flows/service/prefect_env.py). `--inbox` and `--lake` default to $DOCCLEAN_INBOX and
$DOCCLEAN_LAKE, else data/inbox and data/lake.

  options.py   the options several commands share, and the checks made before anything slow starts
  ingest.py    clean, run, serve, watch, server: the commands that clean or run the flow
  lake.py      query, status, check, compact, report: the commands that read or tidy the lake
  show.py      show: one file's cleaning, reviewed on a terminal
  corpus.py    suggest-rules, export, views: the lake for corpus builders and outside readers
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import click

from docclean.cleaners.errors import RulesError
from docclean.flows.cli import corpus, ingest, lake, show
from docclean.flows.cli.options import RunFailed
from docclean.flows.ingest.inbox import InboxMissing
from docclean.flows.lake import integrity, query
from docclean.flows.lake.store import LakeLocked
from docclean.flows.service import prefect_env, server


def _version() -> str:
    try:
        return version("docclean")
    except PackageNotFoundError:
        return "0+unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(_version(), prog_name="docclean")
def cli() -> None:
    """Clean Chinese work-report compilations (述职报告, 工作总结 …) saved from 文库 / 范文 sites into a
    Parquet lake you can query: watermarks, adverts, paywall notices and site chrome are removed, each
    removal recorded with the rule that made it.

    \b
    Start here:
      docclean clean FILE            try the cleaning on a file: reports, removals, suspects
      docclean show FILE             the file's source with every removal struck through
      docclean run                   ingest new files from data/inbox into data/lake
      docclean query "SQL"           ask the lake (views: reports, removals, suspects, files, near_duplicates)
      docclean report                an HTML page about the lake, with per-file review pages
    \b
    Keep it up to date: docclean watch (when files arrive) or docclean serve (on a schedule).
    `docclean COMMAND --help` gives each command's options; README.md the rest.
    """


for command in (
    ingest.clean,
    show.show_command,
    ingest.run,
    lake.query_command,
    lake.status,
    lake.check,
    lake.compact,
    lake.report,
    corpus.suggest_rules,
    corpus.export_command,
    corpus.views_command,
    ingest.server_command,
    ingest.serve_command,
    ingest.watch_command,
):
    cli.add_command(command)

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
    except click.UsageError as exc:  # bad usage: click's reason, in one line like every other failure
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        print(f"docclean: {exc.format_message()}{where}", file=sys.stderr)
        return exc.exit_code
    except click.ClickException as exc:
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


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def entry() -> int:
    """The `docclean` command: docclean's Prefect settings first (before anything imports Prefect).
    SIGTERM exits like Ctrl-C does, through the usual clean-up: Prefect stops its temporary server, a
    run's worker processes exit, the lake keeps what was committed."""
    prefect_env.apply()
    signal.signal(signal.SIGTERM, _terminated)
    return main()


if __name__ == "__main__":
    sys.exit(entry())
