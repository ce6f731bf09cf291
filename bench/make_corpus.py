"""Make a synthetic drop folder for the benchmark from the real samples in data/samples/.

    python bench/make_corpus.py OUT_DIR [--files 2000] [--seed 7] [--no-site-lines]

Deterministic: the same samples, file count and seed give byte-identical files at the same paths.
Only `random.Random(seed)` draws are used (never set/dict-hash order, time or the file system's order).
The generator has its own small splitter and noise list on purpose: it must not depend on the cleaner
it is there to measure, or a change to the cleaner would silently change the benchmark's input. DOCX and
PDF files are written from the same lines by the tests' builders (tests/formats/builders.py: a watermark
in the DOCX page header, PDF lines wrapped by the page width with page numbers; fixed dates, so the same
bytes every time; the PDFs need reportlab, a dev dependency).
"""

from __future__ import annotations

import argparse
import html
import math
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FILES_PER_FOLDER = 20
# Every file gets this mtime: long settled for an inbox watcher, and the same on every generation.
FIXED_MTIME = 1_704_067_200  # 2024-01-01T00:00:00Z

# Share of files per output kind; the counts are exact (rounded), then shuffled into file order.
KINDS = (
    ("utf8", 0.47),
    ("gb18030", 0.18),
    ("utf16", 0.10),
    ("html_utf8", 0.10),
    ("html_gb", 0.05),
    ("docx", 0.06),
    ("pdf", 0.04),
)
# Bytes per character of mostly-Chinese text, to turn a target file size into a text budget (DOCX: zipped
# XML; PDF: two bytes a glyph in compressed page streams, plus the layout; measured on the samples).
BYTES_PER_CHAR = {
    "utf8": 2.9,
    "gb18030": 2.0,
    "utf16": 2.0,
    "html_utf8": 2.9,
    "html_gb": 2.0,
    "docx": 1.6,
    "pdf": 2.8,
}
SUFFIX = {"html_utf8": "html", "html_gb": "html", "docx": "docx", "pdf": "pdf"}  # else txt
MEDIAN_BYTES, SIZE_SIGMA, MIN_BYTES, MAX_BYTES = 6000, 0.8, 1200, 160_000  # mean ≈ 10 KB

# Lines of the samples that are noise to the generator: it re-injects its own, in known amounts.
SAMPLE_NOISE = re.compile(r"仅供|QQ\s*[0-9]|##paid|\$\$paid|会员|订阅")
INLINE_NOISE = re.compile(r"[*%]?【更多[^】]*】?|##paid(begin|end)##")
TITLE_WORDS = ("报告", "总结")

WATERMARKS = (
    "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！",
    "本文系作者原创投稿，仅供学习参考，请勿照搬照抄！",
    "本文为网友投稿，仅供参考交流，请勿抄袭！",
)
QR_ADVERT = "识别二维码进入笔杆子家园开通会员即可免费使用1000万字精品资料"
SHOP_NAMES = ("酷乐", "笔墨", "公文", "材料", "星火", "润笔")
INLINE_ADVERTS = (
    "【更多素材搜索哒哒文库】",
    "【更多#素~材搜索哒&哒文#库*~】",
    "%【更多素#材搜索哒哒%文*库】",
    "*【更多素材搜索哒^#哒文库】",
)
UNITS = ("（区委书记）", "（企业）", "（街道）", "（机关）", "（学校）", "（医院）", "（国企）", "（乡镇）")
INDENT = "\u3000\u3000"


@dataclass(frozen=True)
class Site:
    """A site nobody wrote a rule for: the lines it adds to the files saved from it."""

    header: str  # first line of the file
    footer: str  # last line
    inline: str  # a line between two paragraphs
    tail: str  # glued after a paragraph's last sentence


# What `docclean suggest-rules` must find (no shipped rule or detector removes these lines). They are
# drawn from a random stream of their own: `--no-site-lines` gives the corpus of earlier versions byte
# for byte, and the rest of every file is the same with or without them.
SITES = (
    Site(
        "笔耕园材料库 · 精选范文", "笔耕园 · 每日更新精选材料", "公众号：笔耕园材料库", "【本文来自素材之家】"
    ),
    Site("墨香阁公文频道", "墨香阁 · 欢迎收藏本站", "更多范文请访问墨香阁", "（墨香阁素材整理）"),
    Site("文秘驿站 · 写材料的好帮手", "文秘驿站 · 每周更新", "微信搜索：文秘驿站", "【文秘驿站素材】"),
)
SITE_SHARE = 0.45  # of files, saved from one of the SITES


@dataclass(frozen=True)
class Report:
    title: str
    paragraphs: tuple[str, ...]


def _is_title(line: str) -> bool:
    """A report title in the samples: short, names a report, not a sentence, a TOC entry or a collection."""
    return (
        len(line) <= 60
        and any(word in line for word in TITLE_WORDS)
        and not any(mark in line for mark in "。，：:")  # a sentence or a lead-in ("…报告如下：")
        and "汇编" not in line
        and not re.match(r"^[0-9]+[.、]", line)
    )


