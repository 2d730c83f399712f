#!/usr/bin/env bash
# formats_callgrind_vs_annotate.sh - reading a callgrind file: flamegen
# (callgrind -> folded stacks) against valgrind's callgrind_annotate
# (the function table) on the same generated input, in one run.
#
#   bash bench/formats_callgrind_vs_annotate.sh [MEGABYTES]   (default 20)
#
# The input comes from gen_callgrind.py (2000 functions, two events,
# compressed names and positions, DAG-shaped calls).  callgrind_annotate
# only tabulates; flamegen also expands the call graph into a tree, so the
# comparison is of the whole job each tool does with the file.
source "$(dirname "$0")/lib.sh"
mb=${1:-20}
input="$out_dir/callgrind-${mb}m.out"
[ -s "$input" ] || python3 "$bench_dir/gen_callgrind.py" "$input" "$mb"
echo "input: $input ($(du -h "$input" | cut -f1))"
measure flamegen_callgrind "$bin/flamegen" --format folded -o "$out_dir/callgrind.folded" "$input"
if command -v callgrind_annotate >/dev/null; then
  BENCH_RUNS=${ANNOTATE_RUNS:-3} measure callgrind_annotate callgrind_annotate "$input"
  echo "speed-up: $(ratio "$callgrind_annotate_secs" "$flamegen_callgrind_secs")x faster (wall)," \
       "$(ratio "$callgrind_annotate_cpu" "$flamegen_callgrind_cpu")x less CPU (user+sys);" \
       "memory: $(ratio "$flamegen_callgrind_kb" "$callgrind_annotate_kb") of callgrind_annotate's peak RSS"
else
  echo "callgrind_annotate not installed (valgrind package): not measured"
fi
