# lib.sh - shared helpers for profkit's benchmark scripts (sourced).
# measure NAME CMD...: runs CMD under /usr/bin/time -v with stdout to
# /dev/null; sets ${NAME}_secs and ${NAME}_kb (wall seconds, peak RSS KiB).
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$bench_dir/.." && pwd)
out_dir="$bench_dir/out"
mkdir -p "$out_dir"
bin="${PK_BIN:-$repo_dir/build/bin}"

measure() {
  local name=$1; shift
  local log="$out_dir/$name.time"
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || { echo "$name failed:"; tail -5 "$log"; return 1; }
  local wall kb
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  # wall is [h:]m:ss.cc
  local secs
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  printf -v "${name}_secs" '%s' "$secs"
  printf -v "${name}_kb" '%s' "$kb"
  printf '%-28s %8.2f s  %9d KiB peak RSS\n' "$name" "$secs" "$kb"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.005; printf "%.1f", a / b }'; }
