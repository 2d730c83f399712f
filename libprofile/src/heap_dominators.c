/*
 * heap_dominators.c - the dominator tree and retained sizes, by DevTools'
 * rules, with the Lengauer-Tarjan algorithm (simple link/eval).
 *
 * Only "essential" edges retain: not weak edges, not self edges, shortcut
 * edges only from the root, not the internal edge from a WeakMap's table to
 * a value (the key's edge retains it instead), and not edges from a node
 * that is not page-owned into a page-owned one (so what the debugger holds
 * does not hide what the page holds).  Nodes the DFS from the root misses
 * are attached to the root: first those with no essential retainer at all
 * (held only weakly), each with its own DFS, then any remaining node (an
 * unreachable clique) one by one, exactly as DevTools does.
 *
 * Vertices are numbered 1..n in the LT arrays (0 = none), node i being
 * vertex i + 1.  The DFS keeps each vertex's next edge to examine, so it is
 * iterative; path compression uses an explicit stack; buckets are linked
 * lists threaded through one array (each vertex joins one bucket once).
 * Retained sizes are accumulated in reverse DFS order.
 */
#include <string.h>

#include "heap_internal.h"

typedef struct lt {
  const pk_heap *h;
  const uint8_t *essential;  /* bit per edge */
  uint32_t *parent, *ancestor, *vertex, *label, *semi, *dom, *stack;
  uint32_t *next_edge;       /* aliases dom during the DFS */
  uint32_t n;
} lt;

static inline int is_essential(const uint8_t *bits, uint32_t e) { return bits[e >> 3] & (1u << (e & 7)); }

static uint8_t *essential_edges(const pk_heap *h) {
  uint8_t *bits = calloc(h->n_edges / 8 + 1, 1);
  if (!bits) return NULL;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    int page = h->flags[n] & HEAP_FLAG_PAGE;
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
      pk_heap_edge_kind k = heap_ekind(h, e);
      uint32_t to = h->eto[e], table;
      if (k == PK_HEAP_EDGE_WEAK || to == n) continue;
      if (k == PK_HEAP_EDGE_INTERNAL && heap_weakmap_table_id(heap_str(h, h->ename[e]), &table) &&
          table == h->nid[n])
        continue;
      if (n != 0) {
        if (k == PK_HEAP_EDGE_SHORTCUT) continue;
        if ((h->flags[to] & HEAP_FLAG_PAGE) && !page) continue;
      }
      bits[e >> 3] |= (uint8_t)(1u << (e & 7));
    }
  }
  return bits;
}

/* Iterative DFS from vertex `root` over essential edges, numbering vertices. */
static void dfs(lt *t, uint32_t root) {
  const pk_heap *h = t->h;
  t->next_edge[root] = h->nedges[root - 1];
  uint32_t v = root;
  while (v) {
    if (t->semi[v] == 0) {
      t->semi[v] = ++t->n;
      t->vertex[t->n] = t->label[v] = v;
    }
    uint32_t next = t->parent[v], end = h->nedges[v];  /* node v-1's edges end at nedges[v] */
    for (; t->next_edge[v] < end; t->next_edge[v]++) {
      uint32_t e = t->next_edge[v];
      if (!is_essential(t->essential, e)) continue;
      uint32_t w = h->eto[e] + 1;
      if (t->semi[w] == 0) {
        t->parent[w] = v;
        t->next_edge[w] = h->nedges[w - 1];
        next = w;
        break;
      }
    }
    v = next;
  }
}

static void compress(lt *t, uint32_t v) {
  uint32_t sp = 0;
  while (t->ancestor[t->ancestor[v]] != 0) {
    t->stack[sp++] = v;
    v = t->ancestor[v];
  }
  while (sp) {
    uint32_t w = t->stack[--sp];
    if (t->semi[t->label[t->ancestor[w]]] < t->semi[t->label[w]]) t->label[w] = t->label[t->ancestor[w]];
    t->ancestor[w] = t->ancestor[t->ancestor[w]];
  }
}

static inline uint32_t eval(lt *t, uint32_t v) {
  if (t->ancestor[v] == 0) return v;
  compress(t, v);
  return t->label[v];
}

/* Reverse graph over essential edges: sources of w are rsrc[rfirst[w]..rfirst[w+1]). */
static int reverse_graph(const pk_heap *h, const uint8_t *bits, uint32_t **rfirst_out, uint32_t **rsrc_out) {
  size_t n = h->n_nodes;
  uint32_t *rfirst = calloc(n + 1, sizeof *rfirst);
  if (!rfirst) return -1;
  for (uint32_t e = 0; e < h->n_edges; e++)
    if (is_essential(bits, e)) rfirst[h->eto[e]]++;
  uint32_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = rfirst[i];
    rfirst[i] = sum;
    sum += c;
  }
  rfirst[n] = sum;
  uint32_t *rsrc = malloc((sum ? sum : 1) * sizeof *rsrc);
  uint32_t *fill = malloc(n * sizeof *fill);
  if (!rsrc || !fill) {
    free(rfirst);
    free(rsrc);
    free(fill);
    return -1;
  }
  memcpy(fill, rfirst, n * sizeof *fill);
  for (uint32_t src = 0; src < n; src++)
    for (uint32_t e = h->nedges[src]; e < h->nedges[src + 1]; e++)
      if (is_essential(bits, e)) rsrc[fill[h->eto[e]]++] = src;
  free(fill);
  *rfirst_out = rfirst;
  *rsrc_out = rsrc;
  return 0;
}

