"""The report's review parts: the suspects a person should look at (each with the rule that would remove
it), and per-file pages showing a source with its removals struck through (flows/report/annotate.py).

A large lake gets pages for its flagged files, its files with suspects and a small sample, each capped:
never one per file. A page re-reads its file from the inbox (or the archive) and cleans it with the rules
of the lake's latest run; a file that is gone or changed since gets the lake's rows instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from docclean.cleaners.boilerplate_toml import Candidate, candidate_toml, checked
from docclean.cleaners.normalize import matching_view
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows.ingest.inbox import archive_dir_for
from docclean.flows.ingest.rows import MEMBER
from docclean.flows.ingest.summary import read_records
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake
from docclean.flows.report.annotate import review_file
from docclean.flows.report.page import CSS, TEMPLATES, Html, esc, examples, section, table, titled

if TYPE_CHECKING:
    import duckdb

SUSPECTS_SHOWN = 30
PAGES = {"flagged": 100, "suspects": 100, "sample": 20}  # per-file pages per reason, at most
PAGES_DIR_SUFFIX = "_files"
Pages = dict[str, tuple[str, str]]  # source path -> (link relative to the report, why it has a page)


def suspect_rule(text: str, category: str, path: str) -> str:
    """The one-step way to make a rule of a suspect line: a rules-file entry removing exactly that line,
    keeping it inside a sentence (the check `--rules` runs accepts it as it stands)."""
    key = matching_view(text).strip()
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    candidate = Candidate(
        f"{category}_suspect_{digest}",
        category,
        "line",
        key,
        1,
        1,
        {text: (path, "", "")},
        [f"标注“{key}”的材料不作为本单位正式文件。"],
    )
    toml = candidate_toml(candidate).replace("(mined; review before use)", "(a suspect; review before use)")
    return (
        toml
        if checked(candidate)
        else "# the line's rule does not pass its own check: write one by hand\n" + toml
    )


SUSPECTS_BY_LINE = """
SELECT text, detector_id, category, count(*) n, count(DISTINCT source_path) files, max(score) score,
       any_value(features) features, min(source_path) path
FROM suspects GROUP BY text, detector_id, category ORDER BY n DESC, files DESC, text LIMIT {limit}
"""


def suspects_part(con: duckdb.DuckDBPyConnection, pages: Pages) -> Html:
    ((total, lines),) = query.run_sql(con, "SELECT count(*), count(DISTINCT text) FROM suspects")[1]
    rows = query.run_sql(con, SUSPECTS_BY_LINE.format(limit=SUSPECTS_SHOWN))[1]
    shown = []
    for text, detector, category, n, files, score, features, path in rows:
        rule = suspect_rule(text, category, path)
        shown.append(
            [
                examples([text], 80),
                Html(f"<code>{esc(detector)}</code>"),
                category,
                n,
                files,
                float(score),
                Html(f"<small>{esc(features)}</small>"),
                linked(path, pages),
                Html(f"<details><summary>rule</summary><pre>{esc(rule)}</pre></details>"),
            ]
        )
    hidden = max(lines - len(rows), 0)
    more = (
        f' {hidden} more line(s) not shown: docclean query "SELECT text, detector_id, count(*) n FROM '
        'suspects GROUP BY ALL ORDER BY n DESC" lists them all.'
        if hidden
        else ""
    )
    return section(
        "Suspects",
        f"{total} line(s) ({lines} distinct) a detector scored as likely noise but below its removal "
        "threshold: kept in the reports, listed here. One that is noise becomes a rule in one step: copy its "
        "rule into a rules file and pass it with --rules (docclean checks it before the run)." + more,
        table(
            ["line", "detector", "category", "times", "files", "top score", "features", "first file", ""],
            shown,
            (3, 4, 5),
        ),
    )


@dataclass(frozen=True, slots=True)
class Chosen:
    path: str
    sha256: str
    why: str


def chosen_files(con: duckdb.DuckDBPyConnection, flags: Sequence[str]) -> list[Chosen]:
    """The files that get a page: flagged, with suspects, and a sample (a stable one: by hash)."""
    listed = ", ".join(query.quote(f) for f in flags)
    sql = {
        "flagged": f"SELECT DISTINCT source_path, source_sha256 FROM reports "
        f"WHERE len(list_intersect(flags, [{listed}])) > 0",
        "suspects": "SELECT DISTINCT source_path, source_sha256 FROM suspects",
        "sample": "SELECT source_path, source_sha256 FROM files WHERE status = 'ok'",
    }
    chosen: dict[str, Chosen] = {}
    for why, select in sql.items():
        rows = query.run_sql(
            con, f"SELECT * FROM ({select}) ORDER BY md5(source_path) LIMIT {PAGES[why] + len(chosen)}"
        )[1]
        fresh = [Chosen(p, s, why) for p, s in rows if p not in chosen][: PAGES[why]]
        chosen |= {c.path: c for c in fresh}
    return list(chosen.values())


def page_name(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:16] + ".html"


def latest_rules(where: Lake) -> RuleSet:
    """The rules of the lake's latest run: the shipped ones, and its rules file when it is still there."""
    runs = read_records(where)
    named = ((runs[-1].get("settings") or {}).get("rules_file") if runs else None) or None
    text = Path(named).read_text(encoding="utf-8") if named and Path(named).is_file() else None
    return with_user_rules(text)


