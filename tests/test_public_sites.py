"""Synthetic cases modelled on public 文库/范文 sites and PDF text layers (tests/cases/*.json):
the categories of NOISE.md in forms the five samples do not show."""

from __future__ import annotations

import json

import pytest

from docclean.cleaners.document import build_document
from docclean.cleaners.engine import replay
from docclean.cleaners.model import Decoded
from tests.conftest import ROOT

CASES = json.loads((ROOT / "tests" / "cases" / "public_sites.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_public_site_case(case, rules):
    doc = build_document("case.txt", Decoded(case["original"], "text", "utf-8", 1.0), rules)
    assert [r.title for r in doc.reports] == case["titles"]
    assert [p for r in doc.reports for p in r.paragraphs] == case["paragraphs"]
    assert sorted({f for r in doc.reports for f in r.flags}) == case["flags"]
    assert replay(case["original"], doc.removals) == doc.cleaned_text
