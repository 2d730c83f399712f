#!/usr/bin/env bash
# flamediff.sh - differential colouring against a hand-worked golden file,
# --negate, two-count folded output, every exit code, report escaping, and
# conformance with inferno's diff-folded results (skipped without peers).
. "$(dirname "$0")/../cli/lib.sh"
fd="$PK_BIN/flamediff"
d="$PK_TESTDATA/diff"

colours() { grep -o '<title>[^<]*</title><rect [^>]*fill="[^"]*"' "$1" | sed -E 's/<title>([^ ]*) .*fill="([^"]*)"/\1 \2/'; }

# Golden colours (testdata/diff/README.md explains each value).
expect_exit 0 "$fd" "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/diff.svg"
well_formed "$tmp/diff.svg"
colours "$tmp/diff.svg" > "$tmp/colours.txt"
diff -u "$d/colour_expected.txt" "$tmp/colours.txt" >&2 || fail "colours differ from colour_expected.txt"
grep -q 'grey: noise' "$tmp/diff.svg" || fail "legend does not mention noise"
grep -q 'dashed red/blue outline: only the total' "$tmp/diff.svg" || fail "legend does not explain inclusive-only changes"
grep -q '<title>hot (200 samples, 53.05%; before 124, after 200, delta +76 (+60.74%); self = total 33.00→53.05% (+20.05 pp, p=9.6e-05, grew))</title>' "$tmp/diff.svg" \
  || fail "hot tooltip: $(grep -o '<title>hot[^<]*' "$tmp/diff.svg")"
# --negate swaps red and blue.
expect_exit 0 "$fd" --negate "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/neg.svg"
colours "$tmp/neg.svg" | grep -qx 'hot rgb(58,58,255)' || fail "--negate: hot is not blue"
colours "$tmp/neg.svg" | grep -qx 'cold rgb(255,0,0)' || fail "--negate: cold is not red"
# --show-removed keeps frames only the first profile has (reverse the pair).
expect_exit 0 "$fd" --show-removed "$d/colour_after.folded" "$d/colour_before.folded" -o "$tmp/rm.svg"
colours "$tmp/rm.svg" | grep -qx 'new rgb(80,200,200)' || fail "--show-removed: a removed frame is not drawn teal"
grep -q '<title>new [^<]*REMOVED (absent after)' "$tmp/rm.svg" || fail "--show-removed: tooltip does not say removed"
expect_exit 0 "$fd" "$d/colour_after.folded" "$d/colour_before.folded" -o "$tmp/norm.svg"
colours "$tmp/norm.svg" | grep -q '^new ' && fail "without --show-removed a vanished frame must not be drawn"

# Two-count folded round trip: one file in, same colours out.
expect_exit 0 "$fd" --no-normalize --format folded "$d/colour_before.folded" "$d/colour_after.folded"
grep -qx 'main;hot 100 200' "$tmp/out" || fail "folded output: $(cat "$tmp/out")"
cp "$tmp/out" "$tmp/two.folded"
expect_exit 0 "$fd" "$tmp/two.folded" -o "$tmp/two.svg"
diff <(colours "$tmp/two.svg") "$d/colour_expected.txt" >/dev/null || fail "two-count input colours differ"

# Exit codes: 0 within gates, 3 breached (each breach named), 1 bad input, 2 usage.
expect_exit 0 "$fd" --fail-if-grown 25 --budget 'hot<=60' "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/g.svg"
expect_exit 3 "$fd" --fail-if-grown 15 "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/g.svg"
grep -q 'CI gate breached: grew: hot +20.05 points' "$tmp/err" || fail "breach not named: $(cat "$tmp/err")"
grep -q 'new' "$tmp/err" && fail "new grew 13.26 points, under the limit of 15"
expect_exit 3 "$fd" --budget 'ho.<=50%' "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/g.svg"
grep -q 'budget: ho. at 53.05% of total (was 33.00%), limit 50.00%' "$tmp/err" || fail "budget breach: $(cat "$tmp/err")"
# Noise never fails a build: 'same' shrank, 'tiny' grew, both within noise.
expect_exit 0 "$fd" --fail-if-grown 0 --ignore 'hot|new|cold' "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/g.svg"
expect_exit 1 "$fd" "$d/colour_before.folded" /nonexistent/after.folded
grep -q '^flamediff: /nonexistent/after.folded' "$tmp/err" || fail "missing file message: $(cat "$tmp/err")"
expect_exit 1 "$fd" "$d/colour_before.folded"
grep -q 'two counts' "$tmp/err" || fail "one-count single input message: $(cat "$tmp/err")"
expect_exit 2 "$fd"
expect_exit 2 "$fd" --budget 'nolimit' a b
expect_exit 2 "$fd" --budget 'x<=200' a b
expect_exit 2 "$fd" --focus '(' "$d/colour_before.folded" "$d/colour_after.folded"
expect_exit 2 "$fd" --json - --markdown - a b
expect_exit 2 "$fd" --format pprof a b
# Nothing is left behind when the run fails.
expect_exit 1 "$fd" "$d/colour_before.folded" /nonexistent -o "$tmp/none.svg"
[ -e "$tmp/none.svg" ] && fail "output file left behind after failure"

