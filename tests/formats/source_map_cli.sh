#!/usr/bin/env bash
# source_map_cli.sh - --source-map from the command line: a bundle's
# sourceMappingURL, an inline data: map, a directory of maps, flamediff
# sharing the flag, and bad maps refused with the map's name and byte,
# exit 1 and no output file left behind.
. "$(dirname "$0")/../cli/lib.sh"
D=testdata/sourcemap
P=$D/bundle.cpuprofile

expect_exit 0 "$PK_BIN/flamegen" --format folded "$P"
grep -q '^b;a;helper 2000$' "$tmp/out" || fail "unmapped reading changed: $(cat "$tmp/out")"

for map in "$D/bundle.min.js" "$D/inline.min.js" "$D/bundle.min.js.map"; do
  expect_exit 0 "$PK_BIN/flamegen" --source-map "$map" --format folded "$P"
  [ "$(cat "$tmp/out")" = "$(printf 'b;sumSquares 1000\nb;sumSquares;helper 2000')" ] ||
    fail "--source-map $map: $(cat "$tmp/out")"
done
# maps/ holds lib.js.map only: the bundle's frames are not its.
expect_exit 0 "$PK_BIN/flamegen" --source-map "$D/maps" --format folded "$P"
grep -q '^b;a;helper 2000$' "$tmp/out" || fail "a map for another bundle changed frames: $(cat "$tmp/out")"
grep -q 'no frame matched a source map' "$tmp/err" || fail "no warning when nothing matched: $(cat "$tmp/err")"

# Original files and lines reach the exports.
expect_exit 0 "$PK_BIN/flamegen" --source-map "$D/bundle.min.js" --format speedscope "$P"
grep -q '"name":"sumSquares","file":"src/math.ts","line":1,"col":1' "$tmp/out" ||
  fail "speedscope export lacks the mapped frame: $(head -c 400 "$tmp/out")"

# flamediff shares the flag: both sides mapped, so the frames pair up.
expect_exit 0 "$PK_BIN/flamediff" --source-map "$D/bundle.min.js" --format folded "$P" "$P"
grep -q 'sumSquares' "$tmp/out" || fail "flamediff did not map: $(head -c 300 "$tmp/out")"

# Bad maps: an error naming the map and the byte, exit 1, no output file.
printf '{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA,ACAA"}' >"$tmp/bad.js.map"
expect_exit 1 "$PK_BIN/flamegen" --source-map "$tmp/bad.js.map" -o "$tmp/out.svg" "$P"
grep -q "bad.js.map: byte 60: mappings: source index 1 out of range (1 sources)" "$tmp/err" ||
  fail "bad map error: $(cat "$tmp/err")"
[ ! -e "$tmp/out.svg" ] || fail "an output file was left behind"
expect_exit 1 "$PK_BIN/flamegen" --source-map "$D/plain.js" "$P"
grep -q "plain.js: neither a source map nor a bundle with a sourceMappingURL comment" "$tmp/err" ||
  fail "plain.js error: $(cat "$tmp/err")"
expect_exit 1 "$PK_BIN/flamegen" --source-map "$tmp/none.map" "$P"
grep -q "none.map" "$tmp/err" || fail "missing map error: $(cat "$tmp/err")"
finish
