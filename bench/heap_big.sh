#!/usr/bin/env bash
# heap_big.sh - heapdiff on multi-GB snapshots: summaries of SIZES (GiB,
# default "4 8"), a diff of two 4 GiB snapshots, and the first size
# gzip'd; each against the integer-scan floor (heap_floor.c) of its file.
# Prints seconds and peak RSS, per GiB and as a ratio to the file size.
#
#   BIG=/work/big SIZES="4 8" bash bench/heap_big.sh
#
# Snapshots are written by heap_gen_stream.c (streaming, a few KiB of
# memory) into $BIG, outside the repository: about 74 bytes a node, 2.6
# edges a node.  The second snapshot of the diff has the same objects and
# a leak three times as large.  Everything runs under nice -n 19, one
# process at a time (NICE=N changes the niceness, for small trial sizes);
# delete $BIG/heap-* afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
big=${BIG:-/work/big}
sizes=${SIZES:-4 8}
bin="${PK_BIN:-$root/build/bin}"
nice=${NICE:-19}
mkdir -p "$big"
cc -O2 -I"$root/libprofile/src" -o "$big/heap_gen_stream" "$here/heap_gen_stream.c"
cc -O2 -o "$big/heap_floor" "$here/heap_floor.c"
bytes_per_node=74.2   # measured: 74,187,529 bytes for 1,000,000 nodes
run() {  # run NAME FILE_BYTES CMD...: seconds, peak RSS; per GiB and x file
  local name=$1 bytes=$2; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$big/time" nice -n "$nice" "$@" > "$big/$name.out" 2>&1 || { echo "$name failed: $(tail -3 "$big/$name.out")"; return 0; }
  read -r secs kb user sys < "$big/time"
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$bytes" -v u="$user" -v y="$sys" 'BEGIN {
    g = b / 1073741824; printf "%-26s %8.1f s (cpu %6.1f s) %7.0f MiB peak  | %6.2f s/GiB  RSS %.2fx the file\n",
    n, s, u + y, kb / 1024, s / g, kb * 1024 / b }'
  last_secs=$secs
  last_cpu=$(awk -v u="$user" -v y="$sys" 'BEGIN {print u + y}')
}
snap() {  # snap GIB SEED LEAK: path of a generated snapshot
  local f="$big/heap-$1g-$2-$3.heapsnapshot"
  if [ ! -s "$f" ]; then
    local nodes
    nodes=$(awk -v g="$1" -v b="$bytes_per_node" 'BEGIN {printf "%d", g * 1073741824 / b}')
    nice -n "$nice" "$big/heap_gen_stream" "$f" "$nodes" "$2" "$3" 2>/dev/null
  fi
  echo "$f"
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
for g in $sizes; do
  f=$(snap "$g" 1 40)
  b=$(stat -c %s "$f")
  echo "== $f ($b bytes)"
  run "floor-${g}g" "$b" "$big/heap_floor" "$f"; floor=$last_secs; floor_cpu=$last_cpu
  run "heapdiff-${g}g" "$b" "$bin/heapdiff" --top 10 "$f"; hd=$last_secs; hd_cpu=$last_cpu
  # on a loaded machine wall time is mostly waiting: the CPU ratio too
  # (heapdiff uses two threads, so its CPU time exceeds its wall time when idle)
  awk -v a="$hd" -v f="$floor" -v ac="$hd_cpu" -v fc="$floor_cpu" 'BEGIN {printf "heapdiff / floor: %.1fx wall, %.1fx CPU\n", a / f, ac / fc}'
  grep -E 'nodes,|LeakHolder|LeakedEntry' "$big/heapdiff-${g}g.out" | head -3
done
[ "${SUMMARY_ONLY:-0}" = 1 ] && exit 0   # SUMMARY_ONLY=1: no diff, no gzip
first=${sizes%% *}
a=$(snap "$first" 1 40); bsnap=$(snap "$first" 1 120)
b=$(( $(stat -c %s "$a") + $(stat -c %s "$bsnap") ))
echo "== diff of two ${first} GiB snapshots"
run "heapdiff-diff-${first}g" "$b" "$bin/heapdiff" --top 10 "$a" "$bsnap"
grep -E 'LeakedEntry|verdict|leak' "$big/heapdiff-diff-${first}g.out" | head -4
echo "== gzip'd ${first} GiB snapshot"
[ -s "$a.gz" ] || nice -n "$nice" gzip -1 -k "$a"
run "heapdiff-gz-${first}g" "$(stat -c %s "$a")" "$bin/heapdiff" --top 10 "$a.gz"
