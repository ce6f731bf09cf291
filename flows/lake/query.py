"""Read the lake with DuckDB: views over the Parquet datasets, and the output of query and status.

Views (what `docclean query` sees):
- files, reports, removals, suspects: the latest ledger version of each inbox file and its rows. A zip member's
  rows belong to its bundle's version: a changed bundle supersedes all of its old members, those it no
  longer holds included (their paths have no newer row of their own). reports has `near_dup_of` and
  `near_dup_similarity` (the answer in force: near_dup_answers);
- near_duplicates: one row per group of near-duplicate reports; signatures: the live reports' MinHash;
- all_files, all_reports, all_removals, all_suspects: every version ever ingested (history);
- raw_*: the Parquet rows as written, including orphans of a killed run.
Rows count only when their (source_path, source_sha256, batch_id) has a ledger row; a near-duplicate
answer only when the batch that wrote it (`resolved_in`) is in the ledger, the latest such one winning.
Every view has every declared column: one missing from older files (added later) reads as null.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from docclean.flows.ingest.rows import DATASETS, FINE
from docclean.flows.lake.migrate import SECTIONS_SQL, WIDE_SECTIONS
from docclean.flows.lake.store import Lake, dataset_files, has_data

if TYPE_CHECKING:  # DuckDB is imported where it is used: `docclean run` never loads it
    import duckdb

VIEWS = """
CREATE VIEW all_files AS SELECT * FROM raw_files;
CREATE VIEW files AS SELECT f.* FROM raw_files f SEMI JOIN (
        SELECT source_path, source_sha256, batch_id FROM raw_files WHERE bundle_path IS NULL
        QUALIFY row_number() OVER (PARTITION BY source_path ORDER BY ingested_at DESC, batch_id DESC) = 1
    ) latest ON coalesce(f.bundle_path, f.source_path) = latest.source_path
    AND f.source_sha256 = latest.source_sha256 AND f.batch_id = latest.batch_id;
CREATE VIEW near_dup_answers AS SELECT n.source_path, n.report_id, n.near_dup_of, n.near_dup_similarity
    FROM raw_near_dups n SEMI JOIN files f USING (source_path, source_sha256, batch_id)
    WHERE n.resolved_in IN (SELECT batch_id FROM all_files)
    QUALIFY row_number() OVER (PARTITION BY n.source_path, n.report_id ORDER BY n.resolved_in DESC) = 1;
CREATE VIEW all_reports AS SELECT r.* FROM raw_reports r SEMI JOIN all_files f USING (source_path, source_sha256, batch_id);
CREATE VIEW reports AS SELECT r.*, a.near_dup_of, a.near_dup_similarity
    FROM (SELECT * FROM raw_reports SEMI JOIN files USING (source_path, source_sha256, batch_id)) r
    LEFT JOIN near_dup_answers a USING (source_path, report_id);
CREATE VIEW all_removals AS SELECT m.* FROM raw_removals m SEMI JOIN all_files f USING (source_path, source_sha256, batch_id);
CREATE VIEW removals AS SELECT m.* FROM raw_removals m SEMI JOIN files f USING (source_path, source_sha256, batch_id);
CREATE VIEW all_suspects AS SELECT s.* FROM raw_suspects s SEMI JOIN all_files f USING (source_path, source_sha256, batch_id);
CREATE VIEW suspects AS SELECT s.* FROM raw_suspects s SEMI JOIN files f USING (source_path, source_sha256, batch_id);
CREATE VIEW signatures AS SELECT s.* FROM raw_signatures s SEMI JOIN files f USING (source_path, source_sha256, batch_id);
CREATE VIEW near_duplicates AS
    WITH RECURSIVE edges AS (
        SELECT DISTINCT report_id AS child, near_dup_of AS parent FROM near_dup_answers
        WHERE near_dup_of IS NOT NULL AND near_dup_of <> report_id),
    up(child, ancestor) AS (
        SELECT child, parent FROM edges
        UNION SELECT up.child, e.parent FROM up JOIN edges e ON e.child = up.ancestor),
    member(report_id, group_id) AS (
        SELECT child, ancestor FROM up WHERE ancestor NOT IN (SELECT child FROM edges)
        UNION SELECT ancestor, ancestor FROM up WHERE ancestor NOT IN (SELECT child FROM edges)
        UNION SELECT report_id, report_id FROM near_dup_answers
            WHERE near_dup_of = report_id AND report_id NOT IN (SELECT child FROM edges))
    SELECT m.group_id,
        first(r.title ORDER BY r.ingested_at, r.source_path, r.ordinal) AS title,
        count(*) AS reports,
        list(r.report_id ORDER BY r.ingested_at, r.source_path, r.ordinal) AS report_ids,
        list(r.source_path ORDER BY r.ingested_at, r.source_path, r.ordinal) AS source_paths,
        min(r.near_dup_similarity) AS min_similarity
    FROM member m JOIN reports r USING (report_id)
    GROUP BY m.group_id HAVING count(*) > 1;
