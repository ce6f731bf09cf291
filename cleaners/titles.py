"""The shapes of a title line, and how strongly a head line looks like a document's own title.

No list of known titles or sites: a title is a short line without sentence punctuation; the document's own
title has the genre's shape (`…总结`, `…讲话`, `… 篇1`), a year or a unit, and stands right above the body,
while the page furniture printed above it (site and forum names, logos, column labels, breadcrumbs, upload
metadata) is short, ends in a site word, or has a `label: value` shape.
"""

from __future__ import annotations

import re

TITLE_MAX_CHARS = 60
# A line ending in these is a sentence or a lead-in ("…如下："), never a title.
SENTENCE_END = tuple("。！？!?；;，,、：:…")
# A quotation that ends a sentence (`“您好，请测一下体温。”`) is a sentence too.
CLOSING_QUOTES = "”’」』\"'"
# `入党积极分子为什么要向党组织作思想汇报?`: a short question with no other punctuation is a title's shape
# (a question in a paragraph comes with its clauses)
QUESTION_TITLE = re.compile(r"^[^，,。！!；;：:？?、]{4,30}[？?]$")
# `①`, `❶`, `➊`, `⑴`, `⒈`, `㈠`: an enclosed numeral numbers an item (a Q&A page's `❶ 请问…怎么写`), never a title;
# nor does a letter (`C、定本班/日计划`: a list's item, though it ends on a genre word)
NUMBERED_HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+(部分|章|节|篇)|[一二三四五六七八九十百]+\s*[、.．]|"
    r"[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,2}\s*[.．、](?!\d)|[①-⒛❶-➓㈠-㈩]|[一二三四五六七八九十]是|"
    r"[A-Za-z]\s*[、.．]\s*(?=[\u4e00-\u9fff]))"
)
# Simplified and Traditional forms: pages from Taiwan, Hong Kong and converted sites print the latter.
GENRE_WORD = re.compile(
    r"(报告|報告|总结|總結|讲话|講話|讲话稿|講話稿|发言|發言|发言稿|發言稿|提纲|提綱|致辞|致辭|致词|致詞|献词|獻詞|心得体会|心得體會|心得|体会|體會|"
    r"汇报|匯報|材料|述职|述職|述廉|述责|述責|(?<!解决)(?<!解決)方案|计划|計劃|规划|規劃|要点|要點|意见|意見|通知|简报|簡報|调研|調研|"
    r"演讲稿|演講稿|主持词|主持詞|党课|黨課|讲稿|講稿|对照检查|對照檢查|剖析|自查|说明|說明|倡议书|倡議書|事迹|事蹟|"
    r"范文|範文|纪要|紀要|决定|決定|办法|辦法|制度|结束语|結束語|开幕词|開幕詞|闭幕词|閉幕詞|欢迎词|歡迎詞|答谢词|答謝詞|"
    r"贺词|賀詞|串词|串詞|申请书|申請書)$"
)
# `〔社区团支部“一团一品”建设总结〕`, `【…工作总结】`: a title a page prints inside brackets
ENCLOSED = re.compile(r"^\s*[〔【\[［〖](?P<inner>[^〔【\[［〖〕】\]］〗]+)[〕】\]］〗]\s*$")
TRAILING_PAREN = re.compile(r"\s*[（(]([^（()）]{1,24})[)）]\s*$")
# `… 篇1`, `…（二）`, `…3`, `…【第一篇】`: the position of a report inside a compilation, after its genre word.
ORDINAL_SUFFIX = re.compile(
    r"\s*(?:篇\s*(?:[\d一二三四五六七八九十]+|[（(][\d一二三四五六七八九十]+[)）])|[（(][\d一二三四五六七八九十]+[)）]|\d{1,2}|"
    r"[【\[（(]?\s*第\s*[\d一二三四五六七八九十]+\s*篇\s*[】\]）)]?)\s*$"
)
# `第一篇：…`, `篇一 :…`: a compilation's numbered title (with its colon; `第一篇 总论` is a book's part heading).
ORDINAL_PREFIX = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+篇|篇[一二三四五六七八九十\d]+)\s*[:：]\s*(?=\S)"
)
# `(15篇)`, `(共五则)`, `(精选多篇)`: how many reports a compilation holds.
COUNT = r"(?:\d+|[一二三四五六七八九十两多]+)\s*[篇则則]"
COUNT_LINE = re.compile(rf"^[（(][^（()）]{{0,8}}{COUNT}[^（()）]{{0,4}}[)）]$")
TOC_HEAD = re.compile(r"^[-•·*]?\s*目\s*[录錄]\s*[:：]?$")  # `目录`, `- 目錄`: a list's bullet aside
# a photo's caption (`▲卫生院副院长述职`, `↑ 会议现场`): the arrow points at the picture above it; and a
# list item's bullet (`• 开始时间`, `● 格式`): a list's item names no document
CAPTION = re.compile(r"^\s*[▲△▼▽↑↓]")
BULLET = re.compile(r"^\s*[•●▪]")
CJK = re.compile(r"[\u4e00-\u9fff]")

