#!/usr/bin/env bash
# adversarial.sh - every file of ../shared/adversarial/ (its README says what
# each did to profkit) ends in a clear error naming the file or a correct
# answer: never a signal, a sanitizer report, unbounded time or memory.
# Each run has a CPU-time and address-space bound (ulimit in a subshell);
# pp-rx-bomb.pb only ever runs under ulimit -v 3000000.
. "$(dirname "$0")/../cli/lib.sh"
A="${PK_ADVERSARIAL:-$PWD/../shared/adversarial}"
[ -d "$A" ] || skip "no adversarial corpus at $A"
gen="$PK_BIN/flamegen"

# bounded CPU_SECONDS KIB CMD...: CMD under ulimit -t/-v; stdout/stderr to $tmp/out, $tmp/err.
# A sanitizer build reserves far more address space than it uses: -v is then left to ASan.
bounded() {
  local cpu=$1 kib=$2; shift 2
  ( ulimit -t "$cpu"; [ -n "${PK_ASAN:-}" ] || ulimit -v "$kib"; exec "$@" ) >"$tmp/out" 2>"$tmp/err"
}
# clean_exit CODE...: the last run ended with one of these codes, without a sanitizer report.
clean_exit() {
  local got=$1; shift
  local ok=0 c
  for c in "$@"; do [ "$got" -eq "$c" ] && ok=1; done
  [ $ok -eq 1 ] || fail "$case: exit $got (want $*): $(head -c 300 "$tmp/err")"
  if grep -q "Sanitizer\|runtime error" "$tmp/err"; then fail "$case: sanitizer report: $(head -c 300 "$tmp/err")"; fi
}
names_file() { grep -q "$1" "$tmp/err" || fail "$case: the error does not name $1: $(head -c 300 "$tmp/err")"; }

grep -q "AddressSanitizer" "$gen" 2>/dev/null && PK_ASAN=1

# The regex bomb: a clear error naming the file and the field, at once.
# It only ever runs under ulimit -v 3000000, which ASan cannot start under
# (its shadow memory is a 15 TB reservation): the sanitizer build skips it;
# the same pattern runs under ASan in tests/reliability/test_bounded_regex.c
# (PCRE2 refuses it before allocating much).
case=pp-rx-bomb.pb
if [ -n "${PK_ASAN:-}" ]; then
  echo "note: $case is not run in the sanitizer build (it must run under ulimit -v)"
else
  ( ulimit -v 3000000; ulimit -t 20; exec "$gen" --format folded "$A/$case" ) >"$tmp/out" 2>"$tmp/err"
  clean_exit $? 1
  names_file "pp-rx-bomb.pb"
  grep -q "drop_frames" "$tmp/err" || fail "$case: the error does not name drop_frames"
fi

# Multi-member gzip whose first member ends at compressed byte 65535: every stack.
case=mm-boundary-65535.gz
bounded 30 2000000 "$gen" --format folded "$A/$case"; clean_exit $? 0
cp "$tmp/out" "$tmp/gz.folded"
bounded 30 2000000 "$gen" --format folded "$A/mm-boundary-65535.plain"; clean_exit $? 0
[ "$(wc -l <"$tmp/gz.folded")" -eq 199 ] || fail "$case: $(wc -l <"$tmp/gz.folded") stacks, want 199"
cmp -s "$tmp/gz.folded" "$tmp/out" || fail "$case: the gzip and the plain text give different stacks"

# Times near INT64_MAX: checked arithmetic, an error naming the file (no wrapped weights).
for f in "$A"/cpmin-*.cpuprofile "$A"/trmin-cpuprofile-event-ovf.json; do
  case=$(basename "$f")
  bounded 30 2000000 "$gen" --format folded "$f"; clean_exit $? 1
  names_file "$case"
  grep -q "out of range" "$tmp/err" || fail "$case: not reported as times out of range: $(head -c 200 "$tmp/err")"
done

# Names with newlines and ';': folded output keeps each a single frame
# (escaped, formats/folded_names.h) and reads back to the same text.
for case in inject-folded2.cpuprofile pp-inject.pb; do
  bounded 30 2000000 "$gen" --format folded "$A/$case"; clean_exit $? 0
  cp "$tmp/out" "$tmp/inject.folded"
  grep -q "^main;injected" "$tmp/inject.folded" && fail "$case: a stack was injected: $(cat "$tmp/inject.folded")"
  total=$(awk '{s += $NF} END {print s}' "$tmp/inject.folded")
  [ "$total" -lt 1000 ] || fail "$case: $total samples after the round trip"
  bounded 30 2000000 "$gen" --format folded "$tmp/inject.folded"; clean_exit $? 0
  cmp -s "$tmp/out" "$tmp/inject.folded" || fail "$case: folded output does not read back to itself"
done

# A valid folded file whose first line is 66.5 KB: detected, and --input-format forces it.
case=folded-70k-line.txt
bounded 30 2000000 "$gen" --format folded "$A/$case"; clean_exit $? 0
cmp -s "$tmp/out" "$A/$case" || fail "$case: not read back as itself"
bounded 30 2000000 "$gen" --input-format folded --format folded "$A/$case"; clean_exit $? 0
cmp -s "$tmp/out" "$A/$case" || fail "$case: --input-format folded does not read it"
bounded 30 2000000 "$PK_BIN/flamediff" --input-format folded --format folded "$A/$case" "$A/$case"; clean_exit $? 0
bounded 30 2000000 "$gen" --input-format pprof "$A/$case"; clean_exit $? 1
names_file "$case"

# 58 KB of gzip holding one 30-million-frame stack: bounded time, memory and
# output; the frames past the depth bound are one marked frame.
case=huge-line-folded-sf.txt.gz
bounded 60 1500000 "$gen" -o "$tmp/huge.svg" "$A/$case"; clean_exit $? 0
size=$(stat -c %s "$tmp/huge.svg")
[ "$size" -lt 50000000 ] || fail "$case: an SVG of $size bytes"
grep -q "frames cut" "$tmp/huge.svg" || fail "$case: no marked frame for the frames cut"
grep -q "frames were cut" "$tmp/err" || fail "$case: the cut is not reported"
bounded 60 1500000 "$gen" --max-depth 50 --format folded "$A/$case"; clean_exit $? 0
grep -q "^main;x;.*\[29999953 frames cut\] 1$" "$tmp/out" || fail "$case: --max-depth 50 does not cut at 50 (49 frames and the marked one): $(tail -c 200 "$tmp/out")"

finish
