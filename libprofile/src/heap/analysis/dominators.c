/*
 * heap/analysis/dominators.c - the dominator tree and retained sizes, by DevTools'
 * rules, with the semi-NCA algorithm in DFS-preorder space.
 *
 * The driver: the essential edges (heap/analysis/essential_edges.c), the DFS that
 * numbers the vertices and sorts the non-tree edges (heap/analysis/dominator_dfs.c), then
 * here the predecessors stored by target, semi-NCA and the retained sizes.
 * The result equals DevTools' Lengauer-Tarjan on the same graph;
 * tests/heap checks both on hand-built graphs and peers' numbers.
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
 * path compression (explicit stack, no recursion), whose two fields per
 * vertex sit side by side; immediate dominators are
 * then found by walking up from each vertex's DFS parent until the
 * semidominator's level, which always ends because every step goes up.
 * Retained sizes are summed in reverse preorder (children before parents).
 * The passes are sequential and prefetch their random reads; semi-NCA
 * gives back the pages of the predecessors it has read.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "heap/analysis/dominators_internal.h"
#include "platform/pages.h"
#include "platform/compiler.h"
#include "platform/env_knobs.h"


/* The stored predecessors: preorder numbers in 3 bytes when they are below
 * 2^23 (the top bit of an entry marks the first of a block), else in 4. */
typedef struct pred_list {
  uint8_t *bytes;       /* width * len entries and a byte of padding */
  unsigned width;
  uint32_t first_bit;   /* the top bit, on the first entry of each block */
} pred_list;

static inline uint32_t pred_get(const pred_list *l, size_t i) { return heap_num_get(l->bytes, l->width, i); }
static inline void pred_set(pred_list *l, size_t i, uint32_t v) { heap_num_put(l->bytes, l->width, i, v); }

/* Stores the predecessor of every essential edge numbered above its
 * target at cursor[pw]++: one flat pass, prefetching pre[] two strides
 * ahead and the cursor one stride ahead (both are random accesses). */
typedef struct reverse_fill {
  const pk_heap *h;
  const uint8_t *bits;
  const pred_list *pre;  /* node -> preorder number, in 3 or 4 bytes */
  pred_list *cursor;     /* preorder number -> next entry of its block, in 3 or 4 bytes */
  pred_list *src;
} reverse_fill;

static PK_ALWAYS_INLINE void fill_as(const reverse_fill *f, unsigned width, unsigned cursor_width) {
  const uint32_t *eto = f->h->eto, *nedges = f->h->nedges;
  const uint8_t *pre = f->pre->bytes;
  uint8_t *cursor = f->cursor->bytes;
  pred_list *src = f->src;
  uint32_t u = 0, u_end = nedges[1], pu = heap_num_get(pre, width, 0), m = (uint32_t)f->h->n_edges;
  for (uint32_t e = 0; e < m; e++) {
    if (e + 2 * PK_PREFETCH_AHEAD < m) PK_PREFETCH(pre + width * (eto[e + 2 * PK_PREFETCH_AHEAD] & HEAP_TO_MASK));
    if (e + PK_PREFETCH_AHEAD < m)
      PK_PREFETCH(cursor + cursor_width * heap_num_get(pre, width, eto[e + PK_PREFETCH_AHEAD] & HEAP_TO_MASK));
    while (e >= u_end) {
      u++;
      u_end = nedges[u + 1];
      pu = heap_num_get(pre, width, u);
    }
    if (!heap_bit(f->bits, e)) continue;
    uint32_t pw = heap_num_get(pre, width, eto[e] & HEAP_TO_MASK);
    if (pu > pw) {
      uint32_t at = heap_num_get_fresh(cursor, cursor_width, pw);  /* a neighbour may have just been stored */
      heap_num_put(cursor, cursor_width, pw, at + 1);
      pred_set(src, at, pu);
    }
  }
}

static void fill(const reverse_fill *f) {
  if (f->pre->width == 4) fill_as(f, 4, 4);
  else if (f->cursor->width == 4) fill_as(f, 3, 4);
  else fill_as(f, 3, 3);
}

/* An array of `bytes` made from an old one whose first `mapped` bytes
 * are mapped (a dead array, reallocated in place or moved by mremap, so
 * those pages take no faults); a helper thread maps the rest, waited for
 * with *prefault.  NULL if out of memory (old is then still allocated).
 * Out of line: inlined, it changed the code of semi-NCA's hot loop in
 * heap_dominators enough to cost 0.06 s. */
static PK_NOINLINE void *grow_mapped(void *old, size_t mapped, size_t bytes, heap_prefault *prefault, int threads) {
  uint8_t *p = realloc(old, bytes);
  if (p && bytes > mapped) {
    *prefault = (heap_prefault){.start = {p + mapped}, .len = {bytes - mapped}, .count = 1};
    heap_prefault_start(prefault, threads);
  }
  return p;
}

