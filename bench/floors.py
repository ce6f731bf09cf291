"""Stage floors: each stage of the core timed alone, in this process, on one core, over the whole corpus.

A floor is the least time a stage can take without any orchestration around it: no Prefect, no
processes, no per-file bookkeeping. The end-to-end run can only be slower than the sum of its floors
(divided by workers); how much slower is what orchestration costs. Warm-up (jieba's dictionary,
rules compilation) happens before the clock starts, because a long run pays it once.
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from docclean.cleaners import html
from docclean.cleaners.document import build_document
from docclean.cleaners.engine import clean_text
from docclean.cleaners.errors import UnreadableInput
from docclean.cleaners.formats import extract
from docclean.cleaners.model import Decoded, Extracted
from docclean.cleaners.pipeline import as_decoded
from docclean.cleaners.rules import RuleSet, default_rules

# Loads every table the tokenizers use: jieba-rs and jieba's IDF table, and (for the risky block 1.5%)
# the compact jieba dictionary, so no floor's clock includes a dictionary load.
WARM_UP = "预热，增长1.5%"


@dataclass(frozen=True)
class Floor:
    name: str
    seconds: float
    input_bytes: int  # raw file bytes of the files the stage handled
    files: int
    note: str = ""


@dataclass
class Corpus:
    """What the stages hand each other, kept in memory so each stage is timed on its own. One source per
    file (the corpus has no bundles); `formats[i]` is file i's format as the reader told it."""

    paths: list[Path]
    raw: list[bytes] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    decoded: list[Decoded] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # kept lines joined: what gets tokenised and stored
    skipped: list[str] = field(default_factory=list)
    pages: list[bool] = field(default_factory=list)  # read as HTML (a page, an MHTML save)
    # stage -> format -> seconds, from the fastest repeat of that stage (see FormatFloor)
    by_format: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def input_bytes(self) -> int:
        return sum(map(len, self.raw))


@dataclass(frozen=True)
class FormatFloor:
    """One format's share of the floors: its files, their bytes, and the seconds of each stage on them."""

    fmt: str
    files: int
    input_bytes: int
    seconds: dict[str, float]  # read + extract, HTML extract, core, core + tokens


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Seconds `action` takes, the best of `repeat` runs (on a shared VM the best is the least disturbed;
    each run must start from the same inputs). What the bench already holds (earlier floors' outputs:
    millions of token strings) is frozen first, so the garbage collector's rescans of it do not land on
    this floor."""
    gc.collect()
    gc.freeze()
    try:
        best = float("inf")
        for _ in range(max(repeat, 1)):
            start = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - start)
        return best
    finally:
        gc.unfreeze()


def timed_by_format(
    corpus: Corpus, stage: str, action: Callable[[Counter[str]], object], repeat: int
) -> float:
    """timed(), with `action` adding each file's seconds to its format; the fastest repeat's split is kept."""
    best: tuple[float, Counter[str]] = (float("inf"), Counter())

    def once() -> None:
        nonlocal best
        split: Counter[str] = Counter()
        start = time.perf_counter()
        action(split)
        if (spent := time.perf_counter() - start) < best[0]:
            best = (spent, split)

    seconds = timed(once, repeat)
    corpus.by_format[stage] = best[1]
    return seconds


def read_and_decode(corpus: Corpus, repeat: int = 1) -> Floor:
    """Read every file's bytes and read them by format (cleaners.formats.extract: decoding for text and
    HTML, the DOCX XML, the PDF text layer; HTML extraction is its own floor)."""
    sources: list[Extracted] = []

    def run(split: Counter[str]) -> None:
        corpus.raw.clear()
        sources.clear()
        for path in corpus.paths:
            start = time.perf_counter()
            data = path.read_bytes()
            [source] = extract(data, path.name)
            if not isinstance(source, Extracted):
                raise SystemExit(f"bench corpus file {path} was refused: {source.reason}")
            split[source.format] += time.perf_counter() - start
            corpus.raw.append(data)
            sources.append(source)

    seconds = timed_by_format(corpus, "read + extract", run, repeat)
    corpus.formats = [s.format for s in sources]
    corpus.decoded = [as_decoded(s) for s in sources]
    corpus.pages = [s.markup == "html" for s in sources]
    return Floor(
        "read + extract (decode, DOCX XML, PDF text)", seconds, corpus.input_bytes, len(corpus.paths)
    )


def extract_html(corpus: Corpus, rules: RuleSet, repeat: int = 1) -> Floor:
    """Parse the HTML pages and keep their article text (cleaners.html.extract_text)."""
    pages = [i for i, page in enumerate(corpus.pages) if page]
    pages_as_decoded = {i: corpus.decoded[i] for i in pages}

    def run(split: Counter[str]) -> None:
        for i in pages:
            start = time.perf_counter()
            d = pages_as_decoded[i]
            try:
                body, chrome = html.extract_text(d.text, rules)
            except UnreadableInput:
                continue
            corpus.decoded[i] = Decoded(body, d.format, d.encoding, d.confidence, d.replacement_chars, chrome)
            split[corpus.formats[i]] += time.perf_counter() - start

    seconds = timed_by_format(corpus, "HTML extract", run, repeat)
    return Floor(
        "HTML extract", seconds, sum(len(corpus.raw[i]) for i in pages), len(pages), "HTML files only"
    )


def clean(corpus: Corpus, rules: RuleSet, repeat: int = 1) -> Floor:
    """clean_text on every decoded (and extracted) text: the rule engine alone."""
    out: list[str] = []

    def run() -> None:
        out.clear()
        for d in corpus.decoded:
            out.append("\n".join(line.text for line in clean_text(d.text, rules).lines))

    seconds = timed(run, repeat)
    corpus.cleaned = out
    return Floor("clean (clean_text)", seconds, corpus.input_bytes, len(corpus.paths))


def assemble(corpus: Corpus, rules: RuleSet, tokens: bool, repeat: int = 1) -> Floor:
    """build_document as the core runs it per file: clean + segment + describe (+ tokens and keywords)."""
    tokenize = keywords = None
    if tokens:
        from docclean.cleaners.tokens import keywords, tokenize

        keywords(tokenize(WARM_UP))  # dictionaries and the IDF table load before the clock starts

    def run(split: Counter[str]) -> None:
        for path, d, fmt in zip(corpus.paths, corpus.decoded, corpus.formats, strict=True):
            start = time.perf_counter()
            build_document(str(path), d, rules, tokenize, keywords)
            split[fmt] += time.perf_counter() - start

    name = "core: clean+segment+describe" + (" + tokens + keywords" if tokens else "")
    stage = "core + tokens" if tokens else "core"
    return Floor(name, timed_by_format(corpus, stage, run, repeat), corpus.input_bytes, len(corpus.paths))


TOKENIZERS = (
    "jieba = cleaners.tokens.reference_tokenize (jieba.Tokenizer.cut per line, user dict); fast = tokenize"
)


def tokenizer_floors(corpus: Corpus, repeat: int = 1) -> tuple[Floor, Floor, bool, str]:
    """Pure-Python jieba vs the fast tokenizer over the cleaned text; (jieba, fast, identical, how). With
    `repeat`, the two alternate, so that a slower spell of the machine hits both alike."""
    from docclean.cleaners.tokens import reference_tokenize as reference
    from docclean.cleaners.tokens import tokenize as fast

    reference(WARM_UP), fast(WARM_UP)  # load every dictionary before the clock starts
    slow_out: list[tuple[str, ...]] = []
    fast_out: list[tuple[str, ...]] = []

    def run(cut: Callable[[str], tuple[str, ...]], out: list[tuple[str, ...]]) -> Callable[[], None]:
        def action() -> None:
            out.clear()
            out.extend(cut(t) for t in corpus.cleaned)

        return action

    slow_s = fast_s = float("inf")
    for _ in range(max(repeat, 1)):
        slow_s = min(slow_s, timed(run(reference, slow_out)))
        fast_s = min(fast_s, timed(run(fast, fast_out)))
    n, size = len(corpus.paths), corpus.input_bytes
    identical = slow_out == fast_out
    return (
        Floor("jieba (pure Python)", slow_s, size, n),
        Floor("fast tokenizer", fast_s, size, n),
        identical,
        TOKENIZERS,
    )


def write_parquet(corpus: Corpus, repeat: int = 1) -> Floor:
    """One zstd Parquet file holding every file's path and cleaned text."""
    table = pa.table({"source_path": [str(p) for p in corpus.paths], "text": corpus.cleaned})
    with tempfile.TemporaryDirectory(prefix="docclean-bench-") as tmp:
        seconds = timed(
            lambda: pq.write_table(table, Path(tmp) / "texts.parquet", compression="zstd"), repeat
        )
    return Floor("Parquet write (zstd)", seconds, corpus.input_bytes, len(corpus.paths))


