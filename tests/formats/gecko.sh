#!/usr/bin/env bash
# gecko.sh - the Gecko / Firefox Profiler reader (formats/gecko.c) on
# hand-written profiles whose answers are worked out in the comments:
# a raw profile with a child process (threads of every process listed, a
# base frame per thread, --thread/--process/--merge-threads), the
# processed format (function table, shared strings, timeDeltas), gzip,
# frame files, lines and columns, and the devtools export (speedscope's
# sample) leaving out native frames and Firefox's own JavaScript.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BIN/flamegen"
raw="$PK_TESTDATA/formats/gecko/threads.gecko.json"
processed="$PK_TESTDATA/formats/gecko/processed.gecko.json"
# GeckoMain (pid 10): samples at 0, 1, 2, 3, 3.5, 4 ms on stacks onLoad,
# onLoad, helper, none, 0x7f001234, onLoad: each weighs the time to the
# next (the last nothing, the stackless half millisecond is not drawn).
# The tab process (pid 20, under "processes") has two threads.
expect_exit 0 "$conv" --format folded "$raw"
cat >"$tmp/want" <<'WANT'
default (pid 10), GeckoMain (tid 1);(root);0x7f001234 500000
default (pid 10), GeckoMain (tid 1);(root);0x7f001234;js::RunScript;helper 1000000
default (pid 10), GeckoMain (tid 1);(root);0x7f001234;js::RunScript;onLoad 2000000
tab (pid 20), DOM Worker (tid 3);work 1250000
tab (pid 20), GeckoMain (tid 2);(root);render 3000000
WANT
diff "$tmp/want" "$tmp/out" >&2 || fail "raw: one base frame per thread of every process"
expect_exit 0 "$conv" --format folded --thread Worker "$raw"
[ "$(cat "$tmp/out")" = "work 1250000" ] || fail "--thread Worker (one thread: no base frame): $(cat "$tmp/out")"
expect_exit 0 "$conv" --format folded --process '^20$' --thread '^2$' "$raw"
[ "$(cat "$tmp/out")" = "(root);render 3000000" ] || fail "--process ^20$ --thread ^2$: $(cat "$tmp/out")"
expect_exit 0 "$conv" --format folded --process tab --merge-threads "$raw"
printf '(root);render 3000000\nwork 1250000\n' | diff - "$tmp/out" >&2 || fail "--process tab --merge-threads"
expect_exit 1 "$conv" --format folded --thread nothing-like-this "$raw"
grep -q "no thread of the file matches --thread/--process" "$tmp/err" || fail "no match: $(cat "$tmp/err")"
expect_exit 0 "$conv" --top 2 "$raw"
grep -q "(wall, nanoseconds)" "$tmp/out" || fail "--top names the sample type: $(head -1 "$tmp/out")"
# one thread keeps its time order (flame chart): 3 ms of (root), the
# stackless half millisecond as a gap, then 0.5 ms of (root) again
expect_exit 0 "$conv" --flamechart --process '^10$' -o "$tmp/chart.svg" "$raw"
grep -o '<title>[^<]*</title>' "$tmp/chart.svg" | grep -E '^<title>(all|\(root\)) ' >"$tmp/titles"
printf '%s\n' '<title>all (4,000,000 nanoseconds, 100%)</title>' '<title>(root) (3,000,000 nanoseconds, 75.00%)</title>' \
  '<title>(root) (500,000 nanoseconds, 12.50%)</title>' | diff - "$tmp/titles" >&2 || fail "flame chart of pid 10"
expect_exit 2 "$conv" --flamechart -o "$tmp/chart2.svg" "$raw"
grep -q "no time order" "$tmp/err" || fail "flame chart of several threads: $(cat "$tmp/err")"
# gzip is transparent
gzip -c "$raw" >"$tmp/raw.json.gz"
expect_exit 0 "$conv" --format folded "$tmp/raw.json.gz"
diff "$tmp/want" "$tmp/out" >&2 || fail "gzip'd raw profile"
# files, lines and columns: "onLoad (http://site/app.js:10:4)" is line 10,
# column 5 (Gecko's columns are 0-based); the processed format's frame line
# (12) wins over its function's (10).
expect_exit 0 "$PK_BUILD/tests/pkconv" speedscope "$raw" "$tmp/raw.speedscope.json"
grep -qF '{"name":"onLoad","file":"http://site/app.js","line":10,"col":5}' "$tmp/raw.speedscope.json" ||
  fail "onLoad's file, line and column"
# processed: two threads of one process share the profile's strings
expect_exit 0 "$conv" --format folded "$processed"
printf '%s\n' 'app (pid 4242), app (tid 4242);main;compute 1000000' 'app (pid 4242), app (tid 4242);main;compute;0x1000 2000000' \
  'app (pid 4242), worker (tid 4243);compute 500000' | diff - "$tmp/out" >&2 || fail "processed format, two threads"
expect_exit 0 "$conv" --format folded --thread '^app$' "$processed"
printf 'main;compute 1000000\nmain;compute;0x1000 2000000\n' | diff - "$tmp/out" >&2 || fail "processed format, --thread ^app$"
expect_exit 0 "$conv" --format speedscope --thread '^app$' -o "$tmp/processed.speedscope.json" "$processed"
grep -qF '{"name":"compute","file":"src/main.rs","line":12}' "$tmp/processed.speedscope.json" ||
  fail "processed: compute's file and line"
expect_exit 0 "$conv" --format speedscope --thread worker -o "$tmp/worker.speedscope.json" "$processed"
grep -qF '{"name":"compute","file":"src/main.rs","line":10,"col":3}' "$tmp/worker.speedscope.json" ||
  fail "processed: without a frame line, the function's line and column"
# hostile nesting: 100000 child processes each inside the last, the thread
# at the top; read in one pass (the guard is far above the time it takes:
# it is there to turn a hang into a failure)
{
  printf '{"threads":[{"name":"t","stringTable":["a"],"frameTable":{"schema":{"location":0},"data":[[0]]},'
  printf '"stackTable":{"schema":{"prefix":0,"frame":1},"data":[[null,0]]},'
  printf '"samples":{"schema":{"stack":0,"time":1},"data":[[0,0],[0,1]]}}],"processes":['
  printf '{"processes":[%.0s' $(seq 100000)
  printf ']}%.0s' $(seq 100000)
  printf ']}'
} >"$tmp/deep.json"
expect_exit 0 timeout 60 "$conv" --format folded "$tmp/deep.json"
[ "$(cat "$tmp/out")" = "a 1000000" ] || fail "deeply nested processes: $(head -c 200 "$tmp/out")"
# the devtools export speedscope reads: only page JavaScript is drawn
F="$PK_PEERS/speedscope/sample/profiles/Firefox/61/recursion.json"
if [ -f "$F" ]; then
  expect_exit 0 "$conv" --format folded "$F"
  grep -q '^main;alpha;beta;alpha;delta;gamma ' "$tmp/out" || fail "recursion.json: $(head -3 "$tmp/out")"
  ! grep -qE 'resource:|js::|\(root\)' "$tmp/out" || fail "recursion.json keeps Firefox internals"
fi
finish
