#!/usr/bin/env bash
# speedscope_conformance.sh - profkit reads speedscope's sample profiles as
# speedscope does: every frame's self and total weight and every stack
# equal those in speedscope's Jest snapshots (speedscope_conformance.py has
# the rules).  Skips without the peer corpus.
. "$(dirname "$0")/../cli/lib.sh"
S="$PK_PEERS/speedscope"
[ -d "$S/src/import/__snapshots__" ] || skip "no speedscope corpus at $S"
command -v python3 >/dev/null || skip "python3 not installed"
python3 "$(dirname "$0")/speedscope_conformance.py" "$PK_BUILD/tests/pkconv" "$S" >"$tmp/out" 2>&1 ||
  fail "speedscope conformance: $(grep -v '^MATCH' "$tmp/out" | head -20)"
grep -E 'cases match$' "$tmp/out"
grep -q '^trace-event.test.ts.snap: 33 of 33 cases match$' "$tmp/out" || fail "trace-event count changed: $(grep 'trace-event' "$tmp/out" | tail -1)"
grep -q "^firefox.test.ts.snap: 3 of 3 cases match$" "$tmp/out" || fail "firefox count changed: $(grep firefox "$tmp/out" | tail -1)"
grep -q '^java-flight-recorder.test.ts.snap: 1 of 1 cases match$' "$tmp/out" || fail "JFR count changed: $(grep 'java-flight' "$tmp/out" | tail -1)"
# formats read before this test compared them per frame (docs/formats.md says why the others differ)
for want in 'chrome.test.ts.snap: 4 of 9' 'pprof.test.ts.snap: 1 of 1' 'v8heapalloc.test.ts.snap: 2 of 2' \
  'linux-tools-perf.test.ts.snap: 7 of 7'; do
  grep -q "^$want cases match\$" "$tmp/out" || fail "count changed: want $want, got $(grep "^${want%%:*}" "$tmp/out")"
done
for snap in haskell:1 pmcstat-callgraph:2 papyrus:2 safari:1; do  # GHC JSON, pmcstat, Papyrus, Safari
  grep -q "^${snap%%:*}.test.ts.snap: ${snap#*:} of ${snap#*:} cases match$" "$tmp/out" || fail "${snap%%:*} count changed: $(grep "^${snap%%:*}" "$tmp/out" | tail -1)"
done
finish
