"""Where bytes become Documents: the one seam between the worker and the pure core (cleaners/).

`Cleaner.sources` is the only call from flows/ into the cleaning core for a file: the formats package
tells the file's format by its content and reads it (cleaners.formats: one source for a document, one per
member for a zip bundle, a Refused with its status and reason for what gives no text), then each source is
decoded (HTML chrome dropped), cleaned by the rules and detectors, segmented and, with tokens, given jieba
tokens and keywords. Which files are read at all, and as what, is decided by cleaners.formats.sniff alone.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from docclean.cleaners.document import build_document
from docclean.cleaners.formats import extract, sniff
from docclean.cleaners.model import Decoded, Document, Refused
from docclean.cleaners.pipeline import decode_source
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import Payload
from docclean.flows.ingest.rows import FileResult, file_result, one_line

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

    def sources(self, data: bytes, name: str, clock: Clock | None = None) -> list[Document | Refused]:
        """Every source in a file of any format: a Document each, or a Refused with its status and reason;
        a zip bundle gives one per member. A failure while cleaning one source (a bug in the core, a
        pathological line) quarantines that source only: a bundle's other members go on."""
        clock = clock or Clock()
        with clock.stage("decode"):
            found = extract(data, name)
        out: list[Document | Refused] = []
        for source in found:
            if isinstance(source, Refused):
                out.append(source)
                continue
            try:
                with clock.stage("decode"):
                    decoded = decode_source(source, self.rules)
                with clock.stage("clean"):
                    out.append(self._build(source.path, decoded, clock))
            except Exception as exc:
                out.append(Refused(source.path, source.format, "quarantined", one_line(exc)))
        return out

    def _build(self, name: str, decoded: Decoded, clock: Clock) -> Document:
        if not self.tokens:
            return build_document(name, decoded, self.rules)
        from docclean.cleaners.tokens import keywords, tokenize

        timed = clock.timed
        return build_document(
            name, decoded, self.rules, timed("tokens", tokenize), timed("keywords", keywords)
        )

    def result(self, p: Payload, clock: Clock | None = None) -> FileResult:
        """A file's rows (a bundle's and its members'), or its status and reason when it gives no text."""
        clock = clock or Clock()
        path = p.entry.path
        if p.too_large:  # only its head was read: enough to name its format
            reason = f"FileTooLarge: {p.entry.size / 2**20:.1f} MiB is over the per-file limit"
            found: list[Document | Refused] = [Refused(path, sniff(p.data, path), "quarantined", reason)]
        else:
            try:
                found = self.sources(p.data, path, clock)
            except Exception as exc:  # extract never raises for bad input: this is the last net for a bug
                found = [Refused(path, "", "quarantined", one_line(exc))]
        with clock.stage("rows"):
            return file_result(p, found)
