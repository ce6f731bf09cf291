"""A report's MinHash signature as a row of the lake's `signatures` dataset (computed by the worker).

The signature is taken from the report as the lake holds it, its title and cleaned text, so the flow
and any later reader can compare reports without reading the text again (cleaners/neardup.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docclean.cleaners.neardup import signature, to_bytes

COLUMNS = ("report_id", "source_path", "source_sha256", "ordinal")


def signature_rows(reports: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per report row: its keys and `minhash` (None when the report is too short to compare).
    `text` is the paragraphs joined by newlines, which the signature reads as paragraph breaks."""
    rows = []
    for report in reports:
        sig = signature(report["title"] or "", (report["text"] or "",))
        rows.append(
            {name: report[name] for name in COLUMNS} | {"minhash": None if sig is None else to_bytes(sig)}
        )
    return rows
