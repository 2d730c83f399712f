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
#include "profkit/source.h"

typedef struct pk_read_options {
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
  /* A format name from pk_formats ("folded", "pprof", ...) forces that
   * reader; NULL detects the format from the content. */
  const char *format;
  /* Folded stacks: frames past this depth become one "[N frames cut]"
   * frame; 0 = PK_FOLDED_MAX_DEPTH (10,000). */
  size_t max_depth;
} pk_read_options;

#define PK_READ_OPTIONS_INIT {PK_SOURCE_LIMITS_INIT, false, false, false, false, false, false, NULL, NULL, false, NULL, 0}

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

#endif
