"""Bytes to text: BOMs, strict UTF-8, detection for legacy encodings, binary files named, never a crash."""

from __future__ import annotations

import codecs

import pytest

from docclean.cleaners.decode import decode_bytes, detect_encoding
from docclean.cleaners.errors import BinaryContent
from tests.conftest import SAMPLES, sample_text

TEXT = sample_text(SAMPLES[3])


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "gbk", "gb18030"],
)
def test_every_encoding_gives_the_same_text(data: bytes, codec: str):
    text, found, confidence, replaced = decode_bytes(data)
    assert text == TEXT
    assert found == codec
    assert replaced == 0
    assert 0 < confidence <= 1


def test_gb2312_detections_decode_as_gb18030_so_rare_characters_survive():
    # 镕 and 堃 are outside GB2312; a GB2312 decoder would turn them into replacement characters.
    data = ("朱镕基同志、王堃同志的讲话精神。" * 20).encode("gb18030")
    text, codec, _, replaced = decode_bytes(data)
    assert codec == "gb18030" and replaced == 0 and "镕" in text


def test_crlf_and_cr_line_ends_become_newlines():
    text, *_ = decode_bytes("一、总结\r\n内容。\r二、问题\n".encode())
    assert text == "一、总结\n内容。\n二、问题\n"


def test_broken_bytes_become_counted_replacement_characters():
    data = "第一段内容。\n".encode("gb18030") * 50 + b"\xff\xff\n" + "结尾。".encode("gb18030")
    text, codec, _, replaced = decode_bytes(data)
    assert replaced >= 1 and "\ufffd" in text and "结尾。" in text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "OLE2"),
        (b"abc\x00\x00\x00\x01\x02def" * 10, "NUL"),
    ],
)
def test_binary_content_raises_a_named_error(data: bytes, kind: str):
    with pytest.raises(BinaryContent, match=kind):
        decode_bytes(data)


def test_html_meta_charset_is_honoured():
    page = '<html><head><meta charset="gb2312"></head><body><p>述职报告</p></body></html>'
    assert detect_encoding(page.encode("gb18030"), html=True)[0] == "gb18030"


def test_wrong_html_declaration_falls_back_to_detection():
    page = (
        '<html><head><meta charset="utf-8"></head><body><p>'
        + "党建工作述职报告。" * 30
        + "</p></body></html>"
    )
    assert detect_encoding(page.encode("gb18030"), html=True)[0] == "gb18030"


def test_empty_input_is_empty_text():
    assert decode_bytes(b"")[0] == ""


# --- the GB18030 fast path: plain Chinese GB text skips chardet, look-alike encodings still reach it ---


def test_plain_gb18030_chinese_is_read_without_chardet(monkeypatch: pytest.MonkeyPatch):
    def no_detection(_data: bytes) -> dict:
        raise AssertionError("chardet must not run on plain GB18030 Chinese")

    monkeypatch.setattr("cleaners.decode.chardet.detect", no_detection)
    text, codec, confidence, replaced = decode_bytes(TEXT.encode("gb18030"))
    assert (text, codec, replaced) == (TEXT, "gb18030", 0) and confidence > 0.9


TRADITIONAL = (
    "關於加強黨的建設工作的報告。我們認真學習貫徹會議精神，圍繞中心工作，紮實推進各項任務，取得了顯著成效。"
    * 5
)
JAPANESE = (
    "本年度の業務報告について、私たちは会議の精神を真剣に学び、各種の任務を着実に推進し、顕著な成果を上げました。"
    * 5
)
KOREAN = (
    "올해 우리 부서는 업무 보고서를 작성하고 주요 성과를 정리하였습니다. 회사의 발전을 위하여 모든 직원이 최선을 다했습니다."
    * 5
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [(TRADITIONAL, "big5"), (JAPANESE, "shift_jis"), (JAPANESE, "euc-jp"), (KOREAN, "euc-kr")],
    ids=["big5", "shift-jis", "euc-jp", "euc-kr"],
)
def test_encodings_that_also_decode_as_gb18030_are_not_misread(text: str, codec: str):
    data = text.encode(codec)
    data.decode("gb18030")  # the trap: these bytes are valid GB18030 too
    decoded, found, *_ = decode_bytes(data)
    assert decoded == text, found


def test_short_gb18030_text_still_decodes():
    data = "述职报告。".encode("gb18030")
    assert decode_bytes(data)[:2] == ("述职报告。", "gb18030")
