#!/usr/bin/env bash
# flamegen.sh - the flamegen command line: formats, options, exit codes,
# escaping of hostile names, stdin, merging, atomic output.
. "$(dirname "$0")/lib.sh"
fg="$PK_BIN/flamegen"
example="$PK_TESTDATA/example/example.folded"

expect_exit 0 "$fg" --help
grep -q -- '--minwidth' "$tmp/out" || fail "--help does not list --minwidth"
expect_exit 0 "$fg" --version
expect_exit 2 "$fg" --no-such-flag "$example"
expect_exit 2 "$fg" --colors nope "$example"
expect_exit 2 "$fg" --width abc "$example"
expect_exit 2 "$fg" --format bmp "$example"
expect_exit 1 "$fg" /nonexistent/file
grep -q '^flamegen: /nonexistent/file: cannot open' "$tmp/err" || fail "missing-file message: $(cat "$tmp/err")"

# SVG to stdout and to a file; same bytes; well-formed.
expect_exit 0 "$fg" "$example"
cp "$tmp/out" "$tmp/stdout.svg"
expect_exit 0 "$fg" -o "$tmp/file.svg" "$example"
cmp -s "$tmp/stdout.svg" "$tmp/file.svg" || fail "stdout and -o output differ"
well_formed "$tmp/file.svg"
total=$(awk '{s += $NF} END {print s}' "$example")
[ "$(root_total "$tmp/file.svg")" = "$total" ] || fail "root total $(root_total "$tmp/file.svg") != input total $total"

# stdin
"$fg" - < "$example" > "$tmp/stdin.svg" || fail "stdin input failed"
cmp -s "$tmp/stdin.svg" "$tmp/file.svg" || fail "stdin output differs"

# folded output: canonical, round-trips, chosen by extension or --format
expect_exit 0 "$fg" --format folded "$example"
cp "$tmp/out" "$tmp/a.folded"
"$fg" -o "$tmp/b.folded" "$tmp/a.folded" || fail "folded -> folded failed"
cmp -s "$tmp/a.folded" "$tmp/b.folded" || fail "folded round trip is not stable"
[ "$(awk '{s += $NF} END {print s}' "$tmp/a.folded")" = "$total" ] || fail "folded output total differs"
sort -c "$tmp/a.folded" 2>/dev/null || true

# merging several inputs adds them up
"$fg" --format folded "$example" "$example" > "$tmp/double.folded" || fail "two inputs failed"
[ "$(awk '{s += $NF} END {print s}' "$tmp/double.folded")" = "$((total * 2))" ] || fail "merged total is not twice the input"

# reverse: leaves become roots, total unchanged
printf 'main;a;leaf 3\nmain;b;leaf 2\nmain;b 1\n' > "$tmp/r.folded"
"$fg" --reverse --format folded "$tmp/r.folded" > "$tmp/rev.folded" || fail "--reverse failed"
grep -qx 'leaf;a;main 3' "$tmp/rev.folded" || fail "--reverse did not reverse: $(cat "$tmp/rev.folded")"
grep -qx 'leaf;b;main 2' "$tmp/rev.folded" || fail "--reverse lost a stack"

# hostile names render as text
printf 'main;</text><script>alert(1)</script> 5\nmain;a&b"c'"'"'d 2\nmain;\x01\xff\xfe bad utf8 1\n' > "$tmp/evil.folded"
expect_exit 0 "$fg" -o "$tmp/evil.svg" "$tmp/evil.folded"
well_formed "$tmp/evil.svg"
grep -q '<script>alert' "$tmp/evil.svg" && fail "unescaped <script> in SVG"
grep -qF '&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/evil.svg" || fail "escaped name not found in SVG"
[ "$(grep -c '<script' "$tmp/evil.svg")" -le 1 ] || fail "more than our own script element"

# warnings for skipped lines go to stderr, output still produced
printf 'a;b 1\nnot valid\n' > "$tmp/warn.folded"
expect_exit 0 "$fg" -o "$tmp/warn.svg" "$tmp/warn.folded"
grep -q 'ignored 1 malformed lines, first at .*warn.folded:2' "$tmp/err" || fail "no malformed-line warning: $(cat "$tmp/err")"

# an unwritable output directory is an error, not a crash
expect_exit 1 "$fg" -o /nonexistent-dir/x.svg "$example"

# a big graph (its halves are formatted by two threads) stays whole and in order
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "root;f%05d;g %d\n", i, 1 + i % 7 }' > "$tmp/big.folded"
expect_exit 0 "$fg" --minwidth 0 -o "$tmp/big.svg" "$tmp/big.folded"
well_formed "$tmp/big.svg"
[ "$(grep -c '<g pk:s=' "$tmp/big.svg")" = 60002 ] || fail "big graph: $(grep -c '<g pk:s=' "$tmp/big.svg") frames, want 60002"
grep -o 'pk:s="[0-9]*"' "$tmp/big.svg" | tr -dc '0-9\n' | awk 'NR > 1 && $1 < last { bad = 1 } { last = $1 } END { exit bad }' \
  || fail "big graph: frame starts decrease (halves out of order)"

# options change the drawing as flamegraph.pl's do
expect_exit 0 "$fg" --title 'T<&>' --subtitle Sub --countname bytes --width 600 --height 20 --inverted --colors mem "$example"
grep -qF 'T&lt;&amp;&gt;' "$tmp/out" || fail "--title not escaped/shown"
grep -q 'width="600"' "$tmp/out" || fail "--width not applied"
grep -q ' bytes, ' "$tmp/out" || fail "--countname not used in tooltips"
# What was not drawn is said on the details line.
printf 'a;b 1000\na;c 1\nd 3\n' > "$tmp/nd.folded"
"$PK_BIN/flamegen" --minwidth 1% "$tmp/nd.folded" > "$tmp/nd.svg" || fail "--minwidth 1% failed"
grep -q 'not drawn: 2 frames narrower than 1% (0.40% of the total, with callees)' "$tmp/nd.svg" \
  || fail "--minwidth: details line: $(grep -o '<text id="details"[^<]*' "$tmp/nd.svg")"
"$PK_BIN/flamegen" --min-percent 1 "$tmp/nd.folded" > "$tmp/mp.svg" || fail "--min-percent failed"
grep -q 'filters folded 2 frames into their callers (no samples lost)' "$tmp/mp.svg" \
  || fail "--min-percent: details line: $(grep -o '<text id="details"[^<]*' "$tmp/mp.svg")"
finish
