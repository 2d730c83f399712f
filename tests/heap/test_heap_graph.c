/*
 * test_heap_graph.c - dominators, retained sizes, shallow-size adjustment,
 * distances and classes on hand-built graphs with known answers.
 */
#include "check.h"
#include "profkit/heap.h"
#include "profkit/heap_flame.h"
#include "snap.h"

#define N(a) (sizeof(a) / sizeof *(a))

static pk_heap *build(const snap_node *nodes, size_t n, const snap_edge *edges, size_t m) {
  char *json = snap_json(nodes, n, edges, m);
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, json, strlen(json), "graph", &err);
  if (rc == 0) rc = pk_heap_analyze(h, &err);
  if (rc != 0) {
    char msg[1200];
    pk_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "build failed: %s\n", msg);
  }
  CHECK_EQ_INT(rc, 0);
  free(json);
  return h;
}

static uint64_t total_self(const pk_heap *h) {
  uint64_t t = 0;
  for (uint32_t i = 0; i < pk_heap_node_count(h); i++) t += pk_heap_shallow_size(h, i);
  return t;
}

static void test_diamond(void) {
  /* root -> A -> {B, C} -> D: D's dominator is A, not B or C */
  snap_node nodes[] = {{"synthetic", "", 0, 0, 0}, {"object", "A", 10, 0, 0}, {"object", "B", 20, 0, 0},
                       {"object", "C", 30, 0, 0}, {"object", "D", 40, 0, 0}};
  snap_edge edges[] = {{0, "element", "1", 1}, {1, "property", "b", 2}, {1, "property", "c", 3},
                       {2, "property", "d", 4}, {3, "property", "d", 4}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_dominator(h, 4), 1);
  CHECK_EQ_INT(pk_heap_dominator(h, 2), 1);
  CHECK_EQ_INT(pk_heap_retained_size(h, 1), 100);
  CHECK_EQ_INT(pk_heap_retained_size(h, 2), 20);
  CHECK_EQ_INT(pk_heap_retained_size(h, 0), total_self(h));
  CHECK_EQ_INT(pk_heap_distance(h, 1), 1);
  CHECK_EQ_INT(pk_heap_distance(h, 4), 3);
  /* as a flame profile: root total = heap, A's frame = A's retained size,
   * D under A (its dominator), not under B or C */
  pk_profile *p = NULL;
  CHECK_EQ_INT(pk_heap_flame_profile(&p, &h, 1, 0, NULL), 0);
  if (p) {
    CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 100);
    pk_id a = pk_profile_find_child(p, PK_ROOT, pk_profile_frame_named(p, "A", 1, PK_FRAME_PLAIN));
    CHECK(a != PK_NONE);
    if (a != PK_NONE) {
      CHECK_EQ_INT(pk_profile_total(p, a)[0], 100);
      CHECK(pk_profile_find_child(p, a, pk_profile_frame_named(p, "D", 1, PK_FRAME_PLAIN)) != PK_NONE);
    }
  }
  pk_profile_free(p);
  pk_heap_free(h);
}

static void test_cycle_and_self_edge(void) {
  snap_node nodes[] = {{"synthetic", "", 0, 0, 0}, {"object", "A", 1, 0, 0}, {"object", "B", 2, 0, 0}, {"object", "C", 4, 0, 0}};
  snap_edge edges[] = {{0, "element", "1", 1}, {1, "property", "b", 2}, {2, "property", "c", 3},
                       {3, "property", "a", 1}, {2, "property", "self", 2}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_dominator(h, 2), 1);
  CHECK_EQ_INT(pk_heap_dominator(h, 3), 2);
  CHECK_EQ_INT(pk_heap_retained_size(h, 1), 7);
  CHECK_EQ_INT(pk_heap_retained_size(h, 2), 6);
  pk_heap_free(h);
}

