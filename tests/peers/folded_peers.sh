#!/usr/bin/env bash
# folded_peers.sh - every folded file of the peer corpus (FlameGraph's and
# inferno's expected collapse results and flame graph inputs) renders to a
# well-formed SVG whose root total equals the input's total (counts
# truncated to integers, the last column for two-count files).  Files the
# peers themselves reject (empty input) must fail cleanly instead.
. "$(dirname "$0")/../cli/lib.sh"
[ -d "$PK_PEERS" ] || skip "no peer corpus at $PK_PEERS"
count=0
while IFS= read -r -d '' f; do
  case "$f" in *.svg|*.map|*/LICENSE*|*/nameattr*) continue ;; esac
  # only folded text: every non-empty line ends in a count
  if ! awk 'NF && $NF !~ /^[0-9]+(\.[0-9]*)?$/ {bad++} END {exit bad > NR / 2}' "$f" 2>/dev/null; then continue; fi
  count=$((count + 1))
  out="$tmp/out.svg"
  if [ ! -s "$f" ]; then
    "$PK_BIN/flamegen" -o "$out" "$f" 2>"$tmp/err" && fail "$f: empty input accepted"
    continue
  fi
  if ! "$PK_BIN/flamegen" --minwidth 0 -o "$out" "$f" 2>"$tmp/err"; then
    fail "$f: $(cat "$tmp/err")"; continue
  fi
  well_formed "$out"
  want=$(awk 'NF >= 2 && $NF ~ /^[0-9]+(\.[0-9]*)?$/ {s += int($NF)} END {printf "%d", s}' "$f")
  got=$(root_total "$out")
  [ "$got" = "$want" ] || fail "$f: root total $got, input total $want"
done < <(find "$PK_PEERS/FlameGraph/test/results" "$PK_PEERS/inferno" -type f \( -name '*.txt' -o -name '*.folded' \) -print0 2>/dev/null | sort -z)
[ "$count" -gt 100 ] || fail "only $count folded peer files found"
echo "$count folded peer files rendered"
finish
