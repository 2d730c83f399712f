/*
 * test_heap_dominator_oracle.c - dominators, shallow and retained sizes on
 * thousands of generated graphs, against their definitions.
 *
 * heapdiff's DFS visits a node's children in whatever order is fastest
 * (heap/analysis/dominator_dfs.c), which is only right because dominators
 * do not depend on the order; this test checks the whole pass on graphs of
 * every shape the DFS treats differently: trees whose first child is the
 * only retainer's, nodes retained by several, back and cross edges,
 * multi-edges, self edges, weak edges, chains, nodes nothing retains and
 * unreachable cycles.  The oracle attaches what the root misses as DevTools
 * does (first each node with no essential retainer, then what is still
 * unreached, each under the root), then computes dominator sets by the
 * data-flow equations (dom(v) = {v} + the intersection over v's
 * predecessors) on 64-bit sets, and a retained size as the sum of the
 * shallow sizes of the nodes v dominates.  The shallow-size pass folds
 * hidden and array nodes into their one owner in whatever order is fastest
 * too (heap/analysis/shallow_size.c); the oracle finds each such node's
 * owners by reachability from every other node through ownable nodes.
 * The battery runs twice: with the dominator pass's 3-byte arrays and
 * 6-byte forest links of graphs below 2^23 nodes, and with the 4-byte
 * arrays and 8-byte links of larger graphs (PK_HEAP_NO_PACK).
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/heap.h"
#include "snap.h"

#define MAX_NODES 64
#define MAX_EDGES 256

typedef struct graph {
  unsigned n, m;
  snap_node nodes[MAX_NODES];
  snap_edge edges[MAX_EDGES];
} graph;

static uint64_t state = 0x9e3779b97f4a7c15ull;
static unsigned draw(unsigned below) {
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return (unsigned)(state % below);
}

static void add_edge(graph *g, unsigned from, unsigned to, int weak) {
  if (g->m < MAX_EDGES) g->edges[g->m++] = (snap_edge){from, weak ? "weak" : "property", weak ? "w" : "p", to};
}

/* One graph of shape `shape` (0..5) with n nodes; node 0 is the root. */
static void generate(graph *g, unsigned shape, unsigned n) {
  g->n = n, g->m = 0;
  g->nodes[0] = (snap_node){"synthetic", "", 0, 0, 0};
  for (unsigned i = 1; i < n; i++) {  /* hidden and array nodes fold into a single owner (shallow sizes) */
    unsigned kind = draw(20);
    g->nodes[i] = (snap_node){kind < 14 ? "object" : kind < 17 ? "hidden" : "array", "Obj", 1 + draw(50), 0, 0};
  }
  unsigned extra = draw(2 * n + 1);
  switch (shape) {
    case 0:  /* a tree (parent before child), then random edges either way */
      for (unsigned i = 1; i < n; i++) add_edge(g, draw(i), i, 0);
      break;
    case 1:  /* a tree with each child also pointing back at its parent */
      for (unsigned i = 1; i < n; i++) {
        unsigned p = draw(i);
        add_edge(g, p, i, 0);
        if (p) add_edge(g, i, p, 0);
      }
      break;
    case 2:  /* chains from the root, with cross edges between them */
      for (unsigned i = 1; i < n; i++) add_edge(g, i % 3 == 1 ? 0 : i - 1, i, 0);
      break;
    case 3:  /* purely random: unreached nodes, cycles and orphans */
      extra += n;
      break;
    case 4:  /* a DAG: every node held by one or two earlier nodes */
      for (unsigned i = 1; i < n; i++) {
        add_edge(g, draw(i), i, 0);
        if (draw(2)) add_edge(g, draw(i), i, 0);
      }
      extra = 0;
      break;
    default:  /* a few root children, each with a cycle and a weak edge in */
      for (unsigned i = 1; i < n; i++) add_edge(g, i < 4 ? 0 : i - 1 - draw(i < 8 ? i - 1 : 7), i, 0);
      for (unsigned k = 0; k < n / 4; k++) add_edge(g, 1 + draw(n - 1), 1 + draw(n - 1), 1);
      break;
  }
  for (unsigned k = 0; k < extra; k++) {
    unsigned from = draw(n), to = 1 + draw(n - 1);
    add_edge(g, from, to, draw(8) == 0);  /* self edges and multi-edges come up too */
  }
}

static int is_ownable(const graph *g, unsigned v) {
  return strcmp(g->nodes[v].type, "hidden") == 0 || strcmp(g->nodes[v].type, "array") == 0;
}

/* DevTools' shallow sizes: an ownable node that exactly one other node
 * reaches through ownable nodes alone (by edges that are not weak) folds
 * into that owner, unless the owner is the root; only when the root has
 * an edge to a node that is not synthetic. */
static void shallow_oracle(const graph *g, uint64_t size[]) {
  unsigned n = g->n;
  uint64_t next[MAX_NODES] = {0}, owners[MAX_NODES] = {0};
  int user_roots = 0;
  for (unsigned e = 0; e < g->m; e++) {
    user_roots |= g->edges[e].from == 0;
    if (strcmp(g->edges[e].type, "weak") != 0) next[g->edges[e].from] |= 1ull << g->edges[e].to;
  }
  for (unsigned v = 0; v < n; v++) size[v] = g->nodes[v].self;
  if (!user_roots) return;
  uint64_t ownable = 0;
  for (unsigned v = 0; v < n; v++) ownable |= (uint64_t)is_ownable(g, v) << v;
  for (unsigned u = 0; u < n; u++) {
    if (is_ownable(g, u)) continue;
    uint64_t reach = next[u] & ownable, frontier = reach;
    while (frontier) {
      unsigned v = (unsigned)__builtin_ctzll(frontier);
      frontier &= frontier - 1;
      uint64_t fresh = next[v] & ownable & ~reach;
      reach |= fresh, frontier |= fresh;
    }
    for (; reach; reach &= reach - 1) owners[__builtin_ctzll(reach)] |= 1ull << u;
  }
  for (unsigned t = 0; t < n; t++) {
    if (__builtin_popcountll(owners[t]) != 1) continue;
    unsigned o = (unsigned)__builtin_ctzll(owners[t]);
    if (o == 0) continue;
    size[o] += g->nodes[t].self;
    size[t] = 0;
  }
}

