"""HTML pages to text: drop page chrome (one Removal each), keep the article's lines.

Pure: a decoded page in, (text, removals) out — and with `extract_page`, what the markup says of the
lines: which begin a paragraph element (the reflow never joins those to the line above) and which hold the
page's <h1> (the title's place more often than not). One parse, one walk over the tree. Block elements and
`<br>` end lines; inline elements do not; line breaks in the HTML source are formatting, not content.
Dropped elements are recorded with their line in the HTML file and `start = end = -1`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from bs4 import BeautifulSoup, FeatureNotFound, NavigableString, Tag
from bs4.builder import ParserRejectedMarkup
from bs4.element import PageElement, PreformattedString, Script, Stylesheet, TemplateString

from docclean.cleaners.errors import UnreadableInput
from docclean.cleaners.model import Removal
from docclean.cleaners.rules import RuleSet

# html.parser first: through BeautifulSoup only it records `sourceline` (lxml's tags say None), and a
# Removal must say where in the HTML file the chrome stood. It costs little: as fast as lxml on plain
# <p> pages, ~1.3x slower on tag-dense ones (parsing is ~85% of the time either way).
PARSER = "html.parser"
FALLBACK_PARSER = "lxml"  # for markup Python's parser rejects; its records then say line 1
BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol "
    "p pre section summary table tbody td tfoot th thead tr ul".split()
)
# the elements that hold a paragraph of their own: a line that starts one is never a wrapped line's end
# (a <div> may hold one line of a converter's page, a <br> a hard wrap: those the reflow still judges)
PARAGRAPHS = frozenset("blockquote caption dd dt figcaption h1 h2 h3 h4 h5 h6 li p pre td th".split())
POSITIONED = re.compile(r"position\s*:\s*absolute|\btop\s*:", re.I)  # a PDF converter's one-line <p>
BLANK_BEFORE = frozenset("h1 h2 h3 h4 h5 h6 hr".split())  # a visual gap, as a reader copying the page sees
RAW_TEXT = frozenset("script style template".split())  # contents are code, not markup
NEVER_BY_ATTR = frozenset("html body main article".split())  # "has-sidebar" on <body> must not empty the page
NOT_TEXT = (PreformattedString, Script, Stylesheet, TemplateString)  # comments, doctype, CDATA, code
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HIDDEN_CONTENT_MIN_CJK = 20
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
JAMMER_CLASS = "jammer"  # Discuz hides it with a stylesheet rule we do not evaluate
ASCII_SPACE = " \t\r\n\f"
SOURCE_BREAK = re.compile(r"[ \t\f]*[\r\n][ \t\r\n\f]*")
WIDE_PUNCT = frozenset("“”‘’…—·")  # ambiguous width, but Chinese text when next to Chinese
MAX_REMOVED = 2000

HTML_START = re.compile(
    r"(?:\ufeff|\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)[\s>/]", re.I | re.S
)
BLOCK_TAG = re.compile(r"<(?:p|div|br|li|tr|td|table|h[1-6])(?:\s[^<>]*)?/?>|</(?:p|div|li)>", re.I)
SNIFF_CHARS = 4096


def looks_like_html(text: str) -> bool:
    """A page, or a fragment opening with block tags; not plain text with a stray `<…>` in it."""
    head = text[:SNIFF_CHARS]
    if HTML_START.match(head):
        return True
    tags = len(BLOCK_TAG.findall(head))
    starts_with_tag = head.lstrip("\ufeff \t\r\n").startswith("<")
    return tags >= 3 and (starts_with_tag or tags * 200 >= len(head))


def _wide(char: str) -> bool:
    return char in WIDE_PUNCT or unicodedata.east_asian_width(char) in "FWH"


def _join_source_breaks(line: str) -> str:
    """Source line breaks inside a line: nothing between Chinese text, a space elsewhere, none at edges."""

    def joiner(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if start == 0 or end == len(line) or (_wide(line[start - 1]) and _wide(line[end])):
            return ""
        return " "

    return SOURCE_BREAK.sub(joiner, line) if "\n" in line or "\r" in line else line


class _Lines:
    """Text being assembled: finished lines plus the pieces of the current one."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []
        self.pre_depth = 0  # inside <pre>, source line breaks are content
        self.paragraph_starts: set[int] = set()  # line numbers (1-based) that begin a paragraph element
        self.new_paragraph = False  # the next line with text begins one
        self.headings: set[int] = set()  # line numbers (1-based) of the page's <h1> headings
        self.in_heading = False  # the next line with text is an <h1>'s

    def add(self, text: str) -> None:
        if not self.pre_depth:
            self.pieces.append(text)
            return
        first, *rest = text.replace("\r\n", "\n").split("\n")
        self.pieces.append(first)
        for part in rest:
            self.end_line(keep_empty=True)
            self.pieces.append(part)

    def end_line(self, *, keep_empty: bool = False) -> bool:
        """Finish the current line; an empty one is kept only when asked (`<br><br>`, `<p></p>`)."""
        line = _join_source_breaks("".join(self.pieces))
        self.pieces.clear()
        if not line.strip(ASCII_SPACE) and not self.pre_depth:
            line = ""  # spaces between tags are formatting; NBSP and U+3000 are not ASCII space
        if line or keep_empty:
            self.lines.append(line)
        if line and self.new_paragraph:
            self.paragraph_starts.add(len(self.lines))
            self.new_paragraph = False
        if line and self.in_heading:
            self.headings.add(len(self.lines))
            self.in_heading = False
        return bool(line)

    def start_block(self, name: str, paragraph: bool) -> None:
        self.end_line()
        self.new_paragraph |= paragraph
        self.in_heading = name == "h1"
        if name in BLANK_BEFORE and self.lines and self.lines[-1]:
            self.lines.append("")
        self.pre_depth += name == "pre"


