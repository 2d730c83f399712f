/*
 * test_heap_large.c - a snapshot big enough for the parser's reserved,
 * pre-mapped arrays and long enough a chain for the DFS and the two-thread
 * reverse graph to matter: root -> 1 -> 2 -> ... -> n-1 with a back edge
 * from every node to its predecessor.  The answers are known: node k is
 * dominated by k - 1 and retains the self sizes of k .. n-1.  The header's
 * node_count is wrong on purpose (a hint only), and a copy whose edge
 * counts do not add up must still fail with its byte offset.
 *
 * The same texts, one with wide element indexes and bad edges, and ones
 * with good and bad members after the edges (which the second thread
 * parses too) are also parsed with the two-thread edge parse forced
 * (PK_HEAP_SPLIT_MIN=1),
 * from memory and from a file: the graph, or the error and its offset,
 * must be exactly those of the single-threaded parse.  A node name past
 * 24 bits reads back whole.  The chain is also analysed with the
 * dominator arrays of graphs past 2^23 nodes (4 bytes, not 3), and its
 * analysis must read the same after its graph is dropped.  Class ids past
 * 16 bits read back whole.
 */
#include "check.h"
#include "profkit/heap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NODES 150000u

typedef struct text {
  char *data;
  size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    t->cap = t->cap * 2 + 4096;
    t->data = realloc(t->data, t->cap);
    if (!t->data) abort();
  }
}

static unsigned self_size(unsigned k) { return k % 7 + 1; }

/* A new text holding the start of a header, up to the end of its meta:
 * the node fields after edge_count, and the node types. */
static text meta(const char *more_fields, const char *node_types, const char *more_values) {
  text t = {malloc(1 << 20), 0, 1 << 20};
  if (!t.data) abort();
  put(&t, "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"%s],"
          "\"node_types\":[[%s],\"string\",\"number\",\"number\",\"number\"%s],"
          "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
          "\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"],"
          "\"string_or_number\",\"node\"]}", more_fields, node_types, more_values);
  return t;
}

/* The five node fields and types of the small snapshots below. */
static text small_meta(void) {
  return meta("", "\"hidden\",\"array\",\"string\",\"object\",\"synthetic\"", "");
}

/* extra_edge_count: added to the last node's edge_count (0 = consistent). */
static text chain_snapshot(unsigned announced, unsigned extra_edge_count) {
  text t = meta(",\"trace_node_id\",\"detachedness\"",
                "\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\","
                "\"native\",\"synthetic\"",
                ",\"number\",\"number\"");
  put(&t, ",\"node_count\":%u,\"edge_count\":%u},\n\"nodes\":[", announced,
      2 * NODES - 2);
  for (unsigned k = 0; k < NODES; k++) {
    unsigned edges = k == 0 ? 1 : k + 1 < NODES ? 2 : 1 + extra_edge_count;
    put(&t, "%s%u,%u,%u,%u,%u,0,0\n", k ? "," : "", k ? 3u : 9u, k ? 2u : 1u, 2 * k + 1, k ? self_size(k) : 0u, edges);
  }
  put(&t, "],\n\"edges\":[1,1,7\n");
  for (unsigned k = 1; k < NODES; k++) {
    if (k + 1 < NODES) put(&t, ",2,3,%u\n", 7 * (k + 1));  /* next */
    put(&t, ",2,4,%u\n", 7 * (k - 1));                        /* prev */
  }
  put(&t, "],\n\"locations\":[],\n\"strings\":[\"\",\"(root)\",\"Node\",\"next\",\"prev\"]}\n");
  return t;
}

/* Parses t from memory and analyses it; the result must be 0. */
static pk_heap *parse_analyzed(const text *t, const char *name) {
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, t->data, t->len, name, &err);
  if (rc == 0) rc = pk_heap_analyze(h, &err);
  CHECK_EQ_INT(rc, 0);
  if (rc == 0) return h;
  pk_heap_free(h);
  return NULL;
}

