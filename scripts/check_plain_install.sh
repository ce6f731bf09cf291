#!/usr/bin/env bash
# A user's plain install: `pip install .` (not editable, no constraints file) into a fresh venv, from
# outside the checkout, then `docclean run` on the bundled samples and one query. Checks that the
# version bounds in pyproject.toml keep Prefect's server working, that the packages land under the
# docclean namespace only, and that the package data (rules, dictionaries) is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --upgrade pip
"$WORK/venv/bin/python" -m pip install --quiet "$ROOT"
SITE="$("$WORK/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
for name in cleaners flows schemas; do
  if [ -e "$SITE/$name" ]; then echo "FAIL: top-level '$name' installed in site-packages"; exit 1; fi
done
ls "$SITE/docclean"
mkdir -p "$WORK/user/inbox"
cp -p "$ROOT"/data/samples/* "$WORK/user/inbox/"
cd "$WORK/user"  # not the checkout: nothing is imported from it
PREFECT_HOME="$WORK/user/.prefect" "$WORK/venv/bin/docclean" --version
PREFECT_HOME="$WORK/user/.prefect" "$WORK/venv/bin/docclean" run --inbox inbox --lake lake
"$WORK/venv/bin/docclean" query "SELECT count(*) AS reports FROM reports" --lake lake --csv | tee "$WORK/count"
grep -qx 31 "$WORK/count" && echo "plain install: OK"  # 18 reports of the text seeds, 13 of the format samples
