"""What each reader takes from its format: detection by content, DOCX tables, text boxes and headers, PDF
running headers; and `docclean clean` on a bundle."""

from __future__ import annotations

import pytest

from docclean.cleaners.formats import extract, sniff
from docclean.cleaners.model import Extracted
from docclean.cleaners.pipeline import clean_source
from docclean.flows.cli import main
from tests.formats.builders import (
    docx,
    html_to_mhtml,
    paragraph,
    text_to_docx,
    text_to_html,
    text_to_pdf,
    zip_of,
)

TEXT = "某某局2023年工作总结\n一年来，我局认真履行职责，较好完成了各项工作任务。\n"
BODY = "一年来，我局认真履行职责，较好完成了各项工作任务，各项指标全面完成，群众满意度持续提升。" * 3


@pytest.mark.parametrize(
    ("name", "make", "fmt"),
    [
        ("really-docx.doc", lambda: text_to_docx(TEXT), "docx"),
        ("really-html.doc", lambda: text_to_html(TEXT).encode("gbk"), "html"),
        ("really-pdf.txt", lambda: text_to_pdf(TEXT), "pdf"),
        ("really-mhtml.html", lambda: html_to_mhtml(text_to_html(TEXT)), "mhtml"),
        ("plain.docx", lambda: TEXT.encode("gb18030"), "text"),
    ],
)
def test_format_is_detected_by_content_not_by_suffix(name, make, fmt):
    [source] = extract(make(), name)
    assert isinstance(source, Extracted) and source.format == fmt and "较好完成了各项工作任务" in source.text


def test_mhtml_base64_and_utf8_reads_like_quoted_printable_gb18030():
    page = text_to_html(TEXT).replace('charset="gbk"', 'charset="utf-8"')
    [a] = extract(html_to_mhtml(page, "utf-8", "base64"), "a.mht")
    [b] = extract(html_to_mhtml(text_to_html(TEXT)), "b.mht")
    assert (a.markup, a.encoding, b.encoding) == ("html", "utf-8", "gb18030") and a.text.count("<p>") == 3
    assert sniff(html_to_mhtml(page), "x.txt") == "mhtml"


W_TBL = (
    "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"
)
TEXT_BOX = (
    '<w:p><w:r><w:t>正文段落。</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
    'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{box}</w:txbxContent>'
    "</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r></w:p>"
)


def test_docx_tables_are_rows_of_tab_separated_cells_and_text_boxes_follow_their_paragraph():
    table = W_TBL.format(
        paragraph("姓名"), paragraph("职务"), paragraph("张三") + paragraph("（兼）"), paragraph("书记")
    )
    body = paragraph("标题") + table + TEXT_BOX.format(box=paragraph("文本框里的话")) + paragraph("结尾。")
    [source] = extract(docx(body), "t.docx")
    assert source.text.split("\n") == [
        "标题",
        "姓名\t职务",
        "张三 （兼）\t书记",
        "正文段落。",
        "文本框里的话",
        "结尾。",
    ]


def test_docx_header_repeated_by_each_section_is_furniture_after_its_first_time(rules):
    def section(n: int) -> str:
        refs = '<w:headerReference w:type="default" r:id="rIdH1"/>'
        return paragraph(f"第{n}节正文：{BODY}") + f"<w:p><w:pPr><w:sectPr>{refs}</w:sectPr></w:pPr></w:p>"

    body = (
        section(1)
        + section(2)
        + paragraph(BODY)
        + '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/></w:sectPr>'
    )
    # a header no rule knows (a site's name with its address is chrome to the rules already): only its
    # repetition makes it furniture
    [source] = extract(docx(body, {"rIdH1": paragraph("某某公司年度工作资料汇编")}), "s.docx")
    lines = source.text.split("\n")
    assert lines.count("某某公司年度工作资料汇编") == 3
    assert [(r.rule_id, r.line_no) for r in source.furniture] == [
        ("docx_repeated_header", n) for n, line in enumerate(lines, 1) if line.startswith("某某公司年度")
    ][1:]
    doc = clean_source(source, rules, tokens=False)
    assert sum(1 for r in doc.removals if r.rule_id == "docx_repeated_header") == 2


def test_pdf_running_header_on_every_page_is_furniture_each_time(rules):
    paragraphs = tuple(BODY[i * 3 :] + BODY[: i * 3] for i in range(30))  # thirty different paragraphs
    text = "\n".join(["某某单位2023年度述职报告", *paragraphs])
    [source] = extract(text_to_pdf(text, header="某某单位内部资料 仅供参考"), "h.pdf")
    headers = [r for r in source.furniture if r.rule_id == "pdf_running_line"]
    pages = source.text.count("某某单位内部资料")
    assert len(headers) == pages >= 3 and len({r.line_no for r in headers}) == pages
    doc = clean_source(source, rules, tokens=False)
    assert "某某单位内部资料" not in doc.cleaned_text
    assert doc.reports[0].paragraphs == paragraphs  # rejoined across the page breaks


def test_clean_command_names_each_member_of_a_bundle(capsys):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "下载.zip"
        bundle.write_bytes(
            zip_of(
                {"报告/a.docx": text_to_docx(TEXT), "x.png": b"\x89PNG\r\n\x1a\n" + bytes(8)}, gbk_names=True
            )
        )
        assert main(["clean", "--no-tokens", str(bundle)]) == 0
    out, err = capsys.readouterr()
    assert f"== {bundle}!/报告/a.docx  [docx, utf-8 1.00]" in out and "某某局2023年工作总结" in out
    assert f"{bundle}!/x.png: unsupported (png)" in err


def test_pdfs_read_in_several_threads_at_once_do_not_crash_the_process():
    """PDFium is not thread-safe: a small run cleans its shards in threads of one process, and two PDFs
    read at once crashed it (SIGSEGV). In a subprocess, so that a crash fails this test only."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import threading\n"
        "from pathlib import Path\n"
        "from docclean.cleaners.formats import extract\n"
        f"data = Path({str(ROOT / 'data' / 'samples' / '004_ee58601975a31a3a.pdf')!r}).read_bytes()\n"
        "work = lambda: [extract(data, 'x.pdf') for _ in range(3)]\n"
        "threads = [threading.Thread(target=work) for _ in range(4)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