def split_reports(text: str) -> list[Report]:
    """One sample file to its reports: a title line starts one; lines before the first title are dropped."""
    reports: list[Report] = []
    title, body = None, []
    for raw in text.splitlines():
        line = INLINE_NOISE.sub("", raw).strip()
        if not line or SAMPLE_NOISE.search(line):
            continue
        if _is_title(line):
            if title and body:
                reports.append(Report(title, tuple(body)))
            title, body = line, []
        elif title:
            body.append(line)
    if title and body:
        reports.append(Report(title, tuple(body)))
    return reports


def load_reports(samples: Path = SAMPLES) -> list[Report]:
    reports = [r for path in sorted(samples.glob("*.txt")) for r in split_reports(path.read_text("utf-8"))]
    if not reports:
        raise SystemExit(f"no reports found in {samples}/*.txt")
    return reports


def plan_kinds(files: int, rng: random.Random) -> list[str]:
    kinds = [kind for kind, share in KINDS for _ in range(round(files * share))]
    kinds = (kinds + ["utf8"] * files)[:files]  # rounding may leave a few over or under
    rng.shuffle(kinds)
    return kinds


def target_chars(kind: str, rng: random.Random) -> int:
    size = min(MAX_BYTES, max(MIN_BYTES, rng.lognormvariate(math.log(MEDIAN_BYTES), SIZE_SIGMA)))
    return int(size / BYTES_PER_CHAR[kind])


def vary_title(title: str, rng: random.Random) -> str:
    title = re.sub(r"20[12][0-9]", str(rng.randint(2018, 2024)), title)
    if not title.endswith("）") and rng.random() < 0.5:
        title += rng.choice(UNITS)
    return title


# Quantities (12.5%, 3.2亿元, 46个, 0.8): redrawn per paragraph, as every real report has figures of its own;
# a corpus that repeats the samples' few figures would let caches keyed on text hide their cost.
QUANTITY = re.compile(r"\d+\.\d+|\d+(?=[%％万亿元个人次项家名户条件])")


def vary_figures(paragraph: str, rng: random.Random) -> str:
    def redraw(match: re.Match[str]) -> str:
        digits = [str(rng.randrange(10)) if ch.isdigit() else ch for ch in match.group()]
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            digits[0] = str(rng.randrange(1, 10))
        return "".join(digits)

    return QUANTITY.sub(redraw, paragraph)


def synth_report(pool: list[Report], paragraphs: list[str], budget: int, rng: random.Random) -> Report:
    """A base report's paragraphs in order, some swapped for paragraphs of other reports, cut to budget."""
    base = rng.choice(pool)
    body: list[str] = []
    used = 0
    for i in range(10_000):
        if used >= budget and body:
            break
        own = i < len(base.paragraphs) and rng.random() >= 0.35
        para = vary_figures(base.paragraphs[i] if own else rng.choice(paragraphs), rng)
        body.append(para)
        used += len(para)
    return Report(vary_title(base.title, rng), tuple(body))


def glue_inline_advert(line: str, rng: random.Random) -> str:
    return line + rng.choice(INLINE_ADVERTS)


def split_word_with_marker(line: str, rng: random.Random) -> str:
    """`公司` → `公##paidbegin##司`: the marker lands between two characters of the text."""
    cut = rng.randint(1, max(1, len(line) - 1))
    return line[:cut] + "##paidbegin##" + line[cut:]


def noisy_body(report: Report, rng: random.Random, noise: dict[str, bool]) -> list[str]:
    """The report's lines (title first) with the file's chosen noise injected."""
    lines = [report.title, *report.paragraphs]
    if noise["inline"]:
        for i in sorted(rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 3)))):
            lines[i] = glue_inline_advert(lines[i], rng)
    if noise["paid"] and len(lines) > 1:
        i = rng.randrange(1, len(lines))
        lines[i] = split_word_with_marker(lines[i], rng)
    if noise["qr"]:
        lines.insert(rng.randrange(1, len(lines) + 1), QR_ADVERT)
    if noise["qq"]:
        contact = f"{rng.choice(SHOP_NAMES)}文行整理，咨询QQ{rng.randint(100_000_000, 999_999_999)}"
        lines.insert(1, contact)
    return lines