static void test_weak_and_unreachable(void) {
  /* W is held only by a weak edge; X <-> Y is a clique nothing reaches */
  snap_node nodes[] = {{"synthetic", "", 0, 0, 0}, {"object", "A", 5, 0, 0}, {"object", "W", 7, 0, 0},
                       {"object", "X", 11, 0, 0}, {"object", "Y", 13, 0, 0}};
  snap_edge edges[] = {{0, "element", "1", 1}, {1, "weak", "w", 2}, {3, "property", "y", 4}, {4, "property", "x", 3}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_dominator(h, 2), 0);
  CHECK(pk_heap_is_orphan(h, 2));
  CHECK(!pk_heap_is_orphan(h, 1));
  CHECK_EQ_INT(pk_heap_retained_size(h, 1), 5);
  CHECK_EQ_INT(pk_heap_dominator(h, 3), 0);
  CHECK_EQ_INT(pk_heap_dominator(h, 4), 0);
  CHECK_EQ_INT(pk_heap_retained_size(h, 0), 36);
  CHECK_EQ_INT(pk_heap_distance(h, 2), PK_HEAP_NONE);
  pk_heap_stats st;
  pk_heap_statistics(h, &st);
  CHECK_EQ_INT(st.total, 36);
  CHECK_EQ_INT(st.unreachable, 31);
  pk_heap_free(h);
}

static void test_shortcut_and_weakmap(void) {
  /* a shortcut edge from a non-root node does not retain; the table -> value
   * edge of a WeakMap entry does not either (the key's edge does) */
  snap_node nodes[] = {{"synthetic", "", 0, 1, 0}, {"object", "A", 1, 3, 0}, {"object", "B", 1, 5, 0}, {"object", "C", 8, 7, 0},
                       {"object", "Table", 2, 100, 0}, {"object", "Key", 3, 9, 0}, {"object", "Value", 16, 11, 0}};
  snap_edge edges[] = {
      {0, "element", "1", 1}, {0, "element", "2", 2}, {1, "property", "c", 3}, {2, "shortcut", "c", 3},
      {0, "element", "3", 4}, {0, "element", "4", 5},
      {4, "internal", "1 / part of key (Key @9) -> value (Value @11) pair in WeakMap (table @100)", 6},
      {5, "internal", "2 / part of key (Key @9) -> value (Value @11) pair in WeakMap (table @100)", 6}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_dominator(h, 3), 1);
  CHECK_EQ_INT(pk_heap_retained_size(h, 1), 9);
  CHECK_EQ_INT(pk_heap_dominator(h, 6), 5);
  CHECK_EQ_INT(pk_heap_retained_size(h, 5), 19);
  CHECK_EQ_INT(pk_heap_retained_size(h, 4), 2);
  /* distance: the value's is the larger of table+1 and key+1 (both 2 here) */
  CHECK_EQ_INT(pk_heap_distance(h, 6), 2);
  pk_heap_free(h);
}

static void test_shallow_adjustment_and_classes(void) {
  /* O owns its properties array P alone: P's size moves to O.  Q is shared
   * by O and O2, so it keeps its own size. */
  snap_node nodes[] = {{"synthetic", "", 0, 0, 0}, {"object", "Foo", 12, 0, 0}, {"array", "(object properties)", 16, 0, 0},
                       {"object", "Foo", 12, 0, 0}, {"array", "shared", 8, 0, 0}, {"closure", "f", 32, 0, 0},
                       {"string", "hello", 20, 0, 0}, {"hidden", "system / Map", 40, 0, 0},
                       {"object", "Object", 12, 0, 0}, {"object", "Object", 12, 0, 0}, {"object", "Object", 12, 0, 0},
                       {"native", "<div id=x>", 50, 0, 0}, {"object", "Object", 12, 0, 0}};
  snap_edge edges[] = {{0, "element", "1", 1}, {1, "internal", "properties", 2}, {0, "element", "2", 3},
                       {1, "internal", "q", 4}, {3, "internal", "q", 4}, {0, "element", "3", 5},
                       {0, "element", "4", 6}, {0, "element", "5", 7},
                       {0, "element", "6", 8}, {8, "property", "a", 6}, {8, "property", "b", 6},
                       {0, "element", "7", 9}, {9, "property", "a", 6}, {9, "property", "b", 6},
                       {0, "element", "8", 10}, {10, "property", "z", 6}, {0, "element", "9", 11},
                       {0, "element", "10", 12}, {12, "property", "c", 6}, {12, "property", "b", 6},
                       {12, "property", "a", 6}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_shallow_size(h, 1), 28);
  CHECK_EQ_INT(pk_heap_shallow_size(h, 2), 0);
  CHECK_EQ_INT(pk_heap_shallow_size(h, 4), 8);
  CHECK_EQ_INT(pk_heap_retained_size(h, 0), total_self(h));
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 1)), "Foo");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 2)), "(array)");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 5)), "Function");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 6)), "(string)");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 7)), "(system)");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 8)), "{a, b}");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 9)), "{a, b}");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 10)), "Object");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 11)), "<div>");
  /* {c, b, a} is not popular, but it has every property of {a, b}, which is */
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 12)), "{a, b}");
  pk_heap_free(h);
}

