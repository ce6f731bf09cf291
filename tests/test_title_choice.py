"""Title choice and compilation front matter on pages from sites nobody wrote rules for: the document's own
title wins over the page furniture printed above it, a compilation's header, count and table of contents
are front matter however the site lays them out, and no kept line is ever lost on the way."""

from __future__ import annotations

import pytest

from docclean.cleaners.document import build_document
from docclean.cleaners.engine import replay
from docclean.cleaners.model import Decoded, Document
from docclean.cleaners.titles import is_meta_line, title_like

BODY = (
    "今年以来，在上级党委的坚强领导下，我认真履行职责，较好完成了各项任务，现将有关情况报告如下。\n"
    "一、主要工作\n"
    "抓实理论学习，全年开展集中学习十二次。\n"
)
OPENING = "今年以来，在上级党委的坚强领导下，我认真履行职责，较好完成了各项任务，现将有关情况报告如下。"


def doc(text: str, rules) -> Document:
    d = build_document("page.txt", Decoded(text, "text", "utf-8", 1.0), rules)
    # every kept line lands in the front matter or a report, in source order
    assert replay(text, d.removals) == d.cleaned_text
    return d


def titles(d: Document) -> list[str]:
    return [r.title for r in d.reports]


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("中原区人民政府网站logo\n中原区十七届人大四次会议隆重开幕\n", "中原区十七届人大四次会议隆重开幕"),
        (
            "某某学术网\n现状和设想─试论中文信息处理与现代汉语研究\n",
            "现状和设想─试论中文信息处理与现代汉语研究",
        ),
        (
            "某某论坛\n只需一步,快速开始\n查看: 3273|回复: 2\n汶川地震救援中的业余无线电应急动员与组织\n",
            "汶川地震救援中的业余无线电应急动员与组织",
        ),
        ("社会实践\n【体育】举办“防护疫情你我同在”活动\n", "【体育】举办“防护疫情你我同在”活动"),
        ("工作总结\n凝心聚力谱新篇\n", "凝心聚力谱新篇"),
        ("工作总结\n2023年某某局个人工作总结\n", "2023年某某局个人工作总结"),
        ("快捷搜索:论文 合同 演讲 心得\n区长在代表会上工作汇报\n", "区长在代表会上工作汇报"),
        ("• 格式:DOCX\n", ""),
    ],
    ids=[
        "logo",
        "site",
        "forum-chrome",
        "column",
        "genre-column",
        "genre-column-2",
        "search-bar",
        "metadata-only",
    ],
)
def test_page_furniture_above_the_title_goes_to_front_matter(rules, head, title):
    d = doc(head + BODY, rules)
    assert titles(d) == [title]
    assert d.reports[0].paragraphs[0] == OPENING
    # every line above the title is front matter, or went as chrome with a removal record
    removed = {r.line_no for r in d.removals if r.start >= 0 and r.end - r.start and r.removed_text.strip()}
    above = head.count("\n") - (1 if title else 0)
    assert len(d.front_matter) + len({n for n in removed if n <= above}) == above


@pytest.mark.parametrize(
    ("head", "first_paragraph"),
    [
        ("述职报告\n", OPENING),  # a real title that is short
        ("述职报告\n县委办公室主任 张三\n", "县委办公室主任 张三"),
        ("述职报告\n县委办公室\n", "县委办公室"),
        ("述职报告\n尊敬的各位领导\n", "尊敬的各位领导"),  # a salutation without its colon
        ("述职报告\n2023年度\n", "2023年度"),
        ("述职报告\n同志们：\n", "同志们："),  # a report whose first paragraph is short
    ],
)
def test_a_short_real_title_keeps_its_byline_and_short_first_paragraph(rules, head, first_paragraph):
    d = doc(head + BODY, rules)
    assert titles(d) == ["述职报告"] and d.front_matter == ()
    assert d.reports[0].paragraphs[0] == first_paragraph


def test_a_wechat_account_line_under_the_title_is_its_byline(rules):
    """A WeChat mirror prints the article's title, then the account (short name, full name), then the date."""
    d = doc("查看原文\n老笔杆:调研报告如何做到“三有”\n\n某略 上海某略智库\n2024-09-03\n" + BODY, rules)
    assert titles(d) == ["老笔杆:调研报告如何做到“三有”"]
    assert d.reports[0].paragraphs[0] == "某略 上海某略智库"
    d = doc("党建 引领基层治理\n2024-09-03\n" + BODY, rules)  # two words, neither holding the other
    assert titles(d) == ["党建 引领基层治理"]


