/*
 * heap_gen_stream.c - writes a V8 heap snapshot of any size without
 * holding it: every node's fields and edges come from a per-node seeded
 * generator, so the "nodes" pass (which needs each node's edge count) and
 * the "edges" pass regenerate the same edges, and memory stays a few KiB
 * whatever the size (node's writeHeapSnapshot needs ~8x the file).
 *
 *   heap_gen_stream [--shape SHAPE] OUT NODES [SEED] [LEAK_PERMILLE]
 *
 * SHAPE (default mix) is the form of the object graph, so that the heap
 * analysis can be timed on graphs that look like real heaps (issue 18).
 * A shape is two functions of a node's number: its fields (shape_node)
 * and its edges in order (shape_edges); nothing else is stored.  The
 * shapes other than mix lay nodes out in fixed-size groups, one group per
 * object, so that every reference is arithmetic on group numbers:
 *
 *   0           the synthetic root: element edges to the shared nodes,
 *               then to the shape's entry points
 *   shared      nodes 1..56: 40 hidden "system / Map" nodes (every object
 *               has an internal "map" edge to its class's map; maps point
 *               at the meta map, node 1), 8 shared function infos, each
 *               with a "code" edge to one of 8 code nodes
 *   dag         what bench/heap_gen.js writes: an "Array" holding every
 *               object in one elements node; objects of classes Alpha,
 *               Beta, Gamma point ("a", "b") at two EARLIER objects; Gamma
 *               holds them again in a small array, Alpha and Beta a string
 *   random      the same holder; each object holds an array ("items") with
 *               two references to ANY object, back or forward, and a name
 *   lists       linked lists of 2^17 entries hanging from the root, every
 *               other list doubly linked ("next", "prev"); each entry holds
 *               a string or number value: long chains, deep DFS paths
 *   parents     trees of 2^16 nodes, 4 children each in a "children"
 *               array, every node pointing back at its "parent" and at its
 *               "next" sibling (a DOM)
 *   wide        Arrays and Maps of up to 2^16 entries each (a Map's table
 *               holds the key string and the value); a quarter of the
 *               entries point back at their container ("owner"), an eighth
 *               at an entry of another container ("ref")
 *   closures    groups of a context shared by three closures (each with
 *               its shared function info and code), the context's captured
 *               "req" object (whose "handler" is one of the closures: a
 *               cycle through the context, and a "next" to a random other
 *               group's object), a string, and an emitter whose listener
 *               array holds two of the closures and the emitters of two
 *               child groups; contexts chain "previous" to the parent
 *               group's context
 *   mix         the first shape of this file, described below (the only
 *               one with a leak; LEAK_PERMILLE applies to it alone)
 *
 * The group shapes round NODES down to whole groups (whole containers
 * for wide); their strings are the mix shape's, with their own names
 * after them.
 *
 * mix (indices are node numbers; nearly every node is reachable -- the
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
 * Ids: node i has id 2i+1, and a node of the leak 2(N+i)+1, above every
 * other; so with the same SEED and a larger LEAK_PERMILLE the nodes the
 * larger leak adds are new objects with new, higher ids, as V8 would give
 * them (heapdiff refuses a second snapshot whose new objects have lower
 * ids than the first's).
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

/* ---- the group shapes ---- */

/* their own strings, written after the mix shape's (index: more0 + k) */
static const char *more[] = {"elements", "table", "list", "name", "tag", "prev", "children", "owner", "previous",
                             "req", "data", "self", "shared", "code", "body", "listeners",
                             "system / SharedFunctionInfo"};
enum { M_ELEMENTS, M_TABLE, M_LIST, M_NAME, M_TAG, M_PREV, M_CHILDREN, M_OWNER, M_PREVIOUS, M_REQ, M_DATA, M_SELF,
       M_SHARED, M_CODE, M_BODY, M_LISTENERS, M_SFI };
#define NMORE (sizeof more / sizeof more[0])
static uint64_t more0, n_payload; /* first of more[]; generated strings (NFIXED.. more0-1) */
#define S(k) (more0 + (k))

enum { NMAPS = 40, NSFI = 8, NCODE = 8, SHARED_END = 1 + NMAPS + NSFI + NCODE };
#define SFI0 (1 + NMAPS)
#define CODE0 (SFI0 + NSFI)
enum { LIST_LEN = 1 << 17, TREE_SIZE = 1 << 16, TREE_FAN = 4, WIDE_MAX = 1 << 16 };