# --- evidence for and against a head line being the document's own title ---
YEAR_OR_UNIT = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|[（(][^（()）\d]{2,12}[)）]\s*$")
# `…学术网`, `…论坛`, `…网站logo`, `…频道`, a domain name: the name of the site, not of the document.
SITE_NAME = re.compile(
    r"(网|網|网站|網站|论坛|論壇|站|频道|頻道|文库|文庫|首页|首頁|logo|LOGO|Logo)\s*$|"
    r"[A-Za-z0-9-]+\.(?:com|cn|net|org|gov|edu)\b",
    re.I,
)
# `格式:DOCX`, `查看: 3273|回复: 2`, `快捷搜索:论文 合同 演讲`: a short label and a value without a phrase in it.
META_LABEL = re.compile(r"^[\s•·>\-]*[\u4e00-\u9fffA-Za-z\s]{1,8}[:：](?P<value>.*)$")
CJK_PHRASE = re.compile(r"[\u4e00-\u9fff]{5,}")
# `吴某某:“闽姐姐”来向“今日头条”学习了`: quotation marks inside a news headline's value do not break its phrase
QUOTE_MARKS = re.compile(r"[“”‘’「」『』\"']")
# `首页 > 工作总结 >`, `教育 » 述职`: navigation. A `>` after `<` closes a quotation (`<**区开展…>的通知`).
NAVIGATION = re.compile(r"[»›]|^[^<＜]*[>＞]")
# `…/范文大全/工作总结/团委工作`: a path of three named levels (a date's slashes name none); a title that
# names three things with slashes ends with its genre word (`关于…/主题党日/组织生活会的通知`)
SLASH_PATH = re.compile(
    r"[\u4e00-\u9fff][^/\s，。]{0,15}/[^/\s，。]{0,15}[\u4e00-\u9fff][^/\s，。]{0,15}/[^/\s，。]{0,15}[\u4e00-\u9fff]"
)
# A subtitle or a dated note under the title (`——在…会议上的讲话`, `（2023年12月）`) belongs to the title above it.
SUBTITLE = re.compile(r"^\s*(?:[—―－~～]|-{2,}|[（(](?![\d一二三四五六七八九十百]+[)）]))")
SUBTITLE_TAIL = re.compile(r"(?:会议|大会|會議|大會|典礼|典禮|仪式|儀式|论坛|論壇|座谈会|座談會)上\s*[)）]?$")
# `沙沟镇镇长 刘彦成`, `县委办公室`: who speaks or signs, under the title.
BYLINE = re.compile(
    r"^\S.*\s[\u4e00-\u9fff]{2,3}$|"
    # `林文斌[专栏]`, `张三（特约评论员）`: a columnist's name and the column's tag
    r"^[\u4e00-\u9fff]{2,4}\s*[\[【(（〔](?:专栏|專欄|特约|特約|评论员|評論員|专栏作者|專欄作者)[\]】)）〕]$|"
    # a unit's name: quotes are a headline's (`我市成立“三献”办`), never a unit's
    r"^[^\s“”\"]{2,16}(局|委|办|办公室|部|院|厅|处|科|所|队|中心|公司|集团|政府|委员会|党委|党组|支部|街道|学校|医院|银行)$"
)
# `华略 上海华略智库`: a WeChat mirror's account line, the account's short name and then its full name holding
# it, printed between the article's title and its date
ACCOUNT_LINE = re.compile(r"^\s*(?P<short>[\u4e00-\u9fffA-Za-z]{2,8})\s+\S*(?P=short)\S*\s*$")


