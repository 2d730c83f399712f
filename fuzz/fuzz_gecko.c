/*
 * fuzz_gecko.c - libFuzzer target for the Gecko / Firefox Profiler reader
 * (see fuzz_formats.h: parse, then pprof and speedscope export, pprof read
 * back with equal totals).  The first byte's low bit picks --merge-threads,
 * so both the base-frame and the merged paths run.
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  pk_read_options opts = PK_READ_OPTIONS_INIT;
  opts.merge_threads = size && (data[0] & 1);
  return fuzz_one(pk_gecko_parse, data, size, &opts);
}
