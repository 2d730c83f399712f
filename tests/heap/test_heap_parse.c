/*
 * test_heap_parse.c - the snapshot parser: field order from meta, optional
 * fields, string unescaping, header counts that lie, and every validation
 * error with its byte offset.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/heap.h"

#define META_V8 \
  "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\",\"trace_node_id\",\"detachedness\"]," \
  "\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\",\"native\",\"synthetic\"]]," \
  "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"]]}," \
  "\"node_count\":3,\"edge_count\":2},"

static pk_heap *parse_ok(const char *text) {
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, text, strlen(text), "t.heapsnapshot", &err);
  if (rc != 0) {
    char msg[1200];
    pk_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "unexpected error: %s\n", msg);
  }
  CHECK_EQ_INT(rc, 0);
  return h;
}

/* Parses text expecting failure with `code`, a message containing `want` and byte offset `at`. */
static void parse_fails(const char *text, int code, const char *want, long long at) {
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, text, strlen(text), "bad.heapsnapshot", &err);
  CHECK_EQ_INT(rc, code);
  CHECK(h == NULL);
  if (rc == 0) return;
  if (!strstr(err.message, want)) fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, want);
  CHECK(strstr(err.message, want) != NULL);
  CHECK_STR(err.path, "bad.heapsnapshot");
  if (at >= 0) CHECK_EQ_INT(err.offset, at);
}

static void test_valid(void) {
  pk_heap *h = parse_ok(META_V8
                        "\"nodes\":[9,0,1,0,2,0,0\n,3,1,3,32,0,0,2\n,2,2,5,20,0,0,0],"
                        "\"edges\":[1,0,7,2,3,14],\"trace_function_infos\":[],\"trace_tree\":[[1,2,[3,[]]]],"
                        "\"samples\":[],\"locations\":[1,2,3,4],"
                        "\"strings\":[\"\",\"Foo\",\"h\\u00e9\\n\\\"x\\\" \\ud83d\\ude00 \\ud800!\",\"prop\"]}");
  if (!h) return;
  CHECK_EQ_INT(pk_heap_node_count(h), 3);
  CHECK_EQ_INT(pk_heap_edge_count(h), 2);
  CHECK_EQ_INT(pk_heap_node_kind_of(h, 1), PK_HEAP_NODE_OBJECT);
  CHECK_STR(pk_heap_node_name(h, 1), "Foo");
  CHECK_EQ_INT(pk_heap_node_id(h, 2), 5);
  CHECK_EQ_INT(pk_heap_node_self_size(h, 1), 32);
  CHECK_EQ_INT(pk_heap_node_detachedness(h, 1), 2);
  CHECK_EQ_INT(pk_heap_edge_target(h, 0), 1);
  CHECK_EQ_INT(pk_heap_edge_target(h, 1), 2);
  char buf[12];
  CHECK_STR(pk_heap_edge_name(h, 0, buf), "0");
  CHECK_STR(pk_heap_edge_name(h, 1, buf), "prop");
  /* é, newline, quotes, U+1F600 from a surrogate pair, a lone surrogate as U+FFFD */
  CHECK_STR(pk_heap_node_name(h, 2), "h\xc3\xa9\n\"x\" \xf0\x9f\x98\x80 \xef\xbf\xbd!");
  CHECK_EQ_INT(pk_heap_end_edge(h, 0), 2);
  CHECK_EQ_INT(pk_heap_first_edge(h, 1), 2);
  CHECK_EQ_INT(pk_heap_end_edge(h, 1), 2);
  pk_heap_free(h);
}

static void test_field_order(void) {
  /* fields in another order, without detachedness or trace_node_id */
  pk_heap *h = parse_ok(
      "{\"snapshot\":{\"meta\":{\"node_fields\":[\"edge_count\",\"self_size\",\"id\",\"name\",\"type\"],"
      "\"node_types\":[[\"synthetic\",\"object\"]],\"edge_fields\":[\"to_node\",\"type\",\"name_or_index\"],"
      "\"edge_types\":[[\"element\",\"property\"]]},\"node_count\":99999999},"
      "\"nodes\":[1,0,1,0,0, 0,24,3,1,1],\"edges\":[5,1,2],\"strings\":[\"\",\"Bar\",\"x\"]}");
  if (!h) return;
  CHECK_EQ_INT(pk_heap_node_count(h), 2);
  CHECK_STR(pk_heap_node_name(h, 1), "Bar");
  CHECK_EQ_INT(pk_heap_node_self_size(h, 1), 24);
  CHECK_EQ_INT(pk_heap_edge_target(h, 0), 1);
  CHECK_EQ_INT(pk_heap_edge_kind_of(h, 0), PK_HEAP_EDGE_PROPERTY);
  /* the header's 99999999 nodes did not size anything */
  CHECK(pk_heap_memory(h) < (size_t)4 << 20);
  CHECK_EQ_INT(pk_heap_analyze(h, NULL), 0);
  CHECK_EQ_INT(pk_heap_retained_size(h, 0), 24);
  pk_heap_free(h);
}