def is_byline(text: str) -> bool:
    """Who speaks, signs or publishes, printed under a title.

    >>> is_byline("沙沟镇镇长 刘彦成"), is_byline("华略 上海华略智库"), is_byline("县委办公室"), is_byline("林文斌[專欄]")
    (True, True, True, True)
    >>> is_byline("39年机关老笔杆:问题调研报告如何做到“三有”"), is_byline("党建 引领基层治理")
    (False, False)
    >>> is_byline("我市成立“三献”办")
    False
    """
    return BYLINE.match(text) is not None or (len(text) <= 24 and ACCOUNT_LINE.match(text) is not None)


DATE_START = re.compile(
    r"^\s*[（(]?\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年度?\s*[)）]?\s*$|[〇零一二三四五六七八九]{4}\s*年[一二三四五六七八九十]+月)"
)
# `张三 2021-04-25 16:22`, `行政与法 2023年12期`: a line dated to the day, or a journal's issue, is the page's
# metadata about the document (its post date, its source), not its name
DATED = re.compile(
    r"(?<!\d)(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|(?:19|20)\d{2}\s*年\s*(?:第\s*)?\d{1,2}\s*期|第\s*\d{1,3}\s*期"
)
# `岗位价值评估方法_第2页`: a document-share page's caption of a page preview image, not the title itself
PAGE_CAPTION = re.compile(r"_第\s*\d{1,3}\s*[页頁](?:\([a-z\u00e0-\u01dc]+\))?\s*$")
# `尊敬的各位领导`, `同志们`: the body's salutation, even where it lacks its colon.
SALUTATION = re.compile(
    r"^\s*(?:尊敬的|敬爱的|敬愛的|亲爱的|親愛的|各位|同志们|同志們|大家好|老师们|老師們|同学们|同學們)"
)
# `政 府 工 作 报 告`: a heading printed letter-spaced repeats the genre, it does not name the document.
LETTER_SPACED = re.compile(r"^\s*(?:\S\s+){3,}\S\s*$")
INNER_PUNCT = re.compile(r"[，,。！!？?；;]")
# `…年终总结范文`, `…述职报告模板`: a 范文 site's listing of the document, not the document's own title
# `遂船府发〔2022〕19号`, `2023年9月28日`: a document's number or date on a line of its own, never its title
DOCUMENT_FIELD = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号"
    r"(?:\s+(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?|"  # the number, its date beside it
    r"[（(]?(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[)）]?)\s*$"
)
# `大西北网1月4日讯`, `本报北京3月5日电`: a news story's dateline, the first words of its text, never its title
# (a converter's pinyin may stand after a character: `大西北網(wǎng)1月4日訊`)
DATELINE = re.compile(r"(?:网|網|报|報|社|台|站)[^\d。，,]{0,12}\d{1,2}月\d{1,2}日(?:讯|訊|电|電)$")
# `名  称:`, `索 引 号:`: a form's label typeset with spaces between its characters (a shape of the
# detectors too)
SPACED_LABEL = re.compile(r"^(?:[\u4e00-\u9fff]\s+){1,4}[\u4e00-\u9fff]\s*[:：]")
LONG_NUMBER = re.compile(r"\d{7,}")  # no title carries a number this long; an ID or a phone line does
LISTING = re.compile(r"(?:范文|范例|例文|模板|模版)(?:大全)?$")
SHORT_LABEL_CHARS = 4


NOT_A_KEY_CHAR = re.compile(r"[\s\W_]+")


def title_key(text: str) -> str:
    """Comparison key for a title: no spaces or punctuation, so TOC entries match headings."""
    return NOT_A_KEY_CHAR.sub("", text)


def _ends_sentence(text: str) -> bool:
    return text.endswith(SENTENCE_END) or text.rstrip(CLOSING_QUOTES).endswith(SENTENCE_END)


