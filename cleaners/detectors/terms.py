"""Which lines of a document hold one of many literal terms, in one pass over the whole document.

An Aho-Corasick automaton (ahocorasick-rs, a DFA) runs over the document's UTF-8 bytes at ≈6 ns a byte;
a regular expression of the same terms, tried line by line, cost ≈60 ns a character — more than all the
rules together. The detectors use it as a prefilter: a line without any term is never searched again.
"""

from __future__ import annotations

from functools import cache

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind


@cache
def _searched(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms the automaton holds, in its order (its match indices point here)."""
    return tuple(t for t in terms if t) or ("\0",)  # no terms: a character no text line holds


@cache
def _automaton(terms: tuple[str, ...]) -> BytesAhoCorasick:
    encoded = [t.encode() for t in _searched(terms)]
    return BytesAhoCorasick(encoded, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA)


def lines_holding(terms: tuple[str, ...], texts: list[str]) -> list[bool]:
    """For each line of `texts`, whether it holds one of `terms` (none holds a line break).

    >>> lines_holding(("当前位置", "下载"), ["当前位置：首页", "全年完成投资12亿元。", "立即下载"])
    [True, False, True]
    """
    data = "\n".join(texts).encode()
    has = [False] * len(texts)
    line = seen = 0
    for _, start, _ in _automaton(terms).find_matches_as_indexes(data):  # few, in order
        line += data.count(b"\n", seen, start)  # line breaks before the match: its line
        seen = start
        has[line] = True
    return has


Hit = tuple[int, int, str]  # a term found in a line: its start and end (characters) and the term


def term_hits(terms: tuple[str, ...], texts: list[str]) -> list[list[Hit]]:
    """For each line of `texts`, the terms in it, leftmost-longest and not overlapping: what a regular
    expression of the terms, longest first, finds line by line with finditer, found in one pass.

    >>> term_hits(("下载", "快捷下载", "首页"), ["快捷下载 | 首页", "全年完成投资12亿元。", "立即下载"])
    [[(0, 4, '快捷下载'), (7, 9, '首页')], [], [(2, 4, '下载')]]
    """
    searched = _searched(terms)
    data = "\n".join(texts).encode()
    hits: list[list[Hit]] = [[] for _ in texts]
    line = seen = line_start = 0
    for index, start, _ in _automaton(terms).find_matches_as_indexes(data):  # few, in order
        breaks = data.count(b"\n", seen, start)
        if breaks:
            line += breaks
            line_start = data.rindex(b"\n", seen, start) + 1
        seen = start
        # UTF-8 matches start on a character: the characters before it in its line give its column
        column = len(data[line_start:start].decode())
        hits[line].append((column, column + len(searched[index]), searched[index]))
    return hits
