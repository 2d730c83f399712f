#!/usr/bin/env bash
# error_fixtures.sh - every file in testdata/formats/errors fails (or is
# repaired) with the exit code and message its row of expected.tsv gives,
# naming the file and the byte offset; no fixture may crash or hang.  The
# fixture form is tests/common/error_fixtures.sh.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../common/error_fixtures.sh"
conv="$PK_BUILD/tests/pkconv"
run_pkconv() { "$conv" folded "$1" "$2"; }
check_error_fixtures "$PK_TESTDATA/formats/errors" run_pkconv
finish
