"""The examples in the code's docstrings (`>>>`) are tests too: every module of the package that has some
runs them here, so an example that stops being true fails `make test`."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.conftest import ROOT

MODULES = sorted(
    "docclean." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for folder in ("cleaners", "flows", "schemas")
    for path in (ROOT / folder).rglob("*.py")
    if ">>> " in path.read_text(encoding="utf-8")
)


def test_the_modules_with_examples_are_found():
    assert {"docclean.cleaners.detectors.boilerplate", "docclean.cleaners.titles"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
