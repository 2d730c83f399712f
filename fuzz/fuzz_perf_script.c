/*
 * fuzz_perf_script.c - libFuzzer target for the perf script collapse (see
 * fuzz_formats.h); the first input byte picks the collapse options, so
 * every combination of --pid --tid --kernel --jit --addrs is exercised.
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size == 0) return 0;
  pk_read_options o = PK_READ_OPTIONS_INIT;
  o.perf_pid = data[0] & 1;
  o.perf_tid = data[0] & 2;
  o.perf_kernel = data[0] & 4;
  o.perf_jit = data[0] & 8;
  o.perf_addrs = data[0] & 16;
  o.exclude_idle = data[0] & 32;
  return fuzz_one(pk_perf_script_parse, data + 1, size - 1, &o);
}