typedef enum { SH_DAG, SH_RANDOM, SH_LISTS, SH_PARENTS, SH_WIDE, SH_CLOSURES, SH_MIX } shape_id;
static const char *shape_names[] = {"dag", "random", "lists", "parents", "wide", "closures", "mix"};
static const unsigned group_size[] = {2, 3, 2, 2, 2, 8, 1};
static shape_id shape = SH_MIX;

typedef struct gnode {
  int type;
  uint64_t name; /* index into "strings" */
  unsigned self;
} gnode;

/* Groups: object j is nodes obj0 + G*j .. obj0 + G*j + G-1, j < M.  dag and
 * random put their holder Array (object, elements) at SHARED_END. */
static uint64_t G, M, obj0;
static uint64_t wide_n; /* wide: entries a container holds (a block is 2 + 2 wide_n nodes) */

static uint64_t obj(uint64_t j) { return obj0 + G * j; }
static uint64_t map_of(uint64_t cls) { return 2 + cls % (NMAPS - 1); }
static uint64_t payload(uint64_t i) { return NFIXED + draw(i, 20) % n_payload; }

/* Sets G, M, obj0 and N (rounded down to whole groups). */
static void shape_setup(void) {
  G = group_size[shape];
  obj0 = SHARED_END + (shape == SH_DAG || shape == SH_RANDOM ? 2 : 0);
  if (N < obj0 + 4 * G) N = obj0 + 4 * G;
  if (shape == SH_WIDE) {
    uint64_t blocks = (N - obj0 + 2 * WIDE_MAX + 1) / (2 * WIDE_MAX + 2);
    wide_n = (N - obj0) / blocks / 2 - 1;
    M = blocks * (wide_n + 1); /* groups of two: container + storage, then the entries' pairs */
  } else {
    M = (N - obj0) / G;
  }
  N = obj0 + G * M;
}

static void shared_node(uint64_t i, gnode *n) {
  if (i < SFI0) n->type = T_HIDDEN, n->name = 50, n->self = 40;
  else if (i < CODE0) n->type = T_HIDDEN, n->name = S(M_SFI), n->self = 56;
  else n->type = T_CODE, n->name = 49, n->self = 100 + (unsigned)(draw(i, 1) % 2000);
}

static void shared_edges(uint64_t i, edge_fn emit, void *ctx) {
  if (i == 1) return;
  if (i < SFI0) emit(ctx, E_INTERNAL, 16, 1);
  else if (i < CODE0) emit(ctx, E_INTERNAL, S(M_CODE), CODE0 + (i - SFI0));
}

/* wide: block b of containers, entry e of it (e < wide_n) */
static uint64_t wide_block(uint64_t b) { return obj0 + b * (2 * wide_n + 2); }
static uint64_t wide_blocks(void) { return M / (wide_n + 1); }