"""
MAX_CELL = 40


class LakeMissing(FileNotFoundError):
    """There is no lake (no ledger file) at the given location yet."""


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty_select(schema: pa.Schema) -> str:
    """A query with the dataset's columns and no rows (for a dataset no batch has written yet)."""
    import duckdb

    types = duckdb.connect().from_arrow(schema.empty_table()).types
    columns = ", ".join(f'CAST(NULL AS {t}) AS "{f.name}"' for f, t in zip(schema, types, strict=True))
    return f"SELECT {columns} WHERE false"


def _sections_type(schema: pa.Schema) -> str:
    import duckdb

    return str(duckdb.connect().from_arrow(pa.schema([schema.field("sections")]).empty_table()).types[0])


def raw_views(where: Lake, portable: bool = False) -> list[str]:
    """`CREATE VIEW raw_<dataset>` for every dataset: over its files as listed now, or (`portable`) over
    a glob of its folder, which stays right as runs add files (for DuckDB outside docclean). A dataset
    with no file yet is an empty view with its columns."""
    statements = []
    for name, schema in DATASETS.items():
        files = dataset_files(where, name)
        empty = _empty_select(schema)
        if not files:
            source = empty
        else:
            listed = (
                quote(where.folder(name) + "/*.parquet") if portable else f"[{', '.join(map(quote, files))}]"
            )
            # the declared columns: those added after older files were written read as null there
            source = f"SELECT * FROM read_parquet({listed}, union_by_name = true) UNION ALL BY NAME {empty}"
            if name == "reports":  # sections of schema version 1 (field `text`) as version 2's (migrate.py)
                declared = f"CAST(NULL AS {_sections_type(schema)}) AS"
                wide = empty.replace(declared, f"CAST(NULL AS {WIDE_SECTIONS}) AS")
                source = (
                    f"SELECT * REPLACE ({SECTIONS_SQL} AS sections) FROM (SELECT * FROM read_parquet({listed}, "
                    f"union_by_name = true) UNION ALL BY NAME {wide})"
                )
        statements.append(f"CREATE VIEW raw_{name} AS {source};")
    return statements


def connect(where: Lake) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake's views; nothing is copied."""
    if not where.is_local:
        raise NotImplementedError("querying a remote lake needs DuckDB's httpfs; copy it locally for now")
    if not has_data(where):
        raise LakeMissing(f"no lake at {where.root} yet; run `docclean run` first")
    from docclean.flows.lake.integrity import require_readable

    require_readable(where)
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for statement in raw_views(where):
        con.execute(statement)
    con.execute(VIEWS)
    return con


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = con.execute(sql)
    if cursor.description is None:
        return [], []
    return [d[0] for d in cursor.description], cursor.fetchall()


def _plain(value: Any) -> Any:
    """A JSON-ready value: timestamps as ISO text, decimals as numbers, nested values recursively."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_json_lines(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> str:
    return "".join(
        json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False) + "\n"
        for row in rows
    )


def _text(value: Any, table: bool = False) -> str:
    if table and isinstance(value, datetime):  # people want to read it; CSV and JSON keep full ISO
        return f"{value:%Y-%m-%d %H:%M:%S}"
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue()


def width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def clip(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(text.split())  # one line per row: newlines and runs of spaces become one space
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def pad(text: str, cols: int, right: bool) -> str:
    fill = " " * (cols - width(text))
    return fill + text if right else text + fill


def to_table(columns: Sequence[str], rows: Sequence[tuple[Any, ...]], limit: int = MAX_CELL) -> str:
    """An aligned plain-text table for people; long cells end in '…'."""
    cells = [[clip(_text(v, table=True), limit) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(columns))
    ]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(pad(c, widths[i], numeric[i]) for i, c in enumerate(columns)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines += ["  ".join(pad(v, widths[i], numeric[i]) for i, v in enumerate(row)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


STATUS_QUERIES = {
    "files by status": "SELECT status, count(*) AS files, sum(report_count) AS reports FROM files "
    "GROUP BY status ORDER BY files DESC",
    "reports by year": "SELECT coalesce(CAST(year AS VARCHAR), '(none)') AS year, count(*) AS reports FROM reports "
    "GROUP BY ALL ORDER BY year",
    "reports by unit (top 15)": "SELECT coalesce(unit, '(none)') AS unit, count(*) AS reports FROM reports "
    "GROUP BY ALL ORDER BY reports DESC, unit LIMIT 15",
    "last runs": "SELECT run_id, min(ingested_at) AS started, count(DISTINCT batch_id) AS batches, "
    "min(batch_id) AS first_batch, count(*) FILTER (bundle_path IS NULL) AS files, "
    "count(*) FILTER (bundle_path IS NOT NULL) AS zip_members, sum(report_count) AS reports, "
    f"count(*) FILTER (status NOT IN ({', '.join(repr(s) for s in FINE)})) AS not_ok FROM all_files "
    "GROUP BY run_id ORDER BY started DESC LIMIT 10",
}


def status_text(where: Lake) -> str:
    con = connect(where)
    out = [f"lake: {where.root}"]
    for title, sql in STATUS_QUERIES.items():
        columns, rows = run_sql(con, sql)
        out += ["", f"{title}:", to_table(columns, rows, limit=60)]
    return "\n".join(out)
