/*
 * heap/heap_internal.h - the pk_heap struct shared by the heap_*.c files.
 *
 * Everything is a flat array indexed by node or edge number.  The parser
 * (heap/parse/snapshot_reader.c) fills the raw graph; heap/analysis/graph_facts.c derives edge offsets and
 * flags; heap/analysis/dominators.c, heap/analysis/distances.c, heap/analysis/classes.c and heap/analysis/analyze.c fill the
 * analysis arrays.  Arrays are malloc'd and freed by pk_heap_free.
 */
#ifndef PK_HEAP_INTERNAL_H
#define PK_HEAP_INTERNAL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/heap.h"
#include "util/name_table.h"
#include "heap/packed_narrow.h"
#include "platform/compiler.h"
#include "platform/phase_marks.h"
#include "platform/threads.h"
#include "heap/packed_wide.h"

#define HEAP_MAX_TYPES 64
#define HEAP_DISTANCE_SYSTEM 100000000u
/* Class ids in 16 bits pass this base to heap_narrow_one / heap_widen, so
 * every id below 0xffff fits as itself (heap/packed_narrow.h). */
#define HEAP_CLASS_BASE 0x8000u

/* An edge's target and file type share 32 bits (pk_heap.eto), which bounds
 * the node count and the edge types a meta may list (one more type index,
 * HEAP_EDGE_TYPE_UNKNOWN, stands for those past the list). */
#define HEAP_TYPE_SHIFT 28
#define HEAP_TO_MASK ((1u << HEAP_TYPE_SHIFT) - 1)
#define HEAP_MAX_NODES HEAP_TO_MASK
#define HEAP_EDGE_TYPE_UNKNOWN ((1u << (32 - HEAP_TYPE_SHIFT)) - 1)
/* Sentinels of values kept in pk_heap.wide_sizes, wide_retained / wide_names. */
#define HEAP_WIDE_SELF 0xffffu
#define HEAP_WIDE_SIZE UINT32_MAX
#define HEAP_WIDE_NAME 0xffffffu

/* Strings the analysis tests node and edge names against (pk_heap.stag),
 * so the hot loops compare a bit, not a string. */
enum {
  TAG_OBJECT = 1 << 0,           /* "Object" */
  TAG_MAP_DESCRIPTORS = 1 << 1,  /* "(map descriptors)" */
  TAG_NATIVE_CONTEXT = 1 << 2,   /* "system / NativeContext" */
  TAG_SLOPPY_MAP = 1 << 3,       /* "sloppy_function_map" */
  TAG_ELEMENTS = 1 << 4,         /* "elements" */
  TAG_ARRAY = 1 << 5,            /* "Array" */
  TAG_EXTERNAL_STRING = 1 << 6,  /* "system / ExternalStringData" */
  TAG_ARRAY_BUFFER = 1 << 7,     /* "system / JSArrayBufferData" */
  TAG_DOM_TREES = 1 << 8,        /* "(Document DOM trees)" */
  TAG_PROTO = 1 << 9,            /* "__proto__" */
  TAG_DETACHED = 1 << 10,        /* starts with "Detached " */
  TAG_WEAKMAP_EDGE = 1 << 11     /* a WeakMap ephemeron edge name (heap_weakmap_table_id) */
};

/* Where functions are defined (heap/parse/locations.c).  While parsing,
 * the "locations" records as varints (object node delta, script id, line,
 * column: about 6 bytes a record); at the end of the parse they become one
 * entry per SharedFunctionInfo a located closure points at (its "shared"
 * edge), sorted by that node, and the varints are freed: the entries are as
 * many as the functions that have closures, not as the closures. */
typedef struct heap_location {
  uint32_t shared;           /* the SharedFunctionInfo node */
  uint32_t script_id;
  uint32_t line, column;     /* 0-based, as V8 writes them */
} heap_location;

typedef struct heap_locations {
  uint8_t *raw;              /* while parsing */
  size_t raw_len, raw_cap, raw_records;
  size_t raw_records_seen;   /* records read but not stored (objects that are no closure) */
  uint64_t last_node;        /* the previous record's node (for the delta) */
  uint64_t max_object, max_object_at;  /* the largest object_index and where (checked at the end) */
  heap_location *list;       /* after parsing */
  size_t count;
} heap_locations;