static void shape_node(uint64_t i, gnode *n) {
  memset(n, 0, sizeof *n);
  if (i == 0) { n->type = 9; return; }
  if (i < SHARED_END) { shared_node(i, n); return; }
  if (i < obj0) { /* the holder: Array object, then its elements */
    if (i == SHARED_END) n->type = T_OBJECT, n->name = 42, n->self = 32;
    else n->type = T_ARRAY, n->name = 9, n->self = (unsigned)(16 + 8 * M);
    return;
  }
  uint64_t k = (i - obj0) % G, j = (i - obj0) / G;
  switch (shape) {
  case SH_DAG: {
    uint64_t cls = draw(obj(j), 1) % 3;
    if (k == 0) n->type = T_OBJECT, n->name = CLASS0 + cls, n->self = 24 + 8 * (unsigned)cls;
    else if (cls == 2) n->type = T_ARRAY, n->name = 9, n->self = 40;
    else n->type = T_STRING, n->name = payload(i), n->self = 20;
    break;
  }
  case SH_RANDOM:
    if (k == 0) n->type = T_OBJECT, n->name = CLASS0 + draw(i, 1) % NCLASS, n->self = 32;
    else if (k == 1) n->type = T_ARRAY, n->name = 9, n->self = 32;
    else n->type = T_STRING, n->name = payload(i), n->self = 20 + (unsigned)(draw(i, 2) % 40);
    break;
  case SH_LISTS:
    if (k == 0) n->type = T_OBJECT, n->name = CLASS0 + 11, n->self = 40;
    else if (j % 2) n->type = T_NUMBER, n->name = 11, n->self = 16;
    else n->type = T_STRING, n->name = payload(i), n->self = 20 + (unsigned)(draw(i, 2) % 40);
    break;
  case SH_PARENTS:
    if (k == 0) n->type = T_OBJECT, n->name = CLASS0 + 12, n->self = 48;
    else n->type = T_ARRAY, n->name = 9, n->self = 16 + 8 * TREE_FAN;
    break;
  case SH_WIDE: {
    uint64_t b = (i - obj0) / (2 * wide_n + 2), off = (i - obj0) % (2 * wide_n + 2);
    if (off == 0) n->type = T_OBJECT, n->name = b % 2 ? 40 : 42, n->self = 32;
    else if (off == 1) n->type = T_ARRAY, n->name = 9, n->self = (unsigned)(16 + 8 * (1 + b % 2) * wide_n);
    else if (off % 2 == 0) n->type = T_OBJECT, n->name = CLASS0 + 9 + draw(i, 1) % 3, n->self = 32; /* Item Cache Entry */
    else n->type = T_STRING, n->name = payload(i), n->self = 20 + (unsigned)(draw(i, 2) % 40);
    break;
  }
  case SH_CLOSURES:
    if (k == 0) n->type = T_HIDDEN, n->name = 10, n->self = 56;
    else if (k <= 3) n->type = T_CLOSURE, n->name = FUNC0 + (j + k) % NFUNC, n->self = 32;
    else if (k == 4) n->type = T_OBJECT, n->name = CLASS0 + 4, n->self = 40; /* Request */
    else if (k == 5) n->type = T_STRING, n->name = payload(i), n->self = 20 + (unsigned)(draw(i, 2) % 40);
    else if (k == 6) n->type = T_OBJECT, n->name = CLASS0 + 15, n->self = 32; /* Emitter */
    else n->type = T_ARRAY, n->name = 9, n->self = 48;
    break;
  case SH_MIX:
    break;
  }
}

