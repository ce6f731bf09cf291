"""`docclean --help` speaks to a new user; `query --help` explains its SQL argument; `--version`."""

from __future__ import annotations

from docclean.flows.cli import main


def test_top_level_help_says_what_docclean_does_and_where_to_start(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Parquet lake" in out and "thin wrapper" not in out
    for start in ("docclean clean FILE", "docclean show FILE", "docclean run", 'docclean query "SQL"'):
        assert start in out
    assert "show" in out.split("Commands:")[1]


def test_query_help_explains_the_sql_argument_with_examples(capsys):
    assert main(["query", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage: docclean query [OPTIONS] SQL" in out
    assert "suspects" in out and 'docclean query "SELECT' in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("docclean, version ")
