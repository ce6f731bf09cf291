"""What the detectors cost the cleaning floor, in instructions (issue 10: at most 1.25x the floor before them).

    python bench/floor_instructions.py [--base d3dee5d] [--files 166]

Timings on the shared machine vary by ±30 %, so this counts instructions instead (valgrind's callgrind,
≈2 minutes): the clean-and-segment loop (`build_document`, no tokens) over the text and HTML files of a
benchmark corpus (`make_corpus.py`, DOCX and PDF left out: the base commit read neither), in this checkout
and in `--base` (the last commit before the detectors), each after the same warm-up. A run of the loop is
counted as the whole process's instructions minus those of the same process that stops before the loop;
the two differ by ±20 M between runs. Needs `valgrind` (apt install valgrind).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "d3dee5d"  # the parent of 221bb4c, which added the detectors
TARGET = 1.25


def child(checkout: str, shim: str, corpus: str, run_loop: bool) -> None:
    """The measured process: `docclean` is `checkout`, through `shim` (a folder holding a link named
    docclean to it) first on sys.path."""
    sys.path[:0] = [shim, checkout]
    from bench import floors  # the checkout's own bench: its Corpus and stages

    try:
        rules_module = importlib.import_module("docclean.cleaners.rules")
    except ImportError:  # a commit from before the package was named docclean
        rules_module = importlib.import_module("cleaners.rules")

    paths = sorted(p for p in Path(corpus).rglob("*") if p.is_file())
    corpus_ = floors.Corpus(paths)
    rules = rules_module.default_rules()
    floors.read_and_decode(corpus_)
    floors.extract_html(corpus_, rules)
    for path, d in list(zip(paths, corpus_.decoded, strict=True))[:5]:  # lazy tables and compiled patterns
        floors.build_document(str(path), d, rules, None, None)
    gc.collect()
    gc.freeze()
    if run_loop:
        for path, d in zip(paths, corpus_.decoded, strict=True):
            floors.build_document(str(path), d, rules, None, None)


def instructions(checkout: Path, shim: Path, corpus: Path, run_loop: bool) -> int:
    out = shim.parent / f"callgrind.{shim.name}.{int(run_loop)}"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__, "--child"]
        + [str(checkout), str(shim), str(corpus), "loop" if run_loop else "setup"],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    totals = re.search(r"^(?:totals|summary): (\d+)", out.read_text(), re.M)
    assert totals, f"no totals in {out}"
    return int(totals.group(1))


def loop_instructions(checkout: Path, corpus: Path, label: str) -> int:
    shim = corpus.parent / f"shim-{label}"
    shim.mkdir()
    (shim / "docclean").symlink_to(checkout)
    return instructions(checkout, shim, corpus, True) - instructions(checkout, shim, corpus, False)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "loop")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--files", type=int, default=166)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, ROOT / "bench" / "make_corpus.py", corpus, "--files", str(args.files)],
            check=True,
            capture_output=True,
        )
        for path in [*corpus.rglob("*.docx"), *corpus.rglob("*.pdf")]:
            path.unlink()
        base = work / "base"
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "-q", "--detach", base, args.base], check=True)
        try:
            files = sum(1 for p in corpus.rglob("*") if p.is_file())
            before = loop_instructions(base, corpus, "before")
            now = loop_instructions(ROOT, corpus, "now")
        finally:
            subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", base], check=True)
    ratio = now / before
    print(f"clean + segment over {files} benchmark files (text and HTML), instructions:")
    print(f"  before the detectors ({args.base}): {before / 1e6:,.0f} M")
    print(f"  this checkout:                  {now / 1e6:,.0f} M  ({ratio:.2f}x)")
    print(f"  target <= {TARGET}x: {'PASS' if ratio <= TARGET else 'FAIL'} (runs vary by ±20 M)")


if __name__ == "__main__":
    main()
