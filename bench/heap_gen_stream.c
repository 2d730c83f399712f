/*
 * heap_gen_stream.c - writes a V8 heap snapshot of any size without
 * holding it: every node's fields and edges come from a per-node seeded
 * generator, so the "nodes" pass (which needs each node's edge count) and
 * the "edges" pass regenerate the same edges, and memory stays a few KiB
 * whatever the size (node's writeHeapSnapshot needs ~8x the file).
 *
 *   heap_gen_stream OUT NODES [SEED] [LEAK_PERMILLE]
 *
 * Shape (indices are node numbers; nearly every node is reachable -- the
 * few that are not are attached to the root by heapdiff, as by DevTools):
 *   0           the synthetic root, element edges to the first 12 nodes below
 *   tree        nodes 1..N-1 form a 3-ary tree (children of i: 3i-1..3i+1)
 *               of property edges "a" "b" "c": parent -> child
 *   kinds       by a per-node draw: objects of 24 classes (45%), strings
 *               (20%, unique text a quarter of them shared), arrays (10%,
 *               "(object elements)" with element edges), closures (10%,
 *               a "context" edge to one of the shared contexts), contexts
 *               and other hidden nodes (7%), code (4%), heap numbers (4%)
 *   system      every holder has an internal "map" edge (and 60% a hidden
 *               edge) to one of the shared hidden nodes (7, 27, 47, ...)
 *   cycles      30% of nodes hold a "parent" or "ref" edge to a random node
 *               anywhere (back and forward), so the graph is full of cycles
 *   weak        2% of nodes are WeakRef-like, with a weak edge to a random node
 *   leak        the subtree under node 14 (LEAK_PERMILLE / 1000 of the tree's
 *               nodes at most: the first levels) is class "LeakedEntry" held
 *               by a "LeakHolder": one retainer of a large retained size
 * SEED changes every draw (two snapshots of the same size differ).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h" /* pk_hash_mix (libprofile/src: cc -I) */
#define mix pk_hash_mix

static uint64_t N, SEED;
static uint64_t leak_root = 14, leak_limit;

enum { T_HIDDEN, T_ARRAY, T_STRING, T_OBJECT, T_CODE, T_CLOSURE, T_REGEXP, T_NUMBER };
enum { E_CONTEXT, E_ELEMENT, E_PROPERTY, E_INTERNAL, E_HIDDEN, E_SHORTCUT, E_WEAK };

/* the fixed strings: their index in "strings" */
static const char *fixed[] = {
    "", "(GC roots)", "a", "b", "c", "parent", "ref", "context", "weak", "(object elements)", "system / Context",
    "heap number", "LeakHolder", "LeakedEntry", "WeakRef", "handler", "map", "items", "next", "value",
    "Alpha", "Beta", "Gamma", "Delta", "Request", "Response", "Session", "User", "Order", "Item", "Cache",
    "Entry", "Node", "Tree", "Listener", "Emitter", "Buffer", "Socket", "Timer", "Promise", "Map", "Set",
    "Array", "Object", "onData", "onEnd", "process", "render", "compute", "(compiled code)", "system / Map"};
#define NFIXED (sizeof fixed / sizeof fixed[0])
#define CLASS0 20
#define NCLASS 24
#define FUNC0 44
#define NFUNC 5

typedef struct node {
  int type, name;
  uint64_t strname;  /* for strings: index into the generated strings */
  unsigned self;
  unsigned edges;
} node;

static bool in_leak(uint64_t i) {
  if (i < leak_root || i > leak_limit) return false;
  while (i > leak_root) i = (i + 1) / 3; /* parent of i in the 3-ary tree */
  return i == leak_root;
}

static uint64_t first_child(uint64_t i) { return 3 * i - 1; }

/* number of tree children of i */
static unsigned tree_children(uint64_t i) {
  if (i == 0) return 0;
  uint64_t c = first_child(i);
  return c >= N ? 0 : (unsigned)(N - c < 3 ? N - c : 3);
}

static uint64_t draw(uint64_t i, uint64_t k) { return mix(i * 0x9e3779b97f4a7c15ull + k + SEED * 0x632be59bd9b4e019ull); }

