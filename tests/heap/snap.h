/*
 * snap.h - building small heap snapshots as JSON text for the heap tests.
 *
 * A graph is given as nodes {type, name, self size, id} and edges {from,
 * type, name, to}; snap_json writes the .heapsnapshot text V8 would, with
 * V8's current type lists, so each test states its graph in a few lines.
 */
#ifndef SNAP_H
#define SNAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct snap_node { const char *type, *name; unsigned self, id, detached; } snap_node;
typedef struct snap_edge { unsigned from; const char *type, *name; unsigned to; } snap_edge;

static const char *const snap_node_types[] = {"hidden", "array", "string", "object", "code", "closure", "regexp",
                                              "number", "native", "synthetic", "concatenated string",
                                              "sliced string", "symbol", "bigint", "object shape"};
static const char *const snap_edge_types[] = {"context", "element", "property", "internal", "hidden", "shortcut", "weak"};

static int snap_index(const char *const *list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0) return (int)i;
  return -1;
}

/* Returns malloc'd JSON; strings are the node names then the edge names. */
static char *snap_json(const snap_node *nodes, size_t n_nodes, const snap_edge *edges, size_t n_edges) {
  size_t cap = 65536 + 256 * (n_nodes + n_edges);
  char *out = malloc(cap);
  size_t len = 0;
#define PUT(...) len += (size_t)snprintf(out + len, cap - len, __VA_ARGS__)
  PUT("{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\",\"detachedness\"],"
      "\"node_types\":[[");
  for (size_t i = 0; i < sizeof snap_node_types / sizeof *snap_node_types; i++) PUT("%s\"%s\"", i ? "," : "", snap_node_types[i]);
  PUT("],\"string\",\"number\",\"number\",\"number\",\"number\",\"number\"],"
      "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[");
  for (size_t i = 0; i < sizeof snap_edge_types / sizeof *snap_edge_types; i++) PUT("%s\"%s\"", i ? "," : "", snap_edge_types[i]);
  PUT("],\"string_or_number\",\"node\"]},\"node_count\":%zu,\"edge_count\":%zu},\n\"nodes\":[", n_nodes, n_edges);
  for (size_t i = 0; i < n_nodes; i++) {
    unsigned count = 0;
    for (size_t e = 0; e < n_edges; e++) count += edges[e].from == i;
    PUT("%s%d,%zu,%u,%u,%u,%u\n", i ? "," : "", snap_index(snap_node_types, 15, nodes[i].type), i,
        nodes[i].id ? nodes[i].id : (unsigned)(2 * i + 1), nodes[i].self, count, nodes[i].detached);
  }
  PUT("],\n\"edges\":[");
  int first = 1;
  for (size_t i = 0; i < n_nodes; i++)
    for (size_t e = 0; e < n_edges; e++) {
      if (edges[e].from != i) continue;
      int type = snap_index(snap_edge_types, 7, edges[e].type);
      int indexed = type == 1 || type == 4;
      PUT("%s%d,%lu,%u\n", first ? "" : ",", type, indexed ? strtoul(edges[e].name, NULL, 10) : (unsigned long)(n_nodes + e),
          edges[e].to * 6);
      first = 0;
    }
  PUT("],\n\"strings\":[");
  for (size_t i = 0; i < n_nodes; i++) PUT("%s\"%s\"", i ? "," : "", nodes[i].name);
  for (size_t e = 0; e < n_edges; e++) PUT(",\"%s\"", edges[e].name);
  PUT("]}\n");
#undef PUT
  return out;
}

#endif
