#!/usr/bin/env bash
# Runs Trailhead's whole test suite. It sets up anything it needs first, so on a fresh
# machine this one command is enough:  bash tests/run.sh
#
#   1. cargo tests of the whole workspace: unit tests beside the code, integration tests that
#      build fixture sites in temporary folders, the bundled demo library, the command line, and
#      the benchmark's own tests (bench/: its generated library builds without warnings);
#   2. browser tests (tests/browser): the built demo site in headless Debian Chromium, driven by
#      playwright-core, with axe-core for accessibility, Lighthouse at mobile settings, and
#      printed pages read back with pdftotext. Chromium, poppler-utils, Node.js and the npm packages are installed when
#      missing. Browser tests never skip: if they cannot run, this fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "tests/run.sh: cargo is not installed; install Rust (rustup) first." >&2
  exit 1
fi

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "tests/run.sh: please install these Debian packages first: $*" >&2
    exit 1
  fi
}

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "== installing Debian's chromium for the browser tests"
  apt_install chromium chromium-driver
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "== installing poppler-utils (pdftotext) for the print tests"
  apt_install poppler-utils
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "== installing Node.js and npm for the browser tests"
  apt_install nodejs npm
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ] \
  || [ ! -d tests/browser/node_modules/lighthouse ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  echo "== installing the browser tests' npm packages (playwright-core, axe-core, lighthouse)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
echo "== cargo tests"
cargo test --locked --workspace --all-targets 2>&1 | tee "$log"
cargo_status=${PIPESTATUS[0]}
# --workspace here too: the same features as the tests' build, so trailhead is not compiled again.
cargo build --locked --quiet --workspace
build_status=$?
echo "== browser tests (headless $("$CHROMIUM" --version 2>/dev/null || echo Chromium))"
browser_log=$(mktemp)
# The binary cargo just built, wherever CARGO_TARGET_DIR (or cargo's config) puts it.
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
(cd tests/browser && CHROMIUM="$CHROMIUM" TRAILHEAD_BIN="${target_dir:-$PWD/target}/debug/trailhead" \
  node --test --test-reporter=spec --test-concurrency=1) 2>&1 | tee "$browser_log"
browser_status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
b_passed=$(grep -Eo '^ℹ pass [0-9]+' "$browser_log" | awk '{s+=$3} END {print s+0}')
b_failed=$(grep -Eo '^ℹ (fail|cancelled) [0-9]+' "$browser_log" | awk '{s+=$3} END {print s+0}')
rm -f "$browser_log"
echo
echo "cargo: $passed passed, $failed failed"
echo "browser: $b_passed passed, $b_failed failed"
if [ "$b_passed" = 0 ]; then
  echo "tests/run.sh: no browser test ran; that is a failure, not a skip." >&2
  exit 1
fi
[ "$cargo_status" = 0 ] && [ "$build_status" = 0 ] && [ "$browser_status" = 0 ]
