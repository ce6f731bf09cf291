"""Files that give no text: each gets a status and a one-line reason, the others in a bundle go on, and
nothing is written anywhere while reading them."""

from __future__ import annotations

import builtins
import io
import tempfile
import zipfile

import pytest

from docclean.cleaners.formats import LIMITS, STATUSES, Limits, extract
from docclean.cleaners.formats.archive import Budget
from docclean.cleaners.model import Extracted, Refused
from tests.formats.builders import docx, paragraph, scanned_pdf, text_to_docx, text_to_pdf, zip_of

TEXT = "某某述职报告\n一年来认真履职，较好完成了各项工作任务。\n"


def zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (40 * 1024 * 1024))
    return out.getvalue()


def corrupt_mhtml() -> bytes:
    return (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--B"
    )


BAD = {
    "truncated.docx": (lambda: text_to_docx(TEXT)[:600], "quarantined", "truncated or corrupt"),
    "bomb.docx": (zip_bomb_docx, "quarantined", "zip bomb"),
    "locked.pdf": (lambda: text_to_pdf(TEXT, encrypt="secret"), "encrypted", "password"),
    "scan.pdf": (scanned_pdf, "needs_ocr", "OCR"),
    "broken.mht": (corrupt_mhtml, "quarantined", "no HTML part"),
    "old.doc": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(600),
        "unsupported",
        "save it as .docx",
    ),
    "bundle.7z": (lambda: b"7z\xbc\xaf\x27\x1c" + bytes(40), "unsupported", ".zip"),
}


@pytest.fixture
def no_writes(monkeypatch):
    """Reading must not write a file anywhere: no extraction to disk, no temporary files."""
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            raise AssertionError(f"wrote {file}")
        return real_open(file, mode, *args, **kwargs)

    def refuse(*args, **kwargs):
        raise AssertionError("touched the file system")

    monkeypatch.setattr(builtins, "open", guarded_open)
    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_gets_a_status_and_a_one_line_reason(name: str, no_writes):
    make, status, says = BAD[name]
    data = make()
    [source] = extract(data, name)
    assert isinstance(source, Refused) and source.path == name
    assert (source.status, source.status in STATUSES) == (status, True)
    assert says in source.reason and "\n" not in source.reason and len(source.reason) < 300


def test_every_bad_file_in_a_bundle_is_named_and_the_good_ones_go_on(no_writes):
    members = {name: make() for name, (make, _, _) in BAD.items()} | {"good/报告.txt": TEXT.encode("gb18030")}
    sources = extract(zip_of(members), "drop.zip")
    assert [s.path for s in sources] == [f"drop.zip!/{name}" for name in members]
    *bad, good = sources
    assert [(s.status, BAD[s.path.split("!/")[1]][1]) for s in bad] == [(BAD[n][1], BAD[n][1]) for n in BAD]
    assert isinstance(good, Extracted) and good.text == TEXT and good.encoding == "gb18030"


def test_zip_member_with_dotdot_or_absolute_path_is_refused_the_rest_read(no_writes):
    sources = extract(
        zip_of({"../../etc/evil.txt": b"x", "/abs.txt": b"y", "ok.txt": TEXT.encode()}), "b.zip"
    )
    assert [(s.path, getattr(s, "status", "ok")) for s in sources] == [
        ("b.zip!/../../etc/evil.txt", "quarantined"),
        ("b.zip!//abs.txt", "quarantined"),
        ("b.zip!/ok.txt", "ok"),
    ]
    assert "'..'" in sources[0].reason and "absolute" in sources[1].reason


def test_zip_in_a_zip_is_read_one_level_deeper_is_refused(no_writes):
    inner = zip_of({"deep.txt": TEXT.encode()})
    middle = zip_of({"c.zip": inner, "mid.txt": TEXT.encode()})
    sources = extract(zip_of({"b.zip": middle}), "a.zip")
    assert [s.path for s in sources] == ["a.zip!/b.zip!/c.zip", "a.zip!/b.zip!/mid.txt"]
    assert sources[0].status == "quarantined" and f"more than {LIMITS.max_depth} deep" in sources[0].reason
    assert isinstance(sources[1], Extracted)


def test_too_many_members_refuse_the_bundle(no_writes):
    many = zip_of({f"{i}.txt": b"x" for i in range(LIMITS.max_members + 1)})
    [source] = extract(many, "many.zip")
    assert source.status == "quarantined" and "members" in source.reason


def test_a_bundle_that_unpacks_past_the_total_budget_stops(no_writes):
    budget = Budget(Limits(max_total_bytes=5000))  # the shipped limit is 256 MiB: the same check, smaller
    sources = extract(
        zip_of({f"{i}.txt": (TEXT * 40).encode()[:2000] for i in range(4)}), "big.zip", budget=budget
    )
    assert [getattr(s, "status", "ok") for s in sources] == ["ok", "ok", "quarantined", "quarantined"]
    assert "MiB once unpacked" in sources[2].reason


def test_docx_xml_entities_are_not_expanded(no_writes):
    bomb = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    data = docx(paragraph("正文"))
    data = data.replace(b"<?xml", b"<?xml", 1)
    [source] = extract(
        data.replace(b'standalone="yes"?>', b'standalone="yes"?>' + bomb.encode(), 1), "e.docx"
    )
    assert isinstance(source, Extracted) and source.text == "正文"
