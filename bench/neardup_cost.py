"""What near-duplicates cost a tokens run: `docclean run` on the benchmark corpus, CPU of the process tree
and the stages that belong to near-duplicates, optionally against a version without them.

    python bench/neardup_cost.py [--before OTHER/.venv/bin/docclean] [--files 2000] [--seed 7] [--repeat 2]

Each run ingests a fresh copy of the corpus into a fresh lake, with tokens and one worker. From its run
record: `signatures` (the workers' CPU seconds signing reports) and `near_dups` (the flow's thread, in
wall seconds: the index loaded, each shard's reports answered, the answers written); from psutil: the
CPU seconds of the whole process tree (robust to other load on a shared machine, where wall time is
not). The flow thread's share is wall time, inflated when the cores are busy, so the answers are also
replayed from the last run's lake in this process and timed in CPU seconds (`replay_cpu`). With
`--before`, runs alternate between the two versions and the difference in tree CPU is printed too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import endtoend
from run import corpus_inbox


def replay_cpu(lake: Path) -> tuple[float, int]:
    """CPU seconds of answering the lake's batches in commit order, as the flow's thread does (each
    batch's signatures against the live reports before it), and the number of reports answered."""
    import time

    import pyarrow.parquet as pq

    from docclean.cleaners.neardup_index import SignatureIndex
    from docclean.cleaners.neardup_live import LiveIndex
    from docclean.flows.ingest.neardups import _signed

    live, cpu, reports = LiveIndex(SignatureIndex()), 0.0, 0
    for part in sorted((lake / "signatures").glob("*.parquet")):
        table = pq.read_table(part)
        replaced = pq.read_table(lake / "files" / part.name, columns=["source_path"]).column(0).to_pylist()
        started = time.process_time()
        live.advance(list(_signed(table)), replaced)
        cpu += time.process_time() - started
        reports += table.num_rows
    return cpu, reports


def one_run(
    binary: Path, corpus: Path, scratch: Path, slug: str, keep: bool = False
) -> tuple[endtoend.Run, dict[str, float]]:
    inbox = endtoend.copy_inbox(corpus, scratch / f"inbox-{slug}")
    lake = scratch / f"lake-{slug}"
    command = [str(binary), "run", "--inbox", str(inbox), "--lake", str(lake), "--workers", "1"]
    env = endtoend.docclean_env() | {"PREFECT_HOME": str(scratch / f"home-{slug.split('-')[0]}")}
    run = endtoend.measure_process(slug, command, env, scratch / "logs")
    records = sorted((lake / "_runs").glob("*.json"))
    timings = json.loads(records[-1].read_text("utf-8"))["timings"] if records else {}
    shutil.rmtree(inbox)
    if not keep:
        shutil.rmtree(lake)
    return run, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a docclean without near-duplicates, for the difference")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    after = Path(sys.executable).with_name("docclean")
    versions = [("after", after)] + ([("before", args.before)] if args.before else [])
    scratch = Path(tempfile.mkdtemp(prefix="docclean-neardup-cost-"))
    cpu: dict[str, list[float]] = {name: [] for name, _ in versions}
    stages: list[dict[str, float]] = []
    try:
        corpus = corpus_inbox(args.files, args.seed, True, scratch)
        for attempt in range(args.repeat):
            for name, binary in versions if attempt % 2 == 0 else versions[::-1]:
                run, timings = one_run(binary, corpus, scratch, f"{name}-{attempt}", keep=name == "after")
                if not run.ok:
                    print(run.failure(), file=sys.stderr)
                    return 1
                cpu[name].append(run.tree_cpu_seconds)
                if name == "after":
                    stages.append(timings)
                print(
                    f"{name} #{attempt}: tree CPU {run.tree_cpu_seconds:.1f} s, wall {run.seconds:.1f} s",
                    file=sys.stderr,
                )
        replayed, answered = replay_cpu(scratch / f"lake-after-{args.repeat - 1}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    best = {name: min(values) for name, values in cpu.items()}
    lines = [
        f"`docclean run` (tokens, 1 worker) on {args.files} files, seed {args.seed}; best of {args.repeat}:"
    ]
    for k, timings in enumerate(stages):
        own = timings.get("signatures", 0.0) + timings.get("near_dups", 0.0)
        lines.append(
            f"- run {k}: signatures {timings.get('signatures', 0.0):.2f} s (workers' CPU) + near_dups "
            f"{timings.get('near_dups', 0.0):.2f} s (flow thread) = {own:.2f} s, "
            f"{own / cpu['after'][k]:.1%} of the tree's {cpu['after'][k]:.1f} CPU-s"
        )
    signing = min(t.get("signatures", 0.0) for t in stages)
    lines.append(
        f"- answering replayed in CPU seconds: {replayed:.2f} s for {answered} reports; with the signatures "
        f"({signing:.2f} s): {(replayed + signing) / best['after']:.1%} of the best tree CPU ({best['after']:.1f} s)"
    )
    if "before" in best:
        extra = best["after"] - best["before"]
        lines.append(
            f"- tree CPU, best: after {best['after']:.1f} s, before {best['before']:.1f} s: "
            f"{extra:+.1f} s ({extra / best['before']:+.1%})"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