static void test_chain(void) {
  text t = chain_snapshot(NODES * 10, 0);
  pk_heap *h = parse_analyzed(&t, "chain");
  if (h) {
    CHECK_EQ_INT(pk_heap_node_count(h), NODES);
    CHECK_EQ_INT(pk_heap_edge_count(h), 2 * NODES - 2);
    uint64_t total = 0, suffix = 0;
    for (unsigned k = 1; k < NODES; k++) total += self_size(k);
    CHECK_EQ_INT(pk_heap_retained_size(h, 0), total);
    int bad_idom = 0, bad_retained = 0;
    for (unsigned k = NODES - 1; k >= 1; k--) {
      suffix += self_size(k);
      if (pk_heap_dominator(h, k) != k - 1) bad_idom++;
      if (pk_heap_retained_size(h, k) != suffix) bad_retained++;
    }
    CHECK_EQ_INT(bad_idom, 0);
    CHECK_EQ_INT(bad_retained, 0);
    CHECK_EQ_INT(pk_heap_node_id(h, NODES - 1), 2 * (NODES - 1) + 1);
    /* the graph is freed on a helper thread; the analysis stays readable */
    uint32_t cls = pk_heap_node_class(h, NODES - 1);
    pk_heap_drop_graph(h);
    CHECK_EQ_INT(pk_heap_retained_size(h, 0), total);
    CHECK_EQ_INT(pk_heap_dominator(h, NODES - 1), NODES - 2);
    CHECK_EQ_INT(pk_heap_node_id(h, NODES - 1), 2 * (NODES - 1) + 1);
    CHECK_EQ_INT(pk_heap_shallow_size(h, NODES - 1), self_size(NODES - 1));
    CHECK_EQ_INT(pk_heap_node_class(h, NODES - 1), cls);
    CHECK_STR(pk_heap_class_name(h, cls), "Node");
    pk_heap_drop_graph(h);  /* a second drop does nothing */
  }
  pk_heap_free(h);
  free(t.data);
}

static void test_counts_do_not_add_up(void) {
  text t = chain_snapshot(NODES, 1);
  pk_heap *h = NULL;
  pk_error err;
  CHECK_EQ_INT(pk_heap_parse(&h, t.data, t.len, "chain", &err), PK_EPARSE);
  CHECK(h == NULL);
  CHECK(strstr(err.message, "add up") != NULL);
  CHECK(err.offset > 0 && err.offset < t.len);
  free(t.data);
}

/* Nodes with a next, a wide-or-narrow element and a hidden edge each; the
 * edge numbered `bad` (if nonzero) gets a to_node that is not a multiple.
 * `lead` goes before the nodes, `tail` after the edges (to the end). */
#define MIXED 40000u
#define MIXED_TAIL ",\n\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}\n"
static text mixed_parts(unsigned bad, unsigned announced_edges, const char *lead, const char *tail) {
  text t = small_meta();
  put(&t, ",\"node_count\":%u,\"edge_count\":%u},%s\n\"nodes\":[", MIXED, announced_edges, lead);
  for (unsigned k = 0; k < MIXED; k++) put(&t, "%s%u,%u,%u,%u,%u\n", k ? "," : "", k ? 3u : 4u, k % 4, 2 * k + 1, k % 9, k ? 3u : 1u);
  put(&t, "],\n\"edges\":[2,3,5");
  unsigned e = 1;
  for (unsigned k = 1; k < MIXED; k++) {
    unsigned next = (k + 1) % MIXED, element = k % 3 ? k : 16777000u + k;
    put(&t, "\n,2,%u,%u", k % 5, 5 * next + (e++ == bad));
    put(&t, "\n,1,%u,%u", element, 5 * (k - 1) + (e++ == bad));
    put(&t, "\n,4,%u,%u", k, 0u + (e++ == bad));
  }
  put(&t, "]%s", tail);
  return t;
}

static text mixed_snapshot(unsigned bad, unsigned announced_edges) {
  return mixed_parts(bad, announced_edges, "", MIXED_TAIL);
}

/* Parses t from memory (path NULL) or from a file, split or not. */
static int parse_as(const text *t, int split, int from_file, pk_heap **h, pk_error *err) {
  setenv("PK_HEAP_SPLIT_MIN", split ? "1" : "18446744073709551615", 1);
  if (!from_file) return pk_heap_parse(h, t->data, t->len, "snap", err);
  char path[] = "/tmp/pk_heap_split_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, t->data, t->len) != (ssize_t)t->len) abort();
  close(fd);
  int rc = pk_heap_load(h, path, NULL, err);
  unlink(path);
  return rc;
}

