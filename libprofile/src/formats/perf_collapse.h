/*
 * perf_collapse.h - the stackcollapse-perf.pl port as a consumer of
 * `perf script` lines (private).
 *
 * perf_script.c feeds it the lines of a text file; perf_data.c feeds it the
 * lines `perf script` would have printed for each sample of a perf.data
 * file, so both roads collapse with the same rules and give the same bytes.
 * perf_data.c also pushes frame ids it has cached for a (dso, symbol): a
 * stack line is then one hash lookup instead of a format and a match.
 *
 * Ownership: the collapser is owned by the caller (pk_perf_collapser_free);
 * it writes into the profile it was given.
 */
#ifndef PROFKIT_PERF_COLLAPSE_H
#define PROFKIT_PERF_COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>

#include "profkit/reader.h"

typedef struct pk_perf_collapser pk_perf_collapser;

/* Adds the samples/count column and the "perf" format to p. */
int pk_perf_collapser_new(pk_perf_collapser **out, pk_profile *p, const pk_read_options *opts,
                          const char *path, pk_error *err);
/* One line without its newline: event line, stack line, blank (ends a sample). */
int pk_perf_collapser_line(pk_perf_collapser *c, const char *l, size_t n);
/* True between an accepted event line and the blank line ending its sample. */
bool pk_perf_collapser_in_sample(const pk_perf_collapser *c);
/* Whether the open sample's process name starts with "java" (tidy_java). */
bool pk_perf_collapser_is_java(const pk_perf_collapser *c);
/* The frames of the open sample so far (leaf-first, each line's frames reversed). */
size_t pk_perf_collapser_depth(const pk_perf_collapser *c);
const pk_id *pk_perf_collapser_frames(const pk_perf_collapser *c);
/* Appends frames a stack line gave before (see the file comment). */
int pk_perf_collapser_push(pk_perf_collapser *c, const pk_id *ids, size_t n);
/* Ends the input: last-stack rule, time unit, warnings, "no samples" error.
 * rc is the status so far; errors name a line (offset == PK_NO_POSITION)
 * or the byte offset given. */
int pk_perf_collapser_finish(pk_perf_collapser *c, int rc, uint64_t offset, pk_error *err);
void pk_perf_collapser_free(pk_perf_collapser *c);

#endif
