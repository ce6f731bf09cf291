"""Suspects in the lake: a line a detector scored as likely noise, kept in the report and listed in the
`suspects` dataset beside the removals, checked and compacted like them; an older lake without it reads."""

from __future__ import annotations

import pytest

from docclean.flows.lake import compact, integrity, query
from docclean.flows.lake.store import Lake, dataset_files
from tests.test_lake import cleaner, payload, sample, write  # noqa: F401  (cleaner: a fixture)

SUSPECT_LINE = "网站首页改版"
WITH_SUSPECT = (
    "某某局2023年工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n"
    f"{SUSPECT_LINE}\n全年完成投资12亿元，新建项目36个，竣工投产20个，超额完成任务。\n"
)


def rows(where: Lake, sql: str) -> list[tuple]:
    return query.run_sql(query.connect(where), sql)[1]


@pytest.fixture
def where(tmp_path, cleaner) -> Lake:  # noqa: F811
    lake = Lake.at(tmp_path / "lake")
    write(lake, [payload("a.txt", WITH_SUSPECT.encode()), sample(0)], cleaner)
    return lake


def test_a_suspect_is_kept_in_its_report_and_listed_with_its_detector(where):
    [(path, line_no, text, detector, score, title, in_text)] = rows(
        where,
        "SELECT s.source_path, s.line_no, s.text, s.detector_id, s.score, r.title, "
        "contains(r.text, s.text) FROM suspects s JOIN reports r USING (report_id)",
    )
    assert (path, line_no, text, detector, title) == (
        "a.txt",
        3,
        SUSPECT_LINE,
        "detector_boilerplate",
        "某某局2023年工作总结",
    )
    assert score >= 1.5 and in_text  # listed, and still in the report
    assert rows(where, "SELECT suspect_count FROM files WHERE source_path = 'a.txt'") == [(1,)]


def test_check_notices_missing_suspect_rows_and_compaction_keeps_them(where):
    assert integrity.verify(where, deep=True).ok
    compact.compact(where)
    assert integrity.verify(where, deep=True).ok
    assert rows(where, "SELECT text FROM suspects") == [(SUSPECT_LINE,)]
    for path in dataset_files(where, "suspects"):
        where.fs.delete_file(path)
    found = integrity.verify(where)
    assert [(m.dataset, m.expected, m.found) for m in found.missing] == [("suspects", 1, 0)]


def test_a_lake_written_before_suspects_still_reads(tmp_path, cleaner):  # noqa: F811
    lake = Lake.at(tmp_path / "lake")
    old = ("reports", "removals", "signatures", "files")
    batch = write(lake, [payload("a.txt", WITH_SUSPECT.encode())], cleaner, datasets=old)
    # and its ledger had no suspect_count column
    import pyarrow.parquet as pq

    [ledger] = dataset_files(lake, "files")
    table = pq.read_table(ledger)
    pq.write_table(table.drop_columns(["suspect_count"]), ledger)
    assert rows(lake, "SELECT count(*) FROM suspects") == [(0,)]
    assert rows(lake, "SELECT count(*), any_value(suspect_count) FROM files") == [(1, None)]
    assert integrity.verify(lake, deep=True).ok, batch
