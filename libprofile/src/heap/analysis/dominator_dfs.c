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
 * The order in which a node's children are visited does not change the
 * dominators (nor anything computed from them), only how fast they come:
 * descending to a child by its edges takes two dependent random reads
 * (the child's edge offsets, then its first edges), and on graphs laid out
 * out of DFS order that is most of the time.  So before the walk, each
 * node's pre[] slot (free until the node is numbered) gets a hint: an
 * essential target with no other essential retainer, which the DFS cannot
 * have reached by the time it numbers the node, else the first essential
 * target, else NO_EDGES.  A freshly numbered node descends to its hint at
 * once, one random read per level, and its own edges are scanned from the
 * start when the walk comes back to it.  The scan then meets the edges to
 * its first child again (numbered right after it), and skips them: an edge
 * from a node to its DFS child offers the child nothing (the parent is its
 * first candidate already).  A node whose hint is NO_EDGES is left at once.
 *
 * Since every essential edge is examined exactly once by the scans, they also
 * sort the non-tree edges u -> w (numbers pu, pw) for the semi-NCA pass:
 * a predecessor numbered below w is not yet linked
 * when w is processed, so it only offers its own number as a
 * semidominator candidate and is folded into semi[pw] (semi starts as the
 * DFS parent, and is only read once w's own DFS is over, so the slot holds
 * w's next edge until then); one numbered above w must be evaluated later,
 * so it is counted in count[pw + 1] and stored by reverse_graph.
 * Whether a target is numbered yet comes from a bitmap small enough to stay
 * in cache.  The hint and edge offsets of a target the scan will descend
 * to are prefetched a few edges before it, and a node's first edges while
 * its first child is numbered.  A target's
 * number and the slot it updates are random reads too, so a
 * non-tree edge goes through a pipeline of LATE edges: its target's number
 * is read LATE/2 edges after it is seen and the edge is sorted LATE/2
 * edges after that, each time with the memory prefetched the step before.
 */
#include "heap/analysis/dominators_internal.h"
#include "platform/compiler.h"

#define LATE HEAP_DFS_LATE
#define NO_EDGES UINT32_MAX          /* hint: no essential out-edge */
#define SCAN (UINT32_MAX - 1)        /* hint of a node come back to: scan on */

/* The arrays of 3 or 4 bytes an entry (heap_dfs.width); W is a constant
 * in each copy of the walk.  The walk reads entries soon after it stores
 * them or their neighbours, so in 3 bytes it reads and writes them a byte
 * at a time (dominators_internal.h). */
#define GET(a, i) heap_num_get_fresh(d->a, W, (i))
#define SET(a, i, v) heap_num_put(d->a, W, (i), (v))
#define AT(a, i) (d->a + (size_t)W * (i))

/* Each node's hint in its pre[] slot: one pass over the edges in order
 * (NO_EDGES is kept as all ones, 0xffffff in 3 bytes). */
static PK_ALWAYS_INLINE void write_hints(heap_dfs *d, const uint8_t *has_many, unsigned W) {
  const pk_heap *h = d->h;
  for (uint32_t v = 0; v < h->n_nodes; v++) {
    uint32_t hint = NO_EDGES;
    for (uint32_t e = h->nedges[v]; e < h->nedges[v + 1]; e++) {
      if (!heap_bit(d->essential, e)) continue;
      uint32_t to = heap_eto(h, e);
      if (!heap_bit(has_many, to)) {
        hint = to;
        break;
      }
      if (hint == NO_EDGES) hint = to;
    }
    heap_num_append(d->pre, W, v, hint);  /* in ascending order */
  }
}

/* Numbers node under parent (a number); returns its hint.  `above` is
 * the node it was reached from (whose first edges are wanted when the walk
 * comes back to it), or NO_EDGES. */
static PK_ALWAYS_INLINE uint32_t number(heap_dfs *d, uint32_t node, uint32_t parent, uint32_t above, unsigned W) {
  uint32_t hint = GET(pre, node);
  if (W == 3 && hint == 0xffffffu) hint = NO_EDGES;
  SET(pre, node, ++d->n);
  heap_bit_set(d->seen, node);
  heap_num_append(d->vertex, W, d->n, node);  /* both written in ascending order */
  heap_num_append(d->parent, W, d->n, parent);
  d->semi[d->n] = d->h->nedges[node];
  if (above != NO_EDGES) PK_PREFETCH(&d->h->eto[d->h->nedges[above]]);
  return hint;
}

/* A non-tree edge from numbered pu to numbered pw.  When pw > pu, pw is in
 * the subtree of pu, whose DFS is over, so semi[pw] is a candidate. */
static PK_ALWAYS_INLINE void sort_edge(heap_dfs *d, uint32_t pu, uint32_t pw, unsigned W) {
  if (pu > pw) SET(count, pw + 1, GET(count, pw + 1) + 1);
  else if (pu < d->semi[pw]) d->semi[pw] = pu;
}

static PK_ALWAYS_INLINE void defer_edge(heap_dfs *d, uint32_t pu, uint32_t w, unsigned W) {
  uint32_t i = d->late_head++;
  heap_dfs_edge *oldest = &d->late[i & (LATE - 1)], *middle = &d->late[(i - LATE / 2) & (LATE - 1)];
  if (i >= LATE) sort_edge(d, oldest->pu, oldest->w, W);
  if (i >= LATE / 2) {
    uint32_t pw = GET(pre, middle->w);
    middle->w = pw;
    if (middle->pu > pw) PK_PREFETCH_WRITE(AT(count, pw + 1));
    else PK_PREFETCH_WRITE(&d->semi[pw]);
  }
  *oldest = (heap_dfs_edge){pu, w};
  PK_PREFETCH(AT(pre, w));
}

/* Sorts the edges still in the pipeline (the newest LATE/2 have no number yet). */
static PK_ALWAYS_INLINE void sort_late_edges(heap_dfs *d, unsigned W) {
  uint32_t head = d->late_head;
  for (uint32_t i = head > LATE ? head - LATE : 0; i < head; i++) {
    const heap_dfs_edge *e = &d->late[i & (LATE - 1)];
    sort_edge(d, e->pu, i + LATE / 2 >= head ? GET(pre, e->w) : e->w, W);
  }
  d->late_head = 0;
}

/* Iterative DFS from `start` (numbered under `parent`): a fresh node
 * descends to its hint, a node come back to scans its edges from its
 * cursor, and the walk returns through parent numbers. */
static PK_ALWAYS_INLINE void dfs(heap_dfs *d, uint32_t start, uint32_t parent, unsigned W) {
  const pk_heap *h = d->h;
  uint32_t hint = number(d, start, parent, NO_EDGES, W);
  uint32_t v = start, pv = d->n, stop = parent; /* pv = pre[v], kept rather than read back */
  while (1) {
    uint32_t next = PK_HEAP_NONE;
    if (hint < SCAN && !heap_bit(d->seen, hint)) {
      next = hint;
    } else if (hint != NO_EDGES) {
      /* the numbers after v's are its subtree's: pv + 1 is its first child */
      uint32_t end = h->nedges[v + 1], first_child = d->n > pv ? GET(vertex, pv + 1) : PK_HEAP_NONE;
      for (uint32_t e = d->semi[pv]; e < end; e++) {
        if (e + 8 < end) {  /* a child to descend to soon: its hint and edges */
          uint32_t x = heap_eto(h, e + 8);
          if (!heap_bit(d->seen, x)) {
            PK_PREFETCH(AT(pre, x));
            PK_PREFETCH(&h->nedges[x]);
          }
        }
        if (!heap_bit(d->essential, e)) continue;
        uint32_t w = heap_eto(h, e);
        if (heap_bit(d->seen, w)) {
          if (w != first_child) defer_edge(d, pv, w, W);
          continue;
        }
        d->semi[pv] = e + 1;
        next = w;
        break;
      }
    }
    if (next != PK_HEAP_NONE) {
      hint = number(d, next, pv, v, W);
      v = next;
      pv = d->n;
      continue;
    }
    uint32_t up = GET(parent, pv);
    d->semi[pv] = up;
    if (up == stop) break;
    v = GET(vertex, up);
    pv = up;
    hint = SCAN;
  }
}

static PK_ALWAYS_INLINE void number_all(heap_dfs *d, const uint8_t *has_in, const uint8_t *has_many, pk_heap *h,
                                        unsigned W) {
  write_hints(d, has_many, W);
  heap_phase("dominators: DFS hints");
  dfs(d, 0, 0, W);
  heap_phase("dominators: DFS from the root");
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (!heap_bit(d->seen, v)) h->flags[v] |= HEAP_FLAG_ORPHAN;
  if (d->n < h->n_nodes)
    for (uint32_t v = 0; v < h->n_nodes; v++)
      if (!heap_bit(d->seen, v) && !heap_bit(has_in, v)) dfs(d, v, 1, W);
  uint32_t first_alone = d->n + 1;
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (!heap_bit(d->seen, v)) {
      number(d, v, 1, NO_EDGES, W);
      d->semi[d->n] = 1;
    }
  /* nodes numbered one by one had no DFS to examine their edges */
  for (uint32_t i = first_alone; i <= d->n; i++) {
    uint32_t v = GET(vertex, i);
    for (uint32_t e = h->nedges[v]; e < h->nedges[v + 1]; e++)
      if (heap_bit(d->essential, e)) sort_edge(d, i, GET(pre, heap_eto(h, e)), W);
  }
  sort_late_edges(d, W);
}

void heap_dfs_number_all(heap_dfs *d, const uint8_t *has_in, const uint8_t *has_many, pk_heap *h) {
  if (d->width == 3) number_all(d, has_in, has_many, h, 3);
  else number_all(d, has_in, has_many, h, 4);
}
