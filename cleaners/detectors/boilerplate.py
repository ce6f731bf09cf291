"""Boilerplate lines, decided the way jusText decides web-page blocks: each line's own score
(cleaners/detectors/linescore.py), then its context.

A line is removed when it scores `remove_at` and does not stand between two content paragraphs (the body
proper), where it needs `remove_in_body_at`. A short line with weaker evidence (`context_from`) and little
text of its own goes when it stands next to removed chrome outside the body proper, a longer one scoring
`suspect_at` when it stands between two chrome lines; a numbered list goes as a whole when it touches
chrome and most of its items are chrome, or it stands under a chrome line and most items carry chrome
evidence (a site's download notes). Headings, salutations and lines that say
much of their own are never removed by context. What scores `suspect_at` but is kept is a suspect.
A site's summary at the head (`摘要：…`, or a long line without a label, most of it) that repeats the
text below it word for word goes too: what it says is kept below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from docclean.cleaners.detectors.linescore import Score, ends_sentence, prose_score, score_line
from docclean.cleaners.detectors.settings import BoilerplateSettings
from docclean.cleaners.detectors.shapes import shapes_on
from docclean.cleaners.detectors.terms import Hit, term_hits

CONTEXT_MAX_CHARS = 40  # longer lines are never removed for their neighbours' sake
CONTEXT_MAX_RESIDUE = 9  # nor lines with more of their own Chinese characters (a title with a date)
HEAD_NAME_RESIDUE = 5  # nor, above the text, a line this much its own whose only evidence is an everyday word
EDGE_WORDS_MAX_CHARS = 6  # the page's last line, this short and all chrome vocabulary, is a widget's label
LONG_ITEM = 80  # a list item this long is a paragraph of its own, not a note in a site's list
NOTE_EVIDENCE = 2.0  # chrome evidence every item of a site's notes carries (weight-2 terms or more)
NUMBERED_ITEM = re.compile(r"^[•·●▪\s]*(?P<n>\d{1,2})\s*(?P<mark>[:：.．、])")
# a table's row as text: three cells or more apart, a figure (`12%`, `10.5`, `36人`) last
TABLE_ROW = re.compile(r"^\S+(?:\s+\S+){1,}?\s+[\d.]+\s*[%％‰人个元万亿项次]?$")
SECTION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
SALUTATION = re.compile(
    r"^(?:尊敬的|各位|亲爱的|同志们|朋友们|老师们|同学们|女士们|先生们).{0,24}[:：,，]?$|们[:：]$"
)


# `摘要：`, `导读:`, `【内容提要】`: a label a site puts before a summary of the page
SUMMARY_LABEL = re.compile(
    r"^\s*[【\[]?(?:摘\s*要|导\s*读|导\s*语|简\s*介|内容提要|内容摘要|核心提示)[】\]]?\s*[:：]\s*"
)
# `导读 …`, `核心提示:…`: labels only a site's editor writes (an author's own summary is a 摘要): a line so
# labelled above the first paragraph is the site's summary of the page, whether or not it quotes the text
EDITOR_LABEL = re.compile(
    r"^\s*[【\[]?(?:编辑|編輯)?(?:导\s*读|导\s*语|導\s*讀|導\s*語|核心提示)[】\]]?\s*[:：\s]\s*\S"
)
BODY_LINE = 20  # a line this long ending a sentence: the body has begun
# a tag list's label: under the last paragraph it is the page's, not the report's
TAG_LINE = re.compile(
    r"^\s*[【\[]?(?:关\s*键\s*[词字]|關\s*鍵\s*[詞字]|标\s*签|標\s*籤|tags?|TAGS?|Tags?)[】\]]?\s*[:：]"
    # a blog's category before its tags on one line (`分类:Google App Engine 标签:Python`)
    r"|^\s*(?:分\s*类|分\s*類)\s*[:：][^。]{0,40}?(?:标\s*签|標\s*籤|tags?)\s*[:：]"
)
# a paper's abstract (`摘要`, `【内容摘要】:…`): its keywords follow it, and they are the paper's
ABSTRACT = re.compile(
    r"^\s*[【\[]?\s*(?:内容|内容提要|中文)?\s*摘\s*要\s*[】\]]?\s*(?:[:：]|$)|^\s*Abstract\s*[:：]?", re.I
)
# any other short label (`推荐阅读:`): its words must open the text right below it, word for word (a
# title `主题教育党课:…` whose words the speech quotes further down is no copy of the text)
ANY_LABEL = re.compile(r"^\s*[【\[]?[\u4e00-\u9fff]{2,6}[】\]]?\s*[:：]\s*")
ECHO_CHARS = 20  # a summary whose first this many characters open the text below is the site's copy
ECHO_UNLABELLED, ECHO_SHARE = 40, 0.8  # without a label: this share of a line this long, repeated below
SUMMARY_HEAD_LINES = 12  # where a site's summary stands
CUT_OFF = ("…", "...")  # how a site ends the excerpt of a page it prints as the page's description
NOT_A_WORD = re.compile(r"[\s\W_]+")


def echoed_summaries(texts: list[str]) -> list[int]:
    """Lines that are a site's summary of the page: a summary label, then the start of the text
    that follows (punctuation and spaces aside). A paper's own abstract says something else than its
    first section, so it stays.

    >>> echoed_summaries(["摘要:以往的工作,一块分析当前面临的形势和挑战,一块讲今后的任务。目前…",
    ...                   "以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。目前，全国"])
    [0]
    >>> echoed_summaries(["推荐阅读:随着三下乡活动的启动,我们于7月6日启程出发。 漫长的旅程本是压抑",
    ...                   "随着三下乡活动的启动,我们于7月6日启程出发。", "漫长的旅程本是压抑和沉闷的。"])
    [0]
    >>> echoed_summaries(["主题教育党课:从主题教育中凝聚奋进力量,用党的创新理论推动博物馆事业发展", "同志们:",
    ...                   "今天我以“从主题教育中凝聚奋进力量,用党的创新理论推动博物馆事业发展”为题讲党课。"])
    []
    >>> echoed_summaries(["摘要：本文分析了基层治理的现状与问题，提出了对策建议。", "一、引言", "基层治理是国家治理的基石。"])
    []
    >>> echoed_summaries(["在全县研讨班结业仪式上的讲话用心用爱用功答好强县之问同志们县不图强必有远忧当前全国各地都在深入学",
    ...                   "在全县研讨班结业仪式上的讲话", "用心用爱用功答好“强县之问”", "同志们：",
    ...                   "县不图强，必有远忧。当前，全国各地都在深入学习贯彻会议精神。"])
    [0]

    A long line cut off with `…` whose words stand in the rest of the page goes wherever it is (a site's
    page description printed at the foot); a cut-off line saying something of its own, or a paragraph
    leading in to a list (`…现汇报如下：`) printed twice, stays.

    >>> echoed_summaries(["公众号信息审核制度", "一、目的为规范微信公众号的信息发布，保证对外发布信息的一致性，依据各项管理制度，明确各部门的职责。",
    ...                   "公众号信息审核制度一、目的为规范微信公众号的信息发布,保证对外发布信息的一致性,依据各项管理制度,明确各部…"])
    [2]
    >>> echoed_summaries(["一、目的", "群众反映的问题多、涉及的部门广、办理的时限紧，我们边学边干，逐条研究，一件一件抓落实……"])
    []
    >>> same = "群众反映的问题多、涉及的部门广、办理的时限紧，我们边学边干、边干边总结，逐条研究，一件一件抓落实……"
    >>> echoed_summaries(["篇一", same, "篇二", same])
    []
    >>> echoed_summaries(["某某文学网", "会议纪要范文(通用5篇)", "导读 1.加强会议纪要管理,强化文秘人员专业知识的学习。",
    ...                   "会议纪要范文 第1篇", "一、正确掌握会议纪要的概念"])
    [2]
    >>> echoed_summaries(["新闻写作讲评", "我市新闻工作者认真撰写每一篇稿件,全年刊发稿件1200余篇,获奖作品36件。",
    ...                   "导语:要用最精练的文字把最重要的事实写出来。"])
    []
    >>> echoed_summaries(["某某学会第十二届理事会第五次(扩大)会议、第十二届常务理事会第七次会议在西安召开",
    ...                   "10月27日,某某学会第十二届理事会第五次(扩大)会议、第十二届常务理事会第七次会议在西安召开。"])
    []
    >>> lead_in = "今年以来，我镇严格按照县委的部署和要求，扎实推进党建促乡村振兴工作，全镇上下呈现出良好局面。现汇报如下："
    >>> echoed_summaries([lead_in, "(责任编辑:张某)", lead_in])
    []
    """
    found: list[int] = []
    words: dict[int, str] = {}  # each line's words, made once and only for lines that need them

    def words_of(k: int) -> str:
        if k not in words:
            words[k] = NOT_A_WORD.sub("", texts[k])
        return words[k]

    for i, text in enumerate(texts[:SUMMARY_HEAD_LINES]):
        if EDITOR_LABEL.match(text) and not any(len(t) >= BODY_LINE and ends_sentence(t) for t in texts[:i]):
            found.append(i)
            continue
        colon = ":" in text or "：" in text
        named = SUMMARY_LABEL.match(text) if colon else None
        label = named or (ANY_LABEL.match(text) if colon else None)
        # labelled, its opening words are enough; unlabelled, most of a long line that stops short of a
        # sentence's end (a site's description of the page: title, subtitles and first words, cut off)
        if label:
            said = NOT_A_WORD.sub("", text[label.end() :])[:ECHO_CHARS]
            if len(said) < ECHO_CHARS:
                continue
        elif len(text) >= ECHO_UNLABELLED and not ends_sentence(text) and not text.endswith((":", "：")):
            said = words_of(i)[: int(len(words_of(i)) * ECHO_SHARE)]
            if len(words_of(i)) < ECHO_UNLABELLED:
                continue
        else:
            continue
        lines_below = [words_of(k) for k in range(i + 1, min(len(texts), i + 1 + SUMMARY_HEAD_LINES))]
        below = "".join(lines_below)
        if named:  # a summary's label: its words anywhere below
            echoed = said in below
        elif label:  # any other label: they open the text below
            echoed = below.startswith(said)
        else:  # none: they begin a line below (a headline the lead sentence repeats after its date stays)
            starts = accumulate(map(len, lines_below[:-1]), initial=0)
            echoed = said in below and any(below.startswith(said, at) for at in starts)
        if echoed:
            found.append(i)
    # anywhere (a site prints its page description at the foot too): a long line cut off with `…` whose
    # words all stand, in order, in the rest of the page (its title and the opening of its text)
    for i, text in enumerate(texts):
        if len(text) < ECHO_UNLABELLED or not text.endswith(CUT_OFF) or i in found:
            continue
        said = words_of(i)
        others = [words_of(k) for k in range(len(texts)) if k != i]
        # a description is cut short of the text it copies; a paragraph printed twice whole is the
        # document's own (two reports of a compilation sharing it) and stays
        if len(said) >= ECHO_UNLABELLED and said in "".join(others) and said not in others:
            found.append(i)
    return sorted(found)


MENU_MIN_LINES = 3
MENU_LABEL = re.compile(r"^[A-Za-z][A-Za-z&'’ -]{1,58}$")  # words, no sentence's marks, no digits
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# `headerBg`, `main_nav`: a template's class name left as text; a product's name starts with one lowercase
# letter at most (`iPhone`, `eBay`), an English word has no capital or underscore inside
CODE_NAME = re.compile(r"^[a-z]{2,}(?:[A-Z][a-z0-9]*)+$|^[a-z]+(?:_[a-z0-9]+)+$")
# a template's English widgets (`Skip to main content`, `top of page`, `View Categories`, a render time
# `0.169522s`): at a Chinese page's edge they go alone, as a class name does
ENGLISH_WIDGET = re.compile(
    r"^(?:skip to (?:main )?content|(?:back to )?(?:top|bottom) of (?:the )?page|back to top|view (?:all )?categories"
    r"|read more|\d+\.\d{3,}\s*s|style|script|javascript)$",  # `style`: a template's tag name left as text
    re.I,
)


def latin_menus(texts: list[str]) -> list[int]:
    """A run of English labels above a Chinese page's first Chinese line or under its last (`NEWS CENTER`,
    `HOSPITAL SITUATION`, `Medical services` …): the site's bilingual menu. Three lines or more, so that an
    English title over a report, or an English name under it, stays; a page with no Chinese has none.
    A template's class name (CODE_NAME) or English widget (ENGLISH_WIDGET) there goes alone.

    >>> latin_menus(["NEWS CENTER", "HOSPITAL SITUATION", "Medical services", "3月4日下午,妇科支部举办道德讲堂。"])
    [0, 1, 2]
    >>> latin_menus(["ANNUAL REPORT 2023", "某某公司2023年度工作报告", "全年营业收入增长12%。"])
    []
    >>> latin_menus(["Abstract", "This paper studies grassroots governance.", "Keywords", "基层治理是国家治理的基石。"])
    []
    >>> latin_menus(["headerBg", "某某区召开燃气工作调度会议", "会议总结了全年工作。"])
    [0]
    >>> latin_menus(["iPhone", "某某公司手机销售工作总结", "全年销售增长12%。"])
    []
    >>> latin_menus(["Skip to main content", "某某协会2023年工作报告", "全年发展会员56名。", "top of page"])
    [0, 3]
    >>> latin_menus(["某某协会2023年工作报告", "read more", "全年发展会员56名。"])  # inside the page: not its edge
    []
    >>> latin_menus(["style", "学生党支部会议制度", "为加强支部建设,特制定本制度。"])
    [0]
    """
    found: list[int] = []
    for order in (range(len(texts)), range(len(texts) - 1, -1, -1)):
        run = []
        for i in order:
            if HAS_CJK.search(texts[i]):
                break
            run.append(i)
        else:
            return []  # no Chinese line at all: an English page is not ours to trim
        if len(run) >= MENU_MIN_LINES and all(MENU_LABEL.match(texts[i].strip()) for i in run):
            found += run
        else:
            found += [i for i in run if CODE_NAME.match(t := texts[i].strip()) or ENGLISH_WIDGET.match(t)]
    return sorted(set(found))


TAG_TERM = re.compile(r"[^\s，,。！？!?；;：:、]{2,12}")
TAG_CLOUD_MIN_TERMS = 10
EDGE_LINES = 2  # a tag cloud stands in the first or the last two lines of a page


def tag_clouds(texts: list[str]) -> list[int]:
    """A line of ten or more words set apart by spaces, no punctuation, half of them four characters or
    longer, among a page's first or last lines: the site's tag cloud (`股权协议 员工手册 劳动合同 …`). A
    row of names (two or three characters each) is no cloud.

    >>> tag_clouds(["股权协议 员工手册 劳动合同 股权激励 员工管理制度 岗位职责 6S管理 财务管理制度 薪酬体系 企业文化", "某某药店店长工作手册"])
    [0]
    >>> tag_clouds(["出席:张三 李四 王五", "吴孔明 黄勇平 刘德华 张学友 郭富城 黎明 王菲 那英 孙楠 韩红", "某某会议纪要"])
    []
    """
    n = len(texts)
    found = []
    for i in sorted({*range(min(EDGE_LINES, n)), *range(max(n - EDGE_LINES, 0), n)}):
        terms = texts[i].split()
        if (
            len(terms) >= TAG_CLOUD_MIN_TERMS
            and all(TAG_TERM.fullmatch(t) for t in terms)
            and 2 * sum(len(t) >= 4 for t in terms) >= len(terms)
        ):
            found.append(i)
    return found


MENU_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,4}")
SHORT_MENU_MIN_LINES = 6


def short_menus(texts: list[str], scores: list[Score]) -> list[int]:
    """Six or more words of four characters or fewer, each on its own line, above the page's first
    paragraph, with a chrome word among them or in the three lines over them (`产品` `价格` `下载` …, or
    `全国服务热线 …` over `安徽` `北京` `重庆` …): the site's menu set out one item a line.

    Above the text only, and beside a chrome word: a report's slogans, a verse's lines or a list of names
    under its heading carry no `下载` or `热线`."""
    end = next((i for i, t in enumerate(texts) if len(t) >= BODY_LINE and ends_sentence(t)), len(texts))
    found: list[int] = []
    i = 0
    while i < end:
        j = i
        while j < end and MENU_ITEM.fullmatch(texts[j].strip()):
            j += 1
        if j - i >= SHORT_MENU_MIN_LINES and any(scores[k].evidence > 0 for k in range(max(i - 3, 0), j)):
            found += range(i, j)
        i = max(j, i + 1)
    return found


def is_content(text: str, score: Score) -> bool:
    """A paragraph of the body: sentence-shaped and (next to) no chrome evidence."""
    return score.value <= 0.5 and len(text) >= 15 and (ends_sentence(text) or len(text) >= 40)


def _span(texts: list[str], scores: list[Score]) -> tuple[int, int]:
    """The first and the last content paragraph of the document (-1, -1 when there is none)."""
    found = [
        i for i, (t, s) in enumerate(zip(texts, scores, strict=True)) if s.value <= 0.5 and is_content(t, s)
    ]
    return (found[0], found[-1]) if found else (-1, -1)


def own_say(text: str, score: Score) -> bool:
    """A long line, or one with much text besides chrome words: it goes on its own evidence only, never
    for its neighbours'."""
    return len(text) >= CONTEXT_MAX_CHARS or score.residue > CONTEXT_MAX_RESIDUE


