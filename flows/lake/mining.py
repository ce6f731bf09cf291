"""`docclean suggest-rules`: the boilerplate miner (cleaners/boilerplate_mining.py) over the lake's views.

It reads what `docclean query` sees (the latest version of every file, no rows of killed runs), a file
at a time: its collection title and front matter (`files`), its reports' titles and paragraphs
(`reports`, the text split at its newlines), and the removal records grouped by text and category
(`removals`). The miner keeps counts of short lines only, so its memory follows the number of distinct
short lines, not the size of the lake's text.

Each candidate is then put through the check a rules file gets when it is passed with `--rules`
(cleaners/rulecheck.py: its examples, its look-alikes, every shipped look-alike and the lines that
must survive); one it refuses is left out, with the reason, as a comment, so the file always loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from docclean.cleaners.boilerplate_mining import KeptFile, mine, rules_file
from docclean.cleaners.boilerplate_toml import Candidate, candidate_toml
from docclean.cleaners.errors import RulesError
from docclean.cleaners.model import Removal
from docclean.cleaners.rulecheck import load_user_rules
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake

if TYPE_CHECKING:
    import duckdb

FETCH = 2_000  # rows per fetch: a few files' reports at a time

FILES_SQL = """
SELECT f.source_path, coalesce(f.collection_title, ''), f.front_matter, r.title, r.text
FROM files f LEFT JOIN reports r USING (source_path)
ORDER BY f.source_path, r.ordinal
"""
REMOVALS_SQL = "SELECT rule_id, category, removed_text, count(*) FROM removals GROUP BY ALL"


@dataclass(frozen=True, slots=True)
class Suggestions:
    proposed: list[Candidate]
    unproven: list[tuple[str, int, int]]  # recurring lines without a site's hand: (text, files, collections)
    refused: list[tuple[Candidate, str]]  # candidates the rules check refused, and why
    min_files: int
    min_collections: int

    def toml(self) -> str:
        return rules_file(self.proposed, self.unproven, self.min_files, self.min_collections, self.refused)


def kept_files(con: duckdb.DuckDBPyConnection) -> Iterator[KeptFile]:
    """Every file of the views as the miner sees it, one at a time, in path order."""
    cursor = con.execute(FILES_SQL)
    path: str | None = None
    collection, front = "", ()
    reports: list[tuple[str, tuple[str, ...]]] = []
    while rows := cursor.fetchmany(FETCH):
        for source_path, collection_title, front_matter, title, text in rows:
            if source_path != path:
                if path is not None:
                    yield KeptFile(path, collection, front, tuple(reports))
                path, collection, front, reports = (
                    source_path,
                    collection_title,
                    tuple(front_matter or ()),
                    [],
                )
            if title is not None or text is not None:
                reports.append((title or "", tuple(text.split("\n")) if text else ()))
    if path is not None:
        yield KeptFile(path, collection, front, tuple(reports))


def removal_records(con: duckdb.DuckDBPyConnection) -> Iterator[Removal]:
    """The removal records as the miner reads them (their text and category), one per record."""
    for rule_id, category, text, n in con.execute(REMOVALS_SQL).fetchall():
        yield from repeat(Removal(rule_id, category, 0, 0, 0, text or ""), n)


def refusal(candidates: list[Candidate]) -> str | None:
    """Why `--rules` would refuse a file of these candidates, or None."""
    try:
        load_user_rules("\n".join(candidate_toml(c) for c in candidates))
    except RulesError as exc:
        return str(exc)
    return None


def suggest(where: Lake, min_files: int = 5, min_collections: int = 3) -> Suggestions:
    con = query.connect(where)
    proposed, unproven = mine(kept_files(con), removal_records(con), min_files, min_collections)
    kept: list[Candidate] = []
    refused: list[tuple[Candidate, str]] = []
    for candidate in proposed:  # one at a time, so that one bad candidate does not sink the others
        why = refusal([candidate])
        if why is None:
            kept.append(candidate)
        else:
            refused.append((candidate, why))
    while kept and (why := refusal(kept)) is not None:  # together: drop the least widespread first
        refused.append((kept.pop(), why))
    return Suggestions(kept, unproven, refused, min_files, min_collections)
