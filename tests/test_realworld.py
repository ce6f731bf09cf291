"""Real pages from sites nobody wrote a rule for, scored against hand-made gold (tests/realworld/): the
report titles, the real paragraphs byte for byte, no noise string left, every placeholder kept. A change
that makes the product worse on real pages fails here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from docclean.cleaners.model import Document
from docclean.cleaners.pipeline import clean_file
from docclean.cleaners.rules import default_rules
from docclean.flows.ingest.rows import empty_dict, report_dict

HERE = Path(__file__).resolve().parent / "realworld"
# What each set must reach; `shared` is the development set (its targets), `dev` our own further
# real pages from 23 other sites, `fresh` 20 pages from 20 more (first scored before any change for them:
# titles 17/20, content 0.86, 11 leaks); the figures reached, so that they can only go up. A fourth set,
# kept out of the repository and of all tuning, measures what these do not (README: Rules and detectors).
TARGETS = {
    "shared": {"titles_ok": 14, "content": 0.99, "leaks": 0, "placeholders_ok": 14},
    "dev": {"titles_ok": 23, "content": 0.99, "leaks": 2, "placeholders_ok": 23},
    "fresh": {"titles_ok": 20, "content": 0.99, "leaks": 1, "placeholders_ok": 20},
    # 20 pages from 20 more sites, gathered after the fixes `fresh` taught and scored unseen: titles
    # 19/20, content 1.0, 12 leaks
    "fresh2": {"titles_ok": 20, "content": 0.99, "leaks": 1, "placeholders_ok": 20},
    # 22 pages from 22 more sites, gathered after fresh2's fixes and scored unseen: titles 15/22, content
    # 0.896, 16 leaks. Left: a page of video captions (short lines read as titles), a title printed twice
    # with and without 在, a journal's keyword tags, a related link under the text
    "fresh3": {"titles_ok": 22, "content": 0.99, "leaks": 2, "placeholders_ok": 22},
    # 24 pages from 24 more sites (文库 previews, government pages, blog and WeChat-rule pages, a PDF text
    # layer), scored unseen: titles 20/24, content 0.947, 15 leaks. Left: English fragments a 文库 splices
    # into lines, an injected `关键词2`, a Traditional AI-tool advert, a page of Q&A headings (❶…)
    "fresh4": {"titles_ok": 24, "content": 0.99, "leaks": 4, "placeholders_ok": 24},
    # 24 pages from 24 more sites (范文 compilations with 篇N, government and school pages, company news, a
    # WeChat mirror, a Q&A page), scored unseen: titles 18/24, content 0.935, 12 leaks. Left: a site's
    # name injected mid-sentence (casino names there are cut), 范文 intros in Traditional or quoting another
    # report, a WeChat mirror's account line read as the title
    "fresh5": {"titles_ok": 24, "content": 0.99, "leaks": 1, "placeholders_ok": 24},
    # 16 pages from 16 more sites (党员网 and 美篇 pages, school and government news, 范文 and 文库 pages,
    # Traditional with pinyin glosses), scored unseen: titles 14/16, content 1.0, 5 leaks. Left: a channel
    # line read as the title, a saved text with <p> markup (sniffed as HTML, title joined to its author
    # line), a 文库 banner glued before a title (the injected spam names are cut)
    "fresh6": {"titles_ok": 14, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (文档 and 范文 sites, a school's and a town's news, a Taiwanese blog,
    # Traditional with pinyin glosses), scored unseen: titles 13/16, content 0.977, 4 leaks. Left: a site's
    # summary holding the only copy of the title (a betting site's name put in place of a school's is cut)
    "fresh7": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 15},
    # 16 pages from 16 more sites (文档 and 范文 sites with metadata lists, a school site with a banner and a
    # date widget, government mirrors, 公众号 and forum pages, Traditional news), scored unseen: titles 14/16,
    # content 0.968, 11 leaks. Left: a news site's follow-us line (a betting phrase injected inside a 《title》 is cut)
    "fresh8": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (a forum thread, 公众号 mirrors, hospital, school and government pages,
    # 范文 and 文档 sites, Traditional with pinyin glosses), scored unseen: titles 13/16, content 0.907,
    # 17 leaks. Left: a forum's member panel, a 公众号's name line, a 题库 site's resource count,
    # a `核心提示` summary in other words
    "fresh9": {"titles_ok": 16, "content": 0.99, "leaks": 11, "placeholders_ok": 16},
    # 16 pages from 16 more sites (first-person 总结 and 述职 texts, a news portal, a science blog, bank,
    # hospital and county pages, an interview with speaker labels), scored unseen: titles 15/16, content
    # 1.0, 17 leaks. Left: a hospital's phone and address footer
    "fresh10": {"titles_ok": 16, "content": 0.99, "leaks": 3, "placeholders_ok": 16},
    # 16 pages from 16 more sites (a court's report transcript, a 文库 page with a paywall notice inside a
    # sentence, a Q&A page, a Traditional 范文 page, an evening paper's essay, government and university
    # pages), scored unseen: titles 15/16, content 0.964, 1 leak, and 10 real characters cut with the
    # paywall notice (now kept). Left: a notice and the plan it issues read as two reports, a lone author
    # name over an untitled essay
    "fresh11": {"titles_ok": 15, "content": 0.96, "leaks": 0, "placeholders_ok": 15},
    # 16 pages from 16 more sites (a procuratorate's and a bank's news, a WeChat post, a news mirror with
    # 阅读原文, a local portal's sidebar, a hacked page with casino words, a 文库 preview), scored unseen:
    # titles 16/16, content 1.0, 9 leaks. Left: a sidebar's teaser (the casino words in sentences are cut)
    "fresh12": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (two hacked 范文 pages with a line of adult SEO words above the text, a
    # 期刊网 compilation in Traditional, a table of contents on one line, a 城投 company's 党建 page, a
    # survey report), scored unseen: titles 14/16, content 0.774 (two pages' spam lines read as an
    # untitled first report), 6 leaks. Left: a table of contents printed on one line
    "fresh13": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (a course forum's post, a company blog with an ICP footer, a 文库 preview
    # cut short, a 简历 site's compilation, a 党史 article, school and volunteer speeches), scored unseen:
    # titles 16/16, content 1.0, 7 leaks. Left: a site's summary of the page in its own words, `点击图片`
    "fresh14": {"titles_ok": 16, "content": 0.99, "leaks": 2, "placeholders_ok": 16},
    # 16 pages from 16 more sites (a 人大 draft with a hit counter, a 论文 page with its DOI, a 范文 site's
    # table of 绩效 rows, a 农工党 page whose close button was its only head line, an industry portal's
    # A+/A- buttons), scored unseen: titles 16/16, content 0.944 (five table rows joined as one paragraph,
    # a DOI cut as a jammer: both fixed), 4 leaks. Left: a page's hit counter
    "fresh15": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (an association's 入会须知, 范文 sites' 篇一 labels and intros, a school's
    # 学期总结, a 政协 speech, a 新年致辞, an article with a 方案 section heading), scored unseen: titles 12/16,
    # content 0.959, 2 leaks; a page's own title `入会须知` was removed as chrome (now kept). Left: a short
    # notice title losing to a greeting line
    "fresh16": {"titles_ok": 16, "content": 0.99, "leaks": 0, "placeholders_ok": 16},
    # 16 pages from 16 more sites (述职 and 党建 pages, a news mirror whose comment button read as the
    # title, a 调研 page, 学习心得), scored unseen: titles 15/16, content 1.0, 1 leak
    "fresh17": {"titles_ok": 16, "content": 0.99, "leaks": 0, "placeholders_ok": 16},
    # 16 pages from 16 more sites (speeches, 主持词, 倡议书, a 报网's QR captions, a site's bracketed address
    # over the text, a cut mark over a paywall tip, a 转载 notice with its URL), scored unseen: titles
    # 14/16, content 1.0, 9 leaks
    "fresh18": {"titles_ok": 16, "content": 0.99, "leaks": 0, "placeholders_ok": 16},
    # 16 pages from 16 more sites (notices with 附件 and 联系人, 自查/整改 reports, 会议纪要 and 实习报告
    # compilations with `第1篇` titles and a 导读 line, a 回顶部 and 扫一扫 foot), scored unseen: titles
    # 14/16, content 1.0, 5 leaks
    "fresh19": {"titles_ok": 16, "content": 0.99, "leaks": 0, "placeholders_ok": 16},
    # 16 pages from 16 more sites (hacked and mirror pages of governments and schools, a forum thread under
    # Discuz's sign-up banner, a 政协报's tags and more-links, a hospital's footer, Traditional pages with
    # split font-size buttons), scored unseen: titles 14/16, content 1.0, 16 leaks. Left: a hospital's
    # address and phone footer and app names under its ICP line, a forum popup's `x`, a tag row without
    # its label, a news subtitle chosen over its headline
    "fresh20": {"titles_ok": 15, "content": 0.99, "leaks": 6, "placeholders_ok": 16},
    # 16 pages from 16 more sites (范文 and 文库 compilations of 心得, 演讲稿, 思想汇报, 入党申请书, a page
    # title printed again with a full stop, a site's `ID:` line, an empty `编辑推荐您关注:` label), scored
    # unseen: titles 14/16, content 0.96, 4 leaks. Left: a compilation's count title over a single piece
    "fresh21": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (government pages with 政务公开 tables, 统计公报, 人大 and 政协 reports,
    # 纪委 news with hotline footers, a 文库 compilation page), scored unseen: titles 15/16, content 0.972
    # (a ratio closing a line joined to the next paragraph: fixed), 13 leaks. Left: phone lists of a
    # 信访 footer and a news site's hotlines, a 文库 slogan, a split file header read as the title
    "fresh23": {"titles_ok": 16, "content": 0.99, "leaks": 11, "placeholders_ok": 16},
    # 16 pages from 16 more sites (hospital, school and company pages, a 财经 mirror, Hong Kong and Taiwan
    # news and a government press release), scored unseen: titles 15/16, content 0.987 (`同志们:` put in
    # the front matter: fixed), 9 leaks. Left: a dialog's leftovers above a mirrored post, a Taiwanese
    # caption with its date, a 范文 heading with its word count
    "fresh24": {"titles_ok": 15, "content": 0.99, "leaks": 5, "placeholders_ok": 16},
    # 16 pages from 16 more sites (school, 教育局, community and volunteer pages, a volunteer platform's
    # record), scored unseen: titles 16/16, content 0.957, 6 leaks. Left: a record's rows above its
    # summary read as page fields, image captions `(图1)`, an author line with its comment count
    "fresh25": {"titles_ok": 16, "content": 0.95, "leaks": 3, "placeholders_ok": 15},
    # 16 pages from 16 more sites (工作要点 and 方案 pages, news portals, 学习强国 pages with a points
    # table, an emoji vote widget), scored unseen: titles 15/16, content 0.922 (a points table's `登录`
    # rule removed: kept now), 14 leaks. Left: an emoji vote widget's items, a finance site's own
    # summary and its empty author line, a notice read as two reports with the 要点 it issues
    "fresh26": {"titles_ok": 15, "content": 0.94, "leaks": 11, "placeholders_ok": 16},
    # 16 pages from 16 more sites (blogs, a blog mirror, a Sina blog page, 民主生活会 essays, a student's
    # sprint summary with a table of tasks), scored unseen: titles 9/16, content 0.798 (two table rows
    # naming 登录注册 removed: kept now), 13 leaks. Left: blog pages' titles (a sidebar's `个人资料`, a
    # column label, a deck line, a byline over the title), a blog profile joined into one line
    "fresh27": {"titles_ok": 13, "content": 0.79, "leaks": 4, "placeholders_ok": 16},
    # 16 pages from 16 more sites (a 文库 page of a Word document with `- 1 -` page numbers, 党建 and 纪检
    # news of universities and hospitals, an admissions portal full of widgets), scored unseen: titles
    # 13/16, content 0.868 (a heading glued after a colon joined to the next paragraph: fixed), 44 leaks.
    # Left: the admissions portal's province list and rankings, a heading glued onto its paragraph
    "fresh28": {"titles_ok": 15, "content": 0.96, "leaks": 10, "placeholders_ok": 16},
    # 16 pages from 16 more sites (公文 pages of government portals: 通知, 办法, 实施意见, 党支部 meeting
    # rules, a 人大 page's sidebar), scored unseen: titles 14/16, content 0.913, 12 leaks. Left: a 人大
    # page's slogan, search box and sidebar read as a first report, a title split over two lines
    "fresh29": {"titles_ok": 15, "content": 0.91, "leaks": 8, "placeholders_ok": 16},
    # 16 pages from 16 more sites (Hong Kong, Macau, Taiwan, Singapore and Malaysia pages, a bilingual
    # speech, a WordPress blog's comment form, PHP notices over a page), scored unseen: titles 10/16,
    # content 0.816 (three English salutations' last words cut as jammers: kept now), 36 leaks. Left: a
    # government site's English banner, tag rows, old-browser and stock widgets read as titles
    "fresh30": {"titles_ok": 14, "content": 0.92, "leaks": 17, "placeholders_ok": 16},
    # 16 pages from 16 more sites (文库 and 范文 pages with paywalls, 表态发言 and 对照检查 texts, a county
    # site's exit prompt), scored unseen: titles 15/16, content 0.987, 3 leaks. Left: a breadcrumb with its
    # separators only as a suspect
    "fresh31": {"titles_ok": 16, "content": 0.98, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (court, procuratorate, police and 司法 pages, 信访 and 调解 summaries, a
    # county site's footer with its 黔ICP number, a workers' daily's page), scored unseen: titles 15/16,
    # content 1.0, 6 leaks. Left: a county site's 主办/联系地址 footer, a paper's issue line read as the title
    "fresh32": {"titles_ok": 15, "content": 0.99, "leaks": 4, "placeholders_ok": 16},
    # 16 pages from 16 more sites (company and university news and reports, a research institute's welcome
    # line, 职代会 and 教代会 pages with photo captions), scored unseen: titles 12/16, content 1.0, 6 leaks.
    # Left: a group site's `CN`/`OA` links, photo captions read as a title or a second report
    "fresh33": {"titles_ok": 14, "content": 0.99, "leaks": 3, "placeholders_ok": 16},
    # 16 pages from 16 more sites (personal 总结 and 述职 of teachers, nurses, bank tellers, village
    # officials; PTT forum posts broken by hand; a BBS signature), scored unseen: titles 13/16, content
    # 0.674 (hand-broken lines joined: kept apart now, short ones too), 6 leaks. Left: a sidebar heading
    # read as the title, a compilation's `例1`/`例2` pieces read as one report
    "fresh34": {"titles_ok": 15, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
    # 16 pages from 16 more sites (主题教育 and 党史 pages, 廉政党课 on a 文库 page with its omitted opening,
    # 对照检查 texts, a 简报 mirror with its contents list, a 公众号 gallery), scored unseen: titles 15/16,
    # content 1.0, 14 leaks. Left: a 简报's table of contents in `●` items, an English navigation label
    "fresh35": {"titles_ok": 16, "content": 0.99, "leaks": 13, "placeholders_ok": 16},
    # 16 pages from 16 more sites (乡村振兴, 局 and 群团 reports, a 人大公报, a page with a site's name and
    # address between its paragraphs, a Traditional 团委 page with a popularity counter), scored unseen:
    # titles 14/16, content 0.943, 5 leaks. Left: a 范文 site's own summary of the page, a title printed
    # twice read as two reports
    "fresh36": {"titles_ok": 14, "content": 0.94, "leaks": 3, "placeholders_ok": 16},
    # 16 pages from 16 more sites (主持词 for two and three voices, 颁奖词, 致辞, 签约 and 庆典 speeches),
    # scored unseen: titles 16/16, content 0.993 (a host's first turn put in the front matter: kept now),
    # 5 leaks. Left: a news teaser joined to the site's slogan, a comment count, `+ 加入清单`
    "fresh37": {"titles_ok": 16, "content": 0.99, "leaks": 3, "placeholders_ok": 16},
    # 12 pages from 12 more sites (述职 and 考核 meeting news, government 政务公开 pages with their index card,
    # a county's 绩效评价报告), scored unseen: titles 11/12, content 1.0, 6 leaks. Left: two tabs of a page
    # joined into one line by their markup
    "fresh38": {"titles_ok": 12, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # 12 pages from 12 more sites (speeches on 演讲稿 sites, county news with credits, Taiwanese council and
    # county pages with skip links and `:::` markers, a 华商报 page), scored unseen: titles 8/12, content
    # 1.0, 16 leaks. Left: a headline printed after its article, a newspaper's issue line, a lab's name
    # over a news page, a contact line in a county site's footer
    "fresh39": {"titles_ok": 11, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # fresh40–63: 11–14 pages each from 323 more sites, three rounds at a time, each scored unseen before it
    # taught anything (figures in each set's SOURCES.md)
    # 公众号 mirrors, 心得 and 读后感 pages (unseen: titles 11/14, 1.0, 5 leaks). Left: a 范文 site's spun
    # intro under an uploader's line, a news page's bare `日期:` line (a notice's own date line looks the same)
    "fresh40": {"titles_ok": 12, "content": 0.99, "leaks": 3, "placeholders_ok": 14},
    # 自查/整改/调研 reports (unseen: 12/14, 0.98, 10 leaks). Left: a training school's adverts around a
    # bank's news, a column name over a disclosure card
    "fresh41": {"titles_ok": 13, "content": 0.99, "leaks": 3, "placeholders_ok": 14},
    # 文档 sites, hospital and 社区 summaries (unseen: 12/14, 1.0, 2 leaks). Left: a 范文 intro naming the
    # compilation in 《》, a list of authors read as the title
    "fresh42": {"titles_ok": 13, "content": 0.99, "leaks": 0, "placeholders_ok": 14},
    # 人大/商会/学会 pages (unseen: 11/14, 0.956, 2 leaks). Left: a date split over four lines, a footer's
    # `主办:` line (a notice's own 主办 looks the same), a scroll prompt
    "fresh43": {"titles_ok": 13, "content": 0.99, "leaks": 2, "placeholders_ok": 14},
    # 竞聘/就职 speeches, 团委 and 学生会 pages (unseen: 14/14, 1.0, 4 leaks)
    "fresh44": {"titles_ok": 14, "content": 0.99, "leaks": 3, "placeholders_ok": 14},
    # overseas Chinese pages, 会议纪要 (unseen: 11/14, 0.905, 11 leaks). Left: a weather widget, a
    # compilation's `[篇2]`, an association's phone and fax line
    "fresh45": {"titles_ok": 13, "content": 0.94, "leaks": 5, "placeholders_ok": 14},
    # hospital and 安全生产 pages (unseen: 11/14, 0.981, 16 leaks). Left: eight English menu lines, a notice
    # and its attachment read as two reports
    "fresh46": {"titles_ok": 13, "content": 0.98, "leaks": 4, "placeholders_ok": 14},
    # 乡镇 half-year summaries on disclosure pages (unseen: 13/14, 1.0, 3 leaks). Left: a field label glued
    # to the title, a download page's numbered instructions
    "fresh47": {"titles_ok": 13, "content": 0.99, "leaks": 3, "placeholders_ok": 14},
    # students' 实践/实习 reports (unseen: 12/14, 0.963, 2 leaks)
    "fresh48": {"titles_ok": 14, "content": 0.98, "leaks": 0, "placeholders_ok": 14},
    # 财政/审计/银行 pages (unseen: 14/14, 0.99, 4 leaks). Left: a news page's source in brackets at its foot
    "fresh49": {"titles_ok": 14, "content": 0.99, "leaks": 1, "placeholders_ok": 14},
    # 党建 pages (unseen: 14/14, 1.0, 7 leaks)
    "fresh50": {"titles_ok": 14, "content": 0.99, "leaks": 0, "placeholders_ok": 14},
    # school pages (unseen: 14/14, 1.0, 6 leaks). Left: a template's English caption, a side menu's 專區
    # lines, a reward button
    "fresh51": {"titles_ok": 14, "content": 0.99, "leaks": 6, "placeholders_ok": 14},
    # 红十字会/慈善/志愿 pages (unseen: 12/14, 0.962, 4 leaks). Left: a notice and its plan read as two
    # reports, a spam link
    "fresh52": {"titles_ok": 13, "content": 0.96, "leaks": 2, "placeholders_ok": 14},
    # 农业/防汛/驻村 pages (unseen: 11/14, 0.886, 14 leaks). Left: a notice's heading split over two lines
    # read as two reports
    "fresh53": {"titles_ok": 13, "content": 0.88, "leaks": 3, "placeholders_ok": 14},
    # 文旅/体育 pages (unseen: 14/14, 1.0, 5 leaks). Left: a lone `声明`, a source line naming a news site
    "fresh54": {"titles_ok": 14, "content": 0.99, "leaks": 2, "placeholders_ok": 14},
    # 律所/公证/物业 pages (unseen: 11/14, 1.0, 6 leaks; a law firm's <h1> ending in `!`: the title now).
    # Left: a speech's `述职报告` under a 公报's byline
    "fresh55": {"titles_ok": 13, "content": 0.99, "leaks": 1, "placeholders_ok": 14},
    # programmers' blog posts and tech pages (unseen: 10/14, 0.946, 10 leaks). Left: a blog's lines
    # without final marks joined, an intro between two copies of the title put in front matter
    "fresh56": {"titles_ok": 11, "content": 0.94, "leaks": 5, "placeholders_ok": 13},
    # 应急/气象/交通 pages (unseen: 14/14, 1.0, 6 leaks)
    "fresh57": {"titles_ok": 14, "content": 0.99, "leaks": 1, "placeholders_ok": 14},
    # 报社/融媒体 pages (unseen: 12/12, 0.973, 11 leaks; a report's table of contents with dot leaders and
    # no `目录` over it: taken out now)
    "fresh58": {"titles_ok": 12, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 社区/养老 pages (unseen: 12/12, 1.0, 1 leak)
    "fresh59": {"titles_ok": 12, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 电力/石化/港口 pages (unseen: 11/12, 1.0, 2 leaks). Left: a title under a long 编者按, a bare date
    # and time line over an OA page's text
    "fresh60": {"titles_ok": 11, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 统战/民主党派 pages (unseen: 11/12, 1.0, 2 leaks; a headline with its date removed: kept now)
    "fresh61": {"titles_ok": 12, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # HR and 试用期 pages (unseen: 11/11, 0.947, 2 leaks; a sentence naming 用户头像 removed and two lines
    # ending in `。"` joined: kept now). Left: an AI-crawler notice and a vote button read as titles
    "fresh62": {"titles_ok": 11, "content": 0.99, "leaks": 2, "placeholders_ok": 11},
    # 科研 pages (unseen: 10/12, 0.721, 1 leak; a grid of members' names joined row into row, and table rows
    # `1`–`4` read as page numbers: kept now). Left: a table cell and a speech's own heading read as second
    # reports
    "fresh63": {"titles_ok": 10, "content": 0.88, "leaks": 1, "placeholders_ok": 12},
    # fresh64–104: 11–12 pages each from 489 more sites, three rounds at a time, each scored unseen before it
    # taught anything (figures in each set's SOURCES.md)
    # 档案馆/托育/民航 pages (unseen: 11/12, 1.0, 5 leaks). Left: a page title under its 导读 (the article's heading
    # taken), a site's promo line at the foot
    "fresh64": {"titles_ok": 11, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 燃气/殡仪馆/药店 pages (unseen: 9/12, 0.771, 5 leaks; a lettered list's items read as reports: one report now).
    # Left: a document site's 内容介绍 label
    "fresh65": {"titles_ok": 11, "content": 0.98, "leaks": 1, "placeholders_ok": 12},
    # blogs, 老干部局 and 气象 pages (unseen: 11/12, 1.0, 1 leak)
    "fresh66": {"titles_ok": 12, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 人大/乡镇/律所 pages (unseen: 11/12, 1.0, 6 leaks)
    "fresh67": {"titles_ok": 12, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 文库/招聘/HR pages (unseen: 10/12, 0.961, 3 leaks; a thesis's keyword line removed: kept now). Left: a
    # column's name over its English name, an `引言:` line taken for the title
    "fresh68": {"titles_ok": 11, "content": 0.97, "leaks": 3, "placeholders_ok": 12},
    # 社会实践/学生会 pages and Traditional sites (unseen: 9/12, 0.958, 7 leaks; two record fields joined: kept apart
    # now)
    "fresh69": {"titles_ok": 12, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # 年报致辞/社会责任报告/企业党建 pages (unseen: 11/12, 1.0, 7 leaks). Left: an e-paper's template line
    "fresh70": {"titles_ok": 12, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 政务服务/税务 pages (unseen: 10/12, 1.0, 4 leaks). Left: a title with a category suffix ` -总结`
    "fresh71": {"titles_ok": 11, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 协会/期刊/论坛 pages (unseen: 11/12, 0.961, 1 leak). Left: a forum post's hand-broken lines joined, a question
    # headline with a comma printed twice
    "fresh72": {"titles_ok": 11, "content": 0.96, "leaks": 1, "placeholders_ok": 12},
    # 疾控/妇幼/卫健 pages (unseen: 11/12, 1.0, 30 leaks: an outline printed before the title, front matter now)
    "fresh73": {"titles_ok": 12, "content": 0.99, "leaks": 4, "placeholders_ok": 12},
    # 公路/银行/保险 pages (unseen: 9/11, 0.938, 2 leaks; 化路网 cut out of 现代化路网 as a site name: kept now)
    "fresh74": {"titles_ok": 10, "content": 0.99, "leaks": 2, "placeholders_ok": 10},
    # 工会/妇联/人武部 pages (unseen: 11/12, 1.0, 6 leaks). Left: THE END and a blog's 喜欢就支持一下吧
    "fresh75": {"titles_ok": 12, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # 公众号 mirrors and e-papers (unseen: 11/11, 1.0, 3 leaks)
    "fresh76": {"titles_ok": 11, "content": 0.99, "leaks": 1, "placeholders_ok": 11},
    # 海外/外贸/会展 pages (unseen: 10/12, 1.0, 10 leaks: a menu one item a line, front matter now)
    "fresh77": {"titles_ok": 11, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 问答 and 写作指导 pages (unseen: 12/12, 1.0, 2 leaks)
    "fresh78": {"titles_ok": 12, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 预算/统计公报/审计 pages (unseen: 11/12, 1.0, 23 leaks: a table of contents of parts under 目录). Left: a split
    # subtitle's second line taken for the title of untitled pages
    "fresh79": {"titles_ok": 12, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # 宗教/侨务/红十字会 pages (unseen: 12/12, 1.0, 5 leaks; a headline with its date removed whole: the title kept
    # now)
    "fresh80": {"titles_ok": 12, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 河长制/生态/水库 pages (unseen: 11/12, 0.952, 10 leaks)
    "fresh81": {"titles_ok": 12, "content": 0.99, "leaks": 9, "placeholders_ok": 12},
    # 城管/住建/建筑 pages (unseen: 10/12, 0.986, 2 leaks; a document's number taken for the title: kept in the text
    # now)
    "fresh82": {"titles_ok": 11, "content": 0.99, "leaks": 1, "placeholders_ok": 12},
    # 科协/文联/书法 pages (unseen: 9/12, 1.0, 5 leaks)
    "fresh83": {"titles_ok": 11, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # 职业院校/辅导员 pages (unseen: 11/12, 1.0, 5 leaks). Left: a site's statistics header, its last line taken for
    # the title
    "fresh84": {"titles_ok": 11, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # 物流/零售/客运 pages (unseen: 12/12, 1.0, 10 leaks). Left: a site's 专题 links at the foot
    "fresh85": {"titles_ok": 12, "content": 0.99, "leaks": 9, "placeholders_ok": 12},
    # 文明实践/政务新媒体/网格 pages (unseen: 11/12, 0.982, 2 leaks; a sentence with a paywall prompt glued inside
    # removed whole: kept now)
    "fresh86": {"titles_ok": 12, "content": 0.98, "leaks": 0, "placeholders_ok": 12},
    # 街道 pages and mirrored speeches (unseen: 10/12, 1.0, 5 leaks). Left: a subtitle taken over its headline,
    # a disclosure card's fields
    "fresh87": {"titles_ok": 10, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # 党校/挂职/援疆 pages (unseen: 10/12, 1.0, 1 leak). Left: a byline's second half and a book's author line taken
    # for titles
    "fresh88": {"titles_ok": 10, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 公交/海事/边检 pages (unseen: 9/12, 0.986, 10 leaks). Left: a transport group's footer contact lines and empty
    # widget labels
    "fresh89": {"titles_ok": 12, "content": 0.99, "leaks": 9, "placeholders_ok": 12},
    # 司法/仲裁/公证 pages (unseen: 12/12, 0.973, 6 leaks; a paragraph joined to a word-count line: kept apart now)
    "fresh90": {"titles_ok": 12, "content": 0.98, "leaks": 5, "placeholders_ok": 12},
    # 农技/供电/自来水 pages (unseen: 11/12, 0.831, 3 leaks; 国家电网 cut as a site name: kept now)
    "fresh91": {"titles_ok": 12, "content": 0.98, "leaks": 0, "placeholders_ok": 12},
    # personal blogs and 医师述职 pages (unseen: 10/12, 0.917, 12 leaks). Left: photo captions, a spam mirror's
    # keyword header
    "fresh92": {"titles_ok": 11, "content": 0.94, "leaks": 9, "placeholders_ok": 12},
    # 医药/检测 pages (unseen: 11/12, 1.0, 7 leaks). Left: photo captions, a platform's abstract
    "fresh93": {"titles_ok": 12, "content": 0.99, "leaks": 5, "placeholders_ok": 12},
    # 体育/普查/征兵 pages (unseen: 12/12, 1.0, 6 leaks). Left: a 概要 teaser, a title line carrying tags and an
    # address
    "fresh94": {"titles_ok": 12, "content": 0.99, "leaks": 3, "placeholders_ok": 12},
    # 非公党建 pages and 开工致辞 (unseen: 12/12, 1.0, 0 leaks)
    "fresh95": {"titles_ok": 12, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 发布会 and 访谈 transcripts (unseen: 11/12, 0.986, 10 leaks; a caption joined to a paragraph: kept apart
    # now). Left: a journal database's fields, a channel menu
    "fresh96": {"titles_ok": 11, "content": 0.99, "leaks": 8, "placeholders_ok": 12},
    # 会议纪要 and 座谈 pages (unseen: 11/12, 0.979, 6 leaks; a caption joined to the dateline: kept apart now).
    # Left: a mirror's error-page lines
    "fresh97": {"titles_ok": 11, "content": 0.99, "leaks": 6, "placeholders_ok": 12},
    # school speeches and 幼儿园 pages (unseen: 12/12, 1.0, 5 leaks). Left: a Q&A page's question frame
    "fresh98": {"titles_ok": 12, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # 高校/课题组 pages (unseen: 11/12, 0.980, 0 leaks; a photo's caption of members giving reports started a
    # second report: one report now)
    "fresh99": {"titles_ok": 12, "content": 0.99, "leaks": 0, "placeholders_ok": 12},
    # 保安/环卫/医院 pages (unseen: 11/12, 0.940, 3 leaks; a compilation's header closed by a full stop: read as the
    # header now). Left: a 范文 site's lead-in that names no site
    "fresh100": {"titles_ok": 12, "content": 0.99, "leaks": 2, "placeholders_ok": 12},
    # hijacked and mirrored pages with injected spam and pinyin (unseen: 11/12, 0.984, 0 leaks). Left: a spam
    # title over its text's first heading
    "fresh101": {"titles_ok": 11, "content": 0.98, "leaks": 0, "placeholders_ok": 12},
    # 图书馆/博物馆/非遗/旅游 pages (unseen: 12/12, 1.0, 3 leaks). Left: a document site's file name with 简介, a 范本 intro
    # in other words
    "fresh102": {"titles_ok": 12, "content": 0.99, "leaks": 3, "placeholders_ok": 12},
    # 纪委/机关党委/宣传 pages (unseen: 12/12, 1.0, 7 leaks). Left: a share box's one-word lines at the foot
    "fresh103": {"titles_ok": 12, "content": 0.99, "leaks": 7, "placeholders_ok": 12},
    # 范文/文库/公文 sites (unseen: 11/11, 1.0, 3 leaks). Left: image-markdown residue, a site's self-description at
    # the foot
    "fresh104": {"titles_ok": 11, "content": 0.99, "leaks": 2, "placeholders_ok": 11},
    # 16 pages from 16 more sites (a 文档站 page, a forum mirror, a 公众号 repost, news with split meta
    # lines, a 原创 notice, a row of page buttons), scored unseen: titles 16/16, content 1.0, 4 leaks.
    # Left: a 公众号's account name alone at the foot
    "fresh22": {"titles_ok": 16, "content": 0.99, "leaks": 1, "placeholders_ok": 16},
}


def score(name: str, tmp_path: Path) -> dict[str, float]:
    rows = []
    for raw in sorted((HERE / name / "raw").iterdir()):
        for doc in clean_file(raw.read_bytes(), raw.name, default_rules(), tokens=False):
            if isinstance(doc, Document):
                rows += [report_dict(doc, r) for r in doc.reports] or [empty_dict(doc)]
    out = tmp_path / f"{name}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, str(HERE / "score.py"), str(HERE / name / "gold"), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    summary = printed.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)(?=\s|$)", summary)}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_real_pages_score_at_least_the_targets(name: str, tmp_path: Path):
    got, want = score(name, tmp_path), TARGETS[name]
    assert got["titles_ok"] >= want["titles_ok"]
    assert got["content"] >= want["content"]
    assert got["leaks"] <= want["leaks"]
    assert got["placeholders_ok"] >= want["placeholders_ok"]


CLEAN_PAGES = sorted(
    p
    for name in (
        "dev",
        "fresh",
        "fresh2",
        "fresh3",
        "fresh4",
        "fresh5",
        "fresh6",
        "fresh7",
        "fresh8",
        "fresh9",
        "fresh10",
        "fresh11",
        "fresh12",
        "fresh13",
        "fresh14",
        "fresh15",
        "fresh16",
        "fresh17",
        "fresh18",
        "fresh19",
        "fresh20",
        "fresh21",
        "fresh22",
        "fresh23",
        "fresh24",
        "fresh25",
        "fresh26",
        "fresh27",
        "fresh28",
        "fresh29",
        "fresh30",
        "fresh31",
        "fresh32",
        "fresh33",
        "fresh34",
        "fresh35",
        "fresh36",
        "fresh37",
        "fresh38",
        "fresh39",
        *(f"fresh{n}" for n in range(40, 105)),
    )
    for p in (HERE / name / "raw").iterdir()
    if ("无噪声" in p.name or "無噪聲" in p.name) and "近" not in p.name  # `近无噪声`: nearly, not quite
)


@pytest.mark.parametrize("raw", CLEAN_PAGES, ids=lambda p: p.name)
def test_real_report_text_without_noise_loses_nothing(raw: Path):
    """Precision: real reports with no site noise (government work reports, speeches, summaries that use
    扫码, 微信群, QQ群 … in earnest) go through every rule and detector without a single removal (character
    folds and the joins of wrapped lines change no content and are allowed, and so is dropping a saved
    page's own navigation and scripts around the article)."""
    (doc,) = clean_file(raw.read_bytes(), raw.name, default_rules(), tokens=False)
    assert isinstance(doc, Document)
    assert [
        (r.rule_id, r.removed_text)
        for r in doc.removals
        if r.category not in ("normalize", "reflow", "html_chrome")  # a saved page's own wrapper may go
    ] == []
