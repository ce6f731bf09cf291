"""Near-duplicates in the lake, through the flow's own commit step (no Prefect): signatures written by the
worker, answers by the commit, both invisible until the ledger; a changed file's followers answered
again; a killed commit leaves nothing that counts; `check` and `compact` keep holding."""

from __future__ import annotations

import time

import pyarrow.parquet as pq
import pytest

from docclean.cleaners.neardup import SCHEME
from docclean.flows.ingest import flow as flow_module
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.neardups import NearDups
from docclean.flows.ingest.summary import RunSummary
from docclean.flows.lake import compact, integrity, query, store
from docclean.flows.lake.store import Lake
from docclean.schemas import MINHASH_SCHEME, SIGNATURES
from tests.conftest import SAMPLES, killed_before_the_ledger, put
from tests.test_shard import make_shard

ORIGINAL = SAMPLES[0].read_bytes()  # six reports
EDITED = ORIGINAL.replace("（银行）".encode(), "（农商银行）".encode()).replace(
    "。\n".encode(), "。\n来源：公文素材库 整理发布\n".encode(), 1
)


def commit(inbox, where: Lake, near: NearDups) -> RunSummary:
    """One shard of the inbox's new and changed files, committed as the flow commits it."""
    known = {p: k.sha256 for p, k in store.latest_versions(where).items()}
    summary = RunSummary(where.root)
    manifest = flow_module.run_shard(make_shard(inbox, where, known))
    flow_module.commit_shard(where, manifest, summary, Clock(), inbox, None, near)
    time.sleep(0.002)  # the next batch is stamped later
    return summary


def answers(where: Lake) -> dict[tuple[str, int], tuple[str, int] | None]:
    """(path, ordinal) -> the (path, ordinal) it names, as the reports view shows it: the earliest row
    with the named id (a copy's own id names the other copy)."""
    con = query.connect(where)
    sql = "select source_path, ordinal, report_id, near_dup_of from reports order by ingested_at, 1, 2"
    rows = query.run_sql(con, sql)[1]
    out = {}
    for path, ordinal, _, target in rows:
        named = [(p, o) for p, o, r, _ in rows if r == target and (p, o) != (path, ordinal)]
        out[path, ordinal] = named[0] if target else None
    return out


@pytest.fixture
def lake_dir(tmp_path) -> Lake:
    return Lake.at(tmp_path / "lake")


def test_copies_and_edited_republications_point_at_the_earliest(tmp_path, lake_dir):
    inbox = tmp_path / "inbox"
    put(inbox, "a.txt", ORIGINAL)
    put(inbox, "b.txt", SAMPLES[1].read_bytes())
    summary = commit(inbox, lake_dir, NearDups(lake_dir))
    assert summary.near_dups == 0
    put(inbox, "c copy.txt", ORIGINAL)
    put(inbox, "d edited.txt", EDITED)
    summary = commit(inbox, lake_dir, NearDups(lake_dir))  # a new run: the index comes from the lake
    assert summary.near_dups == 12
    got = answers(lake_dir)
    assert {k: v for k, v in got.items() if v} == {
        **{("c copy.txt", n): ("a.txt", n) for n in range(1, 7)},
        **{("d edited.txt", n): ("a.txt", n) for n in range(1, 7)},
    }
    con = query.connect(lake_dir)
    groups = query.run_sql(con, "select reports, source_paths from near_duplicates order by group_id")[1]
    assert len(groups) == 6 and all(n == 3 and paths[0] == "a.txt" for n, paths in groups)
    assert integrity.verify(lake_dir, deep=True).ok


def test_signatures_name_their_scheme_and_leave_short_reports_unsigned(tmp_path, lake_dir):
    inbox = tmp_path / "inbox"
    put(inbox, "a.txt", ORIGINAL)
    put(inbox, "short.txt", "2023年工作总结\n全年完成各项任务。\n".encode())
    commit(inbox, lake_dir, NearDups(lake_dir))
    (path,) = store.dataset_files(lake_dir, "signatures")
    table = pq.read_table(path)
    assert table.schema.metadata[MINHASH_SCHEME] == SCHEME.encode() == SIGNATURES.metadata[MINHASH_SCHEME]
    signed = {r["source_path"]: r["minhash"] for r in table.to_pylist()}
    assert signed["short.txt"] is None and len(signed["a.txt"]) == 512


def test_a_changed_file_retires_its_reports_and_their_followers_are_answered_again(tmp_path, lake_dir):
    inbox = tmp_path / "inbox"
    put(inbox, "a.txt", EDITED)
    commit(inbox, lake_dir, NearDups(lake_dir))
    put(inbox, "b.txt", ORIGINAL)
    commit(inbox, lake_dir, NearDups(lake_dir))
    put(inbox, "c.txt", EDITED)  # same bytes as a.txt: names a.txt's copy
    commit(inbox, lake_dir, NearDups(lake_dir))
    assert answers(lake_dir)[("b.txt", 1)] == ("a.txt", 1)
    put(inbox, "a.txt", SAMPLES[1].read_bytes())  # a.txt becomes another report altogether
    summary = commit(inbox, lake_dir, NearDups(lake_dir))
    got = answers(lake_dir)
    assert got[("b.txt", 1)] is None  # the earliest of its group now
    assert got[("c.txt", 1)] == ("b.txt", 1)  # its copy's reports are gone: answered again
    assert summary.near_dups_again == 12
    assert integrity.verify(lake_dir, deep=True).ok


