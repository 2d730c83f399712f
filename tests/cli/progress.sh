#!/usr/bin/env bash
# progress.sh - the progress line: with --progress it is printed into a
# file (one line per redraw, "TOOL: PHASE FILE...", no carriage returns),
# without it nothing reaches a non-terminal stderr; a directory merge
# shows its "merging" phase with bytes of the total.  PK_PROGRESS_AFTER=0
# removes the one-second wait so a short run is enough.
. "$(dirname "$0")/lib.sh"
fg="$PK_BIN/flamegen"
[ -x "$fg" ] || skip "flamegen is not built"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "main;serve_%d;parse_%d;leaf_%d %d\n", i % 97, i % 89, i, 1 + i % 7 }' >"$tmp/big.folded"
PK_PROGRESS_AFTER=0 "$fg" --progress --format folded -o "$tmp/out.folded" "$tmp/big.folded" 2>"$tmp/err" || fail "flamegen --progress failed: $(head -c 300 "$tmp/err")"
grep -q "^flamegen: [a-z]* $tmp/big.folded" "$tmp/err" || fail "no progress line with --progress: $(head -c 300 "$tmp/err")"
grep -q $'\r' "$tmp/err" && fail "--progress into a file wrote carriage returns"
PK_PROGRESS_AFTER=0 "$fg" --format folded -o "$tmp/out2.folded" "$tmp/big.folded" 2>"$tmp/err2" || fail "flamegen failed"
[ -s "$tmp/err2" ] && fail "progress written to a non-terminal without --progress: $(head -c 200 "$tmp/err2")"
cmp -s "$tmp/out.folded" "$tmp/out2.folded" || fail "--progress changed the output"
mkdir -p "$tmp/dir"
for i in 1 2 3; do cp "$tmp/big.folded" "$tmp/dir/p$i.folded"; done
PK_PROGRESS_AFTER=0 "$fg" --progress --format folded -o "$tmp/merged.folded" "$tmp/dir" 2>"$tmp/err3" || fail "directory merge failed: $(head -c 300 "$tmp/err3")"
grep -q "^flamegen: merging $tmp/dir/p[0-9].folded" "$tmp/err3" || fail "no merging progress: $(head -c 300 "$tmp/err3")"
finish
