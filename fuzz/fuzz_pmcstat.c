/*
 * fuzz_pmcstat.c - libFuzzer target for the pmcstat callgraph reader (see
 * fuzz_formats.h: parse, then pprof and speedscope export, pprof read back
 * with equal totals).
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  return fuzz_one(pk_pmcstat_parse, data, size, NULL);
}
