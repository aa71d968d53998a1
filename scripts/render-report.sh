#!/usr/bin/env bash
# Renders the sample report in English and Japanese, checks each page in headless Chromium and
# writes the screenshots docs/report/report-en.png and docs/report/report-ja.png.
#
# Checks (scripts/report_check.py, through the DevTools protocol on 127.0.0.1 only): no console
# error, no request but the page itself, every expected section present and no other, every
# chart drawn with text inside its box and no overlapping labels, <html lang>, Japanese drawn
# with a Japanese font, the ICP template on one printed A4 page, printing to PDF works.
#
# Installs Debian's chromium and fonts-noto-cjk when missing. Idempotent: the screenshots are
# replaced only when every check passed. Exits non-zero on any failed check.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SECTIONS=golden,evidence,profile,proof,scored,segments,rightsize,allocate,rfm,clv,people,review
DOCS=docs/report

# shellcheck source=browser-deps.sh
source scripts/browser-deps.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== rendering the sample report"
cargo run -q -j2 -p icp-report --example render -- "$out"

status=0
for lang in en ja; do
    echo "== checking $lang in $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
    if ! python3 scripts/report_check.py --chromium "$CHROMIUM" --lang "$lang" --sections "$SECTIONS" \
        --html "$out/report-$lang.html" --png "$out/report-$lang.png" --verbose; then
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "render-report: checks failed; $DOCS left as it was" >&2
    exit 1
fi

mkdir -p "$DOCS"
for lang in en ja; do
    cp "$out/report-$lang.png" "$DOCS/report-$lang.png"
done
echo "== ok: $DOCS/report-en.png, $DOCS/report-ja.png"