def names_something(text: str, score: Score) -> bool:
    """A head line that is a name of its own with one everyday word in it (`公众号信息发布管理流程` over its
    `发布时间：…` line): it is the document's title, never chrome for its neighbours' sake."""
    return score.evidence < 2 and score.residue >= HEAD_NAME_RESIDUE and not ends_sentence(text)


# a form's short label, its value after it or left blank (`时间：`, `地点：会议室`, `主持人：`)
FORM_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,6}\s*[:：]")
BLANK_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,6}\s*[:：]\s*$")


def form_blank(texts: list[str], i: int) -> bool:
    """A blank label with another label line beside it: a form's field left for the reader to fill in (a
    会议记录 template's `时间：` over `地点：`), the document's own. A labelled value (`责任编辑:某某`) is
    judged as any line is."""
    return BLANK_LABEL.match(texts[i]) is not None and any(
        0 <= k < len(texts) and FORM_LABEL.match(texts[k]) for k in (i - 1, i + 1)
    )


def protected(text: str) -> bool:
    """Lines context never removes: section headings and salutations."""
    return SECTION_HEADING.match(text) is not None or SALUTATION.search(text) is not None


@dataclass(frozen=True, slots=True)
class Verdict:
    action: str  # "remove" | "suspect"
    score: Score
    why: str = ""  # what decided a removal beyond the line's own score ("next to chrome", "list")