static void test_page_owned_and_detached(void) {
  /* the root's shortcut edge marks Window W as a page entry; D (held only by
   * a system root) also points at X, but an edge from a node that is not
   * page-owned into a page-owned one does not retain: X's dominator is W */
  snap_node nodes[] = {{"synthetic", "", 0, 0, 0}, {"object", "Window", 10, 0, 0}, {"synthetic", "(GC roots)", 0, 0, 0},
                       {"object", "Debugger", 5, 0, 0}, {"object", "X", 7, 0, 0},
                       {"native", "HTMLDivElement", 30, 0, 2}, {"native", "Text", 20, 0, 0}};
  snap_edge edges[] = {{0, "shortcut", "w", 1}, {0, "element", "1", 2}, {2, "element", "1", 3},
                       {1, "property", "x", 4}, {3, "property", "x", 4},
                       {1, "property", "div", 5}, {5, "property", "child", 6}};
  pk_heap *h = build(nodes, N(nodes), edges, N(edges));
  if (!h) return;
  CHECK_EQ_INT(pk_heap_dominator(h, 4), 1);
  CHECK_EQ_INT(pk_heap_retained_size(h, 1), 10 + 7 + 30 + 20);
  CHECK_EQ_INT(pk_heap_retained_size(h, 3), 5);
  /* detached state spreads from the div to its native child */
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 5)), "Detached HTMLDivElement");
  CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 6)), "Detached Text");
  CHECK_EQ_INT(pk_heap_node_detachedness(h, 6), 2);
  pk_heap_free(h);
}

static void test_deep_chain(void) {
  /* 200000 nodes in one chain: nothing may recurse on depth */
  size_t n = 200000;
  /* built as text directly: snap_json is quadratic in the edge count */
  size_t cap = n * 40 + 4096, len = 0;
  char *json = malloc(cap);
  len += (size_t)snprintf(json + len, cap - len,
                          "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"],"
                          "\"node_types\":[[\"synthetic\",\"object\"]],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
                          "\"edge_types\":[[\"element\",\"property\"]]}},\"nodes\":[0,0,1,0,1");
  for (size_t i = 1; i < n; i++) len += (size_t)snprintf(json + len, cap - len, ",1,1,%zu,1,%d", 2 * i + 1, i + 1 < n);
  len += (size_t)snprintf(json + len, cap - len, "],\"edges\":[0,0,5");
  for (size_t i = 2; i < n; i++) len += (size_t)snprintf(json + len, cap - len, ",1,2,%zu", i * 5);
  len += (size_t)snprintf(json + len, cap - len, "],\"strings\":[\"\",\"Link\",\"next\"]}");
  pk_heap *h = NULL;
  pk_error err;
  CHECK_EQ_INT(pk_heap_parse(&h, json, len, "chain", &err), 0);
  if (h) {
    CHECK_EQ_INT(pk_heap_analyze(h, &err), 0);
    CHECK_EQ_INT(pk_heap_retained_size(h, 1), n - 1);
    CHECK_EQ_INT(pk_heap_dominator(h, (uint32_t)n - 1), n - 2);
    CHECK_EQ_INT(pk_heap_distance(h, (uint32_t)n - 1), n - 1);
  }
  pk_heap_free(h);
  free(json);
}

int main(void) {
  test_diamond();
  test_cycle_and_self_edge();
  test_weak_and_unreachable();
  test_shortcut_and_weakmap();
  test_shallow_adjustment_and_classes();
  test_page_owned_and_detached();
  test_deep_chain();
  return pk_check_exit("test_heap_graph");
}
