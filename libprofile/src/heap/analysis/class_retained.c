/*
 * heap/analysis/class_retained.c - the retained size of a class: DevTools' rule
 * that an object counts only if no object of the same class dominates it,
 * so nested instances (a list of Nodes) are not counted twice.
 *
 * Walks the dominator tree (heap_dominator_children) depth first with an
 * explicit stack of enter and leave events (a leave is the node with its
 * top bit set) and a per-class count of counted objects on the current
 * path.
 */
#include "heap/heap_internal.h"

#define LEAVING 0x80000000u  /* on a stack entry: the walk leaves the node (nodes are below 2^28) */

int heap_class_retained(const pk_heap *h, const uint8_t *mask, const uint32_t *class_map, const uint32_t *node_class,
                        size_t n_classes, uint64_t *out) {
  size_t n = h->n_nodes;
  uint32_t *first, *list;
  int rc = heap_dominator_children(h, &first, &list);
  uint32_t *stack = malloc(2 * n * sizeof *stack);
  uint32_t *on_path = calloc((node_class ? n_classes : h->classes.count) + 1, sizeof *on_path);
  if (rc < 0 || !stack || !on_path) {
    free(first); free(list); free(stack); free(on_path);
    return -1;
  }
  size_t top = 0;
  stack[top++] = 0;
  while (top) {
    uint32_t entry = stack[--top], v = entry & ~LEAVING;
    uint32_t c = node_class ? node_class[v] : heap_cls(h, v);
    if (entry & LEAVING) {
      on_path[c]--;
      continue;
    }
    if (heap_size(h, v) && (!mask || heap_bit(mask, v)) && on_path[c] == 0) {
      out[node_class || !class_map ? c : class_map[c]] += h->retained[v];
      on_path[c]++;
      stack[top++] = v | LEAVING;
    }
    for (uint32_t i = first[v]; i < first[v + 1]; i++) stack[top++] = list[i];
  }
  free(first); free(list); free(stack); free(on_path);
  return 0;
}
