"""Boilerplate learned from a lake: recurring lines and glued line tails, proposed as rules, never applied.

The output is TOML in the format of cleaners/rules.toml, for a user to review and pass with `--rules`.
A line is proposed when it
- recurs verbatim (in the rules' matching view: widths folded, edges stripped) in `min_files` files
  from `min_collections` collections, beside `min_files` different neighbours (a report republished on
  many sites does not make its own lines boilerplate: its neighbours are the same everywhere);
- is not shaped like content (`content_shaped`): no sentence, lead-in, heading, salutation or title, no
  placeholder (sites do not anonymise their own notices) and no date; nor a report's title in most of
  its occurrences (a site's header the segmenter sometimes takes for a title is still a site's line);
- and shows a site's hand: chrome vocabulary (the detectors' lexicon), a site's words about itself
  (`SITE_WORDS`), text removed by a rule elsewhere, or it stands at an edge (front matter, a report's
  title, first or last line) in most of its occurrences, as headers and footers do.
Recurring lines without that evidence are listed in comments only. Tails glued after a line's last
sentence end (`…工作。【更多素材搜索哒哒文库】`) are mined the same way and proposed as span rules.
Every candidate is checked before it is written: its rule must remove its examples and keep its look-alikes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from docclean.cleaners.boilerplate_toml import Candidate, candidate_toml, checked
from docclean.cleaners.detectors.boilerplate import protected
from docclean.cleaners.detectors.linescore import score_line
from docclean.cleaners.detectors.settings import BoilerplateSettings, default_settings
from docclean.cleaners.metadata import PLACEHOLDER, YEAR
from docclean.cleaners.model import Document, Removal
from docclean.cleaners.normalize import matching_view
from docclean.cleaners.sections import heading_level
from docclean.cleaners.titles import (
    COUNT_LINE,
    NUMBERED_HEADING,
    SENTENCE_END,
    TOC_HEAD,
    has_genre_word,
    title_like,
)

MAX_LINE = 60  # longer lines are paragraphs
MAX_TAIL = 30
TAIL = re.compile(r"(?<=[。！？!?])([^。！？!?]{2,30})$|(【[^【】]{2,28}】)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]")
# Words of a site talking about itself; NOISE.md: real reports use them too, so they only count as
# evidence on a short, recurring, non-sentence line that the whole-line pattern matches verbatim.
SITE_WORDS = re.compile(
    r"公众号|微信|QQ|文库|范文|素材|资料库|材料库|网站|网址|官网|下载|扫码|扫一扫|投稿|会员|转载|出品|www|http|\.com",
    re.I,
)
DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]|\d{1,2}\s*月\s*\d{1,2}\s*日")


@dataclass(frozen=True, slots=True)
class KeptFile:
    """What the lake keeps of one file: its front matter and its reports' titles and paragraphs."""

    source_path: str
    collection: str  # the compilation's title; '' for a single report (the file is its own collection)
    front_matter: tuple[str, ...]
    reports: tuple[tuple[str, tuple[str, ...]], ...]  # (title, paragraphs)

    @classmethod
    def of(cls, doc: Document) -> KeptFile:
        return cls(
            doc.source_path,
            doc.collection_title,
            doc.front_matter,
            tuple((r.title, r.paragraphs) for r in doc.reports),
        )

    @property
    def collection_key(self) -> str:
        """What makes two files one collection: the compilation's title, unless that title names a site
        (`笔耕园材料库 · 精选范文` read as a compilation's header): then, like a single report, the file."""
        return (
            self.collection
            if self.collection and not SITE_WORDS.search(self.collection)
            else self.source_path
        )

    def lines(self) -> Iterable[tuple[str, str]]:
        """Each kept line in order, with where it stands: front matter, title, edge (a report's first or
        last paragraph) or body."""
        yield from ((line, "front") for line in self.front_matter)
        for title, paragraphs in self.reports:
            if title:
                yield title, "title"
            yield from (
                (p, "edge" if k in (0, len(paragraphs) - 1) else "body") for k, p in enumerate(paragraphs)
            )


