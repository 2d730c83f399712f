/*
 * heap_dominators.c - the dominator tree and retained sizes, by DevTools'
 * rules, with the semi-NCA algorithm in DFS-preorder space.
 *
 * Only "essential" edges retain: not weak edges, not self edges, shortcut
 * edges only from the root, not the internal edge from a WeakMap's table to
 * a value (the key's edge retains it instead), and not edges from a node
 * that is not page-owned into a page-owned one (so what the debugger holds
 * does not hide what the page holds).  Nodes the DFS from the root misses
 * are attached to the root as DevTools does: first each node with no
 * essential retainer at all (held only weakly) starts its own DFS under the
 * root, then any node still unnumbered (an unreachable clique) hangs off the
 * root by itself.  The result equals DevTools' Lengauer-Tarjan on the same
 * graph; tests/heap checks both on hand-built graphs and peers' numbers.
 *
 * Semi-NCA (Georgiadis; as in LLVM's dominator tree): vertices are numbered
 * 1..n in DFS preorder and every array is indexed by that number, so the
 * main loops walk memory in order.  At most six arrays of n are live at
 * once (Lengauer-Tarjan needs nine; the compression stack grows as
 * needed), and each is reused from phase to phase: the DFS keeps a node's
 * next edge in its semi slot while the node is on the stack, the map from
 * preorder numbers back to nodes is dropped while the predecessors are
 * stored and rebuilt from the other map afterwards, and the predecessor
 * blocks are delimited by a bit in their first entry instead of an array of
 * offsets.  Semidominators come from a link-eval forest with
 * path compression (explicit stack, no recursion); immediate dominators are
 * then found by walking up from each vertex's DFS parent until the
 * semidominator's level, which always ends because every step goes up.
 * Retained sizes are summed in reverse preorder (children before parents).
 * The passes are sequential and prefetch their random reads; semi-NCA
 * gives back the pages of the predecessors it has read.
 */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "heap_internal.h"
#include "heap_prefault.h"

#define AHEAD 32  /* prefetch distance in edges */

static inline int has_bit(const uint8_t *bits, uint32_t i) { return bits[i >> 3] & (1u << (i & 7)); }

static inline void set_bit(uint8_t *bits, uint32_t i) { bits[i >> 3] |= (uint8_t)(1u << (i & 7)); }

/* Marks the essential edges (one bit each) and, in has_in, the nodes that
 * have at least one essential in-edge. */
static uint8_t *essential_edges(const pk_heap *h, uint8_t *has_in) {
  uint8_t *bits = calloc(h->n_edges / 8 + 1, 1);
  if (!bits) return NULL;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    int page = h->flags[n] & HEAP_FLAG_PAGE;
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
      if (e + AHEAD < h->n_edges) {  /* the targets' flags and bits are random reads */
        uint32_t ahead = heap_eto(h, e + AHEAD);
        __builtin_prefetch(&h->flags[ahead]);
        __builtin_prefetch(&has_in[ahead >> 3], 1);
      }
      pk_heap_edge_kind k = heap_ekind(h, e);
      uint32_t to = heap_eto(h, e), table;
      if (k == PK_HEAP_EDGE_WEAK || to == n) continue;
      if (k == PK_HEAP_EDGE_INTERNAL && heap_tag(h, heap_ename(h, e), TAG_WEAKMAP_EDGE) &&
          heap_weakmap_table_id(heap_str(h, heap_ename(h, e)), &table) &&
          table == h->nid[n])
        continue;
      if (n != 0) {
        if (k == PK_HEAP_EDGE_SHORTCUT) continue;
        if (!page && (h->flags[to] & HEAP_FLAG_PAGE)) continue;
      }
      set_bit(bits, e);
      set_bit(has_in, to);
    }
  }
  return bits;
}

/* The DFS numbers vertices and, since every essential edge is examined
 * exactly once by it, also sorts the non-tree edges u -> w (numbers pu, pw)
 * for the semi-NCA pass: a predecessor numbered below w is not yet linked
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
 * edges after that, each time with the memory prefetched the step before. */
