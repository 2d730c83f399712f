#!/usr/bin/env bash
# utf8_everywhere.sh - a name holding the bytes ED A0 80 (a UTF-16
# surrogate written as if it were UTF-8, what CESU-8 and broken encoders
# produce) comes out as valid UTF-8 from every writer: heapdiff's table and
# JSON, flamediff's JSON, Markdown and --top table, and the SVGs of
# flamegen, flamediff and heapdiff --flame.  Each output is decoded with
# Python's strict UTF-8 codec (which rejects surrogates) and must show the
# name with U+FFFD where the bad bytes were (one per byte).  The folded writer is the
# exception on purpose: folded stacks are data, so their bytes round-trip.
. "$(dirname "$0")/../cli/lib.sh"
B="$PK_BIN"
D="$PK_TESTDATA"
[ -x "$B/heapdiff" ] && [ -x "$B/flamediff" ] && [ -x "$B/flamegen" ] || skip "tools not built"
command -v python3 >/dev/null || skip "no python3"

# strict FILE WANT: FILE is valid UTF-8 and contains WANT (UTF-8, \u escapes allowed in WANT)
strict() {
  python3 - "$1" "$2" <<'PY' || fail "$1: not valid UTF-8 or lacks the repaired name"
import sys
data = open(sys.argv[1], 'rb').read()
text = data.decode('utf-8')          # strict: raises on ED A0 80
want = sys.argv[2].encode().decode('unicode_escape')
assert want in text, (want, text[:400])
PY
}
# json_name FILE: FILE parses as JSON from strict UTF-8 and holds a string with U+FFFD between the halves
json_name() {
  python3 - "$1" "$2" <<'PY' || fail "$1: JSON not valid UTF-8 or name not repaired"
import json, sys
doc = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8'))
want = sys.argv[2].encode().decode('unicode_escape')
def strings(v):
    if isinstance(v, dict):
        for k, x in v.items(): yield k; yield from strings(x)
    elif isinstance(v, list):
        for x in v: yield from strings(x)
    elif isinstance(v, str): yield v
assert any(want in s for s in strings(doc)), want
PY
}

bad=$'\xed\xa0\x80'
# Folded inputs: before and after differ so the frame is a significant change.
printf 'main;Bad%sName;leaf 10\nmain;other 90\n' "$bad" > "$tmp/before.folded"
printf 'main;Bad%sName;leaf 60\nmain;other 40\n' "$bad" > "$tmp/after.folded"

expect_exit 0 "$B/flamegen" -o "$tmp/flame.svg" "$tmp/after.folded"
strict "$tmp/flame.svg" 'Bad\ufffd\ufffd\ufffdName'
well_formed "$tmp/flame.svg"
expect_exit 0 "$B/flamediff" -o "$tmp/diff.svg" --json "$tmp/diff.json" --markdown "$tmp/diff.md" --top 5 \
  "$tmp/before.folded" "$tmp/after.folded"
cp "$tmp/out" "$tmp/diff-top.txt"
strict "$tmp/diff.svg" 'Bad\ufffd\ufffd\ufffdName'
json_name "$tmp/diff.json" 'Bad\ufffd\ufffd\ufffdName'
strict "$tmp/diff.md" 'Bad\ufffd\ufffd\ufffdName'
strict "$tmp/diff-top.txt" 'Bad\ufffd\ufffd\ufffdName'
# Folded output keeps the bytes (data, not display).
expect_exit 0 "$B/flamegen" -f folded -o "$tmp/round.folded" "$tmp/after.folded"
grep -qF "Bad${bad}Name" "$tmp/round.folded" || fail "folded output changed the name's bytes"

# Heap snapshots: a class named with the raw bytes, and one with a lone "\ud800" escape.
for s in 1 2; do
  gzip -dc "$D/heap/leak-$s.heapsnapshot.gz" > "$tmp/raw-$s.heapsnapshot"
  python3 - "$tmp/raw-$s.heapsnapshot" "$tmp/bytes-$s.heapsnapshot" "$tmp/escape-$s.heapsnapshot" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
assert b'"LeakyThing"' in data
open(sys.argv[2], 'wb').write(data.replace(b'"LeakyThing"', b'"Leaky\xed\xa0\x80Thing"'))
open(sys.argv[3], 'wb').write(data.replace(b'"LeakyThing"', b'"Leaky\\ud800Thing"'))
PY
done
# Each byte that is not UTF-8 becomes one U+FFFD (Unicode's maximal-subpart
# rule: ED A0 80 is three), a lone "\ud800" escape one.
for kind in bytes escape; do
  if [ $kind = bytes ]; then want='Leaky\ufffd\ufffd\ufffdThing'; else want='Leaky\ufffdThing'; fi
  expect_exit 0 "$B/heapdiff" --json -o "$tmp/$kind.json" "$tmp/$kind-1.heapsnapshot" "$tmp/$kind-2.heapsnapshot"
  json_name "$tmp/$kind.json" "$want"
  expect_exit 0 "$B/heapdiff" -o "$tmp/$kind.txt" --flame "$tmp/$kind.svg" "$tmp/$kind-1.heapsnapshot" "$tmp/$kind-2.heapsnapshot"
  strict "$tmp/$kind.txt" "$want"
  strict "$tmp/$kind.svg" "$want"
  well_formed "$tmp/$kind.svg"
done
finish
