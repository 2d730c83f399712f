#!/bin/sh
# make.sh - regenerates testdata/heap/*.heapsnapshot.gz from scenarios.js.
# Needs node (20+).  Run from anywhere: sh testdata/heap/gen/make.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
for s in leak churn mixed; do
  node --expose-gc "$here/scenarios.js" "$s" "$out"
done
for f in "$out"/*.heapsnapshot; do
  gzip -9 -n -c "$f" > "$here/../$(basename "$f").gz"
done
rm -rf "$out"
ls -l "$here"/../*.gz
