# error_fixtures.sh - the one form of error fixtures (sourced by the shell
# tests, after cli/lib.sh).
#
# A fixture folder holds the bad inputs and expected.tsv, one row each:
#   file <TAB> exit code <TAB> position or - <TAB> text stderr must contain
# The position (e.g. "byte 518:" or "in.folded:2:") must appear in stderr
# too; every file of the folder needs a row, and a row a file.
#
# check_error_fixtures DIR RUN: for each row, RUN FILE OUT runs from DIR with
# the fixture's name and an output path; after a non-zero exit OUT must not
# exist (no half-written output), nor may any temporary file be left.
check_error_fixtures() {
  local dir=$1 run=$2 n=0 file code where text got
  while IFS=$'\t' read -r file code where text; do
    case "$file" in '#'*|'') continue ;; esac
    n=$((n + 1))
    rm -rf "$tmp/fixture-out"; mkdir -p "$tmp/fixture-out"
    (cd "$dir" && "$run" "$file" "$tmp/fixture-out/out") >"$tmp/out" 2>"$tmp/err"  # a hang: ctest's timeout
    got=$?
    [ "$got" -eq "$code" ] || fail "$file: exit $got, want $code ($(head -c 300 "$tmp/err"))"
    grep -qF -- "$text" "$tmp/err" || fail "$file: stderr lacks '$text': $(head -c 300 "$tmp/err")"
    [ "$where" = - ] || grep -qF -- "$where" "$tmp/err" || fail "$file: error not at '$where': $(head -c 300 "$tmp/err")"
    if [ "$code" -ne 0 ] && [ -e "$tmp/fixture-out/out" ]; then fail "$file: output file left behind"; fi
    ls "$tmp/fixture-out" | grep -q '\.tmp\.' && fail "$file: temporary file left behind"
  done < "$dir/expected.tsv"
  [ "$n" -gt 0 ] || fail "$dir/expected.tsv lists no fixture"
  for f in "$dir"/*; do
    case "$f" in */expected.tsv) continue ;; esac
    grep -qF "$(basename "$f")	" "$dir/expected.tsv" || fail "$(basename "$f") has no row in $dir/expected.tsv"
  done
  echo "$n error fixtures of $dir checked"
}
