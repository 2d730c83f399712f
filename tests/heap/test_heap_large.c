/*
 * test_heap_large.c - a snapshot big enough for the parser's reserved,
 * pre-mapped arrays and long enough a chain for the DFS and the two-thread
 * reverse graph to matter: root -> 1 -> 2 -> ... -> n-1 with a back edge
 * from every node to its predecessor.  The answers are known: node k is
 * dominated by k - 1 and retains the self sizes of k .. n-1.  The header's
 * node_count is wrong on purpose (a hint only), and a copy whose edge
 * counts do not add up must still fail with its byte offset.
 */
#include "check.h"
#include "profkit/heap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* extra_edge_count: added to the last node's edge_count (0 = consistent). */
static text chain_snapshot(unsigned announced, unsigned extra_edge_count) {
  text t = {malloc(1 << 20), 0, 1 << 20};
  if (!t.data) abort();
  put(&t, "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\","
          "\"trace_node_id\",\"detachedness\"],\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\","
          "\"code\",\"closure\",\"regexp\",\"number\",\"native\",\"synthetic\"],\"string\",\"number\",\"number\","
          "\"number\",\"number\",\"number\"],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
          "\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"],"
          "\"string_or_number\",\"node\"]},\"node_count\":%u,\"edge_count\":0},\n\"nodes\":[", announced);
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

static void test_chain(void) {
  text t = chain_snapshot(NODES * 10, 0);
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, t.data, t.len, "chain", &err);
  if (rc == 0) rc = pk_heap_analyze(h, &err);
  CHECK_EQ_INT(rc, 0);
  if (rc == 0) {
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

int main(void) {
  test_chain();
  test_counts_do_not_add_up();
  return pk_check_exit("test_heap_large");
}
