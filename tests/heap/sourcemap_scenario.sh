#!/usr/bin/env bash
# sourcemap_scenario.sh - a minified bundle (testdata/heap/sourcemap, made
# by esbuild from src/, see its README) leaks 2000 closures into a global
# array between two heap snapshots that node writes here and now.
# heapdiff must name the leaking closure by its minified name at its place
# in the bundle without --source-map, and by its original name, file, line
# and column with the map given as a file, as a directory, or through the
# bundle's sourceMappingURL.  Skips (77) without node.
. "$(dirname "$0")/../cli/lib.sh"
H="$PK_BIN/heapdiff"
D="$PK_TESTDATA/heap/sourcemap"
[ -x "$H" ] || skip "heapdiff not built"
command -v node >/dev/null || skip "node not installed"
mkdir -p "$tmp/app" "$tmp/maps" "$tmp/snaps"
cp "$D/bundle.min.js" "$D/bundle.min.js.map" "$tmp/app/"
cp "$D/bundle.min.js.map" "$tmp/maps/"
node "$tmp/app/bundle.min.js" "$tmp/snaps" || { fail "node could not run the bundle"; finish; }
A="$tmp/snaps/bundle-1.heapsnapshot"
B="$tmp/snaps/bundle-2.heapsnapshot"

# check JSON MODE: the leak's closure class, against positions read from the sources
check() {
  python3 - "$1" "$2" "$D" <<'PY' || fail "$2: $(head -c 600 "$1")"
import json, sys
report, mode, d = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(report))
leaks = r["leaks"]
assert len(leaks) == 1, [l["holder"] for l in leaks]
assert leaks[0]["holder"] == "Array `requestLog`", leaks[0]["holder"]
closures = [c for c in leaks[0]["classes"] if "function" in c]
assert len(closures) == 1, leaks[0]["classes"]
c = closures[0]
assert c["count"] == 2000, c
bundle = open(d + "/bundle.min.js").read()
# V8 places a function at the parenthesis of its argument list
gen_name = "p"
gen_col = bundle.index("function " + gen_name + "(") + len("function " + gen_name) + 1
if mode == "plain":
    assert c["name"] == gen_name + "()" and c["function"] == gen_name, c
    assert c["file"].endswith("/app/bundle.min.js"), c
    assert (c["line"], c["column"]) == (1, gen_col), (c, gen_col)
    assert "generated_file" not in c, c
else:
    lines = open(d + "/src/leaky.js").read().split("\n")
    line = next(i for i, l in enumerate(lines) if "function onRequestFinished(" in l)
    col = lines[line].index("onRequestFinished") + 1
    assert c["name"] == "onRequestFinished()" and c["function"] == "onRequestFinished", c
    assert (c["file"], c["line"], c["column"]) == ("src/leaky.js", line + 1, col), (c, line + 1, col)
    assert c["generated_file"].endswith("/app/bundle.min.js"), c
    assert (c["generated_line"], c["generated_column"]) == (1, gen_col), c
PY
}

expect_exit 0 "$H" --json -o "$tmp/plain.json" "$A" "$B"
check "$tmp/plain.json" plain
for map in "$tmp/app/bundle.min.js.map" "$tmp/maps" "$tmp/app/bundle.min.js"; do
  expect_exit 0 "$H" --json -o "$tmp/mapped.json" --source-map "$map" "$A" "$B"
  check "$tmp/mapped.json" "mapped by $map"
done

# the text report says the same as DevTools would: name @ file:line:col
"$H" --width 300 --source-map "$tmp/maps" "$A" "$B" >"$tmp/text" 2>&1
grep -q '2000 onRequestFinished() @ src/leaky\.js:7:12' "$tmp/text" || fail "text report: $(head -3 "$tmp/text")"
"$H" --width 300 "$A" "$B" >"$tmp/text" 2>&1
grep -q "2000 p() @ $tmp/app/bundle\.min\.js:1:" "$tmp/text" || fail "plain text report: $(head -3 "$tmp/text")"

# a map that is not there, or not a map: refused naming it
expect_exit 1 "$H" --source-map "$tmp/none.map" "$A" "$B"
grep -q "none.map" "$tmp/err" || fail "a missing map is not named: $(cat "$tmp/err")"
echo '{"version": 3, "sources": [], "names": [], "mappings": "!!"}' >"$tmp/bad.map"
expect_exit 1 "$H" --source-map "$tmp/bad.map" "$A" "$B"
grep -q "bad.map" "$tmp/err" || fail "a bad map is not named: $(cat "$tmp/err")"
finish