static void describe(uint64_t i, node *n) {
  memset(n, 0, sizeof *n);
  if (i == 0) {
    n->type = 9;  /* synthetic */
    n->name = 0;
    n->edges = (unsigned)(N - 1 < 12 ? N - 1 : 12);
    return;
  }
  uint64_t r = draw(i, 0) % 100;
  unsigned kids = tree_children(i);
  bool leak = in_leak(i);
  if (i == leak_root) {
    n->type = T_OBJECT, n->name = 12, n->self = 64;
  } else if (leak) {
    n->type = T_OBJECT, n->name = 13, n->self = 48 + (unsigned)(draw(i, 1) % 64);
  } else if (i % 20 == 7) {
    n->type = T_HIDDEN, n->name = 10, n->self = 40 + 8 * (unsigned)(draw(i, 1) % 6);
  } else if (r < 45) {
    n->type = T_OBJECT, n->name = CLASS0 + (int)(draw(i, 1) % NCLASS), n->self = 16 + 8 * (unsigned)(draw(i, 2) % 9);
  } else if (r < 65) {
    n->type = T_STRING, n->strname = (draw(i, 1) % 4 == 0) ? draw(i, 2) % 1000 : i / 2;
    n->self = 20 + (unsigned)(draw(i, 3) % 60);
    kids = 0;
  } else if (r < 75) {
    n->type = T_ARRAY, n->name = 9;
    n->self = 16 + 8 * kids;
  } else if (r < 85) {
    n->type = T_CLOSURE, n->name = FUNC0 + (int)(draw(i, 1) % NFUNC), n->self = 32;
  } else if (r < 88) {
    n->type = T_HIDDEN, n->name = 50, n->self = 40;
  } else if (r < 92) {
    n->type = T_CODE, n->name = 49, n->self = 100 + (unsigned)(draw(i, 1) % 2000);
  } else if (r < 96) {
    n->type = T_NUMBER, n->name = 11, n->self = 16;
    kids = 0;
  } else {
    n->type = T_OBJECT, n->name = 14, n->self = 24; /* WeakRef-like */
  }
  /* strings and numbers hold no children: their tree children hang off
   * the root's first node instead (see edges_of) */
  n->edges = kids;
  if (n->type != T_STRING && n->type != T_NUMBER) {
    n->edges += 1 + (draw(i, 6) % 100 < 60);                  /* map; a second system edge */
    if (draw(i, 7) % 100 < 30) n->edges++;                    /* cross edge */
    if (n->type == T_CLOSURE) n->edges++;                     /* context */
    if (n->name == 14 && n->type == T_OBJECT) n->edges++;     /* weak */
  }
}

/* Writes the edges of node i (as the "edges" array wants them). */
typedef void (*edge_fn)(void *ctx, int type, uint64_t name, uint64_t to);

static bool holds_children(uint64_t i) {
  node n;
  describe(i, &n);
  return n.type != T_STRING && n.type != T_NUMBER;
}

/* Children of a string or number go to the nearest ancestor that holds children. */
static void edges_of(uint64_t i, const node *n, edge_fn emit, void *ctx) {
  if (i == 0) {
    for (unsigned k = 0; k < n->edges; k++) emit(ctx, E_ELEMENT, k + 1, k + 1);
    return;
  }
  if (n->type == T_STRING || n->type == T_NUMBER) return;
  unsigned kids = tree_children(i);
  uint64_t c = first_child(i);
  for (unsigned k = 0; k < kids; k++) {
    if (n->type == T_ARRAY) emit(ctx, E_ELEMENT, k, c + k);
    else emit(ctx, E_PROPERTY, 2 + k, c + k);
  }
  /* adopt the children of string/number children (one level: enough to
   * keep the graph connected, since their own children are adopted in turn) */
  uint64_t pool = (N - 7) / 20 > 0 ? (N - 7) / 20 : 1; /* the shared hidden nodes: 7, 27, 47, ... */
  emit(ctx, E_INTERNAL, 16, 7 + 20 * (draw(i, 5) % pool));
  if (draw(i, 6) % 100 < 60) emit(ctx, E_HIDDEN, draw(i, 4) % 8, 7 + 20 * (draw(i, 3) % pool));
  if (draw(i, 7) % 100 < 30) { /* not into the leak: its holder alone retains it */
    uint64_t to = draw(i, 9) % N;
    emit(ctx, E_PROPERTY, draw(i, 8) % 2 ? 5 : 6, in_leak(to) && !in_leak(i) ? 1 : to);
  }
  if (n->type == T_CLOSURE) emit(ctx, E_CONTEXT, 7, 7 + 20 * (draw(i, 10) % pool));
  if (n->name == 14 && n->type == T_OBJECT) emit(ctx, E_WEAK, 8, draw(i, 11) % N);
}

static unsigned adopted(uint64_t i) { /* children of i's string/number children */
  if (i == 0 || !holds_children(i)) return 0;
  unsigned kids = tree_children(i), extra = 0;
  uint64_t c = first_child(i);
  for (unsigned k = 0; k < kids; k++)
    if (!holds_children(c + k)) extra += tree_children(c + k);
  return extra;
}

