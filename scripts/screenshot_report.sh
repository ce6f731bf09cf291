#!/usr/bin/env bash
# Render `docclean report` for the bundled samples and screenshot it in headless Chromium.
#
# Checks by eye that the page renders offline, Chinese included, and refreshes docs/report.png and
# docs/file_page.png (one per-file review page, written beside it).
# Needs Debian's chromium and a CJK font (not needed by the test suite):
#   apt-get update && apt-get install -y chromium fonts-noto-cjk
# Usage: [HEIGHT=2900] scripts/screenshot_report.sh [OUT.png]   (default: docs/report.png, 1280 px wide)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/report.png}
case $out in /*) ;; *) out=$PWD/$out ;; esac
bin=.venv/bin
missing=()
command -v chromium >/dev/null || missing+=(chromium)
# without a CJK font Chromium draws every hanzi as an empty box: the screenshot would show nothing useful
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then missing+=(fonts-noto-cjk); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} (a headless browser and a CJK font); install with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/inbox"
cp -p data/samples/* "$work/inbox/"   # -p keeps the old mtimes: no waiting for files to settle
# a few inputs that are not reports, so the page shows how problems are reported
printf '' > "$work/inbox/empty.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00' > "$work/inbox/scan.txt"
printf '%%PDF-1.4\n' > "$work/inbox/述职报告.pdf"
# a page with a line the detectors keep but list as a suspect
printf '某某局2023年工作总结\n本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n网站首页改版\n全年完成投资12亿元，新建项目36个，竣工投产20个，超额完成任务。\n' > "$work/inbox/suspect.txt"
touch -d '1 hour ago' "$work/inbox"/*

"$bin/docclean" run --inbox "$work/inbox" --lake "$work/lake" >/dev/null
# a second run, later, with one more file: the runs chart then has two bars
mkdir -p "$work/inbox/later"
sed 's/（银行）/（农商银行）/' data/samples/000_564c457534fa6278.txt > "$work/inbox/later/copy.txt"
touch -d '1 hour ago' "$work/inbox/later/copy.txt"
"$bin/docclean" run --inbox "$work/inbox" --lake "$work/lake" >/dev/null
"$bin/docclean" report --lake "$work/lake" --inbox "$work/inbox" --out "$work/report.html" >/dev/null
page=$(grep -o 'report_files/[0-9a-f]*\.html' "$work/report.html" | head -1)
for f in "$work"/report_files/*.html; do grep -q '<h1>suspect.txt</h1>' "$f" && page=report_files/${f##*/}; done

# offline by design: no network, no first-run or update traffic; a throwaway profile
mkdir -p "$(dirname "$out")"
shot() {  # shot URL OUT HEIGHT
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
    --screenshot="$2" --window-size=1280,"$3" "$1" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
  echo "wrote $2 ($(( $(stat -c %s "$2") / 1024 )) KiB)"
}
shot "file://$work/report.html" "$out" "${HEIGHT:-2900}"
shot "file://$work/$page" "$(dirname "$out")/file_page.png" 900
