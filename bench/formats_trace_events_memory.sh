#!/usr/bin/env bash
# formats_trace_events_memory.sh - a big trace-event file (duration
# events) read in bounded memory: flamegen converts a generated trace of
# MEGABYTES MB (default 500) to folded stacks; its peak RSS must stay at
# most 3x the file's size.
#
#   bash bench/formats_trace_events_memory.sh [MEGABYTES]
source "$(dirname "$0")/lib.sh"
mb=${1:-500}
input="$out_dir/trace-${mb}m.json"
[ -s "$input" ] || python3 "$bench_dir/gen_trace_events.py" "$input" "$mb"
bytes=$(stat -c %s "$input")
echo "input: $input ($(du -h "$input" | cut -f1), $(grep -c '"ph":"[BEX]"' "$input") duration events)"
BENCH_RUNS=${BENCH_RUNS:-1} measure flamegen_trace "$bin/flamegen" --format folded -o "$out_dir/trace.folded" "$input"
echo "peak RSS / input size: $(awk -v kb="$flamegen_trace_kb" -v b="$bytes" 'BEGIN {printf "%.2f", kb * 1024 / b}')x (bound: 3x)"
awk -v kb="$flamegen_trace_kb" -v b="$bytes" 'BEGIN {exit !(kb * 1024 <= 3 * b)}' || { echo "OVER THE BOUND"; exit 1; }
