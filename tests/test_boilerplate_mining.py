"""Boilerplate mining proposes the site noise a lake's files share and never a line of content, and what it
proposes loads as a rules file that removes that noise and nothing else."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from docclean.cleaners.boilerplate_mining import KeptFile, mine, suggest_rules
from docclean.cleaners.document import build_document
from docclean.cleaners.engine import clean_text
from docclean.cleaners.model import Decoded
from docclean.cleaners.rules import default_rules, parse_rules, with_user_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import compose, load_reports  # noqa: E402

FOOTER = "笔耕园 · 每日更新精选材料"  # a site's footer at the end of its files: no rule, no chrome word
SITE_LINE = "公众号：笔耕园材料库"  # a site's line dropped between paragraphs
TAIL = "【本文来自素材之家】"  # glued after a paragraph's last sentence
# Content that recurs across reports, files and collections: never proposed (NOISE.md).
OPENING, CLOSING, THANKS, HEADING, SIGNED = (
    "尊敬的各位领导：",
    "特此报告。",
    "谢谢大家！",
    "存在的主要问题",
    "XX局党委",
)


def _files(count: int = 72, seed: int = 4) -> tuple[list[str], list[list[str]]]:
    """Raw files from the benchmark generator, with the noise above in some and the content in all; one
    report is republished whole in nine files (its lines recur too, always beside the same lines)."""
    rng = random.Random(seed)
    pool = load_reports()
    paragraphs = [p for r in pool for p in r.paragraphs]
    republished = [pool[3].title, *pool[3].paragraphs]
    texts, contents = [], []
    for k in range(count):
        _, lines = compose(pool, paragraphs, rng.randint(1500, 5000), rng)
        body = [OPENING, *lines[1:], HEADING, CLOSING, THANKS, SIGNED, f"2023年12月{k % 28 + 1}日"]
        lines = [lines[0], *body] if k % 8 else [lines[0], *republished, *body]
        contents.append([line for line in lines if line])
        if k % 3 == 0:
            lines = [*lines, FOOTER]
        if k % 5 == 0:
            lines.insert(rng.randrange(3, len(lines)), SITE_LINE)
        if k % 4 == 1:
            ends = [i for i, line in enumerate(lines) if line.endswith("。") and len(line) > 20]
            for i in rng.sample(ends, 2):
                lines[i] += TAIL
        texts.append("\n".join(lines))
    return texts, contents


@pytest.fixture(scope="module")
def corpus():
    rules = default_rules()
    texts, contents = _files()
    docs = [
        build_document(f"site/{k:03d}.txt", Decoded(t, "text", "utf-8", 1.0), rules)
        for k, t in enumerate(texts)
    ]
    return texts, contents, docs


def test_proposes_the_injected_noise_and_no_content_line(corpus):
    _, contents, docs = corpus
    proposed, unproven = mine([KeptFile.of(d) for d in docs], [r for d in docs for r in d.removals])
    keys = {c.key for c in proposed}
    assert {"笔耕园 · 每日更新精选材料", "公众号:笔耕园材料库", TAIL} <= keys
    content = {line.strip() for lines in contents for line in lines}
    assert not keys & content, "a content line was proposed as boilerplate"
    assert all(c.files >= 5 and c.collections >= 3 for c in proposed)
    assert HEADING in {text for text, _, _ in unproven}  # listed for a look, not proposed


def test_min_files_raises_the_bar(corpus):
    _, _, docs = corpus
    proposed, _ = mine([KeptFile.of(d) for d in docs], min_files=20, min_collections=3)
    assert {c.key for c in proposed} == {"笔耕园 · 每日更新精选材料"}


def test_suggestions_load_as_rules_that_remove_the_noise_and_keep_every_content_line(corpus):
    texts, _, docs = corpus
    toml = suggest_rules([KeptFile.of(d) for d in docs], [r for d in docs for r in d.removals])
    rules = with_user_rules(toml)  # loads beside the shipped rules: valid, ids unique
    mined = [r for r in rules.rules if "_mined_" in r.id]
    assert len(mined) >= 3 and all(r.examples for r in mined)
    for rule in mined:  # what `make test` checks of every shipped rule
        alone = parse_rules(toml)
        for example in rule.examples:
            assert "\n".join(line.text for line in clean_text(example.text, alone).lines) == example.clean
        for keep in rule.keep:
            assert not clean_text(keep, alone).removals
    shipped = default_rules()
    for text in texts:  # with the mined rules: the same output, less exactly the injected noise
        before = build_document("x.txt", Decoded(text, "text", "utf-8", 1.0), shipped).cleaned_text
        after = build_document("x.txt", Decoded(text, "text", "utf-8", 1.0), rules).cleaned_text
        expected = [line.replace(TAIL, "") for line in before.split("\n") if line not in (FOOTER, SITE_LINE)]
        assert after.split("\n") == expected