# a line's lexicon terms, and the shapes' needles it holds (None: not known, the line is searched for them)
Found = tuple[list[Hit], frozenset[str] | None]


def _scores(
    texts: list[str], settings: BoilerplateSettings, known: Sequence[Found | None] | None = None
) -> list[Score]:
    """Every line's score. `known`: the terms and needles of the lines a pass over the whole document found
    already (terms.lexicon_pass); the others (None) are searched here, the terms in one pass over them
    (terms.term_hits), the needles on each line. A line without a term, a needle or a 《title》 is scored by
    its prose shape alone."""
    given = list(known) if known is not None else [None] * len(texts)
    searched = iter(term_hits(settings.terms, [t for t, f in zip(texts, given, strict=True) if f is None]))
    scores = []
    for t, f in zip(texts, given, strict=True):
        hits, held = f if f is not None else (next(searched), None)
        if hits or "《" in t:
            scores.append(score_line(t, settings, bool(hits), hits))
            continue
        shapes = shapes_on(t, held)
        scores.append(score_line(t, settings, False, None, shapes) if shapes else prose_score(t))
    return scores


class _Lazy(dict[int, bool]):
    """A per-line fact computed on first use: most of a document is never asked about."""

    def __init__(self, compute: Callable[[int], bool]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, i: int) -> bool:
        value = self[i] = self.compute(i)
        return value


