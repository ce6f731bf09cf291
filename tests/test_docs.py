"""The README is part of the product: a command, column or rule category it does not mention fails here."""

from __future__ import annotations

import pytest

from docclean.cleaners.rules import CATEGORIES
from docclean.flows.cli import cli
from docclean.schemas import FILES, NEAR_DUPS, REMOVALS, REPORTS, SIGNATURES, SUSPECTS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_is_documented(command: str):
    assert f"docclean {command}" in README


@pytest.mark.parametrize(
    ("table", "column"),
    [
        *(
            (s.metadata[b"dataset"].decode(), f.name)
            for s in (REPORTS, REMOVALS, SUSPECTS, FILES, SIGNATURES, NEAR_DUPS)
            for f in s
        ),
        ("reports", "near_dup_of"),  # columns the reports view adds
        ("reports", "near_dup_similarity"),
    ],
)
def test_every_output_column_is_documented(table: str, column: str):
    section = README.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    assert f"`{column}`" in section


@pytest.mark.parametrize("category", [c for c in CATEGORIES if c not in ("html_chrome", "normalize")])
def test_every_rule_category_is_documented(category: str):
    assert category in README


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


def test_every_view_is_documented():
    from docclean.flows.lake.query import VIEWS

    views = [line.split()[2] for line in VIEWS.splitlines() if line.startswith("CREATE VIEW")]
    assert [v for v in views if f"`{v}`" not in README] == []
