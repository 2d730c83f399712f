/*
 * heap/analysis/dominator_tree.c - the dominator tree as child lists.
 *
 * The children of v are list[first[v] .. first[v + 1]), in node order:
 * one pass counts each node's children (through idom), prefix sums give
 * the offsets, a second pass scatters the nodes.  The scatter writes at
 * random, so a helper thread maps the arrays' pages meanwhile.
 */
#include "heap/heap_internal.h"
#include "platform/pages.h"

int heap_dominator_children(const pk_heap *h, uint32_t **first_out, uint32_t **list_out) {
  size_t n = h->n_nodes;
  uint32_t *first = pk_calloc_huge(n + 1, sizeof *first);
  uint32_t *list = pk_malloc_huge((n ? n : 1) * sizeof *list);
  *first_out = first;
  *list_out = list;
  if (!first || !list) return -1;
  heap_prefault prefault = {.start = {list, first}, .len = {n * sizeof *list, (n + 1) * sizeof *first}, .count = 2};
  heap_prefault_start(&prefault, h->threads);
  for (uint32_t v = 1; v < n; v++) first[h->idom[v] + 1]++;
  for (size_t i = 1; i <= n; i++) first[i] += first[i - 1];
  for (uint32_t v = 1; v < n; v++) list[first[h->idom[v]]++] = v;
  heap_prefault_wait(&prefault);
  for (size_t i = n; i > 0; i--) first[i] = first[i - 1];
  first[0] = 0;
  return 0;
}
