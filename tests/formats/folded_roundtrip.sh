#!/usr/bin/env bash
# folded_roundtrip.sh - every file of the peer corpus that profkit reads
# comes back as the same tree after folded output (see folded_roundtrip.c).
. "$(dirname "$0")/../cli/lib.sh"
[ -d "$PK_PEERS" ] || skip "no peer corpus at $PK_PEERS"
find "$PK_PEERS" -type f -size -64M ! -name '*.heapsnapshot*' -print0 | sort -z >"$tmp/files"
xargs -0 "$PK_BUILD/tests/folded_roundtrip" <"$tmp/files" || fail "round trip differs (above)"
finish
