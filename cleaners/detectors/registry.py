"""The general detectors, described like rules: an id (the `rule_id` of their removals), a category, a
one-line reason, examples they must clean and look-alikes they must keep (tests run them all, and the
load-time check of a user's rules runs the user's keep lines against them)."""

from __future__ import annotations

from dataclasses import dataclass

from docclean.cleaners.model import Example


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    category: (
        str  # boilerplate records the lexicon group that dominated instead (site_chrome, share_wrapper…)
    )
    reason: str
    examples: tuple[Example, ...]  # documents (lines joined by \n) and what they must become
    keep: tuple[str, ...]  # documents that must come out unchanged


DETECTORS: tuple[Detector, ...] = (
    Detector(
        id="detector_jammer",
        category="anti_scrape",
        reason="forum anti-scrape jammer: a run of short mixed ASCII tokens at a line edge or on a line of its own",
        examples=(
            Example("Q7 x& 3] w; K2 b^ 9% t\n一、加强理论学习", "一、加强理论学习"),
            Example("全年完成投资12亿元。v3 J@ p] 8x M; d7 %r", "全年完成投资12亿元。"),
            Example("r; 5K q$ Z1 ~h n4 1.明确工作目标", "1.明确工作目标"),
            Example("工作要点k+ E6 w. 3r ?n", "工作要点"),
            Example(  # pieces of an English text a download site splices onto the start of line after line
                "hing at a tim失等问题,每篇每次对发布人处以20元处罚。\n二、发布要求\n"
                "are good for somethin据人数共同承担20元处罚。",
                "失等问题,每篇每次对发布人处以20元处罚。\n二、发布要求\n据人数共同承担20元处罚。",
            ),
        ),
        keep=(
            "GDP增长5.2%，新建5G基站1200个。",
            "用PPT汇报2023-2024年度工作，实现Wi-Fi全覆盖。",
            "1. 加强学习\n(1)标题",
            "推行A+B模式，详见 http://www.gov.cn/zhengce 的通知。",
            "X X X\n讲述*发展故事\n** *",
            "a + b = c",
            "A. B. C. D.",
            "分为A B C D E F G H八个等级",
            "A B C D E F G H I J",
            # English words a report uses, glued to Chinese on one line only or led by a capital
            "one belt one road倡议提出十周年，合作成果丰硕。\n全年完成投资12亿元。",
            "iPhone X手机和open source社区\nMade in China制造走向世界",
        ),
    ),
    Detector(
        id="detector_boilerplate",
        category="site_chrome",
        reason="site chrome scored on its own features (chrome lexicon, metadata shapes) and on its context",
        examples=(
            Example(  # a site's excerpt of the text below it, under any label, repeated word for word
                "三下乡实践考察心得体会\n"
                "推荐阅读:随着三下乡活动的启动,我们服务分队于7月6日启程出发到镇进行实践考察。 漫长的旅程本是压抑\n"
                "随着三下乡活动的启动,我们服务分队于7月6日启程出发到镇进行实践考察。\n"
                "漫长的旅程本是压抑和沉闷的,但大家并没有因此倒头大睡。",
                "三下乡实践考察心得体会\n"
                "随着三下乡活动的启动,我们服务分队于7月6日启程出发到镇进行实践考察。\n"
                "漫长的旅程本是压抑和沉闷的,但大家并没有因此倒头大睡。",
            ),
            Example(  # a news site's line naming the headline the story first ran under, and a price pitch
                "西塘镇卫生院开展述职述廉民主评议活动\n原标题:\n1月11日下午,卫生院召开职工大会,开展民主评议活动。\n"
                "每天仅需0.22元,尊享会员权益",
                "西塘镇卫生院开展述职述廉民主评议活动\n1月11日下午,卫生院召开职工大会,开展民主评议活动。",
            ),
            Example(  # a news portal's app prompt, one breadcrumb level, its tip-off hotline
                "下载客户端\n中央政治局委员向党中央述职\n中国政库 >\n根据党中央有关规定,有关领导同志向党中央述职。\n"
                "澎湃新闻报料:021-962866",
                "中央政治局委员向党中央述职\n根据党中央有关规定,有关领导同志向党中央述职。",
            ),
            Example(  # a course forum's post chrome: the avatar's alt text, the like and reply buttons
                "用户头像\n通过本次培训，我对新课标有了更深的理解。\n点赞 (0) 回复\n发布回复",
                "通过本次培训，我对新课标有了更深的理解。",
            ),
            Example(  # a page's date line goes; its title above it, a notice (`入会须知`), stays
                "入会须知\n发布日期:2019-07-22 点击次数:15092\n一、本会的会员为单位会员和个人会员。",
                "入会须知\n一、本会的会员为单位会员和个人会员。",
            ),
            Example(  # a Q&A site's answer header above the answer
                "第1个回答 2024-07-04\n工作报告的格式包括以下几个部分:\n1. 标题:简洁明了地总结报告的内容。",
                "工作报告的格式包括以下几个部分:\n1. 标题:简洁明了地总结报告的内容。",
            ),
            Example(  # a line of adult SEO words injected above the title
                "精品中文字幕在线观看,无码高清一区二区,色婷婷综合开心网,最近制服丝袜\n实施方案\n"
                "为推进随机抽查工作，强化事中事后监管，制定本实施方案。",
                "实施方案\n为推进随机抽查工作，强化事中事后监管，制定本实施方案。",
            ),
            Example(  # another spam line's words, joined by dashes
                "bt 另类 专区 欧美 制服-欧美精品-在线成人免费视频-亚洲欧美另类日本-亚洲欧美另类国产\n抽样调查报告\n"
                "为掌握全市居民消费情况，我们开展了抽样调查。",
                "抽样调查报告\n为掌握全市居民消费情况，我们开展了抽样调查。",
            ),
            Example(  # a page's metadata line goes; the title above it, with an everyday word in it, stays
                "公众号信息发布管理流程\n发布时间：2023-05-12  浏览次数：126\n"
                "为规范学校微信公众号的信息发布工作，特制定本流程。",
                "公众号信息发布管理流程\n为规范学校微信公众号的信息发布工作，特制定本流程。",
            ),
            Example(  # a blog's comment box under the text, and its script's confirm dialog
                "述职报告是一种正式的书面报告。在各类组织和个人工作中，述职报告发挥着重要作用。\n发表回复\n评论列表(0条)\n确认删除?",
                "述职报告是一种正式的书面报告。在各类组织和个人工作中，述职报告发挥着重要作用。",
            ),
            Example(  # a site that prints pinyin after some characters: judged by the words, kept verbatim
                "- 相關(guān)推薦\n- 代理記賬公司績(jì)效考核方案 推薦度:\n代理記賬公司績(jì)效考核方案1\n"
                "為提高收費崗位服務(wù)質(zhì)量，激勵收費員工作積極性，特制定本方案。",
                "代理記賬公司績(jì)效考核方案1\n為提高收費崗位服務(wù)質(zhì)量，激勵收費員工作積極性，特制定本方案。",
            ),
            Example(
                "开灯\n2023年个人工作总结\n[复制链接]\nabc123 发表于 2023-5-6 10:20:31 | 只看该作者\n"
                "今年以来，我认真履行岗位职责，较好地完成了各项工作任务，现将有关情况总结如下。\n换一换\n大家都在看",
                "2023年个人工作总结\n今年以来，我认真履行岗位职责，较好地完成了各项工作任务，现将有关情况总结如下。",
            ),
            Example(
                "账号:\n密码:\n忘记密码?\n下载须知\n1. 本站资源均由用户上传。\n2. 如有疑问请与我们联系。\n"
                "3. 下载后请在24小时内删除。\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。",
                "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。",
            ),
            Example(
                "• 56.3 KB\n• 12页\n村委会换届选举工作总结\n本村换届选举工作在镇党委的领导下顺利完成，选民参选率达到98%。",
                "村委会换届选举工作总结\n本村换届选举工作在镇党委的领导下顺利完成，选民参选率达到98%。",
            ),
            Example(  # a site's summary repeating the text, and a forum's registration prompt
                "怎样撰写工作报告\n摘要:以往的工作,一块分析当前面临的形势和挑战,一块讲今后的任务…\n"
                "以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。",
                "怎样撰写工作报告\n以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。",
            ),
            Example(  # a page's description: its title, subtitle and first words run together, cut short
                "在全县研讨班结业仪式上的讲话用心用爱用功答好强县之问同志们县不图强必有远忧当前全国各地都在深入学\n"
                "在全县研讨班结业仪式上的讲话\n用心用爱用功答好“强县之问”\n同志们：\n"
                "县不图强，必有远忧。当前，全国各地都在深入学习贯彻会议精神。",
                "在全县研讨班结业仪式上的讲话\n用心用爱用功答好“强县之问”\n同志们：\n"
                "县不图强，必有远忧。当前，全国各地都在深入学习贯彻会议精神。",
            ),
            Example(  # the same description printed at the page's foot, under the text it cuts off
                "公众号信息审核制度\n一、目的为规范微信公众号的信息发布，保证对外发布信息的一致性，依据各项管理制度，明确各部门的职责。\n"
                "公众号信息审核制度一、目的为规范微信公众号的信息发布,保证对外发布信息的一致性,依据各项管理制度,明确各部…",
                "公众号信息审核制度\n一、目的为规范微信公众号的信息发布，保证对外发布信息的一致性，依据各项管理制度，明确各部门的职责。",
            ),
            Example(
                "打印 上一主题 下一主题\n马上注册,结交更多好友,享用更多功能,让你轻松玩转社区。\n"
                "您需要 登录 才可以下载或查看,没有账号?立即注册\n今年以来，我们认真落实上级部署，较好完成了全年任务。",
                "今年以来，我们认真落实上级部署，较好完成了全年任务。",
            ),
            Example(  # a government page's field table: a known label makes the whole table go
                "镇人民政府工作规则\n• 索引号:\n6107280000/2024-001005\n• 主题分类:\n• 发文机构:\n县政府网站\n"
                "• 发文字号:\n镇政发〔2024〕7号\n第一章 总则\n第一条 为规范政府工作，制定本规则。",
                "镇人民政府工作规则\n第一章 总则\n第一条 为规范政府工作，制定本规则。",
            ),
            Example(  # what a page's markup left between the title and the text
                "县长在2017年县政府全体会议上的讲话\n``\n同志们：\n这次会议的主要任务是部署今年的政府工作。",
                "县长在2017年县政府全体会议上的讲话\n同志们：\n这次会议的主要任务是部署今年的政府工作。",
            ),
            Example(  # links to related pages under the text
                "本人述职如上，请各位领导和同志们评议。\n小编精心推荐\n述职报告范文 | 述职报告开头结尾 | 个人述职报告",
                "本人述职如上，请各位领导和同志们评议。",
            ),
            Example(  # a site's welcome banner over the title, a post's byline with date and time under it
                "欢迎进入某某大学外语教学部网站!\n我与学习强国有个约定\n张三 2021-04-25 162217\n"
                "中宣部牵头制作的学习平台，是实现全民学习、建设学习型社会的有力抓手。",
                "我与学习强国有个约定\n中宣部牵头制作的学习平台，是实现全民学习、建设学习型社会的有力抓手。",
            ),
            Example(  # a document site's metadata list: counts, words, pages, the upload date, a report link
                "- 1\n- 0\n- 约3.47千字\n- 约 7页\n- 2026-01-14 发布于四川\n- 举报\n专项整治自查报告\n"
                "过去三年，我单位业务规模年均增速28%，投诉量同步抬升。",
                "专项整治自查报告\n过去三年，我单位业务规模年均增速28%，投诉量同步抬升。",
            ),
            Example(  # the banner with the site's name first
                "某某范文网欢迎您!\n2022年共青团工作总结\n今年以来，我矿团组织在矿党委的正确领导下，扎实开展各项工作。",
                "2022年共青团工作总结\n今年以来，我矿团组织在矿党委的正确领导下，扎实开展各项工作。",
            ),
            Example(  # a school site's banner, its date widget's label, and the breadcrumb
                "某某第十中学 欢迎您!\n今天是:\n当前位置: > 德育大观 > 德育概况\n某某中学德育工作方案\n"
                "学校以立德树人为根本任务，不断加强和改进德育工作。",
                "某某中学德育工作方案\n学校以立德树人为根本任务，不断加强和改进德育工作。",
            ),
            Example(  # a post's date, column and view count under its title; a comment box's label at the end
                "微信公众号信息发布管理流程规范与职责分工详解\n2025-04-23 入门指南 140次阅读\n为规范公众号的信息发布，特制定本流程。\n评论",
                "微信公众号信息发布管理流程规范与职责分工详解\n为规范公众号的信息发布，特制定本流程。",
            ),
            Example(  # a forum's attachment box under the post
                "元旦将至，祝全校师生新年快乐，身体健康，万事如意！\n附件列表",
                "元旦将至，祝全校师生新年快乐，身体健康，万事如意！",
            ),
            Example(  # a news page's foot: the web editor's credit, the keywords, the close button
                "本次演讲比赛锻炼了大家的思维能力和表达能力，全面推动本村实现新的跨越发展。\n"
                "(责任编辑:张某 王某)\n关键词:政府工作报告\n关闭",
                "本次演讲比赛锻炼了大家的思维能力和表达能力，全面推动本村实现新的跨越发展。",
            ),
            Example(  # a download button, and the site's notes: one is chrome alone, each speaks its words
                "人力资源知识点\n合集下载\n1. 下载文档前请自行甄别文档内容的完整性，平台不提供额外的编辑服务。\n"
                "2. “仅部分预览”的文档，不可在线预览部分如有问题，可反馈申请退款。\n"
                "3. 如文档侵犯您的权益，请联系客服反馈，我们会尽快为您处理。\n第一章 人力资源规划",
                "人力资源知识点\n第一章 人力资源规划",
            ),
            Example(  # a site header's search box and a related-news box, a Q&A page's share line, a copy button
                "某某文秘网\n• 热门搜索:\n2023年政府部门工作汇报\n各位代表：\n现在，我代表区政府向大会报告工作，请予审议。\n"
                "http://www.example.com/a/1.html 点此复制本页地址\n本题链接:\n相关新闻",
                "2023年政府部门工作汇报\n各位代表：\n现在，我代表区政府向大会报告工作，请予审议。",
            ),
            Example(  # a news page's button bar under the byline (print, report an error, submission rules), a share pop-up
                "主题教育要层层递进\n某某网来稿 打印 纠错 投稿须知 投稿\n微信扫一扫 ×\n党员干部要深化于学、内化于心、转化于行。",
                "主题教育要层层递进\n党员干部要深化于学、内化于心、转化于行。",
            ),
            Example(  # an image's default alt text, a widget still loading at the foot
                "组织生活会\n文章插图\n组织生活会一般每季度召开一次，全体党员参加。\n相关文章 关闭窗口\n读取内容中,请等待...",
                "组织生活会\n组织生活会一般每季度召开一次，全体党员参加。",
            ),
        ),
        keep=(
            "对群众留言及时回复，回复率达100%。",
            "深化与亚洲欧美国家的经贸合作，全年引进外资项目12个。",
            "对群众提出的问题逐个回答，答复率达100%。",
            # a process's steps with arrows between them, and a sentence on reporting tip-offs
            "提交申请 > 部门审核 > 办结反馈",
            "全年接到群众报料120余条，引导群众下载客户端参与监督。",
            # a labelled lead-in that the next line continues, not repeats; a summary in other words
            "主要做法:一是抓好学习教育,二是抓好制度建设,三是抓好督促检查。\n一是抓好学习教育。全年组织集中学习12次。",
            "内容摘要:建设廉洁型政府,就是要坚持廉洁用权,干净干事,深入推进党风廉政建设。\n"
            "一、着眼于建设法治型政府\n建设法治型政府,就是要坚持依宪施政、依法行政。",
            # the SEO words' everyday senses: a development zone's areas, cameras, stockings in a price list
            "园区一区二区基础设施建设全面完成，高清视频监控实现全覆盖。",
            "全年完成工业一区二区土地平整，引进丝袜、针织企业12家。",
            # reading counted in a sentence; a last line with words of its own beside `发布`, `评论`
            "全年开展集中学习12次、阅读分享会6次。\n人均参加读书活动5次阅读",
            "会议要求各单位认真做好信息发布工作。\n发布单位：县委办公室",
            "二、群众评论\n群众评论",
            # a paragraph cut short with `……` that says what no other line says, and a lead-in printed twice
            "一、目的\n群众反映的问题多、涉及的部门广、办理的时限紧，我们边学边干，逐条研究，一件一件抓落实……",
            "今年以来，我镇严格按照县委的部署和要求，扎实推进党建促乡村振兴工作，全镇上下呈现出良好局面。现汇报如下：\n"
            "一、主要工作\n今年以来，我镇严格按照县委的部署和要求，扎实推进党建促乡村振兴工作，全镇上下呈现出良好局面。现汇报如下：",
            # a paper's own abstract says something else than its first section
            "基层治理研究\n摘要：本文分析了基层治理的现状与问题，提出了对策建议。\n一、引言\n基层治理是国家治理的基石。",
            # a report's own bulleted items, with nothing of a site's beside them
            "2023年工作总结\n• 主要做法：\n抓实理论学习\n• 存在问题：\n• 下一步打算：\n持续推进改革。",
            # a masked signer and a dash line stand alone in reports
            "本人述职完毕，请各位领导和同志们评议。\n***\n——\n2023年12月31日",
            # a table's row typed with pipes, between paragraphs of the text
            "今年以来，全县上下扎实推进重大项目建设，主要指标如下。\n"
            "全年完成投资12亿元 | 新建项目36个 | 竣工投产20个\n重点工程进展顺利，各项指标稳中有进，发展后劲持续增强。",
            # `纠错` and `投稿` in earnest
            "建立健全容错纠错机制，激励干部担当作为。\n全年向上级投稿36篇。",
            "建立了社区博客与QQ群，有针对性地上传学习资料与活动内容。",
            "全年发展会员单位36家，为会员提供政策咨询、下载学习等服务。",
            "群众可通过扫描二维码进行投诉举报，平台累计浏览量12万次。",
            "一、加强组织建设，提高社区妇女整体素质\n各位代表：\n现在，我代表市人民政府向大会报告工作。",
            "（一）坚持学做结合\n产生问题的原因：\n特此报告。\n2023年12月31日",
            "认真学习《党章》《准则》《条例》",
            # a welcome in a speech, an editor's note, a signature dated the ISO way
            "欢迎来到美丽的青山镇！\n今天，我们在这里召开现场推进会。",
            "青山镇欢迎您！\n今天，我们在这里召开现场推进会，欢迎各位来到青山网格化服务中心。",
            "今天是教师节，我们在这里隆重集会。\n今天是个好日子，全校师生欢聚一堂。",
            # a report's own counts: a list item with its unit, a sentence counting words
            "主要指标：\n- 新建项目 12个\n- 投资 3.5亿元\n全文共3000字，分三个部分。",
            "（编辑部按：本文根据录音整理，略有删节。）\n本人述职完毕，请评议。\n王五 2023-12-31",
            # a report's own list of app steps: no item is chrome by itself
            "1. 组织党员下载学习强国App。\n2. 每天登录学习平台。\n3. 按时完成积分任务。",
            # a notice's own steps, each a sentence of words sites use too, inside the notice's text
            "为加强党员学习教育，现将有关事项通知如下。\n1. 下载学习强国App，注册账号。\n"
            "2. 每天登录学习平台，按时完成积分任务。\n3. 各支部每月通报一次学习情况。\n特此通知。",
            # a paper's own keywords; closing and browsing said in earnest
            "基层治理研究\n关键词：基层治理；党建引领\n基层治理是国家治理的基石。",
            # … or under its abstract, the last line of a page that saved only the abstract
            "摘要\n本文以某企业为例,分析了企业招聘流程中存在的问题,并提出了相应的改进建议。\n"
            "关键词:企业人力资源;企业招聘;招聘流程;招聘评估",
            "关闭污染企业12家，政务网站浏览量增长30%。",
            "共收到群众留言86条，已全部在网上发表回复。",
            "从网站评论列表中收集群众意见23条。",
            # news, searches and a page's address said in earnest
            "全年在门户网站发布相关新闻32条，回应群众关切。\n热门搜索词条均已逐条核实。",
            # a rule's long lead-in and its colon-run field line, words sites use too (发布, 账号), at its head
            "为加强我校微信公众账号良性、可持续的发展与完善日常图文发布的审核监管,特制定本制度:\n"
            "审核负责人:XXX XXX审核人:当日全体在岗工作人员发布人:当日微信公众账号发布人员编辑操作守则:\n"
            "2、发布人对文章素材选取、文章排版负有发布责任,因为微信公众账号群发后不能修改,所以要严格做好自审工作。\n"
            "3、审核负责人、审核人对发布人发布的信息进行内部审核。",
        ),
    ),
    Detector(
        id="detector_site_name",
        category="inline_advert",
        reason="a site's name spliced into a sentence: it splits a common word, or it is a known 范文/文库 site",
        examples=(
            Example(
                "进一步分析研究我某某网市第一季度经济工作中存在的主要问题。",
                "进一步分析研究我市第一季度经济工作中存在的主要问题。",
            ),
            Example(
                "全面落实第一范文网各项惠民政策，群众满意度明显提升。",
                "全面落实各项惠民政策，群众满意度明显提升。",
            ),
        ),
        keep=(
            "加快建设我省电网，完善门户网站功能，推进“互联网+政务服务”。",
            "全年在人民网、新华网发表稿件36篇。",
            "依托全县政务网实现县乡村三级联网全覆盖。",
        ),
    ),
    Detector(
        id="detector_spam",
        category="inline_advert",
        reason="a casino's or adult site's name a hacked page put in place of a word of the sentence",
        examples=(
            Example(
                "组织述廉对象现场陈述个人廉洁自律情况。陈述完毕江南体育官网,由市纪委委员进行询问质询。",
                "组织述廉对象现场陈述个人廉洁自律情况。陈述完毕,由市纪委委员进行询问质询。",
            ),
            Example(
                "根据《国务院办公厅比分直播,篮球比分直播印发2015年政府信息公开工作要点的通知》要求，抓好落实。",
                "根据《国务院办公厅印发2015年政府信息公开工作要点的通知》要求，抓好落实。",
            ),
            Example(
                "在全党集中开展党史学习教育,正当其时。太阳成集团tyc122cc学生第一党支部于6月10日开展主题党日活动。",
                "在全党集中开展党史学习教育,正当其时。学生第一党支部于6月10日开展主题党日活动。",
            ),
            Example(
                "总结回顾历史、展望美好未来,激励91精品国产免费久久国语麻豆人奋勇前行。",
                "总结回顾历史、展望美好未来,激励人奋勇前行。",
            ),
            Example("进入6月中旬《捕鱼官方》,北京气温飙升,热浪滚滚。", "进入6月中旬,北京气温飙升,热浪滚滚。"),
        ),
        keep=(
            "持续打击跨境赌博和电信网络诈骗,查获老虎机12台,整治棋牌室5家。",
            "打造一批国产精品剧目,为老年人开展成人免费体检。",
            "中国建筑集团2023年营收增长8%,集团官网开设信息公开专栏。",
            "全民健身平台上线,全市体育场馆预约登录入口统一设在政务服务网。",
            "依法查处非法捕鱼案件23起,收缴电鱼器具56套。",
            # a notice's and a lottery centre's own web words
            "考生可通过省教育考试院官网入口报名,也可通过官方网站登录入口查询成绩。",
            "开奖结果在中国福利彩票官网同步公示。",
        ),
    ),
    Detector(
        id="detector_reflow",
        category="reflow",
        reason="a paragraph hard-wrapped at the page width (PDF text layers, fixed-width saves) is joined back",
        examples=(
            Example(
                "今天的会议，主要有三点考虑：一是统一思想。全市\n"
                "上下要以更大的决心推进改革，以更实的举措推动发\n"
                "展，确保全年目标任务圆满完成。二是压实责任。各\n"
                "级各部门要对照任务清单，逐项明确责任人和时限，\n"
                "做到件件有着落、事事有回音。三是狠抓落实。\n"
                "同志们：\n"
                "让我们团结一心，为完成全年目标任务而努力奋斗！",
                "今天的会议，主要有三点考虑：一是统一思想。全市上下要以更大的决心推进改革，以更实的举措推动发"
                "展，确保全年目标任务圆满完成。二是压实责任。各级各部门要对照任务清单，逐项明确责任人和时限，"
                "做到件件有着落、事事有回音。三是狠抓落实。\n同志们：\n让我们团结一心，为完成全年目标任务而努力奋斗！",
            ),
            Example(
                "报告是向上级机关陈述事项的上行文。《办法》规定“报告适用于向上级机关\n汇报工作，反映情况”。与\n总结相似。",
                "报告是向上级机关陈述事项的上行文。《办法》规定“报告适用于向上级机关汇报工作，反映情况”。与总结相似。",
            ),
            Example(  # a long line stopping inside a word (`对岗` / `位`), no page width to show it
                "（二）内容\n1.在完成岗位调查取得相关信息的基础上，对其时间、空间范围作科学界定，然后对岗\n"
                "位内在活动的内容进行系统的分析。\n2.明确岗位对员工的素质要求。",
                "（二）内容\n1.在完成岗位调查取得相关信息的基础上，对其时间、空间范围作科学界定，然后对岗"
                "位内在活动的内容进行系统的分析。\n2.明确岗位对员工的素质要求。",
            ),
            Example(  # a save with a blank line after every line: lines of one width are one paragraph
                "以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。目前，全国人代会上的“政府\n\n"
                "工作报告”、人大常委会报告、人民法院和人民检察院的报告，以及其他一些社会组织的工作报\n\n"
                "告，大多采取“两大块”结构形式。\n\n这种结构符合工作的发展进程。",
                "以往的工作，一块分析当前面临的形势和挑战，一块讲今后的任务。目前，全国人代会上的“政府"
                "工作报告”、人大常委会报告、人民法院和人民检察院的报告，以及其他一些社会组织的工作报"
                "告，大多采取“两大块”结构形式。\n这种结构符合工作的发展进程。",
            ),
            Example(  # a PDF line short of the page width (digits and spaces are narrow) ends on a 1-char clause
                "工作总结\n2025 年，镇党政办公室在镇党委、政府的坚强领导下，在\n县委办、县政府办的精心指导下，始终坚守核心定位。",
                "工作总结\n2025 年，镇党政办公室在镇党委、政府的坚强领导下，在县委办、县政府办的精心指导下，始终坚守核心定位。",
            ),
        ),
        keep=(
            "一、加强组织建设，提高社区妇女整体素质\n社区妇女工作是长期的、琐碎的工作。",
            "同志们：\n今年以来，全市经济运行稳中向好。",
            "全年完成投资12亿元。\n新建项目36个，竣工投产20个。",
            "述职报告\n——在全县领导干部大会上\n各位代表：",
            # a paragraph cut short by the site, then a title: only the layout joins into a short bare line
            "十年的拓荒播种，这里已成为一片绿树成荫的沃土；十年的锲 ...\n2022年元旦佳节演讲稿",
            # two whole paragraphs of one width, each ended: nothing runs on
            "今年以来，全市经济运行稳中向好，主要指标增速高于全省平均水平，发展质量稳步提升。\n\n"
            "全年完成投资十二亿元，新建项目三十六个，竣工投产二十个，重点工程进展顺利。",
            # a long line that lost its final `。`, the next paragraph's first word not finishing any word
            "今年以来，全市经济运行稳中向好，主要指标增速高于全省平均水平\n全年完成投资12亿元，新建项目36个。",
            # every line behind the same margin, none deeper: no paragraph is marked, none continues
            "    （一）重要指标完成情况\n    依据统计局文件，一季度全区农村居民可支配收入增长5.5%。\n"
            "    （二）目标任务完成情况\n    一是守牢粮食安全底线。",
            # a save that runs paragraphs together on one line, a heading glued after the space at its end
            "我们社区团支部以服务青年、培养青年为目标，创建了团支部的品牌项目。 背景\n"
            "由于社区基本情况较为特殊，社区青年互不认识，在一起活动的情况较少。",
            # a heading with a comma, its last clause a few words long: it ends there
            "坚持党建引领，奋力开创基层治理工作新局面\n今年以来，全镇上下凝心聚力，各项工作稳步推进。",
            "聚焦主责主业，强化担当作为，推动改革\n全年完成投资12亿元。",
            # a table's rows of one width, each ending alike: rows, not a wrapped paragraph
            "销售额绩效目标值为____%,每低于1%,减____分,完成率<___%,此项得分为0\n"
            "销售增长率绩效目标值为____%,每低于1%,减____分,完成率<__%,此项得分为0\n"
            "市场占有率绩效目标值为____%,每低于1%,减____分,完成率<__%,此项得分为0",
            # a 主持词's turns: two hosts' parallel lines, of one width and neither ended, stay apart
            "男:尊敬的各位领导、各位来宾\n女:老师们、同学们:\n"
            "男:从此,中华大地发生了前所未有的变化,和国的大地上到处生长着七月的向往\n"
            "女:从此,华夏儿女创造了震惊世界的奇迹,和国的蓝天上到处翱翔着七月的希望\n"
            "男:今天我们又迎来了党的生日。\n女:今天我们相聚在一起。",
        ),
    ),
)
