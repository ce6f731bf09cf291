"""Near-duplicate reports: the signature scheme is frozen, edits a republisher makes keep a report a
near-duplicate, different reports that share boilerplate are not, and the index decides as documented."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from docclean.cleaners.neardup import SCHEME, SIGNATURE_BYTES, from_bytes, signature, similarity, to_bytes
from docclean.cleaners.neardup_index import NearDup, SignatureIndex, Signed, find_near_duplicates
from tests.conftest import SAMPLES, sample_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import split_reports  # noqa: E402
from bench.neardup_eval import evaluate, generate, report_text  # noqa: E402

REPORTS = [r for path in SAMPLES for r in split_reports(sample_text(path))]
OPENING = ("尊敬的各位领导、同志们：", "根据会议安排，现将本人一年来履行基层党建工作职责情况报告如下：")


def sig(title: str, paragraphs) -> np.ndarray:
    result = signature(title, tuple(paragraphs))
    assert result is not None
    return result


def signed(report_id: str, order: int, title: str, paragraphs, path: str | None = None) -> Signed:
    return Signed(report_id, (order,), path or f"{report_id}.txt", signature(title, tuple(paragraphs)))


FROZEN = (
    "2023年度抓党建工作述职报告（ＸＸ局）",
    (
        "按照会议安排，我就抓基层党建工作情况述职如下：",
        "一、履职情况",
        "全年召开党组会议XX次，专题研究党建工作12次。",
        "特此报告。",
    ),
)


def test_signature_scheme_is_frozen():
    """Signatures are stored in the lake: a change to the scheme must come with a new SCHEME, never silently."""
    assert SCHEME == "oph-char5-128-v1"
    assert (
        hashlib.sha256(to_bytes(sig(*FROZEN))).hexdigest()
        == "e16356e48e879dfcad52b4f6f065af3ad174b48ed5c3d55faae6e57b005b1ac9"
    )


def test_stored_form_round_trips_and_rejects_other_sizes():
    s = sig(REPORTS[1].title, REPORTS[1].paragraphs)
    assert len(to_bytes(s)) == SIGNATURE_BYTES
    assert np.array_equal(from_bytes(to_bytes(s)), s)
    with pytest.raises(ValueError, match="512 bytes"):
        from_bytes(b"\x00" * 100)


@pytest.mark.parametrize("report", REPORTS[:6], ids=lambda r: r.title)
def test_republishing_edits_keep_a_near_duplicate(report):
    body = list(report.paragraphs)
    original = sig(report.title, body)
    assert similarity(original, sig(report.title, body[::-1])) == 1.0  # paragraphs reordered
    assert similarity(original, sig("最新" + report.title + "范文", body)) >= 0.95  # title changed
    widened = [p.replace("，", ",").replace("XX", "ＸＸＸ") for p in body]  # widths and placeholder runs
    assert similarity(original, sig(report.title, widened)) == 1.0
    assert similarity(original, sig(report.title, [*body, "来源：公文素材库 整理发布"])) >= 0.9


def test_different_reports_sharing_boilerplate_are_not_near_duplicates():
    a, b = REPORTS[7], REPORTS[8]  # same title shape, same opening sentence in the samples
    assert a.paragraphs[0] == b.paragraphs[0]
    assert similarity(sig(a.title, (*OPENING, *a.paragraphs)), sig(a.title, (*OPENING, *b.paragraphs))) < 0.5


def test_too_short_to_compare_is_never_a_near_duplicate():
    assert signature("", ("特此报告。",)) is None
    new = [signed("a", 1, "", ["特此报告。"]), signed("b", 2, "", ["特此报告。"])]
    assert find_near_duplicates(new, SignatureIndex()) == [NearDup("a", None, None), NearDup("b", None, None)]


def test_exact_copies_point_at_the_earliest_copy_across_batches_and_within_one():
    r = REPORTS[2]
    index = SignatureIndex.of(
        [signed("old", 5, r.title, r.paragraphs), signed("older", 3, r.title, r.paragraphs)]
    )
    batch = [signed("new2", 9, r.title, r.paragraphs), signed("new1", 8, r.title, r.paragraphs)]
    assert find_near_duplicates(batch, index) == [
        NearDup("new2", "older", 1.0),
        NearDup("new1", "older", 1.0),
    ]
    alone = find_near_duplicates(batch, SignatureIndex())
    assert alone == [NearDup("new2", "new1", 1.0), NearDup("new1", None, None)]


def test_a_new_version_of_a_file_never_near_duplicates_its_earlier_version():
    r, other = REPORTS[3], REPORTS[4]
    index = SignatureIndex.of([signed("v1", 1, r.title, r.paragraphs, "a.txt")])
    changed = [
        signed("v2", 2, r.title, r.paragraphs[:-1], "a.txt"),
        signed("elsewhere", 3, r.title, r.paragraphs, "b.txt"),
    ]
    dups = find_near_duplicates(changed, index)
    assert dups[0] == NearDup("v2", None, None)  # superseded, not duplicated
    assert (
        dups[1].near_dup_of == "v1"
    )  # another file still finds it (the lake's view hides v1 once superseded)
    assert find_near_duplicates([signed("x", 4, other.title, other.paragraphs)], index)[0].near_dup_of is None


def test_batches_give_the_same_answers_as_one_run():
    items = [signed(f"r{k}", k, r.title, r.paragraphs[k % 3 :]) for k, r in enumerate(REPORTS * 2)]
    at_once = find_near_duplicates(items, SignatureIndex())
    index, batched = SignatureIndex(), []
    for start in range(0, len(items), 7):
        batched += find_near_duplicates(items[start : start + 7], index)
        index = index.extend(items[start : start + 7])
    assert batched == at_once
    assert sum(d.near_dup_of is not None for d in at_once) >= len(REPORTS) // 2


def test_planted_near_duplicates_are_found_and_hard_negatives_are_not(rules):
    """A small version of bench/neardup_eval.py: precision >= 0.99, recall >= 0.95 at Jaccard 0.8."""
    items = generate(48, seed=3)
    stats = evaluate(items, [report_text(it, rules) for it in items], 0.8)
    total = sum(stats.values(), start=type(stats["original"])())
    assert total["expected"] >= 40
    assert total["wrong"] <= 0.01 * total["flagged"]
    assert total["found"] >= 0.95 * total["expected"]


def _reference_fold(text: str) -> str:
    """The folding the scheme is defined by, one character at a time."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        if ch in "\t\r \xa0\u3000":
            continue
        if ch in "XxＸｘ*＊×":
            if out and out[-1] == "X":
                continue
            ch = "X"
        out.append(ch)
    return "".join(out)


@given(
    st.text(
        alphabet=st.sampled_from(
            "XxＸｘ*＊× \t\r\n\xa0\u3000ＡＢａ１，。报告工作\uffff\U0001f600\U00020000a1"
        ),
        max_size=60,
    )
)
def test_the_fast_fold_is_the_scheme_s_fold(text: str):
    from docclean.cleaners.neardup import fold

    assert fold(text) == _reference_fold(text)
