#!/usr/bin/env bash
# Fuzzes icp's readers (delimited, streamed blocks, JSON lines, XLSX, Parquet), the rules
# language and profile validation with cargo-fuzz (libFuzzer).
#
#   bash scripts/fuzz.sh                 # every target for FUZZ_SECONDS (default 600) each
#   FUZZ_SECONDS=30 bash scripts/fuzz.sh # the smoke CI runs
#   bash scripts/fuzz.sh rules stream    # only these targets
#
# This machine has one stable Rust toolchain and no other can be fetched: cargo-fuzz's
# nightly flags are enabled on stable with RUSTC_BOOTSTRAP=1. FUZZ_SANITIZER=address (the
# default) checks the C code the readers link (zstd, lz4); CI uses `none` to build faster.
# Findings are written to fuzz/artifacts/TARGET/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${FUZZ_SECONDS:-600}"
sanitizer="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1
if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked -j2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(delimited stream jsonl xlsx parquet rules profile)
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
cargo fuzz build -s "$sanitizer"
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    seeds=()
    [ -d "seeds/$target" ] && seeds=("seeds/$target")
    echo "== fuzz $target for ${seconds}s"
    if ! cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
        2>"/tmp/icp-fuzz-$target.log"; then
        echo "FINDING in $target: see /tmp/icp-fuzz-$target.log and fuzz/artifacts/$target/"
        tail -40 "/tmp/icp-fuzz-$target.log"
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "/tmp/icp-fuzz-$target.log" || true
    fi
done
exit $status
