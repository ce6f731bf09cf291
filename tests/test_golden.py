"""The five real samples: hand-checked golden output, nothing of the user's lost, the same result
whatever encoding the file was saved in."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from docclean.cleaners.engine import clean_text, replay
from docclean.cleaners.pipeline import clean_bytes
from tests.conftest import ROOT, SAMPLES
from tests.make_golden import golden_view

GOLDEN = ROOT / "tests" / "golden"
EXPECTED_REPORTS = {"000": 6, "001": 5, "002": 1, "003": 1, "004": 5}


def clean(path: Path, data: bytes | None = None, name: str | None = None):
    return clean_bytes(
        data if data is not None else path.read_bytes(), name or path.name, _rules(), tokens=False
    )


def _rules():
    from docclean.cleaners.rules import default_rules

    return default_rules()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_sample_matches_its_golden_file(path: Path):
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    doc = clean(path)
    assert len(doc.reports) == EXPECTED_REPORTS[path.stem[:3]]
    assert golden_view(doc) == expected


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_replaying_the_removal_records_reproduces_the_output(path: Path):
    source = path.read_text(encoding="utf-8")
    doc = clean(path)
    assert replay(source, doc.removals) == doc.cleaned_text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_every_source_line_is_kept_whole_or_explained_by_a_record(path: Path):
    doc = clean(path)
    explained = {r.line_no for r in doc.removals}
    kept = set(doc.cleaned_text.split("\n"))
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip() and no not in explained:
            assert line.strip() in kept, f"line {no} vanished without a record"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_placeholders_survive(path: Path):
    source = path.read_text(encoding="utf-8")
    doc = clean(path)
    removed = "".join(r.removed_text for r in doc.removals)
    for mark in ("X", "*"):
        assert doc.cleaned_text.count(mark) == source.count(mark) - removed.count(mark)
    if path.stem.startswith("004"):
        assert doc.cleaned_text.count("*") == 67  # 70 in the file, 3 of them inside the inline adverts


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_cleaning_cleaned_text_changes_nothing(path: Path):
    doc = clean(path)
    again = clean_text(doc.cleaned_text, _rules())
    assert not again.removals
    assert "\n".join(line.text for line in again.lines) == doc.cleaned_text


def _variants(text: str) -> dict[str, bytes]:
    gbk_safe = text.replace("\xa0", " ")  # GBK has no NBSP; real GBK files carry a plain space there
    return {
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16-le": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "gb18030": text.encode("gb18030"),
        "gbk": gbk_safe.encode("gbk"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
    }


@pytest.mark.parametrize("variant", ["utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "gbk", "crlf"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_reencoded_sample_gives_the_same_reports(path: Path, variant: str):
    text = path.read_text(encoding="utf-8")
    expected_text = text.replace("\xa0", " ") if variant == "gbk" else text
    expected = golden_view(clean(path, expected_text.encode("utf-8")))
    got = clean(path, _variants(text)[variant])
    assert golden_view(got) == expected


def _as_html(text: str) -> bytes:
    import html

    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    page = (
        '<!DOCTYPE html><html><head><meta charset="gb2312"><title>范文网</title>'
        "<script>var ad = 1;</script></head><body><nav>首页 &gt; 述职报告</nav>"
        f'<div class="article">{body}</div><div class="ad-box">开通VIP免费下载</div>'
        "<footer>版权所有 范文网</footer></body></html>"
    )
    return page.replace("\xa0", "&nbsp;").encode("gb18030")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_html_page_of_a_sample_gives_the_same_reports(path: Path):
    expected = clean(path)
    got = clean(path, _as_html(path.read_text(encoding="utf-8")), path.stem + ".html")
    assert got.format == "html" and got.encoding == "gb18030"
    assert [(r.title, r.unit, r.year, r.paragraphs, r.flags) for r in got.reports] == [
        (r.title, r.unit, r.year, r.paragraphs, r.flags) for r in expected.reports
    ]
    assert {r.category for r in got.removals} >= {"html_chrome"}
