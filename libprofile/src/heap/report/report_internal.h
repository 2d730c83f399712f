/*
 * heap/report/report_internal.h - the pk_heap_report struct shared by heap/report/build_report.c
 * (building), heap/report/verdict.c (judging) and heap/report/write_report.c (printing).
 */
#ifndef PK_HEAP_REPORT_INTERNAL_H
#define PK_HEAP_REPORT_INTERNAL_H

#include "profkit/heap_report.h"
#include "heap/heap_internal.h"
#include "util/grow.h"
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
  pk_heap_cause *causes;      /* heap_causes.c; holder/path strings and class arrays malloc'd */
  size_t n_causes;
  heap_names cause_names;     /* class names the causes list */
  uint64_t *class_leak_new;   /* per report class: new objects in leak causes */
  uint64_t *class_bounded_new;/* per report class: new objects in bounded causes */
  uint32_t *pred, *from;      /* last snapshot's shortest-path tree, once built */
  pk_heap_cause_class *sites; /* per cause_names id: a closure's definition site (file NULL if none) */
  size_t n_sites, sites_cap;
  heap_names site_strings;    /* the sites' strings */
  char warning[2048];          /* a comparison caveat for the reader ("" if none) */
};

/* Sets row->verdict and row->reason from the row's numbers. */
void heap_verdict(pk_heap_class_row *row, size_t n_snapshots, const pk_heap_verdict_options *opts);
/* Then, with the causes known: engine classes are never a leak, and a
 * class is a leak only if most of its new objects are in leak causes. */
void heap_verdict_by_causes(pk_heap_class_row *row, uint64_t leak_new, uint64_t bounded_new);

/* heap/report/retainer_paths.c: retainer path groups for the first path_classes leak or
 * growth rows; map = last snapshot's class -> report class; new_mask marks
 * the last snapshot's new objects (NULL: every object).  -1 on OOM. */
int heap_report_paths(pk_heap_report *r, const pk_heap *last, const uint32_t *map, const uint8_t *new_mask,
                      size_t max_classes, size_t per_class);

/* heap_paths.c: the BFS tree of shortest non-weak paths from the root:
 * pred[n] = the edge that first reached n (PK_HEAP_NONE for the root and
 * unreached nodes), from[n] = its source.  -1 on OOM. */
int heap_shortest_tree(const pk_heap *h, uint32_t **pred, uint32_t **from);
/* heap_paths.c: the path shape of node v ("global.leakCache -> Map.table ->
 * (array)[] -> LeakyThing") into buf (1024 bytes); returns its length. */
size_t heap_path_shape(const pk_heap *h, const uint32_t *pred, const uint32_t *from, uint32_t v, char *buf);
#define HEAP_PATH_SHAPE_MAX 1024

/* heap/report/closure_site.c: a closure's definition site in its snapshot. */
typedef struct heap_site {
  const char *file;        /* the script's URL or path, "" if unnamed */
  uint32_t script_id;
  uint32_t line, column;   /* 1-based */
  size_t entry;            /* its function's entry in h->locations.list */
} heap_site;

/* 0 with *out filled when closure v's function has a location (the graph
 * is needed), else -1. */
int heap_closure_site(const pk_heap *h, uint32_t v, heap_site *out);
/* The cause_names id of "function() @ file:line:col" (mapped through
 * r->opts.source_maps when one applies), its r->sites entry filled;
 * UINT32_MAX on OOM. */
uint32_t heap_site_class(pk_heap_report *r, const char *function, const heap_site *site);

#endif
