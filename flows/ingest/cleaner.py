"""Where bytes become a Document: the one seam between the worker and the pure core (cleaners/).

`Cleaner.document` is the only call from flows/ into the cleaning core for a file: decode (encodings,
HTML), then rules, detectors, segmentation and, with tokens, jieba tokens and keywords. A format that
yields several sources (cleaners/formats: a zip's members, a refusal such as `needs_ocr`) plugs in here,
in `Cleaner.result`, one FileResult per source. Which files are read at all is decided by
`cleaners.pipeline.format_of`, nowhere else.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from docclean.cleaners.document import build_document
from docclean.cleaners.formats import extract
from docclean.cleaners.model import Decoded, Document, Refused
from docclean.cleaners.pipeline import FORMATS, decode_document, decode_source
from docclean.cleaners.rules import RuleSet, with_user_rules
from docclean.flows.ingest.clock import Clock
from docclean.flows.ingest.inbox import Payload
from docclean.flows.ingest.rows import FileResult, document_result, failed_result, one_line

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

    def document(self, data: bytes, name: str, clock: Clock | None = None) -> Document:
        """The whole core for one text or HTML file, each stage on `clock`."""
        clock = clock or Clock()
        with clock.stage("decode"):
            decoded = decode_document(data, name, self.rules)
        with clock.stage("clean"):
            return self._build(name, decoded, clock)

    def sources(self, data: bytes, name: str, clock: Clock | None = None) -> list[Document | Refused]:
        """Every source in a file of any format (cleaners/formats): a Document each, or a Refused with its
        status and reason; a zip bundle gives one per member."""
        clock = clock or Clock()
        with clock.stage("decode"):
            found = extract(data, name)
        out: list[Document | Refused] = []
        for source in found:
            if isinstance(source, Refused):
                out.append(source)
                continue
            with clock.stage("decode"):
                decoded = decode_source(source, self.rules)
            with clock.stage("clean"):
                out.append(self._build(source.path, decoded, clock))
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
        """A file's rows, or its status and reason when it cannot be cleaned."""
        clock = clock or Clock()
        if not p.entry.supported:
            suffix = p.entry.suffix or "(none)"
            return failed_result(
                p, "unsupported", f"unsupported file type '{suffix}'; docclean reads {', '.join(FORMATS)}"
            )
        if p.too_large:
            return failed_result(
                p, "quarantined", f"FileTooLarge: {p.entry.size / 2**20:.1f} MiB is over the per-file limit"
            )
        try:  # a bug in the core, a pathological line, anything: this file is quarantined, the batch goes on
            doc = self.document(p.data, p.entry.path, clock)
        except Exception as exc:
            return failed_result(p, "quarantined", one_line(exc))
        with clock.stage("rows"):
            return document_result(p, doc)
