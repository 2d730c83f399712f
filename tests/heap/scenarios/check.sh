#!/usr/bin/env bash
# check.sh - the verdict and the causes of every gen.js scenario, over two
# and three snapshots: one leak cause per real leak (its holder, classes and
# exact counts), none where nothing leaks (bounded cache, churn, JIT
# warm-up, timer cache), --fail-on leak exit codes and message, refusal of
# two processes, and a first screen that answers within --width.
. "$(dirname "$0")/../../cli/lib.sh"
H="$PK_BIN/heapdiff"
S="$PK_BUILD/tests/heap-scenarios"
[ -x "$H" ] || skip "heapdiff not built"
[ -e "$S/.done" ] || skip "scenarios not generated (node missing?)"

# judge NAME SNAPSHOTS EXPECTATION: python checks on the JSON report
judge() {
  local name=$1 n=$2 expect=$3 files
  files=$(seq 1 "$n" | sed "s|.*|$S/$name-&.heapsnapshot|")
  # shellcheck disable=SC2086
  "$H" --json -o "$tmp/$name-$n.json" $files 2>"$tmp/err" || { fail "$name x$n: exit $? $(cat "$tmp/err")"; return; }
  python3 - "$tmp/$name-$n.json" "$n" "$expect" <<'PY' || fail "$name x$n: $expect"
import json, sys
d = json.load(open(sys.argv[1])); n = int(sys.argv[2]); kind, *want = sys.argv[3].split('|')
steps = n - 1
leaks = d["leaks"]
assert d["leak_count"] == len(leaks), d["leak_count"]
engine = lambda c: c in ("(system)", "(array)", "(compiled code)", "(object shape)") or c.startswith("system / ")
for c in d["classes"]:  # the engine's own classes are never a leak on their own
    assert not (engine(c["name"]) and c["verdict"] == "leak"), c["name"]
if kind == "leak":
    holder, cls, per_step, path = want
    assert len(leaks) == 1, [l["holder"] for l in leaks]
    l = leaks[0]
    assert l["holder"] == holder, l["holder"]
    assert path in l["path"], l["path"]
    got = {c["name"]: c["count"] for c in l["classes"]}
    assert got.get(cls) == int(per_step) * steps, (cls, got.get(cls))
    assert l["deleted"] == 0 and l["net_size"] > 0
    assert all(c["verdict"] != "leak" for c in d["classes"] if c["name"] in ("Map", "global", "Object"))
else:
    assert not leaks, [l["holder"] for l in leaks]
    if kind in ("bounded", "churn"):
        holder, cls = want
        hit = [c for c in d["causes"] if c["verdict"] == kind and c["holder"] == holder]
        assert hit, [(c["verdict"], c["holder"]) for c in d["causes"]]
        assert any(c["name"] == cls for c in hit[0]["classes"]), hit[0]["classes"]
PY
}

for n in 2 3; do
  judge map-leak "$n" 'leak|Map `pending`|RequestContext|2000|Object.requests -> Object.pending -> Map'
  judge listeners "$n" 'leak|Array `data`|onData()|500|EventEmitter._events'
  judge closure "$n" 'leak|Array `seen`|Item|1500|Object.remember'
  judge array "$n" 'leak|Array `history`|Entry|1500|global.history'
  judge lru "$n" 'bounded|Map `map`|CacheValue'
  judge churn "$n" 'churn|Object `holders`|ChurnThing'
  judge jit "$n" 'none'
  judge timer "$n" 'none'
done

# the leaking closures are placed where gen.js defines onData (node writes
# "locations"): its line, and the column of its argument list, 1-based
python3 - "$tmp/listeners-2.json" "$(dirname "$0")/gen.js" <<'PY' || fail "listeners: onData's definition site"
import json, sys
d = json.load(open(sys.argv[1]))
c = next(c for c in d["leaks"][0]["classes"] if c["name"] == "onData()")
lines = open(sys.argv[2]).read().split("\n")
line = next(i for i, l in enumerate(lines) if "function onData(" in l)
col = lines[line].index("function onData(") + len("function onData") + 1
assert c["function"] == "onData" and c["file"].endswith("/tests/heap/scenarios/gen.js"), c
assert (c["line"], c["column"]) == (line + 1, col), (c, line + 1, col)
PY

# growth that stops is bounded: the Map filled between s1 and s2, then nothing changed
expect_exit 0 "$H" --json -o "$tmp/stop.json" --fail-on leak "$S/map-leak-1.heapsnapshot" "$S/map-leak-2.heapsnapshot" "$S/map-leak-2.heapsnapshot"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert not d["leaks"], d["leaks"]
c=[c for c in d["causes"] if c["holder"]=="Map `pending`"]
assert c and c[0]["verdict"]=="bounded" and "stopped" in c[0]["reason"], c' "$tmp/stop.json" || fail "growth that stops is not bounded"

# the gate: 3 where something leaks, naming it; 0 elsewhere
for s in map-leak listeners closure array; do
  expect_exit 3 "$H" --fail-on leak "$S/$s-1.heapsnapshot" "$S/$s-2.heapsnapshot" "$S/$s-3.heapsnapshot"
  grep -q '^heapdiff: gate breached: 1 leak: .*`' "$tmp/err" || fail "$s: gate message $(cat "$tmp/err")"
done
for s in lru churn jit timer; do
  expect_exit 0 "$H" --fail-on leak "$S/$s-1.heapsnapshot" "$S/$s-2.heapsnapshot"
  expect_exit 0 "$H" --fail-on leak "$S/$s-1.heapsnapshot" "$S/$s-2.heapsnapshot" "$S/$s-3.heapsnapshot"
done

# two unrelated processes, and the wrong order: refused, exit 1
expect_exit 1 "$H" --fail-on leak "$S/two-processes-1.heapsnapshot" "$S/two-processes-2.heapsnapshot"
grep -q 'do not come from one process' "$tmp/err" || fail "two processes: $(cat "$tmp/err")"
expect_exit 1 "$H" "$S/map-leak-2.heapsnapshot" "$S/map-leak-1.heapsnapshot"
grep -q 'oldest first' "$tmp/err" || fail "wrong order: $(cat "$tmp/err")"

# the first screen: the verdict, then the leak with its path; every line within --width
for w in 80 100 120; do
  expect_exit 0 "$H" --width "$w" "$S/map-leak-1.heapsnapshot" "$S/map-leak-2.heapsnapshot"
  [ "$(sed -n 1p "$tmp/out")" = "Verdict: 1 leak; 1 churn, 1 engine" ] || [ "$(sed -n 1p "$tmp/out" | cut -c1-15)" = "Verdict: 1 leak" ] || fail "width $w: first line $(sed -n 1p "$tmp/out")"
  sed -n 2p "$tmp/out" | grep -q '^  leak     Map `pending` holds ' || fail "width $w: second line $(sed -n 2p "$tmp/out")"
  sed -n 3p "$tmp/out" | grep -q 'path: .*Object.pending -> Map' || fail "width $w: third line $(sed -n 3p "$tmp/out")"
  awk -v w="$w" 'length($0) > w && !/ via / { print; bad = 1 } END { exit bad }' "$tmp/out" >"$tmp/long" || fail "width $w: lines too long: $(head -3 "$tmp/long")"
done
finish