def test_a_subtitle_and_letter_spaced_genre_stay_under_the_title(rules):
    d = doc("凝心聚力谱新篇\n——在2023年全县工作会议上的讲话\n" + BODY, rules)
    assert titles(d) == ["凝心聚力谱新篇"] and d.reports[0].paragraphs[0].startswith("——")
    head = "某镇2023年政府工作报告\n政 府 工 作 报 告\n——2023年1月5日在某镇人民代表大会上\n某镇镇长 张三\n各位代表：\n"
    d = doc(head + BODY, rules)
    assert titles(d) == ["某镇2023年政府工作报告"]
    assert d.reports[0].paragraphs[:2] == ("政 府 工 作 报 告", "——2023年1月5日在某镇人民代表大会上")


def test_a_real_one_line_title_with_a_site_word_stays_the_title(rules):
    assert titles(doc("织密基层治理一张网\n" + BODY, rules)) == ["织密基层治理一张网"]
    d = doc("某某新闻网\n织密基层治理一张网\n" + BODY, rules)
    assert titles(d) == ["织密基层治理一张网"] and d.front_matter == ("某某新闻网",)


def test_a_quoted_sentence_is_body_not_a_title(rules):
    d = doc("“您好，请规范佩戴口罩，测一下体温。”\n" + BODY, rules)
    assert titles(d) == [""]
    assert d.reports[0].paragraphs[0] == "“您好，请规范佩戴口罩，测一下体温。”"
    assert not title_like("“您好，请规范佩戴口罩，测一下体温。”")
    assert title_like("学习贯彻“两会”精神")


HEADER_TWICE = """2023年上半年工作总结汇编(3篇)

2023年上半年工作总结汇编(3篇)

目录

1.甲局2023年上半年工作总结 2
2.乙局2023年上半年工作总结 10
3.丙局2023年上半年工作总结 19

甲局2023年上半年工作总结

"""


def test_header_printed_twice_and_a_bare_toc_line_are_front_matter(rules):
    d = doc(HEADER_TWICE + BODY, rules)
    assert titles(d) == ["甲局2023年上半年工作总结"]
    assert d.collection_title == "2023年上半年工作总结汇编(3篇)"
    assert d.front_matter[-1] == "3.丙局2023年上半年工作总结 19" and len(d.front_matter) == 6
    assert "toc_mismatch" in d.flags  # the page holds one of the three reports its TOC lists


def test_page_title_above_header_and_count_on_its_own_line(rules):
    head = "部门工作总结\n各部门工作总结汇编\n(2篇)\n目 录:\n1.甲局工作总结\n2.乙局工作总结\n甲局工作总结\n"
    d = doc(head + BODY + "\n乙局工作总结\n" + BODY, rules)
    assert titles(d) == ["甲局工作总结", "乙局工作总结"]
    assert d.collection_title == "各部门工作总结汇编"
    assert d.front_matter == tuple(head.split("\n")[:6])
    assert "toc_mismatch" not in d.flags


@pytest.mark.parametrize(
    "head",
    ["教师的年总结\n【精品】教师的年总结3篇\n", "首页总结社区工作总结\n年度社区工作总结(15篇)\n"],
    ids=["count-without-brackets", "breadcrumb-above-header"],
)
def test_compilation_header_below_a_page_title(rules, head):
    d = doc(head + "教师的年总结 篇1\n" + BODY, rules)
    assert titles(d) == ["教师的年总结 篇1"]
    assert d.front_matter == tuple(head.split("\n")[:2]) and d.collection_title == head.split("\n")[1]


def test_toc_without_a_toc_line_is_recognised_by_the_titles_it_lists(rules):
    d = doc(
        "各部门工作总结汇编\n1.甲局工作总结\n2.乙局工作总结\n甲局工作总结\n"
        + BODY
        + "\n乙局工作总结\n"
        + BODY,
        rules,
    )
    assert titles(d) == ["甲局工作总结", "乙局工作总结"]
    assert d.front_matter == ("各部门工作总结汇编", "1.甲局工作总结", "2.乙局工作总结")


