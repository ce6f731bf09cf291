"""`docclean export` and `docclean views`: the query views for readers outside docclean.

`export` writes each view (the latest version of every file, no rows of killed runs: exactly what
`docclean query` sees) through DuckDB's COPY from the same connection, so a dataset is streamed to its
file and never held whole in memory. Each file is written under a temporary name and renamed into
place, so a reader never sees half of one. JSONL reports take the shape corpus tools read (datatrove,
Dolma): one report per line, `{"id", "text", "meta": {every other column}}`; the other views are one
JSON object per row. CSV writes lists and structs as JSON text. `views_sql` gives the views' own
definitions over globs of the lake's folders, for DuckDB, pandas or Polars users.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docclean.flows.lake import query
from docclean.flows.lake.store import Lake

if TYPE_CHECKING:
    import duckdb

EXPORTED = ("reports", "removals", "files", "near_duplicates")
FORMATS = {
    "jsonl": "(FORMAT json)",
    "csv": "(FORMAT csv, HEADER true)",
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
}
NESTED = ("[]", "STRUCT(", "MAP(")  # DuckDB type names of lists, structs and maps


@dataclass(frozen=True, slots=True)
class Exported:
    view: str
    path: Path
    rows: int


def _columns(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in con.execute(f"DESCRIBE {view}").fetchall()]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select(con: duckdb.DuckDBPyConnection, view: str, fmt: str) -> str:
    """The query that gives a view's rows in the export format's shape."""
    columns = _columns(con, view)
    if fmt == "jsonl" and view == "reports":
        meta = ", ".join(f"{_ident(n)} := {_ident(n)}" for n, _ in columns if n not in ("report_id", "text"))
        return f"SELECT report_id AS id, text, struct_pack({meta}) AS meta FROM reports"
    if fmt == "csv":
        cells = [
            f"to_json({_ident(n)}) AS {_ident(n)}" if t.endswith(NESTED) else _ident(n) for n, t in columns
        ]
        return f"SELECT {', '.join(cells)} FROM {view}"
    return f"SELECT * FROM {view}"


def export(where: Lake, out: Path, fmt: str) -> list[Exported]:
    """Write every view to `out/<view>.<fmt>`; return what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    con = query.connect(where)
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for view in EXPORTED:
        final = out / f"{view}.{fmt}"
        temporary = out / f".{view}.{fmt}.{os.getpid()}.tmp"
        try:
            con.execute(f"COPY ({select(con, view, fmt)}) TO {query.quote(str(temporary))} {FORMATS[fmt]}")
            os.replace(temporary, final)
        finally:
            temporary.unlink(missing_ok=True)
        ((rows,),) = con.execute(f"SELECT count(*) FROM {view}").fetchall()
        done.append(Exported(view, final, rows))
    return done


def views_sql(where: Lake) -> str:
    """The views as DuckDB statements over globs of the lake's folders (files a later run adds count)."""
    head = [
        f"-- docclean views over the lake at {where.root}: `docclean query` sees exactly these.",
        "-- Run in DuckDB (duckdb -init this.sql), or con.execute() it from Python. A dataset with no file yet",
        "-- is an empty view: print these again after the lake's next run has written one.",
        "SET TimeZone = 'UTC';",
    ]
    return "\n".join([*head, *query.raw_views(where, portable=True), query.VIEWS.strip(), ""])


def write_database(where: Lake, path: Path) -> None:
    """A DuckDB database file holding the views (no data: they read the lake's Parquet files)."""
    import duckdb

    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for statement in query.raw_views(where, portable=True):
            con.execute(statement)
        con.execute(query.VIEWS)
