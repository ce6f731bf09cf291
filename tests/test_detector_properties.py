"""Properties of the whole cleaning (rules, then detectors) over random mixes of real content, real
noise and generated jammers: records replay to the output, cleaning twice equals cleaning once, content
survives byte for byte, and hard-wrapped paragraphs come back whole."""

from __future__ import annotations

import random

from hypothesis import assume, given
from hypothesis import strategies as st

from docclean.cleaners.detectors.reflow import display_width, display_widths, runs_on
from docclean.cleaners.detectors.registry import DETECTORS
from docclean.cleaners.detectors.shapes import SHAPES, band, shapes_on
from docclean.cleaners.document import clean_lines
from docclean.cleaners.engine import replay
from docclean.cleaners.rules import default_rules
from tests.test_properties import CONTENT, NOISE_LINES

RULES = default_rules()
# Paragraphs that cannot end where they stop (truncated ones): reflow rightly joins whatever follows them.
WHOLE = [p for p in CONTENT if not runs_on(p, 0, None)]
CHROME = sorted(
    {
        line
        for d in DETECTORS
        if d.id == "detector_boilerplate"
        for e in d.examples
        for line in e.text.split("\n")
        if line not in e.clean.split("\n")
    }
)
LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
MARKS = "0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~'\""


def jammer(seed: int) -> str:
    """A Discuz-style jammer: 6–16 tokens, as in the real ones of the development set: about three in four a
    letter with a digit or symbol, the rest single characters."""
    rng = random.Random(seed)
    n = rng.randint(6, 16)
    singles = set(rng.sample(range(n), n - round(0.77 * n)))  # the share of the real ones, exactly
    tokens = []
    for i in range(n):
        pair = [rng.choice(LETTERS), rng.choice(MARKS)]
        rng.shuffle(pair)
        tokens.append(rng.choice(LETTERS + MARKS) if i in singles else "".join(pair))
    return " ".join(tokens)


line_plan = st.one_of(
    st.tuples(st.just("content"), st.sampled_from(WHOLE)),
    st.tuples(st.just("noise"), st.sampled_from(NOISE_LINES + CHROME)),
    st.tuples(st.just("jammer_line"), st.integers(0, 10**6)),
    st.tuples(st.just("jammer_end"), st.sampled_from(WHOLE), st.integers(0, 10**6)),
    st.tuples(st.just("blank"), st.sampled_from(["", "  ", "\u3000"])),
)


def build(plan) -> tuple[str, list[str]]:
    raw, expected = [], []
    for item in plan:
        kind = item[0]
        if kind == "content":
            raw.append(item[1])
            expected.append(item[1])
        elif kind == "noise":
            raw.append(item[1])
        elif kind == "jammer_line":
            raw.append(jammer(item[1]))
        elif kind == "jammer_end":
            raw.append(item[1] + jammer(item[2]))
            expected.append(item[1])
        else:
            raw.append(item[1])
    return "\n".join(raw), expected


def text_of(result) -> str:
    return "\n".join(line.text for line in result.lines)


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_records_replay_to_the_output(plan):
    raw, _ = build(plan)
    result = clean_lines(raw, RULES)
    assert replay(raw, result.removals) == text_of(result)


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_cleaning_is_idempotent(plan):
    raw, _ = build(plan)
    once = text_of(clean_lines(raw, RULES))
    twice = clean_lines(once, RULES)
    assert not twice.removals and text_of(twice) == once


@given(st.lists(line_plan, min_size=1, max_size=25))
def test_content_survives(plan):
    raw, expected = build(plan)
    kept = text_of(clean_lines(raw, RULES)).split("\n")
    for paragraph in expected:  # each real paragraph is a whole kept line (never cut, never glued)
        assert paragraph.strip() in kept


def wrap(paragraph: str, cells: int) -> list[str]:
    """Lines as a page of `cells` half-width cells prints them (a Chinese character takes two)."""
    lines, line = [], ""
    for ch in paragraph:
        if display_width(line + ch) > cells:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


