"""Two docclean versions side by side, in the same round of runs: wall, server wait, flow run, memory,
and whether they write the same lake.

    python bench/compare.py --before OTHER/.venv/bin/docclean [--files 2000] [--seed 7] [--repeat 2]

`--before` is another checkout's `docclean` (e.g. the commit before a change, installed in its own
venv); "after" is this checkout's. Runs alternate (before, after, then after, before …) on fresh copies
of the same corpus, so a slow spell of this shared machine hits both; each figure is the best of
`--repeat`. The report is printed and written to bench/compare.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import endtoend
import same_lake
from run import corpus_inbox

BENCH = Path(__file__).resolve().parent
CONFIGS = [(True, 1), (True, 2), (False, 1), (False, 2)]


def run_one(binary: Path, corpus: Path, scratch: Path, slug: str, tokens: bool, workers: int) -> endtoend.Run:
    inbox = endtoend.copy_inbox(corpus, scratch / f"inbox-{slug}")
    lake = scratch / f"lake-{slug}"
    command = [str(binary), "run", "--inbox", str(inbox), "--lake", str(lake), "--workers", str(workers)]
    env = endtoend.docclean_env() | {"PREFECT_HOME": str(scratch / f"home-{slug.split('-')[0]}")}
    run = endtoend.measure_process(slug, command + ([] if tokens else ["--no-tokens"]), env, scratch / "logs")
    shutil.rmtree(inbox)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the other version's docclean executable")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    after = Path(sys.executable).with_name("docclean")
    scratch = Path(tempfile.mkdtemp(prefix="docclean-compare-"))
    try:
        corpus = corpus_inbox(args.files, args.seed, True, scratch)
        size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
        best: dict[tuple[str, bool, int], endtoend.Run] = {}
        for attempt in range(args.repeat):
            for tokens, workers in CONFIGS:
                order = [("before", args.before), ("after", after)]
                for version, binary in order if attempt % 2 == 0 else order[::-1]:
                    slug = f"{version}-{'tokens' if tokens else 'notokens'}-w{workers}-{attempt}"
                    print(f"run {slug} ...", file=sys.stderr, flush=True)
                    run = run_one(binary, corpus, scratch, slug, tokens, workers)
                    print(f"  {run.seconds:.1f} s, exit {run.returncode}", file=sys.stderr, flush=True)
                    key = (version, tokens, workers)
                    if run.ok and (key not in best or run.seconds < best[key].seconds):
                        best[key] = run
        text = render(best, size, args)
        (BENCH / "compare.md").write_text(text + "\n", encoding="utf-8")  # the timings, whatever follows
        same = {}
        for tokens, workers in CONFIGS:
            lakes = [
                scratch / f"lake-{v}-{'tokens' if tokens else 'notokens'}-w{workers}-0"
                for v in ("before", "after")
            ]
            same[(tokens, workers)] = same_lake.differences(*lakes)
        text += "\n\n" + render_same(same)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(text)
    (BENCH / "compare.md").write_text(text + "\n", encoding="utf-8")
    return 0


def render(best: dict[tuple[str, bool, int], endtoend.Run], size: int, args: argparse.Namespace) -> str:
    out = [
        f"# before / after: {args.files} files, {size / 1e6:.1f} MB, best of {args.repeat}, same round of runs",
        "",
        "| run | version | wall s | server wait s | flow run s | MB/s without the wait | "
        "CPU s, process tree | peak RSS tree | peak PSS tree |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for tokens, workers in CONFIGS:
        for version in ("before", "after"):
            run = best.get((version, tokens, workers))
            if run is None:
                out.append(
                    f"| {'tokens' if tokens else '--no-tokens'}, {workers} w | {version} | failed | | | | | | |"
                )
                continue
            waited = endtoend.server_seconds(run) or 0.0
            flow = endtoend.flow_seconds(run) or 0.0
            out.append(
                f"| {'tokens' if tokens else '--no-tokens'}, {workers} w | {version} | {run.seconds:.1f} | "
                f"{waited:.1f} | {flow:.1f} | {size / 1e6 / max(run.seconds - waited, 1e-9):.2f} | "
                f"{run.tree_cpu_seconds:.1f} | {run.tree_peak_rss / 2**20:.0f} MB | {run.tree_peak_pss / 2**20:.0f} MB |"
            )
    out += [
        "",
        "Second worker, whole command (wall 1 worker ÷ wall 2 workers; without the server wait in brackets):",
        "",
    ]
    for tokens in (True, False):
        for version in ("before", "after"):
            one, two = best.get((version, tokens, 1)), best.get((version, tokens, 2))
            if one and two:
                net = [r.seconds - (endtoend.server_seconds(r) or 0.0) for r in (one, two)]
                out.append(
                    f"- {'tokens' if tokens else '--no-tokens'}, {version}: {one.seconds / two.seconds:.2f}× "
                    f"({net[0] / net[1]:.2f}×)"
                )
    return "\n".join(out)


def render_same(same: dict[tuple[bool, int], dict[str, tuple[int, int, int]]]) -> str:
    out = [
        "Lake content, before vs after (the query views without provenance columns; bench/same_lake.py):",
        "",
    ]
    for (tokens, workers), found in same.items():
        parts = ", ".join(f"{d} {a}/{b} rows, {n} differ" for d, (a, b, n) in found.items())
        out.append(f"- {'tokens' if tokens else '--no-tokens'}, {workers} w: {parts}")
    return "\n".join(out)


if __name__ == "__main__":
    os.chdir(BENCH.parent)
    sys.exit(main())