# `陆大明副理事长做工作报告`, `某某代表向选民作履职报告`: a photo's caption, someone in office giving the
# report; a title names the report (`…的工作报告`), never the act of giving it
GIVING_IT = re.compile(
    r"(?:代表|委员|委員|理事长|理事長|会长|會長|董事长|董事長|主席|书记|書記|主任|院长|院長|校长|校長|局长|局長|部长|部長|"
    r"厅长|廳長|处长|處長|县长|縣長|市长|市長|区长|區長|镇长|鎮長|乡长|鄉長|行长|行長|经理|經理|同志|"
    r"成员|成員|学员|學員|同学|同學|老师|老師|职工|職工|员工|員工|人员|人員)们?"
    r"(?:向[^，,。的]{1,10})?(?:[做作]|进行|進行)(?:了)?[^，,。的]{0,10}$"
)
# `会议地点:村委会会议室`, `主持人:李某`: a field of a meeting's record, never its title (a bare `日期:`
# or `时间:` is a page's meta line too, which the head walks past)
RECORD_FIELD = re.compile(
    r"^\s*(?:(?:会议|會議)(?:时间|時間|日期)|(?:会议|會議)?(?:地点|地點|议题|議題)|主持人?|记录人?|記錄人?|参会人员|參會人員|"
    r"出席人员|出席|列席|缺席)"
    r"\s*[:：]"
)
# `甲:各位领导、老师`, `男:…`: a host's turn in a script for two or more voices, never a title
SPEAKER_TURN = re.compile(r"^\s*(?:甲|乙|丙|丁|男|女|合|[A-D]|男主持|女主持|主持人)\s*[:：]")


def title_like(text: str) -> bool:
    """Short, holds Chinese, no sentence punctuation at its end, not a numbered section heading, not a
    photo's caption.

    >>> title_like("卫生院副院长述职报告"), title_like("▲卫生院副院长述职"), title_like("甲:各位领导、老师")
    (True, False, False)
    >>> title_like("会议地点:村委会会议室"), title_like("时间管理培训心得")
    (False, True)
    >>> title_like("C、定本班/日计划"), title_like("A.检查员工仪表仪容"), title_like("B超室年度工作总结")
    (False, False, True)
    >>> title_like("大西北网1月4日讯"), title_like("本报北京3月5日电"), title_like("3月5日电网检修工作总结")
    (False, False, True)
    """
    return (
        len(text) <= TITLE_MAX_CHARS
        and (not _ends_sentence(text) or QUESTION_TITLE.match(text) is not None)
        and CJK.search(text) is not None
        and (not NUMBERED_HEADING.match(text) or ORDINAL_PREFIX.match(text) is not None)
        and not COUNT_LINE.match(text)
        and not TOC_HEAD.match(text)
        and not CAPTION.match(text)
        and not SPEAKER_TURN.match(text)
        and not RECORD_FIELD.match(text)
        and not (text.endswith(("讯", "訊", "电", "電")) and DATELINE.search(text))
    )


def has_genre_word(text: str) -> bool:
    """`…述职报告`, `…工作总结（企业）`, `…工作总结汇报 篇1`: a genre word ends the title, before an optional
    trailing (…) or the report's number in a compilation, inside the brackets a page may put around it.

    >>> has_genre_word("〔社区团支部“一团一品”建设总结〕"), has_genre_word("总结〔2023〕12号文件")
    (True, False)
    >>> has_genre_word("银行业务员年终总结篇(一)"), has_genre_word("工作总结（企业） 篇1")
    (True, True)
    >>> has_genre_word("疫情防控工作实施方案"), has_genre_word("社区面临的挑战及解决方案")  # a solution is no document
    (True, False)
    >>> has_genre_word("陆大明副理事长做工作报告"), has_genre_word("某某代表向选民作履职报告")  # photos' captions
    (False, False)
    >>> has_genre_word("课题组成员进行总结与汇报"), has_genre_word("课题组年度工作总结与汇报")
    (False, True)
    >>> has_genre_word("理事长在第五次会员代表大会上所作的工作报告"), has_genre_word("关于做好代表工作的报告")
    (True, True)
    """
    enclosed = ENCLOSED.match(text)
    text = enclosed.group("inner") if enclosed else text
    named = TRAILING_PAREN.sub("", ORDINAL_SUFFIX.sub("", text))
    return GENRE_WORD.search(named) is not None and GIVING_IT.search(named) is None