@given(st.sampled_from([p for p in WHOLE if len(p) >= 120]), st.integers(28, 60))
def test_hard_wrapped_paragraphs_are_joined_back(paragraph, cells):
    # Each paragraph opens with the usual two-character indent: where a paragraph ends right at the page
    # width, the indent is what tells the next one apart (without it the two would be joined).
    lines = wrap("\u3000\u3000" + paragraph, cells)
    assume(
        not any(a[-1:].isspace() or b[:1].isspace() for a, b in zip(lines, lines[1:], strict=False))
    )  # edges are layout
    result = clean_lines("\n".join(lines + lines), RULES)  # the paragraph twice: two paragraphs
    assert text_of(result) == paragraph + "\n" + paragraph
    assert replay("\n".join(lines + lines), result.removals) == text_of(result)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300).map(lambda t: t.replace("\r", "\n")))
def test_any_text_cleans_without_crashing_and_replays(text):
    result = clean_lines(text, RULES)
    assert replay(text, result.removals) == text_of(result)


# Lines of one hard-wrapped page whose widths straddle a bin edge (ASCII mixed in): 89 and 90 cells five
# times each, then 92, 92 and 96. Which width is the page's must not depend on anything but the widths.
BASE = "今年以来我们坚持稳中求进工作总基调完整准确全面贯彻新发展理念统筹发展和安全各项工作取得新的成效经济运行持续向好"
STRADDLING = [
    (BASE * 2)[i : i + (width - 2) // 2] + "x" * (width % 2) + "，"
    for i, width in enumerate((89, 89, 89, 89, 89, 90, 90, 90, 90, 90, 92, 92, 96))
]


def test_the_page_width_is_the_same_whatever_the_hash_seed():
    """The cleaning of one file is the same in every run (the width was once chosen by set order)."""
    import subprocess
    import sys

    probe = (
        "import json, sys; from docclean.cleaners.detectors.reflow import wrap_width;"
        "lines = json.loads(sys.stdin.read());"
        "print(wrap_width(lines))"
    )
    import json

    widths = {
        subprocess.run(
            [sys.executable, "-c", probe],
            input=json.dumps(STRADDLING),
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            check=True,
        ).stdout.strip()
        for seed in range(8)
    }
    assert len(widths) == 1 and widths != {"None"}


# Lines built from what the shapes look for, their needle characters and look-alikes, in any order and
# at any length: the prefilter (`_Band.admitted`) and the per-line needles must agree with trying every pattern.
SHAPE_PIECES = (
    *"2024-05-06 10:35 12KB 格式:pdf 格式：docx 共12页 第1/3页 查看:12 12次阅读 a****8 报告.docx 图.png".split(),
    *"http://x.cn www.x.com 某某网 某某文库 某某论坛 99+ 首页>新闻>正文 索 引 号: 欢迎访问某某网站!".split(),
    *"（责任编辑:张三） 张三 2021-04-25 162217 严格 风格 （一） (2) 全年完成投资12亿元".split(),
    *" | • ） ） （ ( ) 。 ， : ： `~ 《方案》 - . * P 网 站".split(" "),
    *"约3.47千字 约 7页 - 12 某某中学 欢迎您! 欢迎 字 页".split(" "),
)


@given(st.lists(st.sampled_from(SHAPE_PIECES), max_size=12).map("".join))
def test_a_line_the_prefilter_passes_over_holds_no_shape(text: str) -> None:
    """The line scorer tries on a line only the shapes its characters admit (none on most lines): that may
    hide no shape (it would have been chrome evidence, silently lost). shapes_on tries the admitted ones."""
    every = [s.name for s in SHAPES if (not s.max_len or len(text) <= s.max_len) and s.pattern.search(text)]
    assert [s.name for s in shapes_on(text)] == every


@given(st.lists(st.text(alphabet="全年GDPabc 12·©é😀“”，。ｱ\u3000\u00a0", max_size=30), max_size=8))
def test_widths_of_a_document_are_its_lines_widths(texts: list[str]) -> None:
    """The reflow measures a whole document at once: each line's width is what it is on its own, rare
    characters (`·`, `é`, emoji, half-width kana) on whichever line they stand."""
    assert display_widths(texts) == [display_width(t) for t in texts]


# Pieces of pages for the reflow's shortcuts: whole and cut-off paragraphs, the same hard-wrapped at page
# widths from a phone's to a wide save's, headings and chrome, with and without an indent.
TRUNCATED = [p for p in CONTENT if runs_on(p, 0, None)]
reflow_piece = st.one_of(
    st.sampled_from(WHOLE + TRUNCATED + NOISE_LINES + CHROME).map(lambda p: [p]),
    st.tuples(st.sampled_from([p for p in WHOLE if len(p) >= 60]), st.integers(28, 130)).map(
        lambda pc: wrap(pc[0], pc[1])
    ),
    st.sampled_from(["一、总体情况", "    （二）主要做法", "", "\u3000\u3000"]).map(lambda p: [p]),
)


@given(st.lists(reflow_piece, min_size=1, max_size=12).map(lambda ps: [line for p in ps for line in p]))
def test_the_reflow_shortcuts_change_nothing(lines: list[str]) -> None:
    """Most documents are settled without measuring a width (too many lines longer than any page) or
    asking each pair of lines whether it joins (no line that could run on): the output and its records
    are what the full tests give."""
    import pytest

    from docclean.cleaners.detectors import reflow

    raw = "\n".join(lines)
    fast = clean_lines(raw, RULES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reflow, "_wider_than_a_page", lambda texts: False)
        patch.setattr(reflow, "open_ends", lambda printed: list(range(len(printed) - 1)))
        full = clean_lines(raw, RULES)
    assert (text_of(fast), fast.removals) == (text_of(full), full.removals)


TERM_PIECES = (
    *(
        "下载",
        "快捷下载",
        "首页",
        "某某网",
        "某某网站",
        "网站",
        "全年",
        "投资",
        " ",
        "|",
        "。",
        "\n",
        "下",
        "载",
    ),
    *(
        "2024-05-06",
        "10:35",
        "格式：pdf",
        "（责任编辑:张三）",
        "（一）",
        "a****8",
        "第1/3页",
        "www.x.com",
        "》",
        "页",
    ),
)


@given(
    st.lists(st.sampled_from(TERM_PIECES), max_size=30).map("".join),
    st.lists(
        st.sampled_from(["下载", "快捷下载", "首页", "网站", "下载首页"]), min_size=1, max_size=4, unique=True
    ),
    st.lists(st.sampled_from(["某某网", "某某网站", "网站", "首页"]), max_size=3, unique=True),
)
def test_one_pass_finds_the_terms_brands_and_needles_of_three(
    text: str, terms: list[str], brands: list[str]
) -> None:
    """The detectors find the lexicon's terms, the brand names and the shapes' needle characters in one pass
    over a document, overlapping matches taken apart afterwards: each line's terms are what a pass for the
    terms alone finds (leftmost, longest, none overlapping), its brands and needles wherever they stand,
    and the shapes tried with those needles are the shapes a line's own search finds."""
    import re

    from docclean.cleaners.detectors.shapes import NEEDLE_CHARS
    from docclean.cleaners.detectors.terms import lexicon_pass

    texts = text.split("\n")
    hits, branded, held = lexicon_pass(tuple(terms), tuple(brands), texts, NEEDLE_CHARS)
    # the terms a regular expression of them, longest first, finds line by line
    longest_first = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    assert hits == [[(m.start(), m.end(), m.group()) for m in longest_first.finditer(t)] for t in texts]
    assert branded == [any(b in t for b in brands) for t in texts]
    assert held == [frozenset(c for c in NEEDLE_CHARS if c in t) for t in texts]
    assert [shapes_on(t, h) for t, h in zip(texts, held, strict=True)] == [shapes_on(t) for t in texts]
    assert all(band(t).admitted(t, h) == band(t).admitted(t) for t, h in zip(texts, held, strict=True))
