#!/usr/bin/env bash
# heap_peers.sh - every .heapsnapshot under ../shared/peers parses and
# summarises (or, for the one truncated file, fails cleanly), and the
# numbers the peers ship match.
. "$(dirname "$0")/../cli/lib.sh"
H="$PK_BIN/heapdiff"
P="$PK_PEERS"
[ -d "$P" ] || skip "no peers at $P"
[ -x "$H" ] || skip "heapdiff not built"

while IFS= read -r f; do
  case "$f" in
    */massive-heap-snapshot-parser/*)
      expect_exit 1 "$H" "$f"
      grep -q 'points past the last node' "$tmp/err" || fail "$f: $(cat "$tmp/err")" ;;
    *)
      expect_exit 0 "$H" --top 3 "$f"
      grep -q '^Class ' "$tmp/out" || fail "$f: no summary" ;;
  esac
done < <(find "$P" -name '*.heapsnapshot' -o -name '*.heapsnapshot.gz')

# stat FILE KEY: a statistic of the first snapshot in the JSON report
stat() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["snapshots"][int(sys.argv[3])][sys.argv[2]])' "$@"; }
row() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(next((c[sys.argv[3]] for c in d["classes"] if c["name"]==sys.argv[2]), "missing"))' "$@"; }
check() { [ "$2" = "$3" ] || fail "$1: got $2, want $3"; }

# heap-snapshot-toolkit (DevTools' own statistics and diff)
T="$P/heap-snapshot-toolkit/test/fixtures"
# two runs of one page (not one process: their ids name other objects): refused, then compared with --any-process
expect_exit 1 "$H" "$T/snapshot1.heapsnapshot.gz" "$T/snapshot2.heapsnapshot.gz"
expect_exit 0 "$H" --any-process --json -o "$tmp/t.json" "$T/snapshot1.heapsnapshot.gz" "$T/snapshot2.heapsnapshot.gz"
check "toolkit 1 total" "$(stat "$tmp/t.json" total 0)" 352312
check "toolkit 1 native" "$(stat "$tmp/t.json" native 0)" 11568
check "toolkit 1 v8heap" "$(stat "$tmp/t.json" v8heap 0)" 340744
check "toolkit 1 code" "$(stat "$tmp/t.json" code 0)" 20840
check "toolkit 1 jsArrays" "$(stat "$tmp/t.json" js_arrays 0)" 512
check "toolkit 1 strings" "$(stat "$tmp/t.json" strings 0)" 5156
check "toolkit 1 system" "$(stat "$tmp/t.json" system 0)" 140576
check "toolkit 1 typedArrays" "$(stat "$tmp/t.json" typed_arrays 0)" 0
check "toolkit 2 total" "$(stat "$tmp/t.json" total 1)" 353421
check "toolkit 2 v8heap" "$(stat "$tmp/t.json" v8heap 1)" 341853
check "toolkit 2 code" "$(stat "$tmp/t.json" code 1)" 21204
check "toolkit 2 strings" "$(stat "$tmp/t.json" strings 1)" 5501
check "toolkit 2 system" "$(stat "$tmp/t.json" system 1)" 140560
check "toolkit Foo new" "$(row "$tmp/t.json" Foo new)" 1
check "toolkit Foo deleted" "$(row "$tmp/t.json" Foo deleted)" 0
check "toolkit Foo alloc" "$(row "$tmp/t.json" Foo alloc_size)" 52
check "toolkit Foo freed" "$(row "$tmp/t.json" Foo freed_size)" 0

# dinfuehr/heap-snapshot: statistics of heap-1, the e2e diff assertions
D="$P/dinfuehr-heap-snapshot/tests/data"
expect_exit 0 "$H" --json -o "$tmp/d2.json" "$D/heap-1.heapsnapshot" "$D/heap-2.heapsnapshot"
check "heap-1 total" "$(stat "$tmp/d2.json" total 0)" 128252
check "heap-1 v8heap" "$(stat "$tmp/d2.json" v8heap 0)" 107572
check "heap-1 native" "$(stat "$tmp/d2.json" native 0)" 20680
check "heap-1 code" "$(stat "$tmp/d2.json" code 0)" 8492
check "heap-1 strings" "$(stat "$tmp/d2.json" strings 0)" 5820
check "heap-1 js arrays" "$(stat "$tmp/d2.json" js_arrays 0)" 64
check "heap-1 nodes" "$(stat "$tmp/d2.json" nodes 0)" 14116
check "2v1 NewObject new" "$(row "$tmp/d2.json" NewObject new)" 2
check "2v1 NewObject deleted" "$(row "$tmp/d2.json" NewObject deleted)" 0
check "2v1 InitialObject new" "$(row "$tmp/d2.json" InitialObject new)" 0
check "2v1 InitialObject deleted" "$(row "$tmp/d2.json" InitialObject deleted)" 2
check "2v1 (object shape) new" "$(row "$tmp/d2.json" "(object shape)" new)" 11
check "2v1 (object shape) freed" "$(row "$tmp/d2.json" "(object shape)" freed_size)" 20
check "2v1 (concatenated string) new" "$(row "$tmp/d2.json" "(concatenated string)" new)" 45
check "2v1 (concatenated string) deleted" "$(row "$tmp/d2.json" "(concatenated string)" deleted)" 43
# one key per object across snapshots (DevTools: the compared snapshot's interfaces): 2, not 3
check "2v1 {createdAt} deleted" "$(row "$tmp/d2.json" "{createdAt}" deleted)" 2
check "2v1 Object new" "$(row "$tmp/d2.json" Object new)" 0
expect_exit 0 "$H" --json -o "$tmp/d3.json" "$D/heap-1.heapsnapshot" "$D/heap-3.heapsnapshot"
check "3v1 NewObject delta" "$(row "$tmp/d3.json" NewObject count_delta)" 7
check "3v1 InitialObject delta" "$(row "$tmp/d3.json" InitialObject count_delta)" -2
expect_exit 0 "$H" --json -o "$tmp/d1.json" "$D/heap-1.heapsnapshot" "$D/heap-1.heapsnapshot"
python3 -c 'import json,sys; assert all(c["new"]==0 and c["deleted"]==0 for c in json.load(open(sys.argv[1]))["classes"])' "$tmp/d1.json" || fail "heap-1 vs heap-1 has rows"
# dinfuehr's get_summary: per-class count, shallow and retained of heap-1
expect_exit 0 "$H" --json -o "$tmp/d.json" "$D/heap-1.heapsnapshot"
check "Function count" "$(row "$tmp/d.json" Function count)" 846
check "Function shallow" "$(row "$tmp/d.json" Function self_size)" 24280
check "Function retained" "$(row "$tmp/d.json" Function retained_size)" 60460
check "(object shape) retained" "$(row "$tmp/d.json" "(object shape)" retained_size)" 49052
check "NativeContext retained" "$(row "$tmp/d.json" "system / NativeContext" retained_size)" 23724
check "(array) retained" "$(row "$tmp/d.json" "(array)" retained_size)" 18352
# plain objects: interface names by DevTools' subset matching
check "{constructor} count" "$(row "$tmp/d.json" "{constructor}" count)" 67
check "{constructor} shallow" "$(row "$tmp/d.json" "{constructor}" self_size)" 1876
check "{constructor} retained" "$(row "$tmp/d.json" "{constructor}" retained_size)" 13216
check "Object count" "$(row "$tmp/d.json" Object count)" 7
check "Object retained" "$(row "$tmp/d.json" Object retained_size)" 3548

# stefanpenner/heapsnapshot: node and edge totals
S="$P/stefanpenner-heapsnapshot/examples/small.heapsnapshot"
expect_exit 0 "$H" --json -o "$tmp/s.json" "$S"
check "stefanpenner nodes" "$(stat "$tmp/s.json" nodes 0)" 34378
check "stefanpenner edges" "$(stat "$tmp/s.json" edges 0)" 147610
# lvce: the header's counts
expect_exit 0 "$H" --json -o "$tmp/l.json" "$P/lvce-heap-snapshot-viewer/packages/integration/fixtures/syntax.heapsnapshot"
check "lvce nodes" "$(stat "$tmp/l.json" nodes 0)" 18108
check "lvce edges" "$(stat "$tmp/l.json" edges 0)" 67561
finish