def test_numbered_lines_that_list_no_later_title_are_body(rules):
    d = doc("各部门工作总结汇编\n1.甲局工作总结\n2.乙局工作总结\n丙局工作总结\n" + BODY, rules)
    assert titles(d) == ["各部门工作总结汇编"] and d.front_matter == ()
    assert d.reports[0].paragraphs[:2] == ("1.甲局工作总结", "2.乙局工作总结")


def test_a_toc_that_does_not_match_the_reports_is_still_front_matter(rules):
    text = "某局材料汇编\n目录\n1.甲的总结\n2.乙的总结\n\n丙的述职报告\n" + BODY + "\n丁的述职报告\n" + BODY
    d = doc(text, rules)
    assert titles(d) == ["丙的述职报告", "丁的述职报告"]
    assert d.front_matter == ("某局材料汇编", "目录", "1.甲的总结", "2.乙的总结")
    assert all("toc_mismatch" in r.flags for r in d.reports)


def test_a_count_header_with_the_genre_shape_right_above_its_body_is_the_title(rules):
    assert titles(doc("学习心得体会范文(2篇)\n" + BODY, rules)) == ["学习心得体会范文(2篇)"]
    d = doc("某某范文网\n学习心得体会范文(2篇)\n" + BODY, rules)
    assert titles(d) == ["学习心得体会范文(2篇)"] and d.front_matter == ("某某范文网",)


def test_header_over_a_fragment_of_a_paginated_compilation(rules):
    text = (
        "某某范文网 —— 专注公文写作\n乡镇长讲话汇编-13篇(第3/4页)\n祝愿全镇的明天更加美好！\n谢谢大家！\n\n某镇镇长在干部大会上的讲话\n"
        + BODY
    )
    d = doc(text, rules)
    assert titles(d) == ["", "某镇镇长在干部大会上的讲话"]
    assert d.collection_title == "乡镇长讲话汇编-13篇(第3/4页)" and len(d.front_matter) == 2


@pytest.mark.parametrize(
    "between",
    ["", "thought1688\n", "总结是对一段时期工作的回顾。下面是为大家整理的工作总结，仅供参考。\n"],
    ids=["adjacent", "uploader", "intro"],
)
def test_a_page_title_printed_again_above_the_document_is_front_matter(rules, between):
    d = doc("2024年某地工作报告\n" + between + "2024年某地工作报告\n" + BODY, rules)
    assert titles(d) == ["2024年某地工作报告"]
    assert d.reports[0].paragraphs[0] == OPENING
    assert d.front_matter == ("2024年某地工作报告", *between.split("\n")[:-1])


def test_two_reports_with_the_same_title_are_two_reports(rules):
    d = doc("述职报告\n" + BODY + "\n述职报告\n" + BODY, rules)
    assert titles(d) == ["述职报告", "述职报告"] and d.front_matter == ()


def test_a_title_with_no_body_is_no_report(rules):
    d = doc("甲的述职报告\n" + BODY + "\n乙的述职报告\n\n丙的述职报告\n" + BODY, rules)
    assert titles(d) == ["甲的述职报告", "丙的述职报告"]
    assert d.reports[0].paragraphs[-1] == "乙的述职报告"  # kept in the text, where it stood
    d = doc("某某工作总结\n\n某某局2023年工作总结\n" + BODY, rules)
    assert titles(d) == ["某某局2023年工作总结"] and d.front_matter == ("某某工作总结",)


@pytest.mark.parametrize(
    "line",
    [
        "• 格式:DOCX",
        "查看: 3273|回复: 2",
        "快捷搜索:论文 合同 演讲 心得",
        "时间:2024-06-19",
        "首页 > 工作总结 > 述职报告",
    ],
)
def test_metadata_and_navigation_lines(line):
    assert is_meta_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "干部培训心得体会:政治理论学习永无止境",
        "关于印发<**区开展专项整治>的通知",
        "2023年度个人述职报告（银行）",
        "来源:郑州中原区融媒体中心",
        "某某某:“闽姐姐”来向“今日头条”学习了",  # a news headline: who said it, and what
    ],
)
def test_titles_and_sources_are_not_metadata(line):
    assert not is_meta_line(line)


