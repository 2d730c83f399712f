#!/usr/bin/env bash
# flamegen_vs_flamegraph.sh - folded stacks -> SVG: flamegen against
# flamegraph.pl on the same generated 20 MB file, in one run.
#
#   FLAMEGRAPH_DIR=/path/to/FlameGraph bash bench/flamegen_vs_flamegraph.sh
#
# FLAMEGRAPH_DIR is a checkout of brendangregg/FlameGraph (any recent
# commit; only flamegraph.pl is used).  Without it only flamegen is timed.
# Prints median wall and CPU time and peak RSS of each, and the ratios.
source "$(dirname "$0")/lib.sh"
input="$out_dir/stacks-20m.folded"
[ -s "$input" ] || python3 "$bench_dir/gen_folded.py" --size $((20 * 1024 * 1024)) --stacks 25000 --depth 60 > "$input"
echo "input: $input ($(du -h "$input" | cut -f1), $(wc -l < "$input") lines, $(cut -d' ' -f1 "$input" | sort -u | wc -l) unique stacks)"
measure flamegen "$bin/flamegen" --hash -o "$out_dir/flamegen.svg" "$input"
if [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -x "$FLAMEGRAPH_DIR/flamegraph.pl" ]; then
  BENCH_RUNS=3 measure flamegraph_pl perl "$FLAMEGRAPH_DIR/flamegraph.pl" --hash "$input"
  echo "speed-up: $(ratio "$flamegraph_pl_secs" "$flamegen_secs")x faster (wall), $(ratio "$flamegraph_pl_cpu" "$flamegen_cpu")x (cpu); memory: $(ratio "$flamegen_kb" "$flamegraph_pl_kb") of flamegraph.pl's peak RSS"
else
  echo "FLAMEGRAPH_DIR not set: flamegraph.pl not measured (git clone FlameGraph and point FLAMEGRAPH_DIR at it)"
fi
