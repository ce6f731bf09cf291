"""HTML pages to text: chrome out (with records), every content line of the article kept as it was."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from docclean.cleaners.html import extract_text, looks_like_html
from docclean.cleaners.model import Removal
from docclean.cleaners.rules import default_rules

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.txt"))
CHROME = {
    "<title": "站点标题",
    "<style": "p{}",
    "<script": "var ad=1;",
    "<nav": "首页 > 范文",
    '<div class="ad-box"': "广告：开通VIP免费下载",
    "<footer": "版权所有 © 范文网",
}


def make_page(lines: list[str]) -> str:
    """A 范文 site's page around the lines: head, nav, an ad box, the article, a footer."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" if line else "<p></p>" for line in lines)
    return "\n".join(
        [
            '<!DOCTYPE html><html><head><meta charset="utf-8">',
            "<title>站点标题</title>",
            "<style>p{}</style>",
            "<script>var ad=1;</script>",
            "</head><body>",
            "<nav>首页 &gt; 范文</nav>",
            '<div class="ad-box">广告：开通VIP免费下载</div>',
            '<div class="article">',
            paragraphs,
            "</div>",
            "<footer>版权所有 © 范文网</footer>",
            "</body></html>",
        ]
    )


def text_of(page: str) -> str:
    return extract_text(page, default_rules())[0]


def removals_of(page: str) -> tuple[Removal, ...]:
    return extract_text(page, default_rules())[1]


def content(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def line_of(page: str, needle: str) -> int:
    return page[: page.index(needle)].count("\n") + 1


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.name[:3] for p in SAMPLES])
def sample(request: pytest.FixtureRequest) -> tuple[list[str], str, str, tuple[Removal, ...]]:
    lines = request.param.read_text(encoding="utf-8").split("\n")
    page = make_page(lines)
    text, removals = extract_text(page, default_rules())
    return lines, page, text, removals


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 5


def test_sample_content_lines_survive_byte_for_byte(sample) -> None:
    lines, _page, text, _removals = sample
    assert content(text.split("\n")) == content(lines)


def test_sample_line_structure_survives_including_blank_lines(sample) -> None:
    # Blank lines steer report segmentation later, so an empty <p> must stay one blank line.
    lines, _page, text, _removals = sample
    assert [line if line.strip() else "" for line in text.split("\n")] == [
        line if line.strip() else "" for line in lines
    ]


def test_sample_chrome_is_out_of_the_text_and_in_the_removals(sample) -> None:
    _lines, page, text, removals = sample
    for needle, chrome in CHROME.items():
        assert chrome not in text
        found = [r for r in removals if r.removed_text == chrome]
        assert len(found) == 1, chrome
        assert found[0].category == "html_chrome"
        assert found[0].line_no == line_of(page, needle)
        assert (found[0].start, found[0].end, found[0].replacement) == (-1, -1, "")
    assert {r.removed_text for r in removals} == set(CHROME.values())


def test_rule_ids_name_why_the_element_went() -> None:
    rule_of = {r.removed_text: r.rule_id for r in removals_of(make_page(["正文"]))}
    assert rule_of["首页 > 范文"] == "html_drop_tag"
    assert rule_of["广告：开通VIP免费下载"] == "html_drop_class_or_id"


def test_seed_lines_with_angle_brackets_survive_escaping() -> None:
    line = "《关于印发<**区开展基层党建“五基三化”提升年行动实施方案>的通知》"
    assert text_of(make_page([line])) == line


def test_br_splits_lines() -> None:
    assert text_of("<body><p>第一行<br>第二行<br/>第三行</p></body>").split("\n") == [
        "第一行",
        "第二行",
        "第三行",
    ]


def test_double_br_is_a_blank_line() -> None:
    assert text_of("<div>甲<br><br>乙</div>").split("\n") == ["甲", "", "乙"]


def test_entities_are_decoded_and_nbsp_kept() -> None:
    assert text_of("<p>A&nbsp;B&amp;C&#x4e2d;&#22269;&lt;x&gt;</p>") == "A\u00a0B&C中国<x>"


