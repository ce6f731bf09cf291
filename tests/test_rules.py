"""Every rule removes its examples and keeps its look-alikes; the registry rejects bad rules."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from docclean.cleaners.engine import clean_text
from docclean.cleaners.errors import RulesError
from docclean.cleaners.rulecheck import must_survive
from docclean.cleaners.rules import CATEGORIES, Rule, build_guards, default_rules, parse_rules

RULES = default_rules().rules

# Sentences from NOISE.md that use trigger words in earnest: every rule together must keep them.
MUST_SURVIVE = must_survive()


def _single(rule: Rule):
    return replace(default_rules(), rules=(rule,), guards=build_guards((rule,)))


def cleaned(text: str, ruleset) -> str:
    return "\n".join(line.text for line in clean_text(text, ruleset).lines)


def test_every_rule_has_examples_and_keeps():
    missing = [r.id for r in RULES if not r.examples or not r.keep]
    assert not missing, f"rules without examples or keep look-alikes: {missing}"


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULES for e in r.examples], ids=lambda v: getattr(v, "id", "")
)
def test_rule_removes_its_examples(rule: Rule, example):
    result = clean_text(example.text, _single(rule))
    assert "\n".join(line.text for line in result.lines) == example.clean
    assert result.removals and {r.rule_id for r in result.removals} <= {rule.id, "normalize_zero_width"}


@pytest.mark.parametrize(
    ("rule", "keep"), [(r, k) for r in RULES for k in r.keep], ids=lambda v: getattr(v, "id", "")
)
def test_rule_keeps_its_look_alikes(rule: Rule, keep: str):
    assert cleaned(keep, _single(rule)) == keep.strip()


SENTENCE = "对学校党的工作和各项事业的发展都提出了更高的要求。"


@pytest.mark.parametrize(
    ("rule", "example"),
    [(r, e) for r in RULES if r.kind == "span" for e in r.examples],
    ids=lambda v: getattr(v, "id", ""),
)
def test_a_span_rule_takes_nothing_of_the_sentence_glued_after_or_before_its_match(rule: Rule, example):
    """A notice spliced into a sentence goes; the words on either side of it stay, however they are
    glued on (a span's tail once ran on past the notice's closing dots into the sentence)."""
    noise = [r.removed_text for r in clean_text(example.text, _single(rule)).removals if r.rule_id == rule.id]
    assert noise
    for removed in noise:
        for glue in ("", " ", "。"):
            after = cleaned(removed + glue + SENTENCE, _single(rule))
            assert after.endswith(SENTENCE), (removed, glue, after)
            before = cleaned(SENTENCE + glue + removed, _single(rule))
            assert before.startswith(SENTENCE), (removed, glue, before)


@pytest.mark.parametrize("keep", sorted({k for r in RULES for k in r.keep} | set(MUST_SURVIVE)))
def test_all_rules_together_keep_every_look_alike(rules, keep: str):
    result = clean_text(keep, rules)
    assert "\n".join(line.text for line in result.lines) == keep.strip()
    assert not result.removals


def test_rule_ids_are_unique_snake_case_and_categories_known():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[a-z]+(_[a-z0-9]+)+$", i) for i in ids)
    assert {r.category for r in RULES} <= set(CATEGORIES)


RULE = """
[[rule]]
id = "advert_test"
category = "advert"
kind = "line"
pattern = "x"
reason = "r"
examples = ["x"]
keep = ["y"]
"""


def test_duplicate_rule_ids_are_rejected():
    with pytest.raises(RulesError, match="defined twice"):
        parse_rules(RULE, RULE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('category = "advert"', 'category = "spam"'), "not one of watermark"),
        (('kind = "line"', 'kind = "paragraph"'), "not one of line, span, block"),
        (('pattern = "x"', 'pattern = "("'), "not a valid regular expression"),
        (('id = "advert_test"', 'id = "AdvertTest"'), "snake_case"),
        (('reason = "r"', 'reasn = "r"'), "unknown field"),
    ],
)
def test_bad_rules_name_the_problem_and_the_allowed_values(change, message):
    with pytest.raises(RulesError, match=message):
        parse_rules(RULE.replace(*change))


def test_user_rules_extend_the_shipped_ones():
    extended = parse_rules(RULE, RULE.replace("advert_test", "advert_other"))
    assert [r.id for r in extended.rules] == ["advert_test", "advert_other"]


def test_a_head_block_never_swallows_content_between_its_anchors(rules):
    # Found by Hypothesis: noise at the file head, a section heading, then the platform's closing notice.
    text = "仅供参考学习，请勿照搬照抄！\n一、主要做法和成效【更多#素~材搜索哒&哒文#库*~】\n【会员资料仅供内部交流使用，严禁外传及用于商业用途，违者后果自负】"
    assert cleaned(text, rules) == "一、主要做法和成效"


def test_an_intro_glued_to_the_text_loses_only_the_intro(rules):
    text = "下面是小编整理的讲话稿，供大家参考。同志们：今天我们召开会议，部署全年工作。"
    assert cleaned(text, rules) == "同志们：今天我们召开会议，部署全年工作。"


def test_a_paid_marker_inside_a_placeholder_leaves_the_placeholder(rules):
    """`X##paidbegin##X` is the marker spliced into `XX`: the jammer rule must not take the ASCII run."""
    assert (
        cleaned("X##paidbegin##X分行荣获第五届全国文明单位称号。", rules)
        == "XX分行荣获第五届全国文明单位称号。"
    )


def test_a_flattened_tables_row_numbers_and_cells_stay(rules):
    """A table saved one cell a line numbers its rows `1`, `2`, `3`: they count rows, not pages."""
    text = "材料清单\n序号\n材料名称\n份数\n1\n年度考核表\n2\n2\n合同任务对照表\n1\n3\n科研成果佐证材料\n4"
    assert cleaned(text, rules) == text


def test_a_lists_bare_point_numbers_stay(rules):
    text = "会议有三个特点\n1\n一是领导带头查摆问题。\n2\n二是深刻开展自我批评。\n3\n三是坦诚开展相互批评。"
    assert cleaned(text, rules) == text


def test_page_numbers_a_page_apart_still_go(rules):
    page = [f"第{n}段工作总结的正文，写满一行，接着写下去。" for n in range(12)]
    text = "\n".join([*page, "1", *page, "2", *page, "3"])
    result = clean_text(text, rules)
    assert [r.removed_text for r in result.removals] == ["1", "2", "3"]
    assert {r.rule_id for r in result.removals} == {"page_furniture_number_line"}


def test_a_lone_number_or_numbers_that_do_not_count_still_go(rules):
    """Only `n` followed closely by `n + 1` counts; a lone `7`, or `3` then `9`, are page marks."""
    assert cleaned("总结正文第一段。\n7\n总结正文第二段。", rules) == "总结正文第一段。\n总结正文第二段。"
    assert cleaned("正文一。\n3\n正文二。\n9\n正文三。", rules) == "正文一。\n正文二。\n正文三。"
