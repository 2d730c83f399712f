#!/usr/bin/env bash
# flamegen_views.sh - flamegen's view flags: filters change the drawn
# totals, --top prints the table, PNG by flag or extension, flame chart
# and bad patterns fail with the right exit code.
. "$(dirname "$0")/../cli/lib.sh"
fg="$PK_BIN/flamegen"
in="$tmp/in.folded"
printf 'main;a;b;c 10\nmain;a;x 5\nmain;hide_me;d 4\nmain;e;f 1\nother;a;b 2\n' > "$in"

expect_exit 0 "$fg" --focus '^b$' "$in" -o "$tmp/focus.svg"
well_formed "$tmp/focus.svg"
[ "$(root_total "$tmp/focus.svg")" = 12 ] || fail "--focus total $(root_total "$tmp/focus.svg"), want 12"
expect_exit 0 "$fg" --ignore '^a$' "$in" -o "$tmp/ignore.svg"
[ "$(root_total "$tmp/ignore.svg")" = 5 ] || fail "--ignore total $(root_total "$tmp/ignore.svg"), want 5"
expect_exit 0 "$fg" --hide hide_ --format folded "$in"
grep -qx 'main;d 4' "$tmp/out" || fail "--hide: $(cat "$tmp/out")"
expect_exit 0 "$fg" --focus '^b$' --focus-root --format folded "$in"
[ "$(cat "$tmp/out")" = "$(printf 'b 2\nb;c 10')" ] || fail "--focus-root: $(cat "$tmp/out")"
expect_exit 0 "$fg" --prune-from '^a$' --format folded "$in"
grep -qx 'main;a 15' "$tmp/out" || fail "--prune-from: $(cat "$tmp/out")"
expect_exit 0 "$fg" --min-percent 5 --format folded "$in"
grep -qx 'main 1' "$tmp/out" || fail "--min-percent: $(cat "$tmp/out")"
expect_exit 0 "$fg" --top 2 "$in"
head -1 "$tmp/out" | grep -q '^Showing 2 of ' || fail "--top header: $(head -1 "$tmp/out")"
grep -q '  c$' "$tmp/out" || fail "--top: c (flat 10) missing"
expect_exit 0 "$fg" --top 1 --top-by total "$in"
grep -q ' 100.00%  main$\| 90.91%  main$' "$tmp/out" || fail "--top-by total: $(cat "$tmp/out")"
png_magic() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
expect_exit 0 "$fg" "$in" -o "$tmp/g.png"
png_magic "$tmp/g.png" || fail "-o g.png is not a PNG"
expect_exit 0 "$fg" --format png --inverted "$in"
png_magic "$tmp/out" || fail "--format png is not a PNG"
expect_exit 2 "$fg" --hide '(' "$in"
grep -q -- "--hide: bad regular expression '('" "$tmp/err" || fail "bad regex message: $(cat "$tmp/err")"
expect_exit 2 "$fg" --focus-root "$in"
expect_exit 2 "$fg" --flamechart --reverse "$in"
expect_exit 2 "$fg" --flamechart "$in" -o "$tmp/chart.svg"
grep -q 'no time order' "$tmp/err" || fail "--flamechart on folded: $(cat "$tmp/err")"
[ -e "$tmp/chart.svg" ] && fail "output left behind"
expect_exit 1 "$fg" --width 40000 "$in" -o "$tmp/huge.png"
[ -e "$tmp/huge.png" ] && fail "PNG left behind after the size error"
# Flame chart of a real .cpuprofile (speedscope's sample): time order kept,
# so b runs before c, each with its own d; skipped without peers.
cpu="$PK_PEERS/speedscope/sample/profiles/node/10.11.0/example.cpuprofile"
if [ -f "$cpu" ]; then
  expect_exit 0 "$fg" --flamechart "$cpu" -o "$tmp/chart.svg"
  well_formed "$tmp/chart.svg"
  grep -q '>Flame Chart<' "$tmp/chart.svg" || fail "flame chart title missing"
  x_of() { grep -o "<title>$1 ([^<]*</title><rect x=\"[0-9.]*\"" "$tmp/chart.svg" | head -1 | sed 's/.*x="//; s/"//'; }
  bx=$(x_of b) cx=$(x_of c)
  [ -n "$bx" ] && [ -n "$cx" ] && awk -v b="$bx" -v c="$cx" 'BEGIN { exit !(b < c) }' || fail "chart order: b at $bx, c at $cx"
  [ "$(grep -c '<title>d (' "$tmp/chart.svg")" -eq 2 ] || fail "chart: expected two separate d frames"
  expect_exit 0 "$fg" --flamechart --hide '^b$' "$cpu" -o "$tmp/chart2.png"
  png_magic "$tmp/chart2.png" || fail "filtered flame chart PNG"
fi
finish
