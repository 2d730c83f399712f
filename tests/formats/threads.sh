#!/usr/bin/env bash
# threads.sh - several processes and threads in one input: a base frame
# per thread named as speedscope names its profiles, --thread and
# --process choose (by name or id, POSIX extended regex), --merge-threads
# folds them into one tree; bad patterns and patterns matching nothing are
# clear errors.  Duration events are replayed in nanoseconds.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BIN/flamegen"
in="$PK_TESTDATA/formats/threads.trace.json"
expect_exit 0 "$conv" --format folded "$in"
cat >"$tmp/want" <<'WANT'
browser (pid 10), main (tid 1);load 10000
renderer (pid 20), main (tid 2);layout 2750
renderer (pid 20), main (tid 2);layout;style {"n":2.5} 3250
renderer (pid 20), worker (tid 3);decode 6000
WANT
diff "$tmp/want" "$tmp/out" >&2 || fail "default: one base frame per thread"
expect_exit 0 "$conv" --format folded --process renderer "$in"
[ "$(cut -d';' -f1 "$tmp/out" | sort -u | tr '\n' '|')" = "renderer (pid 20), main (tid 2)|renderer (pid 20), worker (tid 3)|" ] ||
  fail "--process renderer: $(cat "$tmp/out")"
expect_exit 0 "$conv" --format folded --thread '^main$' --process '^20$' "$in"
printf 'layout 2750\nlayout;style {"n":2.5} 3250\n' | diff - "$tmp/out" >&2 || fail "--thread ^main$ --process ^20$ (one thread: no base frame)"
expect_exit 0 "$conv" --format folded --merge-threads --thread main "$in"
printf 'layout 2750\nlayout;style {"n":2.5} 3250\nload 10000\n' | diff - "$tmp/out" >&2 || fail "--merge-threads"
expect_exit 1 "$conv" --format folded --thread nothing-like-this "$in"
grep -q "no thread of the trace matches --thread/--process" "$tmp/err" || fail "no match: $(cat "$tmp/err")"
expect_exit 2 "$conv" --format folded --thread '(' "$in"  # a usage error
grep -q -- "--thread: '(' is not a valid regex" "$tmp/err" || fail "bad regex: $(cat "$tmp/err")"
expect_exit 0 "$conv" --top 2 "$in"
grep -q "(wall, nanoseconds)" "$tmp/out" || fail "--top names the sample type: $(head -1 "$tmp/out")"
# one thread has a time order (flame chart); several overlap and have none
expect_exit 0 "$conv" --flamechart --thread '^2$' -o "$tmp/chart.svg" "$in"
grep -q '<title>layout (6,000 nanoseconds, 100.00%)</title>' "$tmp/chart.svg" || fail "flame chart of tid 2"
expect_exit 2 "$conv" --flamechart -o "$tmp/chart2.svg" "$in"
grep -q "no time order" "$tmp/err" || fail "flame chart of several threads: $(cat "$tmp/err")"
# perf script: --thread matches the command name, --process the pid
P="$PK_PEERS/FlameGraph/test/perf-iperf-stacks-pidtid-01.txt"
if [ -f "$P" ]; then
  expect_exit 0 "$conv" --format folded --thread '^iperf$' "$P"
  [ -s "$tmp/out" ] && ! grep -qv '^iperf;' "$tmp/out" || fail "perf --thread iperf kept other commands"
fi
finish
