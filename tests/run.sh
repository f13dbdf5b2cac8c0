#!/usr/bin/env bash
# Runs Trailhead's whole test suite. It sets up anything it needs first, so on a fresh
# machine this one command is enough:  bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "tests/run.sh: cargo is not installed; install Rust (rustup) first." >&2
  exit 1
fi

# Unit tests (beside the code), integration tests (fixture sites built in temp folders,
# the bundled demo library, the command line) and doc tests.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --locked --all-targets 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "cargo: $passed passed, $failed failed"
exit "$status"