/* Strings the analysis never reads, the values of string nodes, are not
 * kept in memory when the snapshot is a plain file (or is big, then in a
 * scratch file, heap_reread_spill): after the parse they
 * leave sdata, soff32 and stag (they have no slot, heap_str_slot) and are
 * read back from the file when asked for (heap/parse/string_reread.c). */
typedef struct heap_reread {
  uint64_t *at;              /* offset of strings 0, 64, 128, ... in the file (plain or scratch) */
  size_t at_len, at_cap;
  int fd;                    /* the file, open since before the parse, or a scratch file; -1 if none */
  size_t dropped;            /* strings left in the file */
  heap_wide loaded;          /* string index -> a heap_reread_text read back */
  pk_mutex lock;             /* for loaded (public readers may be on several threads) */
} heap_reread;

/* Once the values are dropped, soff32 and stag hold the kept strings only,
 * in order, and a string's slot there is its rank among them: a bit and a
 * count per 64 strings (a quarter of a byte a string, where an offset and
 * a tag take six, and most strings of a big snapshot are values). */
typedef struct heap_kept_block {
  uint64_t bits;             /* which of the block's 64 strings are kept */
  uint32_t before;           /* kept strings before the block */
} heap_kept_block;

/* Node flags (pk_heap.flags). */
enum {
  HEAP_FLAG_PAGE = 1,      /* reachable from a Window / DOM tree root (page-owned) */
  HEAP_FLAG_ORPHAN = 2,    /* reached only weakly or not at all */
  HEAP_FLAG_DETACHED = 4   /* detached DOM / native node */
};

struct pk_heap {
  char *path;
  /* meta */
  size_t n_node_types, n_edge_types;
  char *node_type_names[HEAP_MAX_TYPES];
  char *edge_type_names[HEAP_MAX_TYPES];
  uint8_t node_kind[HEAP_MAX_TYPES];  /* file type index -> pk_heap_node_kind */
  uint8_t edge_kind[HEAP_MAX_TYPES];  /* file type index -> pk_heap_edge_kind */
  uint64_t extra_native_bytes;
  uint64_t announced_nodes, announced_edges;  /* meta node_count / edge_count (0 if absent) */

  /* nodes */
  size_t n_nodes, nodes_cap;
  uint8_t *ntype;       /* file type index (below HEAP_MAX_TYPES) | detachedness 0..3 << 6 */
  uint8_t *nname;       /* nname_width bytes each, little-endian: string index (heap_nname) */
  unsigned nname_width; /* 3 while parsing; 4 after if the wide names would cost more (snapshot_reader.c) */
  heap_wide wide_nnames; /* names of nodes whose 3-byte nname is HEAP_WIDE_NAME */
  uint8_t *nid;         /* node ids: their low 3 bytes each (heap_nid) */
  uint8_t *nid_high;    /* their top byte, a byte a node; NULL while every id is below 2^24 */
  uint16_t *nself;      /* self size from the file, shallow size once adjusted (heap_size) */
  heap_wide wide_sizes; /* sizes of nodes whose nself is HEAP_WIDE_SELF */
  uint32_t *nedges;     /* edge_count while parsing; first edge after (n_nodes + 1 entries) */

  /* edges */
  size_t n_edges, edges_cap;
  uint32_t *eto;        /* target node number | file type index << HEAP_TYPE_SHIFT */
  uint8_t *ename;       /* 3 bytes each, little-endian: string index or element index (heap_ename) */
  heap_wide wide_names; /* names of edges whose ename is HEAP_WIDE_NAME */

  heap_locations locations;

  /* strings */
  size_t n_strings, strings_cap;
  uint64_t *soff;       /* n_strings + 1 offsets into sdata while parsing, or if sdata is 4 GB or more */
  uint32_t *soff32;     /* else the same in 32 bits (soff NULL), by slot (heap_str_slot) */
  heap_kept_block *kept; /* once values are dropped (string_reread.c); NULL: a string's slot is its index */
  size_t n_kept;        /* slots when kept is set */
  char *sdata;
  size_t sdata_len, sdata_cap;

  uint16_t *stag;       /* TAG_* bits per slot */
  heap_reread reread;   /* strings kept in the file, not in sdata (heap/parse/string_reread.c) */

