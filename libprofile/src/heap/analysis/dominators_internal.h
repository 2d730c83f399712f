/*
 * heap/analysis/dominators_internal.h - the two passes heap/analysis/dominators.c runs before
 * semi-NCA: the essential-edge marking (heap/analysis/essential_edges.c) and the DFS
 * that numbers the vertices and sorts the non-tree edges (heap/analysis/dominator_dfs.c).
 * Only those three files include it.
 */
#ifndef PK_HEAP_DOMINATORS_INTERNAL_H
#define PK_HEAP_DOMINATORS_INTERNAL_H

#include <string.h>

#include "heap/heap_internal.h"
#include "platform/compiler.h"

/* The essential edges (a bit each, NULL on OOM), and in has_in and
 * has_many (a bit per node each, zeroed by the caller) the nodes with at
 * least one essential in-edge and those with more than one.  Reads
 * h->flags (page-owned marking must be done). */
uint8_t *heap_essential_edges(const pk_heap *h, uint8_t *has_in, uint8_t *has_many);

#define HEAP_DFS_LATE 32  /* non-tree edges in flight in the DFS (a power of two) */

typedef struct heap_dfs_edge {
  uint32_t pu, w;       /* w: the target node, then (half way) its number */
} heap_dfs_edge;

/* Entries of arrays of preorder numbers or node indexes kept in `width`
 * bytes, 3 (values below 2^24, a byte of padding after the last entry) or
 * 4; a constant where the hot loops inline them.
 *
 * heap_num_get reads a 3-byte entry with one 4-byte load, which also spans
 * the next entry's first byte.  A load that needs bytes from a store still
 * in flight that does not hold all of it (a neighbour's store, or one of
 * three byte stores) waits until that store is written: a store-forwarding
 * stall of a dozen cycles.  So entries that may have been stored just
 * before, or whose neighbours may have, are read a byte at a time
 * (heap_num_get_fresh) and stored a byte at a time (heap_num_put), and an
 * array written in ascending order takes one 4-byte store an entry
 * (heap_num_append).  With 4-byte loads and stores throughout, the
 * reverse graph on `random` took 0.23-0.25 s against 0.14-0.15 s with
 * 4-byte entries; with these it is at par, as is the DFS on `random`,
 * while the DFS on `mix` stays about 10% slower (docs/performance.md). */
static PK_ALWAYS_INLINE uint32_t heap_num_get(const uint8_t *a, unsigned width, size_t i) {
  uint32_t v;
  memcpy(&v, a + width * i, 4);
  return width == 4 ? v : v & 0xffffffu;
}

static PK_ALWAYS_INLINE uint32_t heap_num_get_fresh(const uint8_t *a, unsigned width, size_t i) {
  if (width == 3) return heap_get24(a, i);
  uint32_t v;
  memcpy(&v, a + 4 * i, 4);
  return v;
}

static PK_ALWAYS_INLINE void heap_num_put(uint8_t *a, unsigned width, size_t i, uint32_t v) {
  if (width == 3) heap_set24(a, i, v);
  else memcpy(a + 4 * i, &v, 4);
}

/* Entry i of an array written in ascending order: the next entry's first
 * byte is zeroed, and written again with that entry. */
static PK_ALWAYS_INLINE void heap_num_append(uint8_t *a, unsigned width, size_t i, uint32_t v) {
  if (width == 3) v &= 0xffffffu;
  memcpy(a + width * i, &v, 4);
}

/* The DFS's arrays, allocated by the caller in 4 bytes an entry (pre and
 * count zeroed, n + 1 entries each, count n + 2).  Below 2^23 nodes
 * (`width` 3) pre, vertex, parent and count keep 3 bytes an entry, so the
 * last quarter of each is never touched: 16 bytes a node at the DFS's
 * peak instead of 20.  semi holds edge cursors, which need 4. */
typedef struct heap_dfs {
  const pk_heap *h;
  const uint8_t *essential;
  uint8_t *seen;        /* bit per node: numbered */
  unsigned width;       /* bytes an entry of pre, vertex, parent and count */
  uint8_t *pre;         /* node -> preorder number; before that, the node's hint (dominator_dfs.c) */
  uint8_t *vertex;      /* preorder number -> node */
  uint8_t *parent;      /* preorder number -> parent's preorder number */
  uint32_t *semi;       /* preorder number -> best candidate so far (next edge while on the stack) */
  uint8_t *count;       /* count[pw + 1]: predecessors of pw numbered above it */
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
