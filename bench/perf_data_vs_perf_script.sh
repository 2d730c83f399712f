#!/usr/bin/env bash
# perf_data_vs_perf_script.sh - flamegen reading perf.data directly against
# `perf script` alone (only printing the text, no collapse) on one big
# recording, in one run; flamegen's folded output must equal
# `perf script | flamegen` (checked once).
#
#   BIG=/work/big SIZE_MB=1024 bash bench/perf_data_vs_perf_script.sh
#
# The recording (kept outside the repository, in $BIG, default /work/big)
# is `perf record -g -F 100000` of a busy C program whose recursion goes
# 60-120 frames deep through a dozen functions, run until the file reaches
# SIZE_MB.  Delete $BIG/perf-big.data afterwards: it is large.
source "$(dirname "$0")/lib.sh"
big=${BIG:-/work/big}
size_mb=${SIZE_MB:-1024}
mkdir -p "$big"
data="$big/perf-big.data"
if [ ! -s "$data" ]; then
  cat >"$big/deep.c" <<'C'
#include <stdlib.h>
volatile unsigned long sink;
#define F(name, next) __attribute__((noinline)) void name(int d, unsigned s) { \
  for (int i = 0; i < 200; i++) sink += s * i; if (d > 0) next(d - 1, s * 1103515245u + 12345u); }
void f0(int, unsigned); void f1(int, unsigned); void f2(int, unsigned); void f3(int, unsigned);
void f4(int, unsigned); void f5(int, unsigned); void f6(int, unsigned); void f7(int, unsigned);
void pick(int d, unsigned s);
F(f0, pick) F(f1, pick) F(f2, pick) F(f3, pick) F(f4, pick) F(f5, pick) F(f6, pick) F(f7, pick)
void (*const fs[8])(int, unsigned) = {f0, f1, f2, f3, f4, f5, f6, f7};
__attribute__((noinline)) void pick(int d, unsigned s) { fs[(s >> 16) & 7](d, s); }
#include <signal.h>
static volatile sig_atomic_t stop;
static void on_usr1(int sig) { (void)sig; stop = 1; }
int main(void) { /* runs until SIGUSR1 (no library call in the loop: no PLT frames) */
  signal(SIGUSR1, on_usr1);
  for (unsigned r = 1; !stop; r++) pick(60 + (int)(r % 60), r);
  return 0;
}
C
  cc -O1 -fno-omit-frame-pointer "$big/deep.c" -o "$big/deep"
  # about 1 KB a sample (60-120 frames) at 100 kHz of CPU time: the
  # program is told to stop (SIGUSR1, by its pid) when the file reaches SIZE_MB
  nice -n 19 perf record -q -g -F 100000 -o "$data" "$big/deep" >/dev/null 2>&1 &
  rec=$!
  while kill -0 "$rec" 2>/dev/null; do
    sleep 1
    if [ "$(stat -c %s "$data" 2>/dev/null || echo 0)" -ge $((size_mb * 1024 * 1024)) ]; then
      child=$(pgrep -P "$rec" || true)
      [ -n "$child" ] && kill -USR1 "$child"
    fi
  done
  wait "$rec" || true
fi
echo "input: $data ($(du -h "$data" | cut -f1)); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_RUNS=${BENCH_RUNS:-1} measure perf_script perf script -i "$data"
BENCH_RUNS=${BENCH_RUNS:-1} measure flamegen_perf_data "$bin/flamegen" --format folded "$data"
# equality on the first 50 MB of records would need a cut file; it is
# checked on every collapse option by tests/formats/perf_data.sh, and here
# with CHECK=1 (runs perf script a second time: slow)
if [ "${CHECK:-0}" = 1 ]; then
  "$bin/flamegen" --format folded "$data" >"$big/direct.folded"
  perf script -i "$data" 2>/dev/null | "$bin/flamegen" --format folded - >"$big/script.folded"
  cmp -s "$big/direct.folded" "$big/script.folded" && echo "outputs identical" || echo "OUTPUTS DIFFER"
  rm -f "$big/direct.folded" "$big/script.folded"
fi
echo "speed-up: $(ratio "$perf_script_secs" "$flamegen_perf_data_secs")x faster than perf script alone (wall);" \
     "CPU $(ratio "$perf_script_cpu" "$flamegen_perf_data_cpu")x less; memory $(ratio "$flamegen_perf_data_kb" "$perf_script_kb") of perf script's peak RSS"
