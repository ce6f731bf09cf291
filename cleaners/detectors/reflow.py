"""Hard-wrapped text (PDF text layers, fixed-width saves) joined back into its paragraphs.

A paragraph runs on into the next line when
- the document is hard-wrapped (many lines share one display width) and this line fills that width —
  whatever it ends with, since a wrap can fall right after a `。`; or
- the paragraph so far cannot end here: it does not end in sentence punctuation or a colon, and it ends
  in `，`/`、`, leaves a quote or bracket open, or already holds a sentence end (`…落实落地。二是`); or
- a long line stops inside a word that the next line finishes (`…然后对岗` / `位内在活动…`).
Never joined: across a blank line or a report boundary, into a heading, list item, salutation or an
indented line (an indent starts a paragraph), and paragraphs shorter than `MIN_CHARS` (headings, titles).
The decision looks only at the paragraph's text and the document's width, so cleaning cleaned text joins
nothing more.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import cache
from itertools import accumulate

TERMINAL = tuple("。！？!?…；;")
LEAD_IN = tuple(":：")
ENDS = TERMINAL + LEAD_IN
CONTINUES = tuple("，,、")
PAIRS = ("“”", "《》", "（）", "()", "【】", "‘’", "「」")
NEW_PARAGRAPH = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[.．、:：](?!\d)|"
    r"第[一二三四五六七八九十]+[章节部分条]|[①-⑳•●▪]|(?:尊敬的|各位|同志们|亲爱的))"
)
# a turn's speaker (`男:` `女:` `合:` of a 主持词, `问:` / `答:`), a label of a few characters before a colon
SPEAKER = re.compile(r"\s*([\u4e00-\u9fff]{1,3}|[A-Za-z]{1,2})\s*[:：]")
SAME_END = 2  # characters two rows of a table or list end with alike (`…得分为0`): no wrap did that
SPEAKER_MIN_TURNS = 3  # a label opening this many lines is a dialogue's speaker, not a wrapped line's start
INTERNAL_END = re.compile(r"[。！？!?；;]")
ANY_PUNCT = re.compile(r"[。！？!?；;，,、:：…“”‘’\"'（）()《》【】]")
ALONE_MAX_CHARS = 40
CLOSERS = '”’」』）)】》"'  # an ASCII `"` at a line's end closes a quote (`…要加油哦。"`)
CLOSING = tuple(CLOSERS)
# `…均大幅度上升。·陈锋·`: a news item's reporter signs after its last sentence, between middle dots; a
# photo's caption ends on its photographer's credit (`…意见和建议。新华社记者刘建生摄`)
SIGNED_TAIL = 24  # a signature or a credit stands in the paragraph's last characters: only they are searched
SIGNED = re.compile(
    r"[。！？!?]\s*[·•]\s*[\u4e00-\u9fff]{2,4}\s*[·•]$|[。！？!?][^。！？!?，,]{2,16}摄$"
    r"|[。！？!?]\s*(?:摄影|攝影|图|圖)\s*[/／:：|｜]\s*[^。！？!?，,]{2,16}$"  # `…打招呼。摄影/新京报记者 薛珺`
)
SPACED_ROW_MIN_SPACES = 4
MAX_TAIL = 20
# a section heading at the end of a paragraph, set apart by a space (`… 一、目的`, `… （二）调研方法`)
GLUED_HEADING_TAIL = 24  # where such a heading can start: only the paragraph's last characters are searched
GLUED_HEADING = re.compile(
    r"[:：。；;]\s+(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])[^，,。；;：:]{1,12}$"
)
SHORT_CLAUSE = 2  # characters after the last comma: a paragraph cannot end on so short a clause
MIN_CHARS = 20
WRAP_MIN_LINES = 4  # a document is hard-wrapped when this many lines …
WRAP_MIN_SHARE = 0.4  # … and this share of its longer lines are within WRAP_TOLERANCE of one width
WRAP_TOLERANCE = 3  # half-width cells (a character and a half)
WRAP_MAX_WIDER = 0.1
WRAP_MIN_OPEN = 0.3  # share of the longer lines that end mid-sentence before widths are measured
MARGIN_MIN = 4  # spaces every line shares before a page counts as having a left margin
WRAP_MAX_WIDTH = 120  # cells: 60 Chinese characters, wider than any page or fixed-width save
LOCAL_MIN_WIDTH = 60  # cells: a line as wide as its neighbour is a wrap only when it is this wide


@cache
def _odd() -> re.Pattern[str]:
    """Characters for which "two cells when three UTF-8 bytes" does not hold: two-byte, four-byte, and
    narrow three-byte ones. Lines without any (nearly every line of a Chinese document) are measured
    from their UTF-8 length alone.

    Written as the complement of the characters that keep the rule (ASCII, wide three-byte ones, and
    surrogates, which text never holds): a class of BMP characters only is one table lookup a character
    for the engine, while a class that reaches past the BMP stays a list of hundreds of ranges, tried one
    by one at every character of a document."""
    even: list[list[int]] = [[0, 0x7F]]
    for cp in range(0x800, 0x10000):
        if not (0xD800 <= cp <= 0xDFFF or unicodedata.east_asian_width(chr(cp)) in "WFA"):
            continue
        if even[-1][1] == cp - 1:
            even[-1][1] = cp
        else:
            even.append([cp, cp])
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in even)
    return re.compile(f"[^{ranges}]")


@cache
def _correction(char: str) -> int:
    """Twice a character's width minus what bytes + characters count for it."""
    return 2 * (2 if unicodedata.east_asian_width(char) in "WFA" else 1) - len(char.encode()) - 1


