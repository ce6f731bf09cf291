"""A run with nothing to do (flows/ingest/setup.py: `idle_run`): no Prefect, the same run record; and
every case where there is something to do left to the flow, with nothing written before it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from docclean.cleaners.rules import digest_with_user_rules, with_user_rules
from docclean.flows.cli import main
from docclean.flows.ingest import flow as flow_module
from docclean.flows.ingest.flow import ingest
from docclean.flows.ingest.setup import idle_run
from docclean.flows.ingest.summary import read_records
from docclean.flows.lake import store
from docclean.flows.lake.store import Lake
from tests.conftest import SAMPLES, put


@pytest.fixture
def ingested(harness, inbox, tmp_path) -> tuple[Path, Path]:
    """The samples in a lake, by the flow."""
    lake = tmp_path / "lake"
    summary = ingest(inbox=str(inbox), lake_path=str(lake), tokens=False, workers=1)
    assert summary.new == len(SAMPLES)
    return inbox, lake


def _no_flow(monkeypatch) -> None:
    def flow_started(**_: object) -> None:
        raise AssertionError("the flow ran for a run with nothing to do")

    monkeypatch.setattr(flow_module, "ingest", flow_started)


def test_an_unchanged_inbox_is_counted_and_recorded_without_a_flow_run(ingested, capsys, monkeypatch):
    inbox, lake = ingested
    _no_flow(monkeypatch)
    code = main(["run", "--inbox", str(inbox), "--lake", str(lake)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"files: {len(SAMPLES)} seen, 0 new, {len(SAMPLES)} skipped (already in lake), 0 deferred" in out
    assert "(nothing new)" in out and "no Prefect flow run" in out
    assert "starting Prefect server" not in err
    flow_record, idle_record = read_records(Lake.at(lake))
    assert flow_record["status"] == "completed" and flow_record["counts"]["new"] == len(SAMPLES)
    assert idle_record["status"] == "skipped" and idle_record["run_id"].startswith("local-")
    assert idle_record["counts"]["files_seen"] == idle_record["counts"]["skipped"] == len(SAMPLES)
    assert idle_record["counts"]["new"] == 0 and idle_record["batches"] == []
    # the same settings as the flow's record, but for what only a flow run has
    for key in ("inbox", "lake", "rules_sha256", "pipeline_version", "archive"):
        assert idle_record["settings"][key] == flow_record["settings"][key], key


@pytest.mark.parametrize("change", ["new file", "changed mtime", "leftover temporary", "damaged part"])
def test_anything_to_do_is_left_to_the_flow_with_nothing_written(ingested, change):
    inbox, lake = ingested
    where = Lake.at(lake)
    if change == "new file":
        put(inbox, "later/新 报告.txt", SAMPLES[2].read_bytes())
    elif change == "changed mtime":
        touched = time.time() - 30
        os.utime(inbox / SAMPLES[0].name, (touched, touched))
    elif change == "leftover temporary":
        (lake / "reports" / ".killed.parquet.123.tmp").write_bytes(b"half")
    else:
        part = store.dataset_files(where, "removals")[0]
        Path(part).write_bytes(Path(part).read_bytes()[:100])
    before = sorted((p, p.stat().st_size) for p in lake.rglob("*") if p.is_file())
    summary, found = idle_run(str(inbox), str(lake), tokens=False)
    assert summary is None
    assert bool(found.to_read) == (change in ("new file", "changed mtime"))
    assert sorted((p, p.stat().st_size) for p in lake.rglob("*") if p.is_file()) == before


def test_the_flow_then_does_what_the_idle_check_left(ingested):
    inbox, lake = ingested
    (lake / "reports" / ".killed.parquet.123.tmp").write_bytes(b"half")
    assert idle_run(str(inbox), str(lake), tokens=False)[0] is None
    ingest(inbox=str(inbox), lake_path=str(lake), tokens=False, workers=1)
    assert not store.leftovers(Lake.at(lake))
    summary, _ = idle_run(str(inbox), str(lake), tokens=False)
    assert summary is not None and summary.skipped == len(SAMPLES)


USER_RULE = """
[[rule]]
id = "user_shop_banner"
category = "advert"
kind = "line"
pattern = '^本店专营.{0,20}$'
reason = "a shop's banner line"
"""


@pytest.mark.parametrize("user_rules", [None, USER_RULE])
def test_the_record_digest_is_the_rule_sets_without_compiling_it(user_rules):
    assert digest_with_user_rules(user_rules) == with_user_rules(user_rules).sha256
    assert digest_with_user_rules(user_rules) != digest_with_user_rules("# another user file\n")
