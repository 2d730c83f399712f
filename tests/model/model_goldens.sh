#!/usr/bin/env bash
# model_goldens.sh - each small input of testdata/ parses into exactly the
# model dumped beside it: testdata/model/NAME.txt is `pkconv --dump - IN`
# (pk_profile_dump: meta, sample types, frames, nodes with self and total,
# events), so any change in what a reader builds shows up as a diff of that
# text (pprof's testdata/*.string are the model).  After an intended change,
# regenerate every golden of the repository with the one switch
#   PK_UPDATE_GOLDEN=1 ctest -R 'golden'
# and review the diff before committing.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BUILD/tests/pkconv"
[ -x "$conv" ] || skip "pkconv not built"
D="$PK_TESTDATA"
inputs="golden/small.folded golden/java.folded diff/colour_before.folded
  diff/colour_after.folded formats/node-cpu.cpuprofile formats/node-heap.heapprofile
  formats/go-cpu.pb.gz formats/go-heap.pb.gz"
for rel in $inputs; do
  name=$(echo "$rel" | tr '/' '_')
  golden="$D/model/$name.txt"
  "$conv" --dump - "$D/$rel" > "$tmp/$name.txt" 2> "$tmp/err" || { fail "$rel: $(cat "$tmp/err")"; continue; }
  if [ "${PK_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$tmp/$name.txt" "$golden"
  elif [ ! -f "$golden" ]; then
    fail "$rel: no golden $golden (PK_UPDATE_GOLDEN=1 writes it)"
  else
    cmp -s "$golden" "$tmp/$name.txt" || fail "$rel: model differs from $golden: $(diff "$golden" "$tmp/$name.txt" | head -5)"
  fi
done
finish
