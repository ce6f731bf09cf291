"""The metadata shapes sites print, each a pattern with the characters a line must hold for it to be tried.

A shape's pattern runs only on a line holding one of its `anywhere` characters, or starting or ending with
one of its `first`/`last` characters: one C-speed pass finds the needle characters a line holds, and most
report lines hold none, so no pattern runs on them at all. Patterns start with a literal or a small class
where they can, so that the engine skips the rest of a line at C speed. A shape that only short lines
have (`max_len`) is not tried, and its needles not looked for, on a longer line; nor a shape on a line
holding a character its pattern cannot match with (`absent`), or lacking every string it needs (`needs`).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from docclean.cleaners.titles import SPACED_LABEL


@dataclass(frozen=True, slots=True)
class Shape:
    name: str
    weight: float
    pattern: re.Pattern[str]
    anywhere: str = ""  # the line holds one of these characters …
    first: str = ""  # … or starts with one of these …
    last: str = ""  # … or ends with one of these
    max_len: int = 0  # and is at most this long (0: any length)
    absent: str = ""  # and holds none of these (the pattern cannot match a line that does)
    needs: tuple[str, ...] = ()  # and holds one of these (the pattern cannot match a line without any)

    def ruled_out(self, text: str) -> bool:
        """The line holds a character the pattern cannot match with, or lacks every string it needs."""
        if self.absent and any(map(text.__contains__, self.absent)):
            return True
        return bool(self.needs) and not any(map(text.__contains__, self.needs))


ICONS = "✂✉☎☏✆✈✎✏✓✔✕✖✗✘★☆♥♡▲△▼▽◆◇■□●○◎⬆⬇↑↓←→↩↪⇧⇩➤➜➔▶◀►◄"
# one link of a link row: 4–24 characters holding Chinese, no sentence punctuation
LINK = r"\s*(?=[^|｜]*[\u4e00-\u9fff])[^|｜。！？!?；;，,]{4,24}\s*"

SHAPES: tuple[Shape, ...] = (
    Shape(
        "iso_date",
        2.0,
        re.compile(
            r"(?:19|20)(?<!\d(?:19|20))\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"
        ),
        "-/.",
    ),
    # `更新於 2022年12月27日07:40 • 發布於 2022年12月25日07:49`: a post's update and publication times
    Shape(
        "published_at",
        2.0,
        re.compile(r"(?:更新|发布|發布|发表|發表)[于於]\s*(?:19|20)\d{2}\s*[年\-/.]"),
        first="更发發",
        needs=("更新于", "更新於", "发布于", "發布於", "发表于", "發表於"),
    ),
    Shape("clock_time", 1.0, re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"), ":"),
    Shape("file_size", 3.0, re.compile(r"\d+(?:\.\d+)?\s*(?:KB|MB|GB|kb|mb|Kb|KiB|MiB)(?![A-Za-z])"), "Bb"),
    Shape(
        "file_format",
        2.0,
        # `格式:DOCX`, or a document site's note under the text, `文档为doc格式`
        re.compile(
            r"格式\s*[:：]\s*(?:docx?|pdf|pptx?|xlsx?|wps|txt|rar|zip)\b|文档为\s*(?:docx?|pdf|pptx?|xlsx?|wps|txt)\s*格式",
            re.I,
        ),
        ":：",  # the colon it needs, not `格`: 严格, 格局 and 风格 are in every other report line
        first="文",  # … or the note's first character
        needs=("格式",),
    ),
    Shape("page_count", 3.0, re.compile(r"^[•·●▪\-\s]*(?:[共约]\s*)?\d+\s*页$"), last="页"),
    # `- 约3.47千字`: a document site's word count, an item of its metadata list
    Shape(
        "word_count", 2.0, re.compile(r"^[•·●▪\-\s]*(?:[共约]|全文)\s*\d+(?:\.\d+)?\s*[千万]?字$"), last="字"
    ),
    # `- 12`: a bare count in such a list (likes, comments); weak evidence, it goes only beside chrome
    Shape("bullet_count", 1.0, re.compile(r"^[•·●▪\-]\s*\d{1,6}$"), first="•·●▪-", max_len=10),
    # `P(?<!\wP)` is `\bP`, written so that the engine skips to a `第` or `P`
    Shape("page_mark", 2.0, re.compile(r"第\s*\d+\s*/\s*\d+\s*页|P(?<!\wP)(?:age|\.)\s*\d+\b"), "页P"),
    Shape("counter", 2.0, re.compile(r"^\d+\+$"), last="+"),
    Shape(
        "stat_counter",
        2.0,
        # `阅读:12`, or the count in brackets (`被阅读[1481]次`, `浏览(97)`)
        re.compile(
            r"(?:查看|回复|浏览|阅读|點擊|点击|评论|下载|人气|人氣)(?:数|量|次数)?"
            r"(?:\s*[:：]\s*\d+|\s*[\[【(（]\s*\d+\s*[\]】)）](?:\s*次)?)"
        ),
        ":：[【(（",
        needs=("查看", "回复", "浏览", "阅读", "点击", "點擊", "评论", "下载", "人气", "人氣"),
    ),
    # `2025-04-23 入门指南 140次阅读`: a post's view count closing its metadata line
    Shape("view_count", 2.0, re.compile(r"\d+\s*次(?:阅读|浏览|点击|查看)$"), last="读览击看"),
    Shape("masked_user", 3.0, re.compile(r"[A-Za-z0-9]\*{3,}[A-Za-z0-9]"), "*", needs=("***",)),
    Shape("file_name", 2.0, re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)(?![A-Za-z])", re.I), "."),
    # `微信图片_20210125223457`: a camera's or WeChat's default name of an image, its extension dropped
    Shape(
        "image_default_name",
        3.0,
        re.compile(r"^(?:微信图片|IMG|DSC|mmexport)[_-]?\d{6,}"),
        first="微IDm",
        max_len=40,
    ),
    # a line that is an image's file name, or several, or its path on the editor's disk with a label
    # (`640.jpg 720x400.jpg`, `说明: C:\Users\…\现场缴纳党费.jpg`): what a saved page keeps of an <img>.
    # No sentence mark in it; an attachment's list (`附件:…`) is the report's own
    Shape(
        "image_name",
        4.0,  # a path runs past 60 characters, where a line's length counts against it
        re.compile(
            r"^(?!\s*附件)[^。，,！？；\s]{1,60}(?:\s.{0,160}?)?\.(?:png|jpe?g|gif|bmp|webp)$"
            r"|^[A-Za-z0-9_-]{1,40}\s+(?:png|jpe?g|gif|bmp|webp)$",  # `ad1 webp`: the dot lost with the link
            re.I,
        ),
        last="gGfpP",
        absent="。，！？；",
    ),
    # `闵行.jpg` alone between two paragraphs: one file's name, unnumbered and unlabelled, is a picture the
    # save lost (an attachment list numbers its items or stands under its label): enough to go in the body
    Shape(
        "bare_image_name",
        1.0,
        re.compile(r"^[^\s\d。，,！？；:：][^\s。，,！？；:：]{0,30}\.(?:png|jpe?g|gif|bmp|webp)$", re.I),
        last="gGfpP",
        max_len=36,
    ),
    # `(相关资料图)`, `【资料图】`, `(资料图片仅供参考)`: a news page's note on the picture it showed, alone on its line
    Shape(
        "image_note",
        3.0,
        # … or with the site's caveat (`(资料图片仅供参考)`)
        re.compile(
            r"^[（(【\[][^()（）【】\[\]]{0,8}[图圖](?:片)?(?:仅供参考|僅供參考|来源于网络|來源於網絡|来源网络)?[)）】\]]$"
        ),
        first="（(【[",
        max_len=16,
    ),
    # `3分钟`: a page's reading-time widget beside its word count; weak, it goes only beside chrome
    Shape(
        "reading_time",
        1.0,
        re.compile(r"^(?:阅读(?:时间|时长)?\s*[:：]?\s*)?(?:约\s*)?\d{1,2}\s*分钟$"),
        last="钟",
        max_len=14,
    ),
    # `共 12388字,需浏览 25分钟`, `全文234个字,阅读预计需要1分钟`: a page's word count and reading time on one line
    Shape(
        "reading_estimate",
        3.0,
        re.compile(
            r"^(?:(?:本文|全文)(?:共|约)?|共)\s*\d[\d,]*\s*个?字[,，\s]*(?:需|预计|大约|约)?\s*(?:浏览|阅读)"
            r"(?:预计|大约|约)?(?:需要?|用时|时间|时长)?\s*(?:约\s*)?\d{1,3}\s*分钟$"
        ),
        first="本共全",
        max_len=40,
    ),
    # `2021年8月13日 13:46`: a post's time stamp alone on its line (a report's own date has no clock time;
    # a meeting's says 上午/下午 or stands after its label)
    Shape(
        "post_time",
        3.0,
        re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s+\d{1,2}:\d{2}(?::\d{2})?$"),
        first="12",
        max_len=24,
    ),
    # `Thursday, October 17, 2024`: a page header's date in English, alone on its line
    Shape(
        "english_date",
        3.0,
        re.compile(
            r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:January|February|March|April|May|June|"
            r"July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}$"
        ),
        first="MTWFSJAOND",
        max_len=40,
    ),
    # `https?://|www\.|\.(?:com|cn|net|org)(?![A-Za-z])|@[A-Za-z0-9-]+\.`, any case: written as the
    # class of the characters a match starts with, then what follows each, so that the engine skips to
    # one (an ignore-case pattern of alternatives is tried at every character of a line)
    Shape(
        "url",
        1.0,
        re.compile(
            r"[.@HWhw](?:(?<=[Hh])[Tt][Tt][Pp][Ss]?://|(?<=[Ww])[Ww][Ww]\.|"
            r"(?<=\.)(?:[Cc][Oo][Mm]|[Cc][Nn]|[Nn][Ee][Tt]|[Oo][Rr][Gg])(?![A-Za-z])|(?<=@)[A-Za-z0-9-]+\.)"
        ),
        ".@",
    ),
    Shape("separator", 1.0, re.compile(r"\s\|\s?|\s?\|\s"), "|"),
    # `述职报告范文 | 述职报告模板 | 个人述职报告`: a row of links to related pages, three titles or more
    # (a table's cells are shorter, or numbers, and a sentence has its punctuation)
    Shape("link_row", 3.0, re.compile(rf"^{LINK}(?:[|｜]{LINK}){{2,}}$"), "|｜", max_len=200),
    Shape("breadcrumb", 2.0, re.compile(r"^[^<《]*?(?:[>»›＞][^<>《》]{0,24}){2}"), ">»›＞"),
    # `中国政库 >`: a breadcrumb's one level, its separator left at the end of the line (no sentence ends so)
    # An ASCII `>` needs a space before it: glued on, it closes a `<…>` the line above opened (a wrapped
    # `…印发<**2023` / `年基层党建工作重点任务清单>`)
    Shape("breadcrumb_tail", 3.0, re.compile(r"^[^<>《》]{1,16}(?:\s+>|\s*[»›＞])\s*$"), ">»›＞"),
    # `时间:` — a post's metadata label whose value the save lost: weak, it goes only beside chrome, and a
    # form's blanks (`时间：` over `地点：` of a 会议记录 template) are never taken (boilerplate.form_blank)
    Shape(
        "empty_meta_label",
        1.0,
        re.compile(
            r"^(?:时间|日期|作者|来源|出处|编辑|发布|栏目|分类|浏览|阅读|人气|点击|字数|更新|上传)\s*[:：]\s*$"
        ),
        last=":：",
        max_len=8,
    ),
    # `索 引 号:`, `关 键  词:` — a form's label typeset with spaces between its characters
    Shape("spaced_label", 2.0, SPACED_LABEL, ":："),
    # a line that is a site's name (`某某论坛`, `某某范文网 2025-04-02`): the name and at most a date
    Shape(
        "site_name",
        2.0,
        re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,10}(?:网|文库|论坛|资料站)(?:\s+[\d\-/.: ]+)?$"),
        "网库坛站",
        max_len=30,
    ),
    # `` `` ``, `~~~`, `<>`: what is left of markup or a widget, no word in it (`*` and `—` are kept:
    # a masked name and a dash can stand alone in a report)
    Shape(
        "markup_residue",
        3.0,
        re.compile(r"^[`~^|\\<>{}\[\]_=+#:\s]{1,40}$"),
        first="`~^|\\<>{}[]_=+#:",
        max_len=40,
    ),
    # `欢迎进入某某大学某某学院网站!`, `您好!欢迎访问某某网!`: the site's welcome banner, the site's name and nothing else (its `!`
    # counts as a sentence's end against it, hence the weight)
    Shape(
        "site_welcome",
        4.0,
        re.compile(
            r"^(?:(?:您好|你好)\s*[!！,，]?\s*)?[欢歡]迎(?:光临|光臨|来到|來到|进入|進入|访问|訪問)[^。，,！!]{2,30}?"
            r"(?:网站|網站|网|網|平台|论坛|論壇|文库|文庫|官网|官網|主页|主頁)\s*[!！。.]?$|"
            # visited, an institution is its site (a welcome speech says `欢迎来到某某集团`)
            r"^(?:(?:您好|你好)\s*[!！,，]?\s*)?[欢歡]迎(?:访问|訪問)[^。，,！!]{2,30}?"
            r"(?:研究院|研究所|学院|學院|大学|大學|医院|醫院|集团|集團|公司|中心)\s*[!！。.]?$"
        ),
        first="欢歡您你",
        max_len=40,
    ),
    # `某某范文网欢迎您!`, `某某医院(某某中心)官方网站欢迎您!`, `某某中学 欢迎您!`: the same banner, the site's name first (a site's word ends it, or
    # the banner's space sets it apart: `青山镇欢迎您！` in a speech has neither)
    Shape(
        "site_welcome_after",
        4.0,
        re.compile(
            r"^(?:[\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:[（(][\u4e00-\u9fffA-Za-z0-9]{2,16}[)）])?(?:官方)?"
            r"(?:网站|網站|网|網|平台|论坛|論壇|文库|文庫|官网|官網|主页|主頁)\s*|"
            r"[\u4e00-\u9fffA-Za-z0-9]{2,20}(?:\s+|\s*[,，]\s*))[欢歡]迎(?:您|你|光临|光臨|访问|訪問)\s*[!！。.]?$"
        ),
        "迎",
        max_len=40,
    ),
    # `(责任编辑:张三 李四)`: a news page's web-editor credit in brackets, a line of its own
    Shape(
        "editor_credit",
        2.0,
        re.compile(
            r"^[（(【\[]\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編|审核|審核|校对|校對)\s*[:：]"
            r"[^()（）【】\[\]:：]{1,24}[)）】\]]$"
        ),
        first="（(【[",
        max_len=40,
        needs=("编", "編", "审", "審", "校"),  # `（一）…`, `(2)…`: a heading's bracket is no credit
    ),
    # `张三 2021-04-25 162217`: a post's byline, a name then its date and time (colons or not) or counter
    Shape(
        "byline_datetime",
        2.0,
        re.compile(
            r"^[\u4e00-\u9fff·]{2,5}\s+(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+(?:\d{1,2}:\d{2}(?::\d{2})?|\d{4,6})"
            r"(?:\s+\d+)?$"
        ),
        "-",
        max_len=40,
    ),
    Shape("bullet", 0.5, re.compile(r"^[•·●▪]"), first="•·●▪"),
    # `微信公众号`, `新浪微博`: a QR code's caption, the kind of account and nothing else; it goes only beside
    # chrome (a report names its accounts in sentences and titles), and it names no document above the text
    Shape(
        "account_caption",
        2.0,
        re.compile(
            r"^(?:微信公众号|微信公众平台|公众号|官方微信|微信|新浪微博|微博|抖音号?|视频号|今日头条|客户端)$"
        ),
        last="号台信博音条端",
        max_len=6,
    ),
    # `政府信息公开`, `通知公告`: a government site's column name alone over the page (a report's own
    # headings are numbered or say more); it goes only beside chrome
    Shape(
        "column_name",
        2.0,
        re.compile(
            r"^(?:政府信息公[开開]|信息公[开開]|政务公[开開]|通知公告|新[闻聞]中心|新[闻聞]动态|图片新[闻聞]|要[闻聞]动态|"
            r"社[会會]|[时時]政|[财財][经經]|[国國][际際]|[国國]内|港澳|[两兩]岸|科技|[娱娛][乐樂]|[军軍]事|综合新[闻聞]|[图圖]片新[闻聞])$"
        ),
        last="开開告心态闻聞会會政经經际際内澳岸技乐樂事",
        max_len=6,
    ),
    # `somename在线观看,somename在线看|somename无删减观看_…`: a spam page's title stuffed with one Latin
    # keyword, three times or more between a web title's separators (a sentence repeats a word with its
    # punctuation, not `|` `_`). Latin only: the engine tries the group at a Latin letter alone, so a
    # Chinese line with a `|` costs a scan, not a search per character pair
    Shape(
        "keyword_stuffing",
        3.0,
        re.compile(
            r"^(?=[^\u4e00-\u9fff]*[\u4e00-\u9fff])[^。！？]*?([A-Za-z]{4,})(?:[^。！？]*?[|_｜,，][^。！？]*?\1){2}[^。！？]*$"
        ),
        "|_｜",
        max_len=200,
    ),
    # `ID:525568`: a document site's id of the page, alone on its line; it goes only beside chrome
    Shape(
        "doc_id",
        2.0,
        re.compile(r"^(?:ID|id|文档ID|资料ID|资源ID)\s*[:：]\s*[A-Za-z0-9]{3,16}$"),
        "Dd",
        max_len=24,
    ),
    # `更多`, `更多>>`: a list's more-link alone on its line; it goes only beside chrome
    Shape(
        "more_link", 2.0, re.compile(r"^(?:更多|查看更多|more|MORE|More)\s*[>»]*$"), last="多>»eE", max_len=8
    ),
    # `活动日期 2023-12-31 13:30:00 至 2023-12-31 15:30:00`: a period from one time to another is what a
    # record or a schedule says, never a post's time stamp: evidence against the dates' chrome
    Shape(
        "date_range",
        -3.0,
        re.compile(r"\d{4}-\d{1,2}-\d{1,2}[^至到~～—]{0,10}(?:至|到|~|～|—)\s*\d{4}-\d{1,2}-\d{1,2}"),
        "-",  # its needle: `到` and `至` stand in half the lines of a report, a date's `-` in few
    ),
    # `--`: the delimiter a post puts above its signature; weak, it goes only beside chrome
    Shape("signature_delimiter", 1.0, re.compile(r"^--$"), first="-", max_len=2),
    # `****************`: a rule of stars across a press release's head (placeholders are three at most)
    Shape("star_rule", 3.0, re.compile(r"^[*＊]{6,}$"), first="*＊"),
    # `Baidu`, `sogou`: a share widget's engine names, one Latin word alone; weak, it goes only beside chrome
    Shape(
        "latin_word", 1.0, re.compile(r"^(?![Xx]+$)[A-Za-z]{3,12}$"), first=string.ascii_letters, max_len=12
    ),
    # `✂`, `☎`, `▲`: a widget's icon alone on its line (a cut mark over a paywall tip, a phone or top icon);
    # weak, it goes only beside chrome
    Shape("lone_icon", 1.0, re.compile(rf"^[{ICONS}]{{1,3}}$"), first=ICONS, max_len=3),
    Shape("dangling_close", 1.0, re.compile(r"^[^（(]*[)）]$"), last=")）", absent="（("),
)


@dataclass(frozen=True)
class _Band:
    """The shapes a line up to `upto` characters long may hold (those without a shorter `max_len`), and
    the needle characters that admit each: a long report line is never tried for a short line's shape,
    however common its needle (`网` for a line that is a site's name)."""

    upto: float
    needles: re.Pattern[str]
    by_char: dict[str, tuple[int, ...]]
    by_first: dict[str, tuple[int, ...]]
    by_last: dict[str, tuple[int, ...]]
    memo: dict[frozenset[str], tuple[int, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, upto: float) -> _Band:
        fit = [i for i, s in enumerate(SHAPES) if not s.max_len or s.max_len >= upto]

        def by(chars: Callable[[Shape], str]) -> dict[str, tuple[int, ...]]:
            return {c: tuple(i for i in fit if c in chars(SHAPES[i])) for i in fit for c in chars(SHAPES[i])}

        by_char = by(lambda s: s.anywhere)
        return cls(
            upto,
            re.compile("[" + re.escape("".join(sorted(by_char))) + "]"),
            by_char,
            by(lambda s: s.first),
            by(lambda s: s.last),
        )

    def admitted(self, text: str, held: frozenset[str] | None = None) -> list[int]:
        """The shapes of the band worth trying on the line, in SHAPES order: those whose needle it holds,
        starts or ends with, unless the line rules them out. None for most lines, settled at C speed.
        `held`: the needle characters the line holds, when a pass over its document found them already."""
        if held is None:
            held = frozenset(self.needles.findall(text)) if self.needles.search(text) else frozenset()
        first, last = self.by_first.get(text[:1]), self.by_last.get(text[-1:])
        if held:
            held = held.intersection(self.by_char)  # a shorter band's needles are no needles of this one
        if not held and not first and not last:
            return []
        tried = self.memo.get(held)
        if tried is None:  # the shapes a set of needles admits: a handful of sets recur on every page
            tried = self.memo[held] = tuple(sorted({i for c in held for i in self.by_char[c]}))
        if first or last:
            tried = tuple(sorted({*tried, *(first or ()), *(last or ())}))
        return [i for i in tried if not SHAPES[i].ruled_out(text)]


BANDS = tuple(_Band.of(upto) for upto in sorted({s.max_len for s in SHAPES if s.max_len})) + (
    _Band.of(math.inf),
)


# every band's needles are among the first's: it holds every shape
NEEDLE_CHARS = "".join(sorted(BANDS[0].by_char))


def band(text: str) -> _Band:
    """The band of a line's length: its shapes all allow a line that long."""
    n = len(text)
    for b in BANDS:
        if n <= b.upto:
            return b
    raise AssertionError("the last band has no upper bound")


def shapes_on(text: str, held: frozenset[str] | None = None) -> list[Shape]:
    """The shapes found on a line, in SHAPES order (`held` as in _Band.admitted).

    >>> [s.name for s in shapes_on("上传时间:2022-07-22 10:35")]
    ['iso_date', 'clock_time']
    >>> shapes_on("全年完成投资12亿元，新建项目36个。")
    []
    """
    return [SHAPES[i] for i in band(text).admitted(text, held) if SHAPES[i].pattern.search(text)]
