"""`docclean report`: a self-contained HTML page about a lake built from the samples (no Prefect)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from docclean.flows.cli import main
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake
from docclean.flows.report import render
from docclean.flows.report.page import esc, hbar, table
from tests.conftest import ROOT, SAMPLES
from tests.formats.builders import zip_of
from tests.test_lake import NOISE, cleaner, payload, write  # noqa: F401  (cleaner: a fixture)

HOSTILE = "<script>alert('x')</script>&.txt"  # a file name is user input too
FORMAT_SAMPLES = sorted(p for p in (ROOT / "data" / "samples").iterdir() if p.suffix != ".txt")


@pytest.fixture
def where(tmp_path, cleaner) -> Lake:  # noqa: F811
    lake = Lake.at(tmp_path / "lake")
    write(lake, [payload(s.name, s.read_bytes()) for s in SAMPLES], cleaner)
    write(
        lake,
        [
            payload("empty.txt", b""),
            payload("noise.txt", NOISE.encode()),
            payload("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
            payload("述职报告.pdf", b"%PDF-1.4\n"),
            payload(HOSTILE, b"%PDF"),
            *(payload(p.name, p.read_bytes()) for p in FORMAT_SAMPLES),
            payload("bundle.zip", zip_of({f"in/{p.name}": p.read_bytes() for p in FORMAT_SAMPLES})),
        ],
        cleaner,
    )
    return lake


def column(where: Lake, sql: str) -> list:
    return [row[0] for row in query.run_sql(query.connect(where), sql)[1]]


def test_the_page_is_self_contained_and_shows_what_a_person_checks(where):
    page = render(where)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)  # nothing fetched
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert "Noto Sans CJK SC" in page  # a CJK-capable font stack
    assert page.count("<svg") >= 6
    for name in column(where, "select distinct category from removals") + column(
        where, "select distinct rule_id from removals"
    ):
        assert f">{name}<" in page
    for reason in column(where, "select error from files where status not in ('ok', 'bundle')"):
        assert str(esc(reason)) in page
    assert {"empty", "quarantined", "unsupported"} <= set(column(where, "select status from files"))
    assert "PNG image" in page and "empty file (0 bytes)" in page and "述职报告.pdf" in page
    by_format = page.split(">by format<", 1)[1].split("</svg>", 1)[0]  # the chart shows the new formats
    for fmt in ("docx", "pdf", "zip", "png", "text"):
        assert f">{fmt}<" in by_format, fmt
    assert column(where, "select count(*) from reports where source_path like 'bundle.zip!/in/%'") == [13]
    for title in column(where, "select title from reports where list_contains(flags, 'truncated')"):
        assert str(esc(title)) in page
    assert ">银行<" in page and ">2023<" in page and ">utf-8<" in page  # by unit, by year, encodings


def test_text_is_escaped(where):
    page = render(where)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;.txt" in page and HOSTILE not in page
    chart = hbar([("<b>&", 3)])
    assert "&lt;b&gt;&amp;" in chart and "<b>" not in chart
    assert "<td>&lt;i&gt;</td>" in table(["h"], [["<i>"]])


def test_runs_come_from_run_records_else_from_the_ledger(where):
    assert "from the files ledger" in render(where)
    folder = Path(where.root, "_runs")
    folder.mkdir()
    record = {
        "run_id": "run-0001-abcdef",
        "started_at": "2026-01-02T03:04:05+00:00",
        "finished_at": "2026-01-02T03:04:09+00:00",
        "settings": {"tokens": False},
        "counts": {
            "files_seen": 12,
            "new": 10,
            "skipped": 2,
            "deferred": 0,
            "statuses": {"ok": 5, "empty": 2, "quarantined": 1, "unsupported": 2},
            "reports": 18,
            "removals": 33,
        },
        "status": "completed",
        "removals_by_category": {"watermark": 12},
        "removals_by_rule": {},
        "files": [],
        "batches": [],
        "timings": {"decode": 0.25, "clean": 1.5, "write": 0.5},
        "wall_seconds": 4.2,
    }
    (folder / "run-0001.json").write_text(json.dumps(record), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")  # half written, or foreign: skipped
    page = render(where)
    assert "from run records" in page and "run-0001-abc" in page and "2026-01-02 03:04" in page
    assert ">decode<" in page and ">clean<" in page and "4.2" in page


def test_cli_writes_the_page(where, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--lake", where.root, "--out", str(out)]) == 0
    assert "<svg" in out.read_text(encoding="utf-8") and str(out) in capsys.readouterr().out
    assert main(["report", "--lake", str(tmp_path / "none"), "--out", str(out)]) == 1
    assert "no lake at" in capsys.readouterr().err
