/*
 * heap/report/report_internal.h - the pk_heap_report struct shared by heap/report/build_report.c
 * (building), heap/report/verdict.c (judging) and heap/report/write_report.c (printing).
 */
#ifndef PK_HEAP_REPORT_INTERNAL_H
#define PK_HEAP_REPORT_INTERNAL_H

#include "profkit/heap_report.h"
#include "util/name_table.h"

struct pk_heap_report {
  size_t n_snapshots;
  char *snapshot_paths[PK_HEAP_MAX_SNAPSHOTS];
  size_t nodes[PK_HEAP_MAX_SNAPSHOTS], edges[PK_HEAP_MAX_SNAPSHOTS];
  pk_heap_stats stats[PK_HEAP_MAX_SNAPSHOTS];
  pk_heap_verdict_options opts;
  heap_names names;          /* report class names; rows point into it */
  pk_heap_class_row *rows;
  size_t n_rows, n_leaks;
  pk_heap_path_group *paths;  /* path strings malloc'd */
  size_t n_paths, paths_cap;
};

/* Sets row->verdict and row->reason from the row's numbers. */
void heap_verdict(pk_heap_class_row *row, size_t n_snapshots, const pk_heap_verdict_options *opts);

/* heap/report/retainer_paths.c: retainer path groups for the first path_classes leak or
 * growth rows; map = last snapshot's class -> report class; new_mask marks
 * the last snapshot's new objects (NULL: every object).  -1 on OOM. */
int heap_report_paths(pk_heap_report *r, const pk_heap *last, const uint32_t *map, const uint8_t *new_mask,
                      size_t max_classes, size_t per_class);

#endif