static void adopted_edges(uint64_t i, edge_fn emit, void *ctx) {
  if (i == 0 || !holds_children(i)) return;
  unsigned kids = tree_children(i);
  uint64_t c = first_child(i);
  for (unsigned k = 0; k < kids; k++) {
    if (holds_children(c + k)) continue;
    unsigned gk = tree_children(c + k);
    for (unsigned g = 0; g < gk; g++) emit(ctx, E_PROPERTY, 17 + g % 3, first_child(c + k) + g);
  }
}

static FILE *out;
static char numbuf[32];

static void put_u(uint64_t v) {
  int n = 0;
  do numbuf[n++] = (char)('0' + v % 10), v /= 10; while (v);
  while (n) putc_unlocked(numbuf[--n], out);
}

static bool first_edge;
static void emit_edge(void *ctx, int type, uint64_t name, uint64_t to) {
  (void)ctx;
  if (!first_edge) putc_unlocked(',', out);
  first_edge = false;
  put_u((uint64_t)type);
  putc_unlocked(',', out);
  put_u(name);
  putc_unlocked(',', out);
  put_u(to * 7);
  putc_unlocked('\n', out);
}

static void count_edge(void *ctx, int type, uint64_t name, uint64_t to) {
  (void)type, (void)name, (void)to;
  (*(uint64_t *)ctx)++;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: heap_gen_stream OUT NODES [SEED] [LEAK_PERMILLE]\n");
    return 2;
  }
  out = strcmp(argv[1], "-") ? fopen(argv[1], "wb") : stdout;
  if (!out) return 1;
  static char obuf[1 << 22];
  setvbuf(out, obuf, _IOFBF, sizeof obuf);
  N = strtoull(argv[2], NULL, 10);
  SEED = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
  uint64_t permille = argc > 4 ? strtoull(argv[4], NULL, 10) : 40;
  if (N < 30) N = 30;
  leak_limit = N * permille / 1000 * 3; /* the leak's subtree is cut at this index */
  uint64_t n_strings = NFIXED + 1000 + N / 2 + 1;
  /* pass 1: count edges (the header needs edge_count) */
  uint64_t edges = 0;
  for (uint64_t i = 0; i < N; i++) {
    node n;
    describe(i, &n);
    edges_of(i, &n, count_edge, &edges);
    adopted_edges(i, count_edge, &edges);
  }
  fprintf(out,
          "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\",\"trace_node_id\",\"detachedness\"],"
          "\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\",\"native\",\"synthetic\","
          "\"concatenated string\",\"sliced string\",\"symbol\",\"bigint\",\"object shape\"],\"string\",\"number\",\"number\",\"number\",\"number\",\"number\"],"
          "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\","
          "\"shortcut\",\"weak\"],\"string_or_number\",\"node\"],\"trace_function_info_fields\":[\"function_id\",\"name\",\"script_name\",\"script_id\","
          "\"line\",\"column\"],\"trace_node_fields\":[\"id\",\"function_info_index\",\"count\",\"size\",\"children\"],\"sample_fields\":[\"timestamp_us\","
          "\"last_assigned_id\"],\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]},"
          "\"node_count\":%llu,\"edge_count\":%llu,\"trace_function_count\":0},\n\"nodes\":[",
          (unsigned long long)N, (unsigned long long)edges);
  for (uint64_t i = 0; i < N; i++) {
    node n;
    describe(i, &n);
    uint64_t ec = 0;
    edges_of(i, &n, count_edge, &ec);
    ec += adopted(i);
    if (i) putc_unlocked(',', out);
    put_u((uint64_t)n.type);
    putc_unlocked(',', out);
    put_u(n.type == T_STRING ? NFIXED + n.strname : (uint64_t)n.name);
    putc_unlocked(',', out);
    put_u(i == 0 ? 1 : 2 * i + 1);
    putc_unlocked(',', out);
    put_u(n.self);
    putc_unlocked(',', out);
    put_u(ec);
    fputs(",0,0\n", out);
  }
  fputs("],\n\"edges\":[", out);
  first_edge = true;
  for (uint64_t i = 0; i < N; i++) {
    node n;
    describe(i, &n);
    edges_of(i, &n, emit_edge, NULL);
    adopted_edges(i, emit_edge, NULL);
  }
  fputs("],\n\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\n\"strings\":[", out);
  for (uint64_t k = 0; k < n_strings; k++) {
    if (k) putc_unlocked(',', out);
    if (k < NFIXED) fprintf(out, "\"%s\"", fixed[k]);
    else {
      fputs("\"payload-", out);
      put_u(k - NFIXED);
      fputs(" lorem ipsum dolor\"", out);
    }
    if (k % 64 == 63) putc_unlocked('\n', out);
  }
  fputs("]}\n", out);
  if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
    perror("heap_gen_stream");
    return 1;
  }
  fprintf(stderr, "heap_gen_stream: %llu nodes, %llu edges\n", (unsigned long long)N, (unsigned long long)edges);
  return 0;
}
