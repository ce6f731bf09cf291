"""Every detector cleans its examples and keeps its look-alikes, with every rule and detector running;
removals carry the detector's id and the features that fired; suspects are kept and listed."""

from __future__ import annotations

import pytest

from docclean.cleaners.detectors.registry import DETECTORS
from docclean.cleaners.document import clean_lines
from docclean.cleaners.engine import replay
from docclean.cleaners.errors import RulesError
from docclean.cleaners.rules import default_rules, parse_rules
from tests.test_rules import MUST_SURVIVE

RULES = default_rules()


def cleaned(text: str, rules=RULES) -> str:
    return "\n".join(line.text for line in clean_lines(text, rules).lines)


def test_detector_ids_are_unique_and_described():
    ids = [d.id for d in DETECTORS]
    assert len(ids) == len(set(ids))
    assert not {d.id for d in DETECTORS} & {r.id for r in RULES.rules}
    assert all(d.examples and d.keep and d.reason for d in DETECTORS)


@pytest.mark.parametrize(
    ("detector", "example"),
    [(d, e) for d in DETECTORS for e in d.examples],
    ids=lambda v: getattr(v, "id", ""),
)
def test_detector_cleans_its_examples(detector, example):
    result = clean_lines(example.text, RULES)
    assert "\n".join(line.text for line in result.lines) == example.clean
    assert any(r.rule_id == detector.id for r in result.removals), "credited to another rule or detector"
    assert replay(example.text, result.removals) == example.clean


