"""One raw file's bytes to Documents: read its format, decode, extract HTML text, clean, segment, describe,
tokenise. A document gives one Document; a zip bundle one per member; what gives no text a Refused."""

from __future__ import annotations

from docclean.cleaners import html
from docclean.cleaners.document import build_document
from docclean.cleaners.errors import Refusal, UnreadableInput
from docclean.cleaners.formats import extract
from docclean.cleaners.formats.text import HTML_SUFFIXES
from docclean.cleaners.model import Decoded, Document, Extracted, Refused
from docclean.cleaners.rules import RuleSet

__all__ = ["HTML_SUFFIXES", "as_decoded", "clean_bytes", "clean_file", "clean_source", "decode_source"]

# What is read at all, and as what, is said in one place: cleaners.formats.sniff (READ and NOT_READ).


def as_decoded(source: Extracted) -> Decoded:
    """An extracted source's text as it stands (markup, if any, still in it), with what its reader knew."""
    return Decoded(
        source.text,
        source.format,
        source.encoding,
        source.confidence,
        source.replacement_chars,
        furniture=source.furniture,
        full_width=source.full_width,
    )


def decode_source(source: Extracted, rules: RuleSet) -> Decoded:
    """An extracted source as the cleaner reads it: an HTML page has its chrome dropped, text extracted."""
    if source.markup == "html":
        page = html.extract_page(source.text, rules)
        return Decoded(
            page.text,
            source.format,
            source.encoding,
            source.confidence,
            source.replacement_chars,
            page.removals,
            paragraph_starts=page.paragraph_starts,
            headings=page.headings,
        )
    return as_decoded(source)


def clean_source(source: Extracted, rules: RuleSet, *, tokens: bool = True) -> Document:
    """The cleaning of one extracted source. `tokens=False` skips jieba (the slowest stage)."""
    decoded = decode_source(source, rules)
    if not tokens:
        return build_document(source.path, decoded, rules)
    from docclean.cleaners.tokens import (  # jieba loads its dictionary lazily, only when needed
        keywords,
        tokenize,
    )

    return build_document(source.path, decoded, rules, tokenize, keywords)


def clean_file(
    data: bytes, source_path: str, rules: RuleSet, *, tokens: bool = True
) -> list[Document | Refused]:
    """The whole core for one file of any format: a Document per source in it (one, or one per member of
    a zip bundle, named `bundle.zip!/dir/member.docx`), a Refused (status, reason) per source that gives
    no text. Never raises for bad input."""
    return [
        clean_source(s, rules, tokens=tokens) if isinstance(s, Extracted) else s
        for s in extract(data, source_path)
    ]


def clean_bytes(data: bytes, source_path: str, rules: RuleSet, *, tokens: bool = True) -> Document:
    """The whole core for a file holding one document, in any format.

    Raises cleaners.errors.Refusal (with its status) when it gives no text, UnreadableInput for a bundle
    of several sources (use clean_file).
    """
    sources = extract(data, source_path)
    if len(sources) != 1 or sources[0].path != source_path:
        raise UnreadableInput(f"an archive of {len(sources)} source(s); clean it with clean_file")
    source = sources[0]
    if isinstance(source, Refused):
        raise Refusal(source.status, source.reason)
    return clean_source(source, rules, tokens=tokens)