def test_inline_elements_do_not_split_the_line() -> None:
    page = '<p>一是<span class="s">严格</span><a href="/x">压实</a><b>主体</b><font color="red">责任</font>。</p>'
    assert text_of(page) == "一是严格压实主体责任。"


def test_blocks_split_lines() -> None:
    page = "<div>甲<div>乙</div>丙</div><ul><li>一</li><li>二</li></ul><table><tr><td>三</td></tr></table>"
    assert content(text_of(page).split("\n")) == ["甲", "乙", "丙", "一", "二", "三"]


def test_spaces_between_tags_make_no_lines() -> None:
    page = "<div>\n  <p>甲</p> <p>乙</p>\t<p>   </p>\n  <p>丙</p>\n</div>"
    assert text_of(page).split("\n") == ["甲", "乙", "", "丙"]


def test_source_newlines_between_chinese_join_without_space() -> None:
    page = "<p>\n    按照会议安排，我就抓基层\n    党建工作情况述职如下：\n</p>"
    assert text_of(page) == "按照会议安排，我就抓基层党建工作情况述职如下："


def test_source_newlines_elsewhere_become_one_space() -> None:
    assert text_of("<p>ISO\n   9001 and\n\tmore</p>") == "ISO 9001 and more"
    assert text_of("<p>共\n  12个</p>") == "共 12个"


def test_whitespace_inside_a_line_is_kept() -> None:
    assert text_of("<p>\u3000\u3000一、  主要措施\t成效</p>") == "\u3000\u3000一、  主要措施\t成效"


def test_pre_keeps_its_line_breaks() -> None:
    assert text_of("<pre>第一行\n\n  第二行</pre>").split("\n") == ["第一行", "", "  第二行"]


def test_headings_get_a_blank_line_before() -> None:
    assert text_of("<p>上文</p><h2>2023年工作总结</h2><p>正文</p>").split("\n") == [
        "上文",
        "",
        "2023年工作总结",
        "正文",
    ]


def test_hidden_jammers_are_dropped_and_recorded() -> None:
    page = (
        '<p>扎实推进<span style="display: none">k9Xq2Lm7</span>各项'
        '<font class="jammer">pQ3$xV8#</font>工作<i style="visibility:hidden">zz</i>。</p>'
    )
    text, removals = extract_text(page, default_rules())
    assert text == "扎实推进各项工作。"
    assert [(r.rule_id, r.category, r.removed_text) for r in removals] == [
        ("html_drop_hidden", "html_chrome", "k9Xq2Lm7"),
        ("html_drop_hidden", "html_chrome", "pQ3$xV8#"),
        ("html_drop_hidden", "html_chrome", "zz"),
    ]


def test_a_missing_head_end_tag_does_not_swallow_the_article() -> None:
    page = "<html><head><meta charset=utf-8><title>站点标题</title>\n<body><p>正文</p></body></html>"
    text, removals = extract_text(page, default_rules())
    assert text == "正文"
    assert [(r.removed_text, r.line_no) for r in removals] == [("站点标题", 1)]


def test_comments_and_empty_elements_go_without_records() -> None:
    page = '<head><meta name="k" content="v"><link rel="x"></head><body><!-- 广告位 --><p>正文</p></body>'
    text, removals = extract_text(page, default_rules())
    assert text == "正文"
    assert removals == ()


def test_class_or_id_chrome_is_dropped_but_not_the_page_body() -> None:
    page = '<body class="has-sidebar"><div id="sidebar">热门文章</div><p>正文</p><div class="share-bar">分享到</div></body>'
    text, removals = extract_text(page, default_rules())
    assert text == "正文"
    assert [r.removed_text for r in removals] == ["热门文章", "分享到"]