def classify(
    texts: list[str],
    settings: BoilerplateSettings,
    gone_before: Callable[[], list[bool]] | None = None,
    known: Sequence[Found | None] | None = None,
    headings: frozenset[int] = frozenset(),
) -> dict[int, Verdict]:
    """The lines of a document to remove or list as suspects, by index (every other line is kept).
    `gone_before()[i]` (asked only when some line could go): a rule removed the source line(s) between
    line i-1 and line i — noise the context counts like removed chrome. `known`: as in _scores.
    `headings`: the lines the page's markup made its heading (<h1>): they go on their own evidence only,
    never for their neighbours (a document site's chrome stands all around its title)."""
    n = len(texts)
    scores = _scores(texts, settings, known)
    # a line scoring below every threshold is kept whatever its context: most lines, looked at no more
    floor = min(settings.remove_at, settings.remove_in_body_at, settings.context_from, settings.suspect_at)
    # lines whose place and shape among their neighbours say they are the page's, whatever their own score
    shaped = (
        (echoed_summaries(texts), "a summary that repeats the text below"),
        (latin_menus(texts), "a menu of English labels at the page's edge"),
        (tag_clouds(texts), "a cloud of tag words at the page's edge"),
        (short_menus(texts, scores), "a menu set out one short item a line above the text"),
    )
    candidates = sorted(
        {i for i in range(n) if scores[i].value >= floor}.union(*(found for found, _ in shaped))
    )
    if not candidates:
        return {}
    gone = gone_before() if gone_before else [False] * (n + 1)
    content = _Lazy(lambda i: is_content(texts[i], scores[i]))  # asked near candidates only

    def in_body(i: int) -> bool:  # between two content paragraphs
        return 0 < i < n - 1 and content[i - 1] and content[i + 1]

    first, last = _span(texts, scores)

    listed: list[set[int]] = []  # found on first demand: only a line that could go needs them

    def in_a_clean_list(i: int) -> bool:
        if not listed:
            listed.append(_items_of_clean_lists(texts, scores) | _rows_of_clean_tables(texts, scores))
        return i in listed[0]

    def bar(i: int) -> float:
        """In the body, a line needs more to go; so does a sentence of weak words anywhere inside the
        document's span (an item of the report's own list: `1. 下载学习强国App，注册账号。`), and an item of
        a numbered list whose next or previous item is clean (`1.【登录】:` over `2.【阅读文章】:`), and a
        table's row beside a clean row of its shape (`某某 登录注册接口编写 10%`)."""
        inside = in_body(i) or (first < i < last and scores[i].weak_sentence)
        if not inside and settings.remove_at <= scores[i].value < settings.remove_in_body_at:
            inside = in_a_clean_list(i)
        return settings.remove_in_body_at if inside else settings.remove_at

    removed = [False] * n
    for i in candidates:
        removed[i] = (
            not content[i]
            and scores[i].value >= bar(i)
            and not (protected(texts[i]) and scores[i].value < settings.remove_in_body_at)
        )
    why = [""] * n
    for found, reason in shaped:
        for i in found:
            removed[i], why[i] = True, reason
    weak = [
        i
        for i in candidates
        if scores[i].value >= settings.context_from
        and not removed[i]
        and not content[i]
        and not in_body(i)
        and not protected(texts[i])
        and i not in headings
        and not form_blank(texts, i)
        and not own_say(texts[i], scores[i])
        and not (i < first and names_something(texts[i], scores[i]))
    ]
    # a page's tags under the text (`关键词:上海市政协 公众日活动`): a paper's keywords stand above its text, or
    # under its abstract (`摘要` … `关键词:…`), and are its own
    tags = [i for i in range(last + 1 if last >= 0 else n, n) if TAG_LINE.match(texts[i]) and not removed[i]]
    if tags and not any(ABSTRACT.match(text) for text in texts):
        for i in tags:
            removed[i], why[i] = True, "the page's tags under the text"
    # nothing of a report ends on a word or two of page chrome alone (`评论`, `附件列表`): a widget's label
    if n - 1 in weak and len(texts[-1]) <= EDGE_WORDS_MAX_CHARS and "all_chrome" in scores[-1].detail:
        removed[-1], why[-1] = True, "chrome words alone at the end of the page"
    changed = True
    while changed:  # weak evidence next to chrome goes with it, outward until nothing more changes
        changed = False
        for i in weak:
            near = gone[i] or gone[i + 1] or (i > 0 and removed[i - 1]) or (i + 1 < n and removed[i + 1])
            if not removed[i] and near:
                removed[i], why[i], changed = True, "next to chrome", True
    for i in range(1, n - 1):  # a longer line with some evidence, between two chrome lines, is chrome too
        if (
            not removed[i]
            and removed[i - 1]
            and removed[i + 1]
            and not protected(texts[i])
            and i not in headings
            and scores[i].evidence >= settings.suspect_at
        ):
            removed[i], why[i] = True, "between chrome lines"
    if any(removed):
        _numbered_lists(texts, scores, removed, why)
        _field_blocks(texts, removed, why)
    verdicts = {i: Verdict("remove", scores[i], why[i]) for i in range(n) if removed[i]}
    for i in candidates:
        if not removed[i] and scores[i].value >= settings.suspect_at:
            verdicts[i] = Verdict("suspect", scores[i])
    return dict(sorted(verdicts.items()))