static int same_graph(const pk_heap *a, const pk_heap *b) {
  if (pk_heap_node_count(a) != pk_heap_node_count(b) || pk_heap_edge_count(a) != pk_heap_edge_count(b)) return 0;
  for (uint32_t n = 0; n < pk_heap_node_count(a); n++)
    if (pk_heap_first_edge(a, n) != pk_heap_first_edge(b, n)) return 0;
  if (pk_heap_string_count(a) != pk_heap_string_count(b)) return 0;
  for (uint32_t i = 0; i < pk_heap_string_count(a); i++) {
    size_t la, lb;
    const char *sa = pk_heap_string(a, i, &la), *sb = pk_heap_string(b, i, &lb);
    if (la != lb || memcmp(sa, sb, la) != 0) return 0;
  }
  char ba[16], bb[16];
  for (uint32_t e = 0; e < pk_heap_edge_count(a); e++)
    if (pk_heap_edge_target(a, e) != pk_heap_edge_target(b, e) || pk_heap_edge_kind_of(a, e) != pk_heap_edge_kind_of(b, e) ||
        strcmp(pk_heap_edge_name(a, e, ba), pk_heap_edge_name(b, e, bb)) != 0)
      return 0;
  return 1;
}

/* The split parse (memory and file) against the single-threaded one. */
static void check_split(const text *t, const char *what) {
  pk_heap *alone = NULL;
  pk_error alone_err;
  int alone_rc = parse_as(t, 0, 0, &alone, &alone_err);
  for (int from_file = 0; from_file < 2; from_file++) {
    pk_heap *split = NULL;
    pk_error err;
    int rc = parse_as(t, 1, from_file, &split, &err);
    CHECK_EQ_INT(rc, alone_rc);
    if (rc == 0 && alone_rc == 0 && !same_graph(alone, split)) {
      fprintf(stderr, "%s: the split parse (%s) differs\n", what, from_file ? "file" : "memory");
      CHECK(0);
    }
    if (rc != 0 && alone_rc != 0) {
      if (err.offset != alone_err.offset) fprintf(stderr, "%s (%s): %s\n", what, from_file ? "file" : "memory", err.message);
      CHECK_STR(err.message, alone_err.message);
      CHECK_EQ_INT(err.offset, alone_err.offset);
    }
    pk_heap_free(split);
  }
  pk_heap_free(alone);
}

static void test_split(void) {
  unsigned edges = 3 * (MIXED - 1) + 1;
  text t = mixed_snapshot(0, edges);
  check_split(&t, "mixed");
  unsigned hints[] = {edges / 3, edges * 2, 7};  /* wrong edge_count hints */
  for (size_t i = 0; i < sizeof hints / sizeof *hints; i++) {
    text w = mixed_snapshot(0, hints[i]);
    check_split(&w, "wrong hint");
    free(w.data);
  }
  pk_heap *h = NULL;
  pk_error err;
  CHECK_EQ_INT(parse_as(&t, 1, 1, &h, &err), 0);
  if (h) {
    char buf[16];
    uint32_t e = pk_heap_first_edge(h, 3) + 1;  /* node 3's element edge, past 24 bits */
    CHECK_STR(pk_heap_edge_name(h, e, buf), "16777003");
    CHECK_EQ_INT(pk_heap_edge_target(h, e), 2);
  }
  pk_heap_free(h);
  unsigned bad[] = {5, edges / 2, edges - 7, edges - 1};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    text b = mixed_snapshot(bad[i], edges);
    check_split(&b, "bad edge");
    CHECK_EQ_INT(parse_as(&b, 1, 1, &h, &err), PK_EPARSE);
    CHECK(strstr(err.message, "not a multiple") != NULL);
    free(b.data);
  }
  /* the members after the edges, which the second thread parses: good
   * ones, bad ones, and strings that came before the nodes */
  static const struct { const char *lead, *tail; } tails[] = {
      {"", ",\"locations\":[1,2,3],\"samples\":[],\"strings\":[\"a\",\"b\\u00e9\\n\",\"c\",\"d\",\"e\"]}"},
      {"", ",\"strings\":[\"a\",\"b\\q\",\"c\",\"d\",\"e\"]}"},
      {"", ",\"locations\":[-1],\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"},
      {"", MIXED_TAIL ",\"strings\":[]}"},
      {"", ",\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"strings\":[\"f\"]}"},
      {"", ",\"edges\":[],\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"},
      {"", ",\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"},
      {"", ",\"strings\":[\"a\",\"b\"]}"},
      {"", "}"},
      {"\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"],", "}"},
      {"\"strings\":[\"a\",\"b\",\"c\",\"d\",\"e\"],", ",\"strings\":[\"a\"]}"},
  };
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    text m = mixed_parts(0, edges, tails[i].lead, tails[i].tail);
    char what[32];
    snprintf(what, sizeof what, "tail %zu", i);
    check_split(&m, what);
    free(m.data);
  }
  text c = chain_snapshot(NODES, 1);
  check_split(&c, "edge counts");
  text d = chain_snapshot(NODES, 0);
  check_split(&d, "chain");
  free(t.data);
  free(c.data);
  free(d.data);
}

