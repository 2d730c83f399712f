/*
 * io/format_list.c - the input formats in detection order.
 *
 * gzip is undone by pk_source before any probe runs.  Binary and JSON
 * formats come first (their probes are exact), then the line-oriented text
 * formats; folded stacks last because almost any text with a trailing
 * number could be folded.  JSON formats are told apart by their top-level
 * keys: nodes (cpuprofile), head with hitCount (legacy cpuprofile) or with
 * selfSize (heap profile), traceEvents or a bare event array (trace), and
 * snapshot (heap snapshot, refused with a pointer to heapdiff); a speedscope
 * file by its $schema URL; a Gecko profile by threads with a stackTable or
 * frameTable (searched in the whole object: the devtools export puts a
 * long markers array first); a JFR recording by its FLR\0 magic;
 * GHC's JSON report by cost_centres and tick_interval; a Safari timeline
 * recording by recording and instrumentTypes.
 */
#include "formats/folded_adapters.h"
#include "profkit/folded.h"
#include "formats/readers.h"

static const pk_format formats[] = {
    {"perf.data", pk_perf_data_probe, pk_perf_data_parse},
    {"pprof", pk_pprof_probe, pk_pprof_parse},
    {"jfr", pk_jfr_probe, pk_jfr_parse},
    {"cpuprofile", pk_cpuprofile_probe, pk_cpuprofile_parse},
    {"heapprofile", pk_heapprofile_probe, pk_heapprofile_parse},
    {"trace-events", pk_trace_events_probe, pk_trace_events_parse},
    {"heapsnapshot", pk_heapsnapshot_refusal_probe, pk_heapsnapshot_refusal_parse},
    {"speedscope", pk_speedscope_probe, pk_speedscope_parse},
    {"stackprof", pk_stackprof_probe, pk_stackprof_parse},
    {"gecko", pk_gecko_probe, pk_gecko_parse},
    {"ghcprof-json", pk_ghcprof_json_probe, pk_ghcprof_json_parse},
    {"safari", pk_safari_probe, pk_safari_parse},
    {"callgrind", pk_callgrind_probe, pk_callgrind_parse},
    {"pmcstat", pk_pmcstat_probe, pk_pmcstat_parse},
    {"papyrus", pk_papyrus_probe, pk_papyrus_parse},
    {"dtrace", pk_dtrace_probe, pk_dtrace_parse},
    {"ghcprof", pk_ghcprof_probe, pk_ghcprof_parse},
    {"macos-sample", pk_macos_sample_probe, pk_macos_sample_parse},
    {"vtune", pk_vtune_probe, pk_vtune_parse},
    {"vsprof", pk_vsprof_probe, pk_vsprof_parse},
    {"v8log", pk_v8log_probe, pk_v8log_parse},
    {"instruments", pk_instruments_probe, pk_instruments_parse},
    {"perf-script", pk_perf_script_probe, pk_perf_script_parse},
    {"folded", pk_folded_probe, pk_folded_format_parse},
};

const pk_format *pk_formats(size_t *count) {
  *count = sizeof formats / sizeof formats[0];
  return formats;
}
