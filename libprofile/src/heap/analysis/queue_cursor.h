/*
 * heap/analysis/queue_cursor.h - a cursor over the edges of queued nodes,
 * for the passes that walk a first-in first-out queue of nodes (the
 * distances' BFS, the shallow-size owner search).
 *
 * Each such pass reads one slot per edge target (a distance, an owner), a
 * random read; the queue ahead of it is already known, so the pass runs
 * this cursor PK_PREFETCH_AHEAD edges in front over the same edges and
 * prefetches the slot of each target it returns.  The cursor's own reads
 * are random too: a queued node's edge offsets are prefetched
 * HEAP_CURSOR_NODES_AHEAD nodes before the cursor takes it, and its first
 * edges half as many nodes before.  Only the two files above include it.
 */
#ifndef PK_HEAP_QUEUE_CURSOR_H
#define PK_HEAP_QUEUE_CURSOR_H

#include "heap/heap_internal.h"
#include "platform/compiler.h"

#define HEAP_CURSOR_NODES_AHEAD 16

typedef struct heap_queue_cursor {
  size_t taken;     /* queued nodes the cursor has taken */
  uint32_t e, end;  /* the cursor in that node's edges */
} heap_queue_cursor;

/* The target of the next edge of queue[0..len), or PK_HEAP_NONE when the
 * cursor has caught up with the queue (it goes on once more is queued). */
static inline uint32_t heap_queue_cursor_next(const pk_heap *h, const uint32_t *queue, size_t len,
                                              heap_queue_cursor *c) {
  while (c->e == c->end) {
    if (c->taken == len) return PK_HEAP_NONE;
    if (c->taken + HEAP_CURSOR_NODES_AHEAD < len) PK_PREFETCH(&h->nedges[queue[c->taken + HEAP_CURSOR_NODES_AHEAD]]);
    if (c->taken + HEAP_CURSOR_NODES_AHEAD / 2 < len)
      PK_PREFETCH(&h->eto[h->nedges[queue[c->taken + HEAP_CURSOR_NODES_AHEAD / 2]]]);
    uint32_t n = queue[c->taken++];
    c->e = h->nedges[n];
    c->end = h->nedges[n + 1];
  }
  return heap_eto(h, c->e++);
}

#endif
