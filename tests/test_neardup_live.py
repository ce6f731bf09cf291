"""Near-duplicates across batches: a file's new version retires its old reports, the reports that named
them are answered again, copies of one file point at each other, and the answers stay those of a
fresh look at the live reports however the batches came."""

from __future__ import annotations

import random

import numpy as np
import pytest

from docclean.cleaners.neardup import THRESHOLD, signature, similarity
from docclean.cleaners.neardup_index import NearDup, SignatureIndex, Signed, find_near_duplicates
from docclean.cleaners.neardup_live import LiveIndex
from tests.test_neardup import REPORTS


def entry(report_id: str, order: int, path: str, k: int, edit: int = 0) -> Signed:
    """Report k of the samples; `edit` 1 drops its last paragraph (still a near-duplicate of it)."""
    r = REPORTS[k]
    return Signed(report_id, (order,), path, signature(r.title, r.paragraphs[: len(r.paragraphs) - edit]))


def links(live: LiveIndex) -> dict[tuple[str, str], str]:
    return dict(live.links)


def test_two_copies_of_one_file_in_one_batch_keep_one_root():
    """Same bytes at two paths: same report ids; the later copy names the earlier one's id (its own)."""
    batch = [entry("x", 1, "a.txt", 2), entry("x", 2, "b.txt", 2)]
    assert find_near_duplicates(batch, SignatureIndex()) == [NearDup("x", None, None), NearDup("x", "x", 1.0)]


def test_a_new_version_retires_the_old_one_and_its_followers_are_answered_again():
    live = LiveIndex(SignatureIndex())
    live.advance([entry("a1", 1, "a.txt", 3)], ["a.txt"])
    live.advance([entry("d1", 2, "d.txt", 3, edit=1)], ["d.txt"])
    live.advance([entry("b1", 3, "b.txt", 3)], ["b.txt"])
    assert links(live) == {("d.txt", "d1"): "a1", ("b.txt", "b1"): "a1"}
    # a.txt changes into another report: a1 is gone, so d1 (the earliest left) is the root of the group
    answers = live.advance([entry("a2", 4, "a.txt", 5)], ["a.txt"])
    assert [(r.source_path, r.near, r.again) for r in answers] == [
        ("a.txt", NearDup("a2", None, None), False),
        ("d.txt", NearDup("d1", None, None), True),
        ("b.txt", NearDup("b1", "d1", answers[2].near.similarity), True),
    ]
    assert links(live) == {("b.txt", "b1"): "d1"}
    assert not live.rows_by_id.get("a1")


def test_a_file_emptied_retires_its_reports_too():
    live = LiveIndex(SignatureIndex())
    live.advance([entry("a1", 1, "a.txt", 3), entry("b1", 2, "b.txt", 3)], ["a.txt", "b.txt"])
    answers = live.advance([], ["a.txt"])  # a.txt's new version has no report (empty, quarantined)
    assert [(r.near, r.again) for r in answers] == [(NearDup("b1", None, None), True)]


def test_a_copy_stays_named_while_the_other_copy_lives():
    live = LiveIndex(SignatureIndex())
    live.advance([entry("x", 1, "a.txt", 2)], ["a.txt"])
    live.advance([entry("x", 2, "b.txt", 2)], ["b.txt"])
    live.advance([entry("y", 3, "c.txt", 2, edit=1)], ["c.txt"])
    assert links(live) == {("b.txt", "x"): "x", ("c.txt", "y"): "x"}
    answers = live.advance([entry("z", 4, "a.txt", 7)], ["a.txt"])  # a.txt's copy goes, b.txt's stays
    assert {r.near.report_id: r.near.near_dup_of for r in answers if r.again} == {"x": None}
    assert links(live) == {("c.txt", "y"): "x"}  # still names a live report: b.txt's copy


def test_links_left_dangling_in_the_lake_are_answered_again_first():
    """A lake repaired since (a batch taken out) can hold an answer naming a report that is gone."""
    index = SignatureIndex.of([entry("d1", 2, "d.txt", 3, edit=1), entry("b1", 3, "b.txt", 3)])
    live = LiveIndex(index, {("d.txt", "d1"): "a1", ("b.txt", "b1"): "a1"})
    answers = live.advance([], [])
    assert [(r.near.report_id, r.near.near_dup_of) for r in answers] == [("d1", None), ("b1", "d1")]


def brute_force(entries: list[Signed]) -> dict[tuple[str, str], str]:
    """The definition, without LSH: the earliest earlier live report at or above the threshold."""
    out = {}
    for i, e in enumerate(entries):
        for f in entries[:i]:
            if similarity(e.signature, f.signature) >= THRESHOLD:
                out[e.source_path, e.report_id] = f.report_id
                break
    return out


@pytest.mark.parametrize("seed", range(6))
def test_answers_equal_a_fresh_look_at_the_live_reports(seed: int):
    """Random batches of new files and new versions of old ones (reports far apart or near copies)."""
    rng = random.Random(seed)
    live, current, order = LiveIndex(SignatureIndex()), {}, 0
    for _ in range(8):
        paths = rng.sample([f"f{k}.txt" for k in range(12)], rng.randint(1, 4))
        batch = []
        for path in sorted(paths):
            version = []
            for ordinal in range(rng.randint(0, 2)):
                order += 1
                k, edit = rng.randrange(6), rng.randint(0, 1)
                version.append(entry(f"{path}:{order}:{ordinal}:{k}", order, path, k, edit))
            current[path] = version
            batch += version
        live.advance(batch, paths)
    entries = sorted((e for v in current.values() for e in v), key=lambda e: e.order)
    assert links(live) == brute_force(entries)
    assert len(live) == len(entries)


def test_extend_merges_later_rows_as_a_rebuild_would():
    items = [entry(f"r{k}", k, f"{k}.txt", k % 9, edit=k % 2) for k in range(30)]
    merged = SignatureIndex.of(items[:20]).extend(items[20:])
    rebuilt = SignatureIndex.of(items)
    assert merged.report_ids == rebuilt.report_ids
    assert np.array_equal(merged._keys, rebuilt._keys) and np.array_equal(merged._rows, rebuilt._rows)
    earlier = SignatureIndex.of(items[10:]).retire(["12.txt"]).extend(items[:10])  # not later: rebuilt
    assert len(earlier) == 29 and "r12" not in earlier.report_ids and earlier.alive.all()
