"""Precision and recall of near-duplicate detection on a generated set with planted pairs, and its cost.

    .venv/bin/python bench/neardup_eval.py [--originals 500] [--seed 13] [--threshold 0.8] [--lake-size 100000]

The set is deterministic, built from the real reports in data/samples/ with bench/make_corpus.py's
generator (a base report's paragraphs, some swapped for others', every figure redrawn):
- originals: different reports, about half with a submission watermark line before the title;
- planted near-duplicates of an original, one edit each: `watermark` (another site's watermark or
  notice, some unknown to the rules), `placeholders` (X/XX/** blanks swapped or filled with 某/某某),
  `drop` (one paragraph gone), `title` (a new title), `reorder` (paragraphs shuffled), `combo` (watermark,
  title and placeholders at once) and `exact` (the same file again);
- planted hard negatives: a pair of different reports with the same title (unit and year) and the same
  boilerplate opening and closing paragraphs (`shared_boilerplate`), or from the same template report
  with their own figures and some paragraphs of their own, true Jaccard below 0.7 (`same_template`).
Every report is a file of its own, cleaned by the real cleaner (build_document); its signature is taken
from the cleaned report, as the lake would. Files arrive in random order, in batches of 100, each batch
checked against the index of the earlier ones: a report is right when its `near_dup_of` is a report of
its own planted group; recall counts the reports that have an earlier member of their group.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_corpus import WATERMARKS, Report, load_reports, vary_figures, vary_title  # noqa: E402
from docclean.cleaners.document import build_document  # noqa: E402
from docclean.cleaners.model import Decoded  # noqa: E402
from docclean.cleaners.neardup import SHINGLE, THRESHOLD, fold, signature  # noqa: E402
from docclean.cleaners.neardup_index import SignatureIndex, Signed, find_near_duplicates  # noqa: E402
from docclean.cleaners.rules import default_rules  # noqa: E402

EDITS = ("watermark", "placeholders", "drop", "title", "reorder", "combo", "exact")
NEGATIVES = ("shared_boilerplate", "same_template")
# Watermarks and notices of other sites: the first three are the rules' own, the others no rule knows.
OTHER_MARKS = (
    *WATERMARKS,
    "来源：公文素材库 整理发布",
    "更多精品范文请关注笔墨文库",
    "（本文由网友上传，如有侵权请联系删除）",
)
BLANKS = ("X", "XX", "XXX", "**", "某", "某某")
BLANK = re.compile(r"X{1,3}|\*{1,2}")
OPENINGS = ("尊敬的各位领导、同志们：", "根据会议安排，现将本人一年来履行基层党建工作职责情况报告如下：")
CLOSINGS = ("以上报告，请予审议。", "特此报告。")
BATCH = 100
TEMPLATE_MAX = 0.7  # a same-template pair this similar is drawn again: "different" has a margin below 0.8


@dataclass(frozen=True)
class Item:
    name: str
    group: int  # planted near-duplicates share a group; everything else has one of its own
    kind: str  # original | an edit | a negative kind
    lines: tuple[str, ...]  # the file: optional watermark, title, paragraphs


@dataclass
class Registry:
    """Which source paragraphs each generated report took, so that different reports stay different:
    a new one is drawn again while it shares half of its text (by paragraph) with an earlier one."""

    pool: list[Report]
    paragraphs: list[str]
    taken: list[dict[int, int]]  # per report: source paragraph -> its length

    def overlap(self, mine: dict[int, int], other: dict[int, int]) -> float:
        shared = sum(n for k, n in mine.items() if k in other)
        return shared / (sum(mine.values()) + sum(other.values()) - shared)

    def draw(
        self,
        rng: random.Random,
        base: Report | None = None,
        own: float = 0.5,
        mate: int | None = None,
        check: bool = True,
    ) -> Report:
        """A different report: a base report's paragraphs (half swapped for others'), figures redrawn.
        `mate`: the report a hard negative is paired with, the one it may resemble; `check=False` skips
        the comparison with every earlier report (for the lake-size measurement)."""
        for _ in range(1000):
            chosen = base or rng.choice(self.pool)
            budget = sum(map(len, chosen.paragraphs)) * rng.uniform(0.5, 1.0)
            picks: dict[int, int] = {}
            for i, para in enumerate(chosen.paragraphs):
                if sum(picks.values()) >= budget and i >= 4:
                    break
                k = self.paragraphs.index(para) if rng.random() < own else rng.randrange(len(self.paragraphs))
                picks.setdefault(k, len(self.paragraphs[k]))
            if not check or all(self.overlap(picks, t) < 0.5 for j, t in enumerate(self.taken) if j != mate):
                if check:
                    self.taken.append(picks)
                body = tuple(vary_figures(self.paragraphs[k], rng) for k in picks)
                return Report(vary_title(chosen.title, rng), body)
        raise SystemExit("cannot draw a report different enough from the others: ask for fewer originals")


def file_lines(report: Report, rng: random.Random, mark: str | None = None) -> tuple[str, ...]:
    mark = mark if mark is not None else (rng.choice(WATERMARKS) if rng.random() < 0.5 else "")
    return tuple(line for line in (mark, report.title, *report.paragraphs) if line)


def edit(report: Report, kind: str, rng: random.Random) -> tuple[str, ...]:
    """One planted near-duplicate of `report`."""
    title, body = report.title, list(report.paragraphs)
    mark = None
    if kind in ("watermark", "combo"):
        mark = rng.choice(OTHER_MARKS)
        if rng.random() < 0.5:  # some sites repeat their notice inside the text
            body.insert(rng.randrange(1, len(body)), rng.choice(OTHER_MARKS[3:]))
    if kind in ("placeholders", "combo"):
        body = [BLANK.sub(lambda m: rng.choice(BLANKS) if rng.random() < 0.7 else m.group(), p) for p in body]
    if kind == "drop":
        del body[rng.randrange(len(body))]
    if kind in ("title", "combo"):
        title = rng.choice(
            (f"最新{title}", f"{vary_title(title, rng)}范文", "个人述职报告", f"{title}（精选）")
        )
    if kind == "reorder":
        rng.shuffle(body)
    return file_lines(Report(title, tuple(body)), rng, mark)


def negative_pair(kind: str, reg: Registry, rng: random.Random) -> tuple[tuple[str, ...], ...]:
    """Two different reports of one unit and year that share their boilerplate (or their template)."""
    base = rng.choice(reg.pool)
    first = reg.draw(rng, base)
    if kind == "same_template":  # the same template, each with its own figures and some text of its own
        mate = len(reg.taken) - 1
        for _ in range(100):
            second = reg.draw(rng, base, own=0.9, mate=mate)
            if (
                jaccard(shingles(first.title, first.paragraphs), shingles(first.title, second.paragraphs))
                < TEMPLATE_MAX
            ):
                break
            reg.taken.pop()  # a near-duplicate after all, not a negative: draw again
    else:
        other = reg.draw(rng, rng.choice([r for r in reg.pool if r is not base]))
        opening, closing = rng.randint(1, 3), rng.randint(1, 2)
        first = Report(first.title, (*OPENINGS, *first.paragraphs, *CLOSINGS))
        second = Report(
            first.title, (*first.paragraphs[:opening], *other.paragraphs, *first.paragraphs[-closing:])
        )
    return file_lines(first, rng), file_lines(Report(first.title, second.paragraphs), rng)


def generate(originals: int, seed: int) -> list[Item]:
    """The whole set, in ingestion order."""
    rng = random.Random(seed)
    pool = load_reports()
    reg = Registry(pool, list(dict.fromkeys(p for r in pool for p in r.paragraphs)), [])
    items: list[Item] = []
    reports = [reg.draw(rng) for _ in range(originals)]
    for group, report in enumerate(reports):
        items.append(Item(f"o{group}", group, "original", file_lines(report, rng)))
    for k in range(originals // 8 * len(EDITS)):
        group = rng.randrange(originals)
        kind = EDITS[k % len(EDITS)]
        lines = items[group].lines if kind == "exact" else edit(reports[group], kind, rng)
        items.append(Item(f"v{k}", group, kind, lines))
    for k in range(originals // 4):
        kind = NEGATIVES[k % len(NEGATIVES)]
        for j, lines in enumerate(negative_pair(kind, reg, rng)):
            items.append(Item(f"n{k}{'ab'[j]}", originals + 2 * k + j, kind, lines))
    rng.shuffle(items)
    return items


def shingles(title: str, paragraphs: tuple[str, ...]) -> set[str]:
    """The exact shingle set the signature estimates (for the true Jaccard of planted pairs)."""
    out: set[str] = set()
    for text in (title, *paragraphs):
        folded = fold(text)
        out.update(folded[i : i + SHINGLE] for i in range(len(folded) - SHINGLE + 1))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def report_text(item: Item, rules) -> tuple[str, tuple[str, ...]]:
    """The file through the real cleaner: its report's title and paragraphs, as the lake holds them (when
    the cleaner splits a file in two, the second title and text count as paragraphs of the first)."""
    doc = build_document(item.name, Decoded("\n".join(item.lines), "text", "utf-8", 1.0), rules)
    if not doc.reports:
        return "", ()
    first, *rest = doc.reports
    return first.title, (*first.paragraphs, *(p for r in rest for p in (r.title, *r.paragraphs) if p))


def evaluate(
    items: list[Item], texts: list[tuple[str, tuple[str, ...]]], threshold: float
) -> dict[str, Counter]:
    signed = [
        Signed(it.name, (k,), it.name, signature(*t))
        for k, (it, t) in enumerate(zip(items, texts, strict=True))
    ]
    index, found = SignatureIndex(), {}
    for start in range(0, len(signed), BATCH):
        batch = signed[start : start + BATCH]
        found.update((d.report_id, d) for d in find_near_duplicates(batch, index, threshold))
        index = index.extend(batch)
    group = {it.name: it.group for it in items}
    seen: set[int] = set()
    stats: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        dup = found[it.name]
        expected = it.group in seen
        seen.add(it.group)
        hit = dup.near_dup_of is not None
        right = hit and group[dup.near_dup_of] == it.group
        stats[it.kind].update(
            expected=expected, found=expected and right, flagged=hit, wrong=hit and not right
        )
    return stats


def pair_jaccards(items: list[Item], texts: list[tuple[str, tuple[str, ...]]]) -> dict[str, list[float]]:
    """True Jaccard of each planted pair: near-duplicate with its original, hard negative with its mate."""
    sets = {it.name: shingles(*t) for it, t in zip(items, texts, strict=True)}
    by_name = {it.name: it for it in items}
    out: dict[str, list[float]] = defaultdict(list)
    for it in items:
        if it.kind in EDITS:
            out[it.kind].append(jaccard(sets[it.name], sets[f"o{it.group}"]))
        elif it.kind in NEGATIVES and it.name.endswith("a"):
            out[it.kind].append(jaccard(sets[it.name], sets[by_name[it.name[:-1] + "b"].name]))
    return out


def cost(items: list[Item], texts: list[tuple[str, tuple[str, ...]]]) -> dict[str, float]:
    """Seconds per MB of cleaned report text: signatures, the tokenizer, and the whole tokens-run core."""
    from docclean.cleaners.tokens import keywords, tokenize

    rules = default_rules()
    keywords(tokenize("预热，增长1.5%"))
    joined = ["\n".join((t, *p)) for t, p in texts]
    mb = sum(len(s.encode("utf-8")) for s in joined) / 1e6
    clock = {}
    start = time.process_time()
    for t, p in texts:
        signature(t, p)
    clock["signature"] = time.process_time() - start
    start = time.process_time()
    for s in joined:
        keywords(tokenize(s))
    clock["tokens+keywords"] = time.process_time() - start
    start = time.process_time()
    for it in items:
        build_document(it.name, Decoded("\n".join(it.lines), "text", "utf-8", 1.0), rules, tokenize, keywords)
    clock["core with tokens"] = time.process_time() - start
    return {name: seconds / mb for name, seconds in clock.items()} | {"MB": mb}


def lake_scale(size: int, seed: int) -> dict[str, float]:
    """An index of `size` stored signatures: its memory, build time, and one 1,000-report batch against it."""
    import tracemalloc

    import numpy as np

    rng = random.Random(seed)
    pool = load_reports()
    reg = Registry(pool, list(dict.fromkeys(p for r in pool for p in r.paragraphs)), [])
    reports = (reg.draw(rng, check=False) for _ in range(size + 1000))
    sigs = [s for s in (signature(r.title, r.paragraphs) for r in reports) if s is not None]

    stored = np.array(sigs[:size], dtype=np.uint32)  # as read from the lake: one (size, 128) matrix
    ids = [f"{k:024x}" for k in range(size)]
    paths = [f"{k // 5:06d}.txt" for k in range(size)]
    orders = [(k,) for k in range(size)]
    tracemalloc.start()
    start = time.perf_counter()
    index = SignatureIndex(ids, orders, paths, stored)
    built = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    index_bytes = index.signatures.nbytes + index._keys.nbytes + index._rows.nbytes
    new = [Signed(f"new{k}", (size + k,), f"new{k // 5}.txt", s) for k, s in enumerate(sigs[size:])]
    start = time.perf_counter()
    dups = find_near_duplicates(new, index)
    queried = time.perf_counter() - start
    return storage(stored, ids) | {
        "reports": size,
        "index arrays MB": index_bytes / 1e6,
        "peak MB while building (tracemalloc)": peak / 1e6,
        "build s": built,
        "1,000 new reports s": queried,
        "near-duplicates among them": sum(d.near_dup_of is not None for d in dups),
    }


def storage(stored, ids: list[str]) -> dict[str, float]:
    """The signatures as a Parquet column three ways: file size, and the time to read them back into the
    (reports, 128) matrix the index takes."""
    import tempfile

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = pa.array(stored.reshape(-1), pa.uint32())
    columns = {
        "fixed_size_binary(512)": pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(512), len(stored), [None, pa.py_buffer(stored.astype("<u4").tobytes())]
        ),
        "fixed_size_list<uint32, 128>": pa.FixedSizeListArray.from_arrays(flat, 128),
        "list<uint32>": pa.ListArray.from_arrays(
            pa.array(np.arange(0, len(flat) + 1, 128, dtype=np.int32)), flat
        ),
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, column in columns.items():
            path = f"{tmp}/signatures.parquet"
            pq.write_table(pa.table({"report_id": ids, "minhash": column}), path)
            start = time.perf_counter()
            read = pq.read_table(path, columns=["minhash"]).column("minhash").combine_chunks()
            if name.startswith("fixed_size_binary"):
                matrix = np.frombuffer(read.buffers()[1], dtype="<u4").reshape(-1, 128)
            else:
                matrix = read.flatten().to_numpy().reshape(-1, 128)
            seconds = time.perf_counter() - start
            assert np.array_equal(matrix, stored)
            out[f"{name}: Parquet MB"] = Path(path).stat().st_size / 1e6
            out[f"{name}: read s"] = seconds
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--lake-size", type=int, default=0, help="also measure an index of this many reports")
    args = parser.parse_args(argv)
    items = generate(args.originals, args.seed)
    rules = default_rules()
    texts = [report_text(it, rules) for it in items]
    stats = evaluate(items, texts, args.threshold)
    total = sum(stats.values(), Counter())
    precision = 1 - total["wrong"] / max(total["flagged"], 1)
    recall = total["found"] / max(total["expected"], 1)
    print(f"{len(items)} reports ({Counter(it.kind for it in items)}), threshold {args.threshold}")
    print(
        f"precision {precision:.4f} ({total['flagged'] - total['wrong']}/{total['flagged']}), target >= 0.99"
    )
    print(f"recall    {recall:.4f} ({total['found']}/{total['expected']}), target >= 0.95")
    jaccards = pair_jaccards(items, texts)
    print(
        "\n| kind | reports | recall | wrongly flagged | true Jaccard with its mate: min / median / max | mates below 0.8 |"
    )
    print("|---|---|---|---|---|---|")
    for kind in ("original", *EDITS, *NEGATIVES):
        c, js = stats[kind], sorted(jaccards.get(kind, []))
        spread = f"{js[0]:.2f} / {js[len(js) // 2]:.2f} / {js[-1]:.2f}" if js else "—"
        rec = f"{c['found'] / c['expected']:.3f}" if c["expected"] else "—"
        below = sum(j < args.threshold for j in js) if kind in EDITS else "—"
        print(
            f"| {kind} | {sum(it.kind == kind for it in items)} | {rec} | {c['wrong']} | {spread} | {below} |"
        )
    per_mb = cost(items, texts)
    ratio = per_mb["signature"] / per_mb["core with tokens"]
    print(f"\ncost, CPU seconds per MB of cleaned report text ({per_mb['MB']:.2f} MB):")
    for name in ("signature", "tokens+keywords", "core with tokens"):
        print(f"  {name:18} {per_mb[name]:.4f}")
    print(f"signatures = {ratio:.1%} of the core's CPU with tokens, target <= 10%")
    if args.lake_size:
        print(f"\nan index of {args.lake_size:,} stored signatures:")
        for name, value in lake_scale(args.lake_size, args.seed).items():
            print(f"  {name}: {value:,.2f}" if isinstance(value, float) else f"  {name}: {value:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