@pytest.mark.parametrize(
    ("detector", "text"), [(d, k) for d in DETECTORS for k in d.keep], ids=lambda v: getattr(v, "id", "")
)
def test_detector_keeps_its_look_alikes(detector, text):
    result = clean_lines(text, RULES)
    assert not result.removals
    assert cleaned(text) == "\n".join(line.strip() for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("text", MUST_SURVIVE)
def test_noise_catalogue_look_alikes_survive_every_detector(text):
    assert cleaned(text) == text


def test_detector_removals_say_which_features_fired():
    text = "资源ID:4412      下载积分:3 金币\n快捷下载\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    removals = clean_lines(text, RULES).removals
    by_line = {r.line_no: r for r in removals}
    assert by_line[1].rule_id == "detector_boilerplate" and by_line[1].category == "share_wrapper"
    assert "下载积分" in by_line[1].detail and by_line[1].detail.startswith("score=")
    assert by_line[2].detail


def test_weak_evidence_inside_the_body_is_a_suspect_not_a_removal():
    text = (
        "今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n"
        "网站首页改版\n"
        "全年完成投资12亿元，新建项目36个，竣工投产20个，带动就业3000余人。"
    )
    result = clean_lines(text, RULES)
    assert cleaned(text) == text
    assert [(s.line_no, s.text) for s in result.suspects] == [(2, "网站首页改版")]
    assert result.suspects[0].detector_id == "detector_boilerplate" and result.suspects[0].score >= 1.5


def test_a_users_lexicon_and_thresholds_take_effect():
    text = "本页由某某城市网提供\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    assert cleaned(text).startswith("本页由")
    extended = parse_rules(
        default_rules_text(), '[detectors.boilerplate.lexicon.site_chrome]\n"城市网提供" = 3\n'
    )
    assert cleaned(text, extended) == "全年完成投资12亿元，新建项目36个，竣工投产20个。"
    strict = parse_rules(
        default_rules_text(), "[detectors.boilerplate]\nremove_at = 100\nremove_in_body_at = 100\n"
    )
    assert cleaned("快捷下载\n全年完成投资12亿元，新建项目36个。", strict).startswith("快捷下载")


def test_a_users_spam_anchor_is_cut_with_the_spam_around_it():
    text = "全年完成投资12亿元，新建项目36个，某某娱乐场tv888竣工投产20个。"
    assert cleaned(text) == text  # no shipped anchor: a report's sentence stays whole
    extended = parse_rules(default_rules_text(), '[detectors.spam]\nanchors = ["娱乐场"]\n')
    # the brand name before its business word goes too (`某某`, back to the comma)
    assert cleaned(text, extended) == "全年完成投资12亿元，新建项目36个，竣工投产20个。"
    with pytest.raises(RulesError, match="spam words"):
        parse_rules(default_rules_text(), '[detectors.spam]\nanchors = ["娱"]\n')


def test_an_advert_line_stuffed_with_spam_words_goes_whole_not_piece_by_piece():
    text = "中文字幕在线观看,色婷婷综合网,精品国产在线\n全年完成投资12亿元，新建项目36个，竣工投产20个。"
    result = clean_lines(text, RULES)
    assert [line.text for line in result.lines] == ["全年完成投资12亿元，新建项目36个，竣工投产20个。"]
    assert [(r.rule_id, r.removed_text) for r in result.removals] == [
        ("detector_boilerplate", "中文字幕在线观看,色婷婷综合网,精品国产在线")
    ]


def default_rules_text() -> str:
    from docclean.cleaners.rules import default_rules_text as text

    return text()


BODY = "今年以来，我镇认真贯彻落实县委部署，全力推进各项工作，经济社会保持平稳健康发展。"


@pytest.mark.parametrize(
    ("page", "gone"),
    [
        # a post's metadata label whose value the save lost, beside a removed line
        (f"首页 > 工作 > 实习报告\n时间:\n{BODY}", ["时间:"]),
        # a widget's icon over a paywall tip at the foot
        (f"{BODY}\n✂\n试读结束,开通会员文档无限下载使用", ["✂"]),
        # QR captions under a news page's head: the kind of account, the site's name
        (
            f"发布时间:2021-07-09 09:11 来源:某某报\n某某报网\n微信公众号\n某某报网\n官方微博\n{BODY}",
            ["微信公众号", "官方微博"],
        ),
        # an editor's 导读 over a compilation's first piece
        (
            f"某某文学网\n会议纪要范文(通用5篇)\n导读 1.加强会议纪要管理,强化文秘人员学习。\n会议纪要范文 第1篇\n{BODY}",
            ["导读"],
        ),
        # a press release's rule of stars over its text
        (f"*******************************\n{BODY}", ["*******************************"]),
        # a share widget's engine names under a removed list label, at the page's foot
        (f"{BODY}\n新闻推荐\nBaidu\nsogou", ["Baidu", "sogou"]),
        # a news portal's channel over the date lines of its page
        (f"社會\n13:50\n2017/01/18\n{BODY}", ["社會"]),
        # an institution's site welcoming its visitors over its column name
        (f"欢迎访问某某研究院!\n综合新闻\n{BODY}", ["欢迎访问某某研究院!"]),
        # a forum post's signature delimiter over its origin lines
        (f"{BODY}\n--\n※ 發信站: 某某實業坊(bbs.example.org)\n◆ From: 211.78.10.61", ["--"]),
        # an image's default name, what a saved page keeps of it
        (f"微信图片_20210125223457\n{BODY}", ["微信图片_20210125223457"]),
        # a form's validation messages, a follow prompt, a picture's note, a reading-time widget
        (
            f"课程咨询\n不能为空\n请输入有效的手机号码\n请先选择证书类型\n{BODY}",
            ["不能为空", "请输入有效的手机号码"],
        ),
        (f"关注微信公众号\n(相关资料图)\n{BODY}", ["关注微信公众号", "(相关资料图)"]),
        (f"本文字数:1222字\n3分钟\n{BODY}", ["3分钟"]),
        # a news page's comment box under the text, a hit counter, a members-only note
        (
            f"{BODY}\n评论一下\n评论 0人参与,0条评论\n还没有评论,快来抢沙发吧!\n最热评论",
            ["抢沙发", "0条评论", "最热评论"],
        ),
        (
            f"浏览数:29\n{BODY}\n本文共1630字,仅供站内会员学习参考(会员可免费打开全部文档)",
            ["浏览数:29", "站内会员"],
        ),
        # a blog copy's image alt texts and word count; a portal's toolbar; an editor's intro
        (f"共 12388字,需浏览 25分钟\n{BODY}\n在这里插入图片描述\n{BODY}", ["需浏览", "在这里插入图片描述"]),
        (f"{BODY}\n全文234个字,阅读预计需要1分钟", ["全文234个字"]),
        (f"• 个人中心\n• 设为首页\n• 搜索热词: 社保 医保\n{BODY}", ["个人中心", "设为首页", "搜索热词"]),
        (f"编辑导语:年底了,本文作者对自己的一年做了复盘,一起来看一下。\n{BODY}", ["编辑导语"]),
        # a post's time stamp over its text
        (f"2021年8月13日 13:46\n{BODY}", ["2021年8月13日 13:46"]),
        # a hospital site's bilingual menu over the text
        (
            f"NEWS CENTER\nHOSPITAL SITUATION\nDEPARTMENTS AND EXPERTS\nMedical services\n{BODY}",
            ["NEWS CENTER", "Medical services"],
        ),
        # a saved page's image names and an English date widget
        (
            f"Thursday, October 17, 2024\n{BODY}\n640.jpg 720x400.jpg",
            ["Thursday, October 17, 2024", "640.jpg"],
        ),
        (f"{BODY}\n说明: C:\\Users\\user\\Documents\\FileRecv\\现场缴纳党费.jpg", ["现场缴纳党费.jpg"]),
        # a software site's menu, one short item a line, over the article
        (
            f"某某云\n产品\n价格\n下载\n伙伴\n资源\n电话咨询\n在线咨询\n免费试用\n海外工程项目管理制度如何构建\n{BODY}",
            ["某某云", "产品", "下载", "免费试用"],
        ),
        # a blog platform's table-of-contents heading over the post
        (f"年终总结\n文章目录\n{BODY}", ["文章目录"]),
        # a post's date, view count and comment count under its headline
        (f"某药业召开质量总结会\n2018-08-29     浏览(97)     (0)\n{BODY}", ["浏览(97)"]),
        # an admissions site's hotline over its list of provinces, one a line, over the article
        (
            "全国服务热线 4000-400-005\n小程序\n登录/注册\n请选择高考地区\n安徽\n北京\n重庆\n福建\n广东\n广西\n"
            f"某某大学第二次党代会侧记\n{BODY}",
            ["安徽", "北京", "广西"],
        ),
        # a post's update and publication times under its headline
        (
            f"县长就职典礼举行\n更新于 2022年12月27日07:40 • 发布于 2022年12月25日07:49\n{BODY}",
            ["更新于 2022年"],
        ),
        # a news page's bracketed picture note, and its recommendations box's label under the text
        (f"经济普查清查工作启动\n【资料图】\n{BODY}\n精彩推送", ["【资料图】", "精彩推送"]),
        # a news page's caveat on its picture
        (f"对口支援纪录片开播\n(资料图片仅供参考)\n{BODY}", ["(资料图片仅供参考)"]),
        # a document site's note on the file's format under the text
        (f"{BODY}\n{BODY}\n文档为doc格式", ["文档为doc格式"]),
        # a welcome banner that greets first, a view counter in brackets under a headline
        (f"您好!欢迎访问某某人文社科网!\n{BODY}", ["您好!欢迎访问某某人文社科网!"]),
        (f"某某文库,欢迎您!\n{BODY}", ["某某文库,欢迎您!"]),
        (
            f"某某协会理事会在苏州召开\n发表日期:2014-12-08 13:57:00\n被阅读[1481]次\n{BODY}",
            ["被阅读[1481]次"],
        ),
        # one picture's name between two paragraphs, the picture lost in the save
        (f"{BODY}\n闵行.jpg\n{BODY}", ["闵行.jpg"]),
        # a disclosure page's source line under the text
        (f"{BODY}\n信息来源:某某县发展和改革委员会", ["信息来源:某某县发展和改革委员会"]),
        # a site header's search box label and its welcome banner, the site's full name in brackets
        (
            f"• 站内搜索:\n某某县中医院(某某县中西医结合医院)官方网站欢迎您!\n{BODY}",
            ["站内搜索", "官方网站欢迎您"],
        ),
    ],
)
def test_page_furniture_goes(page: str, gone: list[str]):
    result = clean_lines(page, RULES)
    removed = " | ".join(r.removed_text for r in result.removals)
    assert all(g in removed for g in gone), removed
    assert BODY in [line.text for line in result.lines]


@pytest.mark.parametrize(
    "page",
    [
        # a form's blanks stay, even under a site's line
        f"首页 > 工作 > 会议记录\n时间：\n地点：\n主持人：\n{BODY}",
        # a report's title naming its account, printed twice around a date line
        f"单位微信公众号信息审核、发布规章制度\n发布时间:2022-05-16 浏览:35\n单位微信公众号信息审核、发布规章制度\n{BODY}",
        # a 导语 section of a news-writing lesson, once its text has begun
        f"新闻写作讲评\n{BODY}\n导语:要用最精练的文字把最重要的事实写出来。",
        # a record's activity period: two times joined by 至 are no post's time stamp
        f"服务时长 2小时 活动日期 2023-12-31 13:30:00 至 2023-12-31 15:30:00\n{BODY}",
        # placeholders stay, a signatory's `XXX` and three stars among them
        f"{BODY}\nXXX\n***",
        # an English heading in a report's text
        f"{BODY}\nAbstract\n{BODY}",
        # a welcome speech's opening line: 欢迎来到, not a site's 欢迎访问
        f"欢迎来到某某集团!\n{BODY}",
        # a wrapped paragraph's line that closes a `<…>` the line above opened is no breadcrumb's level
        "今年以来，我镇严格按照《关于印发<**2023\n年基层党建工作重点任务清单>\n的通知》有关工作要求，扎实推进各项工作。",
        # a points table's numbered rules, a login among them (its next item is clean)
        f"{BODY}\n1.【登录】:\n每日首次登录积1分。\n2.【阅读文章】:\n每阅读一篇文章积1分,活跃时段每阅读一篇文章积2分。",
        # a table of tasks whose cells name a login page (rows of one shape beside clean rows)
        f"{BODY}\n林雨欣 ppt制作,素材收集 10.5%\n江舒颖 接口测试,登录注册接口整合,界面整合 12%\n林志锋 目标检测接口编写 10%",
        # a notice's own form instructions and its picture reference in a sentence
        f"{BODY}\n申请表各项内容不能为空,请如实填写。\n扫码关注微信公众号即可报名。\n活动安排见下图(图1)。",
        # a report that opens on its slogans, four characters a line, no chrome word among them
        f"不忘初心\n牢记使命\n担当作为\n实干为先\n真抓实干\n务求实效\n某某局2023年工作总结\n{BODY}",
        # a list of names under its heading, above the text's first paragraph: no chrome word beside it
        f"2023年度优秀教师名单\n张三\n李四\n王五\n赵六\n钱七\n孙八\n{BODY}",
        # a report's English title and its author's name over its text
        f"ANNUAL WORK REPORT\nZhang San\n{BODY}",
        # a meeting's own time under its notice's title, and a report's signature date
        f"关于召开安全生产会议的通知\n2021年8月13日 上午9:00\n{BODY}\n某某镇人民政府\n2021年8月13日",
        # a bug a new hire fixed, named after the widget it broke
        f'入职第一周\nmentor给了我一个"用户头像显示错误"的小问题。我花了一下午时间:\n{BODY}',
        # a report's attachment that is a photo
        f"{BODY}\n附件:现场照片.jpg",
        # … and numbered photos between its paragraphs, listed as its attachments
        f"{BODY}\n1.现场照片.jpg\n{BODY}",
        # an event notice's own host, among its fields
        f"关于举办职工运动会的通知\n{BODY}\n主办:某某区总工会\n承办:某某街道工会\n{BODY}",
        # a notice's own date line at its foot, under its issuer (a bare `日期:` line under a headline
        # is a news page's too: such a line stays a suspect, never removed)
        f"关于开展安全检查的通知\n{BODY}\n某某镇人民政府\n日期: 2019-03-22",
    ],
)
def test_look_alikes_of_page_furniture_stay(page: str):
    kept = "\n".join(line.text for line in clean_lines(page, RULES).lines)  # wrapped lines may be joined
    for line in page.split("\n"):
        if not line.startswith(("首页 >", "发布时间")):
            assert line in kept, line


def test_lines_an_author_broke_after_commas_stay_apart():
    """A forum post broken by hand into short lines, each after a comma, is no page's wrapping: without a
    page width the lines stay as the author broke them (a page cuts mid-clause more often than not)."""
    post = (
        "我是台銀的行員,當看到對大家對台銀的批評,\n身為台銀的一員,我必須承認我們還有很大的改善空間,\n"
        "但是說真的,我們很確實的在求進步,希望帶給大家更好的服務,\n在台銀短短的幾年,我發現台銀其實改變的很多,\n"
        "我們的改變似乎沒被大家所發覺。"
    )
    assert [line.text for line in clean_lines(post, RULES).lines] == post.split("\n")


def test_short_lines_an_author_broke_after_commas_stay_apart():
    """Most lines of a post broken by hand are short clauses (`在單位裡,`); a trailing ellipsis or a closed
    remark ends an author's line too. Judged on those few long lines alone, the post was taken for wrapped
    text and its clauses run together into one paragraph."""
    post = (
        "在單位裡,\n雖然常會發生令人不開心的事,\n但也會有感動的時候,\n接下來,我想為我公司稍微辯護一下....\n"
        "一個人要面對不同的病患、家屬所提出的要求,\n再怎麼才能一次完成呢?\n"
        "但有時總會覺得為什麼病人或家屬沒有辦法體諒我們的難處,\n已經忙不過來了,\n有很多的伯伯不相信金融卡,(包括我媽)\n"
        "早點有幫助別人的能力!!!"
    )
    assert [line.text for line in clean_lines(post, RULES).lines] == post.split("\n")


def test_a_page_wrapped_text_with_short_lines_is_still_joined():
    """The negative case: a page's wrap cuts its lines mid-clause, whatever short lines (a heading, a
    paragraph's last line, a clause) stand between them."""
    paragraph = (
        "2025年,镇党政办公室在镇党委、政府的坚强领导下,在全镇上下的共同努力下,各项工作取得了新的进展,"
        "全年完成投资十二亿元,新建项目三十六个,续建项目十八个,竣工项目二十个,为全镇经济发展打下了坚实的基础。"
    )
    wrapped = [paragraph[i : i + 24] for i in range(0, len(paragraph), 24)]
    text = "\n".join(["一、总体情况", *wrapped, "二、存在问题", "一是认识不够,", "二是措施不实。"])
    lines = [line.text for line in clean_lines(text, RULES).lines]
    assert paragraph in lines and "一是认识不够," in lines


def test_a_headline_with_its_date_between_chrome_lines_stays():
    """`国台办新闻发布会辑录(2023-04-26)` between a breadcrumb and a byline: its date made it weak evidence,
    and it went with its neighbours; ten characters of its own keep it."""
    headline = "国台办新闻发布会辑录(2023-04-26)"
    page = f"首页 > 图片聚焦 > 新闻发布会辑录\n{headline}\n来源:某某省台办 发布时间:2023-04-27\n{BODY}"
    assert headline in [line.text for line in clean_lines(page, RULES).lines]


def test_lines_ending_in_an_ascii_closing_quote_end_their_paragraph():
    """`…HR 就告诉我:"…要加油哦。"`: an ASCII quote after the full stop closes the sentence; the next line
    was joined to it as a wrapped line's rest."""
    post = (
        '去年10月,我拿到了某大厂的 offer。入职第一天,HR 就告诉我:"我们的试用期淘汰率是20%,要加油哦。"\n'
        "三个月后,我顺利转正。同期入职的6个人,有1个被劝退了。"
    )
    assert [line.text for line in clean_lines(post, RULES).lines] == post.split("\n")


def test_a_section_heading_under_a_table_of_page_fields_is_no_fields_value():
    """A page's bulleted index card (`• 主题分类:` …) goes as a whole; the report's own numbered heading
    right under it is no value of its last field (a random draw of the content property found it taken)."""
    page = "• 主题分类:\n• 发文字号:\n• 成文日期:\n一、主要做法和成效\n" + BODY
    assert [line.text for line in clean_lines(page, RULES).lines] == ["一、主要做法和成效", BODY]