static void test_errors(void) {
  const char *nodes = "\"nodes\":[9,0,1,0,2,0,0,3,1,3,32,0,0,0,2,2,5,20,0,0,0],";
  char text[4096];
  /* to_node not a multiple of the node field count (7): at the edge's first byte */
  snprintf(text, sizeof text, META_V8 "%s\"edges\":[1,0,7,2,3,15],\"strings\":[\"\",\"a\",\"b\",\"c\"]}", nodes);
  parse_fails(text, PK_EPARSE, "to_node 15 is not a multiple of the node field count 7", (long long)(strstr(text, "2,3,15") - text));
  snprintf(text, sizeof text, META_V8 "%s\"edges\":[1,0,7,2,3,21],\"strings\":[\"\",\"a\",\"b\",\"c\"]}", nodes);
  parse_fails(text, PK_EPARSE, "to_node 21 points past the last node (3 nodes)", -1);
  snprintf(text, sizeof text, META_V8 "%s\"edges\":[1,0,7],\"strings\":[\"\",\"a\",\"b\",\"c\"]}", nodes);
  parse_fails(text, PK_EPARSE, "edge_count fields add up to 2 but \"edges\" holds 1 edges", -1);
  snprintf(text, sizeof text, META_V8 "%s\"edges\":[1,0,7,2,9,14],\"strings\":[\"\",\"a\",\"b\",\"c\"]}", nodes);
  parse_fails(text, PK_EPARSE, "edge name: string index 9 out of range (4 strings)", (long long)(strstr(text, "2,9,14") - text));
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,7,1,0,0,0,0],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "node name: string index 7 out of range (1 strings)", (long long)(strstr(text, "9,7,1") - text));
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,0,1,0,0,0],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "\"nodes\" ends inside a record: 6 values are not a multiple of 7", -1);
  /* truncated inside the strings */
  snprintf(text, sizeof text, META_V8 "%s\"edges\":[1,0,7,2,3,14],\"strings\":[\"\",\"a\",\"b", nodes);
  parse_fails(text, PK_EPARSE, "unexpected end of input inside a string", (long long)strlen(text));
  /* meta without edge_count */
  parse_fails("{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\"],\"node_types\":[[\"object\"]],"
              "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[\"element\"]]}},\"nodes\":[],\"edges\":[],\"strings\":[]}",
              PK_EPARSE, "snapshot.meta.node_fields lacks \"edge_count\"", 12);
  parse_fails("{\"nodes\":[1,2,3]}", PK_EPARSE, "\"nodes\" before the \"snapshot\" header", 1);
  parse_fails("[1,2]", PK_EPARSE, "expected '{'", 0);
  parse_fails("", PK_EPARSE, "empty input", 0);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,0,1,0,0,0,0.5],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "found a fraction", -1);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,0,1,-4,0,0,0],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "negative value in \"nodes\"", -1);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[99,0,1,0,0,0,0],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "type 99 is not one of the 10 node types", -1);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,0,1,0,0,0,0],\"edges\":[],\"strings\":[\"\\q\"]}");
  parse_fails(text, PK_EPARSE, "invalid escape \\q", -1);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[],\"edges\":[],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "the snapshot has no nodes", -1);
  snprintf(text, sizeof text, META_V8 "\"nodes\":[9,0,1,0,0,0,0],\"strings\":[\"\"]}");
  parse_fails(text, PK_EPARSE, "no \"edges\" array", -1);
}

/* Values past the narrow storage (self sizes of 2^32-1 and more, edge names
 * of 2^24-1 and more) and an edge type past the meta's list read back as
 * given, and the analysis sums the wide sizes. */