static void shape_edges(uint64_t i, edge_fn emit, void *ctx) {
  if (i == 0) {
    uint64_t e = 0;
    for (uint64_t s = 1; s < SHARED_END; s++) emit(ctx, E_ELEMENT, e++, s);
    switch (shape) {
    case SH_DAG: case SH_RANDOM: emit(ctx, E_ELEMENT, e, SHARED_END); break;
    case SH_LISTS: for (uint64_t j = 0; j < M; j += LIST_LEN) emit(ctx, E_ELEMENT, e++, obj(j)); break;
    case SH_PARENTS: for (uint64_t j = 0; j < M; j += TREE_SIZE) emit(ctx, E_ELEMENT, e++, obj(j)); break;
    case SH_WIDE: for (uint64_t b = 0; b < wide_blocks(); b++) emit(ctx, E_ELEMENT, e++, wide_block(b)); break;
    case SH_CLOSURES: emit(ctx, E_ELEMENT, e, obj(0) + 6); break;
    case SH_MIX: break;
    }
    return;
  }
  if (i < SHARED_END) { shared_edges(i, emit, ctx); return; }
  if (i < obj0) {
    if (i == SHARED_END) {
      emit(ctx, E_INTERNAL, 16, map_of(42));
      emit(ctx, E_INTERNAL, S(M_ELEMENTS), i + 1);
    } else {
      for (uint64_t j = 0; j < M; j++) emit(ctx, E_ELEMENT, j, obj(j));
    }
    return;
  }
  uint64_t k = (i - obj0) % G, j = (i - obj0) / G, g = obj(j);
  switch (shape) {
  case SH_DAG: {
    uint64_t cls = draw(g, 1) % 3;
    uint64_t a = j ? obj(draw(g, 2) % j) : g, b = j ? obj(draw(g, 3) % j) : g;
    if (k == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(cls));
      if (j) emit(ctx, E_PROPERTY, 2, a), emit(ctx, E_PROPERTY, 3, b);
      emit(ctx, E_PROPERTY, cls == 2 ? S(M_LIST) : cls == 1 ? S(M_TAG) : S(M_NAME), g + 1);
    } else if (cls == 2) {
      emit(ctx, E_INTERNAL, 16, map_of(9));
      if (j) emit(ctx, E_ELEMENT, 0, a), emit(ctx, E_ELEMENT, 1, b);
    }
    break;
  }
  case SH_RANDOM:
    if (k == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(draw(i, 1) % NCLASS));
      emit(ctx, E_PROPERTY, 17, g + 1);
      emit(ctx, E_PROPERTY, S(M_NAME), g + 2);
    } else if (k == 1) {
      emit(ctx, E_INTERNAL, 16, map_of(9));
      emit(ctx, E_ELEMENT, 0, obj(draw(i, 2) % M));
      emit(ctx, E_ELEMENT, 1, obj(draw(i, 3) % M));
    }
    break;
  case SH_LISTS:
    if (k == 0) {
      uint64_t pos = j % LIST_LEN;
      emit(ctx, E_INTERNAL, 16, map_of(CLASS0 + 11));
      if (pos + 1 < LIST_LEN && j + 1 < M) emit(ctx, E_PROPERTY, 18, obj(j + 1));
      if (pos > 0 && (j / LIST_LEN) % 2 == 0) emit(ctx, E_PROPERTY, S(M_PREV), obj(j - 1));
      emit(ctx, E_PROPERTY, 19, g + 1);
    }
    break;
  case SH_PARENTS: {
    uint64_t t = j / TREE_SIZE * TREE_SIZE, local = j - t, end = t + TREE_SIZE < M ? t + TREE_SIZE : M;
    if (k == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(CLASS0 + 12));
      if (local) emit(ctx, E_PROPERTY, 5, obj(t + (local - 1) / TREE_FAN));
      emit(ctx, E_PROPERTY, S(M_CHILDREN), g + 1);
      if (local && (local - 1) % TREE_FAN != TREE_FAN - 1 && j + 1 < end) emit(ctx, E_PROPERTY, 18, obj(j + 1));
    } else {
      emit(ctx, E_INTERNAL, 16, map_of(9));
      for (uint64_t c = 0; c < TREE_FAN; c++)
        if (t + local * TREE_FAN + 1 + c < end) emit(ctx, E_ELEMENT, c, obj(t + local * TREE_FAN + 1 + c));
    }
    break;
  }
  case SH_WIDE: {
    uint64_t b = (i - obj0) / (2 * wide_n + 2), off = (i - obj0) % (2 * wide_n + 2), base = wide_block(b);
    if (off == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(b % 2 ? 40 : 42));
      emit(ctx, E_INTERNAL, b % 2 ? S(M_TABLE) : S(M_ELEMENTS), i + 1);
    } else if (off == 1) {
      for (uint64_t e = 0; e < wide_n; e++) {
        if (b % 2) emit(ctx, E_ELEMENT, 2 * e, base + 3 + 2 * e), emit(ctx, E_ELEMENT, 2 * e + 1, base + 2 + 2 * e);
        else emit(ctx, E_ELEMENT, e, base + 2 + 2 * e);
      }
    } else if (off % 2 == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(draw(i, 1) % 3));
      emit(ctx, E_PROPERTY, 19, i + 1);
      if (draw(i, 3) % 4 == 0) emit(ctx, E_PROPERTY, S(M_OWNER), base);
      if (draw(i, 4) % 8 == 0) {
        uint64_t ob = draw(i, 5) % wide_blocks();
        emit(ctx, E_PROPERTY, 6, wide_block(ob) + 2 + 2 * (draw(i, 6) % wide_n));
      }
    }
    break;
  }
  case SH_CLOSURES: {
    uint64_t K = M;
    if (k == 0) {
      emit(ctx, E_INTERNAL, 16, map_of(10));
      if (j) emit(ctx, E_INTERNAL, S(M_PREVIOUS), obj((j - 1) / 2));
      emit(ctx, E_CONTEXT, S(M_REQ), g + 4);
      emit(ctx, E_CONTEXT, S(M_DATA), g + 5);
      emit(ctx, E_CONTEXT, S(M_SELF), g + 1);
    } else if (k <= 3) {
      uint64_t f = (j + k) % NSFI;
      emit(ctx, E_INTERNAL, 16, map_of(FUNC0));
      emit(ctx, E_INTERNAL, 7, g);
      emit(ctx, E_INTERNAL, S(M_SHARED), SFI0 + f);
      emit(ctx, E_INTERNAL, S(M_CODE), CODE0 + f);
    } else if (k == 4) {
      emit(ctx, E_INTERNAL, 16, map_of(CLASS0 + 4));
      emit(ctx, E_PROPERTY, 15, g + 1);
      emit(ctx, E_PROPERTY, 18, obj(draw(i, 1) % K) + 4);
      emit(ctx, E_PROPERTY, S(M_BODY), g + 5);
    } else if (k == 6) {
      emit(ctx, E_INTERNAL, 16, map_of(CLASS0 + 15));
      emit(ctx, E_PROPERTY, S(M_LISTENERS), g + 7);
    } else if (k == 7) {
      emit(ctx, E_INTERNAL, 16, map_of(9));
      emit(ctx, E_ELEMENT, 0, g + 2);
      emit(ctx, E_ELEMENT, 1, g + 3);
      for (uint64_t c = 1; c <= 2; c++)
        if (2 * j + c < K) emit(ctx, E_ELEMENT, 1 + c, obj(2 * j + c) + 6);
    }
    break;
  }
  case SH_MIX:
    break;
  }
}

