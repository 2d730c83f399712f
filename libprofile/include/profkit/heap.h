/*
 * heap.h - V8 heap snapshots (.heapsnapshot): the graph, its dominator
 * tree and retained sizes, computed by Chrome DevTools' rules.
 *
 *   pk_heap
 *   +-- strings   one block of unescaped bytes + offsets   (snapshot.strings)
 *   +-- nodes     struct of arrays, one entry per node:
 *   |               type, name, id, self size, first edge, detachedness
 *   +-- edges     struct of arrays: type, name-or-index, target node
 *   |               (edges of node i are first_edge[i] .. first_edge[i+1])
 *   +-- analysis  (pk_heap_analyze) shallow size after DevTools' owner
 *                   adjustment, immediate dominator, retained size,
 *                   distance from the user roots, class of every node
 *
 * Nodes and edges are numbered from 0 (node 0 is the snapshot root); file
 * byte offsets are 64-bit, node and edge counts are limited to 2^32 - 1
 * (a 40 GB snapshot).  The parser streams: the integer arrays go straight
 * into these arrays, never through a JSON tree.
 *
 * Ownership: a pk_heap owns everything it returns; strings and pointers stay
 * valid until pk_heap_free.
 */
#ifndef PROFKIT_HEAP_H
#define PROFKIT_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profkit/error.h"
#include "profkit/progress.h"
#include "profkit/source.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_heap pk_heap;

#define PK_HEAP_NONE UINT32_MAX

/* Node types V8 writes (snapshot.meta.node_types[0]), matched by name. */
typedef enum pk_heap_node_kind {
  PK_HEAP_NODE_HIDDEN, PK_HEAP_NODE_ARRAY, PK_HEAP_NODE_STRING, PK_HEAP_NODE_OBJECT,
  PK_HEAP_NODE_CODE, PK_HEAP_NODE_CLOSURE, PK_HEAP_NODE_REGEXP, PK_HEAP_NODE_NUMBER,
  PK_HEAP_NODE_NATIVE, PK_HEAP_NODE_SYNTHETIC, PK_HEAP_NODE_CONS_STRING,
  PK_HEAP_NODE_SLICED_STRING, PK_HEAP_NODE_SYMBOL, PK_HEAP_NODE_BIGINT,
  PK_HEAP_NODE_OBJECT_SHAPE, PK_HEAP_NODE_OTHER
} pk_heap_node_kind;

/* Edge types (snapshot.meta.edge_types[0]), matched by name. */
typedef enum pk_heap_edge_kind {
  PK_HEAP_EDGE_CONTEXT, PK_HEAP_EDGE_ELEMENT, PK_HEAP_EDGE_PROPERTY, PK_HEAP_EDGE_INTERNAL,
  PK_HEAP_EDGE_HIDDEN, PK_HEAP_EDGE_SHORTCUT, PK_HEAP_EDGE_WEAK, PK_HEAP_EDGE_INVISIBLE,
  PK_HEAP_EDGE_OTHER
} pk_heap_edge_kind;

#define PK_HEAP_OPTIONS_VERSION 1

typedef struct pk_heap_options {
  unsigned version;     /* PK_HEAP_OPTIONS_VERSION, set by PK_HEAP_OPTIONS_INIT */
  pk_source_limits limits;  /* decompression bounds for gzip'd snapshots */
  /* how far reading got: phase "reading", bytes of the file (see progress.h) */
  pk_progress progress;
  /* Threads the snapshot's parse and analysis may use, this one included:
   * 0 or 1 = none started (everything on the caller's thread), 2 = one
   * helper at a time (the default; results are the same either way). */
  int threads;
} pk_heap_options;

#define PK_HEAP_DEFAULT_THREADS 2
#define PK_HEAP_OPTIONS_INIT \
  {.version = PK_HEAP_OPTIONS_VERSION, .limits = PK_SOURCE_LIMITS_INIT, .threads = PK_HEAP_DEFAULT_THREADS}

/* ---- loading ---- */
/* Reads and validates a snapshot (plain or gzip; "-" = stdin).  Errors name
 * the file and the byte offset (in the decompressed text) of the problem. */
int pk_heap_load(pk_heap **out, const char *path, const pk_heap_options *opts, pk_error *err);
/* The same from memory; name is used in errors; PK_HEAP_DEFAULT_THREADS. */
int pk_heap_parse(pk_heap **out, const char *buf, size_t len, const char *name, pk_error *err);
void pk_heap_free(pk_heap *h);

/* Measuring: the heap engine's phase marks (seconds since the first mark,
 * resident and peak memory, the phase's name; one line each) go to out;
 * NULL, the default, writes none.  Set it before loading: the marks are
 * written by the threads of whichever load or analysis is running. */
void pk_heap_phase_log(FILE *out);

/* ---- analysis (DevTools rules; see docs/heap.md) ---- */
/* Shallow-size adjustment, dominators, retained sizes, distances, classes.
 * Idempotent; every accessor below the line needs it.  Uses the threads
 * given when the snapshot was loaded (pk_heap_options.threads). */
