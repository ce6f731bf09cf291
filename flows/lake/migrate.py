"""Lake files of older schema versions, read as the current version: nothing is rewritten in place.

Schema version 2 renamed the sections struct's `text` field to `section_text` (schemas.SECTION_V1 is the
old struct): unnesting `sections` beside a report's own `text` clashed (polars' `unnest`). A lake written
before reads on: the views map the old field (`SECTIONS_SQL`), `check` accepts the old type
(`schemas.OLDER_TYPES`), and compaction rewrites old rows in the current schema (`to_current`).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from docclean.schemas import OLDER_TYPES, SECTION

# DuckDB: every file's sections as the current struct, whichever field name the file has (the views read
# the files with a wide empty select so that both fields always exist)
WIDE_SECTIONS = 'STRUCT("level" TINYINT, heading VARCHAR, section_text VARCHAR, "text" VARCHAR)[]'
SECTIONS_SQL = (
    "[{'level': s.level, 'heading': s.heading, 'section_text': coalesce(s.section_text, s.\"text\")} "
    "for s in sections]"
)


def is_older(dataset: str, name: str, type_: pa.DataType) -> bool:
    return any(type_.equals(t) for t in OLDER_TYPES.get((dataset, name), ()))


def file_schema(declared: pa.Schema, dataset: str, found: pa.Schema) -> pa.Schema:
    """The schema to read one file with: the declared one, with the older type of any column the file
    holds in an older version's type."""
    for i, field in enumerate(declared):
        j = found.get_field_index(field.name)
        if j >= 0 and is_older(dataset, field.name, found.field(j).type):
            declared = declared.set(i, field.with_type(found.field(j).type))
    return declared


def _renamed(chunk: pa.Array) -> pa.Array:
    values = chunk.flatten()  # the chunk's own items (a sliced chunk: only its range)
    struct = pa.StructArray.from_arrays(
        [values.field(i) for i in range(values.type.num_fields)],
        fields=list(SECTION),
        mask=values.is_null() if values.null_count else None,
    )
    lengths = pc.fill_null(pc.list_value_length(chunk), 0).cast(pa.int32())
    offsets = pa.concat_arrays([pa.array([0], pa.int32()), pc.cumulative_sum(lengths)])
    return pa.ListArray.from_arrays(offsets, struct, mask=chunk.is_null() if chunk.null_count else None)


def to_current(table: pa.Table, dataset: str) -> pa.Table:
    """Rows read from an older file, in the current schema's types."""
    for i, field in enumerate(table.schema):
        if is_older(dataset, field.name, field.type):
            column = pa.chunked_array([_renamed(c) for c in table.column(i).chunks], pa.list_(SECTION))
            table = table.set_column(
                i, pa.field(field.name, column.type, field.nullable, field.metadata), column
            )
    return table
