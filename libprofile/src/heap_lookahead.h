/*
 * heap_lookahead.h - prefetching for walks over a queue of nodes.
 *
 * A breadth-first walk reads, for each edge of each queued node, something
 * of the edge's target (its distance, its flags): random reads that would
 * each wait on memory.  The part of the queue ahead of the walk is already
 * known, so a second cursor runs HEAP_AHEAD edges in front of it over the
 * same edges and starts those loads early.  The walk calls
 * heap_look_ahead once for every edge it reads, so the cursor keeps its
 * distance; when the queue runs out it waits for the walk to add nodes.
 */
#ifndef PK_HEAP_LOOKAHEAD_H
#define PK_HEAP_LOOKAHEAD_H

#include "heap_internal.h"

#define HEAP_AHEAD 32  /* edges */

typedef struct heap_lookahead {
  const void *base;  /* the array the walk reads, indexed by target */
  size_t size;       /* its element size */
  size_t head;       /* queued nodes the cursor has taken */
  uint32_t e, end;   /* the cursor in that node's edges */
} heap_lookahead;

/* Prefetches base[target] of the next edge of queue[0, len). */
static inline void heap_look_ahead(const pk_heap *h, const uint32_t *queue, size_t len, heap_lookahead *a) {
  while (a->e == a->end) {
    if (a->head == len) return;
    uint32_t n = queue[a->head++];
    a->e = h->nedges[n];
    a->end = h->nedges[n + 1];
  }
  __builtin_prefetch((const char *)a->base + (size_t)heap_eto(h, a->e++) * a->size);
}

/* A cursor at the walk's start (queue[0]), moved HEAP_AHEAD edges on. */
static inline heap_lookahead heap_lookahead_start(const pk_heap *h, const uint32_t *queue, size_t len,
                                                  const void *base, size_t size) {
  heap_lookahead a = {base, size, 0, 0, 0};
  for (int i = 0; i < HEAP_AHEAD; i++) heap_look_ahead(h, queue, len, &a);
  return a;
}

#endif
