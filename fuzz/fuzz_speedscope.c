/*
 * fuzz_speedscope.c - libFuzzer target for the speedscope JSON reader (see fuzz_formats.h:
 * parse, then pprof and speedscope export, pprof read back with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_speedscope_parse, data, size, NULL);
}
