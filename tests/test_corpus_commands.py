"""The corpus commands on a lake built from a small benchmark corpus: `suggest-rules` proposes the site
lines no shipped rule removes and no content line, in a file `--rules` accepts; `export` writes exactly
what the views show; `views --sql` gives the views to DuckDB outside docclean; the report shows the
candidates."""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from docclean.cleaners.normalize import matching_view
from docclean.cleaners.rulecheck import load_user_rules
from docclean.cleaners.rules import parse_rules
from docclean.flows.cli import main
from docclean.flows.ingest import inbox, shard
from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.flow import commit_shard, cut_shards
from docclean.flows.ingest.neardups import NearDups
from docclean.flows.ingest.rows import BatchInfo
from docclean.flows.ingest.summary import RunSummary
from docclean.flows.lake import query, store
from docclean.flows.lake.store import Lake
from docclean.flows.report import render
from tests.conftest import put
from tests.test_lake import write

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import SITES, generate  # noqa: E402

FILES = 160


def ingest(source: Path, where: Lake) -> None:
    """What `docclean run` does to the folder, without Prefect: shards cleaned and committed in order."""
    entries, _ = inbox.scan(source)
    known = {p: k.sha256 for p, k in store.latest_versions(where).items()}
    near = NearDups(where)
    for part in cut_shards(entries, 2):
        batch = BatchInfo(store.new_batch_id(), "test", datetime.now(UTC), "test")
        spec = CleanerSpec(None, tokens=False)
        work = shard.Shard(str(source), where.root, batch, tuple(part), known, spec, 0, 2**26)
        commit_shard(where, shard.run_shard(work), RunSummary(where.root), Clock(), source, None, near)


@pytest.fixture(scope="module")
def bench_lake(tmp_path_factory) -> Lake:
    root = tmp_path_factory.mktemp("bench")
    generate(root / "inbox", FILES, seed=7)
    where = Lake.at(root / "lake")
    ingest(root / "inbox", where)
    return where


def kept_lines(where: Lake) -> set[str]:
    """Every line the views keep (front matter, titles, paragraphs), in the rules' matching view."""
    con = query.connect(where)
    sql = """SELECT unnest(front_matter) FROM files UNION ALL SELECT title FROM reports
             UNION ALL SELECT unnest(string_split(text, chr(10))) FROM reports"""
    return {matching_view(line).strip() for (line,) in con.execute(sql).fetchall() if line}


def test_suggest_rules_proposes_the_site_lines_no_rule_removes_and_no_content(bench_lake, tmp_path, capsys):
    out = tmp_path / "mined.toml"
    assert main(["suggest-rules", "--lake", bench_lake.root, "--out", str(out)]) == 0
    assert "candidate rule(s)" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    rules = [r for r in load_user_rules(text).rules if "_mined_" in r.id]  # what --rules does: accepted
    proposed = {
        r.examples[0].text if r.kind == "line" else r.examples[0].text[len(r.examples[0].clean) :]
        for r in rules
    }
    keys = {matching_view(p).strip() for p in proposed}
    injected = {matching_view(line).strip() for site in SITES for line in vars(site).values()}
    kept = kept_lines(bench_lake)
    surviving = {s for s in injected if s in kept or any(line.endswith(s) for line in kept)}
    assert len(surviving) >= 8  # most site lines pass the shipped rules and detectors untouched
    assert keys <= injected, f"a content line was proposed: {keys - injected}"
    assert surviving <= keys, f"site lines not proposed: {surviving - keys}"