/* The predecessors numbered above each vertex w, as preorder numbers, in
 * blocks by w (ascending); each block's first entry and the semi entry of
 * each vertex with a block carry a bit (preorder numbers are below 2^28,
 * and below 2^23 when the entries are 3 bytes).
 * One thread stores them all: two threads need a cursor array each (20 MB
 * here) or atomic increments (0.1 s to 0.3 s).  The cursors, made from
 * the counts in place, run up to the number of entries: they stay in 3
 * bytes when that is below 2^24.  They are dead afterwards.
 * pre and parent stay in the DFS's width (pre->width, parent->width). */
static int reverse_graph(heap_dfs *d, pred_list *src, size_t *src_len, pred_list *pre, pred_list *parent) {
  const pk_heap *h = d->h;
  size_t n = h->n_nodes;
  pred_list cursor = {d->count, d->width, 0};
  uint64_t entries = 0;
  for (size_t i = 1; i <= n + 1; i++) entries += pred_get(&cursor, i);
  if (d->width == 3 && (entries >= (1u << 24) || pk_knob_heap_wide_cursors())) {
    heap_unpack24((uint32_t *)(void *)d->count, n + 2);
    cursor.width = 4;
  }
  uint32_t run = 0;
  for (size_t i = 0; i <= n; i++) {  /* the count of block i sits at i + 1 */
    uint32_t count = pred_get(&cursor, i + 1);
    pred_set(&cursor, i, run);
    run += count;
  }
  src->width = d->width;
  src->first_bit = 1u << (8 * src->width - 1);
  /* while src is full, the preorder numbers are read in 3 bytes and the
   * parents and candidates wait in 3 bytes, until the semidominators are
   * done */
  *pre = (pred_list){d->pre, d->width, 0};
  *parent = (pred_list){d->parent, d->width, 0};
  if (d->width == 3) heap_pack24(d->semi, n + 1);
  /* the map back to nodes is rebuilt from pre afterwards: its pages become
   * src's first ones, and a helper thread maps the rest during the fill */
  heap_prefault prefault = {.count = 0};
  src->bytes = grow_mapped(d->vertex, (n + 1) * d->width + 1, (size_t)run * src->width + 1, &prefault, h->threads);
  if (!src->bytes) return -1;
  d->vertex = NULL;
  reverse_fill all = {h, d->essential, pre, &cursor, src};
  fill(&all);
  heap_prefault_wait(&prefault);
  /* cursor[w] now holds the end of w's block, which is where w + 1's
   * starts; a vertex with a block has the same top bit on its semi entry */
  pred_list semi = {(uint8_t *)d->semi, src->width, 0};
  for (size_t w = 1; w <= n; w++) {
    uint32_t start = pred_get(&cursor, w - 1);
    if (pred_get(&cursor, w) > start) {
      pred_set(src, start, pred_get(src, start) | src->first_bit);
      pred_set(&semi, w, pred_get(&semi, w) | src->first_bit);
    }
  }
  *src_len = run;
  return 0;
}

/* A vertex of the link-eval forest: its forest parent and the smallest
 * semidominator on its path, side by side so that a step of eval is one
 * random read, not two: 4 bytes each, or 3 each (6 bytes a link) when
 * preorder numbers are below 2^23 (`width` 3, as for the stored
 * predecessors); the forest has 2 bytes of padding for the 8-byte loads. */
#define LINK_BYTES(width) ((width) == 4 ? 8u : 6u)

static PK_ALWAYS_INLINE uint32_t link_anc(const uint8_t *f, unsigned width, uint32_t v) {
  uint32_t a;
  memcpy(&a, f + (size_t)LINK_BYTES(width) * v, 4);
  return width == 4 ? a : a & 0xffffffu;
}

static PK_ALWAYS_INLINE uint32_t link_best(const uint8_t *f, unsigned width, uint32_t v) {
  uint32_t b;
  memcpy(&b, f + (size_t)LINK_BYTES(width) * v + width, 4);
  return width == 4 ? b : b & 0xffffffu;
}

