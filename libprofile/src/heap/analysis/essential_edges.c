/*
 * heap/analysis/essential_edges.c - which edges retain, by DevTools' rules.
 *
 * Only "essential" edges retain: not weak edges, not self edges, shortcut
 * edges only from the root, not the internal edge from a WeakMap's table to
 * a value (the key's edge retains it instead), and not edges from a node
 * that is not page-owned into a page-owned one (so what the debugger holds
 * does not hide what the page holds).  One pass over the edges in order;
 * the targets' flags and in-bits are random reads, prefetched PK_PREFETCH_AHEAD edges
 * early.  The in-bits say which nodes have at least one essential in-edge
 * and which have more than one (the DFS descends first to a node with one,
 * heap/analysis/dominator_dfs.c).
 */
#include <stdlib.h>

#include "heap/analysis/dominators_internal.h"
#include "platform/compiler.h"


uint8_t *heap_essential_edges(const pk_heap *h, uint8_t *has_in, uint8_t *has_many) {
  uint8_t *bits = calloc(h->n_edges / 8 + 1, 1);
  if (!bits) return NULL;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    int page = h->flags[n] & HEAP_FLAG_PAGE;
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
      if (e + PK_PREFETCH_AHEAD < h->n_edges) {  /* the targets' flags and bits are random reads */
        uint32_t ahead = heap_eto(h, e + PK_PREFETCH_AHEAD);
        PK_PREFETCH(&h->flags[ahead]);
        PK_PREFETCH_WRITE(&has_in[ahead >> 3]);
        PK_PREFETCH_WRITE(&has_many[ahead >> 3]);
      }
      pk_heap_edge_kind k = heap_ekind(h, e);
      uint32_t to = heap_eto(h, e), table;
      if (k == PK_HEAP_EDGE_WEAK || to == n) continue;
      if (k == PK_HEAP_EDGE_INTERNAL && heap_tag(h, heap_ename(h, e), TAG_WEAKMAP_EDGE) &&
          heap_weakmap_table_id(heap_str(h, heap_ename(h, e)), &table) &&
          table == heap_nid(h, n))
        continue;
      if (n != 0) {
        if (k == PK_HEAP_EDGE_SHORTCUT) continue;
        if (!page && (h->flags[to] & HEAP_FLAG_PAGE)) continue;
      }
      heap_bit_set(bits, e);
      heap_bit_count(has_in, has_many, to);
    }
  }
  return bits;
}
