/*
 * fuzz_vtune.c - libFuzzer target for the Intel VTune CSV call tree reader (see fuzz_formats.h:
 * parse, then pprof and speedscope export, pprof read back with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_vtune_parse, data, size, NULL);
}