  /* analysis */
  int analyzed, graph_dropped;
  pk_thread dropper;    /* a thread frees the dropped graph (pk_heap_drop_graph) */
  int threads;          /* pk_heap_options.threads: below 2, no helper thread */
  pk_heap_stats stats;  /* computed at the end of pk_heap_analyze */
  uint32_t *retained;   /* retained sizes, HEAP_WIDE_SIZE for those in wide_retained (heap_retained) */
  heap_wide wide_retained;
  uint32_t *idom;
  uint32_t *distance;   /* NULL once narrowed into distance16 (heap_distance) */
  uint16_t *distance16;
  uint32_t *cls;        /* class ids when one does not fit in cls16 (heap_cls, heap_set_cls) */
  uint16_t *cls16;
  uint8_t *flags;
  heap_names classes;   /* class id -> name */
};

/* 3-byte little-endian entries (the array has a byte to spare after the last). */
static inline uint32_t heap_get24(const uint8_t *a, size_t i) {
  const uint8_t *p = a + 3 * i;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}
static inline void heap_set24(uint8_t *a, size_t i, uint32_t v) {
  uint8_t *p = a + 3 * i;
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
}

/* Bitmaps: bit i of a byte array. */
static inline int heap_bit(const uint8_t *bits, uint32_t i) { return bits[i >> 3] & (1u << (i & 7)); }
static inline void heap_bit_set(uint8_t *bits, uint32_t i) { bits[i >> 3] |= (uint8_t)(1u << (i & 7)); }
/* One more retainer of node i, in two bitmaps: its first sets `once`,
 * any later one `more`. */
static inline void heap_bit_count(uint8_t *once, uint8_t *more, uint32_t i) {
  if (heap_bit(once, i)) heap_bit_set(more, i);
  else heap_bit_set(once, i);
}

/* Edge fields. */
static inline uint32_t heap_eto(const pk_heap *h, uint32_t e) { return h->eto[e] & HEAP_TO_MASK; }
static inline unsigned heap_etype(const pk_heap *h, uint32_t e) { return h->eto[e] >> HEAP_TYPE_SHIFT; }
static inline uint32_t heap_ename(const pk_heap *h, uint32_t e) {
  uint32_t v = heap_get24(h->ename, e);
  return v != HEAP_WIDE_NAME ? v : (uint32_t)heap_wide_get(&h->wide_names, e);
}
/* A node's id.  Ids below 2^24 (nearly all, in snapshots of fewer than
 * 8 M objects: V8 numbers them in steps of 2) take 3 bytes a node; the
 * first id above adds a byte a node for every id (snapshot_reader.c). */
static inline uint32_t heap_nid(const pk_heap *h, uint32_t n) {
  uint32_t id = heap_get24(h->nid, n);
  return h->nid_high ? id | (uint32_t)h->nid_high[n] << 24 : id;
}
/* A node's name (a string index). */
static inline uint32_t heap_nname(const pk_heap *h, uint32_t n) {
  if (h->nname_width == 4) {
    uint32_t v;
    memcpy(&v, h->nname + 4 * (size_t)n, 4);
    return v;
  }
  uint32_t v = heap_get24(h->nname, n);
  return v != HEAP_WIDE_NAME ? v : (uint32_t)heap_wide_get(&h->wide_nnames, n);
}
/* Retained sizes kept in 32 bits, the rare wider ones in a heap_wide table. */
static inline uint64_t heap_get_wide32(const uint32_t *a, const heap_wide *w, uint32_t n) {
  uint32_t v = a[n];
  return v != HEAP_WIDE_SIZE ? v : heap_wide_get(w, n);
}
/* Sets one; 0, or -1 on OOM. */
static inline int heap_set_wide32(uint32_t *a, heap_wide *w, uint32_t n, uint64_t size) {
  a[n] = size < HEAP_WIDE_SIZE ? (uint32_t)size : HEAP_WIDE_SIZE;
  return size < HEAP_WIDE_SIZE ? 0 : heap_wide_set(w, n, size);
}
/* A node's self size (its shallow size once pk_heap_analyze adjusted it),
 * in 16 bits: most objects are under 64 KiB, and the others, a few in a
 * thousand, cost a heap_wide entry each. */
