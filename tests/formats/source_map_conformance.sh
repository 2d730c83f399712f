#!/usr/bin/env bash
# source_map_conformance.sh - --source-map maps the frames of speedscope's
# source-map samples to the names, files and lines speedscope's own test
# expects (source_map_conformance.py has the rules).  Skips without the
# peer corpus.
. "$(dirname "$0")/../cli/lib.sh"
S="$PK_PEERS/speedscope"
[ -f "$S/src/lib/__snapshots__/js-source-map.test.ts.snap" ] || skip "no speedscope corpus at $S"
command -v python3 >/dev/null || skip "python3 not installed"
python3 "$(dirname "$0")/source_map_conformance.py" "$PK_BIN/flamegen" "$S" >"$tmp/out" 2>&1 ||
  fail "source-map conformance: $(grep -v '^MATCH' "$tmp/out" | head -20)"
cat "$tmp/out"
finish
