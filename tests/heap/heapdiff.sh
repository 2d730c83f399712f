#!/usr/bin/env bash
# heapdiff.sh - heapdiff end to end: error fixtures (exit 1, file and byte
# offset in the message, no output left behind), verdicts on the node
# scenarios with the counts scenarios.js knows, JSON schema, gates and
# usage exit codes.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../common/error_fixtures.sh"
H="$PK_BIN/heapdiff"
D="$PK_TESTDATA/heap"
[ -x "$H" ] || skip "heapdiff not built"

# error fixtures (form: tests/common/error_fixtures.sh); their positions
# start with "heapdiff: FILE:", so the message names the file
run_heapdiff() { "$H" -o "$2" "$1"; }
check_error_fixtures "$D/errors" run_heapdiff

# row FILE CLASS FIELD: a class's field from the JSON report
row() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for c in d["classes"]:
  if c["name"]==sys.argv[2]: print(c[sys.argv[3]]); break
else: print("missing")' "$@"; }

# leak: 200 LeakyThing added between snapshots, all alive
expect_exit 0 "$H" --json -o "$tmp/leak.json" "$D/leak-1.heapsnapshot.gz" "$D/leak-2.heapsnapshot.gz"
[ "$(row "$tmp/leak.json" LeakyThing verdict)" = leak ] || fail "leak: LeakyThing verdict $(row "$tmp/leak.json" LeakyThing verdict)"
[ "$(row "$tmp/leak.json" LeakyThing new)" = 200 ] || fail "leak: LeakyThing new"
[ "$(row "$tmp/leak.json" LeakyThing deleted)" = 0 ] || fail "leak: LeakyThing deleted"
[ "$(row "$tmp/leak.json" LeakyThing count)" = 200 ] || fail "leak: LeakyThing count"
# the Map that holds them grew without new Maps: growth, not leak
[ "$(row "$tmp/leak.json" Map verdict)" = growth ] || fail "leak: Map verdict $(row "$tmp/leak.json" Map verdict)"
XX
# three snapshots: 200 born between the first two still alive in the third, 400 in all
expect_exit 0 "$H" --json -o "$tmp/leak3.json" "$D"/leak-{1,2,3}.heapsnapshot.gz
[ "$(row "$tmp/leak3.json" LeakyThing verdict)" = leak ] || fail "leak3: verdict"
[ "$(row "$tmp/leak3.json" LeakyThing survivors)" = 200 ] || fail "leak3: survivors"
[ "$(row "$tmp/leak3.json" LeakyThing count)" = 400 ] || fail "leak3: count"
python3 -c 'import json,sys
c=next(c for c in json.load(open(sys.argv[1]))["classes"] if c["name"]=="LeakyThing")
t=c["retained_trend"]; assert len(t)==3 and t[0]<t[1]<t[2] and c["slope"]>0, c' "$tmp/leak3.json" || fail "leak3: trend"
# a class that grew once and then shrank is not a leak over three snapshots
expect_exit 1 "$H" --json -o "$tmp/zigzag.json" "$D"/leak-{1,3,2}.heapsnapshot.gz
expect_exit 0 "$H" --any-process --json -o "$tmp/zigzag.json" "$D"/leak-{1,3,2}.heapsnapshot.gz
[ "$(row "$tmp/zigzag.json" LeakyThing verdict)" = growth ] || fail "zigzag: LeakyThing $(row "$tmp/zigzag.json" LeakyThing verdict)"
# churn: 300 ChurnThing replaced by 300 new ones
expect_exit 0 "$H" --json -o "$tmp/churn.json" "$D"/churn-{1,2}.heapsnapshot.gz
[ "$(row "$tmp/churn.json" ChurnThing verdict)" = churn ] || fail "churn: verdict $(row "$tmp/churn.json" ChurnThing verdict)"
[ "$(row "$tmp/churn.json" ChurnThing new)" = 300 ] || fail "churn: new"
[ "$(row "$tmp/churn.json" ChurnThing deleted)" = 300 ] || fail "churn: deleted"
[ "$(row "$tmp/churn.json" LeakyThing verdict)" = missing ] || fail "churn: LeakyThing should not exist"
# mixed: the Map leak, the churn and the closure-held leak, told apart
expect_exit 0 "$H" --json -o "$tmp/mixed.json" "$D"/mixed-{1,2}.heapsnapshot.gz
[ "$(row "$tmp/mixed.json" LeakyThing verdict)" = leak ] || fail "mixed: LeakyThing"
[ "$(row "$tmp/mixed.json" HeldByClosure verdict)" = leak ] || fail "mixed: HeldByClosure"
[ "$(row "$tmp/mixed.json" HeldByClosure new)" = 150 ] || fail "mixed: HeldByClosure new"
[ "$(row "$tmp/mixed.json" ChurnThing verdict)" = churn ] || fail "mixed: ChurnThing"
# retainer paths group the suspects by path shape
expect_exit 0 "$H" "$D"/mixed-{1,2}.heapsnapshot.gz
grep -q '^  200 LeakyThing via global.leakCache -> Map.table -> (array)\[\] -> LeakyThing$' "$tmp/out" || fail "LeakyThing retainer path: $(grep via "$tmp/out")"
# user roots first, as DevTools orders retainers: the global's closure, not the stack's handle
grep -q '^  150 HeldByClosure via global.closureHolder -> Function.context -> system / Context.captured -> Array\[\] -> HeldByClosure$' "$tmp/out" || fail "HeldByClosure retainer path"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
c=next(c for c in d["classes"] if c["name"]=="LeakyThing")
assert c["retainer_paths"][0]["count"]==200 and "leakCache" in c["retainer_paths"][0]["path"]' "$tmp/mixed.json" || fail "JSON retainer_paths"
# the schema's required keys
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for k in ("name","verdict","count","new","deleted","self_size_delta","retained_size","retained_size_delta"):
  assert all(k in c for c in d["classes"]), k
