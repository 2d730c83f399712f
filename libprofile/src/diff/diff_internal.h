/*
 * diff/diff_internal.h - the layout of pk_diff (internal to libprofile).
 */
#ifndef PK_DIFF_INTERNAL_H
#define PK_DIFF_INTERNAL_H

#include "profkit/diff.h"
#include "profkit/functions.h"

struct pk_diff {
  pk_profile *profile;       /* the columns of diff.h, finished */
  pk_functions *functions;   /* summed by name over the same columns */
  pk_diff_change *function_changes;  /* per function: self, total (NULL until built) */
  uint8_t *node_class;       /* pk_diff_class of each node's self change */
  double max_delta;          /* largest |self delta| among significant nodes */
  int64_t total_before, total_after;
  double scale;              /* applied to before counts */
  double p0;                 /* null probability that a tested sample is "after" */
  bool has_counts;           /* sample-count columns exist */
  size_t count_before_col, count_after_col;  /* columns the test reads */
  size_t shown_col;          /* the column a graph draws */
  double alpha;              /* 1 - confidence */
  bool normalized, show_removed;
};

/* The change described by a row of the diff's columns (a node's self or
 * total, or a function's). */
pk_diff_change pk_diff_change_of(const pk_diff *d, const int64_t *row);

#endif