def is_meta_line(text: str) -> bool:
    """Upload or page metadata (`• 格式:DOCX`, `查看: 3273|回复: 2`): a label and a value that is no phrase;
    or a navigation line (`首页 > 工作总结 >`), or a page preview's caption (`…_第2页`).

    >>> is_meta_line("崗位價(jià)值評(píng)估方法_第2頁(yè)"), is_meta_line("第2页 工作总结")
    (True, False)
    >>> is_meta_line("某某某:“闽姐姐”来向“今日头条”学习了"), is_meta_line("标签:“三会一课” 述职")
    (False, True)
    >>> is_meta_line("某某文库/范文大全/工作总结/团委工作"), is_meta_line("关于“三会一课”/主题党日/组织生活会的通知")
    (True, False)
    >>> is_meta_line("名  称: 关于完善全县应急体系建设的思考及建议")  # a disclosure card's field, spaced label
    True
    """
    if NAVIGATION.search(text) or PAGE_CAPTION.search(text) or SPACED_LABEL.match(text):
        return True
    if "/" in text and SLASH_PATH.search(text) and not has_genre_word(text):
        return True
    match = META_LABEL.match(text)
    if match and not has_genre_word(text[: match.start("value")].rstrip(":： ")):
        # a label naming a genre (`转正思想汇报范文:踏踏实实…`) opens a title, not a page's field
        return CJK_PHRASE.search(QUOTE_MARKS.sub("", match.group("value"))) is None
    return text.count("|") >= 2


def is_subtitle(text: str) -> bool:
    """`——在…会议上的讲话`, `（2023年12月）`, or the second line of a subtitle split over two
    (`人民代表大会第四次会议上`: a meeting's name that ends on 上 says where the text above was given).

    >>> is_subtitle("——2022年12月18日在某某县第六届人民代表大会"), is_subtitle("第二次会议上")
    (True, True)
    >>> is_subtitle("在全县经济工作会议上的讲话"), is_subtitle("会议纪要")
    (False, False)
    """
    return SUBTITLE.match(text) is not None or SUBTITLE_TAIL.search(text) is not None


def title_score(text: str, *, last: bool) -> float:
    """How strongly a head line looks like the document's own title (higher is more). `last`: it is the
    last line of the head that could name the document, right above the body or the title's own
    subtitle and byline, which is where a document's title stands on every kind of page."""
    key = title_key(text)
    genre = has_genre_word(text)
    score = min(len(key), 16) / 8  # the document's title is longer than a site or column name
    if genre:
        # a bare genre word (`工作总结`) is as often a column label as a title
        score += 3 if len(key) > SHORT_LABEL_CHARS else 1.5
    if YEAR_OR_UNIT.search(text):
        score += 1
    if last:
        score += 2
    if SITE_NAME.search(text):
        score -= 4
    if len(key) <= SHORT_LABEL_CHARS and not genre:
        score -= 2
    if INNER_PUNCT.search(text):
        score -= 1
    if not genre and (is_byline(text) or DATE_START.match(text) or DATED.search(text)):
        score -= 2
    if SALUTATION.match(text):
        score -= 4
    if LETTER_SPACED.match(text) and len(key) <= 10:
        score -= 2
    if is_subtitle(text):
        score -= 6
    if LISTING.search(key):
        score -= 1.5
    if LONG_NUMBER.search(text):
        score -= 6  # a student number or a phone number (`…本科生 张某 202000111071 13515312602`)
    if DOCUMENT_FIELD.match(text):
        score -= 6  # the document's number or its date, printed over its text
    return score


def names_the_document(text: str) -> bool:
    """A head line that can carry the document's title, as opposed to what is printed under a title (its
    subtitle, byline, date, a letter-spaced repeat of the genre), page metadata or a list's item.

    >>> names_the_document("俞正声宣布全国政协十二届一次会议开幕"), names_the_document("• 开始时间 开始时间")
    (True, False)
    """
    if is_meta_line(text) or is_subtitle(text) or DATE_START.match(text) or SALUTATION.match(text):
        return False
    if BULLET.match(text):
        return False
    if LETTER_SPACED.match(text):
        return False
    return has_genre_word(text) or not (is_byline(text) or DATED.search(text))
