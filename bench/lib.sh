# lib.sh - shared helpers for profkit's benchmark scripts (sourced).
# measure NAME CMD...: runs CMD $BENCH_RUNS times (default 5) under
# /usr/bin/time -v with stdout to /dev/null; sets ${NAME}_secs (median wall
# seconds), ${NAME}_cpu (median user+system seconds) and ${NAME}_kb (peak
# RSS KiB, largest run).  Wall time comes from nanosecond timestamps
# (/usr/bin/time's own has 10 ms resolution).  The median keeps one run
# disturbed by a neighbour on a shared machine from deciding the figure.
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$bench_dir/.." && pwd)
out_dir="$bench_dir/out"
mkdir -p "$out_dir"
bin="${PK_BIN:-$repo_dir/build/bin}"

measure() {
  local name=$1; shift
  local runs=${BENCH_RUNS:-5} log="$out_dir/$name.time" walls=() cpus=() kb=0
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v "$@" > /dev/null 2> "$log" || { echo "$name failed:"; tail -5 "$log"; return 1; }
    t1=$(date +%s%N)
    walls+=("$(awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.4f", ns / 1e9}')")
    cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")")
    local k
    k=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    [ "$k" -gt "$kb" ] && kb=$k
  done
  local secs cpu
  secs=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
  printf -v "${name}_secs" '%s' "$secs"
  printf -v "${name}_cpu" '%s' "$cpu"
  printf -v "${name}_kb" '%s' "$kb"
  printf '%-28s %8.3f s wall  %8.3f s cpu  %9d KiB peak RSS  (median of %d)\n' "$name" "$secs" "$cpu" "$kb" "$runs"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.005; printf "%.1f", a / b }'; }
