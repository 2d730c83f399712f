#!/usr/bin/env bash
# runs.sh - several runs a side, on real recordings: tests/diff/runs/ holds
# .cpuprofile runs of one node.js workload (base-1..8) and of a version with
# one function five times slower (slow-1..4), 3 s each, odd runs beside a
# CPU burner (record.sh made them).  Identical code measured again never
# trips --fail-if-grown 2; the slow version does, naming the function (or
# the caller V8 inlined it into).  With one run a side the reports say
# run-to-run noise is unknown.
set -u
bin=${PK_BIN:-build/bin}
fd="$bin/flamediff"
r=tests/diff/runs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
sides() { # sides "1 2 3 4" base "5 6 7 8" base -> --before ... --after ...
  local a
  for a in $1; do printf -- '--before\n%s/%s-%s.cpuprofile.gz\n' "$r" "$2" "$a"; done
  for a in $3; do printf -- '--after\n%s/%s-%s.cpuprofile.gz\n' "$r" "$4" "$a"; done
}
gate() { # gate NAME BEFORE_RUNS BEFORE_KIND AFTER_RUNS AFTER_KIND -> exit status, stderr in $tmp/NAME.err
  local name=$1
  mapfile -t args < <(sides "$2" "$3" "$4" "$5")
  "$fd" "${args[@]}" --fail-if-grown 2 --json "$tmp/$name.json" -o "$tmp/$name.svg" 2> "$tmp/$name.err"
}

# Same code against same code, split two ways (the odd runs had a burner).
for split in "1 2 3 4|5 6 7 8" "1 3 5 7|2 4 6 8" "2 3 6 7|1 4 5 8"; do
  gate same "${split%|*}" base "${split#*|}" base
  status=$?
  [ $status -eq 0 ] || fail "same code, runs ${split%|*} vs ${split#*|}: exit $status: $(cat "$tmp/same.err")"
  grep -q '"run_to_run_noise": "measured"' "$tmp/same.json" || fail "JSON does not say the spread was measured"
done

# The slow version fires, and names checksum or the caller it was inlined into.
for before in "1 2 3 4" "5 6 7 8" "1 3 5 7"; do
  gate slow "$before" base "1 2 3 4" slow
  status=$?
  [ $status -eq 3 ] || fail "slow version against base $before: exit $status (expected 3)"
  first=$(grep -m1 'CI gate breached' "$tmp/slow.err")
  echo "$first" | grep -Eq 'grew: (checksum|handleRequest|\(anonymous\) workload\.js:1) ' \
    || fail "slow version: first breach does not name checksum or its caller: $first"
  [ "$(grep -c 'CI gate breached' "$tmp/slow.err")" -eq 1 ] || fail "slow version: more than one breach line: $(cat "$tmp/slow.err")"
done

# Directories are sides of several runs.
mkdir -p "$tmp/b" "$tmp/s"
cp "$r"/base-[1234].cpuprofile.gz "$tmp/b/"
cp "$r"/slow-*.cpuprofile.gz "$tmp/s/"
"$fd" "$tmp/b" "$tmp/s" --fail-if-grown 2 --markdown "$tmp/dir.md" -o "$tmp/dir.svg" 2> /dev/null
[ $? -eq 3 ] || fail "directories: the slow version did not trip the gate"
grep -q 'run-to-run spread of 4 and 4 runs' "$tmp/dir.md" || fail "Markdown does not say how many runs: $(head -5 "$tmp/dir.md")"

# One run a side: the reports say run-to-run noise is unknown.
"$fd" "$r/base-1.cpuprofile.gz" "$r/base-2.cpuprofile.gz" --markdown "$tmp/one.md" --json "$tmp/one.json" -o "$tmp/one.svg" 2> /dev/null
grep -q 'Run-to-run noise is unknown' "$tmp/one.md" || fail "one run: Markdown does not say run-to-run noise is unknown"
grep -q 'Record 3 or more runs a side' "$tmp/one.md" || fail "one run: Markdown does not say how to measure it"
grep -q '"run_to_run_noise": "unknown"' "$tmp/one.json" || fail "one run: JSON does not say run-to-run noise is unknown"
"$fd" "$r/base-1.cpuprofile.gz" "$r/base-2.cpuprofile.gz" --top 3 2> /dev/null | grep -q 'Run-to-run noise is unknown' \
  || fail "one run: text report does not say run-to-run noise is unknown"

# Usage: --before without --after, or with positional inputs.
"$fd" --before "$r/base-1.cpuprofile.gz" -o "$tmp/x.svg" 2> /dev/null
[ $? -eq 2 ] || fail "--before alone is not a usage error"
"$fd" --before "$r/base-1.cpuprofile.gz" --after "$r/base-2.cpuprofile.gz" "$r/base-3.cpuprofile.gz" -o "$tmp/x.svg" 2> /dev/null
[ $? -eq 2 ] || fail "--before/--after with a positional input is not a usage error"

[ $failures -eq 0 ] || exit 1
echo "runs: ok"
