"""Every detector cleans its examples and keeps its look-alikes, with every rule and detector running;
removals carry the detector's id and the features that fired; suspects are kept and listed."""

from __future__ import annotations

import pytest

from docclean.cleaners.detectors.registry import DETECTORS
from docclean.cleaners.document import clean_lines
from docclean.cleaners.engine import replay
from docclean.cleaners.errors import RulesError
from docclean.cleaners.rules import default_rules, parse_rules
from tests.test_rules import MUST_SURVIVE

RULES = default_rules()


def cleaned(text: str, rules=RULES) -> str:
    return "\n".join(line.text for line in clean_lines(text, rules).lines)


def test_detector_ids_are_unique_and_described():
    ids = [d.id for d in DETECTORS]
    assert len(ids) == len(set(ids))
    assert not {d.id for d in DETECTORS} & {r.id for r in RULES.rules}
    assert all(d.examples and d.keep and d.reason for d in DETECTORS)


@pytest.mark.parametrize(
    ("detector", "example"),
    [(d, e) for d in DETECTORS for e in d.examples],
    ids=lambda v: getattr(v, "id", ""),
)
def test_detector_cleans_its_examples(detector, example):
    result = clean_lines(example.text, RULES)
    assert "\n".join(line.text for line in result.lines) == example.clean
    assert any(r.rule_id == detector.id for r in result.removals), "credited to another rule or detector"
    assert replay(example.text, result.removals) == example.clean


@pytest.mark.parametrize(
    ("detector", "text"), [(d, k) for d in DETECTORS for k in d.keep], ids=lambda v: getattr(v, "id", "")
)
def test_detector_keeps_its_look_alikes(detector, text):
    result = clean_lines(text, RULES)
    assert not result.removals
    assert cleaned(text) == "\n".join(line.strip() for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("text", MUST_SURVIVE)
def test_noise_catalogue_look_alikes_survive_every_detector(text):
    assert cleaned(text) == text


def test_detector_removals_say_which_features_fired():
    text = "资源ID:4412      下载积分:3 金币\n快捷下载\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    removals = clean_lines(text, RULES).removals
    by_line = {r.line_no: r for r in removals}
    assert by_line[1].rule_id == "detector_boilerplate" and by_line[1].category == "share_wrapper"
    assert "下载积分" in by_line[1].detail and by_line[1].detail.startswith("score=")
    assert by_line[2].detail


def test_weak_evidence_inside_the_body_is_a_suspect_not_a_removal():
    text = (
        "今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n"
        "网站首页改版\n"
        "全年完成投资12亿元，新建项目36个，竣工投产20个，带动就业3000余人。"
    )
    result = clean_lines(text, RULES)
    assert cleaned(text) == text
    assert [(s.line_no, s.text) for s in result.suspects] == [(2, "网站首页改版")]
    assert result.suspects[0].detector_id == "detector_boilerplate" and result.suspects[0].score >= 1.5


def test_a_users_lexicon_and_thresholds_take_effect():
    text = "本页由某某城市网提供\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    assert cleaned(text).startswith("本页由")
    extended = parse_rules(
        default_rules_text(), '[detectors.boilerplate.lexicon.site_chrome]\n"城市网提供" = 3\n'
    )
    assert cleaned(text, extended) == "全年完成投资12亿元，新建项目36个，竣工投产20个。"
    strict = parse_rules(
        default_rules_text(), "[detectors.boilerplate]\nremove_at = 100\nremove_in_body_at = 100\n"
    )
    assert cleaned("快捷下载\n全年完成投资12亿元，新建项目36个。", strict).startswith("快捷下载")


def test_a_users_spam_anchor_is_cut_with_the_spam_around_it():
    text = "全年完成投资12亿元，新建项目36个，某某娱乐场tv888竣工投产20个。"
    assert cleaned(text) == text  # no shipped anchor: a report's sentence stays whole
    extended = parse_rules(default_rules_text(), '[detectors.spam]\nanchors = ["娱乐场"]\n')
    # the brand name before its business word goes too (`某某`, back to the comma)
    assert cleaned(text, extended) == "全年完成投资12亿元，新建项目36个，竣工投产20个。"
    with pytest.raises(RulesError, match="spam words"):
        parse_rules(default_rules_text(), '[detectors.spam]\nanchors = ["娱"]\n')


def test_an_advert_line_stuffed_with_spam_words_goes_whole_not_piece_by_piece():
    text = "中文字幕在线观看,色婷婷综合网,精品国产在线\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    result = clean_lines(text, RULES)
    assert [line.text for line in result.lines] == ["全年完成投资12亿元，新建项目36个，竣工投产20个。"]
    assert [(r.rule_id, r.removed_text) for r in result.removals] == [
        ("detector_boilerplate", "中文字幕在线观看,色婷婷综合网,精品国产在线")
    ]


def default_rules_text() -> str:
    from docclean.cleaners.rules import default_rules_text as text

    return text()
