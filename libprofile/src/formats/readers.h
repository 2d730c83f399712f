/*
 * formats/readers.h - probe and parse functions of the profile formats (private).
 *
 * Every reader has the same two entry points, matching pk_format in
 * reader.h: probe(buf, len) says whether the content looks like the format
 * (cheap, looks at a prefix only), parse(...) fills an empty profile or
 * fails with an error naming the file and the line or byte offset.
 * io/format_list.c puts them in detection order.
 */
#ifndef PROFKIT_READERS_H
#define PROFKIT_READERS_H

#include "profkit/reader.h"

#define PK_DECLARE_READER(name)                                                              \
  bool pk_##name##_probe(const char *buf, size_t len);                                      \
  int pk_##name##_parse(pk_profile *p, const char *buf, size_t len, const char *path,       \
                        const pk_read_options *opts, pk_error *err)

PK_DECLARE_READER(perf_script);
PK_DECLARE_READER(perf_data);
PK_DECLARE_READER(cpuprofile);
PK_DECLARE_READER(heapprofile);
PK_DECLARE_READER(trace_events);
PK_DECLARE_READER(pprof);
PK_DECLARE_READER(heapsnapshot_refusal);
PK_DECLARE_READER(speedscope);
PK_DECLARE_READER(callgrind);
PK_DECLARE_READER(dtrace);
PK_DECLARE_READER(stackprof);
PK_DECLARE_READER(gecko);
PK_DECLARE_READER(ghcprof);
PK_DECLARE_READER(macos_sample);
PK_DECLARE_READER(jfr);
PK_DECLARE_READER(vtune);
PK_DECLARE_READER(vsprof);
PK_DECLARE_READER(v8log);
PK_DECLARE_READER(instruments);
PK_DECLARE_READER(ghcprof_json);
PK_DECLARE_READER(pmcstat);
PK_DECLARE_READER(papyrus);
PK_DECLARE_READER(safari);

#endif
