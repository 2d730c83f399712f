/*
 * heap/analysis/shallow_size.c - DevTools' shallow-size adjustment.
 *
 * V8 reports an object's backing stores (its "(object properties)" array,
 * elements, hidden internals) as separate nodes.  DevTools folds a hidden or
 * array node (or a native "system / ExternalStringData") into its owner when
 * exactly one ordinary object reaches it without passing through another
 * ordinary object, so "Shallow Size" means what a developer expects.  The
 * owner search starts from each ordinary object in turn and pushes ownable
 * nodes only, each at most twice (unvisited -> one owner -> several
 * owners), so it always ends; the result does not depend on the order
 * (a node ends with the one owner that reaches it, or "several").  Snapshots
 * without user roots (taken with "expose internals") are left as they are.
 * The sizes are adjusted in place, in pk_heap.nself.
 */
#include <string.h>

#include "util/grow.h"
#include "heap/heap_internal.h"
#include "platform/compiler.h"

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

int heap_shallow_sizes(pk_heap *h, pk_error *err) {
  size_t n = h->n_nodes;
  if (!has_user_roots(h)) return 0;
  uint32_t *owner = malloc(n * sizeof *owner);
  if (!owner) return heap_oom(err, h);
  for (uint32_t i = 0; i < n; i++) owner[i] = is_ownable(h, i) ? UNVISITED : i;
  /* Each ordinary object in turn hands its number down through the
   * ownable nodes it reaches; the stack holds ownable nodes only. */
  uint32_t *work = NULL;
  size_t cap = 0, top = 0;
  int oom = 0;
  for (uint32_t root = 0; root < n && !oom; root++) {
    if (owner[root] != root) continue;
    uint32_t id = root;
    for (;;) {
      uint32_t own = owner[id];
      for (uint32_t e = h->nedges[id]; e < h->nedges[id + 1]; e++) {
        /* the sweep over roots reads the edges in order: load owners ahead */
        if (e + PK_PREFETCH_AHEAD < h->n_edges) PK_PREFETCH(&owner[heap_eto(h, e + PK_PREFETCH_AHEAD)]);
        if (heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
        uint32_t t = heap_eto(h, e);
        uint32_t cur = owner[t];
        if (cur == UNVISITED) owner[t] = own;
        else if (cur != t && cur != own && cur != MANY_OWNERS) owner[t] = MANY_OWNERS;
        else continue;
        if (PK_GROW(work, cap, top + 1) < 0) {
          oom = 1;
          break;
        }
        work[top++] = t;
      }
      if (!top || oom) break;
      id = work[--top];
    }
  }
  free(work);
  top = oom;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t o = owner[i];
    if (o == UNVISITED || o == MANY_OWNERS || o == i) continue;
    if (o == 0 || heap_nkind(h, o) == PK_HEAP_NODE_SYNTHETIC) continue;
    if (heap_set_size(h, o, heap_size(h, o) + heap_size(h, i)) < 0) top = 1;
    h->nself[i] = 0;
  }
  free(owner);
  return top ? heap_oom(err, h) : 0;
}
