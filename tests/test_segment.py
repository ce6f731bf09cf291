"""Segmentation on compilations the rules have never seen: titles found by shape and place, not by list."""

from __future__ import annotations

import pytest

from docclean.cleaners.document import build_document
from docclean.cleaners.engine import replay
from docclean.cleaners.metadata import extract_unit, extract_year, is_truncated
from docclean.cleaners.model import Decoded, Document


def doc(text: str, rules) -> Document:
    return build_document("t.txt", Decoded(text, "text", "utf-8", 1.0), rules)


UNSEEN = """XX局干部年度工作总结汇编
目录
一、办公室主任个人工作总结
二、财务科科长年度工作总结
三、在全局年终总结大会上的讲话

办公室主任个人工作总结
今年以来，我在局党组的领导下，认真履行岗位职责，较好完成了各项任务。
一、工作完成情况
全年起草各类文稿XX篇，组织会议XX次。
二、存在的不足
学习不够系统，调研不够深入。
特此报告。

财务科科长年度工作总结
2022年，财务科在局党组的正确领导下，圆满完成了全年预算执行任务。
履行职责情况
严格执行财经纪律，规范财务管理。
特此报告。

在全局年终总结大会上的讲话
同志们：
今天我们召开全局年终总结大会，主要任务是总结2022年工作，部署2023年任务。
"""


def test_unseen_compilation_splits_by_toc_and_shape(rules):
    d = doc(UNSEEN, rules)
    assert d.collection_title == "XX局干部年度工作总结汇编"
    assert [r.title for r in d.reports] == [
        "办公室主任个人工作总结",
        "财务科科长年度工作总结",
        "在全局年终总结大会上的讲话",
    ]
    assert d.front_matter[1:] == (
        "目录",
        "一、办公室主任个人工作总结",
        "二、财务科科长年度工作总结",
        "三、在全局年终总结大会上的讲话",
    )
    assert all("toc_mismatch" not in r.flags for r in d.reports)
    # a line that repeats across reports is content, and an unnumbered heading does not start a report
    assert d.reports[0].paragraphs[-1] == d.reports[1].paragraphs[-1] == "特此报告。"
    assert "履行职责情况" in d.reports[1].paragraphs
    assert d.reports[1].year == 2022 and d.reports[0].year is None


def test_toc_that_disagrees_with_the_reports_is_flagged(rules):
    text = UNSEEN.replace(
        "三、在全局年终总结大会上的讲话\n", "三、在全局年终总结大会上的讲话\n四、缺失的一篇心得体会\n", 1
    )
    d = doc(text, rules)
    assert len(d.reports) == 3
    assert all("toc_mismatch" in r.flags for r in d.reports) and "toc_mismatch" in d.flags


def test_watermarks_separate_reports_without_any_genre_word(rules):
    text = (
        "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n抓好党建促发展\n今年以来，我们坚持党建引领。\n"
        "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n凝心聚力谱新篇\n一年来，我们真抓实干。\n"
    )
    assert [r.title for r in doc(text, rules).reports] == ["抓好党建促发展", "凝心聚力谱新篇"]


def test_file_without_title_gives_one_untitled_report_and_never_promotes_a_paragraph(rules):
    text = "今年以来，在上级党委的坚强领导下，我认真履行第一责任人职责。\n一、主要做法\n强化责任落实。\n"
    d = doc(text, rules)
    assert len(d.reports) == 1
    report = d.reports[0]
    assert report.title == "" and "no_title" in report.flags
    assert report.paragraphs[0].startswith("今年以来")


def test_single_report_file_is_one_report(rules):
    d = doc("2023年度个人述职报告（银行）\n一、履职情况\n认真履职。\n二、存在问题\n学习不够。\n", rules)
    assert [(r.title, r.unit, r.year) for r in d.reports] == [("2023年度个人述职报告（银行）", "银行", 2023)]


def test_sections_partition_the_body(rules):
    d = doc(UNSEEN, rules)
    sections = d.reports[0].sections
    assert [(s.level, s.heading) for s in sections] == [
        (0, ""),
        (1, "一、工作完成情况"),
        (1, "二、存在的不足"),
    ]
    assert "\n".join(s.text for s in sections if s.text) == "\n".join(
        p for p in d.reports[0].paragraphs if p not in ("一、工作完成情况", "二、存在的不足")
    )


