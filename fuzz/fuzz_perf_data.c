/*
 * fuzz_perf_data.c - libFuzzer target for the perf.data reader (see
 * fuzz_formats.h); the first input byte picks the collapse options.  The
 * kallsyms file is /dev/null, so kernel frames stay [unknown] and runs do
 * not depend on the machine; paths named by mmap records are opened only
 * when they are regular files.
 */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size == 0) return 0;
  pk_read_options o = PK_READ_OPTIONS_INIT;
  fuzz_perf_options(data[0], &o);
  o.perf_kallsyms = "/dev/null";
  return fuzz_one(pk_perf_data_parse, data + 1, size - 1, &o);
}
