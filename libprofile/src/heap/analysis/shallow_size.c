/*
 * heap/analysis/shallow_size.c - DevTools' shallow-size adjustment.
 *
 * V8 reports an object's backing stores (its "(object properties)" array,
 * elements, hidden internals) as separate nodes.  DevTools folds a hidden or
 * array node (or a native "system / ExternalStringData") into its owner when
 * exactly one ordinary object reaches it without passing through another
 * ordinary object, so "Shallow Size" means what a developer expects.  The
 * owner search starts from each ordinary object in turn and queues ownable
 * nodes only, each at most twice (unvisited -> one owner -> several
 * owners), so it always ends; the result does not depend on the order
 * (a node ends with the one owner that reaches it, or "several"), so the
 * queue is first-in first-out, drained every few thousand roots, with its
 * random reads loaded ahead.  Snapshots
 * without user roots (taken with "expose internals") are left as they are.
 * The sizes are adjusted in place, in pk_heap.nself.
 */
#include <string.h>

#include "util/grow.h"
#include "heap/analysis/queue_cursor.h"
#include "platform/compiler.h"
#include "platform/pages.h"

#define UNVISITED 0xffffffffu
#define MANY_OWNERS 0xfffffffeu

static int has_user_roots(const pk_heap *h) {
  for (uint32_t e = h->nedges[0]; e < h->nedges[1]; e++) {
    uint32_t to = heap_eto(h, e);
    if (heap_nkind(h, to) != PK_HEAP_NODE_SYNTHETIC ||
        heap_tag(h, heap_nname(h, to), TAG_DOM_TREES))
      return 1;
  }
  return 0;
}

static int is_ownable(const pk_heap *h, uint32_t n) {
  pk_heap_node_kind k = heap_nkind(h, n);
  return k == PK_HEAP_NODE_HIDDEN || k == PK_HEAP_NODE_ARRAY ||
         (k == PK_HEAP_NODE_NATIVE && heap_tag(h, heap_nname(h, n), TAG_EXTERNAL_STRING));
}

/* Hands `own` to t: UNVISITED -> own -> MANY_OWNERS.  1 when t changed
 * (t must then hand its owner on). */
static inline int hand_down(uint32_t *owner, uint32_t t, uint32_t own) {
  uint32_t cur = owner[t];
  if (cur == UNVISITED) owner[t] = own;
  else if (cur != t && cur != own && cur != MANY_OWNERS) owner[t] = MANY_OWNERS;
  else return 0;
  return 1;
}

/* The ownable nodes whose owner changed, handed on in first-in first-out
 * order; a cursor runs PK_PREFETCH_AHEAD edges in front of the drain and
 * loads the owners it will read (heap/analysis/queue_cursor.h). */
typedef struct owner_queue {
  uint32_t *v;
  size_t cap, len, head;
  heap_queue_cursor ahead;
} owner_queue;

static inline void look_ahead(const pk_heap *h, const uint32_t *owner, owner_queue *q) {
  uint32_t to = heap_queue_cursor_next(h, q->v, q->len, &q->ahead);
  if (to != PK_HEAP_NONE) PK_PREFETCH(&owner[to]);
}

static inline int enqueue(owner_queue *q, uint32_t t) {
  if (PK_GROW(q->v, q->cap, q->len + 1) < 0) return -1;
  q->v[q->len++] = t;
  return 0;
}

/* Hands owners on until the queue is empty, then empties it. */
static int drain(const pk_heap *h, uint32_t *owner, owner_queue *q) {
  for (int i = 0; i < PK_PREFETCH_AHEAD; i++) look_ahead(h, owner, q);
  for (; q->head < q->len; q->head++) {
    uint32_t id = q->v[q->head], own = owner[id];
    for (uint32_t e = h->nedges[id]; e < h->nedges[id + 1]; e++) {
      look_ahead(h, owner, q);
      if (heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
      uint32_t t = heap_eto(h, e);
      if (hand_down(owner, t, own) && enqueue(q, t) < 0) return -1;
    }
  }
  q->len = q->head = 0;
  q->ahead = (heap_queue_cursor){0, 0, 0};
  return 0;
}

#define ROOTS_PER_DRAIN 4096  /* keeps the queue small and in cache */

int heap_shallow_sizes(pk_heap *h, pk_error *err) {
  size_t n = h->n_nodes;
  if (!has_user_roots(h)) return 0;
  uint32_t *owner = pk_malloc_huge(n * sizeof *owner);
  if (!owner) return heap_oom(err, h);
  for (uint32_t i = 0; i < n; i++) owner[i] = is_ownable(h, i) ? UNVISITED : i;
  /* Each ordinary object in turn hands its number to the ownable nodes
   * it points at; those hand it on, a batch of roots at a time.  The
   * final owners do not depend on the order (each node only moves up
   * UNVISITED -> one owner -> several), so the queue may lag the sweep. */
  owner_queue q = {0};
  int oom = 0;
  for (uint32_t root = 0; root < n && !oom; root++) {
    if (owner[root] == root) {
      for (uint32_t e = h->nedges[root]; e < h->nedges[root + 1]; e++) {
        /* the sweep over roots reads the edges in order: load owners ahead */
        if (e + PK_PREFETCH_AHEAD < h->n_edges) PK_PREFETCH(&owner[heap_eto(h, e + PK_PREFETCH_AHEAD)]);
        if (heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
        uint32_t t = heap_eto(h, e);
        if (hand_down(owner, t, root) && enqueue(&q, t) < 0) {
          oom = 1;
          break;
        }
      }
    }
    if (!oom && (root % ROOTS_PER_DRAIN == ROOTS_PER_DRAIN - 1 || root + 1 == n)) oom = drain(h, owner, &q) < 0;
  }
  free(q.v);
  int failed = oom;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t o = owner[i];
    if (o == UNVISITED || o == MANY_OWNERS || o == i) continue;
    if (o == 0 || heap_nkind(h, o) == PK_HEAP_NODE_SYNTHETIC) continue;
    if (heap_set_size(h, o, heap_size(h, o) + heap_size(h, i)) < 0) failed = 1;
    h->nself[i] = 0;
  }
  free(owner);
  return failed ? heap_oom(err, h) : 0;
}
