"""Render the benchmark's figures as Markdown: stage floors, end-to-end runs with the stage timings of
their run records, the re-runs, and the targets.

Never asserts: a benchmark that misses a target still prints every figure, with FAIL beside it.
Terms (see bench/README.md): wall = the whole `docclean run` process; server = the wait for the Prefect server
it prints ("waited X s for the Prefect server"); flow run = the flow's call; inside flow = the flow's body
(record wall_seconds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from endtoend import PeerRun, PlainRun, PrefectStart, Run
from floors import FloorReport

MB = 1e6
GIB = 2**30
MAIN_STAGES = ("discover", "ledger", "commit", "archive")  # the flow's thread, wall seconds
WORKER_STAGES = ("read", "decode", "clean", "tokens", "keywords", "rows", "write")  # CPU s, all workers


@dataclass(frozen=True)
class Pipeline:
    """One end-to-end `docclean run`, with the run record it wrote and the flow time it printed."""

    label: str
    tokens: bool
    workers: int
    run: Run
    record: dict[str, Any] | None
    flow_seconds: float | None
    files: int = 0
    input_bytes: int = 0
    server_seconds: float | None = None  # the wait for the Prefect server, as the command printed it

    @property
    def ok(self) -> bool:
        return self.run.ok and self.record is not None

    @property
    def server(self) -> float:
        return self.server_seconds or 0.0

    @property
    def inside(self) -> float:
        return float((self.record or {}).get("wall_seconds", 0.0))

    @property
    def net(self) -> float:
        """Wall without the wait for the Prefect server: what the throughput targets are judged on."""
        return self.run.seconds - self.server

    def stage(self, name: str) -> float:
        return float((self.record or {}).get("timings", {}).get(name, 0.0))

    @property
    def orchestration(self) -> float:
        """Prefect's flow start and finish (flow run − body) plus the record's in-flow orchestration."""
        outside = (self.flow_seconds or self.inside) - self.inside
        return max(outside, 0.0) + self.stage("orchestration")


@dataclass
class BigInbox:
    """Issue 15's big inbox (`--big-files`): the plain floor and `docclean run`, one run each."""

    files: int
    input_bytes: int
    plain: list[PlainRun] = field(default_factory=list)
    pipelines: list[Pipeline] = field(default_factory=list)

    def pipeline(self, tokens: bool, workers: int) -> Pipeline | None:
        found = [p for p in self.pipelines if p.tokens == tokens and p.workers == workers and p.ok]
        return found[0] if found else None


@dataclass
class Results:
    files: int
    input_bytes: int
    floors: FloorReport
    prefect: PrefectStart
    pipelines: list[Pipeline] = field(default_factory=list)
    reruns: list[tuple[Pipeline, Pipeline]] = field(default_factory=list)  # (first run, re-run)
    peer: PeerRun | None = None
    peer_workers: int = 2
    blocked: list[str] = field(default_factory=list)  # what could not be measured, and why
    how: str = ""
    repeat: int = 1  # each floor and each 2,000-file configuration: the best of this many runs
    plain: list[PlainRun] = field(default_factory=list)  # the plain floor, with and without tokens
    big: BigInbox | None = None

    def pipeline(self, tokens: bool, workers: int) -> Pipeline | None:
        found = [p for p in self.pipelines if p.tokens == tokens and p.workers == workers and p.ok]
        return found[0] if found else None


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def floor_rows(res: Results) -> list[str]:
    rows = ["| stage (one process, no orchestration) | seconds | MB/s | files/s |", "|---|---|---|---|"]
    for f in res.floors.floors.values():
        name = f.name + (f" ({f.note})" if f.note else "")
        rows.append(
            f"| {name} | {num(f.seconds)} | {num(f.input_bytes / MB / f.seconds if f.seconds else None)} | "
            f"{num(f.files / f.seconds if f.seconds else None, 0)} |"
        )
    for tokens in (True, False):
        total = res.floors.core_seconds(tokens)
        rows.append(
            f"| **sum of floors, {'with' if tokens else 'no'} tokens** | {num(total)} | "
            f"{num(res.input_bytes / MB / total)} | {num(res.files / total, 0)} |"
        )
    ps = res.prefect
    if not ps.error:
        rows.append(f"| python + `import prefect` (fresh process) | {num(ps.import_seconds)} | — | — |")
        rows.append(
            f"| embedded server start + 1 trivial flow (warm home) | {num(ps.warm_seconds)} | — | — |"
        )
    return rows


FORMAT_STAGES = ("read + extract", "HTML extract", "core", "core + tokens")


