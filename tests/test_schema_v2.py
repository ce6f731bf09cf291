"""The lake as pandas and polars users read it (schema version 2), and lakes of version 1 still read."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from docclean.flows.ingest import rows
from docclean.flows.lake import compact, integrity, query
from docclean.flows.lake.store import Lake, dataset_files
from docclean.schemas import REPORTS, SECTION_V1
from tests.test_lake import cleaner, payload, sample, write  # noqa: F401  (cleaner: a fixture)

NO_YEAR = "某某局工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n".encode()


def as_version_1(path: str) -> None:
    """Rewrite a reports file as schema version 1 wrote it: sections' third field named `text`."""
    table = pq.read_table(path)
    i = table.schema.get_field_index("sections")
    old = pa.array(
        [
            None
            if v is None
            else [{"level": s["level"], "heading": s["heading"], "text": s["section_text"]} for s in v]
            for v in table.column(i).to_pylist()
        ],
        pa.list_(SECTION_V1),
    )
    meta = dict(table.schema.metadata) | {b"schema_version": b"1"}
    table = table.set_column(i, pa.field("sections", old.type), old).replace_schema_metadata(meta)
    pq.write_table(table, path)


@pytest.fixture
def lake(tmp_path, cleaner) -> Lake:  # noqa: F811
    where = Lake.at(tmp_path / "lake")
    write(where, [sample(0), payload("no_year.txt", NO_YEAR)], cleaner)
    return where


def test_pandas_reads_year_as_an_integer_with_nulls(lake):
    import pandas as pd

    frame = pd.concat(pd.read_parquet(p) for p in dataset_files(lake, "reports"))
    assert str(frame["year"].dtype) == "Int16"
    assert frame["year"].isna().sum() == 1 and 2018 in set(frame["year"].dropna())


def test_polars_unnests_sections_beside_the_reports_text(lake):
    import polars as pl

    frame = pl.read_parquet(dataset_files(lake, "reports")[0])
    sections = frame.select("report_id", "text", "sections").explode("sections").unnest("sections")
    assert {"text", "section_text", "heading", "level"} <= set(sections.columns)


def test_a_version_1_lake_reads_checks_and_compacts_without_losing_section_text(lake, cleaner):  # noqa: F811
    before = query.run_sql(query.connect(lake), "SELECT report_id, sections FROM reports ORDER BY 1")[1]
    [path] = dataset_files(lake, "reports")
    as_version_1(path)
    write(lake, [sample(1)], cleaner)  # a later batch in version 2: the lake holds both
    sql = f"SELECT report_id, sections FROM reports WHERE source_path <> '{sample(1).entry.path}' ORDER BY 1"
    assert query.run_sql(query.connect(lake), sql)[1] == before
    assert integrity.verify(lake, deep=True).ok
    compact.compact(lake)
    assert query.run_sql(query.connect(lake), sql)[1] == before
    [merged] = dataset_files(lake, "reports")
    assert pq.read_schema(merged).field("sections").type.equals(REPORTS.field("sections").type)
    assert rows.DATASETS["reports"] is REPORTS
