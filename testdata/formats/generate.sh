#!/usr/bin/env bash
# generate.sh - regenerate the real-runtime profiles in this folder.
#   node --cpu-prof  hot.js   -> node-cpu.cpuprofile   (hot function: hotLoop)
#   node --heap-prof alloc.js -> node-heap.heapprofile (hot function: allocHot)
#   go run hot.go             -> go-cpu.pb.gz (hotSpin), go-heap.pb.gz (allocHeavy)
# Needs node (>= 12) and Debian's golang-go; no network.  The outputs are
# committed; tests only read them (tests/formats/runtime_profiles.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node --cpu-prof --cpu-prof-dir="$work" --cpu-prof-name=cpu.cpuprofile "$here/hot.js"
cp "$work/cpu.cpuprofile" "$here/node-cpu.cpuprofile"
node --heap-prof --heap-prof-dir="$work" --heap-prof-name=heap.heapprofile "$here/alloc.js"
cp "$work/heap.heapprofile" "$here/node-heap.heapprofile"
(cd "$work" && cp "$here/hot.go" . && GOCACHE="$work/gocache" GOPATH="$work/gopath" GO111MODULE=off go run hot.go "$here")
ls -l "$here"/node-cpu.cpuprofile "$here"/node-heap.heapprofile "$here"/go-cpu.pb.gz "$here"/go-heap.pb.gz
