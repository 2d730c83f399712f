/*
 * heap_dfs_floor.c - what a depth-first walk costs on a snapshot's graph
 * by itself: the memory-latency floor under heapdiff's DFS phase
 * (issue 18).  Reads the node edge counts and edge targets of a snapshot
 * (7 node fields, 3 edge fields, as V8 and heap_gen_stream.c write them)
 * into the same two flat arrays heapdiff uses (first edge of each node,
 * 32-bit targets), then times, each alone:
 *
 *   sweep    every edge in order, reading the target's preorder slot: the
 *            random reads of a DFS without their dependency (the CPU can
 *            keep many misses in flight)
 *   dfs      a plain iterative preorder DFS from node 0 (explicit stack of
 *            node and next edge, a visited bitmap, numbers in pre[]): each
 *            descent reads the child's edge offsets and then its first
 *            edges, two dependent misses
 *   dfs+sort the same DFS doing heapdiff's work per non-tree edge, still
 *            without prefetching: read the target's number and add to a
 *            per-number counter (count[pw + 1]++ or a minimum in semi[pw])
 *
 *   heap_dfs_floor FILE.heapsnapshot [ROUNDS]
 *
 * Prints the best of ROUNDS (default 3) seconds of each.  Nodes the DFS
 * from node 0 misses are walked from each in turn, as heapdiff does.
 * Memory is about 20 bytes a node and 4 an edge; no recursion.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t n_nodes, n_edges;
static uint32_t *first, *to;  /* first[v]..first[v+1]: v's edges; to[e]: target node */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *must(void *p) {
  if (!p) { fprintf(stderr, "heap_dfs_floor: out of memory\n"); exit(1); }
  return p;
}

/* Reads the integers after "nodes":[ and "edges":[ (the header's counts first). */
static int load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  static char buf[1 << 20];
  size_t len = fread(buf, 1, 65536, f);
  buf[len] = 0;
  char *nc = strstr(buf, "\"node_count\":"), *ec = strstr(buf, "\"edge_count\":"), *start = strstr(buf, "\"nodes\":[");
  if (!nc || !ec || !start) { fclose(f); return -1; }
  n_nodes = (uint32_t)strtoul(nc + 13, NULL, 10);
  n_edges = (uint32_t)strtoul(ec + 13, NULL, 10);
  first = must(malloc(((size_t)n_nodes + 1) * 4));
  to = must(malloc(((size_t)n_edges + 1) * 4));
  fseek(f, (long)(start - buf) + 9, SEEK_SET);
  uint64_t v = 0, k = 0, total = (uint64_t)n_nodes * 7 + (uint64_t)n_edges * 3;
  int in_number = 0;
  uint32_t sum = 0;
  while (k < total && (len = fread(buf, 1, sizeof buf, f)) > 0) {
    for (size_t i = 0; i < len && k < total; i++) {
      unsigned d = (unsigned)(buf[i] - '0');
      if (d < 10) { v = v * 10 + d; in_number = 1; continue; }
      if (!in_number) continue;
      if (k < (uint64_t)n_nodes * 7) {
        if (k % 7 == 4) { first[k / 7] = sum; sum += (uint32_t)v; }
      } else {
        uint64_t j = k - (uint64_t)n_nodes * 7;
        if (j % 3 == 2) to[j / 3] = (uint32_t)(v / 7);
      }
      k++, v = 0, in_number = 0;
    }
  }
  fclose(f);
  first[n_nodes] = sum;
  return k == total && sum == n_edges ? 0 : -1;
}

static uint32_t *pre, *stack_v, *stack_e, *count, *semi;
static uint8_t *seen;

static uint32_t sweep(void) {
  uint32_t acc = 0;
  for (uint32_t e = 0; e < n_edges; e++) acc += pre[to[e]];
  return acc;
}

/* Iterative DFS from every unnumbered node, root first; with sort != 0 each
 * non-tree edge updates count or semi of its target's number. */
static uint32_t dfs_all(int sort) {
  memset(seen, 0, n_nodes / 8 + 1);
  uint32_t n = 0;
  for (uint32_t s = 0; s < n_nodes; s++) {
    if (seen[s >> 3] & (1u << (s & 7))) continue;
    size_t top = 0;
    seen[s >> 3] |= (uint8_t)(1u << (s & 7));
    pre[s] = ++n;
    stack_v[top] = s, stack_e[top++] = first[s];
    while (top) {
      uint32_t v = stack_v[top - 1], e = stack_e[top - 1], end = first[v + 1];
      for (; e < end; e++) {
        uint32_t w = to[e];
        if (!(seen[w >> 3] & (1u << (w & 7)))) break;
        if (sort) {
          uint32_t pw = pre[w], pu = pre[v];
          if (pu > pw) count[pw + 1]++;
          else if (pu < semi[pw]) semi[pw] = pu;
        }
      }
      if (e == end) { top--; continue; }
      uint32_t w = to[e];
      stack_e[top - 1] = e + 1;
      seen[w >> 3] |= (uint8_t)(1u << (w & 7));
      pre[w] = ++n;
      if (sort) semi[n] = pre[v];
      stack_v[top] = w, stack_e[top++] = first[w];
    }
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: heap_dfs_floor FILE.heapsnapshot [ROUNDS]\n"); return 2; }
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  double t0 = now();
  if (load(argv[1]) != 0) { fprintf(stderr, "heap_dfs_floor: %s: not a snapshot it can read\n", argv[1]); return 1; }
  printf("%s: %u nodes, %u edges, read in %.2f s\n", argv[1], n_nodes, n_edges, now() - t0);
  pre = must(calloc((size_t)n_nodes + 1, 4));
  stack_v = must(malloc(((size_t)n_nodes + 1) * 4));
  stack_e = must(malloc(((size_t)n_nodes + 1) * 4));
  count = must(calloc((size_t)n_nodes + 2, 4));
  semi = must(calloc((size_t)n_nodes + 2, 4));
  seen = must(malloc(n_nodes / 8 + 1));
  dfs_all(0); /* pre[] filled (and every page touched) before the sweep */
  const char *names[] = {"sweep", "dfs", "dfs+sort"};
  for (int which = 0; which < 3; which++) {
    double best = 1e9;
    uint32_t r = 0;
    for (int i = 0; i < rounds; i++) {
      double a = now();
      r += which == 0 ? sweep() : dfs_all(which == 2);
      double t = now() - a;
      if (t < best) best = t;
    }
    printf("%-9s %.3f s  (%u)\n", names[which], best, r);
  }
  return 0;
}
