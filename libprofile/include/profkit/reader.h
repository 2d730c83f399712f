/*
 * reader.h - read any supported profile: format detection over a list of
 * parsers.
 *
 * Each format is a probe (does this content look like mine?) and a parser.
 * pk_read_profile sniffs the decompressed content and tries the formats in a
 * fixed order; content no probe accepts fails with a message that names the
 * formats tried.  The file name never decides the format.
 *
 * Ownership: *out belongs to the caller (pk_profile_free).
 */
#ifndef PROFKIT_READER_H
#define PROFKIT_READER_H

#include <stdbool.h>

#include "profkit/profile.h"
#include "profkit/progress.h"
#include "profkit/source.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_READ_OPTIONS_VERSION 1

typedef struct pk_read_options {
  unsigned version;     /* PK_READ_OPTIONS_VERSION, set by PK_READ_OPTIONS_INIT */
  pk_source_limits limits;    /* decompression bounds */
  bool exclude_idle;          /* .cpuprofile: drop (idle) samples */
  /* perf script collapse options (stackcollapse-perf.pl names) */
  bool perf_pid, perf_tid, perf_kernel, perf_jit, perf_addrs;
  /* warnings (malformed lines skipped, fractions truncated) go here when set */
  void (*warn)(void *payload, const char *path, const char *message);
  void *warn_payload;
  /* Leave the profile unfinished (no totals) for a caller that only reads
   * self values, e.g. to merge it into a diff: saves a pass and 8 bytes a
   * node per sample type.  pk_profile_finish can still be called later. */
  bool no_totals;
  /* Profiles of several threads or processes (trace events, speedscope
   * files, perf script): keep only threads whose name or id matches
   * thread_regex and whose process's matches process_regex (POSIX
   * extended regexes, NULL = all); merge_threads drops the base frame that
   * each thread otherwise gets. */
  const char *thread_regex, *process_regex;
  bool merge_threads;
  /* perf.data: kernel symbols from this file instead of /proc/kallsyms */
  const char *perf_kallsyms;
  /* how far reading and parsing got (see progress.h) */
  pk_progress progress;
  /* A format name from pk_formats ("folded", "pprof", ...) forces that
   * reader; NULL detects the format from the content. */
  const char *format;
  /* Folded stacks: frames past this depth become one "[N frames cut]"
   * frame; 0 = PK_FOLDED_MAX_DEPTH (10,000). */
  size_t max_depth;
} pk_read_options;

#define PK_READ_OPTIONS_INIT {.version = PK_READ_OPTIONS_VERSION, .limits = PK_SOURCE_LIMITS_INIT}

typedef struct pk_format {
  const char *name;   /* "folded", "pprof", ... */
  bool (*probe)(const char *buf, size_t len);
  int (*parse)(pk_profile *p, const char *buf, size_t len, const char *path,
               const pk_read_options *opts, pk_error *err);
} pk_format;

/* The formats in detection order; *count gets their number. */
const pk_format *pk_formats(size_t *count);

/* Parses buf (already decompressed) with the first format whose probe accepts it. */
int pk_parse_profile(pk_profile **out, const char *buf, size_t len, const char *path,
                     const pk_read_options *opts, pk_error *err);

/* Opens path ("-" = stdin), decompresses, detects, parses, finishes. */
int pk_read_profile(pk_profile **out, const char *path, const pk_read_options *opts, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
