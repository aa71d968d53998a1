#!/usr/bin/env bash
# Walks the web UI's main journey in headless Chromium, in English and in Japanese, against a
# real `icp serve --local` on a temporary database with the demo's synthetic data, and writes
# the screenshots of each step into docs/ui/ (scripts/ui_check.py says what is checked).
#
# axe-core (the accessibility checker) comes from the npm registry into a cache folder
# outside the repository ($ICP_UI_CACHE, default ~/.cache/icp-ui-check); nothing of it is
# kept in git. Installs Debian's chromium and a Japanese font when missing. Exits non-zero
# on any failed check; the screenshots are replaced only when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CACHE=${ICP_UI_CACHE:-$HOME/.cache/icp-ui-check}
AXE_VERSION=4.10.3
DOCS=docs/ui
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

# shellcheck source=browser-deps.sh
source scripts/browser-deps.sh
if ! command -v npm >/dev/null; then
    install npm
fi

AXE="$CACHE/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ]; then
    echo "== axe-core $AXE_VERSION from npm into $CACHE"
    mkdir -p "$CACHE"
    npm install --silent --no-audit --no-fund --prefix "$CACHE" "axe-core@$AXE_VERSION"
fi

echo "== building icp"
cargo build -q -j2 -p icp
ICP="$CARGO_TARGET_DIR/debug/icp"

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== demo data"
"$ICP" demo -o "$work/demo" --accounts 2000 >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }

echo "== icp serve --local"
"$ICP" serve --db "$work/icp.db" --data-dir "$work/data" --addr 127.0.0.1:0 --local \
    --log-level warn >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out" | head -1)
if [ -z "$url" ]; then
    echo "icp serve did not start:" >&2
    cat "$work/serve.err" >&2
    exit 1
fi

status=0
for lang in en ja; do
    echo "== the $lang journey at $url"
    if ! python3 scripts/ui_check.py --chromium "$CHROMIUM" --url "$url" --lang "$lang" \
        --accounts "$work/demo/accounts.csv" --deals "$work/demo/deals.csv" \
        --leads "$work/demo/leads.csv" --axe "$AXE" --shots "$work/shots"; then
        status=1
    fi
done
if [ -s "$work/serve.err" ]; then
    echo "== the server's warnings" && cat "$work/serve.err"
fi
if [ "$status" -ne 0 ]; then
    echo "ui-check: checks failed; $DOCS left as it was" >&2
    exit 1
fi
mkdir -p "$DOCS"
rm -f "$DOCS"/*.png
cp "$work/shots"/*.png "$DOCS/"
echo "== ok: $(ls "$DOCS" | wc -l) screenshots in $DOCS"
