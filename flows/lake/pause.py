"""Named points in the write path where a fault test can stop a real `docclean run` and kill it there.

With $DOCCLEAN_PAUSE_AT set to `point` (or `point@N`: the N-th time one process reaches it), the process
that reaches that point writes its pid to the file $DOCCLEAN_PAUSED names and waits there to be killed:
the test kills the run at exactly that moment, as a power cut or `kill -9` would, instead of sleeping
and hoping. Unset (always, outside tests), a point costs one dictionary lookup.

The points (flows/lake/store.py):
  write-part      a row group written to a part, the part not finished (mid-write, in the worker)
  publish-<ds>    a batch's <ds> part (reports, removals, files) about to be renamed into place: before
                  publish-removals the batch's first data file is visible, before publish-files its
                  data files are and its ledger entry is not
"""

from __future__ import annotations

import os
import time
from collections import Counter

PAUSE_AT, PAUSED = "DOCCLEAN_PAUSE_AT", "DOCCLEAN_PAUSED"
_reached: Counter[str] = Counter()


def point(name: str) -> None:
    """Stop here for good when $DOCCLEAN_PAUSE_AT names this point (see the module's docstring)."""
    wanted = os.environ.get(PAUSE_AT)
    if not wanted:
        return
    target, _, nth = wanted.partition("@")
    if target != name:
        return
    _reached[name] += 1
    if _reached[name] != int(nth or 1):
        return
    with open(os.environ[PAUSED], "a", encoding="utf-8") as said:
        said.write(f"{os.getpid()}\n")
    while True:  # until killed
        time.sleep(60)
