/*
 * format_list.c - the input formats in detection order.
 *
 * gzip is undone by pk_source before any probe runs.  Binary and JSON
 * formats come first (their probes are exact), then the line-oriented text
 * formats; folded stacks last because almost any text with a trailing
 * number could be folded.  JSON formats are told apart by their top-level
 * keys: nodes (cpuprofile), head with hitCount (legacy cpuprofile) or with
 * selfSize (heap profile), traceEvents or a bare event array (trace), and
 * snapshot (heap snapshot, refused with a pointer to heapdiff).
 */
#include "folded_format.h"
#include "profkit/folded.h"
#include "readers.h"

static const pk_format formats[] = {
    {"perf.data", pk_perf_data_probe, pk_perf_data_parse},
    {"pprof", pk_pprof_probe, pk_pprof_parse},
    {"cpuprofile", pk_cpuprofile_probe, pk_cpuprofile_parse},
    {"heapprofile", pk_heapprofile_probe, pk_heapprofile_parse},
    {"trace-events", pk_trace_events_probe, pk_trace_events_parse},
    {"heapsnapshot", pk_heapsnapshot_refusal_probe, pk_heapsnapshot_refusal_parse},
    {"perf-script", pk_perf_script_probe, pk_perf_script_parse},
    {"folded", pk_folded_probe, pk_folded_format_parse},
};

const pk_format *pk_formats(size_t *count) {
  *count = sizeof formats / sizeof formats[0];
  return formats;
}
