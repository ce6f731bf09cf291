"""Gambling and adult spam spliced into a sentence of a hacked page (`陈述完毕江南体育官网,由市纪委…`).

A hacked government or school site has a word of its pages (the school's name, a `关于`) replaced by a
casino's or an adult site's name. What goes is the spam alone; the sentence around it stays. Signals:
- an anchor: a spam word no report uses (`比分直播`, `…体育官网`, `精品国产`; data in detectors.toml,
  `[detectors.spam] anchors`), or a business word with its web address glued on (`集团tyc122cc`);
- the run around it grows over what spam is made of and a sentence never is next to it: the spam's own
  affixes (`官方`, `登录`, `下载`, `免费`, `国语`), Latin letters and digits (`best365`, `91`), a joiner
  (`·`), another anchor after a comma (`比分直播,篮球比分直播`), and the brackets that enclose only it;
- a brand's name before its business word (`江南` of `江南体育官网`): the Chinese characters back to the
  sentence's punctuation when they are three or fewer, else the dictionary word right before it. A name
  the dictionary does not know stays: precision first, the anchor still goes.
Words a report uses about gambling in earnest (`打击跨境赌博`, `查获老虎机`, `禁止非法捕鱼`, `棋牌室`) are
no anchors.
"""

from __future__ import annotations

import re
from functools import cache

from docclean.cleaners.detectors.words import freq

# a business word followed right away by a lower-case web address (`集团tyc122cc`): a casino's name and domain
GLUED_DOMAIN = re.compile(r"(?:集团|娱乐|体育|官网)(?=[a-z]{2,8}\d{2,6}[a-z0-9]{0,6}(?![A-Za-z0-9]))")
# what spam is made of around its anchor (never grown over alone: only next to an anchor or another piece)
AFFIX = re.compile(
    r"官方网站|官方|官网|网站|网址|网页版|手机版|登录|入口|下载|注册|集团|体育|娱乐|平台|在线|免费|国产|精品|"
    r"久久|国语|麻豆|直播|观看|视频|高清|中文|字幕|app|APP|App"
)
LATIN_RUN = re.compile(r"[A-Za-z0-9]+")
JOINER = "·・.-_"
# a business word that needs a brand's name before it
TAKES_A_NAME = ("体育", "娱乐", "集团", "电竞", "彩票", "捕鱼")
CJK = re.compile(r"[\u4e00-\u9fff]")
SEPARATORS = ",，、 "
BRACKETS = {"《": "》", "【": "】", "「": "」", "(": ")", "（": "）", "[": "]"}
MAX_NAME = 3  # a brand's name: `江南`, `太阳成`
BRAND_GLUED = frozenset({"官方网站登录入口"})  # anchors that need a Latin brand right before them


@cache
def _anchor_pattern(anchors: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so that `官方网站登录入口` is found whole, not as a shorter anchor inside it
    words = "|".join(re.escape(a) for a in sorted(anchors, key=len, reverse=True))
    return re.compile(f"(?:{words})" if words else r"(?!)")


def _piece_after(text: str, at: int, anchors: re.Pattern[str]) -> int:
    """The end of a spam piece starting at `at` (`at` itself when none starts there)."""
    for pattern in (anchors, AFFIX):
        found = pattern.match(text, at)
        if found and found.end() > at:
            return found.end()
    # a web address after the spam (`体育app`, `官网tyc122`); digits alone are the sentence's own (`2015年`)
    found = LATIN_RUN.match(text, at)
    if found and not found.group().isdigit():
        return found.end()
    if at < len(text) and text[at] in JOINER and at + 1 < len(text):
        after = _piece_after(text, at + 1, anchors)
        return after if after > at + 1 else at
    if at < len(text) and text[at] in SEPARATORS:
        # a second spam phrase after a comma (`比分直播,篮球比分直播`): up to four characters, then an anchor
        for gap in range(0, 5):
            found = anchors.match(text, at + 1 + gap)
            if found:
                return found.end()
    return at


def _piece_before(text: str, at: int, anchors: re.Pattern[str]) -> int:
    """The start of a spam piece ending at `at` (`at` itself when none ends there)."""
    for start in range(max(at - 16, 0), at):
        for pattern in (anchors, AFFIX):
            found = pattern.fullmatch(text, start, at)
            if found:
                return start
    run = at
    while run > 0 and (text[run - 1].isascii() and text[run - 1].isalnum()):
        run -= 1
    if run < at:
        return run
    if at > 1 and text[at - 1] in JOINER and CJK.match(text[at - 2]):
        return at - 1
    return at


def _name_before(text: str, at: int) -> int:
    """Where a brand's name before its business word starts (`at` when it cannot be told)."""
    start = at
    while start > 0 and CJK.match(text[start - 1]) and at - start <= MAX_NAME:
        start -= 1
    if at - start <= MAX_NAME and (start == 0 or not CJK.match(text[start - 1])):
        return start  # the name runs back to the sentence's punctuation: all of it is the name
    for size in (3, 2):
        if at - size >= 0 and freq(text[at - size : at]):
            return at - size
    return at


def _grow(text: str, start: int, end: int, anchors: re.Pattern[str]) -> tuple[int, int]:
    while (after := _piece_after(text, end, anchors)) > end:
        end = after
    while True:
        before = _piece_before(text, start, anchors)
        if before == start and (text[start : start + 2] in TAKES_A_NAME or text[start] in JOINER):
            before = _name_before(text, start)
        if before == start:
            break
        start = before
    opening = text[start - 1 : start]
    if opening in BRACKETS and text[end : end + 1] == BRACKETS[opening]:
        start, end = start - 1, end + 1
    return start, end


def find_spam(text: str, anchors: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Spam runs in a kept line: (start, end, why).

    >>> find_spam("会议一一陈述完毕江南体育官网,由市纪委委员提问。", ("体育官网",))
    [(8, 14, 'spam: 体育官网')]
    >>> find_spam("持续打击跨境赌博,查获老虎机12台,整治棋牌室5家。", ("体育官网", "比分直播"))
    []
    >>> find_spam("请考生通过省考试院官方网站登录入口报名。", ("官方网站登录入口",))
    []
    >>> find_spam("在best365官方网站登录入口召开", ("官方网站登录入口",))
    [(1, 16, 'spam: 官方网站登录入口')]
    """
    compiled = _anchor_pattern(anchors)
    # a site's own words (`…官方网站登录入口`) are spam only under a brand's Latin name
    seeds = [
        (m.start(), m.end(), m.group())
        for m in compiled.finditer(text)
        if m.group() not in BRAND_GLUED or LATIN_RUN.match(text[m.start() - 1 : m.start()])
    ]
    for m in GLUED_DOMAIN.finditer(text):
        domain = LATIN_RUN.match(text, m.end())
        assert domain is not None
        seeds.append((m.start(), domain.end(), m.group() + domain.group()))
    spans: list[tuple[int, int, str]] = []
    for seed_start, seed_end, word in sorted(seeds):
        if spans and seed_start < spans[-1][1]:
            continue  # inside the run an earlier anchor grew into
        start, end = _grow(text, seed_start, seed_end, compiled)
        spans.append((start, end, f"spam: {word}"))
    return spans
