"""Documents made from plain text, the way 文库 sites deliver them: DOCX with a watermark in the page header,
PDF wrapped by the page width with a page-number footer (reportlab's built-in CID font STSong-Light: no font
file needed, and not embedded, as in many Chinese PDFs), MHTML and zip bundles. Used by the tests and by
scripts/make_format_samples.py."""

from __future__ import annotations

import base64
import html
import io
import quopri
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WATERMARK = "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' if text else "<w:p/>"


def docx(
    body_xml: str, headers: dict[str, str] | None = None, footers: dict[str, str] | None = None
) -> bytes:
    """A DOCX package: `body_xml` is the inside of <w:body> (it may hold sectPr references to the parts
    `rIdH…`/`rIdF…` named in headers/footers: id -> the inside of <w:hdr>/<w:ftr>)."""
    headers, footers = headers or {}, footers or {}
    rels = "".join(f'<Relationship Id="{rid}" Type="{R}/header" Target="h_{rid}.xml"/>' for rid in headers)
    rels += "".join(f'<Relationship Id="{rid}" Type="{R}/footer" Target="f_{rid}.xml"/>' for rid in footers)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        z = _Fixed(zf)
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body_xml}</w:body></w:document>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for rid, xml in headers.items():
            z.writestr(f"word/h_{rid}.xml", f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">{xml}</w:hdr>')
        for rid, xml in footers.items():
            z.writestr(f"word/f_{rid}.xml", f'<w:ftr xmlns:w="{W}" xmlns:r="{R}">{xml}</w:ftr>')
    return out.getvalue()


class _Fixed:
    """Writes members with a fixed date: the same text gives the same bytes (committed samples, bench)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf

    def writestr(self, name: str, data: str | bytes) -> None:
        info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zf.writestr(info, data)


def text_to_docx(text: str, watermark: str = WATERMARK) -> bytes:
    """One paragraph per line, the watermark in the page header, a page-number field in the footer."""
    body = "".join(paragraph(line) for line in text.split("\n"))
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:footerReference w:type="default" r:id="rIdF1"/></w:sectPr>'
    footer = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return docx(body + sect, {"rIdH1": paragraph(watermark)}, {"rIdF1": footer})


def text_to_pdf(
    text: str,
    *,
    size: float = 11,
    leading: float = 16,
    footer: str = "- {page} -",
    header: str = "",
    encrypt: str | None = None,
) -> bytes:
    """A4 pages of text wrapped at the page width, first lines indented by two characters, a footer (and a
    running header; a user password with `encrypt`)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    out = io.BytesIO()
    page = canvas.Canvas(
        out, pagesize=A4, invariant=True, encrypt=encrypt
    )  # invariant: same bytes every time
    width, height = A4
    margin = 72
    state = {"page": 1, "y": height - margin}

    def new_page() -> None:
        page.setFont(font, 9)
        page.drawCentredString(width / 2, 40, footer.format(page=state["page"]))
        if header:
            page.drawString(margin, height - 40, header)
        page.showPage()
        state["page"] += 1
        state["y"] = height - margin

    for line in text.split("\n"):
        line = line.strip().replace("\xa0", " ")  # STSong-Light has no glyph for NBSP: the page shows a space
        if not line:
            continue
        indent, row, used = 2 * size, "", 0.0
        rows = []
        for char in line:
            advance = pdfmetrics.stringWidth(char, font, size)
            # a space never starts a line: it hangs at the end of the one it follows, as in Word
            if row and char != " " and used + advance > width - 2 * margin - indent * (not rows):
                rows.append(row)
                row, used = "", 0.0
            row += char
            used += advance
        rows.append(row)
        for k, row in enumerate(rows):
            if state["y"] < margin:
                new_page()
            page.setFont(font, size)
            page.drawString(margin + (indent if k == 0 else 0), state["y"], row)
            state["y"] -= leading
    new_page()
    page.save()
    return out.getvalue()


def html_to_mhtml(page: str, charset: str = "gb18030", encoding: str = "quoted-printable") -> bytes:
    """A browser's single-file save: the page (in `charset`, quoted-printable or base64), an image, a script."""
    body = page.encode(charset)
    payload = quopri.encodestring(body) if encoding == "quoted-printable" else base64.encodebytes(body)
    parts = [
        b"From: <Saved by Blink>\r\nSubject: =?utf-8?Q?page?=\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----BOUNDARY"\r\n\r\n',
        b'------BOUNDARY\r\nContent-Type: text/html; charset="' + charset.encode() + b'"\r\n'
        b"Content-Transfer-Encoding: "
        + encoding.encode()
        + b"\r\nContent-Location: https://example.com/a.html\r\n\r\n",
        payload.replace(b"\n", b"\r\n"),
        b"\r\n",
        b"------BOUNDARY\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
        + b"\r\n",
        b"------BOUNDARY\r\nContent-Type: application/javascript\r\n\r\nalert('advert');\r\n",
        b"------BOUNDARY--\r\n",
    ]
    return b"".join(parts)


def text_to_html(text: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    return f'<!DOCTYPE html><html><head><meta charset="gbk"><title>范文网</title></head><body><div class="article">{body}</div></body></html>'


class _GbkName(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes without the UTF-8 flag (zipfile would write UTF-8)."""

    def _encodeFilenameFlags(self):  # noqa: N802  (zipfile's own hook)
        return self.filename.encode("gbk"), self.flag_bits


def zip_of(members: dict[str, bytes], *, gbk_names: bool = False) -> bytes:
    """A zip bundle; `gbk_names` stores names as GBK bytes without the UTF-8 flag, as Chinese Windows tools do."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = (_GbkName if gbk_names else zipfile.ZipInfo)(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only pictures (a scan): no text layer at all."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=True)
    for _ in range(pages):
        page.drawImage(ImageReader(Image.new("L", (200, 280), 200)), 50, 50, 400, 560)
        page.showPage()
    page.save()
    return out.getvalue()