static void test_wide_values(void) {
  pk_heap *h = parse_ok(META_V8
                        "\"nodes\":[9,0,1,0,2,0,0,3,1,3,5000000000,1,0,0,1,2,5,4294967295,0,0,0],"
                        "\"edges\":[2,3,7,1,20000000,14,4,16777215,14],"
                        "\"strings\":[\"\",\"Foo\",\"x\",\"prop\"]}");
  if (!h) return;
  CHECK(pk_heap_node_self_size(h, 1) == 5000000000ull);
  CHECK(pk_heap_node_self_size(h, 2) == 4294967295ull);
  char buf[12];
  CHECK_STR(pk_heap_edge_name(h, 1, buf), "20000000");
  CHECK_EQ_INT(pk_heap_edge_kind_of(h, 1), PK_HEAP_EDGE_ELEMENT);
  CHECK_STR(pk_heap_edge_name(h, 2, buf), "16777215");
  CHECK_EQ_INT(pk_heap_edge_target(h, 2), 2);
  pk_heap_free(h);
  /* self sizes are kept in 16 bits: those from 65535 up are kept aside,
   * also when the shallow-size adjustment makes one that wide (the
   * hidden node, 2, is folded into its one owner, 1) */
  pk_error err;
  h = parse_ok(META_V8
               "\"nodes\":[9,0,1,0,1,0,0,3,1,3,65534,1,0,0,0,2,5,65535,0,0,0],"
               "\"edges\":[2,3,7,4,0,14],\"strings\":[\"\",\"Foo\",\"x\",\"prop\"]}");
  if (h) {
    CHECK(pk_heap_node_self_size(h, 1) == 65534);
    CHECK(pk_heap_node_self_size(h, 2) == 65535);
    CHECK_EQ_INT(pk_heap_analyze(h, &err), 0);
    CHECK(pk_heap_shallow_size(h, 1) == 65534 + 65535);
    CHECK(pk_heap_shallow_size(h, 2) == 0);
    CHECK(pk_heap_retained_size(h, 0) == 65534 + 65535);
  }
  pk_heap_free(h);
  /* an edge type past the list (9 of 7), analysed */
  h = parse_ok(META_V8
               "\"nodes\":[9,0,1,0,2,0,0,3,1,3,5000000000,1,0,0,1,2,5,4294967295,0,0,0],"
               "\"edges\":[2,3,7,1,20000000,14,9,2,14],"
               "\"strings\":[\"\",\"Foo\",\"x\",\"prop\"]}");
  if (h) CHECK_EQ_INT(pk_heap_analyze(h, &err), 0);
  if (h) CHECK_STR(pk_heap_edge_type_name(h, 2), "unknown");
  if (h) CHECK_EQ_INT(pk_heap_edge_target(h, 2), 2);
  if (h) CHECK(pk_heap_retained_size(h, 0) == 5000000000ull + 4294967295ull);
  pk_heap_free(h);
  /* an edge's type shares 32 bits with its target: at most 15 edge types */
  parse_fails("{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"],"
              "\"node_types\":[[\"object\"]],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
              "\"edge_types\":[[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\"]]}},"
              "\"nodes\":[],\"edges\":[],\"strings\":[]}",
              PK_EPARSE, "snapshot.meta.edge_types has too many entries", 12);
}

/* Node ids keep 3 bytes until one needs a fourth; the top bytes then
 * start zeroed for the nodes before it and grow with the node arrays
 * (5000 nodes: past the first capacity of 4096). */
static uint32_t id_of(size_t i) { return i == 1 ? 16777216u : i % 3 == 0 ? 4294967295u - (uint32_t)i : 2 * (uint32_t)i + 1; }

static void test_wide_ids(void) {
  enum { NODES = 5000 };
  size_t cap = strlen(META_V8) + NODES * 40 + 64, len = 0;
  char *text = malloc(cap);
  if (!text) return;
  len += (size_t)snprintf(text + len, cap - len, "%s\"nodes\":[", META_V8);
  for (size_t i = 0; i < NODES; i++)
    len += (size_t)snprintf(text + len, cap - len, "%s%d,1,%u,1,0,0,0", i ? "," : "", i ? 3 : 9, i ? id_of(i) : 16777215u);
  snprintf(text + len, cap - len, "],\"edges\":[],\"strings\":[\"\",\"Foo\"]}");
  pk_heap *h = parse_ok(text);
  free(text);
  if (!h) return;
  CHECK_EQ_INT(pk_heap_node_count(h), NODES);
  CHECK(pk_heap_node_id(h, 0) == 16777215u);
  size_t wrong = 0;
  for (size_t i = 1; i < NODES; i++) wrong += pk_heap_node_id(h, (uint32_t)i) != id_of(i);
  CHECK_EQ_INT(wrong, 0);
  pk_heap_free(h);
}

static void test_load_gzip_and_truncated(void) {
  const char *dir = getenv("PK_TESTDATA");
  char path[1024];
  snprintf(path, sizeof path, "%s/heap/leak-1.heapsnapshot.gz", dir ? dir : "testdata");
  pk_heap *h = NULL;
  pk_error err;
  CHECK_EQ_INT(pk_heap_load(&h, path, NULL, &err), 0);
  if (h) CHECK(pk_heap_node_count(h) > 10000);
  pk_heap_free(h);
  snprintf(path, sizeof path, "%s/heap/errors/truncated.heapsnapshot", dir ? dir : "testdata");
  CHECK_EQ_INT(pk_heap_load(&h, path, NULL, &err), PK_EPARSE);
  CHECK(strstr(err.message, "unexpected end of input") != NULL);
  CHECK(strstr(err.path, "truncated.heapsnapshot") != NULL);
  CHECK_EQ_INT(pk_heap_load(&h, "/nonexistent/x.heapsnapshot", NULL, &err), PK_EIO);
}

int main(void) {
  test_valid();
  test_field_order();
  test_errors();
  test_wide_values();
  test_wide_ids();
  test_load_gzip_and_truncated();
  return pk_check_exit("test_heap_parse");
}