static inline uint64_t heap_size(const pk_heap *h, uint32_t n) {
  uint16_t v = h->nself[n];
  return v != HEAP_WIDE_SELF ? v : heap_wide_get(&h->wide_sizes, n);
}
/* Sets one; 0, or -1 on OOM. */
static inline int heap_set_size(pk_heap *h, uint32_t n, uint64_t size) {
  h->nself[n] = size < HEAP_WIDE_SELF ? (uint16_t)size : HEAP_WIDE_SELF;
  return size < HEAP_WIDE_SELF ? 0 : heap_wide_set(&h->wide_sizes, n, size);
}
/* A node's retained size (after pk_heap_analyze). */
static inline uint64_t heap_retained(const pk_heap *h, uint32_t n) {
  return heap_get_wide32(h->retained, &h->wide_retained, n);
}

static inline uint32_t heap_cls(const pk_heap *h, uint32_t n) {
  return h->cls16 ? heap_widen(h->cls16[n], HEAP_CLASS_BASE) : h->cls[n];
}
static inline uint32_t heap_distance(const pk_heap *h, uint32_t n) {
  return h->distance16 ? heap_widen(h->distance16[n], HEAP_DISTANCE_SYSTEM) : h->distance[n];
}

/* A node's file type index and detachedness (0 unknown, 1 attached, 2 detached). */
static inline unsigned heap_ntype(const pk_heap *h, uint32_t n) { return h->ntype[n] & (HEAP_MAX_TYPES - 1); }
static inline unsigned heap_detached(const pk_heap *h, uint32_t n) { return h->ntype[n] >> 6; }
static inline void heap_set_detached(pk_heap *h, uint32_t n, unsigned d) {
  h->ntype[n] = (uint8_t)(heap_ntype(h, n) | d << 6);
}

/* Kind lookups. */
static inline pk_heap_node_kind heap_nkind(const pk_heap *h, uint32_t n) {
  return (pk_heap_node_kind)h->node_kind[heap_ntype(h, n)];
}
static inline pk_heap_edge_kind heap_ekind(const pk_heap *h, uint32_t e) {
  return (pk_heap_edge_kind)h->edge_kind[heap_etype(h, e)];
}
/* The slot of string i (< n_strings) in soff32 and stag, or UINT32_MAX if
 * its value was left in the file. */
static inline uint32_t heap_str_slot(const pk_heap *h, uint32_t i) {
  if (!h->kept) return i;
  const heap_kept_block *b = &h->kept[i >> 6];
  if (!(b->bits >> (i & 63) & 1)) return UINT32_MAX;
  return b->before + PK_POPCOUNT64(b->bits & ((UINT64_C(1) << (i & 63)) - 1));
}
/* The slots: n_strings, or the kept strings once values are dropped. */
static inline size_t heap_str_slots(const pk_heap *h) { return h->kept ? h->n_kept : h->n_strings; }
/* Offset in sdata of the string in slot k (k <= the slots). */
static inline uint64_t heap_soff(const pk_heap *h, uint32_t k) { return h->soff32 ? h->soff32[k] : h->soff[k]; }
/* Length of the string in slot k. */
static inline size_t heap_slot_len(const pk_heap *h, uint32_t k) {
  return (size_t)(heap_soff(h, k + 1) - heap_soff(h, k) - 1);
}
/* True if string i (< n_strings) was left in the file. */
static inline int heap_str_dropped(const pk_heap *h, uint32_t i) { return heap_str_slot(h, i) == UINT32_MAX; }
/* heap/parse/string_reread.c: string i read back from the file ("" if it
 * cannot be), with its length. */
const char *heap_reread_string(const pk_heap *h, uint32_t i, size_t *len);
/* heap/parse/string_reread.c: init (no file), open the file to read back
 * from (-1 if it cannot be), note where string `index` starts (-1 on OOM),
 * give a snapshot with no file to read back from a scratch file holding
 * its strings (when they are many), drop the values of string nodes from
 * sdata once the parse is done, and free (then as after init). */
void heap_reread_init(heap_reread *r);
int heap_reread_open(heap_reread *r, const char *path);
int heap_reread_note(heap_reread *r, size_t index, uint64_t at);
void heap_reread_spill(pk_heap *h);
void heap_reread_drop_values(pk_heap *h);
void heap_reread_free(heap_reread *r);
static inline const char *heap_str(const pk_heap *h, uint32_t i) {
  if (i >= h->n_strings) return "";
  uint32_t k = heap_str_slot(h, i);
  return k == UINT32_MAX ? heap_reread_string(h, i, NULL) : h->sdata + heap_soff(h, k);
}
/* A dropped value has no tag: it names no node of another kind and no edge. */
static inline int heap_tag(const pk_heap *h, uint32_t i, unsigned tag) {
  if (i >= h->n_strings) return 0;
  uint32_t k = heap_str_slot(h, i);
  return k != UINT32_MAX && (h->stag[k] & tag);
}
/* True for edge kinds whose name_or_index is a string index. */
static inline int heap_edge_named(pk_heap_edge_kind k) {
  return k != PK_HEAP_EDGE_ELEMENT && k != PK_HEAP_EDGE_HIDDEN;
}

