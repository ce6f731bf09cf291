from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.rules import RuleSet, default_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return default_rules()


def sample_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
