"""Documents as plain dicts: the JSON lines of `docclean clean --json` and the rows of the lake."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from docclean.cleaners.model import Document, Removal, Report

REMOVAL_FIELDS = tuple(f.name for f in fields(Removal))


def removal_dict(removal: Removal) -> dict[str, Any]:
    return {name: getattr(removal, name) for name in REMOVAL_FIELDS}  # flat fields: no asdict needed


def report_fields(doc: Document, report: Report) -> dict[str, Any]:
    """Every field of a report and where it came from; built directly, as asdict was slow on the hot path."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": report.ordinal,
        "title": report.title,
        "unit": report.unit,
        "year": report.year,
        "collection_title": report.collection_title,
        "text": report.text,
        "sections": [{"level": s.level, "heading": s.heading, "text": s.text} for s in report.sections],
        "paragraph_count": report.paragraph_count,
        "char_count": report.char_count,
        "placeholder_count": report.placeholder_count,
        "tokens": list(report.tokens),
        "keywords": list(report.keywords),
        "content_sha256": report.content_sha256,
        "flags": list(report.flags),
    }


def report_dict(doc: Document, report: Report) -> dict[str, Any]:
    """A report's fields plus what was removed from it: one line of `docclean clean --json`."""
    removals = [removal_dict(r) for r in doc.removals if r.report_ordinal == report.ordinal]
    return report_fields(doc, report) | {"removals": removals}


def empty_dict(doc: Document) -> dict[str, Any]:
    """A file that yielded no report still gets a line, so nothing disappears from the output."""
    return {
        "source_path": doc.source_path,
        "encoding": doc.encoding,
        "ordinal": 0,
        "title": "",
        "text": "",
        "flags": ["empty", *doc.flags],
        "removals": [removal_dict(r) for r in doc.removals],
    }
