"""`docclean show FILE`: the decoded source with every removal struck through and labelled, suspects
marked, report boundaries and titles (flows/report/annotate.py). Colours on a terminal (rich); piped, the
same marks in plain text: a removal reads `[-removed-]‹rule_id›`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.text import Text

from docclean.flows.cli.options import INBOX, RULES, RunFailed, load_rules
from docclean.flows.ingest.inbox import archive_dir_for
from docclean.flows.ingest.rows import MEMBER

if TYPE_CHECKING:  # the review code (the cleaners, the report's templates) loads only for `show` itself
    from docclean.flows.report.annotate import Review

REMOVED, LABEL, SUSPECT, TITLE, BOUNDARY = "red strike", "magenta", "black on yellow", "bold", "bold cyan"


def locate(target: str, inbox: str) -> tuple[Path, str, str]:
    """(file to read, the name it is cleaned under, the member wanted or ''): a path on disk, or a
    `source_path` from the lake, looked up under the inbox and then the archive."""
    outer, _, member = target.partition(MEMBER)
    given = Path(outer)
    if given.is_file():
        return given, outer, member and target
    for folder in (Path(inbox), archive_dir_for(inbox, None)):
        if (folder / outer).is_file():
            return folder / outer, outer, member and target
    raise RunFailed(
        f"{target}: not a file, nor a path under the inbox ({inbox}) or the archive "
        '(`docclean query "SELECT source_path FROM files"` lists the lake\'s paths)'
    )


def render(review: Review, plain: bool) -> list[Text]:
    """The review as lines of rich Text: styled for a terminal, marked in plain text when piped."""
    head = f"== {review.path}  [{review.format}{', ' + review.encoding if review.encoding else ''}]  "
    if review.refused:
        return [Text(head + review.refused, style="bold")]
    out = [
        Text(
            head + f"{review.reports} report(s), {review.removals} removal(s), {review.suspects} suspect(s)",
            style="bold",
        )
    ]
    out += [
        Text.assemble(
            ("   html ", "dim"),
            (f"[-{r.removed_text}-]" if plain else r.removed_text, REMOVED),
            (f"‹{r.rule_id}›", LABEL),
        )
        for r in review.chrome
    ]
    width = len(str(len(review.lines)))
    for line in review.lines:
        if line.report:
            ordinal, title = line.report
            out.append(Text(f"━━ report {ordinal}: {title or '(no title)'} ━━", style=BOUNDARY))
        text = Text(f"{line.line_no:>{width}} ", style="dim")
        for piece in line.pieces:
            if piece.removed:
                shown = f"[-{piece.text}-]" if plain else piece.text
                text.append(shown, style=REMOVED)
                text.append(
                    f"‹{piece.rule_id}›" + (f"→{piece.replacement}" if piece.replacement else ""), style=LABEL
                )
            else:
                style = SUSPECT if line.suspect else TITLE if line.is_title else ""
                text.append(piece.text, style=style)
        if line.joined:
            text.append(f" ⏎‹{line.joined}›", style=LABEL)
        if line.suspect:
            s = line.suspect
            text.append(f"  ? suspect {s.detector_id} {s.score:.2f} ({s.features})", style="yellow")
        out.append(text)
    return out


@click.command("show")
@click.argument("file", metavar="FILE")
@INBOX
@RULES
def show_command(file: str, inbox: str, rules: str | None) -> int:
    """Review one file's cleaning: its source with every removal struck through and labelled by its rule
    or detector, suspects highlighted, report boundaries and titles marked.

    FILE is a path on disk, or a file's path as the lake names it (`source_path`, looked up under the
    inbox, then the archive; a zip member as `bundle.zip!/dir/member.docx`)."""
    ruleset = load_rules(rules)
    path, name, member = locate(file, inbox)
    plain = not sys.stdout.isatty()
    console = Console(highlight=False, soft_wrap=True, no_color=plain, emoji=False)
    from docclean.flows.report.annotate import review_file

    reviews = [r for r in review_file(path.read_bytes(), name, ruleset) if not member or r.path == member]
    if not reviews:
        raise RunFailed(f"{file}: no such member in {name}")
    for review in reviews:
        for text in render(review, plain):
            console.print(text)
    return 0
