"""The report's corpus sections: the rules `docclean suggest-rules` would propose, and near-duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docclean.flows.lake import query
from docclean.flows.lake.store import Lake
from docclean.flows.report.page import Html, esc, examples, section, table, titled

if TYPE_CHECKING:
    import duckdb

CANDIDATES_SHOWN = 15
GROUPS_SHOWN = 30


def candidates_part(where: Lake) -> Html:
    from docclean.flows.lake.mining import suggest

    found = suggest(where)
    rows = [
        [Html(f"<code>{esc(c.key)}</code>"), c.kind, c.category, c.files, c.collections, examples(c.keep, 50)]
        for c in found.proposed[:CANDIDATES_SHOWN]
    ]
    unproven = [[text, files, collections] for text, files, collections in found.unproven[:CANDIDATES_SHOWN]]
    return section(
        "Candidate rules",
        f"Boilerplate that recurs across files and collections and that no rule removes yet "
        f"({len(found.proposed)} candidates; top {CANDIDATES_SHOWN} shown). Nothing is removed until you "
        "adopt them: docclean suggest-rules --out rules.toml writes them as a rules file to review and "
        "pass with --rules.",
        table(
            ["line (as the pattern matches it)", "kind", "category", "files", "collections", "keeps"],
            rows,
            (3, 4),
        ),
        titled(
            "recurring, but with no sign of a site (not proposed)",
            table(["line", "files", "collections"], unproven, (1, 2)),
        ),
    )


def near_dups_part(con: duckdb.DuckDBPyConnection) -> Html:
    groups = query.run_sql(
        con,
        "SELECT title, reports, source_paths[1], min_similarity FROM near_duplicates "
        f"ORDER BY reports DESC, title LIMIT {GROUPS_SHOWN}",
    )[1]
    return section(
        "Near-duplicate reports",
        "Groups of reports republished with small changes (estimated Jaccard ≥ 0.8), largest first; "
        "the first file is where the group's earliest report was ingested. "
        "SELECT * FROM near_duplicates lists them all.",
        table(["title", "reports", "first file", "lowest similarity"], groups, (1, 3)),
    )
