"""Every format a 文库 download arrives in, read into text the cleaner takes: the one entry point is extract().

Pure: bytes in, Sources out (cleaners.model.Extracted or Refused); nothing is written anywhere, nothing in
a file is ever run. One small module per format; sniff.py says which formats exist and tells them apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from docclean.cleaners.errors import Refusal, UnreadableInput
from docclean.cleaners.formats.archive import LIMITS, Budget, Limits
from docclean.cleaners.formats.sniff import NOT_READ, READ, sniff
from docclean.cleaners.model import Extracted, Refused, Source

# What a Refused says about a source that gives no text (with a one-line reason). The one list of them:
# the ledger's statuses (flows/ingest/rows.py) are these plus `ok` and `bundle`.
STATUSES = (
    "empty",  # nothing in it: a zip archive with no files
    "not_text",  # bytes that decode, but not to a document (random data; cleaners/plausible.py)
    "needs_ocr",  # a PDF without a text layer
    "encrypted",  # a password-protected PDF, Office document or zip member
    "unsupported",  # a format docclean does not read (DOC, images, 7z …), with what to do
    "quarantined",  # corrupt, truncated, unsafe (zip bombs, `..` members), or a reader's failure
)

__all__ = [
    "LIMITS",
    "NOT_READ",
    "READ",
    "STATUSES",
    "Extracted",
    "Limits",
    "Refused",
    "Source",
    "extract",
    "iter_extract",
    "load_readers",
    "sniff",
]


def _reader(fmt: str):
    module, function = READ[fmt].split(":")
    return getattr(importlib.import_module(f"docclean.cleaners.formats.{module}"), function)


def load_readers() -> None:
    """Import every format's reader now (each is imported on its format's first file otherwise): for a
    process that forks workers, so that they share the modules instead of each importing them."""
    for fmt in READ:
        _reader(fmt)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def extract(data: bytes, name: str, depth: int = 0, budget: Budget | None = None) -> list[Source]:
    """The sources in a file's bytes: one for a document, one per member for a zip bundle.

    `name` is the file's path as the caller shows it (members are named `name!/dir/member`). A file that
    gives no text is a Refused with its status and a one-line reason; extract itself never raises for
    bad input (a reader's own bug is a `quarantined` source too, so a bundle's other members go on).
    """
    return list(iter_extract(data, name, depth, budget))


def iter_extract(data: bytes, name: str, depth: int = 0, budget: Budget | None = None) -> Iterator[Source]:
    """extract(), a source at a time: a bundle's members are inflated and read only as they are asked
    for, so that a caller that cleans each before asking for the next holds one member at a time.

    A bundle that fails after some members (a reader's bug) ends with a Refused named `name` itself.
    """
    budget = budget if budget is not None else Budget()
    fmt = sniff(data, name)
    if fmt in NOT_READ:
        status, reason = NOT_READ[fmt]
        yield Refused(name, fmt, status, reason)
        return
    try:
        if fmt == "zip":
            yield from _reader(fmt)(data, name, depth, budget, iter_extract)
        else:
            yield _reader(fmt)(data, name, budget)
    except Refusal as refusal:
        yield Refused(name, fmt, refusal.status, str(refusal))
    except UnreadableInput as exc:  # binary content in what looked like text
        yield Refused(name, fmt, "quarantined", _one_line(exc))
    except Exception as exc:  # a reader's bug on one odd file: this source is quarantined, the rest go on
        yield Refused(
            name, fmt, "quarantined", f"{fmt} reader failed: {type(exc).__name__}: {_one_line(exc)}"
        )
