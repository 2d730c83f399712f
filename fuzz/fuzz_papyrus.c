/*
 * fuzz_papyrus.c - libFuzzer target for the Papyrus log reader (see
 * fuzz_formats.h: parse, then pprof and speedscope export, pprof read back
 * with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_papyrus_parse, data, size, NULL);
}
