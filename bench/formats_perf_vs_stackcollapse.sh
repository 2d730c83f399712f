#!/usr/bin/env bash
# formats_perf_vs_stackcollapse.sh - perf script -> folded: flamegen against
# FlameGraph's stackcollapse-perf.pl on the same 50 MB input, in one run.
#
#   FLAMEGRAPH_DIR=/path/to/FlameGraph bash bench/formats_perf_vs_stackcollapse.sh
#
# The input repeats FlameGraph's test/perf-vertx-stacks-01.txt (real perf
# script text of a Java/Vert.x server, 1 MiB) to 50 MB; it is taken from
# FLAMEGRAPH_DIR, else from the peer corpus (PK_PEERS, default
# ../shared/peers).  Both tools run with --all; their outputs must be
# identical (checked).  Without FLAMEGRAPH_DIR only flamegen is timed.
source "$(dirname "$0")/lib.sh"
src="${FLAMEGRAPH_DIR:-}/test/perf-vertx-stacks-01.txt"
[ -f "$src" ] || src="${PK_PEERS:-$repo_dir/../shared/peers}/FlameGraph/test/perf-vertx-stacks-01.txt"
[ -f "$src" ] || { echo "no perf-vertx-stacks-01.txt (set FLAMEGRAPH_DIR)"; exit 1; }
input="$out_dir/perf-50m.txt"
if [ ! -s "$input" ]; then
  : >"$input"
  while [ "$(stat -c %s "$input")" -lt $((50 * 1000 * 1000)) ]; do cat "$src" >>"$input"; echo >>"$input"; done
fi
echo "input: $input ($(du -h "$input" | cut -f1), $(grep -c '^$' "$input") samples)"
# /usr/bin/time has 10 ms resolution: flamegen's time is also taken as the
# median of 5 runs with nanosecond timestamps
median_secs() {
  for _ in 1 2 3 4 5; do
    local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | sed -n 3p | awk '{printf "%.4f", $1 / 1e6}'
}
measure flamegen_collapse "$bin/flamegen" --format folded --all -o "$out_dir/perf-flamegen.folded" "$input"
flamegen_collapse_secs=$(median_secs "$bin/flamegen" --format folded --all -o "$out_dir/perf-flamegen.folded" "$input")
echo "flamegen_collapse median of 5: $flamegen_collapse_secs s"
if [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -f "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" ]; then
  measure stackcollapse_perf_pl sh -c "perl '$FLAMEGRAPH_DIR/stackcollapse-perf.pl' --all '$input' > '$out_dir/perf-perl.folded'"
  cmp -s "$out_dir/perf-flamegen.folded" "$out_dir/perf-perl.folded" && echo "outputs identical" || echo "OUTPUTS DIFFER"
  echo "speed-up: $(ratio "$stackcollapse_perf_pl_secs" "$flamegen_collapse_secs")x faster (wall); memory: $(ratio "$flamegen_collapse_kb" "$stackcollapse_perf_pl_kb") of stackcollapse-perf.pl's peak RSS"
  # on a shared machine wall time includes waiting for a core: CPU time too
  cpu() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$out_dir/$1.time"; }
  echo "CPU time (user+sys): flamegen $(cpu flamegen_collapse) s, stackcollapse-perf.pl $(cpu stackcollapse_perf_pl) s:" \
       "$(ratio "$(cpu stackcollapse_perf_pl)" "$(cpu flamegen_collapse)")x less"
else
  echo "FLAMEGRAPH_DIR not set: stackcollapse-perf.pl not measured"
fi