@dataclass(frozen=True)
class FloorReport:
    floors: dict[str, Floor]
    tokens_identical: bool
    tokens_how: str
    files: int
    input_bytes: int
    by_format: list[FormatFloor] = field(default_factory=list)

    def core_seconds(self, tokens: bool) -> float:
        """Sum of the floors one end-to-end run goes through, in one process (core includes clean_text)."""
        stages = ("decode", "html", "core+tokens" if tokens else "core", "parquet")
        return sum(self.floors[k].seconds for k in stages)


def measure(paths: list[Path], log: Callable[[str], None] = print, repeat: int = 1) -> FloorReport:
    """Every floor, each the best of `repeat` runs."""
    rules = default_rules()
    corpus = Corpus(sorted(paths))
    floors: dict[str, Floor] = {}
    floors["decode"] = read_and_decode(corpus, repeat)
    floors["html"] = extract_html(corpus, rules, repeat)
    log(f"  read + extract {floors['decode'].seconds:.1f} s, HTML extract {floors['html'].seconds:.1f} s")
    floors["clean"] = clean(corpus, rules, repeat)
    floors["core"] = assemble(corpus, rules, tokens=False, repeat=repeat)
    log(f"  clean_text {floors['clean'].seconds:.1f} s, core {floors['core'].seconds:.1f} s")
    floors["core+tokens"] = assemble(corpus, rules, tokens=True, repeat=repeat)
    log(f"  core with tokens {floors['core+tokens'].seconds:.1f} s")
    floors["jieba"], floors["fast"], identical, how = tokenizer_floors(corpus, repeat)
    log(f"  jieba {floors['jieba'].seconds:.1f} s, fast tokenizer {floors['fast'].seconds:.1f} s")
    floors["parquet"] = write_parquet(corpus, repeat)
    return FloorReport(floors, identical, how, len(paths), corpus.input_bytes, format_floors(corpus))


def format_floors(corpus: Corpus) -> list[FormatFloor]:
    """Each format's files, bytes and stage seconds (largest share of the corpus first)."""
    files: Counter[str] = Counter(corpus.formats)
    size: Counter[str] = Counter()
    for fmt, data in zip(corpus.formats, corpus.raw, strict=True):
        size[fmt] += len(data)
    return [
        FormatFloor(
            fmt, files[fmt], size[fmt], {stage: split[fmt] for stage, split in corpus.by_format.items()}
        )
        for fmt, _ in size.most_common()
    ]
