/*
 * heap_shallow.c - DevTools' shallow-size adjustment.
 *
 * V8 reports an object's backing stores (its "(object properties)" array,
 * elements, hidden internals) as separate nodes.  DevTools folds a hidden or
 * array node (or a native "system / ExternalStringData") into its owner when
 * exactly one ordinary object reaches it without passing through another
 * ordinary object, so "Shallow Size" means what a developer expects.  The
 * owner search is a work list in which a node is pushed at most twice
 * (unvisited -> one owner -> several owners), so it always ends.  Snapshots
 * without user roots (taken with "expose internals") are left as they are.
 * The sizes are adjusted in place, in pk_heap.nself.
 */
#include <string.h>

#include "heap_internal.h"

#define UNVISITED 0xffffffffu
#define MANY_OWNERS 0xfffffffeu

static int has_user_roots(const pk_heap *h) {
  for (uint32_t e = h->nedges[0]; e < h->nedges[1]; e++) {
    uint32_t to = heap_eto(h, e);
    if (heap_nkind(h, to) != PK_HEAP_NODE_SYNTHETIC ||
        heap_tag(h, h->nname[to], TAG_DOM_TREES))
      return 1;
  }
  return 0;
}

static int is_ownable(const pk_heap *h, uint32_t n) {
  pk_heap_node_kind k = heap_nkind(h, n);
  return k == PK_HEAP_NODE_HIDDEN || k == PK_HEAP_NODE_ARRAY ||
         (k == PK_HEAP_NODE_NATIVE && heap_tag(h, h->nname[n], TAG_EXTERNAL_STRING));
}

int heap_shallow_sizes(pk_heap *h, pk_error *err) {
  size_t n = h->n_nodes;
  if (!has_user_roots(h)) return 0;
  uint32_t *owner = malloc(n * sizeof *owner);
  uint32_t *work = malloc(2 * n * sizeof *work);
  if (!owner || !work) {
    free(owner);
    free(work);
    return heap_oom(err, h);
  }
  size_t top = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (is_ownable(h, i)) {
      owner[i] = UNVISITED;
    } else {
      owner[i] = i;
      work[top++] = i;
    }
  }
  while (top) {
    uint32_t id = work[--top], own = owner[id];
    for (uint32_t e = h->nedges[id]; e < h->nedges[id + 1]; e++) {
      if (heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
      uint32_t t = heap_eto(h, e);
      uint32_t cur = owner[t];
      if (cur == UNVISITED) {
        owner[t] = own;
        work[top++] = t;
      } else if (cur != t && cur != own && cur != MANY_OWNERS) {
        owner[t] = MANY_OWNERS;
        work[top++] = t;
      }
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t o = owner[i];
    if (o == UNVISITED || o == MANY_OWNERS || o == i) continue;
    if (o == 0 || heap_nkind(h, o) == PK_HEAP_NODE_SYNTHETIC) continue;
    if (heap_set_size(h, o, heap_size(h, o) + heap_size(h, i)) < 0) top = 1;
    h->nself[i] = 0;
  }
  free(owner);
  free(work);
  return top ? heap_oom(err, h) : 0;
}
