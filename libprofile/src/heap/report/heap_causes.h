/*
 * heap_causes.h - growth grouped by the retainer that owns it (internal).
 *
 * heap_causes_build fills r->causes from the snapshots of a report; see
 * heap_causes.c for the rule.  ids[s] are snapshot s's counted nodes as
 * (id << 32 | node) keys sorted by id (heap_diff.c's id_keys).
 */
#ifndef PK_HEAP_CAUSES_H
#define PK_HEAP_CAUSES_H

#include "heap/report/report_internal.h"

typedef struct heap_id_keys {
  const uint64_t *keys;
  size_t len;
} heap_id_keys;

/* When the last snapshot still has its graph, its shortest-path tree is
 * built into r->pred / r->from (for the holders' paths, then the classes'
 * retainer paths); without it causes have no path and closures are not
 * named.  map_last: the last snapshot's class -> report class.  -1 on OOM. */
int heap_causes_build(pk_heap_report *r, pk_heap *const *snaps, size_t n, const heap_id_keys *ids,
                      const uint32_t *map_last);

/* The node of id in a sorted key array, or PK_HEAP_NONE. */
uint32_t heap_id_lookup(const heap_id_keys *ids, uint32_t id);

/* True for the engine's own classes: code, shapes, feedback and other
 * hidden V8 structures ("(system)", "(array)", "system / ..."). */
bool heap_class_is_engine(const char *name);
/* heap_comparable.c: true for plain objects' classes, "Object" and "{a, b}". */
bool heap_class_is_plain(const char *name);

/* heap_comparable.c: 0 if b (later) and a (earlier) come from one process
 * in that order, else an error naming both (see the file).  map_* take
 * each snapshot's classes to the report's names. */
int heap_comparable(const pk_heap *a, const heap_id_keys *ia, const uint32_t *map_a, const pk_heap *b,
                    const heap_id_keys *ib, const uint32_t *map_b, const heap_names *names, pk_error *err);

#endif