static void lengauer_tarjan(lt *t, const uint32_t *rfirst, const uint32_t *rsrc, uint32_t *bucket_head,
                            uint32_t *bucket_next) {
  pk_heap *h = (pk_heap *)t->h;
  uint32_t count = (uint32_t)h->n_nodes, r = 1;
  dfs(t, r);
  for (uint32_t v = 1; v <= count; v++)
    if (t->semi[v] == 0) h->flags[v - 1] |= HEAP_FLAG_ORPHAN;
  if (t->n < count) {  /* held only by weak (non-essential) edges: own DFS under the root */
    for (uint32_t v = 1; v <= count; v++) {
      if (t->semi[v] != 0 || rfirst[v - 1] != rfirst[v]) continue;
      t->parent[v] = r;
      dfs(t, v);
    }
  }
  if (t->n < count) {  /* unreachable cliques: each vertex hangs off the root */
    for (uint32_t v = 1; v <= count; v++) {
      if (t->semi[v] != 0) continue;
      t->parent[v] = r;
      t->semi[v] = ++t->n;
      t->vertex[t->n] = t->label[v] = v;
    }
  }
  memset(t->dom, 0, (count + 1) * sizeof *t->dom);  /* it held next_edge */
  for (uint32_t i = t->n; i >= 2; i--) {
    uint32_t w = t->vertex[i];
    if (rfirst[w - 1] == rfirst[w]) {
      t->semi[w] = t->semi[r];  /* an orphan's only predecessor is the root */
    } else {
      for (uint32_t j = rfirst[w - 1]; j < rfirst[w]; j++) {
        uint32_t u = eval(t, rsrc[j] + 1);
        if (t->semi[u] < t->semi[w]) t->semi[w] = t->semi[u];
      }
    }
    uint32_t b = t->vertex[t->semi[w]];
    bucket_next[w] = bucket_head[b];
    bucket_head[b] = w;
    t->ancestor[w] = t->parent[w];  /* link */
    uint32_t p = t->parent[w];
    for (uint32_t v = bucket_head[p]; v; v = bucket_next[v]) {
      uint32_t u = eval(t, v);
      t->dom[v] = t->semi[u] < t->semi[v] ? u : p;
    }
    bucket_head[p] = 0;
  }
  t->dom[0] = t->dom[r] = r;
  for (uint32_t i = 2; i <= t->n; i++) {
    uint32_t w = t->vertex[i];
    if (t->dom[w] != t->vertex[t->semi[w]]) t->dom[w] = t->dom[t->dom[w]];
  }
}

int heap_dominators(pk_heap *h, pk_error *err) {
  size_t n = h->n_nodes;
  uint8_t *bits = essential_edges(h);
  uint32_t *rfirst = NULL, *rsrc = NULL;
  if (!bits || reverse_graph(h, bits, &rfirst, &rsrc) < 0) {
    free(bits);
    return heap_oom(err, h);
  }
  lt t = {.h = h, .essential = bits};
  uint32_t *arrays[9];
  int ok = 1;
  for (int i = 0; i < 9; i++) ok &= (arrays[i] = calloc(n + 1, sizeof(uint32_t))) != NULL;
  h->retained = malloc(n * sizeof *h->retained);
  h->idom = malloc(n * sizeof *h->idom);
  if (!ok || !h->retained || !h->idom) {
    for (int i = 0; i < 9; i++) free(arrays[i]);
    free(bits); free(rfirst); free(rsrc);
    return heap_oom(err, h);
  }
  t.parent = arrays[0]; t.ancestor = arrays[1]; t.vertex = arrays[2]; t.label = arrays[3];
  t.semi = arrays[4]; t.dom = t.next_edge = arrays[5]; t.stack = arrays[6];
  lengauer_tarjan(&t, rfirst, rsrc, arrays[7], arrays[8]);
  for (uint32_t i = 0; i < n; i++) {
    h->idom[i] = t.dom[i + 1] - 1;
    h->retained[i] = h->shallow[i];
  }
  for (uint32_t i = t.n; i > 1; i--) {
    uint32_t v = t.vertex[i] - 1;
    h->retained[h->idom[v]] += h->retained[v];
  }
  for (int i = 0; i < 9; i++) free(arrays[i]);
  free(bits); free(rfirst); free(rsrc);
  return 0;
}