def test_a_pages_tag_box_is_dropped_but_a_tagged_word_in_the_text_is_not() -> None:
    page = '<p>全年开展<span class="tag">安全</span>培训12场。</p><div class="tags">孩子 皮肤</div>'
    text, removals = extract_text(page, default_rules())
    assert text == "全年开展安全培训12场。"
    assert [r.removed_text for r in removals] == ["孩子 皮肤"]


def test_script_text_is_recorded_raw_and_line_numbered() -> None:
    page = "<html>\n<body>\n<p>正文</p>\n<script>\nif (a < b) { ad(); }\n</script>\n</body></html>"
    (removal,) = removals_of(page)
    assert (removal.rule_id, removal.line_no, removal.removed_text) == (
        "html_drop_tag",
        4,
        "if (a < b) { ad(); }",
    )


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>未闭合段落<div>还有",
        "<p>x</div></span></p></p>y",
        "<a href='x",
        "<p>注释没有结束<!-- 广告",
        "<![if !supportLists]>一、<![endif]>总体情况",
        "x<![bogus[ y ]]>z",
        "<table><tr><td>a<td>b</table>",
        "<<<>>>",
        "</",
        "",
        "<p>&#0;&bogus;&nbsp</p>",
    ],
)
def test_broken_html_does_not_crash(fragment: str) -> None:
    text, removals = extract_text(fragment, default_rules())
    assert isinstance(text, str)
    assert all(r.category == "html_chrome" for r in removals)


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body>x</body></html>",
        "\ufeff  <!-- saved from url=(0042)http://x.com/ -->\n<!doctype HTML PUBLIC '-//W3C//DTD'>",
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">',
        "<html>\n<head><title>t</title></head>",
        "\n<head><meta charset=gb2312></head>",
        '<body class="x">正文',
        "<p>一、总体情况</p>\n<p>今年以来</p>\n<div>二、</div>",
        "<div>甲</div><br><br/>乙",
    ],
)
def test_looks_like_html_true(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "今年以来，我镇严格按照《关于印发<**区开展基层党建“五基三化”提升年行动实施方案>的通知》要求",
        "2018年度党建工作述职报告\n按照会议安排，我就抓基层党建工作情况述职如下：",
        "网页里的<br>标签是换行，<p>是段落。" + "正文" * 200,
        "",
        "a < b and c > d",
    ],
)
def test_looks_like_html_false(text: str) -> None:
    assert not looks_like_html(text)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
def test_plain_samples_do_not_look_like_html(path: Path) -> None:
    assert not looks_like_html(path.read_text(encoding="utf-8"))


def test_long_hidden_text_is_kept_because_it_is_the_collapsed_rest_of_the_article():
    from docclean.cleaners.rules import default_rules

    rest = "（二）强化理论武装，不断坚定理想信念。始终把加强理论武装作为筑牢信仰之基的基础。"
    page = f'<html><body><p>一、履职情况</p><div style="display:none">{rest}</div></body></html>'
    text, removals = extract_text(page, default_rules())
    assert rest in text and not removals


def test_a_paragraph_element_is_never_joined_to_the_line_above():
    """`<p>…的好处。▲活动现场合影</p><p>章会长说,…</p>`: a caption glued on left the first paragraph open, and
    the reflow ran the two paragraphs together; the markup says where each begins."""
    from docclean.cleaners.pipeline import clean_bytes

    first = "活动现场,大家纷纷表示,参加商会组织的活动对企业发展有很大的好处。▲活动现场合影"
    second = "会长说,商会要继续当好会员企业的娘家人,为会员提供更多更好的服务,这已经成为大家的普遍共识。"
    opening = "3月18日,某某商会在会员企业举办交流活动,五十余家会员企业负责人参加。"
    page = f"<html><body><h1>商会举办会员交流活动</h1><p>{opening}</p><p>{first}</p><p>{second}</p></body></html>"
    report = clean_bytes(page.encode(), "p.html", default_rules(), tokens=False).reports[0]
    assert report.title == "商会举办会员交流活动" and report.text.split("\n") == [opening, first, second]