def _items_of_clean_lists(texts: list[str], scores: list[Score]) -> set[int]:
    """Numbered items (`1.`, `2、`) whose next or previous number, in the same style and wherever it stands
    in the document, carries no chrome evidence: the report's own list, whose items speak its subject's
    words (a points table's `登录`); a site's download notes are chrome item after item."""
    items: dict[tuple[int, str], int] = {}
    for i, text in enumerate(texts):
        if (item := NUMBERED_ITEM.match(text)) is not None:
            items.setdefault((int(item.group("n")), item.group("mark")), i)
    return {
        i
        for (n, mark), i in items.items()
        if any((j := items.get((n + d, mark))) is not None and scores[j].value <= 0.5 for d in (-1, 1))
    }


def _rows_of_clean_tables(texts: list[str], scores: list[Score]) -> set[int]:
    """Rows of a table printed as text, cells apart and a figure last (`某某 接口测试,登录注册接口整合 12%`),
    with a row of the same shape and no chrome evidence right above or below: the report's own table,
    whose cells speak its subject's words."""
    rows = [TABLE_ROW.match(text) is not None for text in texts]
    return {
        i
        for i, row in enumerate(rows)
        if row and any(0 <= j < len(texts) and rows[j] and scores[j].value <= 0.5 for j in (i - 1, i + 1))
    }