def test_numbered_reports_of_one_name_split_without_blank_lines_or_genre_words(rules):
    """A compact page: `X 篇1`, its body, `X 篇2` right under the last paragraph, no genre word in X."""
    text = (
        "演讲比赛主持词双人 篇1\n男：尊敬的各位领导、各位老师。\n女：亲爱的同学们，大家下午好！\n"
        "演讲比赛主持词双人 篇2\n甲：金秋十月，丹桂飘香。\n乙：在这收获的季节，我们相聚在这里。"
    )
    d = doc(text, rules)
    assert titles(d) == ["演讲比赛主持词双人 篇1", "演讲比赛主持词双人 篇2"]
    assert [len(r.paragraphs) for r in d.reports] == [2, 2]


def test_a_numbered_line_of_another_name_inside_a_report_is_text(rules):
    text = "演讲比赛主持词双人 篇1\n男：尊敬的各位领导。\n附件材料清单 篇2\n女：亲爱的同学们，大家下午好！"
    assert titles(doc(text, rules)) == ["演讲比赛主持词双人 篇1"]


@pytest.mark.parametrize("count", ["(共五则范文)", "(精选多篇)", "（通用6篇）"])
def test_a_header_counting_its_reports_in_words_is_front_matter_over_numbered_titles(rules, count):
    """`…(共五则范文)` over `第一篇：…`, its title printed again, then the body."""
    text = (
        f"推进农村党组织书记队伍建设{count}\n第一篇：推进农村党组织书记队伍建设\n推进农村党组织书记队伍建设\n"
        f"{OPENING}\n第二篇：村党组织书记培训工作总结\n今年以来，我们组织村党组织书记开展培训三期。"
    )
    d = doc(text, rules)
    assert d.collection_title == f"推进农村党组织书记队伍建设{count}"
    assert len(d.reports) == 2 and d.reports[1].paragraphs == (
        "今年以来，我们组织村党组织书记开展培训三期。",
    )
    assert OPENING in d.reports[0].paragraphs and count not in d.reports[0].title


def test_a_part_heading_without_a_colon_stays_inside_its_report(rules):
    text = f"2023年工作总结\n{OPENING}\n第一篇 总体情况\n全年完成投资十二亿元。"
    assert titles(doc(text, rules)) == ["2023年工作总结"]


def test_a_field_label_over_the_title_is_front_matter(rules):
    d = doc(f"文本内容:\n2025年家政服务行业标准化与职业化进程\n{OPENING}", rules)
    assert titles(d) == ["2025年家政服务行业标准化与职业化进程"] and d.front_matter == ("文本内容:",)


def test_a_salutation_is_the_start_of_the_text_not_a_label(rules):
    d = doc(f"同志们：\n{OPENING}", rules)
    assert d.reports[0].paragraphs[0] == "同志们：" and not d.front_matter


@pytest.mark.parametrize(
    "under",
    ["张三 2021-04-25 162217", "行政与法 2023年12期", "某某学报 2022年第5期"],
    ids=["post-byline", "journal-issue", "journal-issue-numbered"],
)
def test_a_dated_line_under_the_title_is_its_metadata_not_its_name(rules, under):
    """A line dated to the day, or naming a journal's issue, stands under the title (the year in it is
    no title's year): the title above it is the document's, the dated line stays in the report."""
    title = "城市基层党建引领社区治理:动力、实践逻辑和行动指向"
    d = doc(f"{title}\n{under}\n" + BODY, rules)
    assert titles(d) == [title]
    # the line goes as chrome or stays under the title, never above it
    assert under not in d.front_matter


def test_a_speech_type_closing_a_title_is_a_genre_word(rules):
    """`…结束语`, `…开幕词`: a second speech of a page after a blank line starts a report of its own."""
    text = (
        "五四演讲赛发言稿\n各位老师、各位同学：\n今年是五四运动一百周年，我们在这里举行演讲比赛，希望同学们认真聆听每位选手的演讲。\n\n"
        "五四演讲比赛结束语\n各位老师、各位同学：\n今天，我们欢聚一堂，以激情演讲的方式庆祝五四青年节，感谢各位评委的辛勤付出。\n"
    )
    assert titles(doc(text, rules)) == ["五四演讲赛发言稿", "五四演讲比赛结束语"]


