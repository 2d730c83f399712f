/*
 * heap/analysis/dominators_internal.h - the two passes heap/analysis/dominators.c runs before
 * semi-NCA: the essential-edge marking (heap/analysis/essential_edges.c) and the DFS
 * that numbers the vertices and sorts the non-tree edges (heap/analysis/dominator_dfs.c).
 * Only those three files include it.
 */
#ifndef PK_HEAP_DOMINATORS_INTERNAL_H
#define PK_HEAP_DOMINATORS_INTERNAL_H

#include "heap/heap_internal.h"

/* The essential edges (a bit each, NULL on OOM), and in has_in and
 * has_many (a bit per node each, zeroed by the caller) the nodes with at
 * least one essential in-edge and those with more than one.  Reads
 * h->flags (page-owned marking must be done). */
uint8_t *heap_essential_edges(const pk_heap *h, uint8_t *has_in, uint8_t *has_many);

#define HEAP_DFS_LATE 32  /* non-tree edges in flight in the DFS (a power of two) */

typedef struct heap_dfs_edge {
  uint32_t pu, w;       /* w: the target node, then (half way) its number */
} heap_dfs_edge;

/* The DFS's arrays, allocated by the caller (pre and count zeroed, n + 1
 * entries each, count n + 2). */
typedef struct heap_dfs {
  const pk_heap *h;
  const uint8_t *essential;
  uint8_t *seen;        /* bit per node: numbered */
  uint32_t *pre;        /* node -> preorder number; before that, the node's hint (dominator_dfs.c) */
  uint32_t *vertex;     /* preorder number -> node */
  uint32_t *parent;     /* preorder number -> parent's preorder number */
  uint32_t *semi;       /* preorder number -> best candidate so far (next edge while on the stack) */
  uint32_t *count;      /* count[pw + 1]: predecessors of pw numbered above it */
  uint32_t n;           /* numbers given so far */
  heap_dfs_edge late[HEAP_DFS_LATE];
  uint32_t late_head;   /* non-tree edges seen so far */
} heap_dfs;

/* Numbers every node in preorder as DevTools attaches everything to the
 * root, marks the nodes the root's DFS misses HEAP_FLAG_ORPHAN, and sorts
 * every non-tree essential edge into semi or count.  has_in and has_many
 * are heap_essential_edges' bits. */
void heap_dfs_number_all(heap_dfs *d, const uint8_t *has_in, const uint8_t *has_many, pk_heap *h);

#endif