def test_lines_a_page_broke_inside_one_paragraph_are_still_joined():
    """The negative case: a <br> inside a paragraph (a hard wrap the save kept) and a PDF converter's
    positioned one-line <p>s carry no paragraph start; the reflow still joins them."""
    from docclean.cleaners.html import extract_page

    wrapped = (
        '<p style="position:absolute;top:10px">一、总体情况</p><p style="position:absolute;top:30px">全年</p>'
    )
    page = extract_page(
        f"<html><body><p>第一行<br>第二行</p><div>块</div>{wrapped}</body></html>", default_rules()
    )
    assert page.text.split("\n") == ["第一行", "第二行", "块", "一、总体情况", "全年"]
    assert page.paragraph_starts == frozenset({1, 3})  # a block after a paragraph begins anew


def test_the_pages_h1_is_its_title_over_photo_captions_nearer_the_text():
    """A news page's <h1> over two photo captions (`某某代表向选民作履职报告`): the caption nearest the text
    was taken for the title, the headline put in front matter."""
    from docclean.cleaners.pipeline import clean_bytes

    page = (
        "<html><body><h1>街道工委举办区人大代表向选民履职报告会</h1><span>发表日期:2015-12-31</span>"
        "<p>某某代表向选民作履职报告</p><p>选民投履职评议表</p>"
        "<p>为加强人大代表与选民的联系,12月28日下午,街道工委组织举办了区人大代表履职报告会。</p>"
        "<p>会上,选民们对代表履职情况进行了评议,并提出了意见和建议。</p></body></html>"
    )
    report = clean_bytes(page.encode(), "p.html", default_rules(), tokens=False).reports[0]
    assert report.title == "街道工委举办区人大代表向选民履职报告会"


def test_an_h1_holding_the_sites_name_is_no_title():
    """The negative case: a site that puts its name in the <h1> and the article's title below it."""
    from docclean.cleaners.pipeline import clean_bytes

    page = (
        "<html><body><h1>某某范文网</h1><h2>2023年社区党支部工作总结</h2>"
        "<p>今年以来,社区党支部认真贯彻落实上级部署,扎实推进各项工作,取得了明显成效。</p>"
        "<p>一是加强组织建设。二是服务居民群众。</p></body></html>"
    )
    report = clean_bytes(page.encode(), "p.html", default_rules(), tokens=False).reports[0]
    assert report.title == "2023年社区党支部工作总结"


def page_doc(page: str):
    """A saved page (HTML text) cleaned as `docclean clean` does, without tokens: its Document."""
    from docclean.cleaners.pipeline import clean_bytes

    return clean_bytes(page.encode(), "p.html", default_rules(), tokens=False)


def test_the_pages_h1_under_a_promo_box_of_sentences_is_still_its_title():
    """A portal prints teasers of other stories (sentences) above the story's <h1>: they ended the head
    early and a teaser was taken for the title, the headline left in the text. They are the page's."""
    teaser = "城镇化是大时代的缩影,也是工业化、现代化的必然结局。"
    page = (
        "<html><body><div>凤凰卫视</div><div>回不去的家,留不住的乡愁</div>"
        f"<div>{teaser}</div><div>0571-58318323</div>"
        "<h1>湖北21家企业发布社会责任报告 武钢、神龙获好评</h1>"
        "<p>昨日,湖北省21家企业集中发布了社会责任报告,涵盖钢铁、汽车、电力等行业。</p>"
        "<p>报告显示,各企业在节能减排、安全生产等方面取得了明显成效。</p></body></html>"
    )
    doc = page_doc(page)
    assert [r.title for r in doc.reports] == ["湖北21家企业发布社会责任报告 武钢、神龙获好评"]
    assert teaser in doc.front_matter and teaser not in doc.reports[0].text