def _drop_rule(tag: Tag, rules: RuleSet, drop_tags: frozenset[str]) -> str | None:
    if tag.name in drop_tags:
        return "html_drop_tag"
    classes: Any = tag.get("class") or []
    if rules.html_drop_attr is not None and tag.name not in NEVER_BY_ATTR:
        if any(name and rules.html_drop_attr.search(name) for name in [*classes, str(tag.get("id") or "")]):
            return "html_drop_class_or_id"
    if JAMMER_CLASS in classes:
        return "html_drop_hidden"
    if HIDDEN_STYLE.search(str(tag.get("style") or "")) or tag.has_attr("hidden"):
        # Jammers are short; a long hidden block is usually the article's "展开全文" remainder: keep it.
        if len(CJK_CHAR.findall(tag.get_text())) < HIDDEN_CONTENT_MIN_CJK:
            return "html_drop_hidden"
    return None


def _removal(tag: Tag, rule_id: str) -> Removal | None:
    if tag.name in RAW_TEXT:
        text = "".join(str(s) for s in tag.contents if isinstance(s, NavigableString)).strip()[:MAX_REMOVED]
    else:
        text = " ".join(tag.get_text(" ").split())
    return Removal(rule_id, "html_chrome", tag.sourceline or 1, -1, -1, text) if text else None


def _parse(html: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(html, PARSER)
    except ParserRejectedMarkup:
        pass  # e.g. `<![bogus[ … ]]>`: Python's parser asserts where a browser shrugs
    try:
        return BeautifulSoup(html, FALLBACK_PARSER)
    except (FeatureNotFound, ParserRejectedMarkup, ValueError) as exc:
        raise UnreadableInput(f"HTML that no parser accepts: {exc}") from exc


class Page(NamedTuple):
    text: str  # one block per line
    removals: tuple[Removal, ...]  # one for each dropped element that held text
    paragraph_starts: frozenset[int]  # lines that begin a paragraph element (<p>, <h2>, <li> …)
    headings: frozenset[int]  # lines that begin an <h1>: where a page puts its own title


def _paragraph(tag: Tag) -> bool:
    return tag.name in PARAGRAPHS and not POSITIONED.search(str(tag.get("style") or ""))


def extract_text(html: str, rules: RuleSet) -> tuple[str, tuple[Removal, ...]]:
    """The page's text, one block per line, and a Removal for each dropped element that held text."""
    page = extract_page(html, rules)
    return page.text, page.removals


def extract_page(html: str, rules: RuleSet) -> Page:
    """extract_text, with the lines that begin a paragraph element of the page and those of its <h1>."""
    # <head> is walked, not dropped whole: html.parser does not close it at <body>, so a page missing
    # `</head>` has its article inside it. What belongs in a head (title, meta, style, script) goes anyway.
    drop_tags = (frozenset(rules.html_drop_tags) - {"head"}) | {"title"}
    out, removals = _Lines(), []
    # One walk, no recursion (pages nest deeply); a (block, lines-before-it) tuple marks a block's end.
    stack: list[PageElement | tuple[Tag, int]] = list(reversed(_parse(html).contents))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            block, lines_before = node
            out.pre_depth -= block.name == "pre"
            if not out.end_line() and block.name == "p" and len(out.lines) == lines_before:
                out.lines.append("")  # an empty paragraph is a blank line, as in the text it came from
            out.new_paragraph |= _paragraph(block)  # text after a paragraph's end begins anew
        elif isinstance(node, NavigableString):
            if not isinstance(node, NOT_TEXT):  # comments, doctype, CDATA, script and style code
                out.add(node)
        elif isinstance(node, Tag):
            rule_id = _drop_rule(node, rules, drop_tags)
            if rule_id is not None:
                if (removal := _removal(node, rule_id)) is not None:
                    removals.append(removal)
                node.decompose()  # frees the subtree now; nothing else refers to it
            elif node.name == "br":
                out.end_line(keep_empty=True)
            elif node.name in BLOCKS:
                out.start_block(node.name, _paragraph(node))
                stack += [(node, len(out.lines)), *reversed(node.contents)]
            else:
                stack.extend(reversed(node.contents))
    out.end_line()
    return Page(
        "\n".join(out.lines), tuple(removals), frozenset(out.paragraph_starts), frozenset(out.headings)
    )
