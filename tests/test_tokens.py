"""Tokenisation: genre terms stay whole, the jieba-rs fast path equals pure-Python jieba, keywords reuse tokens."""

from __future__ import annotations

import importlib
import re
import sys
from importlib.resources import files
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docclean.cleaners import tokens

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.txt"))
USER_WORDS = [word for word, _, _ in tokens._user_entries()]
REQUIRED_TERMS = """两学一做 三会一课 四个意识 四个自信 两个维护 两个确立 第一责任人 主题党日 一岗双责 四种形态 不忘初心
牢记使命 全面从严治党 党风廉政建设 基层党建 述职评议 党支部书记 中心组学习 民主生活会 组织生活会 灯下黑 五基三化
乡村振兴 脱贫攻坚 主体责任 监督责任 意识形态 党建引领 八项规定 形式主义 官僚主义 学懂弄通做实 十九大 二十大
习近平新时代中国特色社会主义思想""".split()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed_tokens() -> tuple[str, ...]:
    (path,) = [p for p in SAMPLES if p.name.startswith("003_")]
    return tokens.tokenize(read(path))


# --- user dictionary ---------------------------------------------------------------------------------


def test_userdict_has_required_terms_in_jieba_format() -> None:
    lines = files("cleaners").joinpath("userdict.txt").read_text(encoding="utf-8").splitlines()
    # jieba.load_userdict has no comment syntax: a "#" line would become a word.
    assert all(re.fullmatch(r"\S+ \d+( [a-z]+)?", line) for line in lines)
    assert len(USER_WORDS) == len(set(USER_WORDS))  # duplicates would skew jieba's total vs jieba-rs's
    assert set(REQUIRED_TERMS) <= set(USER_WORDS)


@pytest.mark.parametrize("word", USER_WORDS)
def test_genre_term_is_one_token(word: str) -> None:
    for sentence in (f"推进{word}工作", f"坚持“{word}”不动摇", f"我们要把{word}落到实处"):
        assert word in tokens.tokenize(sentence)
        assert word in tokens.reference_tokenize(sentence)


def test_brief_example() -> None:
    assert "两学一做" in tokens.tokenize("推进“两学一做”学习教育常态化")


# --- fast path == reference --------------------------------------------------------------------------


def test_fast_path_is_active() -> None:
    assert tokens._rust_cut() is not None  # otherwise the equality tests below prove nothing


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_fast_path_equals_reference_on_samples(path: Path) -> None:
    text = read(path)
    assert tokens.tokenize(text) == tokens.reference_tokenize(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-2020年", ("2019", "-", "2020", "年")),  # jieba-rs alone: "2019-2020"
        ("Wi-Fi覆盖", ("Wi", "-", "Fi", "覆盖")),  # jieba-rs alone: "Wi-Fi"
        ("增长1.5%以上", ("增长", "1.5%", "以上")),
        ("㐀鿖中国", ("㐀", "鿖", "中国")),  # jieba-rs alone: "㐀鿖" (it counts Ext-A as Han)
        ("  党建 \r\n\t工作\u3000", ("党建", "工作")),
    ],
)
def test_known_divergences_follow_jieba(text: str, expected: tuple[str, ...]) -> None:
    assert tokens.reference_tokenize(text) == expected
    assert tokens.tokenize(text) == expected


def test_every_whole_line_character_is_cut_like_jieba() -> None:
    # Lines matching _RUST_SAFE_LINE go to jieba-rs in one call: check each extra character it admits.
    extra = [chr(c) for c in range(0x10000) if tokens._RUST_SAFE_LINE.fullmatch(chr(c))]
    extra = [c for c in extra if c != "\n" and not tokens._RUST_SAFE.fullmatch(c)]
    line = "".join(f"党建{c}{c}工作{c}a{c}1" for c in extra)
    assert tokens._RUST_SAFE_LINE.fullmatch(line)
    assert tokens.tokenize(line) == tokens.reference_tokenize(line)


TRICKY = list(
    "中国党建工作的了年月日一二三两学做aZx09.-+#&_%,:/ <>()\t\r\n\u3000㐀鿖豈𠀀〇１Ａ（“、é½²\xa0\x1c\u200b·"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY + USER_WORDS[:10] + ["2019-2020年", "XX%"]), max_size=20))
def test_fast_path_equals_reference_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert tokens.tokenize(text) == tokens.reference_tokenize(text)


