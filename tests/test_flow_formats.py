"""`docclean run` reads every format: an inbox of text, HTML, MHTML, DOCX, PDF, a zip bundle (with a `../`
member and a zip inside), an encrypted PDF, a scan, random bytes and a picture. Every file and every member
is in the ledger with its status; DOCX and PDF give the text seed's reports; a re-run reads nothing; a
changed bundle supersedes all of its old members; --archive moves the bundle."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from docclean.flows.ingest.flow import ingest
from docclean.flows.lake import query
from docclean.flows.lake.store import Lake
from tests.conftest import SAMPLES, put
from tests.formats.builders import (
    html_to_mhtml,
    scanned_pdf,
    text_to_docx,
    text_to_html,
    text_to_pdf,
    zip_of,
)

SEED = SAMPLES[4]  # a compilation of five reports
TEXT = SEED.read_text(encoding="utf-8")
OTHER = SAMPLES[3].read_text(encoding="utf-8")

EXPECTED = {  # source_path -> (format, status)
    "seed.txt": ("text", "ok"),
    "page.html": ("html", "ok"),
    "page.mht": ("mhtml", "ok"),
    "seed.docx": ("docx", "ok"),
    "seed.pdf": ("pdf", "ok"),
    "bundle.zip": ("zip", "bundle"),
    "bundle.zip!/报告/seed.docx": ("docx", "ok"),
    "bundle.zip!/other.txt": ("text", "ok"),
    "bundle.zip!/../evil.txt": ("txt", "quarantined"),
    "bundle.zip!/inner.zip!/deep.pdf": ("pdf", "ok"),
    "locked.pdf": ("pdf", "encrypted"),
    "scan.pdf": ("pdf", "needs_ocr"),
    "random.bin": ("text", "not_text"),
    "picture.png": ("png", "unsupported"),
    "report.doc": ("doc", "unsupported"),
}


def bundle(**changes: bytes | None) -> bytes:
    members: dict[str, bytes | None] = {
        "报告/seed.docx": text_to_docx(TEXT),
        "other.txt": OTHER.encode("gb18030"),
        "../evil.txt": b"never read",
        "inner.zip": zip_of({"deep.pdf": text_to_pdf(OTHER)}),
    } | changes
    return zip_of({name: data for name, data in members.items() if data is not None}, gbk_names=True)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    rng = random.Random(3)
    return {
        "seed.txt": SEED.read_bytes(),
        "page.html": text_to_html(OTHER).encode("gbk"),
        "page.mht": html_to_mhtml(text_to_html(OTHER)),
        "seed.docx": text_to_docx(TEXT),
        "seed.pdf": text_to_pdf(TEXT),
        "bundle.zip": bundle(),
        "locked.pdf": text_to_pdf(OTHER, encrypt="secret"),
        "scan.pdf": scanned_pdf(),
        "random.bin": bytes(rng.randrange(1, 256) for _ in range(80)),
        "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        "report.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(600),
    }


def run(inbox: Path, tmp_path: Path, **options):
    return ingest(inbox=str(inbox), lake_path=str(tmp_path / "lake"), tokens=False, workers=1, **options)


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    return query.run_sql(query.connect(Lake.at(tmp_path / "lake")), sql)[1]


def reports_of(tmp_path: Path, path: str) -> list[tuple[str, str]]:
    found = rows(tmp_path, f"select title, text from reports where source_path = '{path}' order by ordinal")
    return [(title, text.replace("\xa0", " ")) for title, text in found]  # the PDF font has no NBSP


def test_every_format_and_member_is_accounted_for(harness, tmp_path, files):
    inbox = tmp_path / "inbox"
    for name, data in files.items():
        put(inbox, name, data)
    summary = run(inbox, tmp_path)
    assert (summary.seen, summary.new, summary.members) == (len(files), len(files), 4)
    ledger = {p: (f, s) for p, f, s in rows(tmp_path, "select source_path, format, status from files")}
    assert ledger == EXPECTED
    assert not rows(tmp_path, "select source_path from files where status <> 'ok' and error is null")
    assert rows(tmp_path, "select count(*) from files where bundle_path = 'bundle.zip'") == [(4,)]

    seed = reports_of(tmp_path, "seed.txt")
    assert len(seed) == 5
    for path in ("seed.docx", "seed.pdf", "bundle.zip!/报告/seed.docx"):
        assert reports_of(tmp_path, path) == [(t, x.replace("\xa0", " ")) for t, x in seed], path
    assert reports_of(tmp_path, "bundle.zip!/inner.zip!/deep.pdf") == reports_of(tmp_path, "page.mht")
    assert rows(tmp_path, "select count(*) = count(distinct report_id) from reports") == [(True,)]
    assert rows(tmp_path, "select count(*) from all_files") == [(len(EXPECTED),)]

    again = run(inbox, tmp_path)  # nothing changed: nothing read, nothing written
    assert (again.new, again.members, again.skipped) == (0, 0, len(files))
    assert rows(tmp_path, "select count(*) from all_files") == [(len(EXPECTED),)]


def test_a_changed_bundle_supersedes_all_its_members(harness, tmp_path, files):
    inbox = tmp_path / "inbox"
    put(inbox, "bundle.zip", files["bundle.zip"])
    run(inbox, tmp_path)
    first_ids = rows(tmp_path, "select report_id from reports order by 1")

    # the docx changed, other.txt is gone, a new member came: other.txt's rows must not stay visible
    changed = bundle(
        **{"报告/seed.docx": text_to_docx(TEXT.replace("述职报告", "述职汇报", 1)), "other.txt": None}
    )
    put(inbox, "bundle.zip", zip_of({"new/added.txt": OTHER.encode(), "old.zip": changed}))
    os.utime(inbox / "bundle.zip", (1_800_000_000, 1_800_000_000))
    summary = run(inbox, tmp_path)
    assert (summary.new, summary.members) == (1, 4)
    assert sorted(p for (p,) in rows(tmp_path, "select source_path from files")) == [
        "bundle.zip",
        "bundle.zip!/new/added.txt",
        "bundle.zip!/old.zip!/../evil.txt",
        "bundle.zip!/old.zip!/inner.zip",  # a zip three deep: refused, with its reason
        "bundle.zip!/old.zip!/报告/seed.docx",
    ]
    assert not rows(tmp_path, "select * from reports where source_path like '%other.txt'")
    assert not rows(tmp_path, "select * from removals where source_path like '%other.txt'")
    assert rows(tmp_path, "select count(*) from all_reports where source_path = 'bundle.zip!/other.txt'") == [
        (1,)
    ]
    ((status, reason),) = rows(
        tmp_path, "select status, error from files where source_path like '%inner.zip'"
    )
    assert status == "quarantined" and "nested more than 2 deep" in reason
    visible = {i for (i,) in rows(tmp_path, "select report_id from reports")}
    assert visible.isdisjoint(i for (i,) in first_ids)  # new bytes, new ids


def test_archive_moves_the_bundle_and_leaves_what_needs_a_person(harness, tmp_path, files):
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    for name in ("bundle.zip", "seed.docx", "scan.pdf", "random.bin"):
        put(inbox, name, files[name])
    summary = run(inbox, tmp_path, archive=True, archive_dir=str(archive))
    assert summary.archived == 2
    assert sorted(p.name for p in archive.iterdir()) == ["bundle.zip", "seed.docx"]
    assert sorted(p.name for p in inbox.iterdir()) == ["random.bin", "scan.pdf"]  # needs_ocr, not_text
