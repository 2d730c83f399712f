#!/usr/bin/env bash
# heap_bench.sh - heapdiff against an integer-only scan (the floor) and
# memlab, on one generated snapshot, in the same run.
#
#   bench/heap_bench.sh [OBJECTS]      (default 1700000 objects, ~5.3M nodes, ~500 MB)
#
# Needs node; memlab is used when installed:
#   cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install memlab
# Build first: cmake --build build.  Output: wall time and peak RSS of each.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
objects=${1:-1700000}
out="$here/out"; mkdir -p "$out"
snap="$out/big-$objects.heapsnapshot"
[ -s "$snap" ] || node --max-old-space-size=16000 "$here/heap_gen.js" "$snap" "$objects"
cc -O2 -o "$out/heap_floor" "$here/heap_floor.c"
ls -l "$snap"
run() {  # run NAME CMD...: prints NAME, seconds, peak RSS (MB)
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" > "$out/$name.out" 2>&1 || { echo "$name failed"; cat "$out/$name.out"; return; }
  read -r secs kb < "$out/time"
  printf '%-22s %8.2f s %8d MB\n' "$name" "$secs" $((kb / 1024))
}
run floor "$out/heap_floor" "$snap"
run heapdiff "$root/build/bin/heapdiff" --top 10 "$snap"
run heapdiff-2-snapshots "$root/build/bin/heapdiff" --top 10 "$snap" "$snap"
if [ -d "$here/node_modules/@memlab/heap-analysis" ]; then
  run memlab node --max-old-space-size=16000 "$here/heap_memlab.js" "$snap"
else
  echo "memlab: not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install memlab)"
fi
