#!/usr/bin/env bash
# perf_data.sh - `flamegen perf.data` equals `perf script | flamegen` on
# recordings made here: a C program (user frames from its symbol table,
# libc from its debug file when installed, kernel frames from
# /proc/kallsyms), two event types at once, and node with
# --perf-basic-prof (JIT frames from /tmp/perf-PID.map), for the default
# collapse and each of --pid --tid --kernel --jit --all --addrs.  perf
# script is asked for the pid too (-F +pid), as flamegen's --pid and --tid
# use it.  Skips, saying why, only when perf is missing or the kernel
# forbids recording.
. "$(dirname "$0")/../cli/lib.sh"
fg="$PK_BIN/flamegen"
[ -x "$fg" ] || skip "flamegen is not built"
command -v perf >/dev/null || skip "perf is not installed (Debian: linux-perf)"
command -v cc >/dev/null || skip "no C compiler"
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo '?')
if ! perf record -q -o "$tmp/probe.data" -- true >"$tmp/perr" 2>&1; then
  skip "the kernel forbids recording here (perf_event_paranoid=$paranoid, uid $(id -u)): $(head -c 200 "$tmp/perr")"
fi
cat >"$tmp/busy.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
volatile double sink;
__attribute__((noinline)) static double leaf(int n) { double s = 0; for (int i = 0; i < n; i++) s += i * 0.5; sink = s; return s; }
__attribute__((noinline)) double mid(int n) { return leaf(n) + leaf(n / 2); }
__attribute__((noinline)) void sys(void) { char b[4096]; int fd = open("/dev/zero", O_RDONLY); for (int i = 0; i < 800; i++) read(fd, b, sizeof b); close(fd); }
__attribute__((noinline)) double top(int n) { double s = 0; for (int i = 0; i < 150; i++) { s += mid(n); sys(); } return s; }
int main(void) { double s = 0; for (int k = 0; k < 3; k++) s += top(60000); printf("%f\n", s); return 0; }
C
cc -O1 -g -fno-omit-frame-pointer "$tmp/busy.c" -o "$tmp/busy" || fail "cannot compile the test program"

# compare DATA OPTION...: perf script | flamegen against flamegen perf.data
compare() {
  local data=$1; shift
  perf script -F +pid -i "$data" 2>/dev/null | "$fg" "$@" --format folded - >"$tmp/want" 2>/dev/null
  "$fg" "$@" --format folded "$data" >"$tmp/got" 2>"$tmp/err" || { fail "$(basename "$data") $*: $(head -c 300 "$tmp/err")"; return; }
  [ -s "$tmp/want" ] || { fail "$(basename "$data") $*: perf script gave nothing"; return; }
  cmp -s "$tmp/want" "$tmp/got" || fail "$(basename "$data") $*: differs from perf script: $(diff "$tmp/want" "$tmp/got" | head -5)"
}

perf record -q -g -o "$tmp/c.data" "$tmp/busy" >/dev/null 2>&1 || fail "perf record of the C program failed"
for opt in "" --pid --tid --kernel --jit --all --addrs; do compare "$tmp/c.data" $opt; done
perf script -i "$tmp/c.data" 2>/dev/null | "$fg" --format folded - >"$tmp/plain"
"$fg" --format folded "$tmp/c.data" >"$tmp/got"
cmp -s "$tmp/plain" "$tmp/got" || fail "c.data differs from plain perf script"
grep -q ";main;top;" "$tmp/got" || fail "the C program's own frames are missing: $(head -3 "$tmp/got")"
if grep -qv '^0000000000000000 ' /proc/kallsyms; then
  "$fg" --kernel --format folded "$tmp/c.data" >"$tmp/k"
  grep -q '_\[k\] ' "$tmp/k" && grep -q 'do_syscall_64_\[k\]' "$tmp/k" || fail "no kernel frames with --kernel"
else
  echo "note: /proc/kallsyms hides addresses; kernel frames compared as [unknown] only"
fi

perf record -q -g -e cpu-clock -e task-clock -o "$tmp/two.data" "$tmp/busy" >/dev/null 2>&1 || fail "perf record with two events failed"
compare "$tmp/two.data"
compare "$tmp/two.data" --all

if command -v node >/dev/null; then
  before=$(ls /tmp/perf-*.map 2>/dev/null)
  cat >"$tmp/busy.js" <<'JS'
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
let s = 0;
for (let i = 0; i < 12; i++) { s += fib(24); JSON.stringify({ a: [1, 2, 3], b: 'x'.repeat(1000) }); }
console.log(s);
JS
  perf record -q -g -o "$tmp/n.data" node --perf-basic-prof "$tmp/busy.js" >/dev/null 2>&1 || fail "perf record of node failed"
  for opt in "" --jit --all --tid; do compare "$tmp/n.data" $opt; done
  "$fg" --jit --format folded "$tmp/n.data" | grep -q 'fib .*_\[j\]' || fail "no JIT frame for fib from /tmp/perf-PID.map"
  for m in /tmp/perf-*.map; do
    case " $before " in *" $m "*) ;; *) rm -f "$m" ;; esac
  done
else
  echo "note: node is not installed; JIT frames not tested"
fi
finish