def _source(chosen: Chosen, inbox: Path) -> tuple[bytes, str] | None:
    outer = chosen.path.partition(MEMBER)[0]
    for folder in (inbox, archive_dir_for(inbox, None)):
        candidate = folder / outer
        if candidate.is_file():
            data = candidate.read_bytes()
            if hashlib.sha256(data).hexdigest() == chosen.sha256:
                return data, outer
    return None


def _lake_rows(con: duckdb.DuckDBPyConnection, path: str) -> dict[str, list[tuple[Any, ...]]]:
    where = f"WHERE source_path = {query.quote(path)} ORDER BY line_no"
    return {
        "removals": query.run_sql(con, f"SELECT line_no, rule_id, removed_text FROM removals {where}")[1],
        "suspects": query.run_sql(con, f"SELECT line_no, detector_id, score, text FROM suspects {where}")[1],
    }


def file_page(con: duckdb.DuckDBPyConnection, chosen: Chosen, inbox: Path, rules: RuleSet, back: str) -> str:
    found = _source(chosen, inbox)
    reviews = []
    if found:
        data, name = found
        reviews = [r for r in review_file(data, name, rules) if r.path == chosen.path]
    summary = {
        "flagged": "a report of this file is flagged",
        "suspects": "this file has suspect lines",
        "sample": "a sample file",
    }[chosen.why]
    return TEMPLATES.get_template("file.html").render(
        path=chosen.path,
        summary=f"{summary} · sha256 {chosen.sha256[:12]}",
        css=Markup(CSS),
        back=back,
        notes=[],
        reviews=reviews,
        lake_only=None if reviews else _lake_rows(con, chosen.path),
    )


def write_file_pages(
    con: duckdb.DuckDBPyConnection, where: Lake, out: Path, inbox: Path, flags: Sequence[str]
) -> Pages:
    """Write the chosen files' pages beside the report (`report_files/`)."""
    folder = out.with_name(out.stem + PAGES_DIR_SUFFIX)
    chosen = chosen_files(con, flags)
    if not chosen:
        return {}
    folder.mkdir(parents=True, exist_ok=True)
    rules = latest_rules(where)
    links: Pages = {}
    for c in chosen:
        name = page_name(c.path)
        (folder / name).write_text(file_page(con, c, inbox, rules, f"../{out.name}"), encoding="utf-8")
        links[c.path] = (f"{folder.name}/{name}", c.why)
    return links


def linked(path: str, pages: Pages) -> Any:
    """A file's path, linked to its page when it has one."""
    return Html(f'<a href="{esc(pages[path][0])}">{esc(path)}</a>') if path in pages else path


def pages_part(pages: Pages) -> Html:
    rows = [[linked(path, pages), why] for path, (_, why) in pages.items()]
    return section(
        "Review a file",
        "Pages showing a file's source with every removal struck through and labelled with its rule, suspects "
        "highlighted and report boundaries marked: for flagged files, files with suspects and a sample. "
        "docclean show FILE shows any file the same way on a terminal.",
        titled(f"{len(rows)} page(s)", table(["file", "why"], rows)),
    )
