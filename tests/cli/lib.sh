# lib.sh - helpers for profkit's shell tests (sourced).
# Each test counts failures and exits 1 if any; `skip` exits 77 (ctest: skipped).
set -u
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { :; }
skip() { echo "SKIP: $*"; exit 77; }
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures failure(s)" >&2; exit 1; fi
  echo "all passed"; exit 0
}
# expect_exit CODE CMD...: runs CMD, stores stdout/stderr in $tmp/out, $tmp/err
expect_exit() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (want $want): $* ; stderr: $(head -c 300 "$tmp/err")"
}
# well_formed FILE: xmllint parses it
well_formed() { xmllint --noout "$1" 2>"$tmp/xmlerr" || fail "$1 is not well-formed XML: $(head -c 300 "$tmp/xmlerr")"; }
# root_total SVG: the count in the root frame's tooltip ("all (N samples, 100%)")
root_total() { grep -o '<title>all ([0-9,]* ' "$1" | head -1 | tr -dc '0-9'; }
