/*
 * fuzz_v8log.c - libFuzzer target for the node --prof (V8 tick log) reader (see fuzz_formats.h:
 * parse, then pprof and speedscope export, pprof read back with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_v8log_parse, data, size, NULL);
}