def content_shaped(text: str) -> bool:
    """Lines a report is made of, however often they recur: never proposed.

    >>> [content_shaped(t) for t in ("特此报告。", "尊敬的各位领导：", "一、履职情况", "XX局党委", "目 录", "笔耕园材料库出品")]
    [True, True, True, True, True, False]
    """
    return (
        text.endswith(SENTENCE_END)
        or protected(text)
        or heading_level(text) > 0
        or NUMBERED_HEADING.match(text) is not None
        or TOC_HEAD.match(text) is not None
        or COUNT_LINE.match(text) is not None
        or PLACEHOLDER.search(text) is not None
        or DATE.search(text) is not None
        or YEAR.search(text) is not None
        or len(CJK.findall(text)) < 2
    )


def _content_tail(text: str) -> bool:
    """A tail after a sentence end that is the start of more content: a heading, a date, no words.
    (Placeholder characters are allowed: jammed adverts use `*`.)"""
    return heading_level(text) > 0 or DATE.search(text) is not None or len(CJK.findall(text)) < 2


@dataclass(slots=True)
class _Seen:
    files: set[str] = field(default_factory=set)
    collections: set[str] = field(default_factory=set)
    contexts: set[tuple[str, str]] = field(default_factory=set)
    edges: int = 0
    titles: int = 0
    count: int = 0
    examples: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # raw text -> (path, before, after)

    def add(self, f: KeptFile, raw: str, where: str, before: str, after: str) -> None:
        self.files.add(f.source_path)
        self.collections.add(f.collection_key)
        self.contexts.add((before, after))
        self.edges += where != "body"
        self.titles += where == "title"
        self.count += 1
        if len(self.examples) < 3 and raw not in self.examples:
            self.examples[raw] = (f.source_path, before, after)


def _tally(files: Iterable[KeptFile]) -> tuple[dict[tuple[str, str], _Seen], list[str]]:
    """Occurrences of every short line ("line", key) and glued tail ("span", key); and content lines."""
    seen: dict[tuple[str, str], _Seen] = defaultdict(_Seen)
    content: list[str] = []
    for f in files:
        lines = list(f.lines())
        for k, (raw, where) in enumerate(lines):
            key = matching_view(raw).strip()
            before = lines[k - 1][0] if k else ""
            after = lines[k + 1][0] if k + 1 < len(lines) else ""
            if len(key) <= MAX_LINE:
                seen["line", key].add(f, raw, where, before, after)
            if (tail := TAIL.search(key)) is not None:  # example: the host's last sentence and the tail
                start = max(key.rfind(end, 0, tail.start() - 1) for end in "。！？!?") + 1
                seen["span", tail.group(tail.lastindex or 0)].add(f, raw.rstrip()[start:], where, raw, "")
            if key.endswith(SENTENCE_END) and len(content) < 50_000:
                content.append(raw)
    return seen, content


def _category(key: str, removed: dict[str, Counter], settings: BoilerplateSettings) -> tuple[str, float]:
    score = score_line(key, settings)
    if key in removed:  # the same text was removed elsewhere (by a rule with a length or position limit)
        return removed[key].most_common(1)[0][0], score.value
    return score.category, score.value


def _grams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2) if len(CJK.findall(key[i : i + 3])) == 3}


def _look_alikes(keys: Iterable[str], content: list[str]) -> dict[str, list[str]]:
    """Per key, report sentences sharing 3-character runs with it (`县妇联微信公众号…` for `公众号:…`):
    what a looser pattern would hit. Most shared runs first, then shortest; the sentence, not the
    paragraph. One pass over the content for all keys: its cost follows the text, not keys × text."""
    wanted = {key: _grams(key) for key in keys}
    every = set().union(*wanted.values())
    holding: dict[str, set[str]] = defaultdict(set)  # gram -> sentences holding it
    for line in content:
        if not any(line[i : i + 3] in every for i in range(len(line) - 2)):
            continue
        for sentence in SENTENCE.findall(line):
            for i in range(len(sentence) - 2):
                if sentence[i : i + 3] in every:
                    holding[sentence[i : i + 3]].add(sentence)
    out = {}
    for key, grams in wanted.items():
        sentences = set().union(*(holding[g] for g in grams)) if grams else set()
        out[key] = sorted(sentences, key=lambda s: (-sum(g in s for g in grams), len(s), s))[:3]
    return out


