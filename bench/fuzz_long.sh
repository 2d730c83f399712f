#!/usr/bin/env bash
# fuzz_long.sh - run every libFuzzer target for SECONDS each, one after the
# other at the lowest priority, and print what each did: executions,
# executions a second, coverage (edges), features, and findings (crash,
# leak, timeout and OOM artifacts).  Each target uses its seed corpus,
# -max_len and dictionary from fuzz/options.txt (the table CI uses too).
#
#   bash bench/fuzz_long.sh SECONDS [TARGET...]
#
# Needs the sanitizer build with fuzzers (BUILD, default build-asan:
#   CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPROFKIT_SANITIZE=ON -DPROFKIT_FUZZ=ON).
# New corpus entries and artifacts go to OUT (default /tmp/profkit-fuzz);
# a finding becomes a regression test by adding its file to the target's
# seed corpus (ctest replays every seed) and fixing the cause.
set -u
seconds=${1:?usage: fuzz_long.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-asan}
out=${OUT:-/tmp/profkit-fuzz}
mkdir -p "$out"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(grep -o '^fuzz_[a-z_]*' "$root/fuzz/options.txt"))
printf '%-20s %8s %12s %10s %8s %8s %s\n' target seconds executions exec/s cov ft findings
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "$t: not built ($bin)" >&2; continue; }
  read -r _ max_len dict < <(grep "^$t " "$root/fuzz/options.txt")
  args=(-max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
        -artifact_prefix="$out/$t-")
  [ "$dict" != "-" ] && args+=(-dict="$root/fuzz/$dict")
  mkdir -p "$out/work-$t"
  log="$out/$t.log"
  ( cd "$root" && nice -n 19 "$bin" "${args[@]}" "$out/work-$t" "$root/fuzz/corpus/$t" ) >"$log" 2>&1
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  findings=$(ls "$out" | grep -c "^$t-\(crash\|leak\|timeout\|oom\|slow-unit\)-")
  printf '%-20s %8s %12s %10s %8s %8s %s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$findings"
done