def paginate(lines: list[str], rng: random.Random) -> list[str]:
    """Insert `第 i 页 共 n 页` lines at even steps, as a text copied from a paged viewer has."""
    pages = rng.randint(2, 6)
    step = max(1, len(lines) // pages)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if (i + 1) % step == 0 and (i + 1) // step < pages:
            out.append(f"第 {(i + 1) // step} 页 共 {pages} 页")
    return out


def compose(
    pool: list[Report], paragraphs: list[str], budget: int, rng: random.Random
) -> tuple[str, list[str]]:
    """A file's title (for its name) and its lines: a compilation of several reports, or a single one."""
    count = rng.randint(2, 8) if budget >= 2000 and rng.random() < 0.45 else 1
    reports = [synth_report(pool, paragraphs, budget // count, rng) for _ in range(count)]
    noise = {
        name: rng.random() < p for name, p in (("inline", 0.3), ("paid", 0.25), ("qr", 0.3), ("qq", 0.35))
    }
    lines: list[str] = []
    if count > 1:
        year = rng.randint(2018, 2024)
        title = f"{year}年度述职报告汇编（{count}篇）"
        lines += [title, "目 录", *(f"{k}.{r.title}" for k, r in enumerate(reports, 1)), ""]
    else:
        title = reports[0].title
    for report in reports:
        if count > 1 or rng.random() < 0.5:
            lines.append(rng.choice(WATERMARKS))
        lines += noisy_body(report, rng, {k: v and rng.random() < 0.7 for k, v in noise.items()}) + [""]
    if noise["paid"]:
        lines.append("##paidend##")
    if rng.random() < 0.3:
        lines = paginate(lines, rng)
    if rng.random() < 0.3:
        lines = [INDENT + line if len(line) > 60 else line for line in lines]
    return title, lines


def add_site_lines(lines: list[str], html: bool, rng: random.Random) -> list[str]:
    """A file saved from one of the SITES carries some of its lines (most files carry none)."""
    if rng.random() >= SITE_SHARE:
        return lines
    site, out = rng.choice(SITES), list(lines)
    if rng.random() < 0.4:
        ends = [i for i, line in enumerate(out) if line.endswith("。") and len(line) > 20]
        for i in rng.sample(ends, min(len(ends), rng.randint(1, 2))):
            out[i] += site.tail
    if rng.random() < 0.3 and len(out) > 4:
        out.insert(rng.randrange(2, len(out) - 1), site.inline)
    if rng.random() < 0.6:
        out.insert(1 if html else 0, site.header)  # a page keeps its article heading first
    if rng.random() < 0.7:
        out.append(site.footer)
    return out


def render_html(title: str, lines: list[str], charset: str) -> str:
    """A 范文-site page: the first line as the heading, the rest as paragraphs, between site chrome."""
    heading, *rest = (html.escape(line, quote=False) for line in lines)
    body = "\n".join(f"<p>{line}</p>" if line else "" for line in rest)
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n<title>{title}_范文网</title>\n'
        "<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n"
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/fanwen/">范文大全</a> &gt; 述职报告</div>\n'
        f'<div class="article">\n<h1>{heading}</h1>\n{body}\n</div>\n'
        '<div class="recommend"><ul><li><a href="/1.html">相关范文推荐</a></li></ul></div>\n'
        '<div class="footer">Copyright © 2024 范文网 版权所有</div>\n</body>\n</html>\n'
    )


def encode(kind: str, title: str, lines: list[str]) -> bytes:
    text = "\n".join(lines) + "\n"
    if kind == "utf8":
        return text.encode("utf-8")
    if kind == "gb18030":  # saved on Windows: CRLF
        return text.replace("\n", "\r\n").encode("gb18030")
    if kind == "utf16":  # Notepad's "Unicode": little-endian with a BOM, CRLF (explicit LE: not host order)
        return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
    if kind == "html_utf8":
        return render_html(title, lines, "utf-8").encode("utf-8")
    if kind in ("docx", "pdf"):
        return office(kind, text)
    return render_html(title, lines, "gb2312").encode("gb18030")


def office(kind: str, text: str) -> bytes:
    """A DOCX (the site watermark in the page header) or a PDF (wrapped by the page width, page numbers)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.formats.builders import text_to_docx, text_to_pdf

    if kind == "docx":
        return text_to_docx(text)
    return text_to_pdf(text.replace("\xa0", " "))  # the PDF font has no NBSP: a viewer shows a space


def relative_path(index: int, title: str, kind: str) -> Path:
    folder = index // FILES_PER_FOLDER
    year = 2018 + (folder // 10) % 7
    name = re.sub(r"[\\/:*?\"<>|\s]+", "", title)[:28]
    suffix = SUFFIX.get(kind, "txt")
    return Path(f"{year}年材料") / f"第{folder + 1:03d}批" / f"{index + 1:05d}_{name}.{suffix}"


def generate(out_dir: Path, files: int = 2000, seed: int = 7, site_lines: bool = True) -> tuple[int, int]:
    """Write the corpus under out_dir; return (files written, bytes written)."""
    rng, sites = random.Random(seed), random.Random(f"{seed}-sites")
    pool = load_reports()
    paragraphs = [p for r in pool for p in r.paragraphs]
    total = 0
    for index, kind in enumerate(plan_kinds(files, rng)):
        title, lines = compose(pool, paragraphs, target_chars(kind, rng), rng)
        if site_lines:
            lines = add_site_lines(lines, kind.startswith("html"), sites)
        data = encode(kind, title, lines)
        path = out_dir / relative_path(index, title, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        total += len(data)
    return files, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-site-lines", action="store_true", help="the corpus of earlier versions")
    args = parser.parse_args(argv)
    count, size = generate(args.out_dir, args.files, args.seed, not args.no_site_lines)
    print(f"{count} files, {size / 1e6:.1f} MB in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