def test_a_short_question_is_a_title_and_a_question_with_clauses_is_text(rules):
    d = doc("新闻浏览\n入党积极分子为什么要向党组织作思想汇报?\n" + BODY, rules)
    assert titles(d) == ["入党积极分子为什么要向党组织作思想汇报?"] and d.front_matter == ("新闻浏览",)
    assert not title_like("可是，怎样才能改变面貌呢？") and title_like("述职报告怎么写？")


@pytest.mark.parametrize("mark", ["❶", "①", "⑴", "⒈", "➊", "㈠"])
def test_an_enclosed_numeral_numbers_an_item_not_the_title(rules, mark):
    """A Q&A page's `❶ 请问告知函怎么写` under the page's title is its first question, not its title."""
    d = doc(f"公告函格式\n{mark} 请问告知函怎么写\n" + BODY, rules)
    assert titles(d) == ["公告函格式"] and d.reports[0].paragraphs[0] == f"{mark} 请问告知函怎么写"
    assert title_like("关于做好①号台风防御工作的通知")  # a numeral inside a title is no item mark


@pytest.mark.parametrize("mark", ["-", "|", "***"])
def test_a_line_without_a_word_above_the_title_is_no_body(rules, mark):
    """`-` left of a page's chrome above its title: no paragraph, so the title below is still chosen."""
    d = doc(f"{mark}\n公文字体要求及格式2020\n" + BODY, rules)
    assert titles(d) == ["公文字体要求及格式2020"] and mark not in d.reports[0].paragraphs


def test_a_title_printed_again_with_a_number_of_its_own_keeps_the_plain_copy(rules):
    """`…制度` then `…制度5` (the site's number for the document, no other `…制度N`): the plain copy is the
    title and the numbered copy stays in the text; a compilation's `…篇1` or several numbered copies are
    titles."""
    d = doc("行政 导航\n公司文书管理工作制度\n\n公司文书管理工作制度5\n" + BODY, rules)
    assert titles(d) == ["公司文书管理工作制度"] and d.reports[0].paragraphs[0] == "公司文书管理工作制度5"
    d = doc("履职回避报告8篇\n履职回避报告\n\n履职回避报告篇1\n" + BODY, rules)
    assert titles(d) == ["履职回避报告篇1"]
    d = doc("个人工作总结\n\n个人工作总结2\n" + BODY + "\n个人工作总结3\n" + BODY, rules)
    assert titles(d) == ["个人工作总结2", "个人工作总结3"]


def test_a_page_of_short_lines_keeps_its_first_line_as_the_title(rules):
    """A video's captions, one short line each: no head of furniture runs this long, so the page's first
    line is its title, every caption is text, and a caption ending in a genre word starts no report."""
    captions = [
        "总理他明天要念的时候",
        "晚上他有时也在改",
        "总理到那个会场上",
        "热腾腾的稿子刚端过去",
        "座谈会里边有三条政策",
        "在报告里写进去了",
        "当场就定下来了",
        "没有吸收的意见",
        "要给每个代表去反馈的",
        "要给他做个解释",
        "这是受总理的委托",
        "我们第一次用镜头记录下了",
        "这份影响每个人的报告",
        "如何诞生",
    ]
    d = doc("首次披露!政府工作报告出炉幕后\n\n" + "\n\n".join(captions) + "\n", rules)
    assert titles(d) == ["首次披露!政府工作报告出炉幕后"] and d.reports[0].paragraphs == tuple(captions)
    # a head of ordinary length still chooses the title nearest the body
    d = doc("某某网\n工作总结\n" + "\n".join(captions[:5]) + "\n2023年某某局工作总结\n" + BODY, rules)
    assert titles(d) == ["2023年某某局工作总结"]


def test_a_caption_of_someone_giving_the_report_starts_no_report(rules):
    """`陆大明副理事长做工作报告` under a photo, between two paragraphs: it ends on a genre word, but it says
    someone gave the report; the page was split in two there."""
    text = (
        "学会召开理事会会议\n\n10月27日,学会第十二届理事会第五次会议在西安召开,141人参加会议。\n\n"
        "会议由林忠钦理事长主持。\n\n林忠钦理事长主持会议\n\n"
        "工作报告阶段,陆大明做了学会2024年度工作报告,总结了全年工作。\n\n陆大明副理事长做工作报告\n\n"
        "议案审议阶段,会议以无记名投票方式对两项议案进行了表决。\n"
    )
    assert titles(doc(text, rules)) == ["学会召开理事会会议"]


