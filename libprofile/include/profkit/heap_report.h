/*
 * heap_report.h - per-class answers from one or more analyzed snapshots:
 * the summary of one, the diff of two (DevTools' comparison columns plus
 * retained sizes), trends over three or more, and a verdict per class.
 *
 * Objects are matched across snapshots by node id, within a class, as
 * DevTools does; nodes whose (adjusted) shallow size is 0 are not counted.
 * With snapshots S0..Sk the "new"/"deleted" columns compare S0 with Sk;
 * with three or more, "survivors" are the objects allocated between S0 and
 * S1 still alive in Sk (memlab's baseline / target / final rule).
 *
 * Verdicts, with the thresholds of pk_heap_verdict_options:
 *   leak    new objects survive and the class's retained size grows by at
 *           least min_growth (over 3+ snapshots: never shrinks, and
 *           survivors > 0); over 2 snapshots the new objects must also hold
 *           at least half of the growth
 *   growth  retained size grew by min_growth but the evidence is short of a leak
 *   churn   at least min_new new and min_new deleted objects, and the net
 *           retained change is within tolerance x max(allocated, freed) bytes
 *   shrink  retained size fell by at least min_growth
 *   stable  anything else
 * then, with the causes (pk_heap_cause) known: an engine class that would
 * be leak or growth is ENGINE, and a leak class most of whose new objects
 * are not in leak causes becomes BOUNDED (in bounded causes) or GROWTH.
 * The leak count, and --fail-on leak, count causes, not classes.
 * The reason for each verdict is kept as a sentence.
 *
 * Snapshots whose node ids do not come from one process, or that are out
 * of order, fail with PK_EFORMAT unless any_process is set (docs/heap.md).
 *
 * Ownership: the report copies what it needs (class names, paths); the
 * snapshots may be freed after pk_heap_report_build.
 */
#ifndef PROFKIT_HEAP_REPORT_H
#define PROFKIT_HEAP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "profkit/heap.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_HEAP_MAX_SNAPSHOTS 16

typedef enum pk_heap_verdict {
  PK_HEAP_STABLE = 0, PK_HEAP_LEAK, PK_HEAP_GROWTH, PK_HEAP_CHURN, PK_HEAP_SHRINK,
  PK_HEAP_BOUNDED,  /* new objects replace evicted ones (a cache filling), or growth that stopped */
  PK_HEAP_ENGINE    /* the engine's own objects (code, shapes, feedback, system / ...) */
} pk_heap_verdict;

#define PK_HEAP_VERDICT_OPTIONS_VERSION 1

typedef struct pk_heap_verdict_options {
  unsigned version;     /* PK_HEAP_VERDICT_OPTIONS_VERSION, set by PK_HEAP_VERDICT_OPTIONS_INIT */
  uint64_t min_new;       /* new objects needed for leak / churn */
  uint64_t min_growth;    /* bytes of retained change that count as growth or shrink */
  double tolerance;       /* churn: |retained delta| <= tolerance x max(alloc, freed) */
  size_t path_classes;    /* leak / growth classes to explain with retainer paths */
  size_t paths_per_class; /* path shapes kept per explained class */
  double min_share;       /* a cause's net growth must also be this fraction of the last heap total */
  double max_turnover;    /* a cause whose evicted objects reach this fraction of its new ones is bounded */
  bool any_process;       /* compare snapshots whose node ids do not come from one process (or are out of
                             order) anyway, with a warning, instead of failing with PK_EFORMAT */
  const struct pk_source_maps *source_maps;  /* closures' definition sites are mapped through these
                                                (profkit/sourcemap.h) to original names, files and
                                                lines; NULL: as the snapshot has them.  Borrowed:
                                                it must outlive the report */
} pk_heap_verdict_options;

#define PK_HEAP_VERDICT_OPTIONS_INIT                                                              \
  {.version = PK_HEAP_VERDICT_OPTIONS_VERSION, .min_new = 10, .min_growth = 4096, .tolerance = 0.1, \
   .path_classes = 5, .paths_per_class = 3, .min_share = 0.001, .max_turnover = 0.25, .any_process = false, \
   .source_maps = NULL}

typedef struct pk_heap_class_row {
  const char *name;
  uint64_t count[PK_HEAP_MAX_SNAPSHOTS];     /* objects per snapshot */
  uint64_t shallow[PK_HEAP_MAX_SNAPSHOTS];   /* shallow bytes per snapshot */
  uint64_t retained[PK_HEAP_MAX_SNAPSHOTS];  /* retained bytes, nested same-class objects counted once */
  uint64_t new_count, deleted_count;         /* first vs last snapshot */
  uint64_t alloc_size, freed_size;           /* shallow bytes of the new / deleted objects */
  uint64_t new_retained;                     /* retained by the new objects in the last snapshot */
  uint64_t survivors;                        /* 3+ snapshots: born S0..S1, alive in the last */
  int64_t count_delta, self_size_delta, retained_delta;
  double slope;                              /* retained bytes per snapshot (least squares) */
  bool monotonic;                            /* retained never decreased */
  pk_heap_verdict verdict;
  char reason[240];
} pk_heap_class_row;

/* Suspects that share the shape of their shortest retainer path from the
 * root (weak edges skipped): "(GC roots)[] -> global.leakCache -> Map.table
 * -> (system)[] -> LeakyThing".  Element indexes are written "[]". */
