/*
 * heap_report_internal.h - the pk_heap_report struct shared by heap_diff.c
 * (building), heap_verdict.c (judging) and heap_render.c (printing).
 */
#ifndef PK_HEAP_REPORT_INTERNAL_H
#define PK_HEAP_REPORT_INTERNAL_H

#include "profkit/heap_report.h"
#include "heap_names.h"

struct pk_heap_report {
  size_t n_snapshots;
  char *paths[PK_HEAP_MAX_SNAPSHOTS];
  size_t nodes[PK_HEAP_MAX_SNAPSHOTS], edges[PK_HEAP_MAX_SNAPSHOTS];
  pk_heap_stats stats[PK_HEAP_MAX_SNAPSHOTS];
  pk_heap_verdict_options opts;
  heap_names names;          /* report class names; rows point into it */
  pk_heap_class_row *rows;
  size_t n_rows, n_leaks;
};

/* Sets row->verdict and row->reason from the row's numbers. */
void heap_verdict(pk_heap_class_row *row, size_t n_snapshots, const pk_heap_verdict_options *opts);

#endif
