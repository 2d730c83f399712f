/*
 * filter.h - pprof-style views over frame names, applied in the model
 * before layout.
 *
 *   focus       keep only samples whose stack passes through a matching frame
 *   focus_root  ... and start their stacks at the first (outermost) match
 *   ignore      drop samples whose stack passes through a matching frame
 *   hide        remove matching frames from stacks, keeping their callees
 *   prune_from  cut stacks below the first matching frame (its callees'
 *               values become the frame's own)
 *   min_percent fold frames whose total is under this share of the root
 *               into their caller (the caller keeps its width)
 *
 * Patterns are POSIX extended regexes matched anywhere in the frame name.
 * Like transform.h, filtering builds a new finished profile (all sample
 * types, metadata and the time order of kept samples carried over) and
 * leaves the input untouched, so it composes with reverse and diff.
 *
 * Ownership: *out belongs to the caller (pk_profile_free).
 */
#ifndef PROFKIT_FILTER_H
#define PROFKIT_FILTER_H

#include <stdbool.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_FILTER_OPTIONS_VERSION 1

typedef struct pk_filter_options {
  unsigned version;     /* PK_FILTER_OPTIONS_VERSION, set by PK_FILTER_OPTIONS_INIT */
  const char *focus;       /* NULL = off */
  bool focus_root;
  const char *ignore;
  const char *hide;
  const char *prune_from;
  double min_percent;      /* 0 = off */
  size_t type;             /* column min_percent measures */
} pk_filter_options;

#define PK_FILTER_OPTIONS_INIT {.version = PK_FILTER_OPTIONS_VERSION}

/* True when opts would change nothing (no pattern, no min_percent). */
bool pk_filter_is_identity(const pk_filter_options *opts);

/* Applies opts to a finished profile.  PK_EINVAL (naming the option) for a
 * bad regex or min_percent outside [0, 100]; PK_ENOMEM; PK_ELIMIT. */
int pk_profile_filter(pk_profile **out, const pk_profile *src, const pk_filter_options *opts,
                      pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