LEAD_IN = (
    "我市国有企业改制工作经过几年的探索,已初见成效。最近,我们对全市国有企业的党建工作现状作了一次比较全面、"
    "深入的调查。现将调查研究情况综述如下:"
)


def test_the_reports_own_lead_in_between_two_copies_of_its_title_is_its_text(rules):
    """A 范文 page prints the title again under the report's opening paragraph (`…综述如下:`): the
    paragraph went to front matter with the page's copies of the title."""
    text = f"国有企业党建工作调研报告\n时间:2021-04-22 调研报告\n国有企业党建工作调研报告\n{LEAD_IN}\n国有企业党建工作调研报告\n一、基本情况\n{BODY}"
    d = doc(text, rules)
    assert titles(d) == ["国有企业党建工作调研报告"] and LEAD_IN in d.reports[0].text.split("\n")


def test_a_reposters_lead_in_between_two_copies_of_the_title_stays_out_of_the_text(rules):
    """The negative case: `…发布了关于某某的函,详情如下:` is the reposting site's, not the document's."""
    lead = "日前,某某市人民政府发布关于2022年大气污染防治专项审计调查发现问题整改情况的函,详情如下:"
    text = f"关于审计发现问题整改情况的函\n{lead}\n关于审计发现问题整改情况的函\n{BODY}"
    d = doc(text, rules)
    assert titles(d) == ["关于审计发现问题整改情况的函"] and lead not in d.reports[0].text


def test_a_meeting_records_fields_are_its_text_not_its_title(rules):
    """A record with no title line opens on its fields: `会议地点:村委会会议室` was taken for the title and
    `会议时间:…` put in front matter."""
    fields = [
        "会议时间:2025年4月5日 上午9:00",
        "会议地点:村委会会议室",
        "主持人:李建国(村主任)",
        "记录人:王秀兰",
    ]
    d = doc("\n".join([*fields, "一、会议议程说明", BODY]), rules)
    assert d.reports[0].title == "" and d.reports[0].text.split("\n")[:4] == fields and not d.front_matter


def test_a_pages_date_line_over_its_headline_is_still_walked_past(rules):
    """The negative case: a news page's bare `日期:` line is meta, not a record's field."""
    d = doc(f"日期:[2018年09月13日] -- 某某报 -- 版次:[J2]\n融媒体建设现场会在我市召开\n{BODY}", rules)
    assert titles(d) == ["融媒体建设现场会在我市召开"]


def test_a_documents_first_numbered_part_stays_under_its_title(rules):
    """`实习周记一(开始实习)` under `酒店收银员实习周记`: the part's heading, nearer the text, was taken for the
    title and the document's name put in front matter."""
    d = doc(f"酒店收银员实习周记\n\n实习周记一(开始实习)\n2010年11月26号---2010年12月9号\n{BODY}", rules)
    assert titles(d) == ["酒店收银员实习周记"] and d.reports[0].text.startswith("实习周记一(开始实习)\n")


def test_a_line_with_a_student_or_phone_number_is_no_title(rules):
    """A diary's head: a byline, a date, a line with a student number and a phone number: that line was
    the title, nearest the text. It stays in the text."""
    line = "化学与化工学院2020级本科生 张某 202000111071 13515312602"
    d = doc(f"某某支教队队长 张某\n2022年7月11日 周一 天气 阴\n{line}\n{BODY}", rules)
    assert d.reports[0].title != line and line in d.reports[0].text.split("\n")


def test_a_documents_number_or_date_over_its_text_is_no_title(rules):
    """`2023年9月28日` under a speaker's line, `某某发〔2022〕19号` over a notice: either was taken for the
    title, nearest the text; they stay in it."""
    d = doc(f"某某区审计局局长 张某\n2023年9月28日\n{BODY}", rules)
    assert d.reports[0].title != "2023年9月28日" and "2023年9月28日" in d.reports[0].text.split("\n")


