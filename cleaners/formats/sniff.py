"""Which formats exist, and which one a file is: by its content first, its name only where content is silent.

A `.doc` that is really a DOCX or an HTML page, a `.txt` that is really a PDF, a `.html` that is an MHTML
save: each is read as what it is. READ names the formats docclean reads (with the reader of each);
NOT_READ those it recognises and refuses, with the status and the reason a user is given.
"""

from __future__ import annotations

import io
import re
import zipfile

from docclean.cleaners.decode import MAGIC

READ = {  # format -> "module:function" in cleaners.formats, imported when first needed
    "text": "text:read_text",
    "html": "text:read_text",
    "mhtml": "mhtml:read_mhtml",
    "docx": "docx:read_docx",
    "pdf": "pdf:read_pdf",
    "zip": "bundle:read_bundle",
}
PICTURE = "docclean reads text, not pictures (OCR is not part of docclean)"
CONVERT = "open it in Word, WPS or LibreOffice and save it as .docx (or .pdf), then add that"
NOT_READ = {  # format -> (status, reason)
    "doc": ("unsupported", f"Word 97-2003 .doc: no maintained reader installs from PyPI; {CONVERT}"),
    "wps": ("unsupported", f"WPS Writer .wps: no maintained reader installs from PyPI; {CONVERT}"),
    "rtf": ("unsupported", f"RTF document: not read yet; {CONVERT}"),
    "office-encrypted": ("encrypted", "password-protected Office document; save a copy without the password"),
    "xls": ("unsupported", "Excel workbook: not a report; docclean reads documents"),
    "xlsx": ("unsupported", "Excel workbook: not a report; docclean reads documents"),
    "ppt": ("unsupported", "PowerPoint file: docclean reads documents; save it as PDF"),
    "pptx": ("unsupported", "PowerPoint file: docclean reads documents; save it as PDF"),
    "epub": ("unsupported", "EPUB e-book: not read (its well-known Python reader is AGPL-licensed)"),
    "ofd": ("unsupported", "OFD document: not read; export it as PDF"),
    "ole": ("unsupported", "OLE2 compound file that is not a Word document"),
    "7z": ("unsupported", "7z archive: no permissively licensed reader; re-pack it as .zip"),
    "rar": ("unsupported", "RAR archive: its reader needs the unrar program; re-pack it as .zip"),
    "gzip": ("unsupported", "gzip archive: re-pack it as .zip"),
    "png": ("unsupported", f"binary content: PNG image; {PICTURE}"),
    "jpeg": ("unsupported", f"binary content: JPEG image; {PICTURE}"),
    "gif": ("unsupported", f"binary content: GIF image; {PICTURE}"),
    "executable": ("quarantined", "binary content: an executable program, not a document"),
}
KINDS_BY_MAGIC = {  # cleaners.decode.MAGIC's names -> formats
    "RTF document": "rtf",
    "PNG image": "png",
    "JPEG image": "jpeg",
    "GIF image": "gif",
    "gzip archive": "gzip",
    "RAR archive": "rar",
    "7z archive": "7z",
    "executable": "executable",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_WINDOW = 1024  # the PDF header may follow some junk (the spec allows it, readers accept it)
OLE_STREAMS = (
    ("EncryptedPackage", "office-encrypted"),
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
)
MHTML_HEAD = re.compile(
    rb"^(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?(?:MIME-Version:|Content-Type:\s*multipart/related)", re.I
)
MHTML_SUFFIXES = (".mht", ".mhtml")


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "docx" if name.lower().endswith((".docx", ".docm", ".dotx", ".dotm")) else "zip"
    if "word/document.xml" in names or (
        "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    ):
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and "META-INF/container.xml" in names:
        return "epub"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def _ole_kind(data: bytes, name: str) -> str:
    for stream, kind in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:  # directory entries name their streams in UTF-16
            return "wps" if kind == "doc" and name.lower().endswith((".wps", ".wpt")) else kind
    return "ole"


def sniff(data: bytes, name: str) -> str:
    """The format of `data`: a key of READ or NOT_READ."""
    if b"%PDF-" in data[:PDF_WINDOW]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, name)
    if data.startswith(OLE2):
        return _ole_kind(data, name)
    for magic, kind in MAGIC:
        if data.startswith(magic) and kind in KINDS_BY_MAGIC:
            return KINDS_BY_MAGIC[kind]
    head = data[:4096].lstrip().replace(b"\r\n", b"\n")
    if MHTML_HEAD.match(head) or (name.lower().endswith(MHTML_SUFFIXES) and b"Content-Type:" in head):
        return "mhtml"
    return "text"  # text or HTML: told apart once decoded (cleaners.formats.text)