#define LATE 32   /* non-tree edges in flight (a power of two) */

typedef struct late_edge {
  uint32_t pu, w;       /* w: the target node, then (half way) its number */
} late_edge;

typedef struct dfs_state {
  const pk_heap *h;
  const uint8_t *essential;
  uint8_t *seen;        /* bit per node: numbered */
  uint32_t *pre;        /* node -> preorder number, 0 = not visited */
  uint32_t *vertex;     /* preorder number -> node */
  uint32_t *parent;     /* preorder number -> parent's preorder number */
  uint32_t *semi;       /* preorder number -> best candidate so far (next edge while on the stack) */
  uint32_t *count;      /* count[pw + 1]: predecessors of pw numbered above it */
  uint32_t n;           /* numbers given so far */
  late_edge late[LATE];
  uint32_t late_head;   /* non-tree edges seen so far */
} dfs_state;

static void number(dfs_state *d, uint32_t node, uint32_t parent) {
  d->pre[node] = ++d->n;
  set_bit(d->seen, node);
  d->vertex[d->n] = node;
  d->parent[d->n] = parent;
  uint32_t first = d->h->nedges[node], end = d->h->nedges[node + 1];
  d->semi[d->n] = first;
  for (uint32_t e = first; e < end && e < first + AHEAD; e++) __builtin_prefetch(&d->h->nedges[heap_eto(d->h, e)]);
}

/* A non-tree edge from numbered pu to numbered pw.  When pw > pu, pw is in
 * the subtree of pu, whose DFS is over, so semi[pw] is a candidate. */
static inline void sort_edge(dfs_state *d, uint32_t pu, uint32_t pw) {
  if (pu > pw) d->count[pw + 1]++;
  else if (pu < d->semi[pw]) d->semi[pw] = pu;
}

static inline void defer_edge(dfs_state *d, uint32_t pu, uint32_t w) {
  uint32_t i = d->late_head++;
  late_edge *oldest = &d->late[i & (LATE - 1)], *middle = &d->late[(i - LATE / 2) & (LATE - 1)];
  if (i >= LATE) sort_edge(d, oldest->pu, oldest->w);
  if (i >= LATE / 2) {
    uint32_t pw = d->pre[middle->w];
    middle->w = pw;
    __builtin_prefetch(middle->pu > pw ? &d->count[pw + 1] : &d->semi[pw], 1);
  }
  *oldest = (late_edge){pu, w};
  __builtin_prefetch(&d->pre[w]);
}

/* Sorts the edges still in the pipeline (the newest LATE/2 have no number yet). */
static void sort_late_edges(dfs_state *d) {
  uint32_t head = d->late_head;
  for (uint32_t i = head > LATE ? head - LATE : 0; i < head; i++) {
    const late_edge *e = &d->late[i & (LATE - 1)];
    sort_edge(d, e->pu, i + LATE / 2 >= head ? d->pre[e->w] : e->w);
  }
  d->late_head = 0;
}

/* Iterative DFS from `start` (numbered under `parent`): each node keeps the
 * cursor of its next edge, and the walk returns through parent numbers. */
