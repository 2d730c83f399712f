#!/usr/bin/env bash
# error_fixtures.sh - every file in testdata/formats/errors fails (or is
# repaired) with the exit code and message listed in expected.tsv, which
# name the file and the byte offset; no fixture may crash or hang.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BUILD/tests/pkconv"
dir="$PK_TESTDATA/formats/errors"
n=0
while IFS=$'\t' read -r file code text; do
  case "$file" in '#'*|'') continue ;; esac
  n=$((n + 1))
  (cd "$dir" && timeout 20 "$conv" folded "$file" >"$tmp/out" 2>"$tmp/err")
  got=$?
  [ "$got" -eq "$code" ] || fail "$file: exit $got, want $code ($(head -c 300 "$tmp/err"))"
  grep -qF -- "$text" "$tmp/err" || fail "$file: stderr lacks '$text': $(head -c 300 "$tmp/err")"
done <"$dir/expected.tsv"
[ "$n" -ge 12 ] || fail "only $n fixtures listed"
for f in "$dir"/*; do
  case "$f" in *expected.tsv) continue ;; esac
  grep -qF "$(basename "$f")	" "$dir/expected.tsv" || fail "$(basename "$f") has no line in expected.tsv"
done
echo "$n error fixtures checked"
finish
