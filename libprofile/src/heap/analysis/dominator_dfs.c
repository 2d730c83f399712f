/*
 * heap/analysis/dominator_dfs.c - the DFS of the dominator pass: preorder numbers, and the
 * non-tree edges sorted for semi-NCA on the way.
 *
 * Iterative: a node on the DFS stack keeps the cursor of its next edge in
 * its semi slot, and the walk returns through parent numbers, so no stack
 * grows with the depth.  Nodes the DFS from the root misses are attached
 * to the root as DevTools does: first each node with no essential
 * retainer at all (held only weakly) starts its own DFS under the root,
 * then any node still unnumbered (an unreachable clique) hangs off the
 * root by itself.
 *
 * Since every essential edge is examined exactly once by the DFS, it also
 * sorts the non-tree edges u -> w (numbers pu, pw) for the semi-NCA pass:
 * a predecessor numbered below w is not yet linked
 * when w is processed, so it only offers its own number as a
 * semidominator candidate and is folded into semi[pw] (semi starts as the
 * DFS parent, and is only read once w's own DFS is over, so the slot holds
 * w's next edge until then); one numbered above w must be evaluated later,
 * so it is counted in count[pw + 1] and stored by reverse_graph.
 * Whether a target is numbered yet comes from a bitmap small enough to stay
 * in cache.  Descending to a target reads its edge offsets and then its
 * first edges, two dependent random reads: the offsets of a node's first
 * targets are prefetched when it is numbered, and the first edges of an
 * unnumbered target a few edges before the scan reaches it.  A target's
 * number and the slot it updates are random reads too, so a
 * non-tree edge goes through a pipeline of LATE edges: its target's number
 * is read LATE/2 edges after it is seen and the edge is sorted LATE/2
 * edges after that, each time with the memory prefetched the step before.
 */
#include "heap/analysis/dominators_internal.h"
#include "platform/compiler.h"

#define LATE HEAP_DFS_LATE

static void number(heap_dfs *d, uint32_t node, uint32_t parent) {
  d->pre[node] = ++d->n;
  heap_bit_set(d->seen, node);
  d->vertex[d->n] = node;
  d->parent[d->n] = parent;
  uint32_t first = d->h->nedges[node], end = d->h->nedges[node + 1];
  d->semi[d->n] = first;
  for (uint32_t e = first; e < end && e < first + PK_PREFETCH_AHEAD; e++) PK_PREFETCH(&d->h->nedges[heap_eto(d->h, e)]);
}

/* A non-tree edge from numbered pu to numbered pw.  When pw > pu, pw is in
 * the subtree of pu, whose DFS is over, so semi[pw] is a candidate. */
static inline void sort_edge(heap_dfs *d, uint32_t pu, uint32_t pw) {
  if (pu > pw) d->count[pw + 1]++;
  else if (pu < d->semi[pw]) d->semi[pw] = pu;
}

static inline void defer_edge(heap_dfs *d, uint32_t pu, uint32_t w) {
  uint32_t i = d->late_head++;
  heap_dfs_edge *oldest = &d->late[i & (LATE - 1)], *middle = &d->late[(i - LATE / 2) & (LATE - 1)];
  if (i >= LATE) sort_edge(d, oldest->pu, oldest->w);
  if (i >= LATE / 2) {
    uint32_t pw = d->pre[middle->w];
    middle->w = pw;
    PK_PREFETCH_WRITE(middle->pu > pw ? &d->count[pw + 1] : &d->semi[pw]);
  }
  *oldest = (heap_dfs_edge){pu, w};
  PK_PREFETCH(&d->pre[w]);
}

/* Sorts the edges still in the pipeline (the newest LATE/2 have no number yet). */
static void sort_late_edges(heap_dfs *d) {
  uint32_t head = d->late_head;
  for (uint32_t i = head > LATE ? head - LATE : 0; i < head; i++) {
    const heap_dfs_edge *e = &d->late[i & (LATE - 1)];
    sort_edge(d, e->pu, i + LATE / 2 >= head ? d->pre[e->w] : e->w);
  }
  d->late_head = 0;
}

/* Iterative DFS from `start` (numbered under `parent`): each node keeps the
 * cursor of its next edge, and the walk returns through parent numbers. */
static void dfs(heap_dfs *d, uint32_t start, uint32_t parent) {
  const pk_heap *h = d->h;
  number(d, start, parent);
  uint32_t v = start, pv = d->n, stop = parent; /* pv = pre[v], kept rather than read back */
  while (1) {
    uint32_t end = h->nedges[v + 1], next = PK_HEAP_NONE;
    for (uint32_t e = d->semi[pv]; e < end; e++) {
      if (e + 8 < end) {  /* a child to descend to soon: its edges */
        uint32_t x = heap_eto(h, e + 8);
        if (!heap_bit(d->seen, x)) PK_PREFETCH(&h->eto[h->nedges[x]]);
      }
      if (!heap_bit(d->essential, e)) continue;
      uint32_t w = heap_eto(h, e);
      if (heap_bit(d->seen, w)) {
        defer_edge(d, pv, w);
        continue;
      }
      d->semi[pv] = e + 1;
      number(d, w, pv);
      next = w;
      break;
    }
    if (next != PK_HEAP_NONE) {
      v = next;
      pv = d->n;
      continue;
    }
    uint32_t up = d->parent[pv];
    d->semi[pv] = up;
    if (up == stop) break;
    v = d->vertex[up];
    pv = up;
  }
}

void heap_dfs_number_all(heap_dfs *d, const uint8_t *has_in, pk_heap *h) {
  dfs(d, 0, 0);
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (!d->pre[v]) h->flags[v] |= HEAP_FLAG_ORPHAN;
  if (d->n < h->n_nodes)
    for (uint32_t v = 0; v < h->n_nodes; v++)
      if (!d->pre[v] && !heap_bit(has_in, v)) dfs(d, v, 1);
  uint32_t first_alone = d->n + 1;
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (!d->pre[v]) {
      number(d, v, 1);
      d->semi[d->n] = 1;
    }
  /* nodes numbered one by one had no DFS to examine their edges */
  for (uint32_t i = first_alone; i <= d->n; i++) {
    uint32_t v = d->vertex[i];
    for (uint32_t e = h->nedges[v]; e < h->nedges[v + 1]; e++)
      if (heap_bit(d->essential, e)) sort_edge(d, i, d->pre[heap_eto(h, e)]);
  }
  sort_late_edges(d);
}
