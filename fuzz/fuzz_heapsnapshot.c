/*
 * fuzz_heapsnapshot.c - libFuzzer target for the heap snapshot parser and
 * the analysis behind heapdiff: any input must parse or fail cleanly, and a
 * parsed graph must survive dominators, classes and reports: against
 * itself, and as the second snapshot after a fixed one-node heap, so that
 * every object is new and the causes (closures and their definition sites
 * from "locations") are built from the input.
 */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "profkit/heap_report.h"

static const char first_heap[] =
    "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"],"
    "\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\","
    "\"native\",\"synthetic\"]],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
    "\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"]]}},"
    "\"nodes\":[9,0,1,0,0],\"edges\":[],\"strings\":[\"\"]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pk_heap *h = NULL;
  pk_error err;
  if (pk_heap_parse(&h, (const char *)data, size, "fuzz", &err) != 0) return 0;
  if (pk_heap_analyze(h, &err) == 0) {
    pk_heap_report *r = NULL;
    pk_heap *both[2] = {h, h};
    if (pk_heap_report_build(&r, both, 2, NULL, &err) == 0) pk_heap_report_free(r);
    pk_heap *first = NULL;
    if (pk_heap_parse(&first, first_heap, strlen(first_heap), "first", &err) == 0 && pk_heap_analyze(first, &err) == 0) {
      pk_heap_verdict_options opts = PK_HEAP_VERDICT_OPTIONS_INIT;
      opts.any_process = true;
      opts.min_new = 0;
      opts.min_growth = 0;
      pk_heap *series[2] = {first, h};
      r = NULL;
      if (pk_heap_report_build(&r, series, 2, &opts, &err) == 0) pk_heap_report_free(r);
    }
    pk_heap_free(first);
  }
  pk_heap_free(h);
  return 0;
}
