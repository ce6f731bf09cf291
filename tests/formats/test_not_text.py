"""Bytes that decode but are no document are `not_text`; every real file, in every encoding, still reads.

The measurement of issue 9 (item 8): 200 files of 1-100 random bytes became 106 `ok` reports of garbage.
Here the same kind of files give no `ok` at all, and no real text in the tests is refused."""

from __future__ import annotations

import codecs
import doctest
import random
from pathlib import Path

import pytest

from docclean.cleaners import plausible
from docclean.cleaners.decode import decode_bytes
from docclean.cleaners.formats import extract
from docclean.cleaners.model import Document, Extracted, Refused
from docclean.cleaners.pipeline import clean_file
from tests.conftest import ROOT, SAMPLES

REAL_WORLD = sorted((ROOT / "tests" / "realworld").glob("*/raw/*"))
ENCODINGS = {
    "utf-8": b"",
    "utf-8-sig": b"",
    "gb18030": b"",
    "gbk": b"",
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "big5": b"",
}
# A one-line title and one paragraph: the shortest real report, which must never be refused.
SHORT = [
    "2023年个人工作总结\n今年以来，我认真履行岗位职责，圆满完成了各项工作任务。",
    "述职报告\n本人任职以来，团结同志，勤奋工作。",
    "工作总结\n一年来工作顺利。",
    "社區工作總結\n一年來，我們認真開展各項工作。",  # Traditional
]


def random_files(count: int = 200, seed: int = 9) -> list[bytes]:
    rng = random.Random(seed)
    return [bytes(rng.randrange(256) for _ in range(rng.randint(1, 100))) for _ in range(count)]


def test_doctests():
    assert doctest.testmod(plausible).failed == 0


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_random_bytes_never_become_a_report(rules, seed: int):
    statuses: dict[str, int] = {}
    for i, data in enumerate(random_files(seed=seed)):
        for result in clean_file(data, f"random_{i}.txt", rules, tokens=False):
            status = result.status if isinstance(result, Refused) else "ok" if result.reports else "empty"
            statuses[status] = statuses.get(status, 0) + 1
            assert status != "ok", (data, result)
    assert statuses["not_text"] > 150  # the rest: NUL bytes (quarantined), whitespace only (empty)


def real_texts() -> list[tuple[str, bytes]]:
    found = [(p.name, p.read_bytes()) for p in REAL_WORLD + SAMPLES]
    for text in [*(p.read_text(encoding="utf-8") for p in SAMPLES), *SHORT]:
        for codec, bom in ENCODINGS.items():
            try:
                found.append((f"{text[:8]}…:{codec}", bom + text.encode(codec)))
            except UnicodeEncodeError:  # NBSP and the like have no GBK/Big5 form: not a real file then
                continue
    found += [
        ("no BOM, LE", SHORT[2].encode("utf-16-le")),
        ("no BOM, BE", SHORT[2].encode("utf-16-be")),
    ]
    return found


@pytest.mark.parametrize(("name", "data"), real_texts(), ids=lambda v: v if isinstance(v, str) else "")
def test_real_text_is_never_refused(name: str, data: bytes):
    [source] = extract(data, name if name.endswith((".txt", ".html")) else "file.txt")
    assert isinstance(source, Extracted), source
    assert plausible.not_text_reason(source.text, source.markup) is None


@pytest.mark.parametrize("text", SHORT)
def test_a_title_and_one_paragraph_is_a_report(rules, text: str):
    [doc] = clean_file(text.encode("gb18030"), "short.txt", rules, tokens=False)
    assert isinstance(doc, Document) and len(doc.reports) == 1


def test_utf16_without_bom_takes_the_byte_order_that_reads():
    for codec in ("utf-16-le", "utf-16-be"):
        text, found, *_ = decode_bytes(SHORT[2].encode(codec))
        assert (text, found) == (SHORT[2], codec)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"ok\n", "too little text"),
        ("测试".encode(), "too little text"),
        (b"----------\n" * 50, "too little text"),
        (bytes(range(1, 32)) * 3 + "正文".encode(), "control, private-use"),
        ((("工作" + "擤隳喽钅鼐鳏瘥") * 4).encode("gb18030"), "common ones"),
    ],
)
def test_not_text_says_why(data: bytes, reason: str):
    [refused] = extract(data, "x.txt")
    assert isinstance(refused, Refused) and refused.status == "not_text"
    assert reason in refused.reason and "\n" not in refused.reason


def test_blank_and_html_pages_are_not_judged_by_their_markup():
    [blank] = extract(b" \n\t\n", "blank.txt")  # blank: `empty` once cleaned, not garbage
    assert isinstance(blank, Extracted)
    page = "<html><body><h1>工作总结</h1><p>一年来工作顺利，完成了各项任务。</p></body></html>"
    [source] = extract(page.encode(), "page.html")
    assert isinstance(source, Extracted) and source.markup == "html"


def test_the_measured_real_sets_exist():
    assert len(REAL_WORLD) >= 30 and Path(ROOT / "tests" / "realworld").is_dir()