def _numbered_lists(texts: list[str], scores: list[Score], removed: list[bool], why: list[str]) -> None:
    """A numbered list that is chrome as a whole (a site's download notes): it touches chrome, and most of
    its items are chrome, or it stands right under a chrome line and opens with a chrome item or most items
    carry chrome evidence; or one of its items is chrome and every item carries real chrome evidence."""
    i = 0
    while i < len(texts):
        if not NUMBERED_ITEM.match(texts[i]):
            i += 1
            continue
        j = i
        while j < len(texts) and NUMBERED_ITEM.match(texts[j]):
            j += 1
        run = range(i, j)
        touches = (i > 0 and removed[i - 1]) or (j < len(texts) and removed[j])
        most = sum(removed[k] for k in run) * 2 > len(run)
        evidenced = sum(scores[k].evidence >= 1 for k in run) * 2 > len(run)
        under_chrome = i > 0 and removed[i - 1] and (removed[i] or evidenced)
        # one note is chrome by itself and every other speaks the site's vocabulary (`下载文档前请自行甄别…`,
        # `仅部分预览的文档…`, `…请联系客服`): the site's download notes, wherever they stand
        notes = any(removed[k] for k in run) and all(scores[k].evidence >= NOTE_EVIDENCE for k in run)
        if len(run) >= 2 and ((touches and (most or under_chrome)) or notes):
            for k in run:
                if not removed[k] and len(texts[k]) < LONG_ITEM:
                    removed[k], why[k] = True, "in a list of chrome items"
        i = j


