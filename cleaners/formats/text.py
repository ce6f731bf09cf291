"""Plain text and HTML pages: bytes decoded (cleaners.decode), HTML told apart by suffix or by content, and
bytes that decode but are no document (random data) refused as `not_text` (cleaners.plausible)."""

from __future__ import annotations

from docclean.cleaners import html
from docclean.cleaners.decode import decode_bytes
from docclean.cleaners.errors import Refusal
from docclean.cleaners.formats.archive import Budget
from docclean.cleaners.model import Extracted
from docclean.cleaners.plausible import not_text_reason

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def read_text(data: bytes, path: str, budget: Budget | None = None) -> Extracted:
    """Raises cleaners.errors.BinaryContent for bytes that are no text, a `not_text` Refusal for text that
    is not plausibly a document."""
    by_suffix = path.lower().endswith(HTML_SUFFIXES)
    text, codec, confidence, replaced = decode_bytes(data, html=by_suffix or data.lstrip()[:1] == b"<")
    markup = "html" if by_suffix or html.looks_like_html(text) else "text"
    if reason := not_text_reason(text, markup):
        raise Refusal("not_text", f"not a document: {reason}")
    return Extracted(path, markup, text, markup, codec, confidence, replaced)