pk_heap_node_kind heap_node_kind_by_name(const char *name);
pk_heap_edge_kind heap_edge_kind_by_name(const char *name);

/* heap/analysis/graph_facts.c: turns edge counts into first-edge offsets (after parsing). */
void heap_build_edge_index(pk_heap *h);
/* heap/analysis/graph_facts.c: fills h->stag (a tag per slot); -1 on OOM. */
int heap_tag_strings(pk_heap *h);
/* heap/analysis/graph_facts.c: DevTools' DOM state propagation (into the nodes'
 * detachedness and h->flags), then page-owned marking (into h->flags only;
 * h->flags is allocated and zeroed by the caller). */
int heap_mark_dom_state(pk_heap *h, pk_error *err);
int heap_mark_page_owned(pk_heap *h, pk_error *err);
/* heap/analysis/dominator_tree.c: the children of v in the dominator tree are
 * (*list)[(*first)[v] .. (*first)[v + 1]); -1 on OOM.  The caller frees
 * both arrays (also on failure). */
int heap_dominator_children(const pk_heap *h, uint32_t **first, uint32_t **list);
/* heap/analysis/graph_facts.c: a bit per node, set when exactly one edge
 * (of any kind) points at it; NULL on OOM. */
uint8_t *heap_single_retainer_bits(const pk_heap *h);
/* heap/analysis/graph_facts.c: if edge e is a WeakMap ephemeron edge, its table id. */
int heap_weakmap_table_id(const char *name, uint32_t *table_id);

/* heap/analysis/shallow_size.c */
int heap_shallow_sizes(pk_heap *h, pk_error *err);
/* heap/analysis/dominators.c: calls sizes_ready(arg) before it reads shallow sizes
 * (another thread may be computing them); a nonzero return aborts. */
int heap_dominators(pk_heap *h, int (*sizes_ready)(void *), void *arg, pk_error *err);
/* heap/analysis/distances.c */
int heap_distances(pk_heap *h, pk_error *err);
/* heap/analysis/classes.c: the classes, written through heap_set_cls. */
int heap_classes(pk_heap *h, pk_error *err);
/* heap/analysis/classes.c: moves the classes from cls16 to a new cls; -1 on OOM. */
int heap_widen_classes(pk_heap *h);
/* Sets node n's class: in 16 bits (heap_narrow_one) while ids fit, and
 * in 32 bits from the first id that does not fit on; -1 on OOM. */
static inline int heap_set_cls(pk_heap *h, uint32_t n, uint32_t id) {
  if (h->cls16 && heap_narrow_one(id, HEAP_CLASS_BASE, &h->cls16[n]) == 0) return 0;
  if (h->cls16 && heap_widen_classes(h) < 0) return -1;
  h->cls[n] = id;
  return 0;
}
/* heap/analysis/interface_names.c: interface names of plain objects (after the other
 * classes are set); -1 on OOM. */
int heap_interfaces(pk_heap *h);

/* heap/analysis/class_retained.c: adds to out[class_map[class]] (or out[class]) the
 * retained size of every node with a non-zero shallow size (and its bit set
 * in mask, if given) not dominated by a counted node of its class.  With
 * node_class (a class below n_classes per node) that array is the class,
 * and out is indexed by it.  -1 on OOM. */
int heap_class_retained(const pk_heap *h, const uint8_t *mask, const uint32_t *class_map, const uint32_t *node_class,
                        size_t n_classes, uint64_t *out);

int heap_oom(pk_error *err, const pk_heap *h);

/* heap/analysis/graph_facts.c: the target of node v's first edge named
 * `name` (a named edge kind), or PK_HEAP_NONE.  Needs the graph. */
uint32_t heap_edge_to(const pk_heap *h, uint32_t v, const char *name);
/* heap/parse/locations.c: the location of SharedFunctionInfo node `shared`, or NULL. */
const heap_location *heap_location_of(const pk_heap *h, uint32_t shared);
void heap_locations_free(heap_locations *l);

#endif
