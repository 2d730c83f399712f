#!/usr/bin/env bash
# diff_vs_difffolded.sh - two 20 MB folded files -> differential SVG:
# flamediff against difffolded.pl | flamegraph.pl, in one run.
#
#   FLAMEGRAPH_DIR=/path/to/FlameGraph bash bench/diff_vs_difffolded.sh
#
# FLAMEGRAPH_DIR is a checkout of brendangregg/FlameGraph (difffolded.pl and
# flamegraph.pl are used).  Without it only flamediff is timed.  The
# "before" file is the flamegen benchmark's generated input; "after" is the
# same stacks with every 7th count raised by half and every 11th halved, so
# the graph has real growth, shrinkage and unchanged frames.
source "$(dirname "$0")/lib.sh"
# On a shared machine CPU time is the steadier figure, wall the one users feel.
before="$out_dir/stacks-20m.folded"
after="$out_dir/stacks-20m-after.folded"
[ -s "$before" ] || python3 "$bench_dir/gen_folded.py" --size $((20 * 1024 * 1024)) --stacks 25000 --depth 60 > "$before"
[ -s "$after" ] || awk '{ c = $NF; if (NR % 7 == 0) c = int(c * 1.5); else if (NR % 11 == 0) c = int(c / 2) + 1; $NF = c; print }' "$before" > "$after"
for f in "$before" "$after"; do
  echo "input: $f ($(du -h "$f" | cut -f1), $(wc -l < "$f") lines)"
done
# The host's speed drifts (CPU steal on a shared VM: the perl pipeline
# alone took 5.7-8.4 s in three runs of this script minutes apart), so the
# two sides are measured in paired rounds, flamediff right before each perl
# run, and the ratio is the median of the rounds' ratios (BENCH_ROUNDS,
# default 5): a slow spell then slows both sides of a round alike.
have_perl=
[ -n "${FLAMEGRAPH_DIR:-}" ] && [ -x "$FLAMEGRAPH_DIR/difffolded.pl" ] && have_perl=1
export FLAMEGRAPH_DIR before after out_dir
wall_ratios=() cpu_ratios=() reports_ratios=()
for ((round = 1; round <= ${BENCH_ROUNDS:-5}; round++)); do
  [ -n "$have_perl" ] && echo "round $round:"
  measure flamediff "$bin/flamediff" -o "$out_dir/flamediff.svg" "$before" "$after"
  measure flamediff_reports "$bin/flamediff" -o "$out_dir/flamediff2.svg" --json "$out_dir/diff.json" --markdown "$out_dir/diff.md" --fail-if-grown 100 "$before" "$after"
  [ -n "$have_perl" ] || break
  BENCH_RUNS=1 measure difffolded_flamegraph_pl bash -c \
    'perl "$FLAMEGRAPH_DIR/difffolded.pl" -n "$before" "$after" | perl "$FLAMEGRAPH_DIR/flamegraph.pl" > "$out_dir/difffolded.svg"'
  wall_ratios+=("$(ratio "$difffolded_flamegraph_pl_secs" "$flamediff_secs")")
  reports_ratios+=("$(ratio "$difffolded_flamegraph_pl_secs" "$flamediff_reports_secs")")
  cpu_ratios+=("$(ratio "$difffolded_flamegraph_pl_cpu" "$flamediff_cpu")")
done
median_of() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
if [ -n "$have_perl" ]; then
  echo "speed-up (wall): $(median_of "${wall_ratios[@]}")x faster, median of ${#wall_ratios[@]} paired rounds (${wall_ratios[*]}); with reports: $(median_of "${reports_ratios[@]}")x (${reports_ratios[*]})"
  echo "speed-up (cpu):  $(median_of "${cpu_ratios[@]}")x (${cpu_ratios[*]})"
  echo "memory: $(ratio "$flamediff_kb" "$difffolded_flamegraph_pl_kb") of the perl pipeline's peak RSS (its largest process)"
else
  echo "FLAMEGRAPH_DIR not set: the perl pipeline was not measured (git clone FlameGraph and point FLAMEGRAPH_DIR at it)"
fi
