"""Benchmark docclean on a synthetic drop folder: stage floors, end-to-end runs and a datatrove peer.

    python bench/run.py [--files 2000] [--seed 7] [--workers 2] [--rerun-files 10000] [--repeat 2] [--keep]
                        [--no-cache] [--big-files 20500]

Prints a Markdown report and writes it to bench/latest.md. See bench/README.md for what each figure is.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import endtoend
import floors
import make_corpus
import speed_report
from report import BigInbox, Pipeline, Results, render

BENCH = Path(__file__).resolve().parent
STAMP = "stamp.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fingerprint(files: int, seed: int) -> str:
    """What the corpus depends on: the generator's code, the samples, the arguments."""
    digest = hashlib.sha256(f"{files}:{seed}".encode())
    builders = make_corpus.ROOT / "tests" / "formats" / "builders.py"  # writes the DOCX and PDF files
    for path in [Path(make_corpus.__file__), builders, *sorted(make_corpus.SAMPLES.glob("*.txt"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_inbox(files: int, seed: int, cache: bool, scratch: Path) -> Path:
    """The corpus folder: reused from bench/.corpus-<files>-<seed>/ when it is still current."""
    root = BENCH / f".corpus-{files}-{seed}" if cache else scratch / "corpus"
    inbox, stamp = root / "inbox", root / STAMP
    wanted = fingerprint(files, seed)
    if cache and stamp.exists() and json.loads(stamp.read_text()).get("fingerprint") == wanted:
        log(f"corpus: reusing {inbox}")
        return inbox
    shutil.rmtree(root, ignore_errors=True)
    count, size = make_corpus.generate(inbox, files, seed)
    stamp.write_text(json.dumps({"fingerprint": wanted, "files": count, "bytes": size}))
    log(f"corpus: generated {count} files, {size / 1e6:.1f} MB in {inbox}")
    return inbox


def scratch_dir(files: int, seed: int, keep: bool) -> Path:
    """Lakes, logs and copies of the inbox: kept under bench/.lake-*/ with --keep, else a temp dir."""
    if not keep:
        return Path(tempfile.mkdtemp(prefix="docclean-bench-"))
    path = BENCH / f".lake-{files}-{seed}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def pipeline_configs(workers: int) -> list[tuple[bool, int]]:
    counts = sorted({1, workers})
    return [(tokens, n) for tokens in (True, False) for n in counts]


def measured(
    label: str, tokens: bool, n: int, inbox: Path, lake: Path, logs: Path, files: int, size: int
) -> Pipeline:
    log(f"run: {label} ...")
    run = endtoend.docclean_run(label.replace(" ", "_").replace(",", ""), inbox, lake, n, tokens, logs)
    record = endtoend.run_record(lake) if run.ok else None
    p = Pipeline(
        label, tokens, n, run, record, endtoend.flow_seconds(run), files, size, endtoend.server_seconds(run)
    )
    log(
        f"  {run.seconds:.1f} s wall, inside the flow {p.inside:.1f} s, exit {run.returncode}"
        + ("" if run.ok else "\n" + run.failure())
    )
    return p


def run_pipelines(res: Results, corpus: Path, scratch: Path, workers: int, repeat: int = 1) -> None:
    """The four configurations, each the best (least wall) of `repeat` runs on fresh copies and lakes,
    and a re-run over the unchanged inbox after the N-worker one with tokens."""
    available, help_text = endtoend.run_command_available()
    if not available:
        res.blocked.append(
            f"`docclean run` is not available ({help_text.strip().splitlines()[-1]}): no end-to-end figures"
        )
        return
    res.how = "`docclean run --inbox <copy of corpus> --lake <fresh lake> --workers N [--no-tokens]`"
    logs = scratch / "logs"
    for tokens, n in pipeline_configs(workers):
        label = f"docclean run, {'tokens' if tokens else '--no-tokens'}, {n} worker{'s' if n > 1 else ''}"
        tries = []
        for attempt in range(max(repeat, 1)):
            slug = f"{'tokens' if tokens else 'notokens'}-w{n}-{attempt}"
            inbox = endtoend.copy_inbox(corpus, scratch / f"inbox-{slug}")
            lake = scratch / f"lake-{slug}"
            tries.append(
                (measured(label, tokens, n, inbox, lake, logs, res.files, res.input_bytes), inbox, lake)
            )
        first, inbox, lake = min(tries, key=lambda t: (not t[0].ok, t[0].run.seconds))
        res.pipelines.append(first)
        if tokens and n == workers:
            again = measured(
                f"re-run, unchanged {res.files}-file inbox",
                tokens,
                n,
                inbox,
                lake,
                logs,
                res.files,
                res.input_bytes,
            )
            res.reruns.append((first, again))


def run_big_rerun(res: Results, files: int, seed: int, cache: bool, scratch: Path, workers: int) -> None:
    """A bigger inbox: ingest it once (its peak memory shows whether memory grows with the inbox), then
    run again over it unchanged: the re-run target."""
    corpus = corpus_inbox(files, seed, cache, scratch / f"corpus-{files}")
    size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    logs, lake = scratch / "logs", scratch / f"lake-{files}"
    first = measured(
        f"docclean run, tokens, {workers} workers, {files} files",
        True,
        workers,
        corpus,
        lake,
        logs,
        files,
        size,
    )
    again = measured(f"re-run, unchanged {files}-file inbox", True, workers, corpus, lake, logs, files, size)
    res.reruns.append((first, again))


def run_plain(res: Results, corpus: Path, scratch: Path, workers: int, repeat: int = 1) -> None:
    """The plain floor (bench/plain_run.py) with and without tokens, N workers, best of `repeat`."""
    for tokens in (True, False):
        tries = []
        for attempt in range(max(repeat, 1)):
            slug = f"plain-{'tokens' if tokens else 'notokens'}-w{workers}-{attempt}"
            log(f"plain floor: {'tokens' if tokens else '--no-tokens'}, {workers} workers ...")
            plain = endtoend.plain_run(corpus, scratch / slug, workers, tokens, scratch / "logs", slug)
            if not plain.ok:
                res.blocked.append("plain floor failed: " + plain.run.failure())
                break
            log(f"  {plain.run.seconds:.1f} s wall, {plain.run.tree_cpu_seconds:.1f} CPU-s")
            tries.append(plain)
        if tries:
            res.plain.append(min(tries, key=lambda p: p.run.seconds))


def run_big(res: Results, files: int, seed: int, cache: bool, scratch: Path, workers: int) -> None:
    """The ≈200 MB inbox of issue 15: the plain floor and `docclean run` with and without tokens on N
    workers, and with tokens on one worker (the scaling target); one run each."""
    corpus = corpus_inbox(files, seed, cache, scratch / f"corpus-{files}")
    size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    big = BigInbox(files, size)
    res.big = big
    logs = scratch / "logs"
    for tokens in (True, False):
        slug = f"big-plain-{'tokens' if tokens else 'notokens'}"
        log(f"plain floor, {files} files: {'tokens' if tokens else '--no-tokens'}, {workers} workers ...")
        plain = endtoend.plain_run(corpus, scratch / slug, workers, tokens, logs, slug)
        if plain.ok:
            big.plain.append(plain)
            log(f"  {plain.run.seconds:.1f} s wall, {plain.run.tree_cpu_seconds:.1f} CPU-s")
        else:
            res.blocked.append("plain floor (big inbox) failed: " + plain.run.failure())
    for tokens, n in ((True, workers), (False, workers), (True, 1)):
        label = f"docclean run, {'tokens' if tokens else '--no-tokens'}, {n} worker{'s' if n > 1 else ''}, {files} files"
        slug = f"big-{'tokens' if tokens else 'notokens'}-w{n}"
        big.pipelines.append(measured(label, tokens, n, corpus, scratch / f"lake-{slug}", logs, files, size))


def run_peer(res: Results, corpus: Path, scratch: Path, workers: int) -> None:
    try:
        import datatrove  # noqa: F401
    except ImportError:
        res.blocked.append("peer: datatrove is not installed (pip install -c constraints.txt -e '.[bench]')")
        return
    log(f"peer: datatrove, {workers} workers ...")
    peer = endtoend.peer_run(corpus, scratch / "peer", workers, scratch / "logs")
    if not peer.run.ok:
        res.blocked.append("peer failed: " + peer.run.failure())
        return
    log(f"  {peer.run.seconds:.1f} s")
    res.peer, res.peer_workers = peer, workers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2, help="the multi-worker figure (also run with 1)")
    parser.add_argument(
        "--keep", action="store_true", help="keep lakes and logs in bench/.lake-<files>-<seed>/"
    )
    parser.add_argument("--no-cache", action="store_true", help="generate the corpus into the scratch dir")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="best of this many runs for each floor and each 2,000-file configuration",
    )
    parser.add_argument(
        "--rerun-files",
        type=int,
        default=10000,
        help="also ingest, then re-run over, an inbox this big (0: skip)",
    )
    parser.add_argument(
        "--big-files",
        type=int,
        default=0,
        help="issue 15's big inbox: this many files (20500 ≈ 200 MB; 0: skip)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    scratch = scratch_dir(args.files, args.seed, args.keep)
    try:
        corpus = corpus_inbox(args.files, args.seed, not args.no_cache, scratch)
        paths = sorted(p for p in corpus.rglob("*") if p.is_file())
        log("floors (one process) ...")
        floor_report = floors.measure(paths, log, args.repeat)
        log("Prefect: embedded server start on its own ...")
        prefect = endtoend.prefect_start(scratch / "prefect-home", scratch / "logs")
        res = Results(len(paths), floor_report.input_bytes, floor_report, prefect)
        if prefect.error:
            res.blocked.append("Prefect start: " + prefect.error)
        run_pipelines(res, corpus, scratch, args.workers, args.repeat)
        run_plain(res, corpus, scratch, args.workers, args.repeat)
        res.repeat = args.repeat
        if args.rerun_files:
            run_big_rerun(res, args.rerun_files, args.seed, not args.no_cache, scratch, args.workers)
        run_peer(res, corpus, scratch, args.workers)
        if args.big_files:
            run_big(res, args.big_files, args.seed, not args.no_cache, scratch, args.workers)
        text = render(res, args.workers) + "\n" + speed_report.render(res, args.workers)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(text)
    (BENCH / "latest.md").write_text(text, encoding="utf-8")
    log(
        f"wrote {BENCH / 'latest.md'} ({time.perf_counter() - started:.0f} s in all)"
        + (f"; lakes and logs kept in {scratch}" if args.keep else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
