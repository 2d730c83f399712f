#!/usr/bin/env bash
# errors.sh - every fixture in testdata/errors/ fails with its expected exit
# code and message (file and position) and leaves no output file behind;
# exit 0 fixtures print a warning and still write a well-formed SVG.  The
# fixture form is tests/common/error_fixtures.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../common/error_fixtures.sh"
run_flamegen() {
  "$PK_BIN/flamegen" -o "$2" "$1" || return
  xmllint --noout "$2" 2>/dev/null || { echo "flamegen: output is not well-formed" >&2; return 99; }
}
check_error_fixtures "$PK_TESTDATA/errors" run_flamegen
grep -q "^flamegen: " "$tmp/err" || fail "message not prefixed with the tool name"
finish
