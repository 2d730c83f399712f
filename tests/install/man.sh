#!/usr/bin/env bash
# man.sh - the man pages (dist/man) render without a warning under
# `man --warnings`, and each tool's page documents exactly the flags its
# --help lists: same long names, same short names, same argument names
# (help_flags.py against man_flags.py).  A flag added to a tool fails here
# until its page describes it.  Skipped (77) without man-db.
set -uo pipefail
command -v man > /dev/null || { echo "SKIP: man is not installed (man-db)"; exit 77; }
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for page in dist/man/*.[1-9]; do
  MANWIDTH=80 man --warnings -E UTF-8 -l "$page" > "$work/out" 2> "$work/warnings"
  if [ -s "$work/warnings" ]; then
    echo "FAIL: $page: man --warnings: $(head -5 "$work/warnings")" >&2; fail=1
  fi
  [ -s "$work/out" ] || { echo "FAIL: $page renders empty" >&2; fail=1; }
  for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
    [ "${page##*.}" = 7 ] && [ "$section" = SYNOPSIS ] && continue
    grep -q "^\.SH \"*$section" "$page" || { echo "FAIL: $page has no $section section" >&2; fail=1; }
  done
done
# .TH names the release: it must follow the project version
version=$("$PK_BIN/flamegen" --version | awk '{print $NF}')
for page in dist/man/*.[1-9]; do
  grep -q "^\.TH .* \"profkit $version\"" "$page" ||
    { echo "FAIL: $page: .TH does not say \"profkit $version\" (update it with the project version)" >&2; fail=1; }
done
for tool in flamegen flamediff heapdiff; do
  python3 "$here/help_flags.py" "$PK_BIN/$tool" | sort > "$work/help"
  python3 "$here/man_flags.py" "dist/man/$tool.1" | sort > "$work/man"
  if ! diff "$work/help" "$work/man" > "$work/diff"; then
    echo "FAIL: $tool: --help and $tool.1 disagree (< --help only, > man page only):" >&2
    grep '^[<>]' "$work/diff" >&2; fail=1
  fi
  [ -s "$work/help" ] || { echo "FAIL: no flags read from $tool --help" >&2; fail=1; }
done
exit $fail