/* The oracle's answers: idom (the root's is itself), shallow and retained sizes. */
static void oracle(const graph *g, unsigned idom[], uint64_t shallow[], uint64_t retained[]) {
  unsigned n = g->n;
  shallow_oracle(g, shallow);
  uint64_t succ[MAX_NODES] = {0}, pred[MAX_NODES] = {0}, has_in = 0;
  for (unsigned e = 0; e < g->m; e++) {
    const snap_edge *x = &g->edges[e];
    if (strcmp(x->type, "weak") == 0 || x->from == x->to) continue;  /* not essential */
    succ[x->from] |= 1ull << x->to;
    has_in |= 1ull << x->to;
  }
  uint64_t all = n == 64 ? ~0ull : (1ull << n) - 1;
  for (int round = 0; round < 3; round++) {
    uint64_t seen = 1, frontier = 1;
    while (frontier) {
      unsigned v = (unsigned)__builtin_ctzll(frontier);
      frontier &= frontier - 1;
      uint64_t fresh = succ[v] & ~seen;
      seen |= fresh, frontier |= fresh;
    }
    if (round == 0) succ[0] |= all & ~seen & ~has_in;  /* nothing retains them: each under the root */
    if (round == 1) succ[0] |= all & ~seen;            /* still unreached: alone under the root */
  }
  for (unsigned u = 0; u < n; u++)
    for (uint64_t s = succ[u]; s; s &= s - 1) pred[__builtin_ctzll(s)] |= 1ull << u;
  uint64_t dom[MAX_NODES];
  dom[0] = 1;
  for (unsigned v = 1; v < n; v++) dom[v] = all;
  for (int changed = 1; changed;) {
    changed = 0;
    for (unsigned v = 1; v < n; v++) {
      uint64_t d = all;
      for (uint64_t p = pred[v]; p; p &= p - 1) d &= dom[__builtin_ctzll(p)];
      d |= 1ull << v;
      if (d != dom[v]) dom[v] = d, changed = 1;
    }
  }
  for (unsigned v = 0; v < n; v++) {
    idom[v] = 0;
    for (uint64_t s = dom[v] & ~(1ull << v); s; s &= s - 1) {
      unsigned d = (unsigned)__builtin_ctzll(s);
      if (__builtin_popcountll(dom[d]) == __builtin_popcountll(dom[v]) - 1) idom[v] = d;
    }
    retained[v] = 0;
  }
  for (unsigned w = 0; w < n; w++)
    for (uint64_t s = dom[w]; s; s &= s - 1) retained[__builtin_ctzll(s)] += shallow[w];
}

static int check_graph(const graph *g) {
  char *json = snap_json(g->nodes, g->n, g->edges, g->m);
  pk_heap *h = NULL;
  pk_error err;
  int bad = pk_heap_parse(&h, json, strlen(json), "generated", &err) != 0 || pk_heap_analyze(h, &err) != 0;
  unsigned idom[MAX_NODES];
  uint64_t shallow[MAX_NODES], retained[MAX_NODES];
  oracle(g, idom, shallow, retained);
  for (unsigned v = 1; v < g->n && !bad; v++)
    if (pk_heap_dominator(h, v) != idom[v] || pk_heap_shallow_size(h, v) != shallow[v] ||
        pk_heap_retained_size(h, v) != retained[v]) {
      fprintf(stderr, "node %u: dominator %u (expected %u), shallow %llu (expected %llu), retained %llu (expected %llu)\n",
              v, pk_heap_dominator(h, v), idom[v], (unsigned long long)pk_heap_shallow_size(h, v),
              (unsigned long long)shallow[v], (unsigned long long)pk_heap_retained_size(h, v),
              (unsigned long long)retained[v]);
      bad = 1;
    }
  if (bad) fprintf(stderr, "in graph:\n%s\n", json);
  pk_heap_free(h);
  free(json);
  return bad;
}

int main(void) {
  unsigned failed = 0;
  static graph g;
  /* 3-byte arrays; the same with 4-byte cursors (graphs below 2^23 nodes
   * with 2^24 stored predecessors or more); all in 4 bytes */
  for (int wide = 0; wide < 3; wide++) {
    if (wide == 1) setenv("PK_HEAP_WIDE_CURSORS", "1", 1);
    if (wide == 2) setenv("PK_HEAP_NO_PACK", "1", 1);
    for (unsigned shape = 0; shape < 6; shape++)
      for (unsigned k = 0; k < 500 && failed < 3; k++) {
        generate(&g, shape, 2 + draw(MAX_NODES - 1));
        failed += (unsigned)check_graph(&g);
      }
  }
  unsetenv("PK_HEAP_NO_PACK");
  unsetenv("PK_HEAP_WIDE_CURSORS");
  CHECK_EQ_INT(failed, 0);
  return pk_check_exit("test_heap_dominator_oracle");
}
