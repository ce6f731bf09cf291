"""The one timing helper: seconds per stage, nested stages counted once.

Workers time their stages in CPU seconds of their own thread (`time.thread_time`), so the figures stay
the work done when other processes share the cores; the flow's thread times its stages in wall seconds.
A stage entered inside another pauses the outer one: the seconds spent in `tokens` while building a
document are not also counted in `clean`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Clock:
    def __init__(self, now: Callable[[], float] = time.thread_time) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._now = now
        self._open: list[str] = []
        self._mark: float = 0.0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        now = self._now()
        if self._open:
            self.seconds[self._open[-1]] += now - self._mark
        self._open.append(name)
        self._mark = now
        try:
            yield
        finally:
            now = self._now()
            self.seconds[self._open.pop()] += now - self._mark
            self._mark = now

    def timed(self, name: str, function: Callable[P, R]) -> Callable[P, R]:
        """`function`, with each call counted in stage `name`."""

        @wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.stage(name):
                return function(*args, **kwargs)

        return call
