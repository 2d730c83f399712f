#!/usr/bin/env bash
# html_cli.sh - the tools' HTML output without a browser: the right page
# kind from --format html, -o x.html and heapdiff --html, identical bytes
# run to run and between stdout and -o, the script syntax-checked by node
# when present, and a failed write leaving no file and naming the path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data="${PK_TESTDATA:-$here/../../testdata}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$1"; then echo "FAIL: $2"; fail=1; fi; }

"$PK_BIN/flamegen" --format html "$data/example/example.folded" > "$tmp/stdout.html"
"$PK_BIN/flamegen" -o "$tmp/a.html" "$data/example/example.folded"
"$PK_BIN/flamegen" -o "$tmp/b.html" "$data/example/example.folded"
check 'cmp -s "$tmp/a.html" "$tmp/b.html"' "two runs give the same page"
check 'cmp -s "$tmp/a.html" "$tmp/stdout.html"' "--format html on stdout = -o x.html"
check 'head -c 15 "$tmp/a.html" | grep -q "<!DOCTYPE html>"' "a page starts with the doctype"
check '[ "$(grep -o "<script" "$tmp/a.html" | wc -l)" -eq 2 ]' "two script elements"
check 'grep -q "Content-Security-Policy\" content=\"default-src '"'"'none'"'"'" "$tmp/a.html"' "a CSP forbids the network"
check '! grep -qiE "(src|href)=\"(https?:)?//" "$tmp/a.html"' "no external resource"
check 'grep -q "\"kind\":\"flame\"" "$tmp/a.html"' "flamegen writes a flame page"

"$PK_BIN/flamediff" -o "$tmp/d.html" "$data/diff/colour_before.folded" "$data/diff/colour_after.folded"
check 'grep -q "\"kind\":\"diff\"" "$tmp/d.html" && grep -q "\"changes\":\[\[\"cold\"" "$tmp/d.html"' "flamediff writes a diff page with its changes"
"$PK_BIN/flamediff" --format html "$data/diff/colour_before.folded" "$data/diff/colour_after.folded" > "$tmp/d2.html"
check 'cmp -s "$tmp/d.html" "$tmp/d2.html"' "flamediff --format html = -o x.html"

"$PK_BIN/heapdiff" --html "$tmp/h.html" "$data/heap/leak-1.heapsnapshot.gz" "$data/heap/leak-2.heapsnapshot.gz" > /dev/null
check 'grep -q "\"kind\":\"heap\"" "$tmp/h.html" && grep -q "\"name\":\"LeakyThing\",\"verdict\":\"leak\"" "$tmp/h.html"' "heapdiff --html writes a heap page with its verdicts"

set +e
"$PK_BIN/flamegen" -o "$tmp/missing/x.html" "$data/example/example.folded" 2> "$tmp/err"
rc=$?
set -e
check '[ $rc -ne 0 ] && grep -q "missing/x.html" "$tmp/err" && [ ! -e "$tmp/missing/x.html" ]' "a failed write exits non-zero, names the path, leaves nothing"

if command -v node > /dev/null; then
  node --check "$here/../../renderers/src/html/page.js" || { echo "FAIL: page.js syntax"; fail=1; }
fi
exit $fail