def test_suggested_rules_remove_the_site_lines_from_a_file(bench_lake, tmp_path, capsys):
    out = tmp_path / "mined.toml"
    main(["suggest-rules", "--lake", bench_lake.root, "--out", str(out)])
    site = SITES[0]
    sample = tmp_path / "saved.txt"
    sample.write_text(
        f"{site.header}\n2023年度党建工作述职报告\n全年召开党组会议12次，专题研究党建工作。{site.tail}\n"
        f"{site.footer}\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["clean", "--json", "--rules", str(out), str(sample)]) == 0
    (report,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert report["text"] == "全年召开党组会议12次，专题研究党建工作。"
    assert {r["rule_id"].split("_mined_")[0] for r in report["removals"]} == {"site_chrome"}
    assert parse_rules(out.read_text(encoding="utf-8"))  # and it parses on its own


def test_min_files_raises_the_bar(bench_lake, capsys):
    assert main(["suggest-rules", "--lake", bench_lake.root, "--min-files", "1000"]) == 0
    assert "[[rule]]" not in capsys.readouterr().out


@pytest.fixture(scope="module")
def lake_with_history(bench_lake, tmp_path_factory) -> Lake:
    """The bench lake, plus a file's new version (its old reports superseded) and a killed batch."""
    root = tmp_path_factory.mktemp("history")
    where = Lake.at(root / "lake")
    source = Path(bench_lake.root).parent / "inbox"
    first = sorted(p for p in source.rglob("*.txt"))[:12]
    for path in first:
        put(root / "inbox", path.name, path.read_bytes())
    put(root / "inbox", "copy.txt", first[2].read_bytes())  # its reports: a near-duplicate group each
    ingest(root / "inbox", where)
    put(root / "inbox", first[0].name, first[0].read_bytes() + "\n新增一段：全年完成各项任务。\n".encode())
    ingest(root / "inbox", where)
    from tests.test_lake import payload

    orphan = payload("killed.txt", first[1].read_bytes() + b"\n")
    write(where, [orphan], _cleaner(), datasets=("reports", "removals", "signatures"))
    return where


def _cleaner():
    from docclean.flows.ingest.cleaner import Cleaner

    return Cleaner(CleanerSpec(None, tokens=False))


def view_ids(where: Lake) -> dict[str, list]:
    con = query.connect(where)
    return {
        "reports": sorted(r for (r,) in con.execute("SELECT report_id FROM reports").fetchall()),
        "removals": [con.execute("SELECT count(*) FROM removals").fetchone()[0]],
        "files": sorted(p for (p,) in con.execute("SELECT source_path FROM files").fetchall()),
        "near_duplicates": sorted(
            g for (g,) in con.execute("SELECT group_id FROM near_duplicates").fetchall()
        ),
    }


def exported_ids(folder: Path, fmt: str) -> dict[str, list]:
    def rows(view: str) -> list[dict]:
        path = folder / f"{view}.{fmt}"
        if fmt == "jsonl":
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))
        columns = {"reports": ["report_id"], "files": ["source_path"], "near_duplicates": ["group_id"]}
        return (
            pq.read_table(path, columns=columns.get(view, [])).to_pylist()
            if view != "removals"
            else [{} for _ in range(pq.read_metadata(path).num_rows)]
        )

    reports = rows("reports")
    return {
        "reports": sorted(r["id"] if fmt == "jsonl" else r["report_id"] for r in reports),
        "removals": [len(rows("removals"))],
        "files": sorted(r["source_path"] for r in rows("files")),
        "near_duplicates": sorted(r["group_id"] for r in rows("near_duplicates")),
    }


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_exactly_what_the_views_show(lake_with_history, tmp_path, fmt, capsys):
    assert (
        main(["export", "--lake", lake_with_history.root, "--to", str(tmp_path / "out"), "--format", fmt])
        == 0
    )
    expected = view_ids(lake_with_history)
    assert len(expected["files"]) == 13 and "killed.txt" not in expected["files"]  # superseded, orphan: out
    assert expected["near_duplicates"]
    assert exported_ids(tmp_path / "out", fmt) == expected
    assert not list((tmp_path / "out").glob(".*"))  # no temporary left
    printed = capsys.readouterr().out
    assert f"reports: {len(expected['reports'])} row(s)" in printed


def test_jsonl_reports_are_in_the_corpus_shape(lake_with_history, tmp_path):
    main(["export", "--lake", lake_with_history.root, "--to", str(tmp_path), "--format", "jsonl"])
    first = json.loads((tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"id", "text", "meta"}
    assert {"title", "source_path", "near_dup_of", "near_dup_similarity", "sections"} <= set(first["meta"])
    assert "report_id" not in first["meta"] and "text" not in first["meta"]
    con = query.connect(lake_with_history)
    assert (
        con.execute("SELECT text FROM reports WHERE report_id = ?", [first["id"]]).fetchone()[0]
        == first["text"]
    )


def test_views_sql_gives_duckdb_the_same_views(lake_with_history, tmp_path, capsys):
    assert main(["views", "--sql", "--lake", lake_with_history.root]) == 0
    sql = capsys.readouterr().out
    assert "CREATE VIEW reports" in sql and "CREATE VIEW near_duplicates" in sql
    outside = duckdb.connect()
    outside.execute(sql)
    inside = query.connect(lake_with_history)
    for view in ("reports", "removals", "files", "near_duplicates", "all_reports"):
        sql_count = f"SELECT count(*) FROM {view}"
        assert outside.execute(sql_count).fetchone() == inside.execute(sql_count).fetchone()
    database = tmp_path / "lake.duckdb"
    assert main(["views", "--duckdb", str(database), "--lake", lake_with_history.root]) == 0
    with duckdb.connect(str(database), read_only=True) as con:
        assert (
            con.execute("SELECT count(*) FROM reports").fetchone()
            == inside.execute("SELECT count(*) FROM reports").fetchone()
        )


def test_the_report_shows_the_top_candidates(bench_lake):
    page = render(bench_lake)
    assert "Candidate rules" in page and "Near-duplicate reports" in page
    assert SITES[0].footer in page