# Reports: a hostile frame name is escaped in every format.
printf 'main;</td><script>|x`*_ 100\nmain;b 100\n' > "$tmp/evil_before.folded"
printf 'main;</td><script>|x`*_ 900\nmain;b 100\n' > "$tmp/evil_after.folded"
expect_exit 0 "$fd" --markdown - "$tmp/evil_before.folded" "$tmp/evil_after.folded"
grep -q '<script>' "$tmp/out" && fail "markdown leaks raw HTML"
grep -q '\\<script\\>\\|x\\`\\\*\\_' "$tmp/out" || fail "markdown escaping: $(grep script "$tmp/out")"
expect_exit 0 "$fd" --top 3 "$tmp/evil_before.folded" "$tmp/evil_after.folded"
grep -q 'Largest significant changes by self' "$tmp/out" || fail "--top table missing"
expect_exit 0 "$fd" --json "$tmp/r.json" -o "$tmp/r.svg" "$tmp/evil_before.folded" "$tmp/evil_after.folded"
grep -q '"function": "</td><script>|x`\*_"' "$tmp/r.json" || fail "json name: $(grep function "$tmp/r.json" | head -2)"
well_formed "$tmp/r.svg"
expect_exit 0 "$fd" -o "$tmp/r.png" "$tmp/evil_before.folded" "$tmp/evil_after.folded"
[ "$(head -c 8 "$tmp/r.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "-o x.png is not a PNG"

# Conformance: inferno's diff-folded expectations (stack before after).
inf="$PK_PEERS/inferno/tests/data/diff-folded"
if [ -d "$inf" ]; then
  for mode in default normalize; do
    flag=--no-normalize; [ "$mode" = normalize ] && flag=--normalize
    "$fd" $flag --format folded "$inf/before.txt" "$inf/after.txt" 2>/dev/null | sort > "$tmp/ours"
    sort "$inf/results/$mode.txt" | diff -u - "$tmp/ours" >&2 || fail "inferno diff-folded $mode differs"
  done
  "$fd" --no-normalize --format folded "$inf/before_fractionals.txt" "$inf/after.txt" 2>"$tmp/err" | sort > "$tmp/ours"
  sort "$inf/results/fractionals.txt" | diff -u - "$tmp/ours" >&2 || fail "inferno diff-folded fractionals differs"
  grep -q 'truncated' "$tmp/err" || fail "fractional counts: no warning"
  # inferno warns "Unable to parse line" for bad_before.txt; we skip it and say where.
  expect_exit 0 "$fd" --format folded "$inf/bad_before.txt" "$inf/after.txt"
  grep -q 'malformed lines, first at .*bad_before.txt:3' "$tmp/err" || fail "bad_before: $(cat "$tmp/err")"
  # Every two-count folded file among the peers renders to valid SVG and PNG.
  for f in "$PK_PEERS/inferno/tests/data/flamegraph/differential/"*.txt "$inf/results/"*.txt; do
    "$fd" "$f" -o "$tmp/peer.svg" 2>"$tmp/err" || { fail "$f: $(cat "$tmp/err")"; continue; }
    well_formed "$tmp/peer.svg"
    "$fd" "$f" -o "$tmp/peer.png" 2>"$tmp/err" || fail "$f (png): $(cat "$tmp/err")"
  done
  # Two FlameGraph test profiles diffed: differ in shape, both parse.
  fgr="$PK_PEERS/FlameGraph/test/results"
  if [ -f "$fgr/perf-java-stacks-01-collapsed-all.txt" ] && [ -f "$fgr/perf-java-stacks-02-collapsed-all.txt" ]; then
    expect_exit 0 "$fd" --show-removed "$fgr/perf-java-stacks-01-collapsed-all.txt" "$fgr/perf-java-stacks-02-collapsed-all.txt" -o "$tmp/java.svg"
    well_formed "$tmp/java.svg"
    after_total=$(awk '{ s += $NF } END { print s }' "$fgr/perf-java-stacks-02-collapsed-all.txt")
    expect_exit 0 "$fd" --format folded --no-normalize "$fgr/perf-java-stacks-01-collapsed-all.txt" "$fgr/perf-java-stacks-02-collapsed-all.txt"
    [ "$(awk '{ s += $NF } END { print s }' "$tmp/out")" = "$after_total" ] || fail "java pair: after column does not sum to the second file's total"
  fi
else
  echo "peers absent: conformance part skipped"
fi
# What was not drawn is said on the details line (SVG and PNG alike): frames
# narrower than --minwidth with their share, frames the filters removed.
# colour_after: tiny is 5 of 377 samples (1.33%), so --minwidth 2% drops it.
expect_exit 0 "$fd" --minwidth 2% "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/mw.svg"
grep -q '<text id="details"[^>]*>not drawn: 1 frame narrower than 2% (1.33% of the total, with callees)<' "$tmp/mw.svg" \
  || fail "--minwidth: details line does not count the frame left out: $(grep -o '<text id="details"[^<]*' "$tmp/mw.svg")"
expect_exit 0 "$fd" --ignore '^hot$' "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/ig.svg"
grep -q 'not drawn: filters left out 1 frame (53.05% of the total)' "$tmp/ig.svg" \
  || fail "--ignore: details line does not count what the filter left out: $(grep -o '<text id="details"[^<]*' "$tmp/ig.svg")"
expect_exit 0 "$fd" "$d/colour_before.folded" "$d/colour_after.folded" -o "$tmp/all.svg"
grep -q '<text id="details"[^>]*> <' "$tmp/all.svg" || fail "nothing left out, yet the details line says something"
# Inclusive-only changes: pale with a dashed outline in SVG; the PNG draws too.
printf 'main;caller;a 30\nmain;caller;b 30\nmain;caller;c 30\nmain;caller;d 30\nmain;other 880\n' > "$tmp/in1.folded"
printf 'main;caller;a 45\nmain;caller;b 45\nmain;caller;c 45\nmain;caller;d 45\nmain;other 820\n' > "$tmp/in2.folded"
expect_exit 0 "$fd" "$tmp/in1.folded" "$tmp/in2.folded" -o "$tmp/incl.svg"
grep -q '<title>caller [^<]*</title><rect [^>]*fill="rgb(255,232,232)" stroke="rgb(220,0,0)" stroke-width="1" stroke-dasharray="3,2"' "$tmp/incl.svg" \
  || fail "inclusive-only growth is not pale red with a dashed outline: $(grep -o '<title>caller[^>]*>[^>]*>' "$tmp/incl.svg")"
grep -q '<title>a [^<]*self [^<]*noise' "$tmp/incl.svg" || fail "a's own change should be noise: $(grep -o '<title>a [^<]*' "$tmp/incl.svg")"
grep -q '<title>caller [^<]*no self samples; total [0-9.]*→[0-9.]*% (+[0-9.]* pp, p=[^,]*, grew)' "$tmp/incl.svg" \
  || fail "caller's tooltip does not give its total change: $(grep -o '<title>caller [^<]*' "$tmp/incl.svg")"
printf 'main;x 50\nmain;x;y 50\n' > "$tmp/s1.folded"; printf 'main;x 90\nmain;x;y 50\n' > "$tmp/s2.folded"
expect_exit 0 "$fd" "$tmp/s1.folded" "$tmp/s2.folded" -o "$tmp/s.svg"
grep -q '<title>x [^<]*; self 50.00→64.29% ([^)]*); total 100.00→100.00% ([^)]*))' "$tmp/s.svg" \
  || fail "a frame with self and callees gives both: $(grep -o '<title>x [^<]*' "$tmp/s.svg")"
expect_exit 0 "$fd" "$tmp/in1.folded" "$tmp/in2.folded" -o "$tmp/incl.png"
[ -s "$tmp/incl.png" ] || fail "PNG of inclusive-only changes not written"

finish