def test_a_commit_killed_before_its_ledger_leaves_no_answer_that_counts(tmp_path, lake_dir, monkeypatch):
    inbox = tmp_path / "inbox"
    put(inbox, "a.txt", ORIGINAL)
    commit(inbox, lake_dir, NearDups(lake_dir))
    put(inbox, "b.txt", EDITED)
    with killed_before_the_ledger(monkeypatch), pytest.raises(OSError, match="killed"):
        commit(inbox, lake_dir, NearDups(lake_dir))
    assert store.dataset_files(lake_dir, "near_dups")[-1] != store.dataset_files(lake_dir, "files")[-1]
    assert {v for v in answers(lake_dir).values()} == {None}  # b.txt's answers are orphans: not shown
    commit(inbox, lake_dir, NearDups(lake_dir))  # the next run redoes b.txt
    assert answers(lake_dir)[("b.txt", 1)] == ("a.txt", 1)
    before = answers(lake_dir)
    assert integrity.verify(lake_dir, deep=True).ok
    compact.compact(lake_dir)
    assert answers(lake_dir) == before and integrity.verify(lake_dir, deep=True).ok
    assert query.run_sql(query.connect(lake_dir), "select count(*) from raw_near_dups")[1] == [(6,)]


def test_a_damaged_signatures_file_does_not_stop_ingestion(tmp_path, lake_dir, caplog):
    """Signatures are derived data: a file that cannot be read leaves its reports uncompared, the run goes on."""
    inbox = tmp_path / "inbox"
    put(inbox, "a.txt", ORIGINAL)
    commit(inbox, lake_dir, NearDups(lake_dir))
    (damaged,) = store.dataset_files(lake_dir, "signatures")
    with open(damaged, "r+b") as handle:
        handle.seek(4)
        handle.write(b"\0" * 200)  # the pages: the footer still reads
    put(inbox, "b.txt", ORIGINAL)
    summary = commit(inbox, lake_dir, NearDups(lake_dir))
    assert summary.reports == 6 and summary.near_dups == 0  # a.txt's reports could not be compared
    assert "cannot be read" in caplog.text and "docclean check --repair" in caplog.text
    assert answers(lake_dir)[("b.txt", 1)] is None


def test_near_duplicates_follows_chains_and_lists_a_file_saved_twice_once_per_copy():
    """root <- x <- y (y is not similar to root itself); c is the same file as a saved under another
    name: its reports share a's ids and name them."""
    import duckdb

    con = duckdb.connect()
    con.execute("""
        CREATE TABLE raw_files AS SELECT * FROM (VALUES
            ('a.txt', 'sa', 'b1', TIMESTAMP '2024-01-01'), ('x.txt', 'sx', 'b2', TIMESTAMP '2024-01-02'),
            ('y.txt', 'sy', 'b3', TIMESTAMP '2024-01-03'), ('c.txt', 'sa', 'b4', TIMESTAMP '2024-01-04'),
            ('z.txt', 'sz', 'b4', TIMESTAMP '2024-01-04'))
            t(source_path, source_sha256, batch_id, ingested_at);
        ALTER TABLE raw_files ADD COLUMN bundle_path VARCHAR;  -- none of these files is a zip member
        CREATE TABLE raw_reports AS SELECT f.* EXCLUDE (bundle_path), 1 AS ordinal, r.report_id, r.title FROM raw_files f
            JOIN (VALUES ('a.txt', 'root', 'R'), ('x.txt', 'x', 'X'), ('y.txt', 'y', 'Y'), ('c.txt', 'root', 'R'),
                         ('z.txt', 'z', 'Z')) r(source_path, report_id, title) USING (source_path);
        CREATE TABLE raw_near_dups AS SELECT * FROM (VALUES
            ('x', 'x.txt', 'sx', 'b2', 'root', 0.9::FLOAT, 'b2'), ('y', 'y.txt', 'sy', 'b3', 'x', 0.85::FLOAT, 'b3'),
            ('root', 'c.txt', 'sa', 'b4', 'root', 1.0::FLOAT, 'b4'),
            ('z', 'z.txt', 'sz', 'b4', 'y', 0.8::FLOAT, 'b9'))
            t(report_id, source_path, source_sha256, batch_id, near_dup_of, near_dup_similarity, resolved_in);
        CREATE TABLE raw_removals AS SELECT source_path, source_sha256, batch_id FROM raw_files WHERE false;
        CREATE TABLE raw_signatures AS SELECT source_path, source_sha256, batch_id FROM raw_files WHERE false;
        CREATE TABLE raw_suspects AS SELECT source_path, source_sha256, batch_id FROM raw_files WHERE false;
    """)
    con.execute(query.VIEWS)
    rows = con.execute(
        "SELECT group_id, title, reports, source_paths, min_similarity FROM near_duplicates"
    ).fetchall()
    assert rows == [("root", "R", 4, ["a.txt", "x.txt", "y.txt", "c.txt"], pytest.approx(0.85))]
    # z's answer was written by a batch the ledger does not hold (b9: a killed run): it does not count
    assert con.execute("SELECT near_dup_of FROM reports WHERE report_id = 'z'").fetchall() == [(None,)]
