/*
 * diff_internal.h - the layout of pk_diff (internal to libprofile).
 */
#ifndef PK_DIFF_INTERNAL_H
#define PK_DIFF_INTERNAL_H

#include "profkit/diff.h"
#include "profkit/functions.h"

struct pk_diff {
  pk_profile *profile;       /* PK_DIFF_COLUMNS columns, finished */
  pk_functions *functions;   /* summed by name over the same columns */
  uint8_t *node_class;       /* pk_diff_class of each node's self change */
  double max_delta;          /* largest |self delta| among significant nodes */
  int64_t total_before, total_after;
  double scale;              /* applied to before counts */
  double p0;                 /* scale / (1 + scale): null probability of "after" */
  double alpha;              /* 1 - confidence */
  bool normalized, show_removed;
};

/* The change from `before` to `after` raw counts under d's scale and alpha. */
pk_diff_change pk_diff_change_of(const pk_diff *d, int64_t before, int64_t after);

#endif
