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
  uint8_t *node_class;       /* per node: self class (bits 0-1), total class (2-3), NODE_NEW, NODE_REMOVED */
  double max_delta;          /* largest |self delta| among significant nodes */
  double max_total_delta;    /* largest |total delta| among total-only marks */
  size_t runs_before, runs_after;  /* runs summed per side */
  size_t run_col;            /* with 2+ runs a side: first per-run count column (before runs, then after) */
  int64_t *run_totals;       /* root total of each run column */
  int64_t total_before, total_after;
  double scale;              /* applied to before counts */
  double p0;                 /* null probability that a tested sample is "after" */
  bool has_counts;           /* sample-count columns exist */
  size_t count_before_col, count_after_col;  /* columns the test reads */
  size_t shown_col;          /* the column a graph draws */
  double alpha;              /* 1 - confidence */
  bool normalized, show_removed;
};

enum { PK_NODE_NEW = 16, PK_NODE_REMOVED = 32 };

/* True when every side has two runs or more: changes are tested against
 * the runs' spread (diff/runs.c). */
static inline bool pk_diff_by_runs(const pk_diff *d) { return d->runs_before >= 2 && d->runs_after >= 2; }

/* The quasi-binomial test of a row across runs (see diff.h): p-value, and
 * the over-dispersion factor through *dispersion. */
double pk_diff_runs_p_value(const pk_diff *d, const int64_t *row, double *dispersion);
/* One-sided p-value that a row's share grew by more than `points`
 * percentage points (the same t statistic, shifted): the gate's test
 * with several runs a side. */
double pk_diff_runs_p_grown(const pk_diff *d, const int64_t *row, double points);

/* Builds the diff's tree inside `after` (owned), as pk_diff_new_owning;
 * extra_cols more count columns are appended after the others, zero, for
 * the caller to fill (d->run_col is set to the first). */
int pk_diff_build_owning(pk_diff *d, const pk_profile *before, size_t before_type, pk_profile *after,
                         size_t after_type, const pk_diff_options *opts, size_t extra_cols,
                         int (*fill)(pk_diff *d, void *payload, pk_error *err), void *payload,
                         pk_error *err);

/* Folds the GROWN breaches of v->all_breaches (largest first) that lie on
 * one call path: sets each one's `line` to the breach it folds into (its
 * own index when it stands as a line).  PK_ENOMEM. (diff/breach_paths.c) */
int pk_diff_fold_breaches(pk_diff_verdict *v, const pk_diff *d);

/* The change described by a row of the diff's columns (a node's self or
 * total, or a function's). */
pk_diff_change pk_diff_change_of(const pk_diff *d, const int64_t *row);

#endif
