/*
 * fuzz_heapsnapshot.c - libFuzzer target for the heap snapshot parser and
 * the analysis behind heapdiff: any input must parse or fail cleanly, and a
 * parsed graph must survive dominators, classes and a one-snapshot report.
 */
#include <stddef.h>
#include <stdint.h>

#include "profkit/heap_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pk_heap *h = NULL;
  pk_error err;
  if (pk_heap_parse(&h, (const char *)data, size, "fuzz", &err) != 0) return 0;
  if (pk_heap_analyze(h, &err) == 0) {
    pk_heap_report *r = NULL;
    pk_heap *both[2] = {h, h};
    if (pk_heap_report_build(&r, both, 2, NULL, &err) == 0) pk_heap_report_free(r);
  }
  pk_heap_free(h);
  return 0;
}
