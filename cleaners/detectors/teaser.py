"""A page's teaser: a labelled excerpt (`推荐阅读:…`, `内容摘要:…`) of the very text that follows it, word
for word, often cut off mid-word. Taking it out loses nothing: every word of it stands again below.

The signal is the repetition, not the label's words: a label of a few characters and a colon, then at least
MIN_CHARS characters that the following lines begin with (white space aside, as a page re-wraps it). A
summary in the author's own words (a `核心提示` that says it differently) is no copy and stays. Pure.
"""

from __future__ import annotations

import re

LABEL = re.compile(r"\s*[\u4e00-\u9fff]{2,6}\s*[:：]")
MIN_CHARS = 20  # a shorter excerpt could be a heading the text happens to start with
ELLIPSIS = "…. "  # a cut-off excerpt may end `…` or `...`
_SPACE = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def teasers(texts: list[str]) -> list[int]:
    """The lines that are a label and then the start of the lines below them, word for word.

    >>> teasers(["推荐阅读:随着三下乡活动的启动,我们于7月6日启程出发。 漫长的旅程本是压抑",
    ...          "随着三下乡活动的启动,我们于7月6日启程出发。", "漫长的旅程本是压抑和沉闷的。"])
    [0]
    >>> teasers(["核心提示:建设廉洁型政府,就是要坚持廉洁用权,干净干事。", "一、着眼于建设法治型政府"])
    []
    """
    found = []
    for i, text in enumerate(texts[:-1]):
        label = LABEL.match(text)  # most lines: no label, nothing more asked
        if label is None:
            continue
        excerpt = _squeezed(text[label.end() :]).rstrip(ELLIPSIS)
        if len(excerpt) < MIN_CHARS:
            continue
        following = ""
        for later in texts[i + 1 :]:
            following += _squeezed(later)
            if len(following) >= len(excerpt):
                break
        if following.startswith(excerpt):
            found.append(i)
    return found
