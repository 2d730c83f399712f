#!/usr/bin/env bash
# html_page.sh - the HTML report's budgets on the generated 20 MB folded
# file (606k call-tree nodes; the same input as render_phases.sh):
#   size    the page against the SVG drawing every node (--minwidth 0): <= 1/5
#   write   flamegen -o x.html, wall time
#   browser first paint <= 1 s, a zoom and a search <= 100 ms each, in
#           headless chromium (bench/html_page.js, median of 5 loads)
# and the same for a differential page of that file against a perturbed copy.
#
#   bash bench/html_page.sh        (after building into build/ and
#                                   scripts/install-browser-tests.sh)
source "$(dirname "$0")/lib.sh"
input="$out_dir/stacks-20m.folded"
[ -s "$input" ] || python3 "$bench_dir/gen_folded.py" --size $((20 * 1024 * 1024)) --stacks 25000 --depth 60 > "$input"
after="$out_dir/stacks-20m-after.folded"
[ -s "$after" ] || awk 'NR % 7 == 0 { $NF = int($NF * 1.5) } NR % 11 == 0 { $NF = int($NF / 2) + 1 } { print }' "$input" > "$after"
echo "input: $input ($(du -h "$input" | cut -f1)); load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$bin/flamegen" --minwidth 0 -o "$out_dir/html_full.svg" "$input"
measure flamegen_html "$bin/flamegen" -o "$out_dir/html_page.html" "$input"
measure flamediff_html "$bin/flamediff" -o "$out_dir/html_diff.html" "$input" "$after"
svg=$(stat -c %s "$out_dir/html_full.svg")
for page in html_page html_diff; do
  size=$(stat -c %s "$out_dir/$page.html")
  echo "$page.html: $size bytes = 1/$(ratio "$svg" "$size") of the full SVG ($svg bytes)"
  node "$bench_dir/html_page.js" "$out_dir/$page.html"
done
