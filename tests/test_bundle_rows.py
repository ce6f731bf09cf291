"""A zip bundle in the lake, without Prefect: its own ledger row and one per member, ids unique and stable,
counts that `docclean check` agrees with, and lakes written before members existed still read."""

from __future__ import annotations

import pyarrow.parquet as pq

from docclean.cleaners.model import Refused
from docclean.flows.ingest.rows import STATUSES, report_id
from docclean.flows.lake import integrity, store
from docclean.flows.lake.store import Lake
from docclean.schemas import FILES
from tests.conftest import ROOT, SAMPLES
from tests.formats.builders import zip_of
from tests.test_lake import cleaner, payload, write  # noqa: F401  (cleaner: a fixture)
from tests.test_report import column

SEEDS = {f"dir/{p.name}": p.read_bytes() for p in SAMPLES[2:5]}


def test_a_bundle_is_a_row_of_its_own_then_one_per_member(cleaner):  # noqa: F811
    result = cleaner.result(payload("b.zip", zip_of(SEEDS | {"empty.zip": zip_of({})})))
    paths = [(r["source_path"], r["bundle_path"], r["status"], r["size_bytes"]) for r in result.files]
    assert paths[-1] == ("b.zip", None, "bundle", len(zip_of(SEEDS | {"empty.zip": zip_of({})})))
    assert [p[:3] for p in paths[:-1]] == [
        *((f"b.zip!/{name}", "b.zip", "ok") for name in SEEDS),
        ("b.zip!/empty.zip", "b.zip", "empty"),
    ]
    assert all(size is None for *_, size in paths[:-1])  # a member's bytes are counted in its bundle's row
    assert {r["source_sha256"] for r in result.files} == {result.files[-1]["source_sha256"]}
    assert sum(r["report_count"] for r in result.files) == len(result.reports) == 1 + 1 + 5


def test_member_report_ids_are_unique_and_survive_renaming_the_bundle(cleaner):  # noqa: F811
    data = zip_of({"a.txt": SAMPLES[4].read_bytes(), "b/a.txt": SAMPLES[4].read_bytes()})
    ids = [r["report_id"] for r in cleaner.result(payload("one.zip", data)).reports]
    assert len(ids) == len(set(ids)) == 10  # same bytes twice in one bundle: still ten ids
    assert ids == [r["report_id"] for r in cleaner.result(payload("renamed.zip", data)).reports]
    plain = cleaner.result(payload("a.txt", SAMPLES[4].read_bytes())).reports
    assert plain[0]["report_id"] == report_id(plain[0]["source_sha256"], 1)  # a plain file's id: as always


def test_a_bundle_that_breaks_off_keeps_its_members_and_says_so(cleaner, monkeypatch):  # noqa: F811
    def breaks_off(data, name, *args):
        yield from cleaner_sources[:1]
        yield Refused(name, "zip", "quarantined", "zip reader failed: ValueError: boom")

    cleaner_sources = [Refused("b.zip!/x.png", "png", "unsupported", "a picture")]
    monkeypatch.setattr("docclean.flows.ingest.cleaner.iter_extract", breaks_off)
    result = cleaner.result(payload("b.zip", b"PK\x03\x04"))
    assert [(r["source_path"], r["status"]) for r in result.files] == [
        ("b.zip!/x.png", "unsupported"),
        ("b.zip", "quarantined"),
    ]
    assert result.files[-1]["error"] == "zip reader failed: ValueError: boom"


def test_check_counts_a_bundle_batch_from_the_ledger(tmp_path, cleaner):  # noqa: F811
    where = Lake.at(tmp_path / "lake")
    write(where, [payload("b.zip", zip_of(SEEDS)), payload("c.txt", SAMPLES[0].read_bytes())], cleaner)
    found = integrity.verify(where, deep=True)
    assert found.ok and found.batches_checked == 1
    assert column(where, "select count(*) from files") == [5]
    assert column(where, "select count(*) from reports") == [7 + 6]


def test_a_lake_from_before_members_still_reads_and_repairs(tmp_path, cleaner):  # noqa: F811
    where = Lake.at(tmp_path / "lake")
    batch = write(where, [payload("old.txt", SAMPLES[2].read_bytes())], cleaner)
    ledger = f"{where.folder('files')}/{batch}.parquet"
    pq.write_table(
        pq.read_table(ledger).drop_columns(["bundle_path"]), ledger
    )  # as an older docclean wrote it
    assert column(where, "select source_path from files") == ["old.txt"]
    assert column(where, "select count(*) from reports") == [1]
    assert set(store.latest_versions(where)) == {"old.txt"}
    (report_file,) = store.dataset_files(where, "reports")
    Lake.at(tmp_path).fs.delete_file(report_file)  # a damaged batch: the repair rewrites the old ledger
    repaired = integrity.repair(where, integrity.verify(where))
    assert repaired.redo == ["old.txt"]
    assert pq.read_schema(ledger).names == FILES.names


def test_every_status_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    statuses = readme.split("### `files`", 1)[1]
    for status in STATUSES:
        assert f"`{status}`" in statuses, status
        assert status in FILES.field("status").metadata[b"doc"].decode(), status


def test_a_file_over_the_size_limit_is_quarantined_and_named_by_its_head(cleaner):  # noqa: F811
    pdf = (ROOT / "data" / "samples" / "004_ee58601975a31a3a.pdf").read_bytes()
    big = payload("huge.pdf", pdf[:8192])
    big = type(big)(type(big.entry)("huge.pdf", 80 * 2**20, big.entry.mtime_ns), big.sha256, big.data, True)
    [row] = cleaner.result(big).files
    assert (row["format"], row["status"], row["size_bytes"]) == ("pdf", "quarantined", 80 * 2**20)
    assert row["error"] == "FileTooLarge: 80.0 MiB is over the per-file limit"
