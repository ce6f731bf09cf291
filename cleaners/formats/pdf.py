"""PDF text layers to lines, page by page, in the reading order of the page's text.

pypdfium2 (PDFium) reads it: ≈10x faster than pdfminer.six on the same files (README, "Formats"). One
weakness is measured and covered: a text object in a font that is neither embedded nor installed (common
in Chinese PDFs: STSong-Light, SimSun) gets no glyph box from PDFium, and when the object holds a single
character (a `。` or `】` wrapped onto a line of its own) PDFium drops it. A page with such an object is
read with pdfminer.six instead, which takes widths from the PDF itself.

A line indented on the page gets its indent back as ideographic spaces (one per font size of offset):
the reflow detector reads an indent as a paragraph start and counts it in a line's printed width.
Running headers, footers and page numbers come back as page-furniture Removals (cleaners.formats.pages).
"""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docclean.cleaners.errors import Refusal
from docclean.cleaners.formats.archive import Budget
from docclean.cleaners.formats.pages import join_pages
from docclean.cleaners.model import Extracted

INDENT = "\u3000"
MAX_INDENT = 40
FULL_SLACK = 1.0  # font sizes: a line ending this close to the text's right edge fills the width
NO_WIDTH = 0.01  # points: a text object this narrow has no glyph box
LOCKED = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)

Row = tuple[float, float, float, str]  # left and right edges, font size, text
# PDFium is not thread-safe, not even across documents (pypdfium2's documentation): two shards cleaned in
# threads of one process (a small run) reading PDFs at once crashed the process (SIGSEGV). One at a time.
_PDFIUM = threading.Lock()


def _layout(rows: list[Row]) -> tuple[list[str], set[int]]:
    """Rows as lines, an indent (offset from the page's left text edge) as ideographic spaces; and the
    indices of the lines that reach the page's right text edge."""
    filled = [(left, right) for left, right, _, text in rows if text.strip()]
    margin = min((left for left, _ in filled), default=0.0)
    edge = max((right for _, right in filled), default=0.0)
    lines, full = [], set()
    for i, (left, right, size, text) in enumerate(rows):
        cells = round((left - margin) / size) if size > 0 and text.strip() else 0
        lines.append(INDENT * min(max(cells, 0), MAX_INDENT) + text.lstrip())
        if size > 0 and text.strip() and right >= edge - FULL_SLACK * size:
            full.add(i)
    return lines, full


def _ending_space_kept(row: str) -> str:
    """The row without trailing layout, but with the one space a line wrapped after (the reflow keeps it
    when it joins the next line: `落实 ` + `“三会一课”` is `落实 “三会一课”`)."""
    text = row.rstrip()
    return text + " " if text and row[len(text) :].startswith(" ") else text


def _drops_text(page: pdfium.PdfPage) -> bool:
    """Does PDFium skip text on this page (a text object without a glyph box, see the docstring)?"""
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        left, _, right, _ = obj.get_bounds()
        if right - left < NO_WIDTH:
            return True
    return False


def _pdfium_rows(page: pdfium.PdfPage) -> list[Row]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        exact = len(text) == textpage.count_chars()  # one character per char index: boxes line up
        rows: list[Row] = []
        start = 0
        for row in text.split("\r\n"):
            lead = len(row) - len(row.lstrip())
            if exact and row.strip():
                left = textpage.get_charbox(start + lead)[0]
                right = textpage.get_charbox(start + len(row.rstrip()) - 1)[2]
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, start + lead)
                rows.append((left, right, size, _ending_space_kept(row)))
            else:
                rows.append((0.0, 0.0, 0.0, row.rstrip()))
            start += len(row) + 2
        return rows
    finally:
        textpage.close()


def _pdfminer_pages(data: bytes, wanted: set[int]) -> dict[int, list[Row]]:
    from pdfminer.high_level import extract_pages  # loaded only for the pages PDFium cannot read
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    out: dict[int, list[Row]] = {}
    for number, layout in zip(
        sorted(wanted),
        extract_pages(io.BytesIO(data), page_numbers=wanted, laparams=LAParams()),
        strict=False,
    ):
        rows: list[Row] = []
        for box in layout:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        size = next((c.size for c in line if isinstance(c, LTChar)), 0.0)
                        rows.append(
                            (line.x0, line.x1, size, _ending_space_kept(line.get_text().rstrip("\r\n")))
                        )
        out[number] = rows
    return out


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in LOCKED:
            raise Refusal(
                "encrypted", "password-protected PDF; remove the password (print to PDF) and add it again"
            ) from None
        raise Refusal("quarantined", f"corrupt PDF ({exc})") from None


def _pdfium_pages(data: bytes) -> tuple[list[list[Row]], set[int]]:
    """Every page's rows as PDFium reads them, and the pages where it drops text."""
    with _PDFIUM:
        pdf = _open(data)
        try:
            rows, fallback = [], set()
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    if _drops_text(page):
                        fallback.add(index)
                    rows.append(_pdfium_rows(page))
                finally:
                    page.close()
        finally:
            pdf.close()
    return rows, fallback


def read_pdf(data: bytes, path: str, budget: Budget) -> Extracted:
    rows, fallback = _pdfium_pages(data)
    if fallback:
        for index, page_rows in _pdfminer_pages(data, fallback).items():
            rows[index] = page_rows
    laid_out = [_layout(page_rows) for page_rows in rows]
    pages = [lines for lines, _ in laid_out]
    if not any(line.strip() for page in pages for line in page):
        raise Refusal(
            "needs_ocr",
            f"PDF without a text layer ({len(pages)} page(s): a scan?); run OCR on it "
            "(e.g. ocrmypdf) and add the result",
        )
    text, furniture = join_pages(pages)
    budget.take(len(text), "PDF text")
    full: set[int] = set()  # line numbers of the whole text
    first = 1
    for lines, page_full in laid_out:
        full.update(first + i for i in page_full)
        first += len(lines)
    return Extracted(path, "pdf", text, "text", "", furniture=furniture, full_width=frozenset(full))
