"""A user's rules are checked before anything is read: a rule that would delete real sentences, or that
does not do what its own examples say, is refused with one line and exit status 2."""

from __future__ import annotations

import pytest

from docclean.cleaners.errors import RulesError
from docclean.cleaners.rulecheck import load_user_rules
from docclean.flows.cli import main
from tests.conftest import SAMPLES

GOOD = """
[[rule]]
id = "advert_my_site"
category = "advert"
kind = "line"
pattern = "^本材料来自我的网站$"
reason = "my site's footer"
examples = ["本材料来自我的网站"]
keep = ["本材料来自基层调研。"]
"""


def rule(**fields: str) -> str:
    body = {"id": '"advert_test_rule"', "category": '"advert"', "kind": '"line"', "reason": '"test"'} | fields
    return "[[rule]]\n" + "".join(f"{k} = {v}\n" for k, v in body.items())


def test_a_good_user_rule_loads_and_runs():
    rules = load_user_rules(GOOD)
    assert "advert_my_site" in {r.id for r in rules.rules}


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        # the case: one trigger word deletes real paragraphs; its own look-alike shows it
        (
            rule(pattern="'群'", examples='["加入QQ群领取资料"]', keep='["建立QQ群12个，覆盖全体党员。"]'),
            "changes its own look-alike '建立QQ群12个，覆盖全体党员。'",
        ),
        # its own look-alike passes, but a sentence of the catalogue of real look-alikes does not
        (
            rule(
                pattern="'微信群'", examples='["加微信群免费领取"]', keep='["建立QQ群12个，覆盖全体党员。"]'
            ),
            "a line that must survive",
        ),
        (
            rule(pattern="'^免费领取资料$'", examples='["免费领取范文"]', keep='["免费体检。"]'),
            "does not clean its example '免费领取范文'",
        ),
        (rule(pattern="'^免费领取资料$'", examples='["免费领取资料"]'), "has no `keep` look-alike"),
        (rule(pattern="'^免费领取资料$'", keep='["免费体检。"]'), "has no `examples`"),
        # a detector lexicon term that would make every 会员单位 sentence chrome
        ('[detectors.boilerplate.lexicon.advert]\n"会员单位" = 3\n', "会员单位"),
    ],
)
def test_a_bad_user_rule_is_refused_with_one_reason(text: str, refusal: str):
    with pytest.raises(RulesError, match="refused") as caught:
        load_user_rules(text)
    assert refusal in str(caught.value)


def test_the_command_refuses_a_bad_rule_before_reading_anything(tmp_path, capsys):
    bad = tmp_path / "mine.toml"
    bad.write_text(
        rule(pattern="'群'", examples='["加入QQ群领取资料"]', keep='["建立QQ群12个，覆盖全体党员。"]'),
        encoding="utf-8",
    )
    assert main(["clean", "--rules", str(bad), str(SAMPLES[1])]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "advert_test_rule" in captured.err and "refused" in captured.err
    assert main(["run", "--rules", str(bad), "--inbox", str(tmp_path), "--lake", str(tmp_path / "lake")]) == 2
    assert not (tmp_path / "lake" / "files").exists()
