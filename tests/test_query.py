"""Reading the lake: DuckDB views, `docclean query` (table, CSV, JSON), `status` and `compact`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from docclean.flows.cli import main
from docclean.flows.ingest.cleaner import Cleaner, CleanerSpec
from docclean.flows.lake import query
from docclean.flows.lake import store as lake
from docclean.flows.lake.store import Lake
from tests.test_lake import payload, sample, write


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanerSpec(None, tokens=False))


@pytest.fixture
def built(tmp_path, cleaner) -> Lake:
    """Two batches (samples 0-1, then 2 and an empty file) and an orphan batch of sample 4."""
    where = Lake.at(tmp_path / "lake")
    write(where, [sample(0), sample(1)], cleaner)
    write(where, [sample(2), payload("空白 文件.txt", b"")], cleaner)
    write(where, [sample(4)], cleaner, datasets=("reports", "removals"))
    return where


def count(where: Lake, sql: str) -> int:
    return query.run_sql(query.connect(where), sql)[1][0][0]


def test_views_show_ledgered_rows_only(built):
    assert count(built, "select count(*) from raw_reports") == 6 + 5 + 1 + 5
    assert count(built, "select count(*) from reports") == 12
    assert count(built, "select count(*) from files") == 4
    assert count(built, "select count(*) from removals where source_path like '004%'") == 0
    assert count(built, "select count(distinct report_id) from reports") == 12


def test_a_changed_file_supersedes_its_earlier_reports(built, cleaner):
    changed = sample(0).data.replace("2018年度党建工作述职报告（银行）".encode(), b"")
    write(built, [payload(sample(0).entry.path, changed)], cleaner)
    assert count(built, "select count(*) from files") == 4
    assert count(built, "select count(*) from all_files") == 5
    latest = query.run_sql(
        query.connect(built),
        f"select distinct source_sha256 from reports where source_path = '{sample(0).entry.path}'",
    )[1]
    assert latest == [(payload("x", changed).sha256,)]
    assert count(built, "select count(*) from all_reports") == 12 + count(
        built, f"select count(*) from reports where source_path = '{sample(0).entry.path}'"
    )


def test_query_csv_and_json_parse(built, capsys):
    sql = "select source_path, ordinal, title, year, flags, ingested_at from reports order by source_path, ordinal"
    assert main(["query", sql, "--lake", built.root, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 12 and rows[0]["title"] == "2018年度党建工作述职报告（区委书记）"
    assert json.loads(rows[10]["flags"]) == ["truncated"]
    assert main(["query", sql, "--lake", built.root, "--json"]) == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["ordinal"] for o in objects[:6]] == [1, 2, 3, 4, 5, 6]
    assert objects[0]["year"] == 2018 and objects[0]["ingested_at"].endswith("+00:00")


def test_query_table_is_aligned_and_clipped(built, capsys):
    assert (
        main(
            [
                "query",
                "select title, text, paragraph_count from reports order by title limit 3",
                "--lake",
                built.root,
                "--max-width",
                "20",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "(3 rows)"
    assert (
        len({query.width(line) for line in lines[1:4]}) == 1
    )  # every row as wide as the rule under the header
    assert all("…" in line for line in lines[2:5])


def test_width_counts_cjk_as_two_columns():
    assert query.width("述职 abc") == 8
    assert query.clip("述职报告汇编", 7) == "述职报…"
    assert query.clip("a\nb   c") == "a b c"


def test_status_prints_files_reports_and_runs(built, capsys):
    assert main(["status", "--lake", built.root]) == 0
    out = capsys.readouterr().out
    for heading in ("files by status", "reports by year", "reports by unit", "last runs"):
        assert heading in out
    assert "empty" in out and "2018" in out and "test-run" in out


def test_compact_command_drops_orphans_and_keeps_the_views(built, capsys):
    assert main(["compact", "--lake", built.root]) == 0
    assert "reports: 3 file(s) -> 1, 12 row(s) kept, 5 orphan row(s) dropped" in capsys.readouterr().out
    assert (
        count(built, "select count(*) from raw_reports") == count(built, "select count(*) from reports") == 12
    )
    assert len(lake.dataset_files(built, "files")) == 1


@pytest.mark.parametrize("command", [["status"], ["query", "select 1"], ["compact"]])
def test_a_missing_lake_is_a_one_line_message(tmp_path, capsys, command):
    assert main([*command, "--lake", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no lake at" in err and "docclean run" in err


def test_bad_sql_is_a_one_line_message(built, capsys):
    assert main(["query", "select nope from reports", "--lake", built.root]) == 1
    err = capsys.readouterr().err
    assert err.startswith("docclean: query failed:") and err.count("\n") == 1