/* the mix shape through the same two functions */
static void mix_node(uint64_t i, gnode *g) {
  node n;
  describe(i, &n);
  g->type = n.type;
  g->name = n.type == T_STRING ? NFIXED + n.strname : (uint64_t)n.name;
  g->self = n.self;
}

static void mix_edges(uint64_t i, edge_fn emit, void *ctx) {
  node n;
  describe(i, &n);
  edges_of(i, &n, emit, ctx);
  adopted_edges(i, emit, ctx);
}

static void any_node(uint64_t i, gnode *n) { if (shape == SH_MIX) mix_node(i, n); else shape_node(i, n); }
static void any_edges(uint64_t i, edge_fn emit, void *ctx) {
  if (shape == SH_MIX) mix_edges(i, emit, ctx);
  else shape_edges(i, emit, ctx);
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
  int a = 1;
  if (argc > 2 && strcmp(argv[1], "--shape") == 0) {
    for (shape = 0; shape <= SH_MIX && strcmp(argv[2], shape_names[shape]) != 0; shape++) {}
    a = 3;
  }
  if (argc - a < 2 || shape > SH_MIX) {
    fprintf(stderr, "usage: heap_gen_stream [--shape dag|random|lists|parents|wide|closures|mix] OUT NODES [SEED] [LEAK_PERMILLE]\n");
    return 2;
  }
  out = strcmp(argv[a], "-") ? fopen(argv[a], "wb") : stdout;
  if (!out) return 1;
  static char obuf[1 << 22];
  setvbuf(out, obuf, _IOFBF, sizeof obuf);
  N = strtoull(argv[a + 1], NULL, 10);
  SEED = argc > a + 2 ? strtoull(argv[a + 2], NULL, 10) : 1;
  uint64_t permille = argc > a + 3 ? strtoull(argv[a + 3], NULL, 10) : 40;
  if (N < 30) N = 30;
  if (shape != SH_MIX) shape_setup();
  leak_limit = N * permille / 1000 * 3; /* the leak's subtree is cut at this index */
  n_payload = 1000 + N / 2 + 1;
  more0 = NFIXED + n_payload;
  uint64_t n_strings = more0 + (shape == SH_MIX ? 0 : NMORE);
  /* pass 1: count edges (the header needs edge_count) */
  uint64_t edges = 0;
  for (uint64_t i = 0; i < N; i++) any_edges(i, count_edge, &edges);
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
    gnode n;
    any_node(i, &n);
    uint64_t ec = 0;
    any_edges(i, count_edge, &ec);
    if (i) putc_unlocked(',', out);
    put_u((uint64_t)n.type);
    putc_unlocked(',', out);
    put_u(n.name);
    putc_unlocked(',', out);
    put_u(i == 0 ? 1 : in_leak(i) ? 2 * (N + i) + 1 : 2 * i + 1);
    putc_unlocked(',', out);
    put_u(n.self);
    putc_unlocked(',', out);
    put_u(ec);
    fputs(",0,0\n", out);
  }
  fputs("],\n\"edges\":[", out);
  first_edge = true;
  for (uint64_t i = 0; i < N; i++) any_edges(i, emit_edge, NULL);
  fputs("],\n\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\n\"strings\":[", out);
  for (uint64_t k = 0; k < n_strings; k++) {
    if (k) putc_unlocked(',', out);
    if (k < NFIXED) fprintf(out, "\"%s\"", fixed[k]);
    else if (k >= more0) fprintf(out, "\"%s\"", more[k - more0]);
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