/* A node named by string index 2^24 + 5 (past the 3 bytes a node name
 * keeps inline), in a strings table that long, with `others` more nodes
 * named "": among 2 nodes the one wide name makes the parse keep names in
 * 4 bytes, among 40 it stays in the wide table. */
static void wide_node_name(unsigned others) {
  const unsigned wide = (1u << 24) + 5;
  text t = small_meta();
  put(&t, "},\n\"nodes\":[4,0,1,0,1,3,%u,3,16,0", wide);
  for (unsigned i = 0; i < others; i++) put(&t, ",3,0,%u,8,0", 5 + 2 * i);
  put(&t, "],\n\"edges\":[2,0,5],\n\"strings\":[");
  for (unsigned i = 0; i < wide; i++) put(&t, "\"\",");
  put(&t, "\"Wide\"]}");
  pk_heap *h = parse_analyzed(&t, "wide");
  if (h) {
    CHECK_STR(pk_heap_node_name(h, 1), "Wide");
    CHECK_STR(pk_heap_node_name(h, 0), "");
    for (unsigned i = 0; i < others; i++) CHECK_STR(pk_heap_node_name(h, 2 + i), "");
    CHECK_EQ_INT(pk_heap_retained_size(h, 1), 16);
  }
  pk_heap_free(h);
  free(t.data);
}

static void test_wide_node_name(void) {
  wide_node_name(0);
  wide_node_name(38);
}

/* Retained sizes are kept in 32 bits with the wider ones aside: a chain
 * whose sums cross 2^32, hit the sentinel 2^32 - 1 exactly, and hold a
 * self size of 2^33. */
static void test_wide_retained(void) {
  text t = small_meta();
  put(&t, "},\n\"nodes\":[4,0,1,0,1, 3,1,3,3000000000,1, 3,1,5,8589934592,1, 3,1,7,1,1, 3,1,9,4294967294,0],\n"
          "\"edges\":[2,2,5, 2,2,10, 2,2,15, 2,2,20],\n\"strings\":[\"\",\"Node\",\"next\"]}");
  pk_heap *h = parse_analyzed(&t, "wide retained");
  if (h) {
    const uint64_t want[5] = {15884901887ull, 15884901887ull, 12884901887ull, 4294967295ull, 4294967294ull};
    for (uint32_t v = 0; v < 5; v++) CHECK(pk_heap_retained_size(h, v) == want[v]);
    pk_heap_drop_graph(h);
    CHECK(pk_heap_retained_size(h, 3) == want[3]);
  }
  pk_heap_free(h);
  free(t.data);
}

/* Class ids are written in 16 bits until one does not fit: 70,000
 * constructor names make the pass move to 32 bits half way, and every
 * node must still read its own class. */
static void test_many_classes(void) {
  const unsigned classes = 70000;
  text t = small_meta();
  put(&t, "},\n\"nodes\":[4,0,1,0,1");
  for (unsigned i = 0; i < classes; i++) put(&t, ",3,%u,%u,16,0", 1 + i, 3 + 2 * i);
  put(&t, "],\n\"edges\":[2,0,5],\n\"strings\":[\"\"");
  for (unsigned i = 0; i < classes; i++) put(&t, ",\"C%u\"", i);
  put(&t, "]}");
  pk_heap *h = parse_analyzed(&t, "classes");
  if (h) {
    CHECK(pk_heap_class_count(h) > classes);
    char want[16];
    for (unsigned i = 0; i < classes; i += 997) {
      snprintf(want, sizeof want, "C%u", i);
      CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, 1 + i)), want);
    }
    CHECK_STR(pk_heap_class_name(h, pk_heap_node_class(h, classes)), "C69999");
  }
  pk_heap_free(h);
  free(t.data);
}

int main(void) {
  test_many_classes();
  test_wide_retained();
  test_chain();
  setenv("PK_HEAP_NO_PACK", "1", 1);  /* the 4-byte dominator arrays of graphs past 2^23 nodes */
  test_chain();
  unsetenv("PK_HEAP_NO_PACK");
  test_counts_do_not_add_up();
  test_split();
  test_wide_node_name();
  return pk_check_exit("test_heap_large");
}
