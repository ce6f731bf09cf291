"""Where bytes become Documents: the one seam between the worker and the pure core (cleaners/).

`Cleaner.stream` is the only call from flows/ into the cleaning core for a file: the formats package
tells the file's format by its content and reads it (cleaners.formats: one source for a document, one per
member for a zip bundle, a Refused with its status and reason for what gives no text), then each source is
decoded (HTML chrome dropped), cleaned by the rules and detectors, segmented and, with tokens, given jieba
tokens and keywords. Which files are read at all, and as what, is decided by cleaners.formats.sniff alone.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from docclean.cleaners.document import build_document
from docclean.cleaners.formats import iter_extract, sniff
from docclean.cleaners.model import Decoded, Document, Refused
from docclean.cleaners.pipeline import decode_source
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import Payload
from docclean.flows.ingest.rows import FileResult, FileRows, merged, one_line

# jieba imports pkg_resources, which warns that a namespace package (docclean.*) "was already imported"
# when it scans the installed distributions: harmless, and noise on every run's stderr.
warnings.filterwarnings("ignore", message="Module docclean was already imported", category=UserWarning)

# Loads every table the tokenizer uses (jieba-rs, the compact jieba dictionary for the block `1.5%`, the
# IDF table), so no file's clock includes a dictionary load.
WARM_UP = "预热，增长1.5%"


@dataclass(frozen=True, slots=True)
class CleanerSpec:
    """What a worker needs to build its Cleaner: small and picklable, unlike compiled rules."""

    rules_text: str | None
    tokens: bool


class Cleaner:
    """Payload to FileResult with the rules compiled once; never raises for a bad file."""

    def __init__(self, spec: CleanerSpec) -> None:
        self.rules: RuleSet = with_user_rules(spec.rules_text)
        self.tokens = spec.tokens
        if spec.tokens:  # a missing tokenizer is a broken install: fail the run here, not every file
            from docclean.cleaners import tokens

            tokens.keywords(tokens.tokenize(WARM_UP))

    def stream(self, data: bytes, name: str, clock: Clock | None = None) -> Iterator[Document | Refused]:
        """Every source in a file of any format, one at a time: a Document each, or a Refused with its status
        and reason; a zip bundle gives one per member, read only when the previous one is done (a bundle's
        memory is that of its largest member). A failure while cleaning one source (a bug in the core, a
        pathological line) quarantines that source only: a bundle's other members go on."""
        clock = clock or Clock()
        found = iter_extract(data, name)
        while True:
            with clock.stage("decode"):
                source = next(found, None)
            if source is None:
                return
            if isinstance(source, Refused):
                yield source
                continue
            path, fmt = source.path, source.format
            out: list[Document | Refused]
            try:
                with clock.stage("decode"):
                    decoded = decode_source(source, self.rules)
                del source  # its text is decoded now: not held while the Document is built
                with clock.stage("clean"):
                    out = [self._build(path, decoded, clock)]
                del decoded
            except Exception as exc:
                out = [Refused(path, fmt, "quarantined", one_line(exc))]
            # handed over with no reference left here: the caller writes a big file's rows while this
            # generator waits, and neither the Document nor its text need outlive that
            yield out.pop()

    def sources(self, data: bytes, name: str, clock: Clock | None = None) -> list[Document | Refused]:
        """stream(), as a list (`docclean clean`)."""
        return list(self.stream(data, name, clock))

    def _build(self, name: str, decoded: Decoded, clock: Clock) -> Document:
        if not self.tokens:
            return build_document(name, decoded, self.rules)
        from docclean.cleaners.tokens import keywords, tokenize

        timed = clock.timed
        return build_document(
            name, decoded, self.rules, timed("tokens", tokenize), timed("keywords", keywords)
        )

    def results(self, p: Payload, clock: Clock | None = None) -> Iterator[FileResult]:
        """A file's rows, a source at a time (a bundle's members, then its own row), or its status and
        reason when it gives no text."""
        clock = clock or Clock()
        path = p.entry.path
        if p.too_large:  # only its head was read: enough to name its format
            reason = f"FileTooLarge: {p.entry.size / 2**20:.1f} MiB is over the per-file limit"
            found: Iterable[Document | Refused] = [Refused(path, sniff(p.data, path), "quarantined", reason)]
        else:
            found = self._guarded(p, clock)
        rows = FileRows(p)
        for source in found:
            with clock.stage("rows"):
                result = rows.add(source)
            del source  # the Document: its rows are what gets written
            if result is not None:
                yield result
        with clock.stage("rows"):
            last = rows.close()
        if last is not None:
            yield last

    def _guarded(self, p: Payload, clock: Clock) -> Iterator[Document | Refused]:
        try:
            yield from self.stream(p.data, p.entry.path, clock)
        except Exception as exc:  # extract never raises for bad input: this is the last net for a bug
            yield Refused(p.entry.path, "", "quarantined", one_line(exc))

    def result(self, p: Payload, clock: Clock | None = None) -> FileResult:
        """All of a file's rows at once."""
        return merged(list(self.results(p, clock)))
