#!/usr/bin/env bash
# heap_bench.sh - heapdiff against an integer-only scan (the floor) and
# memlab, on one generated snapshot, in the same run; or, with --shapes,
# on one snapshot of each heap shape of heap_gen_stream.c (issue 18).
#
#   bench/heap_bench.sh [OBJECTS]      (default 1700000 objects, ~5.3M nodes, ~500 MB)
#   bench/heap_bench.sh --shapes [NODES]   (default 5300000 nodes a shape)
#
# Needs node; memlab is used when installed:
#   cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install memlab
# Build first: cmake --build build.  Output: wall time and peak RSS of each.
#
# One snapshot: ROUNDS rounds (default 3) of floor, heapdiff and memlab;
# the ratios printed are the medians of the rounds' ratios.
#
# --shapes writes bench/out/shape-SHAPE-NODES.heapsnapshot (~500 MB each)
# with heap_gen_stream.c for every shape in $SHAPES (default all seven),
# runs the floor and `PK_HEAP_PHASES=1 heapdiff --top 10` $RUNS times
# (default 3) and memlab once, and prints one row a shape: the medians of
# the parse, DFS, reverse graph and semi-NCA (from the phase marks: each
# phase's time is its mark minus the main thread's mark before it), the
# whole run and peak RSS, heapdiff against the floor, memlab's wall time
# and RSS, and memlab against heapdiff (speed: memlab s / heapdiff s;
# memory: heapdiff RSS / memlab RSS).  Each snapshot is deleted after its
# row unless KEEP=1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"; mkdir -p "$out"
cc -O2 -o "$out/heap_floor" "$here/heap_floor.c"
have_memlab() { [ -d "$here/node_modules/@memlab/heap-analysis" ]; }
no_memlab="memlab: not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install memlab)"

if [ "${1:-}" = --shapes ]; then
  nodes=${2:-5300000}
  runs=${RUNS:-3}
  cc -O2 -I"$root/libprofile/src" -o "$out/heap_gen_stream" "$here/heap_gen_stream.c"
  median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
  timed() {  # timed LOG CMD...: CMD's stderr to LOG; sets secs, kb
    local log=$1; shift
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" > /dev/null 2> "$log.err" || { echo "failed: $*"; tail -3 "$log.err"; return 1; }
    read -r secs kb < "$out/time"
  }
  have_memlab || echo "$no_memlab"
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs of floor and heapdiff (medians), memlab once"
  printf '%-9s %6s %6s %5s | %6s | %6s %6s %6s %6s %7s %6s %6s | %7s %6s %7s %6s\n' shape Mnodes Medges MB floor \
    parse DFS revgr semiNCA heapdif RSS xfloor memlab RSS xspeed xmem
  for shape in ${SHAPES:-dag random lists parents wide closures mix}; do
    snap="$out/shape-$shape-$nodes.heapsnapshot"
    [ -s "$snap" ] || "$out/heap_gen_stream" --shape "$shape" "$snap" "$nodes" 2> "$out/gen.err"
    read -r n_nodes n_edges < <(head -c 4096 "$snap" | sed -n 's/.*"node_count":\([0-9]*\),"edge_count":\([0-9]*\).*/\1 \2/p')
    : > "$out/floor.s"; : > "$out/hd.s"; : > "$out/hd.kb"; : > "$out/phases"
    for _ in $(seq "$runs"); do
      timed "$out/floor" "$out/heap_floor" "$snap"; echo "$secs" >> "$out/floor.s"
      timed "$out/hd" env PK_HEAP_PHASES=1 "$root/build/bin/heapdiff" --top 10 "$snap"
      echo "$secs" >> "$out/hd.s"; echo "$kb" >> "$out/hd.kb"
      # one line per run: parse DFS reverse semi-NCA (main-thread marks)
      awk '/^\[phase\]/ { t = $2; sub(/.*\)  /, ""); at[$0] = t }
        END { printf "%s %s %s %s\n", at["parse: strings, done"], at["dominators: DFS"] - at["dominators: essential edges"],
              at["dominators: reverse graph"] - at["dominators: DFS"], at["dominators: semi-NCA"] - at["dominators: reverse graph"] }' \
        "$out/hd.err" >> "$out/phases"
    done
    floor=$(median < "$out/floor.s"); hd=$(median < "$out/hd.s"); hdkb=$(sort -g "$out/hd.kb" | tail -1)
    ph=""; for c in 1 2 3 4; do ph="$ph $(cut -d' ' -f$c "$out/phases" | median)"; done
    ml_s=- ml_kb=0
    if have_memlab; then
      timed "$out/memlab" node --max-old-space-size=16000 "$here/heap_memlab.js" "$snap" && ml_s=$secs ml_kb=$kb
    fi
    awk -v s="$shape" -v n="$n_nodes" -v e="$n_edges" -v b="$(stat -c %s "$snap")" -v f="$floor" -v ph="$ph" \
      -v hd="$hd" -v kb="$hdkb" -v ms="$ml_s" -v mkb="$ml_kb" 'BEGIN {
      split(ph, p, " ")
      printf "%-9s %6.2f %6.2f %5.0f | %6.2f | %6.2f %6.2f %6.2f %6.2f %7.2f %6.0f %5.1fx | ", s, n / 1e6, e / 1e6,
        b / 1048576, f, p[1], p[2], p[3], p[4], hd, kb / 1024, hd / f
      if (ms == "-") printf "%7s %6s %7s %6s\n", "-", "-", "-", "-"
      else printf "%7.2f %6.0f %6.1fx 1/%.1f\n", ms, mkb / 1024, ms / hd, mkb / kb }'
    [ "${KEEP:-0}" = 1 ] || rm -f "$snap"
  done
  exit 0