def test_inline_heading_takes_its_first_sentence(rules):
    d = doc("某某述职报告\n（一）强化主体意识，严格履职。任职以来，我坚持抓党建。\n", rules)
    section = d.reports[0].sections[-1]
    assert (section.level, section.heading) == (2, "（一）强化主体意识，严格履职")
    assert section.text == "（一）强化主体意识，严格履职。任职以来，我坚持抓党建。"


def test_unit_is_a_trailing_parenthesis_that_names_who_wrote_it():
    assert extract_unit("2018年度党建工作述职报告（区委书记）") == "区委书记"
    assert extract_unit("党委（党组）书记2023年度抓基层党建工作述职报告") is None
    assert extract_unit("2023年述职报告汇编（5篇）") is None
    assert extract_unit("述职报告(范文)") is None
    # a compilation's piece number is no unit either way round
    assert extract_unit("安全生产年度的工作总结(篇1)") is None
    assert extract_unit("述职报告（第二篇）") is None
    assert extract_unit("述职报告（2023年）") is None


def test_year_from_title_else_opening_sentence():
    assert extract_year("2018年度党建工作述职报告", ("一年来，……",)) == 2018
    assert extract_year("述职报告", ("2019年，在XX的坚强领导下，我认真履职。2020年计划……",)) == 2019
    assert extract_year("述职报告", ("一年来，我认真履职。2020年计划如下。",)) is None


def test_a_bare_year_in_the_title_is_the_year_but_a_quantity_or_number_is_not():
    assert extract_year("2018抓基层党建工作述职报告", ()) == 2018
    assert extract_year("述职报告（2023）", ()) == 2023
    assert extract_year("2023-2024学年工作总结", ()) == 2023
    assert extract_year("发放补贴2000元的情况报告", ()) is None
    assert extract_year("关于1998户脱贫户的调研报告", ()) is None
    assert extract_year("某政发〔2021〕第2019号通知", ()) == 2021
    assert extract_year("A2019型设备验收报告", ()) is None
    # in the opening sentence only `…年` counts: a bare number there is too often an amount
    assert extract_year("述职报告", ("全年完成投资2019万。",)) is None


def test_truncation_mid_sentence_or_after_part_one():
    assert is_truncated(("一、做法", "我们深入学习贯彻党的二十大精神，扎实推进各项工作，取得了"))
    assert is_truncated(("一、履行职责情况", "（一）严格履职。", "（二）抓覆盖。"))
    assert not is_truncated(("一、做法", "内容。", "二、问题", "不足。"))
    assert not is_truncated(("一、做法", "内容。", "二、问题", "不足。", "XXX", "2023年12月"))


def test_the_page_title_printed_again_inside_a_report_starts_no_report(rules):
    # a 范文 site prints the compilation's title above its first report and again under the salutation
    text = (
        "学校党支部换届工作报告(精选3篇)\n\n学校党支部换届工作报告 篇1\n\n各位党员：\n\n"
        "学校党支部换届工作报告(精选3篇)\n\n我受支部委员会的委托，作党支部工作报告，请予审议。\n\n"
        "三年来，我们继承发扬前两届党支部的传统作风，积极开展各项工作。\n"
    )
    d = doc(text, rules)
    assert [r.title for r in d.reports] == ["学校党支部换届工作报告 篇1"]
    assert "我受支部委员会的委托，作党支部工作报告，请予审议。" in d.reports[0].text


@pytest.mark.parametrize(
    ("text", "title", "opening"),
    [
        # a 文书 site prints the title, then the speech's `同志们:`, then the title again: the salutation
        # stays the text's first line
        (
            "医院院长新年致辞\n\n同志们:\n\n医院院长新年致辞\n\n大家上午好!\n\n"
            "在这个特殊的日子里,伴随着收获的喜悦,满怀着奋进的豪情,我们走过了不平凡的一年。\n",
            "医院院长新年致辞",
            "同志们:",
        ),
        # a 范文 site prints its heading, then the same words as a sentence, then the first piece's title:
        # the copy with its full stop is no paragraph
        (
            "我的假期劳动体会书30字左右\n\n我的假期劳动体会书30字左右。\n\n我的假期劳动体会书30字左右 篇1\n\n"
            "这个假期,我在家写完了作业之后,看了会电视。电视里面正好播了有关做家务的内容。\n",
            "我的假期劳动体会书30字左右 篇1",
            "这个假期",
        ),
    ],
)
def test_copies_of_the_title_around_the_head(rules, text: str, title: str, opening: str):
    d = doc(text, rules)
    assert [r.title for r in d.reports] == [title]
    assert d.reports[0].text.startswith(opening)