static void dfs(dfs_state *d, uint32_t start, uint32_t parent) {
  const pk_heap *h = d->h;
  number(d, start, parent);
  uint32_t v = start, pv = d->n, stop = parent; /* pv = pre[v], kept rather than read back */
  while (1) {
    uint32_t end = h->nedges[v + 1], next = PK_HEAP_NONE;
    for (uint32_t e = d->semi[pv]; e < end; e++) {
      if (e + 8 < end) {  /* a child to descend to soon: its edges */
        uint32_t x = heap_eto(h, e + 8);
        if (!has_bit(d->seen, x)) __builtin_prefetch(&h->eto[h->nedges[x]]);
      }
      if (!has_bit(d->essential, e)) continue;
      uint32_t w = heap_eto(h, e);
      if (has_bit(d->seen, w)) {
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

/* Preorder numbering as DevTools attaches everything to the root. */
static void number_all(dfs_state *d, const uint8_t *has_in, pk_heap *h) {
  dfs(d, 0, 0);
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (!d->pre[v]) h->flags[v] |= HEAP_FLAG_ORPHAN;
  if (d->n < h->n_nodes)
    for (uint32_t v = 0; v < h->n_nodes; v++)
      if (!d->pre[v] && !has_bit(has_in, v)) dfs(d, v, 1);
  if (d->n == h->n_nodes) return;
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
      if (has_bit(d->essential, e)) sort_edge(d, i, d->pre[heap_eto(h, e)]);
  }
}

/* The stored predecessors: preorder numbers in 3 bytes when they are below
 * 2^23 (the top bit of an entry marks the first of a block), else in 4. */
typedef struct pred_list {
  uint8_t *bytes;       /* width * len entries and a byte of padding */
  unsigned width;
  uint32_t first_bit;   /* the top bit, on the first entry of each block */
} pred_list;

/* Entry i of width 3 or 4 (a constant where the hot loops inline it). */
static inline __attribute__((always_inline)) uint32_t get_as(const uint8_t *bytes, unsigned width, size_t i) {
  uint32_t v;
  memcpy(&v, bytes + width * i, 4);
  return width == 4 ? v : v & 0xffffffu;
}

static inline uint32_t pred_get(const pred_list *l, size_t i) { return get_as(l->bytes, l->width, i); }

static inline void pred_set(pred_list *l, size_t i, uint32_t v) {
  uint8_t *p = l->bytes + l->width * i;
  if (l->width == 4) {
    memcpy(p, &v, 4);
  } else {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
  }
}

/* Stores the predecessors of edges [from, to) numbered above their
 * targets at cursor[pw]++: one flat pass, prefetching pre[] two strides
 * ahead and the cursor one stride ahead (both are random accesses). */
typedef struct reverse_fill {
  const pk_heap *h;
  const uint8_t *bits;
  const pred_list *pre;  /* node -> preorder number, in 3 or 4 bytes */
  uint32_t *cursor;
  pred_list *src;
  uint32_t from, to;
} reverse_fill;

static inline __attribute__((always_inline)) void fill_as(const reverse_fill *f, unsigned width) {
  const uint32_t *eto = f->h->eto, *nedges = f->h->nedges;
  const uint8_t *pre = f->pre->bytes;
  uint32_t *cursor = f->cursor;
  pred_list *src = f->src;
  uint32_t lo = 0, hi = (uint32_t)f->h->n_nodes;  /* u: the last node whose edges start at or before `from` */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (nedges[mid] <= f->from) lo = mid;
    else hi = mid;
  }
  uint32_t u = lo, u_end = nedges[u + 1], pu = get_as(pre, width, u), m = f->to;
  for (uint32_t e = f->from; e < m; e++) {
    if (e + 2 * AHEAD < m) __builtin_prefetch(pre + width * (eto[e + 2 * AHEAD] & HEAP_TO_MASK));
    if (e + AHEAD < m) __builtin_prefetch(&cursor[get_as(pre, width, eto[e + AHEAD] & HEAP_TO_MASK)]);
    while (e >= u_end) {
      u++;
      u_end = nedges[u + 1];
      pu = get_as(pre, width, u);
    }
    if (!has_bit(f->bits, e)) continue;
    uint32_t pw = get_as(pre, width, eto[e] & HEAP_TO_MASK);
    if (pu > pw) pred_set(src, cursor[pw]++, pu);
  }
}

static void fill_range(const reverse_fill *f) {
  if (f->pre->width == 3) fill_as(f, 3);
  else fill_as(f, 4);
}

#define HAS_PREDS 0x80000000u  /* on semi[w] when w's block is not empty */

/* An array of `bytes` made from an old one whose first `mapped` bytes
 * are mapped (a dead array, reallocated in place or moved by mremap, so
 * those pages take no faults); a helper thread maps the rest, waited for
 * with *prefault.  NULL if out of memory (old is then still allocated).
 * Out of line: inlined, it changed the code of semi-NCA's hot loop in
 * heap_dominators enough to cost 0.06 s. */
static __attribute__((noinline)) void *grow_mapped(void *old, size_t mapped, size_t bytes, heap_prefault *prefault) {
  uint8_t *p = realloc(old, bytes);
  if (p && bytes > mapped) {
    *prefault = (heap_prefault){.start = {p + mapped}, .len = {bytes - mapped}, .count = 1};
    heap_prefault_start(prefault);
  }
  return p;
}

/* The predecessors numbered above each vertex w, as preorder numbers, in
 * blocks by w (ascending); each block's first entry and the semi entry of
 * each vertex with a block carry a bit (preorder numbers are below 2^28,
 * and below 2^23 when the entries are 3 bytes).
 * One thread stores them all: two threads need a cursor array each (20 MB
 * here) or atomic increments (0.1 s to 0.3 s).  The cursors are free to
 * reuse afterwards.
 * pre and parent are left packed in 3 bytes (pre->width, parent->width)
 * when preorder numbers are below 2^23; the cursors' pages are given back. */
static int reverse_graph(dfs_state *d, pred_list *src, size_t *src_len, pred_list *pre, pred_list *parent) {
  const pk_heap *h = d->h;
  size_t n = h->n_nodes;
  uint32_t *cursor = d->count, run = 0;
  for (size_t i = 0; i <= n; i++) {  /* the count of block i sits at i + 1 */
    uint32_t count = cursor[i + 1];
    cursor[i] = run;
    run += count;
  }
  /* preorder numbers and a flag fit in 3 bytes (PK_HEAP_NO_PACK, a testing
   * knob, takes the 4-byte path of graphs of 2^23 nodes or more) */
  int packed = n < (1u << 23) && !getenv("PK_HEAP_NO_PACK");
  src->width = packed ? 3 : 4;
  src->first_bit = 1u << (8 * src->width - 1);
  /* while src is full, the preorder numbers are read in 3 bytes and the
   * parents and candidates (not read) wait in 3 bytes */
  *pre = (pred_list){(uint8_t *)d->pre, 4, 0};
  *parent = (pred_list){(uint8_t *)d->parent, 4, 0};
  if (packed) {
    heap_pack24(d->pre, n + 1);
    heap_pack24(d->parent, n + 1);
    heap_pack24(d->semi, n + 1);
    pre->width = parent->width = 3;
  }
  /* the map back to nodes is rebuilt from pre afterwards: its pages become
   * src's first ones, and a helper thread maps the rest during the fill */
  heap_prefault prefault = {.count = 0};
  src->bytes = grow_mapped(d->vertex, (n + 1) * sizeof *d->vertex, (size_t)run * src->width + 1, &prefault);
  if (!src->bytes) return -1;
  d->vertex = NULL;
  reverse_fill all = {h, d->essential, pre, cursor, src, 0, (uint32_t)h->n_edges};
  fill_range(&all);
  heap_prefault_wait(&prefault);
  if (packed) heap_unpack24(d->semi, n + 1);
  /* cursor[w] now holds the end of w's block, which is where w + 1's starts */
  for (size_t w = 1; w <= n; w++)
    if (cursor[w] > cursor[w - 1]) {
      pred_set(src, cursor[w - 1], pred_get(src, cursor[w - 1]) | src->first_bit);
      d->semi[w] |= HAS_PREDS;
    }
  *src_len = run;
  heap_release_pages(cursor, (n + 2) * sizeof *cursor);  /* to become the forest links, written before they are read */
  return 0;
}

typedef struct path_stack {  /* grows with the longest compressed path, usually short */
  uint32_t *v;
  size_t cap;
} path_stack;

/* Link-eval with path compression; `linked` is the smallest linked vertex
 * (vertices above it are in the forest, with anc = their forest parent).
 * Semi-NCA needs only the smallest semidominator on a forest path, never
 * the vertex that has it, so `best` keeps that number itself (no random
 * read of semi[] per step).  Returns UINT32_MAX if the stack cannot grow. */
static uint32_t eval(uint32_t v, uint32_t linked, uint32_t *anc, uint32_t *best, path_stack *path) {
  if (anc[v] < linked) return best[v];
  size_t sp = 0;
  uint32_t *stack = path->v;
  do {
    if (sp == path->cap) {
      if (PK_GROW(path->v, path->cap, sp + 1) < 0) return UINT32_MAX;
      stack = path->v;
    }
    stack[sp++] = v;
    v = anc[v];
  } while (anc[v] >= linked);
  uint32_t p = v, pbest = best[p];
  while (sp) {
    v = stack[--sp];
    anc[v] = anc[p];
    if (pbest < best[v]) best[v] = pbest;
    else pbest = best[v];
    p = v;
  }
  return best[v];
}

/* Gives the pages of src[from, to) back: the blocks above the current one
 * are never read again, so src shrinks as best (touched from the top
 * down) grows. */
static void release(const pred_list *src, size_t from, size_t to) {
  heap_release_pages(src->bytes + src->width * from, src->width * (to - from));
}

#define RELEASE_STEP ((size_t)1 << 20)  /* entries */

/* semi[] arrives with each vertex's best candidate among its DFS parent
 * and its lower-numbered predecessors; parent holds the DFS parents (in 3
 * bytes until the semidominators are done, then unpacked in place to
 * become the immediate dominators).  The
 * blocks of src are walked downwards from its end (`len` entries).  anc and
 * best are only read for linked vertices (above w), so each is set as its
 * vertex is linked. */
static inline __attribute__((always_inline)) int semidominators(uint32_t n, const pred_list *src, size_t len,
                                                                  const pred_list *parent, uint32_t *anc,
                                                                  uint32_t *semi, uint32_t *best, path_stack *stack,
                                                                  unsigned width) {
  const uint8_t *preds = src->bytes, *parents = parent->bytes;
  const uint32_t first = 1u << (8 * width - 1);
  size_t j = len, released = len;
  for (uint32_t w = n; w >= 2; w--) {
    uint32_t s = semi[w];
    if (s & HAS_PREDS) {
      s &= ~HAS_PREDS;
      uint32_t entry;
      do {
        entry = get_as(preds, width, --j);
        if (j >= AHEAD) {  /* j - AHEAD comes up soon */
          uint32_t ahead = get_as(preds, width, j - AHEAD) & ~first;
          __builtin_prefetch(&anc[ahead]);
          __builtin_prefetch(&best[ahead]);
        }
        uint32_t candidate = eval(entry & ~first, w + 1, anc, best, stack);
        if (candidate == UINT32_MAX) return -1;
        if (candidate < s) s = candidate;
      } while (!(entry & first));
      if (released - j >= RELEASE_STEP) {
        release(src, j, released);
        released = j;
      }
    }
    semi[w] = s;
    anc[w] = get_as(parents, width, w);
    best[w] = s;
  }
  return 0;
}

static int semi_nca(uint32_t n, const pred_list *src, size_t len, const pred_list *parent, uint32_t *anc,
                    uint32_t *semi, uint32_t *best, path_stack *stack) {
  int rc = src->width == 3 ? semidominators(n, src, len, parent, anc, semi, best, stack, 3)
                           : semidominators(n, src, len, parent, anc, semi, best, stack, 4);
  if (rc < 0) return rc;
  uint32_t *idom = (uint32_t *)parent->bytes;
  if (parent->width == 3) heap_unpack24(idom, (size_t)n + 1);
  for (uint32_t w = 2; w <= n; w++) {
    if (w + AHEAD <= n) __builtin_prefetch(&idom[idom[w + AHEAD]]);
    uint32_t d = idom[w];
    while (d > semi[w]) d = idom[d];
    idom[w] = d;
  }
  return 0;
}

int heap_dominators(pk_heap *h, int (*sizes_ready)(void *), void *arg, pk_error *err) {
  size_t n = h->n_nodes;
  dfs_state d = {.h = h};
  d.pre = calloc(n + 1, sizeof *d.pre);
  d.vertex = malloc((n + 1) * sizeof *d.vertex);
  d.parent = malloc((n + 1) * sizeof *d.parent);
  d.semi = malloc((n + 1) * sizeof *d.semi);
  d.count = calloc(n + 2, sizeof *d.count);
  d.seen = calloc(n / 8 + 1, 1);
  /* the DFS touches all of these at random: map them while the edges are sorted */
  heap_prefault prefault = {.start = {d.pre, d.vertex, d.parent, d.semi, d.count}, .count = 5};
  for (size_t i = 0; i < 5; i++) prefault.len[i] = n * sizeof *d.pre;
  heap_prefault_start(&prefault);
  uint8_t *has_in = calloc(n / 8 + 1, 1);
  uint8_t *bits = has_in ? essential_edges(h, has_in) : NULL;
  d.essential = bits;
  heap_prefault_wait(&prefault);
  pred_list src = {NULL, 4, 0};
  uint32_t *semi = d.semi, *parent = d.parent;
  int ok = bits && d.seen && d.pre && d.vertex && d.parent && d.semi && d.count;
  heap_phase("dominators: essential edges");
  if (ok) {
    number_all(&d, has_in, h);
    sort_late_edges(&d);
  }
  heap_phase("dominators: DFS");
  free(has_in);
  free(d.seen);
  size_t src_len = 0;
  pred_list pre, parent_list;
  if (ok) ok = reverse_graph(&d, &src, &src_len, &pre, &parent_list) == 0;
  free(d.vertex);  /* NULL once it became src */
  free(bits);
  /* the cursors become the forest links and the best candidates take fresh pages,
   * both touched as src gives its pages back */
  uint32_t *anc = d.count, *best = malloc((n + 1) * sizeof *best);
  ok = ok && best;
  heap_phase("dominators: reverse graph");
  path_stack stack = {NULL, 0};
  if (ok) ok = semi_nca((uint32_t)n, &src, src_len, &parent_list, anc, semi, best, &stack) == 0;
  heap_phase("dominators: semi-NCA");
  free(stack.v); free(src.bytes);
  heap_prefault prefault_retained = {.count = 0};
  /* best's pages become the first half of the retained sizes */
  h->retained = ok ? grow_mapped(best, (n + 1) * sizeof *best, n * sizeof *h->retained, &prefault_retained) : NULL;
  if (!h->retained) free(best);
  uint32_t *vertex = anc;  /* the map back to nodes */
  if (ok)
    for (uint32_t v = 0; v < n; v++) vertex[pred_get(&pre, v)] = v;
  free(d.pre);
  heap_prefault_wait(&prefault_retained);
  /* parent now holds immediate dominators in preorder numbers; semi is free
   * and becomes the node-indexed idom */
  h->idom = ok ? semi : NULL;
  int sizes_rc = sizes_ready(arg);  /* always waited for, so the other thread is done with them */
  if (!h->idom || !h->retained || sizes_rc != 0) {
    if (!ok) free(semi);
    free(vertex);
    free(parent);
    return sizes_rc != 0 ? sizes_rc : heap_oom(err, h);
  }
  h->idom[0] = 0;
  for (uint32_t i = 2; i <= n; i++) h->idom[vertex[i]] = vertex[parent[i]];
  for (uint32_t v = 0; v < n; v++) h->retained[v] = heap_size(h, v);
  for (uint32_t i = (uint32_t)n; i >= 2; i--) h->retained[vertex[parent[i]]] += h->retained[vertex[i]];
  free(vertex);
  free(parent);
  heap_phase("dominators: retained sizes");
  return 0;
}
