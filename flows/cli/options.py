"""The options several commands share (declared once), and the checks made before anything slow starts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

import click

from docclean.cleaners.errors import RulesError
from docclean.cleaners.rules import RuleSet
from docclean.flows.ingest.inbox import InboxMissing
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake, has_data, locked
from docclean.flows.service import serve, server

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


def read_rules(path: str | None) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc


def load_rules(path: str | None) -> RuleSet:
    """The shipped rules plus the user's file, checked before anything is read (cleaners/rulecheck.py)."""
    from docclean.cleaners.rulecheck import load_user_rules  # the cleaners: only a command that cleans

    return load_user_rules(read_rules(path))


def preflight(inbox: str, rules: str | None, tokens: bool) -> None:
    """Fail in one line, before Prefect starts, for what would otherwise end in a traceback."""
    if not Path(inbox).is_dir():
        raise InboxMissing(f"inbox {inbox} does not exist or is not a folder")
    if rules:
        load_rules(rules)  # RulesError names the bad rule
    if tokens:
        check_tokenizer()


def check_tokenizer() -> None:
    """Fail in one line when the tokenizer cannot be imported (a broken install)."""
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
