/*
 * folded.h - folded stacks, the text format of flamegraph.pl.
 *
 *   main;parse;read_[k] 12
 *   main;render 3 5          (two counts: before and after, as difffolded.pl writes)
 *
 * Frames are separated by ';', the count is the last space-separated field.
 * Suffixes _[k] _[j] _[i] _[w] become the frame kind (and come back on
 * writing).  Fractional counts are truncated toward zero (as inferno does)
 * and reported in the stats.  Malformed lines are skipped and counted; a
 * file with no valid line is an error.
 *
 * The writer emits canonical text: one line per node with nonzero self
 * value, in depth-first order with siblings sorted by name, so reading and
 * writing again yields the same bytes.
 */
#ifndef PROFKIT_FOLDED_H
#define PROFKIT_FOLDED_H

#include <stdio.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_folded_stats {
  uint64_t lines;               /* valid stack lines */
  uint64_t malformed;           /* lines skipped */
  uint64_t first_malformed_line;/* 1-based, 0 if none */
  uint64_t fractional;          /* lines whose count had a nonzero fraction */
  uint64_t cut;                 /* stacks deeper than the depth bound, cut */
} pk_folded_stats;

/* Stacks deeper than this keep their first PK_FOLDED_MAX_DEPTH - 1 frames
 * and end in one frame "[N frames cut]": one line of 60 MB ("x;x;...") would
 * otherwise cost 30 million nodes (gigabytes) and a 6 GB SVG. */
#define PK_FOLDED_MAX_DEPTH 10000

/* True if buf looks like folded stacks (used by format detection). */
bool pk_folded_probe(const char *buf, size_t len);

/* Parses folded text into an empty profile p: sample type {samples,count},
 * or {before,count} + {after,count} when lines carry two counts. */
int pk_folded_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                    pk_folded_stats *stats, pk_error *err);
/* The same with a depth bound of its own (0: PK_FOLDED_MAX_DEPTH; at least 2). */
int pk_folded_parse_bounded(pk_profile *p, const char *buf, size_t len, const char *path, size_t max_depth,
                            pk_folded_stats *stats, pk_error *err);

/* Writes columns [first_type, first_type + n_types) of p as folded text. */
int pk_folded_write(const pk_profile *p, size_t first_type, size_t n_types, FILE *out,
                    pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
