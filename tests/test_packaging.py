"""How docclean installs and starts: one `docclean` namespace, every package listed, the CLI's
version and environment defaults, and Prefect left unimported by commands that do not need it."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from docclean.flows.cli import main
from tests.conftest import ROOT


def test_every_package_folder_installs_under_the_docclean_namespace():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {
        "docclean." + ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("cleaners", "flows", "schemas")
        for path in (ROOT / top).rglob("__init__.py")
    }
    assert set(config["packages"]) == folders
    assert config["package-dir"] == {f"docclean.{top}": top for top in ("cleaners", "flows", "schemas")}


def test_nothing_is_imported_under_a_bare_top_level_name():
    code = (
        "import sys, docclean.flows.cli, docclean.flows.ingest.shard, docclean.flows.lake.compact\n"
        "bare = sorted(m for m in sys.modules if m.split('.')[0] in ('cleaners', 'flows', 'schemas'))\n"
        "print(bare, 'prefect' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd="/", check=True
    ).stdout
    assert out.strip() == "[] False"  # and the CLI does not import Prefect until a command needs it


def test_version_and_environment_defaults(tmp_path, monkeypatch, capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("docclean, version ")
    monkeypatch.setenv("DOCCLEAN_LAKE", str(tmp_path / "elsewhere"))
    assert main(["status"]) == 1
    assert f"no lake at {tmp_path / 'elsewhere'}" in capsys.readouterr().err
    monkeypatch.setenv("DOCCLEAN_INBOX", str(tmp_path / "no-inbox"))
    assert main(["run", "--no-tokens"]) == 1
    assert "no-inbox does not exist" in capsys.readouterr().err