int pk_heap_analyze(pk_heap *h, pk_error *err);

/* ---- raw graph ---- */
size_t pk_heap_node_count(const pk_heap *h);
size_t pk_heap_edge_count(const pk_heap *h);
size_t pk_heap_string_count(const pk_heap *h);
const char *pk_heap_string(const pk_heap *h, uint32_t index, size_t *len);
const char *pk_heap_path(const pk_heap *h);

pk_heap_node_kind pk_heap_node_kind_of(const pk_heap *h, uint32_t node);
/* The node type name as the file spells it ("object", "closure", ...). */
const char *pk_heap_node_type_name(const pk_heap *h, uint32_t node);
const char *pk_heap_node_name(const pk_heap *h, uint32_t node);
uint32_t pk_heap_node_id(const pk_heap *h, uint32_t node);
/* Self size as the file states it; after pk_heap_analyze, the adjusted
 * shallow size (the adjustment is done in place, as DevTools does). */
uint64_t pk_heap_node_self_size(const pk_heap *h, uint32_t node);
/* 0 unknown, 1 attached, 2 detached (after DOM-state propagation). */
int pk_heap_node_detachedness(const pk_heap *h, uint32_t node);
uint32_t pk_heap_first_edge(const pk_heap *h, uint32_t node);
/* One past the node's last edge. */
uint32_t pk_heap_end_edge(const pk_heap *h, uint32_t node);

pk_heap_edge_kind pk_heap_edge_kind_of(const pk_heap *h, uint32_t edge);
const char *pk_heap_edge_type_name(const pk_heap *h, uint32_t edge);
uint32_t pk_heap_edge_target(const pk_heap *h, uint32_t edge);
/* Edge name: the string for named edges, the decimal index for element and
 * hidden edges (written into buf, which must hold 12 bytes). */
const char *pk_heap_edge_name(const pk_heap *h, uint32_t edge, char *buf);

/* extra_native_bytes from the header (0 if absent). */
uint64_t pk_heap_extra_native_bytes(const pk_heap *h);

/* ---- analysis results (after pk_heap_analyze) ---- */
/* Shallow size after DevTools' adjustment: hidden/array nodes with exactly
 * one owner count toward the owner, and are 0 themselves. */
uint64_t pk_heap_shallow_size(const pk_heap *h, uint32_t node);
uint64_t pk_heap_retained_size(const pk_heap *h, uint32_t node);
/* Immediate dominator (the root's is itself). */
uint32_t pk_heap_dominator(const pk_heap *h, uint32_t node);
/* BFS distance from the user roots over non-weak edges; nodes reached only
 * from system roots get 100000000 + d; PK_HEAP_NONE if unreachable. */
uint32_t pk_heap_distance(const pk_heap *h, uint32_t node);
/* True if the node was reachable from the root only through weak edges or
 * not at all (it is then attached to the root, as DevTools does). */
bool pk_heap_is_orphan(const pk_heap *h, uint32_t node);

/* Classes (DevTools' "Constructor" column): "Foo", "(string)", "(system)",
 * "Function", "{a, b}" ... */
size_t pk_heap_class_count(const pk_heap *h);
uint32_t pk_heap_node_class(const pk_heap *h, uint32_t node);
const char *pk_heap_class_name(const pk_heap *h, uint32_t cls);

/* DevTools' "Statistics" pie, in bytes. */
typedef struct pk_heap_stats {
  uint64_t total;        /* root retained size + extra native bytes */
  uint64_t v8heap;       /* total - native */
  uint64_t native;       /* native nodes + extra native bytes */
  uint64_t typed_arrays; /* native "system / JSArrayBufferData" */
  uint64_t code;
  uint64_t strings;
  uint64_t js_arrays;    /* Array objects + their elements store if singly owned */
  uint64_t system;       /* hidden nodes */
  uint64_t unreachable;  /* shallow size of nodes not reachable from the root */
  size_t unreachable_count;
} pk_heap_stats;

void pk_heap_statistics(const pk_heap *h, pk_heap_stats *out);

/* Frees the edges, strings and per-node data that pk_heap_report_build and
 * pk_heap_flame_profile do not need (they use classes, ids, shallow and
 * retained sizes, the dominator tree and the statistics), so a diff of big
 * snapshots holds one full graph at a time.  Retainer paths need the graph
 * of the last snapshot: keep it.  After this only pk_heap_shallow_size,
 * pk_heap_retained_size, pk_heap_dominator, the class accessors,
 * pk_heap_node_id, pk_heap_node_count, pk_heap_path and
 * pk_heap_statistics are valid.
 * The memory is given back on a helper thread (pk_heap_free joins it), so
 * the caller's report overlaps with it. */
void pk_heap_drop_graph(pk_heap *h);

/* Bytes held by the pk_heap's arrays (for memory reports). */
size_t pk_heap_memory(const pk_heap *h);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