def test_a_compilations_counted_header_over_its_intro_is_no_report(rules):
    """`酒店实习周记(系列11篇)` over an editor's note, then the pieces: the header and its note were read as
    a report of their own, before the first piece."""
    note = "编者按:为了帮助正在实习的同学们更好地适应实习生活,我们特地整理了这篇实习周记,希望大家有所收获。"
    pieces = "\n".join(f"第{n}篇:实习第{n}周\n{BODY}" for n in (1, 2, 3))
    d = doc(f"酒店实习周记(系列11篇)\n{note}\n{pieces}", rules)
    assert titles(d) == ["第1篇:实习第1周", "第2篇:实习第2周", "第3篇:实习第3周"]
    assert d.collection_title == "酒店实习周记(系列11篇)" and note in d.front_matter


def test_a_short_first_report_under_a_plain_title_stays_a_report(rules):
    """The negative case: no count in the header, the short first report is a report."""
    d = doc(f"社区工作简报\n{BODY}\n第二期工作总结\n{BODY}\n{BODY}\n{BODY}\n{BODY}", rules)
    assert titles(d)[0] == "社区工作简报"


def test_a_widgets_arrows_between_the_sites_name_and_the_headline_end_no_head(rules):
    """`< ×` (a page's back and close buttons) under the site's name: the head stopped there and the
    site's name became the title."""
    d = doc(
        f"某某区人民政府\n< ×\n某某区劳动人事争议仲裁院结案率创历史新高\n来源:某某区人力资源局\n{BODY}", rules
    )
    assert titles(d) == ["某某区劳动人事争议仲裁院结案率创历史新高"]


def test_two_paragraphs_between_a_headline_and_its_caption_copy_are_the_text(rules):
    """A news page prints its headline again under its first two paragraphs (an image's caption): the
    paragraphs went to front matter with the headline. A site's intro is one paragraph; two are the text."""
    first = "日前,某某省网络社会组织联合会发布2022年度全省政务新媒体矩阵影响力排行榜。"
    second = "榜单显示,文化旅游系统矩阵位居第3位,较上年提升两位,传播力和影响力持续增强。"
    text = f"某某省政务新媒体矩阵2022年影响力排行榜发布\n{first}\n{second}\n某某省政务新媒体矩阵2022年影响力排行榜发布\n{BODY}"
    d = doc(text, rules)
    assert titles(d) == ["某某省政务新媒体矩阵2022年影响力排行榜发布"]
    assert d.reports[0].text.split("\n")[:2] == [first, second]


def test_one_paragraph_between_a_title_and_its_copy_that_speaks_of_no_reader_is_the_text(rules):
    """A Q&A page answers under its title, then prints the question again as the answer's heading: the
    first answer went to front matter as a site's intro. An intro speaks of the text or the reader."""
    answer = "对于有勇气的人来说,殡仪馆晚上并不可怕,这只是一份工作,工作人员会整理遗体、布置灵堂。"
    text = f"殡仪馆晚上可怕吗\n空镜头2022-07-03  89\n{answer}\n殡仪馆晚上可怕吗?\n{BODY}"
    d = doc(text, rules)
    assert titles(d) == ["殡仪馆晚上可怕吗"]
    assert d.reports[0].text.split("\n")[1:3] == [answer, "殡仪馆晚上可怕吗?"]


@pytest.mark.parametrize(
    "intro",
    [
        "本文为大家介绍社区工作总结的写法,内容丰富,仅供参考。",
        "社区工作总结是对一年工作的回顾,下面是一篇社区工作总结,希望对您有所帮助。",
    ],
)
def test_a_sites_intro_between_a_title_and_its_copy_is_still_front_matter(rules, intro):
    d = doc(f"社区工作总结\n{intro}\n社区工作总结\n{BODY}", rules)
    assert titles(d) == ["社区工作总结"] and intro not in d.reports[0].text