# `• 发文字号:` — a bulleted field of a page's metadata table, its value after it or on the next line
BULLET_FIELD = re.compile(r"^[•·●▪]\s*[^\s:：。，,]{1,8}\s*[:：]\s*(?P<value>.*)$")
FIELD_MAX_CHARS = 40  # a field's line, or its value's line, is no longer than this
FIELD_BLOCK_MIN = 3  # bulleted fields in a row that make a metadata table


def _field_blocks(texts: list[str], removed: list[bool], why: list[str]) -> None:
    """A page's metadata table (`• 索引号:` / its value / `• 发文机构:` / …) goes as a whole when it holds
    chrome: a rule or the lexicon knows some of its labels, the others and the values go with them. A
    report's own `• 主要做法：` items are never three bulleted short fields beside a chrome one."""
    i, n = 0, len(texts)
    while i < n:
        j, fields = i, 0
        while j < n and len(texts[j]) <= FIELD_MAX_CHARS and (field := BULLET_FIELD.match(texts[j])):
            fields, j = fields + 1, j + 1
            # (a numbered section heading under the table is the report's, never a field's value)
            value_below = (
                j < n
                and not BULLET_FIELD.match(texts[j])
                and len(texts[j]) <= FIELD_MAX_CHARS
                and not SECTION_HEADING.match(texts[j])
            )
            if not field.group("value").strip() and value_below and not ends_sentence(texts[j]):
                j += 1  # the value, on a line of its own
        if fields >= FIELD_BLOCK_MIN and any(removed[i:j]):
            for k in range(i, j):
                if not removed[k]:
                    removed[k], why[k] = True, "in a table of page fields with chrome"
        i = max(j, i + 1)
