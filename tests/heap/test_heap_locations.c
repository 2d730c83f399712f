/*
 * test_heap_locations.c - the snapshot's "locations" as heapdiff keeps
 * them: one entry per function a located closure points at (objects'
 * records and repeats dropped, records in any node order), the script's
 * name found by edges in both V8 layouts (script_or_debug_info / script,
 * five location fields with script_object_index), 1-based sites, and
 * meta that does not name the four fields leaving the array unchecked as
 * before.  Hostile records (range, multiple, past the last node, field
 * count) are error fixtures in testdata/heap/errors.
 */
#include <stdlib.h>

#include "check.h"
#include "heap/heap_internal.h"
#include "heap/report/report_internal.h"

#define META(location_fields)                                                                                      \
  "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\",\"detachedness\"]," \
  "\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\",\"native\","  \
  "\"synthetic\"]],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[\"context\",\"element\","  \
  "\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"]]" location_fields "},\"node_count\":7,\"edge_count\":7},"

/* root -> two closures of one function (its SharedFunctionInfo, node 3,
 * whose Script, node 4, is named by string node 6) and an object. */
#define GRAPH(script_edge)                                                                                  \
  "\"nodes\":[9,0,1,0,3,0, 5,1,3,32,1,0, 5,1,5,32,1,0, 4,1,7,40,1,0, 4,3,9,50,1,0, 3,2,11,16,0,0, 2,4,13,20,0,0]," \
  "\"edges\":[2,8,6,2,9,12,2,10,30, 3,5,18, 3,5,18, 3," script_edge ",24, 3,7,36],"
#define STRINGS                                                                                                  \
  "\"strings\":[\"\",\"handler\",\"Foo\",\"system / Script\",\"/app/bundle.js\",\"shared\",\"script_or_debug_info\"," \
  "\"name\",\"a\",\"b\",\"o\",\"script\"]}"

static pk_heap *parse_ok(const char *text) {
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_parse(&h, text, strlen(text), "t.heapsnapshot", &err);
  if (rc != 0) fprintf(stderr, "unexpected error: %s\n", err.message);
  CHECK_EQ_INT(rc, 0);
  return h;
}

static void test_kept_per_function(void) {
  /* the object's record first, then the closures from the last node back */
  pk_heap *h = parse_ok(META(",\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]")
                            GRAPH("6") "\"locations\":[30,7,0,0,12,7,4,10,6,7,4,10]," STRINGS);
  if (!h) return;
  CHECK_EQ_INT(h->locations.count, 1);
  CHECK(h->locations.raw == NULL);
  CHECK_EQ_INT(h->locations.list[0].shared, 3);
  CHECK_EQ_INT(h->locations.list[0].script_id, 7);
  CHECK_EQ_INT(h->locations.list[0].line, 4);
  CHECK_EQ_INT(h->locations.list[0].column, 10);
  heap_site site;
  CHECK_EQ_INT(heap_closure_site(h, 1, &site), 0);
  CHECK_STR(site.file, "/app/bundle.js");
  CHECK_EQ_INT(site.line, 5);
  CHECK_EQ_INT(site.column, 11);
  CHECK_EQ_INT(heap_closure_site(h, 2, &site), 0);
  CHECK_EQ_INT(heap_closure_site(h, 5, &site), -1);  /* an object: no site */
  CHECK_EQ_INT(heap_closure_site(h, 3, &site), -1);
  pk_heap_free(h);
}

/* The site of closure node 1 in text. */
static void check_site(const char *text, const char *file, uint32_t script_id, uint32_t line, uint32_t column) {
  pk_heap *h = parse_ok(text);
  if (!h) return;
  heap_site site;
  CHECK_EQ_INT(heap_closure_site(h, 1, &site), 0);
  CHECK_STR(site.file, file);
  CHECK_EQ_INT(site.script_id, script_id);
  CHECK_EQ_INT(site.line, line);
  CHECK_EQ_INT(site.column, column);
  pk_heap_free(h);
}

static void test_script_names(void) {
  /* d8's five fields (script_object_index) and the "script" edge of newer V8 */
  check_site(META(",\"location_fields\":[\"object_index\",\"script_id\",\"script_object_index\",\"line\",\"column\"]")
                 GRAPH("11") "\"locations\":[6,2,24,0,38]," STRINGS,
             "/app/bundle.js", 2, 1, 39);
  /* the SharedFunctionInfo's edge is neither name V8 uses: no file */
  check_site(META(",\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]")
                 GRAPH("8") "\"locations\":[6,3,1,2]," STRINGS,
             "", 3, 2, 3);
}

static void test_not_kept(void) {
  /* no location_fields, or without "column": checked as integers only, any count */
  const char *cases[] = {META("") GRAPH("6") "\"locations\":[6,7,4]," STRINGS,
                         META(",\"location_fields\":[\"object_index\",\"script_id\",\"line\"]")
                             GRAPH("6") "\"locations\":[6,7,4,1,2]," STRINGS};
  for (size_t i = 0; i < 2; i++) {
    pk_heap *h = parse_ok(cases[i]);
    if (!h) continue;
    CHECK_EQ_INT(h->locations.count, 0);
    heap_site site;
    CHECK_EQ_INT(heap_closure_site(h, 1, &site), -1);
    pk_heap_free(h);
  }
}

static void test_before_nodes(void) {
  /* an order V8 does not write: still read, checked against the nodes at the end */
  pk_heap *h = parse_ok(META(",\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]")
                            "\"locations\":[12,7,4,10]," GRAPH("6") STRINGS);
  if (!h) return;
  CHECK_EQ_INT(h->locations.count, 1);
  pk_heap_free(h);
}

int main(void) {
  test_kept_per_function();
  test_script_names();
  test_not_kept();
  test_before_nodes();
  return pk_check_exit("test_heap_locations");
}