def _quoted(key: str) -> str:
    """A report sentence quoting the line: what the rule's anchored pattern must keep when no report
    shares its words (a site's own name), and what a pattern loosened to match anywhere would cut.

    >>> _quoted("笔耕园 · 每日更新精选材料")
    '标注“笔耕园 · 每日更新精选材料”的材料不作为本单位正式文件。'
    """
    return f"标注“{key}”的材料不作为本单位正式文件。"


def mine(
    files: Iterable[KeptFile],
    removals: Iterable[Removal] = (),
    min_files: int = 5,
    min_collections: int = 3,
    settings: BoilerplateSettings | None = None,
) -> tuple[list[Candidate], list[tuple[str, int, int]]]:
    """Candidates (checked, most widespread first), and the recurring lines left out for lack of evidence
    as (text, files, collections)."""
    settings = settings or default_settings().boilerplate
    removed: dict[str, Counter] = defaultdict(Counter)
    for r in removals:
        removed[matching_view(r.removed_text).strip()][r.category] += 1
    seen, content = _tally(files)
    found: list[tuple[str, str, str, _Seen]] = []  # (category, kind, key, occurrences) with a site's hand
    unproven: list[tuple[str, int, int]] = []
    for (kind, key), s in seen.items():
        if len(s.files) < min_files or len(s.collections) < min_collections or len(s.contexts) < min_files:
            continue
        if content_shaped(key) if kind == "line" else _content_tail(key):
            continue
        if s.titles * 2 > s.count and title_like(key) and has_genre_word(key):  # mostly a report's title
            continue
        category, score = _category(key, removed, settings)
        if (
            kind == "line"
            and score <= 0
            and s.edges * 2 < s.count
            and key not in removed
            and not SITE_WORDS.search(key)
        ):
            unproven.append((key, len(s.files), len(s.collections)))
            continue
        found.append((category, kind, key, s))
    look_alikes = _look_alikes({key for _, _, key, _ in found}, content)
    proposed: list[Candidate] = []
    for category, kind, key, s in found:
        rule_id = f"{category}_mined_{hashlib.sha256(key.encode()).hexdigest()[:10]}"
        keep = look_alikes[key] or [_quoted(key)]
        candidate = Candidate(
            rule_id, category, kind, key, len(s.files), len(s.collections), s.examples, keep
        )
        if checked(candidate):
            proposed.append(candidate)
    proposed.sort(key=lambda c: (-c.files, -c.collections, c.key))
    return proposed, sorted(unproven, key=lambda u: (-u[1], u[0]))


def suggest_rules(
    files: Iterable[KeptFile], removals: Iterable[Removal] = (), min_files: int = 5, min_collections: int = 3
) -> str:
    """The candidates as a rules file to review; nothing is applied until a user passes it with --rules."""
    proposed, unproven = mine(files, removals, min_files, min_collections)
    return rules_file(proposed, unproven, min_files, min_collections)


def rules_file(
    proposed: list[Candidate],
    unproven: list[tuple[str, int, int]],
    min_files: int,
    min_collections: int,
    refused: Iterable[tuple[Candidate, str]] = (),
) -> str:
    """The rules file: the proposed candidates, then as comments the ones a check `refused` (with why)
    and the recurring lines that show no sign of a site."""
    head = [
        "# Candidate rules mined by docclean from recurring lines. Review each one, delete what is content,",
        "# then pass this file with --rules. Nothing was removed to make it.",
        f"# Thresholds: at least {min_files} files from {min_collections} collections.",
    ]
    body = [candidate_toml(c) for c in proposed]
    tail = [f"# Not proposed, refused by the rules check: {c.key!r} ({why})" for c, why in refused]
    if unproven:
        tail += [
            "# Recurring lines with no sign of a site (headings, sign-offs, usually content); not proposed:"
        ]
        tail += [
            f"#   {text!r}: {files} files, {collections} collections"
            for text, files, collections in unproven[:30]
        ]
    return "\n".join(head) + "\n\n" + "\n".join(body) + ("\n" + "\n".join(tail) + "\n" if tail else "")