def test_a_report_titled_unlike_the_page_still_starts_one(rules):
    # negative: the second report's own title is no copy of the page title above the first
    text = (
        "心得体会两篇\n\n干部培训心得体会\n通过培训，我进一步坚定了理想信念。\n\n"
        "延安学习心得体会\n在延安学习期间，我深受教育。\n"
    )
    d = doc(text, rules)
    assert [r.title for r in d.reports] == ["干部培训心得体会", "延安学习心得体会"]


def test_photo_captions_with_a_genre_word_start_no_report(rules):
    # a news page on a 述职 meeting: its photos' captions (`▲…述职`, and the first one without its arrow)
    text = (
        "卫生院开展领导干部述职述廉民主评议活动\n\n1月11日下午,卫生院召开职工大会,开展述职述廉民主评议活动。\n\n"
        "卫生院书记、院长周际江述职\n\n▲卫生院副院长顾申斌述职\n\n▲卫生院副院长滕险峰述职\n\n"
        "述职结束之后,参会职工进行了民主测评。\n"
    )
    d = doc(text, rules)
    assert [r.title for r in d.reports] == ["卫生院开展领导干部述职述廉民主评议活动"]
    assert "▲卫生院副院长滕险峰述职" in d.reports[0].text and "民主测评" in d.reports[0].text
    # negative: a compilation's second report, its body a paragraph, still starts one
    text = "述职报告两篇\n\n院长述职\n今年以来,我认真履行职责。\n\n副院长述职\n今年以来,我分管后勤工作。\n"
    assert [r.title for r in doc(text, rules).reports] == ["院长述职", "副院长述职"]


def test_the_counted_page_header_printed_again_inside_a_report_is_removed_with_a_record(rules):
    text = (
        "学校党支部换届工作报告(精选3篇)\n\n学校党支部换届工作报告 篇1\n\n各位党员：\n\n"
        "学校党支部换届工作报告(精选3篇)\n\n我受支部委员会的委托，作党支部工作报告，请予审议。\n"
    )
    d = doc(text, rules)
    assert "(精选3篇)" not in d.reports[0].text
    [record] = [r for r in d.removals if r.rule_id == "segment_repeated_collection_header"]
    assert record.line_no == 7 and record.removed_text == "学校党支部换届工作报告(精选3篇)"
    assert replay(text, d.removals) == d.cleaned_text


def test_an_uncounted_page_title_repeated_inside_a_report_stays(rules):
    # negative: without the count it may be the report's own name, quoted in its text
    text = (
        "学校党支部换届工作报告\n\n各位党员：\n\n学校党支部换届工作报告\n\n"
        "我受支部委员会的委托，作党支部工作报告，请予审议。\n"
    )
    d = doc(text, rules)
    assert not [r for r in d.removals if r.rule_id == "segment_repeated_collection_header"]


LEADERED = (
    "某某中心社会责任报告\n(2023年度)\n\n1.前    …………………………1\n2.政治责任…………………………4\n"
    "3.阵地建设责任……………………6\n4.后    …………………………9\n\n一、前言\n"
    "中心下设七个职能部门，各司其职，共同推进各项工作有序开展。\n"
)


def test_a_dotted_leader_table_of_contents_without_a_heading_is_taken_out_with_a_record(rules):
    d = doc(LEADERED, rules)
    assert [r.title for r in d.reports] == ["某某中心社会责任报告"]
    assert "……" not in d.reports[0].text and d.reports[0].text.startswith("(2023年度)\n一、前言")
    records = [r for r in d.removals if r.rule_id == "segment_table_of_contents"]
    assert [r.line_no for r in records] == [4, 5, 6, 7]
    assert replay(LEADERED, d.removals) == d.cleaned_text


def test_a_table_of_contents_line_with_a_folded_character_is_recorded_whole(rules):
    text = LEADERED.replace("2.政治责任", "2.政治责任\u200b")  # a zero-width space the rules take out
    d = doc(text, rules)
    assert "……" not in d.reports[0].text
    assert replay(text, d.removals) == d.cleaned_text