def display_width(text: str) -> int:
    """Cells on a page: Chinese and full-width characters take two, ASCII one.

    >>> display_width("全年GDP增长5%“”")
    17
    """
    if text.isascii():
        return len(text)
    # ASCII takes one byte and one cell, a wide character three bytes and two cells: twice the width is
    # bytes + characters, corrected for the few characters that break that (`·`, `©`, emoji)
    twice = len(text.encode()) + len(text)
    if _odd().search(text):
        twice += sum(map(_correction, _odd().findall(text)))
    return twice // 2


def display_widths(texts: list[str]) -> list[int]:
    """display_width of every line, from one encoding of the whole document (each line's UTF-8 length
    is its share of it), corrected where the document holds one of the rare characters that need it (one
    search of the whole document finds them, and the line each is on).

    >>> display_widths(["全年GDP增长5%“”", "abc", "人口·面积"])
    [17, 3, 10]
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    twice = [n + len(t) for n, t in zip(map(len, joined.encode().split(b"\n")), texts, strict=True)]
    starts: list[int] = []
    for m in _odd().finditer(joined):
        if not starts:  # where each line starts in the document, once there is a character to place
            starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
        twice[bisect_right(starts, m.start()) - 1] += _correction(m.group())
    return [w // 2 for w in twice]


def wrap_width(texts: list[str]) -> int | None:
    """The width most lines are wrapped at, when the text is hard-wrapped; else None."""
    lines = [t for t in dict.fromkeys(texts) if len(t.strip()) >= 10]  # in order: nothing hash-ordered
    # settled from the lengths alone before a width is measured (most pages: their paragraphs are long)
    if _wider_than_a_page(lines):
        return None
    # a page wraps lines mid-sentence: where most lines end one, there is no page width to find
    if sum(not ends_paragraph(t) for t in lines) < WRAP_MIN_OPEN * len(lines):
        return None
    widths = display_widths(lines)
    if len(widths) < WRAP_MIN_LINES:
        return None
    # bins of one Chinese character; the page width is the bin with most lines in and beside it (widths
    # straddle a bin edge when ASCII mixes in), a tie going to the wider bin: a wrap width is a ceiling
    bins = Counter(w // 2 for w in widths)
    # .get: a Counter's own lookup of a missing bin goes through a Python-level __missing__
    top = max(bins, key=lambda b: (bins.get(b - 1, 0) + bins[b] + bins.get(b + 1, 0), b)) * 2
    near = sum(top - WRAP_TOLERANCE <= w <= top + WRAP_TOLERANCE for w in widths)
    wider = sum(w > top + WRAP_TOLERANCE for w in widths)  # a wrap width is a ceiling: few lines pass it
    wrapped = (
        near >= WRAP_MIN_LINES
        and near >= WRAP_MIN_SHARE * len(widths)
        and wider <= WRAP_MAX_WIDER * len(widths)
    )
    return top if wrapped and top <= WRAP_MAX_WIDTH else None


def _wider_than_a_page(lines: list[str]) -> bool:
    """More lines than a page lets pass its width hold more characters than any page is wide (a line is
    at least as many cells wide as it has characters): there is no page width to find."""
    longer = sum(len(t) > WRAP_MAX_WIDTH + WRAP_TOLERANCE for t in lines)
    return longer > WRAP_MAX_WIDER * len(lines)


def neighbours_width(printed: list[str]) -> list[bool]:
    """Which lines are wrapped by the width their neighbour fills: a prose line (a comma in it, no end
    of sentence at its end, at least LOCAL_MIN_WIDTH cells) as wide as the prose line above or below it.
    Evidence of a wrap where a page is too short for `wrap_width`, and where a save put a blank line after
    every line: two whole paragraphs side by side, neither ended and of one width, are not seen in text.

    >>> neighbours_width(["以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。目前，全国人代会上的“政府",
    ...                   "工作报告”、人大常委会报告、人民法院和人民检察院的报告，以及其他一些社会组织的工作报",
    ...                   "告，大多采取“两大块”结构形式。"])
    [True, True, False]
    >>> neighbours_width(["销售额绩效目标值为____%,每低于1%,减____分,完成率<___%,此项得分为0",
    ...                   "销售增长率绩效目标值为____%,每低于1%,减____分,完成率<__%,此项得分为0"])
    [False, False]
    """
    # most lines end a sentence or are short: only the others are measured
    open_prose = [
        len(t) >= LOCAL_MIN_WIDTH // 2 and not ends_paragraph(t) and any(c in t for c in CONTINUES)
        for t in printed
    ]
    if sum(open_prose) < 2:
        return [False] * len(printed)  # no two lines to pair (most documents)
    widths = [display_width(t) if p else 0 for t, p in zip(printed, open_prose, strict=True)]
    prose = [p and w >= LOCAL_MIN_WIDTH for p, w in zip(open_prose, widths, strict=True)]
    # lines that end alike (`…,此项得分为0` over `…,此项得分为0`) are a table's or a list's rows, one width
    # because they say the same thing: a page's wrap cuts text wherever the width falls
    return [
        prose[i]
        and any(
            0 <= j < len(widths)
            and prose[j]
            and abs(widths[j] - widths[i]) <= WRAP_TOLERANCE
            and printed[j].rstrip()[-SAME_END:] != printed[i].rstrip()[-SAME_END:]
            for j in (i - 1, i + 1)
        )
        for i in range(len(printed))
    ]


def open_ends(printed: list[str]) -> list[int]:
    """The lines but the last that could run on into the next by their own text: only one MIN_CHARS long
    that does not end a paragraph can (`runs_on` without a page width, `splits_word` and
    `neighbours_width` all ask that first). None in most documents, found without looking at a line twice.

    >>> open_ends(["一、总体情况", "全年完成投资12亿元，新建项目36个。", "在"])
    []
    >>> open_ends(["2025 年,镇党政办公室在镇党委、政府的坚强领导下,在", "全镇上下的共同努力下。"])
    [0]
    """
    return [i for i, t in enumerate(printed[:-1]) if len(t) >= MIN_CHARS and not ends_paragraph(t)]


BY_HAND_MIN_LINES = 3
# an author's break follows a clause's mark, a trailing ellipsis (`…辯護一下....`) or a closed remark
BY_HAND_MARKS = CONTINUES + CLOSING + ("..", "…")
BY_HAND_MIN_CHARS = 4  # shorter open lines are labels and list items, not an author's clauses


def open_lines(printed: list[str]) -> list[str]:
    """The lines but the last that leave their sentence open, short ones too: a post broken by hand
    after every clause is mostly lines shorter than a wrapped line (`但也會有感動的時候,`).

    >>> open_lines(["在單位裡,", "雖然常會發生令人不開心的事,", "一、总体情况", "想哭。", "好"])
    ['在單位裡,', '雖然常會發生令人不開心的事,', '一、总体情况']
    """
    return [t for t in printed[:-1] if len(t.strip()) >= BY_HAND_MIN_CHARS and not ends_paragraph(t)]


BY_HAND_SHARE = 0.85  # a remark in brackets may close a line too (`…(例如我媽)`)


def broken_by_hand(lines: list[str]) -> bool:
    """Do (nearly) all the lines that leave their sentence open stop right after a clause's mark (`…承認,`)?
    A page cuts lines where the width runs out, mid-clause more often than not; an author who breaks a
    post into short lines breaks it after a comma. Three lines or more, so that chance does not decide.

    >>> broken_by_hand(["我是台銀的行員,當看到大家的批評,", "身為台銀的一員,我必須承認,", "但是說真的,我們很確實的在求進步,"])
    True
    >>> broken_by_hand(["今天的会议,主要有三点考虑:一是再擂战鼓。市委", "身为一员,我必须承认,", "但是说真的,"])
    False
    """
    marked = sum(line.rstrip().endswith(BY_HAND_MARKS) for line in lines)
    return len(lines) >= BY_HAND_MIN_LINES and marked >= BY_HAND_SHARE * len(lines)


def _open_bracket(text: str) -> bool:
    # `a in text` first: a memchr-speed test that spares most pairs their two counts
    return any(a in text and text.count(a) > text.count(b) for a, b in PAIRS)


def ends_paragraph(paragraph: str) -> bool:
    """Sentence punctuation or a lead-in colon at the end (closing quotes and brackets aside)."""
    return paragraph.rstrip(CLOSERS).endswith(ENDS)


def runs_on(paragraph: str, last_width: int, width: int | None) -> bool:
    """Can the paragraph (so far) not end after its last physical line, `last_width` cells wide?

    >>> runs_on("今天的会议,主要有三点考虑:一是再擂战鼓。市委", 46, None)
    True
    >>> runs_on("一、加强组织建设，提高社区妇女整体素质", 38, None)
    False
    >>> runs_on("2025 年,镇党政办公室在镇党委、政府的坚强领导下,在", 49, 54)
    True
    >>> runs_on("创建我们团支部的品牌项目——“我们与低碳同行”主题活动。 背景", 0, None)
    False
    >>> runs_on("为了更好地了解基层组织的情况,进一步推进民主建设,我们拟定了以下方案: 一、目的", 0, None)
    False
    >>> runs_on("与同期相比,调解率和结案率均大幅度上升。·陈锋·", 0, None)
    False
    >>> runs_on("座谈会上,企业家代表发言,提出意见和建议。新华社记者刘建生摄", 0, None)
    False
    >>> runs_on("李克强步入会场,与记者打招呼。摄影/新京报记者 薛珺", 0, None)
    False
    """
    if width is not None and last_width >= width - WRAP_TOLERANCE:
        return True
    if len(paragraph) < MIN_CHARS or ends_paragraph(paragraph):
        return False
    if GLUED_HEADING.search(paragraph, max(len(paragraph) - GLUED_HEADING_TAIL, 0)):
        return False  # `…拟定了以下方案: 一、目的`: a save glued the next section's heading on, after a space
    if paragraph.endswith(CONTINUES) or _open_bracket(paragraph):
        return True
    # `…不再详细阐述)`: a closed remark can end a paragraph; so does `…。·陈锋·`, a signature
    if paragraph.endswith(CLOSING) or SIGNED.search(paragraph, max(len(paragraph) - SIGNED_TAIL, 0)):
        return False
    # `…在镇党委的坚强领导下,在`: no clause of a character or two ends a paragraph (a page cut it)
    if len(paragraph) - 1 - max(map(paragraph.rfind, CONTINUES)) <= SHORT_CLAUSE < len(paragraph):
        return True
    # `…落实落地。二是`: a sentence ended on this paragraph and a short new one has only begun. A long
    # unpunctuated tail is more likely a paragraph that lost its final `。`: it is left alone.
    # only the last sentence end counts: it is one within the last MAX_TAIL characters, or there is none.
    # A space after it (`…主题活动。 背景`) sets the tail apart as the page's own break does (a save that
    # runs paragraphs together on one line, a heading glued on): no page cut a sentence there.
    ends = list(INTERNAL_END.finditer(paragraph, max(len(paragraph) - MAX_TAIL, 0)))
    return bool(ends) and not paragraph[ends[-1].end() : ends[-1].end() + 1].isspace()


SPLIT_MIN_CHARS = 30  # a line this long that stops inside a word was cut by the page, not by its author
CJK_EDGE = re.compile(r"[\u4e00-\u9fff]")


def splits_word(left: str, right: str) -> bool:
    """Does the break between two lines fall inside a word (`…然后对岗` / `位内在活动…`)? A long line that
    stops mid-sentence inside a dictionary word was wrapped by the page, wherever no page width shows.

    >>> splits_word("1.在完成岗位调查取得相关信息的基础上,对其时间、空间范围作科学界定,然后对岗", "位内在活动的内容进行系统的分析。")
    True
    >>> splits_word("今年以来，全市经济运行稳中向好，主要指标增速高于全省平均水平", "全年完成投资12亿元。")
    False
    >>> splits_word("在全县研讨班结业仪式上的讲话用心用爱用功答好强县之问同志们县不图强必有远忧当前全国各地都在深入学",
    ...             "成立领导小组，制定实施方案。")  # a site's cut-off blurb: 学+成 is a word, yet no wrap
    False
    """
    if len(left) < SPLIT_MIN_CHARS or ends_paragraph(left) or left.endswith(CONTINUES) or not right:
        return False
    if ANY_PUNCT.search(left) is None:
        return False  # thirty characters and no mark at all: headings run together or a site's cut-off blurb
    if not (CJK_EDGE.match(left[-1]) and CJK_EDGE.match(right[0])):
        return False
    from docclean.cleaners.detectors.words import crosses  # the dictionary, loaded only when asked

    return crosses(left, right)


# what may follow a number in the same clause: its unit or measure word, or a word joining it on
NUMBER_GOES_ON = frozenset(
    "个亿万千百十元角分年月日号时点秒倍人名位户家项件次条座所台辆套张本册篇份公米吨斤克亩平立度岁天周期批届"
    "轮部支只头株棵处间栋层型类种级段节章款例起宗笔单票股成折余多左以上下至到及和或与比的是为"
)
DIGITS = "0123456789０１２３４５６７８９"


def number_closes(paragraph: str, following: str) -> bool:
    """Does the paragraph end on a whole number that closes its clause (`…三次产业结构为9.2:51:39.8` over
    `全年居民消费…`)? A number is followed by its unit or a joining word when the page cut the clause;
    a line starting a new subject after it is the next paragraph of a text that lost a final `。`.

    >>> number_closes("三次产业结构为9.2:51:39.8", "全年居民消费价格总水平比上年上涨1.4%。")
    True
    >>> number_closes("全年完成固定资产投资12", "亿元，比上年增长5.2%。"), number_closes("增长5.2", "%。")
    (False, False)
    """
    return (
        paragraph[-1:] in DIGITS
        and following[:1] not in NUMBER_GOES_ON
        and "\u4e00" <= following[:1] <= "\u9fff"
    )


def stands_alone(text: str) -> bool:
    """A short line with no punctuation (a title, a label, a widget's heading): only the layout (a page
    width, a full line) makes a paragraph run on into it, never the paragraph's own open end (a summary
    or a truncated paragraph above a title or `附件列表` ends mid-word too).

    >>> stands_alone("在全县研讨班结业仪式上的讲话"), stands_alone("加强组织建设。"), stands_alone("和挑战，")
    (True, False, False)
    """
    return len(text) <= ALONE_MAX_CHARS and ANY_PUNCT.search(text) is None


SPACED_ROW = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,4}(?:\s[\u4e00-\u9fff])?\s+){4,}[\u4e00-\u9fff]{1,4}(?:\s[\u4e00-\u9fff])?\s*$"
)


def spaced_row(text: str) -> bool:
    """A row of short names set apart by spaces (`康 乐 黄大卫 乔格侠 戈 峰 王 韧 …`): a list's grid, one
    width because its rows hold as many names, never a paragraph a page wrapped (a join glues two names).

    >>> spaced_row("康 乐 黄大卫 乔格侠 戈 峰 王 韧 陈生斗 张永安"), spaced_row("全年完成投资12亿元 新建项目36个")
    (True, False)
    """
    return text.count(" ") >= SPACED_ROW_MIN_SPACES and SPACED_ROW.match(text) is not None


FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}\s*[:：]\s*\S")


def two_fields(left: str, right: str) -> bool:
    """Two lines that each open on a short label (`调查小组成员:侯春晓,袁苑` over `调查时间:20xx年七月`): a
    record's fields, one a line, however the first ends; a wrap that starts on a label does not follow a
    paragraph that also starts on one.

    >>> two_fields("调查小组成员:侯春晓,袁苑,郭浩民,冯卫", "调查时间:20xx年七月")
    True
    >>> two_fields("会议强调,各单位要落实责任,加强值班值守,要", "认清排查整治的重要意义。")
    False
    """
    return FIELD.match(left) is not None and FIELD.match(right) is not None


def indent(raw: str) -> int:
    """Cells of white space before a line's text (an ideographic space takes two)."""
    lead = raw[: len(raw) - len(raw.lstrip())]
    return len(lead) + lead.count("\u3000")


