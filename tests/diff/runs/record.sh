#!/usr/bin/env bash
# record.sh - records the .cpuprofile runs tests/diff/runs.sh compares.
#
#   bash tests/diff/runs/record.sh [BASE_RUNS [SLOW_RUNS]]
#
# Writes base-N.cpuprofile.gz (workload.js as is), N = 1..BASE_RUNS
# (default 8), and slow-N.cpuprofile.gz (SLOW=1: checksum() ten times
# slower), N = 1..SLOW_RUNS (default 4), 3 seconds each; odd runs record
# beside burner.js (a CPU burner), so the runs differ as CI runs do:
# contention, GC timing, JIT decisions (checksum is inlined into its caller,
# and that caller sometimes into the main loop).  The profiles are
# committed (about 6 KB each); this script says how they were made.
set -eu
cd "$(dirname "$0")"
base_runs=${1:-8}
slow_runs=${2:-4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for kind in base slow; do
  runs=$([ "$kind" = base ] && echo "$base_runs" || echo "$slow_runs")
  for i in $(seq 1 "$runs"); do
    burner=
    if [ $((i % 2)) -eq 1 ]; then node burner.js > /dev/null & burner=$!; fi
    SLOW=$([ "$kind" = slow ] && echo 1 || echo 0) SECONDS_TO_RUN=3 \
      node --cpu-prof --cpu-prof-dir="$tmp/$kind-$i" workload.js
    [ -n "$burner" ] && wait "$burner"
    gzip -9 -c "$tmp/$kind-$i"/*.cpuprofile > "$kind-$i.cpuprofile.gz"
  done
done
ls -l ./*.cpuprofile.gz
