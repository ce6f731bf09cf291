"""The five real samples as 文库 sites deliver them (DOCX with a watermark in the page header, PDF wrapped
by the page width with page numbers, MHTML, and a zip of them all) give the same reports as the plain text:
titles, paragraphs byte for byte, placeholders, sections, flags (tests/golden/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docclean.cleaners.engine import replay
from docclean.cleaners.formats import extract
from docclean.cleaners.model import Document, Extracted
from docclean.cleaners.pipeline import clean_file, clean_source
from tests.conftest import ROOT, SAMPLES
from tests.formats.builders import html_to_mhtml, text_to_docx, text_to_html, text_to_pdf, zip_of
from tests.make_golden import golden_view

GOLDEN = ROOT / "tests" / "golden"
MAKERS = {
    "docx": text_to_docx,
    "pdf": text_to_pdf,
    "mhtml": lambda text: html_to_mhtml(text_to_html(text)),
}
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "mhtml": ".mht"}


@pytest.fixture(scope="module")
def converted() -> dict[tuple[str, str], bytes]:
    return {
        (fmt, p.stem): make(p.read_text(encoding="utf-8")) for fmt, make in MAKERS.items() for p in SAMPLES
    }


def expected_reports(stem: str, fmt: str = "text") -> list[dict]:
    golden = (GOLDEN / f"{stem}.json").read_text(encoding="utf-8")
    if fmt == "pdf":  # the PDF font has no NBSP: the page shows, and the text layer holds, a plain space
        golden = golden.replace("\\u00a0", " ").replace("\xa0", " ")
    return json.loads(golden)["reports"]


def reports(doc: Document) -> list[dict]:
    return golden_view(doc)["reports"]


@pytest.mark.parametrize("fmt", list(MAKERS))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_converted_sample_gives_the_golden_reports(converted, rules, fmt: str, path: Path):
    data = converted[(fmt, path.stem)]
    [source] = extract(data, path.stem + SUFFIX[fmt])
    assert isinstance(source, Extracted) and source.format == fmt
    doc = clean_source(source, rules, tokens=False)
    assert doc.format == fmt
    assert reports(doc) == expected_reports(path.stem, fmt)
    if source.markup == "text":  # HTML chrome is recorded by the page's line, not replayed
        assert replay(source.text, doc.removals) == doc.cleaned_text


def test_docx_header_watermark_is_removed_with_a_record(converted, rules):
    [source] = extract(converted[("docx", SAMPLES[3].stem)], "a.docx")
    doc = clean_source(source, rules, tokens=False)
    assert source.text.split("\n")[0] == "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！"  # the header, first
    first = [r for r in doc.removals if r.line_no == 1]
    assert [(r.rule_id, r.category) for r in first] == [("watermark_submission_notice", "watermark")]
    assert "1" not in doc.cleaned_text.split("\n")  # the footer's page number went too


def test_pdf_page_numbers_are_furniture_on_each_page(converted, rules):
    [source] = extract(converted[("pdf", SAMPLES[0].stem)], "a.pdf")
    doc = clean_source(source, rules, tokens=False)
    numbers = [r for r in doc.removals if r.category == "page_furniture"]
    pages = len([line for line in source.text.split("\n") if line.strip().startswith("- ")])
    assert len(numbers) == pages > 3
    assert len({r.line_no for r in numbers}) == pages  # each page's occurrence on its own line
    assert any(r.rule_id == "detector_reflow" for r in doc.removals)


def test_zip_of_every_format_gives_one_document_per_member(converted, rules):
    members = {}
    for p in SAMPLES:
        members[f"txt/{p.name}"] = p.read_bytes()
        for fmt in MAKERS:
            members[f"{fmt}/{p.stem}{SUFFIX[fmt]}"] = converted[(fmt, p.stem)]
    results = clean_file(zip_of(members, gbk_names=True), "bundle.zip", rules, tokens=False)
    assert [r.source_path for r in results] == [f"bundle.zip!/{name}" for name in members]
    for doc in results:
        assert isinstance(doc, Document)
        stem = doc.source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        assert reports(doc) == expected_reports(stem, doc.format)
