"""Properties over random mixes of real content and real noise: content survives byte for byte, noise
goes, records replay to the output, and cleaning twice is the same as cleaning once."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docclean.cleaners.engine import clean_text, replay
from docclean.cleaners.rules import default_rules
from tests.conftest import ROOT

RULES = default_rules()
CONTENT = sorted(
    {
        p
        for path in (ROOT / "tests" / "golden").glob("*.json")
        for report in json.loads(path.read_text(encoding="utf-8"))["reports"]
        for p in report["paragraphs"][:12]
    }
)
# Whole-line noise that may stand anywhere: the examples of every line rule not tied to a file edge.
NOISE_LINES = sorted(
    {e.text for r in RULES.rules if r.kind == "line" and r.where == "any" for e in r.examples if not e.clean}
)
GLUED = ["【更多#素~材搜索哒&哒文#库*~】", "*【更多素材搜索哒^#哒文库】", "##paidend##", "k9Xq2Lm7Vt"]
MARKERS = ["##paidbegin##", "$$paidend$$", "\u200b"]

line_plan = st.one_of(
    st.tuples(st.just("content"), st.sampled_from(CONTENT)),
    st.tuples(st.just("noise"), st.sampled_from(NOISE_LINES)),
    st.tuples(st.just("glued"), st.sampled_from(CONTENT), st.sampled_from(GLUED)),
    st.tuples(st.just("inside"), st.sampled_from(CONTENT), st.sampled_from(MARKERS), st.integers(1, 40)),
    st.tuples(st.just("blank"), st.sampled_from(["", "  ", "\u3000"])),
)


def build(plan) -> tuple[str, list[str]]:
    """The raw text, and the content lines a perfect cleaner keeps."""
    raw, expected = [], []
    for item in plan:
        kind = item[0]
        if kind == "content":
            raw.append(item[1])
            expected.append(item[1])
        elif kind == "noise":
            raw.append(item[1])
        elif kind == "glued":
            raw.append(item[1] + item[2])
            expected.append(item[1])
        elif kind == "inside":
            line, marker, at = item[1], item[2], min(item[3], len(item[1]) - 1)
            raw.append(line[:at] + marker + line[at:])
            expected.append(line)
        else:
            raw.append(item[1])
    return "\n".join(raw), expected


settings.register_profile(
    "docclean", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("docclean")


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_content_survives_and_noise_goes(plan):
    raw, expected = build(plan)
    result = clean_text(raw, RULES)
    assert [line.text for line in result.lines] == [e.strip() for e in expected]


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_records_replay_to_the_output(plan):
    raw, _ = build(plan)
    result = clean_text(raw, RULES)
    assert replay(raw, result.removals) == "\n".join(line.text for line in result.lines)


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_cleaning_is_idempotent(plan):
    raw, _ = build(plan)
    once = "\n".join(line.text for line in clean_text(raw, RULES).lines)
    twice = clean_text(once, RULES)
    assert not twice.removals and "\n".join(line.text for line in twice.lines) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300).map(lambda t: t.replace("\r", "\n")))
def test_any_text_cleans_without_crashing_and_replays(text):
    result = clean_text(text, RULES)  # decoded text never holds \r: line ends are normalised first
    assert replay(text, result.removals) == "\n".join(line.text for line in result.lines)
