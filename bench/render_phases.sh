#!/usr/bin/env bash
# render_phases.sh - time layout, scene and SVG apart from parsing, on the
# same generated 20 MB folded file as flamegen_vs_flamegraph.sh: once with
# flamegraph.pl's default pruning (--minwidth 0.1 px) and once drawing every
# node of the tree (the worst case for the SVG writer).
#
#   bash bench/render_phases.sh        (after building into build/)
source "$(dirname "$0")/lib.sh"
phases="${PK_BUILD:-$repo_dir/build}/bench/render_phases"
[ -x "$phases" ] || { echo "build first: $phases is missing"; exit 1; }
input="$out_dir/stacks-20m.folded"
[ -s "$input" ] || python3 "$bench_dir/gen_folded.py" --size $((20 * 1024 * 1024)) --stacks 25000 --depth 60 > "$input"
echo "input: $input ($(du -h "$input" | cut -f1))"
echo "--- minwidth 0.1 px (default)"
"$phases" "$input" 5 0.1
echo "--- minwidth 0 (every node drawn)"
"$phases" "$input" 3 0
measure flamegen_end_to_end "$bin/flamegen" -o "$out_dir/render_phases.svg" "$input"