fi

objects=${1:-1700000}
snap="$out/big-$objects.heapsnapshot"
[ -s "$snap" ] || node --max-old-space-size=16000 "$here/heap_gen.js" "$snap" "$objects"
ls -l "$snap"
run() {  # run NAME CMD...: prints NAME, seconds, peak RSS (MB); sets NAME_s, NAME_kb
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" > "$out/$name.out" 2>&1 || { echo "$name failed"; cat "$out/$name.out"; return 1; }
  read -r secs kb < "$out/time"
  printf -v "${name//-/_}_s" '%s' "$secs"; printf -v "${name//-/_}_kb" '%s' "$kb"
  printf '%-22s %8.2f s %8d MB\n' "$name" "$secs" $((kb / 1024))
}
# The host's speed drifts (CPU steal on a shared VM: heapdiff alone took
# 2.4-3.2 s in runs minutes apart), so floor, heapdiff and memlab are run in
# rounds (ROUNDS, default 3) and each ratio is the median of the rounds':
# a slow spell slows all three sides of a round alike.
median_of() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
floor_x=() speed_x=() mem_x=()
have_memlab || echo "$no_memlab"
for ((round = 1; round <= ${ROUNDS:-3}; round++)); do
  echo "round $round:"
  run floor "$out/heap_floor" "$snap"
  run heapdiff "$root/build/bin/heapdiff" --top 10 "$snap"
  [ "$round" = 1 ] && run heapdiff-2-snapshots "$root/build/bin/heapdiff" --top 10 "$snap" "$snap"
  floor_x+=("$(awk -v a="$heapdiff_s" -v b="$floor_s" 'BEGIN {printf "%.1f", a / b}')")
  have_memlab || continue
  run memlab node --max-old-space-size=16000 "$here/heap_memlab.js" "$snap"
  speed_x+=("$(awk -v a="$memlab_s" -v b="$heapdiff_s" 'BEGIN {printf "%.1f", a / b}')")
  mem_x+=("$(awk -v a="$memlab_kb" -v b="$heapdiff_kb" 'BEGIN {printf "%.1f", a / b}')")
done
echo "heapdiff: $(median_of "${floor_x[@]}")x the floor (rounds: ${floor_x[*]})"
if have_memlab; then
  echo "against memlab: $(median_of "${speed_x[@]}")x faster (rounds: ${speed_x[*]}), 1/$(median_of "${mem_x[@]}") of its peak RSS (rounds: ${mem_x[*]})"
fi