def test_jieba_dictionary_facts_behind_total_correction() -> None:
    data = files("jieba").joinpath(jieba.DEFAULT_DICT_NAME).read_text(encoding="utf-8")
    freq_sum, last = 0, {}
    for line in data.splitlines():
        word, freq = line.split(" ")[:2]
        freq_sum += int(freq)
        last[word] = int(freq)
    assert freq_sum - sum(last.values()) == tokens._DICT_DUPLICATE_FREQ
    assert tokens._default_freqs({"意识形态", "两学一做"}) == {"意识形态": last["意识形态"]}


def test_fallback_without_rjieba(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read(SAMPLES[0])[:3000] + "\n2019-2020年"
    monkeypatch.setitem(sys.modules, "rjieba", None)  # makes `import rjieba` raise ImportError
    monkeypatch.setattr(tokens, "_cut_line", lambda *_: pytest.fail("fast path used"))
    tokens._rust_cut.cache_clear()
    try:
        assert tokens._rust_cut() is None
        assert tokens.tokenize(text) == tokens.reference_tokenize(text)
    finally:
        tokens._rust_cut.cache_clear()  # later tests get the real jieba-rs again


# --- keywords ----------------------------------------------------------------------------------------


def test_keywords_plausible_and_deterministic(seed_tokens: tuple[str, ...]) -> None:
    top = tokens.keywords(seed_tokens)
    assert {"党建", "全面从严治党"} & set(top)
    assert tokens.keywords(seed_tokens) == top
    assert tokens.keywords(tuple(reversed(seed_tokens))) == top  # ties do not depend on first occurrence
    assert tokens.keywords(seed_tokens, top_k=3) == top[:3]
    assert tokens.keywords(seed_tokens, top_k=0) == ()
    assert all(len(term) >= 2 and not re.fullmatch(r"[Xx*\d\W_]+", term) for term in top)


def test_keywords_skip_placeholders_stop_words_and_single_chars() -> None:
    junk = ["X", "XX", "XXX", "*", "**", "2019", "1.5%", "XX%", "——", "the", "The", "党", "的", "，", " "]
    assert tokens.keywords(junk * 5 + ["党建", "党建", "主体责任"]) == ("党建", "主体责任")
    assert tokens.keywords([]) == ()


def test_keywords_close_to_extract_tags(seed_tokens: tuple[str, ...]) -> None:
    (path,) = [p for p in SAMPLES if p.name.startswith("003_")]
    analyse = importlib.import_module("jieba.analyse")
    theirs = [t for t in analyse.extract_tags(read(path), topK=20) if not re.fullmatch(r"[Xx*\d\W_]+", t)]
    assert len(set(tokens.keywords(seed_tokens, 10)) & set(theirs)) >= 6


# --- what the fast path uses instead of jieba's own tables (speed and memory) -----------------------


def test_compact_dictionary_answers_like_jiebas() -> None:
    compact, genuine = tokens._compact_jieba(), tokens._jieba_tokenizer()
    genuine.check_initialized()
    assert compact.total == genuine.total
    keys = sorted(genuine.FREQ)
    sampled = keys[::10] + [k for k in keys if not re.fullmatch("[\u4e00-\u9fff]+", k)]
    assert [compact.FREQ.get(k) for k in sampled] == [genuine.FREQ[k] for k in sampled]
    for absent in ("", "党建工作部署会议", "zz%", "2019-2020", "两学一做x", "\ufffd"):
        assert (absent in compact.FREQ) == (absent in genuine.FREQ)
        assert compact.FREQ.get(absent) == genuine.FREQ.get(absent)


def test_idf_table_and_stop_words_match_jieba_analyse() -> None:
    tfidf = importlib.import_module("jieba.analyse").default_tfidf
    table, median = tokens._idf_table()
    assert median == tfidf.median_idf and table._count == len(tfidf.idf_freq)
    words = sorted(tfidf.idf_freq)
    assert [table.get(w) for w in words[::5]] == [tfidf.idf_freq[w] for w in words[::5]]
    assert table.get("不是词的词") is None and table.get("") is None
    assert tokens._STOP_WORDS == frozenset(tfidf.stop_words)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="中国党aZ09.-+#&_%，（ \u3000", max_size=40))
def test_risky_blocks_are_jiebas_blocks_holding_a_risky_character(text: str) -> None:
    expected = [b for b in tokens._BLOCK.findall(text) if not tokens._RUST_SAFE.fullmatch(b)]
    assert [m.group() for m in tokens._RISKY_BLOCK.finditer(text)] == expected


@pytest.mark.parametrize(
    "text", ["中工工工中", "作的三三国中工工工日", "做的二工国国国党年党", "哈哈哈，好好好学习"]
)
def test_characters_repeated_three_times_cut_like_jieba(text: str) -> None:
    """The two HMMs break ties differently on such runs (found by the random test above)."""
    assert tokens.tokenize(text) == tokens.reference_tokenize(text)