@pytest.mark.parametrize(
    "lines",
    [
        ["1.前言…………………………1", "2.政治责任…………………………4"],  # two entries: no table yet
        ["1.前言…………………………9", "2.政治责任…………………………4", "3.阵地建设……………………2"],  # pages go back
        ["姓名…………………………", "单位…………………………", "日期…………………………"],  # a form's blanks: no page
    ],
)
def test_lines_that_only_look_like_a_leadered_table_of_contents_stay(rules, lines):
    text = "某某中心工作总结\n" + "\n".join(lines) + "\n中心下设七个职能部门，各司其职，共同推进各项工作。\n"
    d = doc(text, rules)
    assert not [r for r in d.removals if r.rule_id == "segment_table_of_contents"]
    assert all(line in d.cleaned_text for line in lines)


TITLE_CHOICES = {
    # a script for two voices opens with the first host's turn: no title, and the turn stays in the text
    "a_hosts_first_turn_is_no_title": (
        "甲:各位领导、老师\n乙:亲爱的同学们:\n合:大家好!\n甲:在这金秋送爽,硕果累累的时节,\n"
        "乙:我们迎来了第十届歌咏艺术节。\n",
        "",
        "甲:各位领导、老师\n乙:亲爱的同学们",
    ),
    # a bare heading naming the document's own genre is a section of it, not a second report
    "a_heading_naming_the_documents_genre": (
        "2015年會員週年大會:主席工作報告\n引言\n時間過得飛快,轉瞬間一年又過去了。今天見到大家仍然精神奕奕,十分高興。\n\n"
        "工作報告\n\n過去的一年,委員會繼續忙碌,不敢鬆懈,在會務擴展方面做了大量工作。\n",
        "2015年會員週年大會:主席工作報告",
        "工作報告\n過去的一年",
    ),
    # an essay's title over its author's line, a deck line under them: the line the author signs is the title
    "the_title_over_its_authors_line": (
        "民主生活会\n文 / 花无常\n明天要开民主生活会\n2007-05-24 23:38:18\n"
        "现在这年头,当一党员同志其实也真的不容易,这不,去年是搞了三个多月的先进性教育活动。\n",
        "民主生活会",
        "现在这年头",
    ),
    # negative: a page's source line is no author's: the heading right above the body stays the title
    "a_source_line_is_no_authors": (
        "某某网\n来源:某某日报\n明天要开民主生活会\n"
        "现在这年头,当一党员同志其实也真的不容易,这不,去年是搞了三个多月的先进性教育活动。\n",
        "明天要开民主生活会",
        "现在这年头",
    ),
    # a title led by its genre and a colon (`转正思想汇报范文:…`) is no page field
    "a_genre_label_opens_the_title": (
        "转正思想汇报范文:踏踏实实、精益求精\n敬爱的党组织:\n"
        "您好!自去年12月10日开始,我成为一名预备党员,在组织的关怀下不断成长。\n",
        "转正思想汇报范文:踏踏实实、精益求精",
        "敬爱的党组织",
    ),
    # a school site prints the full title, the post's date and clicks, then the article's own short heading:
    # the full name is the title, the heading stays in the text
    "full_title_over_its_short_heading": (
        "在庆祝教师节暨优秀教职工表彰大会上的教师代表发言稿\n时间:2010-09-15 07:26:19 点击:545次\n"
        "教师代表发言稿\n尊敬的各位领导、各位同仁:\n"
        "金秋送爽，丹桂飘香，在这喜庆祥和的美好时刻，我们共同迎来了第26个教师节。\n",
        "在庆祝教师节暨优秀教职工表彰大会上的教师代表发言稿",
        "教师代表发言稿\n尊敬的各位领导",
    ),
    # negative: the line above names something else (a column), so the heading over the body is the title
    "a_column_name_over_the_title": (
        "教师代表发言稿专栏\n时间:2010-09-15 07:26:19 点击:545次\n"
        "2010年教师节教师代表发言稿\n尊敬的各位领导、各位同仁:\n"
        "金秋送爽，丹桂飘香，在这喜庆祥和的美好时刻，我们共同迎来了第26个教师节。\n",
        "2010年教师节教师代表发言稿",
        "尊敬的各位领导",
    ),
    "a_bracketed_title_under_a_wrapped_site_path": (
        "某某文库(www.example.com)/范文大全/工作总结/团委团支部工作\n总结\n"
        "〔社区团支部“一团一品”建设总结〕\n概述\n"
        "20XX年，我们社区团支部结合自身特点，创建了团支部的品牌项目。\n",
        "〔社区团支部“一团一品”建设总结〕",
        "概述\n20XX年",
    ),
    # a school page's headline (slogan and title), the slogan again, then the article's own heading after a
    # blank line: that heading starts no report of its own
    "a_short_heading_after_a_blank_line": (
        "以德树人 以爱育人 某某中学德育工作方案\n\n以德树人  以爱育人\n\n某某中学德育工作方案\n\n一、背景分析\n\n"
        "学校以立德树人为根本任务，不断加强和改进德育工作，形成了良好的校风。\n",
        "以德树人 以爱育人 某某中学德育工作方案",
        "某某中学德育工作方案\n一、背景分析",
    ),
    # a 范文 site lists the document as `…范文` above the document's own numbered title (`篇(一)`)
    "a_sites_listing_over_the_numbered_title": (
        "银行业务员年终总结\n\n银行业务员年终总结范文\n\n银行业务员年终总结\n\n银行业务员年终总结篇(一)\n\n"
        "我于20__年4月接到省分行的调令，调任___支行客户经理，现将工作情况总结汇报如下：\n",
        "银行业务员年终总结篇(一)",
        "我于20__年4月",
    ),
    # a 范文 site's numbered label over the report's own title: the title is the report's, the label front
    "a_sites_numbered_label_over_the_title": (
        "篇一 :政协委员大会发言稿\n政协委员大会发言稿\n"
        "20xx年，梁晓声第一次参加全国政协会议，委员们逐一发言，许多委员都表达了任职的光荣感。\n",
        "政协委员大会发言稿",
        "20xx年，梁晓声第一次参加全国政协会议",
    ),
    # negative: a title with 范文 in it that is the only name above the body stays the title
    "a_title_about_范文_is_still_a_title": (
        "公文写作范文\n\n为提高全员公文写作水平，办公室整理了常用文种的写法。\n",
        "公文写作范文",
        "为提高全员公文写作水平",
    ),
}