def test_a_lettered_list_item_ending_on_a_genre_word_starts_no_report(rules):
    """`C、定本班/日计划` and `H、征询员工其它意见` after a blank line: a list's items, not two more reports."""
    items = "\n\n".join(
        [
            "A、检查员工仪表仪容",
            "B、昨日营业情况陈述",
            "C、定本班/日计划",
            "D、推广货品",
            "H、征询员工其它意见",
        ]
    )
    d = doc(f"药店店长工作手册\n\n晨会内容:(时间控制15-20分钟左右)\n\n{items}\n\n{BODY}", rules)
    assert titles(d) == ["药店店长工作手册"]
    assert "C、定本班/日计划" in d.reports[0].text


def test_a_speech_opening_on_jingai_between_its_title_and_the_copy_is_the_speech(rules):
    """`敬愛的老師們同學們,大家早上好,…` between a speech's title and its copy: a salutation opens the
    speech, as `尊敬的` does; it went to front matter as a site's intro."""
    opening = (
        "敬愛的老師們同學們,大家早上好,我是來自九年級二班的陳xx,今天很榮幸站在這裡進行國旗下講話,"
        "希望幫助大家更好的瞭解學生會這個團體。下面進入正文。"  # it speaks to its listeners as an intro does
    )
    d = doc(f"中學學生會主席演講稿\n{opening}\n中學學生會主席演講稿\n{BODY}", rules)
    assert titles(d) == ["中學學生會主席演講稿"] and d.reports[0].text.startswith(opening)


def test_a_notices_number_over_its_text_is_no_title_and_stays_in_the_text(rules):
    """`穗建联〔2021〕102号` over `各有关单位:` on a page with no title line: the number was taken for the
    title and so left the text."""
    d = doc(f"某建联〔2021〕102号\n各有关单位:\n{BODY}\n特此通知。", rules)
    assert titles(d) == [""]
    assert d.reports[0].text.startswith("某建联〔2021〕102号\n各有关单位:")


def test_a_notices_number_with_its_date_on_one_line_is_no_title(rules):
    """`海船舶〔2013〕854号 2013年12月15日` under the notice's own title: the number line, nearer the text, was
    taken for the title and the title went to front matter."""
    title = "中华人民共和国海事局关于实施港口国监督新检查机制有关事项的通知"
    d = doc(f"{title}\n某船舶〔2013〕854号 2013年12月15日\n各直属海事局:\n{BODY}", rules)
    assert titles(d) == [title]


def test_a_sentence_saying_this_is_one_piece_is_no_compilations_header(rules):
    """`这是一篇长达一万六千字的年终总结。TL,DR` under a blog post's title: `一篇` counts one piece, no collection;
    the line was read as a compilation's header and its title went to front matter."""
    d = doc(f"2015 年终总结\n这是一篇长达一万六千字的年终总结。TL,DR\n序1\n{BODY}", rules)
    assert titles(d) == ["2015 年终总结"] and not d.collection_title


def test_a_bylines_several_authors_spaced_out_is_the_bylines_not_the_title(rules):
    """`文|孙玉梅 孔 琳` under a headline: several authors, one name spaced to fill its width; the byline was
    taken for the title because only a single name counted as an author's line."""
    title = "州城供电所被授予“中国最美供电所”荣誉称号"
    d = doc(f"{title}\n文|孙玉梅 孔 琳\n{BODY}", rules)
    assert titles(d) == [title]


def test_a_compilations_counted_header_closed_by_a_full_stop_is_still_its_header(rules):
    """`医院保洁个人工作总结6篇。` under the page's title: the full stop hid the header, and the page's title
    became a report holding the header and the first piece's label."""
    text = f"医院保洁个人工作总结\n医院保洁个人工作总结6篇。\n医院保洁个人工作总结(篇1)\n医院保洁上半年工作总结\n{BODY}"
    d = doc(text, rules)
    assert titles(d) == ["医院保洁上半年工作总结"]
    assert "医院保洁个人工作总结6篇。" in d.front_matter


def test_a_sites_intro_then_an_uploader_line_between_a_title_and_its_copy_stay_front_matter(rules):
    """The negative case: the line after a site's intro (an uploader's name and date) is no sentence of the
    text; the intro's words still say whose the paragraph is."""
    intro = "本文为大家介绍社区工作总结的写法,内容丰富,仅供参考。"
    d = doc(f"社区工作总结\n{intro}\n张三 2022-07-03\n社区工作总结\n{BODY}", rules)
    assert titles(d) == ["社区工作总结"] and intro not in d.reports[0].text
