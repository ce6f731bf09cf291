#!/usr/bin/env bash
# Render `docclean report` for the bundled samples and screenshot it in headless Chromium.
#
# Checks by eye that the page renders offline, Chinese included, and refreshes docs/report.png.
# Needs Debian's chromium and a CJK font (not needed by the test suite):
#   apt-get update && apt-get install -y chromium fonts-noto-cjk
# Usage: [HEIGHT=2900] scripts/screenshot_report.sh [OUT.png]   (default: docs/report.png, 1280 px wide)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/report.png}
case $out in /*) ;; *) out=$PWD/$out ;; esac
bin=.venv/bin
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/inbox"
cp -p data/samples/* "$work/inbox/"   # -p keeps the old mtimes: no waiting for files to settle
# a few inputs that are not reports, so the page shows how problems are reported
printf '' > "$work/inbox/empty.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00' > "$work/inbox/scan.txt"
printf '%%PDF-1.4\n' > "$work/inbox/述职报告.pdf"
touch -d '1 hour ago' "$work/inbox"/*

"$bin/docclean" run --inbox "$work/inbox" --lake "$work/lake" >/dev/null
# a second run, later, with one more file: the runs chart then has two bars
mkdir -p "$work/inbox/later"
sed 's/（银行）/（农商银行）/' data/samples/000_564c457534fa6278.txt > "$work/inbox/later/copy.txt"
touch -d '1 hour ago' "$work/inbox/later/copy.txt"
"$bin/docclean" run --inbox "$work/inbox" --lake "$work/lake" >/dev/null
"$bin/docclean" report --lake "$work/lake" --out "$work/report.html" >/dev/null

# offline by design: no network, no first-run or update traffic; a throwaway profile
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --screenshot="$out" --window-size=1280,${HEIGHT:-2900} "file://$work/report.html" 2>"$work/chromium.log" \
  || { cat "$work/chromium.log" >&2; exit 1; }
echo "wrote $out ($(( $(stat -c %s "$out") / 1024 )) KiB)"
