#!/usr/bin/env bash
# errors.sh - every fixture in testdata/errors/ fails with its expected exit
# code and message (file and position), and leaves no output file behind
# (exit 0 fixtures: a warning, and the output is still written).
. "$(dirname "$0")/lib.sh"
for input in "$PK_TESTDATA"/errors/*.in; do
  name=$(basename "$input" .in)
  expect="$PK_TESTDATA/errors/$name.expect"
  want_exit=$(sed -n 1p "$expect")
  want_msg=$(sed -n 2p "$expect")
  out="$tmp/$name.svg"
  (cd "$PK_TESTDATA/errors" && "$PK_BIN/flamegen" -o "$out" "$(basename "$input")") >"$tmp/stdout" 2>"$tmp/stderr"
  got=$?
  [ "$got" -eq "$want_exit" ] || fail "$name: exit $got, want $want_exit"
  grep -qF -- "$want_msg" "$tmp/stderr" || fail "$name: stderr lacks '$want_msg': $(cat "$tmp/stderr")"
  grep -q "^flamegen: " "$tmp/stderr" || fail "$name: message not prefixed with the tool name"
  if [ "$want_exit" -ne 0 ]; then
    [ ! -e "$out" ] || fail "$name: output file was left behind"
  else
    xmllint --noout "$out" 2>/dev/null || fail "$name: output is not well-formed"
  fi
  ls "$tmp" | grep -q '\.tmp\.' && fail "$name: temporary file left behind"
done
finish
