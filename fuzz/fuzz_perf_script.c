/*
 * fuzz_perf_script.c - libFuzzer target for the perf script collapse (see
 * fuzz_formats.h); the first input byte picks the collapse options, so
 * every combination of --pid --tid --kernel --jit --addrs is exercised.
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size == 0) return 0;
  pk_read_options o = PK_READ_OPTIONS_INIT;
  fuzz_perf_options(data[0], &o);
  return fuzz_one(pk_perf_script_parse, data + 1, size - 1, &o);
}