@pytest.mark.parametrize("case", sorted(TITLE_CHOICES))
def test_the_title_is_chosen_by_shape_and_place(rules, case):
    text, title, in_text = TITLE_CHOICES[case]
    d = doc(text, rules)
    assert [r.title for r in d.reports] == [title]
    assert in_text in d.reports[0].text


OUTLINE = [
    "一、工作完成情况",
    "(一)加强党建引领",
    "(二)全面加强疫情防控",
    "(三)加强项目建设工作",
    "二、存在问题",
    "三、2023年工作计划",
]
OPENING = "2022年卫健委围绕市委、市政府决策部署,深入推进综合医改,现将工作情况报告如下:"


def test_an_outline_printed_before_the_title_is_front_matter(rules):
    text = "\n".join(
        [*OUTLINE, "市卫健委2022年度工作总结", OPENING, "一、工作完成情况", "全年完成各项任务。"]
    )
    d = doc(text, rules)
    assert [r.title for r in d.reports] == ["市卫健委2022年度工作总结"]
    assert list(d.front_matter) == OUTLINE
    assert d.reports[0].text.startswith(OPENING)


def test_headings_that_are_the_whole_document_stay_its_text(rules):
    """The negative cases: a plan of headings under its title, and headings over a paragraph (no title
    between them and the text) are the document's own."""
    plan = doc("\n".join(["2023年工作要点", *OUTLINE, "以上要点请各科室认真落实。"]), rules)
    assert [r.title for r in plan.reports] == ["2023年工作要点"] and OUTLINE[1] in plan.reports[0].text
    untitled = doc("\n".join([*OUTLINE, OPENING, "全年完成各项任务。"]), rules)
    assert not untitled.front_matter and OUTLINE[0] in untitled.cleaned_text


def test_a_table_of_contents_of_parts_under_its_heading_is_front_matter(rules):
    """`第一部分 报告` … `第四部分 附表` under `目录`: a budget report's contents; only `目录` went to front
    matter, the entries stayed as the text's first lines and the title was lost among them."""
    toc = [
        "目录",
        "第一部分 报告",
        "第二部分 预算表格",
        "一、2022年全县一般公共预算收支执行情况表",
        "第三部分 情况说明",
    ]
    title = "关于某某县2022年预算执行情况和2023年预算草案的报告"
    text = "\n".join([*toc, title, "各位代表:", "受县人民政府委托,现将2022年预算执行情况提请审议。"])
    d = doc(text, rules)
    assert [r.title for r in d.reports] == [title]
    assert list(d.front_matter) == toc
