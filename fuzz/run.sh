#!/usr/bin/env bash
# Runs AFL++ campaigns on Trailhead's fuzz targets and prints, per target, how long it ran, how
# many inputs it tried, and what it found. From the repository root:
#
#   bash fuzz/run.sh                       # every target, 30 minutes each, one after another
#   bash fuzz/run.sh site markdown 10      # these targets, 10 minutes each
#   JOBS=2 bash fuzz/run.sh                # two targets at a time (one core each)
#
# Needs cargo-afl (`cargo install cargo-afl --locked`; its first use builds AFL++). Every input
# gets 2 seconds (-t 2000); one that takes longer is a hang, as much a finding as a crash.
# Findings land in fuzz/out/<target>/default/{crashes,hangs}/: reproduce one with
#   fuzz/target/release/<target> < FILE
# then copy it to fuzz/regressions/<target>/<what-it-was> so `cargo test` keeps checking it.
set -euo pipefail
cd "$(dirname "$0")"

ALL=(site markdown template front_matter config tokenizer)
targets=()
minutes=30
for a in "$@"; do
  if [[ "$a" =~ ^[0-9]+$ ]]; then minutes=$a; else targets+=("$a"); fi
done
[ ${#targets[@]} -eq 0 ] && targets=("${ALL[@]}")
jobs=${JOBS:-1}

command -v cargo-afl >/dev/null || { echo "fuzz/run.sh: install cargo-afl first: cargo install cargo-afl --locked" >&2; exit 1; }
python3 make-seeds.py   # the seeds follow the demo and the theme as they are now
cargo afl build --release --quiet

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

campaign() {
  local t=$1
  rm -rf "out/$t"
  mkdir -p "out/$t"
  # -V: stop after this many seconds; -t: per-input time limit in ms.
  cargo afl fuzz -i "seeds/$t" -o "out/$t" -t 2000 -V $((minutes * 60)) "target/release/$t" > "out/$t.log" 2>&1 || true
}

running=0
for t in "${targets[@]}"; do
  echo "== $t: $minutes minutes"
  campaign "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

echo
printf '%-14s %10s %12s %10s %8s %8s\n' target seconds execs "execs/s" crashes hangs
for t in "${targets[@]}"; do
  s="out/$t/default/fuzzer_stats"
  [ -f "$s" ] || { echo "$t: no stats (see fuzz/out/$t.log)"; continue; }
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$s"; }
  printf '%-14s %10s %12s %10s %8s %8s\n' "$t" "$(get run_time)" "$(get execs_done)" "$(get execs_per_sec)" "$(get saved_crashes)" "$(get saved_hangs)"
done