def test_an_h1_far_down_the_text_is_a_heading_of_the_text_not_its_title():
    """The negative case: past the page's first lines an <h1> is the article's own section heading; the
    paragraphs above it stay the text."""
    paragraphs = "".join(
        f"<p>第{n}段:今年以来,我们认真贯彻落实上级部署,扎实推进各项工作。</p>" for n in range(14)
    )
    page = f"<html><body><div>社区工作总结</div>{paragraphs}<h1>存在的问题</h1><p>一是学习不够深入。</p></body></html>"
    doc = page_doc(page)
    assert [r.title for r in doc.reports] == ["社区工作总结"]
    assert "第0段:今年以来" in doc.reports[0].text and "存在的问题" in doc.reports[0].text


def test_the_pages_h1_between_chrome_lines_is_not_removed_for_its_neighbours():
    """A document site's chrome stands all around its <h1> (`…手册.doc,…模板`, a file name's evidence): the
    heading was removed as a line between chrome lines, and the page lost its title line."""
    heading = "人力资源工作实操手册.doc,人力资源工作手册模板"
    page = (
        "<html><body><div>升级VIP 登录 注册 安全退出</div>"
        f"<h1>{heading}</h1><div>收藏</div>"
        "<p>人力资源部的职责是为公司各部门提供人才保障,做好招聘、培训、考核与薪酬管理等各项工作。</p>"
        "<p>全年共组织招聘会12场,引进各类人才56名,员工培训覆盖率达到百分之百。</p></body></html>"
    )
    doc = page_doc(page)
    assert heading in doc.cleaned_text.split("\n")
    assert "收藏" not in doc.cleaned_text.split("\n")


def test_the_pages_h1_that_ends_on_an_exclamation_mark_is_its_title():
    """`某某公司揭牌成立!` in the <h1> under a date and navigation bar: a headline's `!` is no sentence's end;
    the bar was taken for the title and the headline left at the top of the text."""
    page = (
        "<html><body><div>2025年04月27日网站首页返回旧版</div><h1>某某市公交集团有限公司揭牌成立!</h1>"
        "<p>6月30日,某某市公交集团有限公司正式揭牌成立,集团以全新的面貌开启新的征程。</p>"
        "<p>集团将持续优化线网布局,提升公交服务品质,让市民出行更加便捷舒适。</p></body></html>"
    )
    doc = page_doc(page)
    assert [r.title for r in doc.reports] == ["某某市公交集团有限公司揭牌成立!"]
    assert doc.reports[0].text.startswith("6月30日")


def test_the_articles_title_printed_twice_under_a_different_h1_is_the_title():
    """A document site's <h1> names another year than the article's own title, printed twice over the
    text: the <h1> was taken for the title and the second copy started a report of its own."""
    own = "市交通运输局2020年工作总结和2021年工作计划"
    page = (
        "<html><body><h1>市交通运输局2022年工作总结和2022年工作计划</h1>"
        f"<h2>{own}</h2><h2>{own}</h2>"
        "<p>2020年,在市委、市政府的正确领导下,市交通运输局顺利推进实现年度各项目标任务。</p>"
        "<p>一、2020年工作总结</p><p>统筹做好交通行业疫情防控,推动交通运输行业复工复产。</p></body></html>"
    )
    doc = page_doc(page)
    assert [r.title for r in doc.reports] == [own]


def test_the_pages_h1_wins_over_a_table_row_nearer_the_text():
    """A disclosure page's <h1> (`某某县种子管理站`, an institution's name ending on 站) over its report's
    table, one row a line: the header row nearest the first long row was taken for the title, and the
    rows above it went to front matter."""
    rows = [
        "单位名称 某某县种子管理站",
        "住所 某某县人民路西段",
        "经济来源 全额拨款",
        "年初数(万元) 年末数(万元)",
    ]
    page = (
        "<html><body><h1>某某县种子管理站</h1>"
        + "".join(f"<p>{row}</p>" for row in rows)
        + "<p>开展业务活动情况 在上级业务部门和主管局的领导下,我站转变职能,强化服务,全面完成了各项职能目标任务。</p>"
        "</body></html>"
    )
    doc = page_doc(page)
    assert [r.title for r in doc.reports] == ["某某县种子管理站"]
    assert doc.reports[0].text.split("\n")[: len(rows)] == rows
