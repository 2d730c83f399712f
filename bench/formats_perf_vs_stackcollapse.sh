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
measure flamegen_collapse "$bin/flamegen" --format folded --all -o "$out_dir/perf-flamegen.folded" "$input"
if [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -f "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" ]; then
  BENCH_RUNS=3 measure stackcollapse_perf_pl sh -c "perl '$FLAMEGRAPH_DIR/stackcollapse-perf.pl' --all '$input' > '$out_dir/perf-perl.folded'"
  cmp -s "$out_dir/perf-flamegen.folded" "$out_dir/perf-perl.folded" && echo "outputs identical" || echo "OUTPUTS DIFFER"
  echo "speed-up: $(ratio "$stackcollapse_perf_pl_secs" "$flamegen_collapse_secs")x faster (wall); memory: $(ratio "$flamegen_collapse_kb" "$stackcollapse_perf_pl_kb") of stackcollapse-perf.pl's peak RSS"
  # on a shared machine wall time includes waiting for a core: CPU time too
  echo "CPU time (user+sys): flamegen $flamegen_collapse_cpu s, stackcollapse-perf.pl $stackcollapse_perf_pl_cpu s:" \
       "$(ratio "$stackcollapse_perf_pl_cpu" "$flamegen_collapse_cpu")x less"
else
  echo "FLAMEGRAPH_DIR not set: stackcollapse-perf.pl not measured"
fi
