#!/usr/bin/env bash
# Renders the ICP interview page (icp interview) in English and Japanese on generated data
# and checks each in headless Chromium with scripts/report_check.py: no console error, no
# request but the page itself, the guide and customers sections, <html lang>, Japanese drawn
# with a Japanese font, printing to PDF works. Exits non-zero on any failed check.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
TARGET="${CARGO_TARGET_DIR:-target}"

# shellcheck source=browser-deps.sh
source scripts/browser-deps.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== generating a project and its interview"
cargo build -q -j2 -p icp -p icp-bench --bin icp --bin icp-gen
TARGET="$(cd "$TARGET" && pwd)"
"$TARGET/debug/icp-gen" people --rows 300 -o "$out/project" 2>/dev/null
status=0
for lang in en ja; do
    (cd "$out/project" && "$TARGET/debug/icp" -q interview --top 5 --lang "$lang" \
        --html "interview-$lang.html" --sheet "answers-$lang.csv")
    echo "== checking $lang in $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
    if ! python3 scripts/report_check.py --chromium "$CHROMIUM" --lang "$lang" --sections guide,customers \
        --no-charts --html "$out/project/interview-$lang.html" --png "$out/interview-$lang.png" --verbose; then
        status=1
    fi
done
exit "$status"