def margin(raws: list[str]) -> int:
    """The page's own left margin: the indent most lines share (a flip-book or fixed-width save indents
    every line; an indent counts only beyond it). 0 for ordinary text.

    >>> margin(["            一行", "                新段", "            二行", "            三行"])
    12
    >>> margin(["    （一）标题", "    一段。", "    二段。"])  # no deeper indent: no paragraph marks
    0
    """
    # lines that start with MARGIN_MIN spaces, counted in one C-speed search of the page (no line holds
    # a line break)
    if ("\n" + "\n".join(raws)).count("\n" + " " * MARGIN_MIN) * 2 <= len(raws):
        return 0  # most lines start at the edge: no margin (the common case, settled at C speed)
    counts = Counter(indent(r) for r in raws if r.strip())
    common = counts.most_common(1)[0][0] if counts else 0
    # an indent of ideographic spaces is typography (`　　` opens a paragraph), never a page margin
    spaces_only = all(not r[: len(r) - len(r.lstrip())].strip(" ") for r in raws if indent(r) == common)
    # a margin matters only where the page marks its paragraphs by a deeper indent: a save that indents
    # every line alike (each line a whole paragraph, headings too) has no paragraph to continue
    marked = any(indent(r) >= common + 2 for r in raws if r.strip())
    return common if common >= MARGIN_MIN and spaces_only and marked else 0


