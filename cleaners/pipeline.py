"""One raw file's bytes to a Document: decode, extract HTML text, clean, segment, describe, tokenise."""

from __future__ import annotations

from docclean.cleaners import html
from docclean.cleaners.decode import decode_bytes
from docclean.cleaners.document import build_document
from docclean.cleaners.model import Decoded, Document
from docclean.cleaners.rules import RuleSet

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


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