static PK_ALWAYS_INLINE void link_set(uint8_t *f, unsigned width, uint32_t v, uint32_t anc, uint32_t best) {
  uint8_t *p = f + (size_t)LINK_BYTES(width) * v;
  if (width == 4) {
    memcpy(p, &anc, 4);
    memcpy(p + 4, &best, 4);
  } else {
    uint64_t x = (uint64_t)anc | (uint64_t)best << 24;
    memcpy(p, &x, 6);
  }
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
static PK_ALWAYS_INLINE uint32_t eval(uint32_t v, uint32_t linked, uint8_t *f, unsigned width, path_stack *path) {
  uint32_t anc = link_anc(f, width, v);
  if (anc < linked) return link_best(f, width, v);
  size_t sp = 0;
  uint32_t *stack = path->v;
  do {
    if (sp == path->cap) {
      if (PK_GROW(path->v, path->cap, sp + 1) < 0) return UINT32_MAX;
      stack = path->v;
    }
    stack[sp++] = v;
    v = anc;
    anc = link_anc(f, width, v);
  } while (anc >= linked);
  /* every vertex on the path gets the top's forest parent */
  uint32_t pbest = link_best(f, width, v);
  while (sp) {
    v = stack[--sp];
    uint32_t best = link_best(f, width, v);
    if (pbest < best) best = pbest;
    else pbest = best;
    link_set(f, width, v, anc, best);
  }
  return pbest;
}

/* Gives the pages of src[from, to) back: the blocks above the current one
 * are never read again, so src shrinks as best (touched from the top
 * down) grows. */
static void release(const pred_list *src, size_t from, size_t to) {
  heap_release_pages(src->bytes + src->width * from, src->width * (to - from));
}

#define RELEASE_STEP ((size_t)1 << 20)  /* entries */

/* semi[] arrives with each vertex's best candidate among its DFS parent
 * and its lower-numbered predecessors (and the top bit if it has a block
 * in src); semi and parent, which holds the DFS parents, are in `width`
 * bytes an entry (both are unpacked in place afterwards, parent to become
 * the immediate dominators).  The
 * blocks of src are walked downwards from its end (`len` entries).  anc and
 * best are only read for linked vertices (above w), so each is set as its
 * vertex is linked. */
static PK_ALWAYS_INLINE int semidominators(uint32_t n, const pred_list *src, size_t len,
                                                                  const pred_list *parent, uint8_t *f,
                                                                  uint8_t *semi, path_stack *stack,
                                                                  unsigned width) {
  const uint8_t *preds = src->bytes, *parents = parent->bytes;
  const uint32_t first = 1u << (8 * width - 1);
  size_t j = len, released = len;
  /* each entry of semi is loaded an iteration early, before the bytes of
   * the one above it are stored (a 3-byte entry's 4-byte load spans its
   * neighbour's first byte) */
  uint32_t s_next = heap_num_get(semi, width, n);
  for (uint32_t w = n; w >= 2; w--) {
    uint32_t s = s_next;
    s_next = heap_num_get(semi, width, w - 1);
    if (s & first) {
      s &= ~first;
      uint32_t entry;
      do {
        entry = heap_num_get(preds, width, --j);
        if (j >= PK_PREFETCH_AHEAD) {  /* j - PK_PREFETCH_AHEAD comes up soon */
          uint32_t ahead = heap_num_get(preds, width, j - PK_PREFETCH_AHEAD) & ~first;
          PK_PREFETCH(f + (size_t)LINK_BYTES(width) * ahead);
        }
        uint32_t candidate = eval(entry & ~first, w + 1, f, width, stack);
        if (candidate == UINT32_MAX) return -1;
        if (candidate < s) s = candidate;
      } while (!(entry & first));
      if (released - j >= RELEASE_STEP) {
        release(src, j, released);
        released = j;
      }
    }
    heap_num_put(semi, width, w, s);
    link_set(f, width, w, heap_num_get(parents, width, w), s);
  }
  return 0;
}

static int semi_nca(uint32_t n, const pred_list *src, size_t len, const pred_list *parent, uint8_t *f,
                    uint32_t *semi, path_stack *stack) {
  int rc = src->width == 3 ? semidominators(n, src, len, parent, f, (uint8_t *)semi, stack, 3)
                           : semidominators(n, src, len, parent, f, (uint8_t *)semi, stack, 4);
  if (rc < 0) return rc;
  uint32_t *idom = (uint32_t *)parent->bytes;
  if (parent->width == 3) {
    heap_unpack24(idom, (size_t)n + 1);
    heap_unpack24(semi, (size_t)n + 1);
  }
  for (uint32_t w = 2; w <= n; w++) {
    if (w + PK_PREFETCH_AHEAD <= n) PK_PREFETCH(&idom[idom[w + PK_PREFETCH_AHEAD]]);
    uint32_t d = idom[w];
    while (d > semi[w]) d = idom[d];
    idom[w] = d;
  }
  return 0;
}

int heap_dominators(pk_heap *h, int (*sizes_ready)(void *), void *arg, pk_error *err) {
  size_t n = h->n_nodes;
  /* preorder numbers and a flag fit in 3 bytes (PK_HEAP_NO_PACK, a testing
   * knob, takes the 4-byte path of graphs of 2^23 nodes or more) */
  heap_dfs d = {.h = h, .width = n < (1u << 23) && !pk_knob_heap_no_pack() ? 3 : 4};
  d.pre = pk_calloc_huge(n + 1, 4);
  d.vertex = pk_malloc_huge((n + 1) * 4);
  d.parent = pk_malloc_huge((n + 1) * 4);
  d.semi = pk_malloc_huge((n + 1) * sizeof *d.semi);
  d.count = pk_calloc_huge(n + 2, 4);
  d.seen = calloc(n / 8 + 1, 1);
  /* the DFS touches all of these at random: map them while the edges are
   * sorted (the parts it uses: d.width bytes an entry) */
  heap_prefault prefault = {.start = {d.pre, d.vertex, d.parent, d.semi, d.count}, .count = 5};
  for (size_t i = 0; i < 5; i++) prefault.len[i] = (n + 1) * (i == 3 ? sizeof *d.semi : d.width);
  heap_prefault_start(&prefault, h->threads);
  uint8_t *has_in = calloc(n / 8 + 1, 1), *has_many = calloc(n / 8 + 1, 1);
  uint8_t *bits = has_in && has_many ? heap_essential_edges(h, has_in, has_many) : NULL;
  d.essential = bits;
  heap_prefault_wait(&prefault);
  pred_list src = {NULL, 4, 0};
  uint32_t *semi = d.semi, *parent = (uint32_t *)(void *)d.parent;
  int ok = bits && d.seen && d.pre && d.vertex && d.parent && d.semi && d.count;
  heap_phase("dominators: essential edges");
  if (ok) heap_dfs_number_all(&d, has_in, has_many, h);
  heap_phase("dominators: DFS");
  free(has_in);
  free(has_many);
  free(d.seen);
  size_t src_len = 0;
  pred_list pre, parent_list;
  if (ok) ok = reverse_graph(&d, &src, &src_len, &pre, &parent_list) == 0;
  free(d.vertex);  /* NULL once it became src */
  free(bits);
  /* the cursors are freed; the forest takes fresh pages,
   * touched as src gives its pages back */
  free(d.count);
  size_t forest_bytes = (n + 1) * (size_t)LINK_BYTES(src.width) + 2;
  uint8_t *forest = ok ? pk_malloc_huge(forest_bytes) : NULL;
  ok = ok && forest;
  heap_phase("dominators: reverse graph");
  path_stack stack = {NULL, 0};
  if (ok) ok = semi_nca((uint32_t)n, &src, src_len, &parent_list, forest, semi, &stack) == 0;
  heap_phase("dominators: semi-NCA");
  free(stack.v); free(src.bytes);
  /* the forest's first 4 (n + 1) bytes become the map back to nodes, and
   * the rest's pages are given back for the retained sizes */
  uint32_t *vertex = (uint32_t *)(void *)forest;
  if (vertex) heap_release_pages(vertex + n + 1, forest_bytes - (n + 1) * sizeof *vertex);
  h->retained = ok ? pk_malloc_huge((n ? n : 1) * sizeof *h->retained) : NULL;
  ok = ok && h->retained;
  if (ok)
    for (uint32_t v = 0; v < n; v++) {
      if (v + PK_PREFETCH_AHEAD < n) PK_PREFETCH_WRITE(&vertex[pred_get(&pre, v + PK_PREFETCH_AHEAD)]);
      vertex[pred_get(&pre, v)] = v;
    }
  free(d.pre);
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
  int wide_rc = 0;
  for (uint32_t v = 0; v < n; v++) wide_rc |= heap_set_wide32(h->retained, &h->wide_retained, v, heap_size(h, v));
  /* children before parents; each vertex's dominator node (a random read)
   * is loaded two strides ahead, and the slots it and the vertex touch one
   * stride ahead */
  const uint32_t K = PK_PREFETCH_AHEAD;
  for (uint32_t i = (uint32_t)n; i >= 2; i--) {
    if (i >= 2 + 2 * K) PK_PREFETCH(&vertex[parent[i - 2 * K]]);
    if (i >= 2 + K) {
      uint32_t ahead = vertex[i - K];
      PK_PREFETCH_WRITE(&h->retained[vertex[parent[i - K]]]);
      PK_PREFETCH_WRITE(&h->retained[ahead]);
      PK_PREFETCH_WRITE(&h->idom[ahead]);
    }
    uint32_t to = vertex[parent[i]], from = vertex[i];
    h->idom[from] = to;
    uint32_t sum = h->retained[to] + h->retained[from];  /* both narrow and no carry: the common case */
    if (sum >= h->retained[to] && sum < HEAP_WIDE_SIZE && h->retained[from] != HEAP_WIDE_SIZE)
      h->retained[to] = sum;
    else
      wide_rc |= heap_set_wide32(h->retained, &h->wide_retained, to, heap_retained(h, to) + heap_retained(h, from));
  }
  free(vertex);
  free(parent);
  heap_phase("dominators: retained sizes");
  return wide_rc < 0 ? heap_oom(err, h) : 0;
}