assert len(d["snapshots"])==2' "$tmp/mixed.json" || fail "JSON schema"

# the same snapshot twice: nothing new, nothing deleted, nothing judged
expect_exit 0 "$H" --json -o "$tmp/same.json" "$D/leak-1.heapsnapshot.gz" "$D/leak-1.heapsnapshot.gz"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert all(c["new"]==0 and c["deleted"]==0 and c["verdict"]=="stable" for c in d["classes"])' "$tmp/same.json" || fail "identical snapshots"

# text: summary and diff tables, reasons printed
expect_exit 0 "$H" --top 5 "$D/leak-2.heapsnapshot.gz"
grep -q '^Class  *Count  *Shallow  *Retained' "$tmp/out" || fail "summary header"
[ "$(grep -c . "$tmp/out")" -eq 7 ] || fail "--top 5 prints 5 rows: $(cat "$tmp/out")"
expect_exit 0 "$H" "$D"/leak-{1,2}.heapsnapshot.gz
grep -q '^LeakyThing: leak: 200 new objects survive' "$tmp/out" || fail "leak reason: $(cat "$tmp/out")"

# retention flame graphs: the root is the heap total, growth is shown
expect_exit 0 "$H" --flame "$tmp/one.svg" --json -o "$tmp/one.json" "$D/leak-1.heapsnapshot.gz"
well_formed "$tmp/one.svg"
total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["snapshots"][0]["total"])' "$tmp/one.json")
[ "$(root_total "$tmp/one.svg")" = "$total" ] || fail "flame root $(root_total "$tmp/one.svg") != heap total $total"
expect_exit 0 "$H" --flame "$tmp/two.svg" "$D"/leak-{1,3}.heapsnapshot.gz
well_formed "$tmp/two.svg"
grep -q '<title>LeakyThing ([0-9,]* bytes, [0-9.]*%; retained 0 B -&gt; 60.8 kB (+60.8 kB))</title>' "$tmp/two.svg" || fail "differential flame lacks LeakyThing growth"
grep -q 'red: retained size grew' "$tmp/two.svg" || fail "differential flame has no legend"
# the first rows hold content: the root (the heap total) is the top frame
python3 -c 'import re,sys
s=open(sys.argv[1]).read()
ys=[float(y) for y in re.findall(r"<rect x=\"[0-9.]+\" y=\"([0-9.]+)\"", s)]
assert ys and min(ys) < 120, min(ys)' "$tmp/two.svg" || fail "flame does not start with content"
# PNG through the same back end as flamegen
expect_exit 0 "$H" --flame "$tmp/two.png" "$D"/leak-{1,3}.heapsnapshot.gz
[ "$(head -c 8 "$tmp/two.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "--flame x.png is not a PNG"
expect_exit 1 "$H" --flame "$tmp/bad.svg" "$D/errors/truncated.heapsnapshot"
[ ! -e "$tmp/bad.svg" ] || fail "flame output left behind on error"

# gates
expect_exit 3 "$H" --fail-on leak "$D"/leak-{1,2}.heapsnapshot.gz
grep -q 'gate breached' "$tmp/err" || fail "gate message"
expect_exit 0 "$H" --fail-on leak "$D"/churn-{1,2}.heapsnapshot.gz
expect_exit 3 "$H" --max-growth 10K "$D"/leak-{1,2}.heapsnapshot.gz
expect_exit 0 "$H" --max-growth 10M "$D"/leak-{1,2}.heapsnapshot.gz
# a header whose node_count disagrees with the nodes: a warning, the numbers of the real nodes
python3 -c 'import gzip,re,sys
t=gzip.open(sys.argv[1]).read().decode()
t=re.sub(r"\"node_count\":(\d+)", lambda m: "\"node_count\":%d" % (int(m.group(1))*10), t, count=1)
open(sys.argv[2],"w").write(t)' "$D/leak-1.heapsnapshot.gz" "$tmp/meta.heapsnapshot"
expect_exit 0 "$H" "$tmp/meta.heapsnapshot" "$D/leak-2.heapsnapshot.gz"
grep -q "warning: .*meta.heapsnapshot: the header announces [0-9]* nodes" "$tmp/err" || fail "meta node_count: no warning: $(cat "$tmp/err")"
grep -q "^warning: .*the header announces" "$tmp/out" || fail "meta node_count: no warning in the report"
# usage
expect_exit 2 "$H"
expect_exit 2 "$H" --fail-on growth "$D/leak-1.heapsnapshot.gz"
expect_exit 2 "$H" --bogus "$D/leak-1.heapsnapshot.gz"
expect_exit 1 "$H" /nonexistent.heapsnapshot
expect_exit 0 "$H" --help
finish
