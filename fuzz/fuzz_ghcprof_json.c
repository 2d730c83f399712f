/*
 * fuzz_ghcprof_json.c - libFuzzer target for the GHC JSON profile reader (see
 * fuzz_formats.h: parse, then pprof and speedscope export, pprof read back
 * with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_ghcprof_json_parse, data, size, NULL);
}
