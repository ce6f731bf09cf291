"""Which MinHash? cleaners/neardup.py against datasketch and rensa, for speed and for the same answers.

    .venv/bin/pip install -c constraints.txt -e '.[bench]'     # datasketch and rensa
    .venv/bin/python bench/neardup_libs.py [--originals 200]

Every implementation signs the same cleaned reports of bench/neardup_eval.py's set with 128 values,
over the same shingles (cleaners.neardup.fold, 5-character windows inside a paragraph). The libraries
take the shingles as Python strings, so building those lists is timed too, as its own line (rensa also
takes 64-bit token hashes: the last line feeds it ours). Accuracy:
each implementation's estimate against the true Jaccard of the planted pairs, the hard negatives and
500 random pairs of originals, and how often it lands on the other side of 0.8 than the true value.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.neardup_eval import EDITS, NEGATIVES, generate, jaccard, report_text  # noqa: E402
from docclean.cleaners.neardup import NUM_PERM, SHINGLE, fold, shingle_hashes, signature  # noqa: E402
from docclean.cleaners.rules import default_rules  # noqa: E402

Text = tuple[str, tuple[str, ...]]
_A = np.random.default_rng(1).integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = np.random.default_rng(2).integers(0, 2**63, NUM_PERM, dtype=np.uint64)


def shingle_list(text: Text) -> list[str]:
    title, paragraphs = text
    out: list[str] = []
    for part in (title, *paragraphs):
        folded = fold(part)
        out.extend(folded[i : i + SHINGLE] for i in range(len(folded) - SHINGLE + 1))
    return out


def numpy_kperm(text: Text) -> np.ndarray:
    """Classic MinHash: 128 multiply-shift hash functions over the same 64-bit shingle hashes."""
    hashes = shingle_hashes(*text)
    return ((_A[:, None] * hashes[None, :] + _B[:, None]) >> np.uint64(32)).min(axis=1).astype(np.uint32)


def implementations() -> dict[str, Callable[[list[Text], list[list[str]]], list[np.ndarray]]]:
    from datasketch import MinHash
    from rensa import CMinHash, RMinHash

    def datasketch_each(texts, shingles):
        out = []
        for s in shingles:
            m = MinHash(num_perm=NUM_PERM)
            m.update_batch([x.encode("utf-8") for x in s])
            out.append(m.hashvalues)
        return out

    def rensa_r(texts, shingles):
        out = []
        for s in shingles:
            m = RMinHash(NUM_PERM, 42)
            m.update(s)
            out.append(np.asarray(m.digest(), dtype=np.uint32))
        return out

    def rensa_c(texts, shingles):
        out = []
        for s in shingles:
            m = CMinHash(NUM_PERM, 42)
            m.update(s)
            out.append(np.asarray(m.digest(), dtype=np.uint64))
        return out

    def rensa_bulk(texts, shingles):
        return [
            np.asarray(r, dtype=np.uint32)
            for r in RMinHash.digest_matrix_from_token_sets(shingles, NUM_PERM, 42).to_rows()
        ]

    def rensa_hashed(texts, shingles):
        """Our numpy shingle hashes (no Python strings) into rensa's bulk entry point."""
        hashes = [shingle_hashes(*t) for t in texts]
        offsets = np.concatenate(([0], np.cumsum([len(h) for h in hashes]))).astype(np.uint64)
        matrix = RMinHash.digest_matrix_from_flat_token_hashes(np.concatenate(hashes), offsets, NUM_PERM, 42)
        return [np.asarray(r, dtype=np.uint32) for r in matrix.to_rows()]

    return {
        "docclean (numpy, one-permutation)": lambda texts, _: [signature(*t) for t in texts],
        "numpy, 128 hash functions": lambda texts, _: [numpy_kperm(t) for t in texts],
        "datasketch MinHash.update_batch": datasketch_each,
        "rensa RMinHash": rensa_r,
        "rensa CMinHash": rensa_c,
        "rensa RMinHash digest matrix (bulk)": rensa_bulk,
        "numpy shingle hashes + rensa digest matrix": rensa_hashed,
    }


def pairs(items, rng: random.Random) -> list[tuple[int, int]]:
    """Planted near-duplicates with their original, hard negatives with their mate, random originals."""
    at = {it.name: k for k, it in enumerate(items)}
    out = [(k, at[f"o{it.group}"]) for k, it in enumerate(items) if it.kind in EDITS]
    out += [
        (k, at[it.name[:-1] + "b"])
        for k, it in enumerate(items)
        if it.kind in NEGATIVES and it.name.endswith("a")
    ]
    originals = [k for k, it in enumerate(items) if it.kind == "original"]
    return out + [tuple(rng.sample(originals, 2)) for _ in range(500)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=200)
    args = parser.parse_args(argv)
    items = generate(args.originals, 13)
    rules = default_rules()
    texts = [report_text(it, rules) for it in items]
    keep = [k for k, t in enumerate(texts) if signature(*t) is not None]
    texts, items = [texts[k] for k in keep], [items[k] for k in keep]
    mb = sum(len("\n".join((t, *p)).encode("utf-8")) for t, p in texts) / 1e6
    start = time.process_time()
    shingles = [shingle_list(t) for t in texts]
    list_seconds = time.process_time() - start
    sets = [set(s) for s in shingles]
    checked = pairs(items, random.Random(5))
    truth = np.array([jaccard(sets[a], sets[b]) for a, b in checked])
    print(
        f"{len(texts)} reports, {mb:.2f} MB of cleaned text, {len(checked)} pairs (true Jaccard >= 0.8: {(truth >= 0.8).sum()})"
    )
    print(
        f"building the shingle lists the libraries take: {list_seconds / mb:.3f} s/MB (not in the figures below)\n"
    )
    print(
        "| implementation | CPU s/MB | mean abs. error | max abs. error | other side of 0.8 than the truth |"
    )
    print("|---|---|---|---|---|")
    for name, run in implementations().items():
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            sigs = run(texts, shingles)
            best = min(best, time.process_time() - start)
        estimate = np.array([np.mean(sigs[a] == sigs[b]) for a, b in checked])
        error = np.abs(estimate - truth)
        flips = int(((estimate >= 0.8) != (truth >= 0.8)).sum())
        print(f"| {name} | {best / mb:.3f} | {error.mean():.4f} | {error.max():.3f} | {flips} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