def speakers(texts: list[str]) -> frozenset[str]:
    """The labels that open several lines of the document: a dialogue's speakers, each line a turn of its
    own, however wide it and the line above it are (two hosts' parallel lines are often of one width).
    A label a wrapped line happens to start with does not recur.

    >>> sorted(speakers(["男:尊敬的各位领导", "女:老师们、同学们:", "男:从此,中华大地", "女:从此,华夏儿女", "合:大家好!"]))
    []
    >>> sorted(speakers(["男:一", "女:二", "男:三", "女:四", "男:五", "女:六", "合:七"]))
    ['女', '男']
    """
    counts = Counter(match.group(1) for text in texts if (match := SPEAKER.match(text)))
    return frozenset(label for label, turns in counts.items() if turns >= SPEAKER_MIN_TURNS)


def starts_paragraph(
    text: str,
    raw: str,
    blank_before: bool,
    after_boundary: bool,
    page_margin: int = 0,
    turns: frozenset[str] = frozenset(),
) -> bool:
    """A line that opens a paragraph of its own: nothing runs on into it. `turns`: the document's
    speakers (`speakers`)."""
    indented = indent(raw) >= page_margin + 2
    if blank_before or after_boundary or indented or NEW_PARAGRAPH.match(text) is not None:
        return True
    return bool(turns) and (match := SPEAKER.match(text)) is not None and match.group(1) in turns


def joiner(left: str, right: str) -> str:
    """What stands between two joined lines: nothing. A wrap in Chinese text inserts no space, and a
    Latin-looking break is as often a split placeholder (`X` / `X个` of `XX个`) as two English words."""
    return ""
