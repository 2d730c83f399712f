/*
 * heap/parse/snapshot_reader_internal.h - what heap/parse/snapshot_reader.c shares with heap/parse/edges_two_threads.c.
 *
 * The parse state (parse_ctx), the edge check and store both threads run
 * on every edge record (put_edge, inline in each), the one-shot array
 * reservation, the member loop, and the four steps of the two-thread
 * "edges" parse.  Only
 * those two files include it.
 */
#ifndef PK_HEAP_PARSE_INTERNAL_H
#define PK_HEAP_PARSE_INTERNAL_H

#include "heap/heap_internal.h"
#include "platform/pages.h"
#include "heap/parse/byte_window.h"

enum { NF_TYPE, NF_NAME, NF_ID, NF_SELF, NF_EDGES, NF_DETACHED, NF_COUNT };
enum { EF_TYPE, EF_NAME, EF_TO, EF_COUNT };
enum { LF_OBJECT, LF_SCRIPT, LF_LINE, LF_COLUMN, LF_COUNT };

typedef struct max_index {  /* the largest string index seen and where */
  uint64_t value, at;
  int seen;
} max_index;

static inline void max_index_note(max_index *m, uint64_t value, uint64_t at) {
  if (!m->seen || value > m->value) *m = (max_index){value, at, 1};
}

typedef struct parse_ctx {
  pk_heap *h;
  heap_scan *s;
  int have_meta, have_nodes, have_edges, have_strings;
  unsigned have_ints;     /* bits: locations, samples, trace_function_infos */
  size_t node_width, edge_width;
  int nfield[NF_COUNT];   /* position of each field in a node record, -1 if absent */
  int efield[EF_COUNT];
  int lfield[LF_COUNT];   /* position of each field in a location record */
  size_t location_width;  /* fields per location record; 0: "locations" is only checked, not kept */
  uint64_t edge_sum;
  uint64_t width_magic;             /* to_node / node_width as a multiply (see node_of) */
  unsigned width_shift;
  max_index node_name, edge_name;  /* checked against the strings at the end */
  uint64_t input_size;              /* bytes in the whole input, 0 if unknown (gzip, stdin) */
  uint64_t announced_nodes;         /* snapshot.node_count, only a hint */
  uint64_t announced_edges;         /* snapshot.edge_count, only a hint */
  uint64_t node_limit;              /* targets must be below (n_nodes, or no check on the second thread) */
  uint64_t max_target;              /* the largest target stored */
  uint64_t edges_at;                /* the byte after the edges array's '[' */
  uint64_t meta_at;
  const char *memory;               /* the whole input when parsing memory, else NULL */
  const char *file_path;            /* a plain file's path (for the second reader), else NULL */
  size_t split_edge;                /* where the second thread's half of "edges" starts, SIZE_MAX if none */
  struct edge_half *half;
} parse_ctx;

/* edge_record's answer when the second thread has stored the rest. */
#define SPLIT_DONE (-1000)

#define EDGE_ARRAYS(h) {(void **)&(h)->eto, (void **)&(h)->ename}
static const size_t edge_sizes[] = {4, 3};

/* Allocates the arrays once for `announced` records of `width` fields when
 * the input's size is known (bounded by what the rest of it can hold) and
 * lists them in *pf for mapping; leaves them alone (growth) otherwise. */
void heap_parse_reserve(parse_ctx *c, uint64_t announced, size_t width, size_t *cap, void **arrays[],
                        const size_t sizes[], size_t count, heap_prefault *pf);

static inline uint64_t node_of(const parse_ctx *c, uint64_t to) {
  if (to > UINT32_MAX) return to / c->node_width;
  return (uint64_t)(((unsigned __int128)to * c->width_magic) >> c->width_shift);
}

/* Checks and stores edge i (one of the reserved or grown slots); wide names
 * go to `wide`, the largest name index to `names`. */
static inline int put_edge(parse_ctx *c, size_t i, const int64_t *v, uint64_t at, heap_wide *wide,
                           max_index *names) {
  const pk_heap *h = c->h;
  uint64_t type = (uint64_t)v[c->efield[EF_TYPE]], name = (uint64_t)v[c->efield[EF_NAME]];
  uint64_t to = (uint64_t)v[c->efield[EF_TO]];
  if (type >= HEAP_MAX_TYPES)
    return heap_scan_error(c->s, at, "edge %zu: type %llu is not one of the %zu edge types", i,
                           (unsigned long long)type, h->n_edge_types);
  uint64_t target = node_of(c, to);
  if (target * c->node_width != to)
    return heap_scan_error(c->s, at, "edge %zu: to_node %llu is not a multiple of the node field count %zu",
                           i, (unsigned long long)to, c->node_width);
  if (target >= c->node_limit)
    return heap_scan_error(c->s, at, "edge %zu: to_node %llu points past the last node (%zu nodes)",
                           i, (unsigned long long)to, h->n_nodes);
  if (target > c->max_target) c->max_target = target;
  if (name > UINT32_MAX) return heap_scan_error(c->s, at, "edge %zu: name_or_index out of range", i);
  if (type >= h->n_edge_types) type = HEAP_EDGE_TYPE_UNKNOWN;
  h->eto[i] = (uint32_t)target | (uint32_t)type << HEAP_TYPE_SHIFT;
  uint32_t narrow = name < HEAP_WIDE_NAME ? (uint32_t)name : HEAP_WIDE_NAME;
  heap_set24(h->ename, i, narrow);
  if (narrow == HEAP_WIDE_NAME && heap_wide_set(wide, (uint32_t)i, name) < 0) return heap_oom(c->s->err, h);
  if (heap_edge_named((pk_heap_edge_kind)h->edge_kind[type])) max_index_note(names, name, at);
  return 0;
}

/* heap/parse/locations.c: stores one "locations" record (a heap_record_fn
 * on the parse_ctx), and, after the parse, turns the stored records into
 * the per-function list (needs the edge index and the strings). */
int heap_location_record(void *ctx, const int64_t *v, uint64_t at);
int heap_locations_finish(parse_ctx *c);

/* Parses the members that follow while a ',' comes next; the scanner is
 * left at the byte after them (the object's '}' when well formed). */
int heap_parse_more_members(parse_ctx *c);

/* The two-thread "edges" parse (heap/parse/edges_two_threads.c).  start: at the nodes
 * array (nodes_at: the byte after its '['), reserves the edge arrays and
 * starts the second thread if the input is worth it (sets c->split_edge,
 * else SIZE_MAX).  join: waits for it; 1 if its half is stored and valid.
 * merge: after SPLIT_DONE, takes its half over (count, wide names, largest
 * indexes, scanner position: the end of the edges).  take_tail: then the
 * members it parsed after the edges, if they parsed well (the scanner
 * moves past them).  Both return 0 or a negative pk_status.  free: joins
 * and releases it (NULL-safe, idempotent). */
void heap_split_start(parse_ctx *c, uint64_t nodes_at);
int heap_split_join(parse_ctx *c);
int heap_split_merge(parse_ctx *c);
int heap_split_take_tail(parse_ctx *c);
void heap_split_free(parse_ctx *c);

#endif
