#!/usr/bin/env bash
# symbols.sh - the libraries export the public API and nothing else.
#   libprofkit.so: its dynamic symbols list exactly the functions the public headers
#   declare (tests/install/public_api.py), every one pk_-prefixed, and the
#   soname carries the major version.
#   libprofkit.a: no global symbol without the pk_ prefix either.
set -euo pipefail
build=${PK_BUILD:?}
so=$(ls "$build"/lib/libprofkit.so.*.*.* | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# Exports are the defined dynamic symbols that are not LOCAL: with coverage
# instrumentation the linker may list its section bounds (__start___sancov_*)
# in .dynsym as LOCAL entries, which no other object can bind to.
readelf --dyn-syms -W "$so" | awk '$1 ~ /^[0-9]+:$/ && $5 != "LOCAL" && $7 != "UND" {sub(/@.*/, "", $8); print $8}' |
  sort -u > "$work/exported"
python3 tests/install/public_api.py libprofile/include/profkit/*.h renderers/include/profkit/*.h \
  "$build"/include/profkit/*.h > "$work/declared"
if grep -v '^pk_' "$work/exported"; then
  echo "FAIL: the shared library exports the names above, which lack the pk_ prefix" >&2; fail=1
fi
if ! diff -u "$work/declared" "$work/exported" > "$work/diff"; then
  echo "FAIL: exports differ from the public headers' declarations (- declared only, + exported only):" >&2
  grep '^[-+][a-z]' "$work/diff" >&2; fail=1
fi
echo "$(wc -l < "$work/exported") symbols exported, $(wc -l < "$work/declared") declared" >&2

major=$(sed -n 's/^#define PK_VERSION_MAJOR \([0-9]*\)/\1/p' "$build/include/profkit/version.h")
soname=$(objdump -p "$so" | awk '$1 == "SONAME" {print $2}')
if [ "$soname" != "libprofkit.so.$major" ]; then
  echo "FAIL: soname '$soname', expected libprofkit.so.$major" >&2; fail=1
fi

nm -g --defined-only "$build/lib/libprofkit.a" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u > "$work/static"
if grep -v '^pk_' "$work/static"; then
  echo "FAIL: libprofkit.a defines the global names above, which lack the pk_ prefix" >&2; fail=1
fi
[ -s "$work/static" ] || { echo "FAIL: libprofkit.a defines no symbol" >&2; fail=1; }
exit $fail