def format_rows(res: Results) -> list[str]:
    """MB/s per format: each stage's floor on that format's files, and the whole core path with tokens."""
    if not res.floors.by_format:
        return []
    out = [
        "| format | files | MB | read + extract MB/s | HTML extract MB/s | core MB/s | core + tokens MB/s | "
        "**read to document, with tokens, MB/s** |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in res.floors.by_format:
        mb = f.input_bytes / MB
        whole = sum(f.seconds.get(s, 0.0) for s in ("read + extract", "HTML extract", "core + tokens"))
        stages = [num(mb / t if (t := f.seconds.get(s)) else None) for s in FORMAT_STAGES]
        out.append(
            f"| {f.fmt} | {f.files} | {mb:.1f} | "
            + " | ".join(stages)
            + f" | **{num(mb / whole if whole else None)}** |"
        )
    return out


def run_rows(res: Results) -> list[str]:
    out = [
        "| run | wall s | server wait s | flow run s | inside flow s | MB/s without server wait | "
        "MB/s inside flow | orchestration | peak RSS, tree sum | peak PSS, tree sum | largest process | exit |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    shown = [*res.pipelines, *[r for pair in res.reruns for r in pair]]
    for p in [p for i, p in enumerate(shown) if all(p is not q for q in shown[:i])]:  # each run once
        size = p.input_bytes or res.input_bytes
        out.append(
            f"| {p.label} | {num(p.run.seconds)} | {num(p.server)} | {num(p.flow_seconds)} | {num(p.inside)} | "
            f"{num(size / MB / p.net if p.ok and p.net > 0 else None)} | "
            f"{num(size / MB / p.inside if p.ok and p.inside > 0 else None)} | "
            f"{pct(p.orchestration / p.net if p.ok and p.net > 0 else None)} | {p.run.tree_peak_rss / MB:.0f} MB | "
            f"{p.run.tree_peak_pss / MB:.0f} MB | {p.run.max_single_rss / MB:.0f} MB | {p.run.returncode} |"
        )
    return out


def stage_rows(res: Results) -> list[str]:
    """Seconds per stage from the run records of the first-run configurations."""
    shown = [p for p in res.pipelines if p.ok]
    if not shown:
        return []
    out = [
        "| stage | " + " | ".join(p.label.removeprefix("docclean run, ") for p in shown) + " |",
        "|---|" + "---|" * len(shown),
    ]

    def share(p: Pipeline, name: str) -> str:
        """Seconds, and their share of the flow body's wall (worker CPU seconds over the worker count)."""
        seconds = p.stage(name)
        wall_part = seconds / p.workers if name in WORKER_STAGES else seconds
        return f"{num(seconds)} ({pct(wall_part / p.inside if p.inside else None)})"

    for name in (*MAIN_STAGES, *WORKER_STAGES, "orchestration"):
        kind = " (CPU s, all workers)" if name in WORKER_STAGES else ""
        out.append(f"| {name}{kind} | " + " | ".join(share(p, name) for p in shown) + " |")
    extra = [
        ("**inside flow** (record wall_seconds)", lambda p: p.inside),
        (
            "Prefect flow start + finish (flow run − inside flow)",
            lambda p: (p.flow_seconds or p.inside) - p.inside,
        ),
        ("waiting for the Prefect server (its start-up, before the flow)", lambda p: p.server),
        (
            "start-up and exit (wall − server wait − flow run)",
            lambda p: p.run.seconds - p.server - (p.flow_seconds or 0),
        ),
        ("**wall**", lambda p: p.run.seconds),
    ]
    out += [f"| {name} | " + " | ".join(num(fn(p)) for p in shown) + " |" for name, fn in extra]

    def floor_ratio(p: Pipeline, seconds: float) -> str:
        """How many times the ideal: the sum of the floors, spread over the workers."""
        ideal = res.floors.core_seconds(p.tokens) / p.workers
        return f"{seconds / ideal:.1f}×" if ideal > 0 and p.ok else "—"

    out.append(
        "| **inside flow ÷ floor** (sum of floors ÷ workers) | "
        + " | ".join(floor_ratio(p, p.inside) for p in shown)
        + " |"
    )
    out.append(
        "| **wall without server wait ÷ floor** | " + " | ".join(floor_ratio(p, p.net) for p in shown) + " |"
    )
    return out


Target = tuple[str, str, bool | None]  # what, measured value, PASS / FAIL / not measured


def targets(res: Results, workers: int) -> list[str]:
    checks: list[Target] = []
    for tokens, bar in ((True, 10.0), (False, 30.0)):
        p = res.pipeline(tokens, workers)
        rate = res.input_bytes / MB / p.net if p else None
        inside = res.input_bytes / MB / p.inside if p and p.inside else None
        checks.append(
            (
                f"end-to-end {'with tokens' if tokens else '--no-tokens'} ≥ {bar:g} MB/s ({workers} workers, "
                "wall without the server wait)",
                f"{num(rate)} MB/s (inside the flow: {num(inside)} MB/s)",
                None if rate is None else rate >= bar,
            )
        )
    f = res.floors.floors
    speedup = f["jieba"].seconds / f["fast"].seconds if f["fast"].seconds else 0.0
    checks.append(
        (
            "fast tokenizer ≥ 10× pure-Python jieba, identical tokens on the corpus",
            f"{speedup:.1f}×, identical: {'yes' if res.floors.tokens_identical else 'no'}",
            speedup >= 10 and res.floors.tokens_identical,
        )
    )
    one, many = res.pipeline(True, 1), res.pipeline(True, workers)
    if one and many and workers > 1:
        scale = one.net / many.net
        inside = one.inside / many.inside if many.inside else 0.0
        checks.append(
            (
                f"{workers} workers ≥ 1.7× one worker (with tokens, wall without the server wait)",
                f"{scale:.2f}× (inside the flow: {inside:.2f}×)",
                scale >= 1.7,
            )
        )
    if many:
        share = many.orchestration / many.net
        checks.append(
            (
                f"orchestration ≤ 10 % (with tokens, {workers} workers; Prefect flow start/finish + "
                "in-flow orchestration, over wall without the server wait)",
                f"{pct(share)} ({many.orchestration:.2f} s)",
                share <= 0.10,
            )
        )
    runs = [p.run for p in res.pipelines] + [r.run for pair in res.reruns for r in pair]
    peak = max((r.tree_peak_rss for r in runs), default=None)
    pss = max((r.tree_peak_pss for r in runs), default=0)
    checks.append(
        (
            "peak RSS < 1 GB (summed over the process tree, largest of all runs)",
            "—" if peak is None else f"{peak / MB:.0f} MB (PSS sum {pss / MB:.0f} MB)",
            None if peak is None else peak < GIB,
        )
    )
    for first, again in res.reruns:
        work = again.flow_seconds
        checks.append(
            (
                f"re-run over an unchanged {first.files:,}-file inbox < 3 s of work after start-up "
                "(the flow run)",
                f"{num(work)} s (inside the flow {num(again.inside)} s; wall {num(again.run.seconds)} s)",
                None if work is None else again.ok and work < 3.0,
            )
        )
    return [
        f"- {what}: {measured} — **{'n/a' if ok is None else 'PASS' if ok else 'FAIL'}**"
        for what, measured, ok in checks
    ]


def render(res: Results, workers: int) -> str:
    head = (
        f"# docclean benchmark\n\n{res.files} files, {res.input_bytes / MB:.1f} MB of input. MB/s are over "
        "the raw input bytes. Floors run each stage alone in one process; the runs are whole "
        "`docclean run` processes, and their stage seconds come from the run records they wrote. "
        f"Each floor and each {res.files}-file run is the best of {res.repeat} (the re-runs and the "
        "bigger inbox: one run each).\n"
    )
    notes = [f"Tokenizers: {res.floors.tokens_how}.", f"Pipeline invoked as: {res.how or '—'}."]
    if res.peer:
        r = res.peer.run
        notes.append(
            f"Peer: datatrove, {res.peer_workers} workers: {r.seconds:.2f} s wall "
            f"({res.input_bytes / MB / r.seconds:.2f} MB/s), peak RSS {r.tree_peak_rss / MB:.0f} MB. Minimal "
            "decode, no HTML parsing, docclean's line/span patterns per line, zstd Parquet: a lower bound "
            "on comparable work."
        )
    blocked = ["", "## Not measured", *[f"- {b}" for b in res.blocked]] if res.blocked else []
    return "\n".join(
        [
            head,
            "## Stage floors",
            "",
            *floor_rows(res),
            "",
            "## By format (floors, one process)",
            "",
            "Each floor above split by the format the reader told (MB/s over that format's raw bytes: a DOCX "
            "or PDF is smaller than its text, so the same text counts fewer MB). The last column: read, "
            "extract, HTML extract and core with tokens, i.e. a file to its Document.",
            "",
            *format_rows(res),
            "",
            "## Runs",
            "",
            *run_rows(res),
            "",
            "## Where the time goes (run records)",
            "",
            "Seconds per stage and, in brackets, their share of the flow body's wall (the flow thread's seconds, "
            "or the workers' CPU seconds over the worker count). The last two rows: how many times the ideal "
            "(the sum of the stage floors over the worker count) the run took.",
            "",
            *stage_rows(res),
            "",
            *notes,
            "",
            "## Targets",
            "",
            *targets(res, workers),
            *blocked,
            "",
        ]
    )