typedef struct pk_heap_path_group {
  size_t row;      /* index of the class row */
  uint64_t count;  /* objects with this path among those examined */
  uint64_t examined, total;  /* objects examined (the first 20000 in heap order) of the class's total */
  const char *path;
} pk_heap_path_group;

/* A cause: the growth one retainer owns.  The holder is the nearest object
 * on the new objects' dominator chain that exists in the first and the last
 * snapshot (engine internals, strings and numbers are looked through), so
 * every new object belongs to exactly one cause, and the deleted objects of
 * the first snapshot are grouped the same way.  Counts and bytes are exact
 * (shallow sizes of every new / deleted object, no sampling). */
typedef struct pk_heap_cause_class {
  const char *name;   /* class; closures by their function name: "onData()" */
  uint64_t count, bytes;
  /* Closures whose snapshot has "locations": where the function is defined
   * (closures of one name defined in two places are two entries).  file is
   * the script's URL or path ("" if the snapshot names none), line and
   * column 1-based as DevTools shows them; with a source map that applied,
   * the original name, file and position, and the bundle's in generated_*.
   * NULL / 0 when unknown. */
  const char *function;
  const char *file;
  uint32_t line, column;
  const char *generated_file;
  uint32_t generated_line, generated_column;
} pk_heap_cause_class;

typedef struct pk_heap_cause {
  pk_heap_verdict verdict;     /* LEAK, BOUNDED, GROWTH, CHURN or ENGINE */
  const char *holder;          /* "Map `pending`": holder class and the edge that holds it */
  const char *path;            /* shortest retainer path to the holder ("" without the graph) */
  uint64_t new_count, new_bytes, deleted_count, deleted_bytes;
  int64_t net_bytes;           /* new_bytes - deleted_bytes */
  uint64_t holder_retained[PK_HEAP_MAX_SNAPSHOTS];  /* the holder's retained size per snapshot (0: absent) */
  const pk_heap_cause_class *classes;  /* by bytes, largest first */
  size_t n_classes;
  char reason[240];
} pk_heap_cause;

typedef struct pk_heap_report pk_heap_report;

/* Builds the report of n (1..PK_HEAP_MAX_SNAPSHOTS) snapshots, each already
 * pk_heap_analyze'd, in time order.  Rows are sorted by retained size in
 * the last snapshot (summary) or by verdict, then |retained delta| (diff). */
int pk_heap_report_build(pk_heap_report **out, pk_heap *const *snapshots, size_t n,
                         const pk_heap_verdict_options *opts, pk_error *err);
void pk_heap_report_free(pk_heap_report *r);

size_t pk_heap_report_snapshot_count(const pk_heap_report *r);
size_t pk_heap_report_row_count(const pk_heap_report *r);
const pk_heap_class_row *pk_heap_report_row(const pk_heap_report *r, size_t i);
/* Statistics of snapshot i. */
const pk_heap_stats *pk_heap_report_stats(const pk_heap_report *r, size_t i);
/* Causes judged leak (what --fail-on leak counts). */
size_t pk_heap_report_leak_count(const pk_heap_report *r);
/* Every cause worth reporting (leak, bounded, growth, churn, engine), leaks first. */
size_t pk_heap_report_cause_count(const pk_heap_report *r);
const pk_heap_cause *pk_heap_report_cause(const pk_heap_report *r, size_t i);
/* Retainer path groups of the leak and growth classes (last snapshot; the
 * new objects when there are any), most common first within a class. */
size_t pk_heap_report_path_count(const pk_heap_report *r);
const pk_heap_path_group *pk_heap_report_path(const pk_heap_report *r, size_t i);
/* A caveat the reader must see ("" if none): snapshots compared with
 * any_process although their ids do not match, meta counts that disagree. */
const char *pk_heap_report_warning(const pk_heap_report *r);
/* File name (as in errors) of snapshot i. */
const char *pk_heap_report_path_name(const pk_heap_report *r, size_t i);

const char *pk_heap_verdict_name(pk_heap_verdict v);
/* A cause's class as people read it: its name, and for a closure with a
 * definition site "onData() @ app.js:12:5"; snprintf's contract. */
int pk_heap_cause_class_label(char *buf, size_t size, const pk_heap_cause_class *c);
/* "12 B", "3.4 kB", "1.2 MB" (powers of 1000, as DevTools); signed adds "+". */
void pk_heap_format_size(char *buf, size_t size, int64_t bytes, bool sign);

#define PK_HEAP_TEXT_OPTIONS_VERSION 1

typedef struct pk_heap_text_options {
  unsigned version;     /* PK_HEAP_TEXT_OPTIONS_VERSION, set by PK_HEAP_TEXT_OPTIONS_INIT */
  size_t top;      /* rows to print; 0 = all */
  size_t width;    /* terminal width; 0 = 120 */
  bool all;        /* diff: also print stable classes */
} pk_heap_text_options;

#define PK_HEAP_TEXT_OPTIONS_INIT {.version = PK_HEAP_TEXT_OPTIONS_VERSION}

/* Aligned table for people (summary or diff, by snapshot count). */
int pk_heap_report_text(FILE *out, const pk_heap_report *r, const pk_heap_text_options *opts);
/* The JSON document described in docs/heap.md. */
int pk_heap_report_json(FILE *out, const pk_heap_report *r, const pk_heap_text_options *opts);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
