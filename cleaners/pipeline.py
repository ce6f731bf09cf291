"""One raw file's bytes to a Document: decode, extract HTML text, clean, segment, describe, tokenise."""

from __future__ import annotations

import posixpath

from docclean.cleaners import html
from docclean.cleaners.decode import decode_bytes
from docclean.cleaners.document import build_document
from docclean.cleaners.model import Decoded, Document
from docclean.cleaners.rules import RuleSet

# The one place that says which files docclean reads, and as what (cleaners/formats will extend it).
FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
HTML_SUFFIXES = tuple(suffix for suffix, kind in FORMATS.items() if kind == "html")


def format_of(name: str) -> str | None:
    """'text' or 'html' for a file name docclean reads (by its suffix, any case), else None.

    >>> format_of("a/b.HTM"), format_of("notes.md")
    ('html', None)
    """
    return FORMATS.get(posixpath.splitext(name)[1].lower())


def decode_document(data: bytes, source_path: str, rules: RuleSet) -> Decoded:
    """Bytes to Decoded text; HTML (by suffix or by sniffing) has its chrome dropped and text extracted.

    Raises cleaners.errors.BinaryContent for binary files.
    """
    by_suffix = source_path.lower().endswith(HTML_SUFFIXES)
    text, codec, confidence, replaced = decode_bytes(data, html=by_suffix or data.lstrip()[:1] == b"<")
    if by_suffix or html.looks_like_html(text):
        body, chrome = html.extract_text(text, rules)
        return Decoded(body, "html", codec, confidence, replaced, chrome)
    return Decoded(text, "text", codec, confidence, replaced)


def clean_bytes(data: bytes, source_path: str, rules: RuleSet, *, tokens: bool = True) -> Document:
    """The whole core for one file. `tokens=False` skips jieba (the slowest stage)."""
    decoded = decode_document(data, source_path, rules)
    if not tokens:
        return build_document(source_path, decoded, rules)
    from docclean.cleaners.tokens import (  # jieba loads its dictionary lazily, only when needed
        keywords,
        tokenize,
    )

    return build_document(source_path, decoded, rules, tokenize, keywords)
