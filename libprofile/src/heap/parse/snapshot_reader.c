/*
 * heap/parse/snapshot_reader.c - reading a .heapsnapshot into a pk_heap.
 *
 * A snapshot is one JSON object: a small "snapshot" header whose "meta"
 * names the fields of every record, then huge flat arrays ("nodes",
 * "edges", "locations", ...) and the "strings" table.  The header is
 * captured as text and handed to jansson; everything else is streamed by
 * heap/parse/snapshot_json.c into the struct-of-arrays storage of heap/heap_internal.h, which
 * grows with what is actually read (header counts are only hints, bounded
 * by the input's size); for big plain files and memory input a second
 * thread parses the later part of "edges" (heap/parse/edges_two_threads.c).  Fields
 * are found by name in meta.node_fields / meta.edge_fields, so the field
 * order and optional fields (trace_node_id, detachedness) of every V8
 * version work.
 *
 * Validation happens while reading, so every error has a byte offset: a
 * type index outside the type list, a to_node that is not a multiple of the
 * node field count or points past the last node, edge counts that do not
 * add up to the edges array, and string indexes past the strings table
 * (checked at the end against the largest index seen, whose offset was
 * kept).  The header must come before "nodes", and "nodes" before "edges",
 * as V8 writes them.
 */
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#include "util/grow.h"
#include "heap/parse/snapshot_json.h"
#include "heap/parse/snapshot_reader_internal.h"
#include "platform/memory_release.h"
#include "platform/pages.h"

#define META_LIMIT ((size_t)64 << 20)

int heap_oom(pk_error *err, const pk_heap *h) {
  return pk_error_set(err, PK_ENOMEM, h->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

/* Grows every array of a struct-of-arrays group to `need` entries. */
static int grow_all(size_t *cap, size_t need, void **arrays[], const size_t sizes[], size_t count) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 4096;
  while (c < need) {
    if (c > SIZE_MAX / 2) return -1;
    c *= 2;
  }
  for (size_t i = 0; i < count; i++) {
    if (c > SIZE_MAX / sizes[i]) return -1;
    void *p = realloc(*arrays[i], c * sizes[i]);
    if (!p) return -1;
    *arrays[i] = p;
  }
  *cap = c;
  return 0;
}

/* ---------------- the header ---------------- */

static int meta_error(parse_ctx *c, const char *fmt, const char *what) {
  return heap_scan_error(c->s, c->meta_at, fmt, what);
}

/* Reads a meta array of strings into names[] (strdup'd); returns the count or <0. */
static int string_list(parse_ctx *c, json_t *list, const char *what, char **names, size_t max) {
  if (!json_is_array(list)) return meta_error(c, "snapshot.meta.%s is missing or not an array", what);
  size_t n = json_array_size(list);
  if (n > max) return meta_error(c, "snapshot.meta.%s has too many entries", what);
  for (size_t i = 0; i < n; i++) {
    const char *v = json_string_value(json_array_get(list, i));
    int rc = !v ? meta_error(c, "snapshot.meta.%s has a non-string entry", what)
             : names && !(names[i] = strdup(v)) ? heap_oom(c->s->err, c->h) : 0;
    if (rc < 0) {
      for (size_t j = 0; names && j < i; j++) {
        free(names[j]);
        names[j] = NULL;
      }
      return rc;
    }
  }
  return (int)n;
}

static int find_fields(parse_ctx *c, json_t *list, const char *what, const char *const *wanted,
                       int *pos, size_t n_wanted, size_t n_required, size_t *width) {
  char *names[HEAP_MAX_TYPES] = {0};
  int n = string_list(c, list, what, names, HEAP_MAX_TYPES);
  if (n < 0) return n;
  int rc = 0;
  for (size_t w = 0; w < n_wanted; w++) {
    pos[w] = -1;
    for (int i = 0; i < n; i++)
      if (strcmp(names[i], wanted[w]) == 0) pos[w] = i;
    if (pos[w] < 0 && w < n_required && rc == 0) {
      char msg[128];
      snprintf(msg, sizeof msg, "%s lacks \"%s\"", what, wanted[w]);
      rc = meta_error(c, "snapshot.meta.%s", msg);
    }
  }
  for (int i = 0; i < n; i++) free(names[i]);
  *width = (size_t)n;
  return rc;
}

static int type_list(parse_ctx *c, json_t *types, const char *what, char **names, size_t max, size_t *count) {
  if (!json_is_array(types) || !json_is_array(json_array_get(types, 0)))
    return meta_error(c, "snapshot.meta.%s is missing or its first entry is not a list", what);
  int n = string_list(c, json_array_get(types, 0), what, names, max);
  if (n < 0) return n;
  *count = (size_t)n;
  return 0;
}

/* Fields per "locations" record when meta.location_fields names the four
 * heapdiff reads (their positions into c->lfield), else 0: the array is
 * then only checked, as it was before locations were read. */
static size_t location_width(parse_ctx *c, json_t *list) {
  static const char *const wanted[LF_COUNT] = {"object_index", "script_id", "line", "column"};
  size_t n = json_array_size(list);  /* 0 when not an array */
  if (n == 0 || n > 64) return 0;
  for (size_t w = 0; w < LF_COUNT; w++) {
    c->lfield[w] = -1;
    for (size_t i = 0; i < n; i++) {
      const char *v = json_string_value(json_array_get(list, i));
      if (v && strcmp(v, wanted[w]) == 0) c->lfield[w] = (int)i;
    }
    if (c->lfield[w] < 0) return 0;
  }
  return n;
}

static int parse_meta(parse_ctx *c) {
  static const char *const node_fields[NF_COUNT] = {"type", "name", "id", "self_size", "edge_count",
                                                    "detachedness"};
  static const char *const edge_fields[EF_COUNT] = {"type", "name_or_index", "to_node"};
  heap_scan *s = c->s;
  pk_heap *h = c->h;
  c->meta_at = heap_scan_pos(s);
  heap_bytes text = {NULL, 0, 0, META_LIMIT};
  int rc = heap_json_capture(s, &text);
  if (rc < 0) {
    free(text.data);
    return rc;
  }
  json_error_t jerr;
  json_t *snap = json_loadb(text.data, text.len, 0, &jerr);
  free(text.data);
  if (!snap) return heap_scan_error(s, c->meta_at + (uint64_t)jerr.position, "snapshot header: %s", jerr.text);
  json_t *meta = json_object_get(snap, "meta");
  if (!json_is_object(meta)) rc = meta_error(c, "snapshot.%s is missing or not an object", "meta");
  if (rc == 0)
    rc = find_fields(c, json_object_get(meta, "node_fields"), "node_fields", node_fields, c->nfield,
                     NF_COUNT, NF_DETACHED, &c->node_width);
  if (rc == 0)
    rc = find_fields(c, json_object_get(meta, "edge_fields"), "edge_fields", edge_fields, c->efield,
                     EF_COUNT, EF_COUNT, &c->edge_width);
  if (rc == 0) rc = type_list(c, json_object_get(meta, "node_types"), "node_types", h->node_type_names, HEAP_MAX_TYPES,
                             &h->n_node_types);
  if (rc == 0) rc = type_list(c, json_object_get(meta, "edge_types"), "edge_types", h->edge_type_names, HEAP_EDGE_TYPE_UNKNOWN,
                             &h->n_edge_types);
  if (rc == 0) {
    static char unknown[] = "unknown";
    for (size_t i = 0; i < HEAP_MAX_TYPES; i++) {
      h->node_kind[i] = i < h->n_node_types ? (uint8_t)heap_node_kind_by_name(h->node_type_names[i]) : PK_HEAP_NODE_OTHER;
      h->edge_kind[i] = i < h->n_edge_types ? (uint8_t)heap_edge_kind_by_name(h->edge_type_names[i]) : PK_HEAP_EDGE_OTHER;
      if (i >= h->n_node_types) h->node_type_names[i] = unknown;
      if (i >= h->n_edge_types) h->edge_type_names[i] = unknown;
    }
    c->location_width = location_width(c, json_object_get(meta, "location_fields"));
    json_t *announced = json_object_get(snap, "node_count");
    if (json_is_integer(announced) && json_integer_value(announced) > 0)
      c->announced_nodes = h->announced_nodes = (uint64_t)json_integer_value(announced);
    announced = json_object_get(snap, "edge_count");
    if (json_is_integer(announced) && json_integer_value(announced) > 0)
      c->announced_edges = h->announced_edges = (uint64_t)json_integer_value(announced);
    json_t *extra = json_object_get(snap, "extra_native_bytes");
    if (json_is_integer(extra) && json_integer_value(extra) > 0)
      h->extra_native_bytes = (uint64_t)json_integer_value(extra);
  }
  json_decref(snap);
  if (rc == 0) c->have_meta = 1;
  return rc;
}

/* ---------------- records ---------------- */

#define NODE_ARRAYS(h)                                                                                \
  {(void **)&(h)->ntype, (void **)&(h)->nname, (void **)&(h)->nid,                                   \
   (void **)&(h)->nself, (void **)&(h)->nedges}
#define NODE_ARRAY_COUNT 5
static const size_t node_sizes[NODE_ARRAY_COUNT] = {1, 3, 3, 2, 4};

/* The top bytes of the node ids (heap_nid), the arrays' capacity
 * (nodes_cap) wide: allocated, zeroed, when the first id of 2^24 or more
 * comes, and grown with the other node arrays.  -1 on OOM. */
static int grow_id_high(pk_heap *h, size_t old_cap) {
  if (!h->nid_high || old_cap >= h->nodes_cap) return 0;
  uint8_t *p = realloc(h->nid_high, h->nodes_cap);
  if (!p) return -1;
  memset(p + old_cap, 0, h->nodes_cap - old_cap);
  h->nid_high = p;
  return 0;
}

static int set_id(pk_heap *h, size_t i, uint32_t id) {
  heap_set24(h->nid, i, id & 0xffffffu);
  if (id >> 24 && !h->nid_high && !(h->nid_high = calloc(h->nodes_cap, 1))) return -1;
  if (h->nid_high) h->nid_high[i] = (uint8_t)(id >> 24);
  return 0;
}

static int node_record(void *ctx, const int64_t *v, uint64_t at) {
  parse_ctx *c = ctx;
  pk_heap *h = c->h;
  uint64_t type = (uint64_t)v[c->nfield[NF_TYPE]], name = (uint64_t)v[c->nfield[NF_NAME]];
  uint64_t id = (uint64_t)v[c->nfield[NF_ID]], edges = (uint64_t)v[c->nfield[NF_EDGES]];
  uint64_t detached = c->nfield[NF_DETACHED] >= 0 ? (uint64_t)v[c->nfield[NF_DETACHED]] : 0;
  if (type >= HEAP_MAX_TYPES)  /* old V8 wrote types past its own list: they read as "unknown" */
    return heap_scan_error(c->s, at, "node %zu: type %llu is not one of the %zu node types", h->n_nodes,
                           (unsigned long long)type, h->n_node_types);
  if (name > UINT32_MAX || id > UINT32_MAX || edges > UINT32_MAX || detached > 3)
    return heap_scan_error(c->s, at, "node %zu: field value out of range", h->n_nodes);
  if (h->n_nodes + 1 >= HEAP_MAX_NODES)
    return pk_error_set(c->s->err, PK_ELIMIT, h->path, PK_NO_POSITION, at,
                        "more than %u nodes (an edge keeps its target in 28 bits)", HEAP_MAX_NODES - 1);
  if (h->n_nodes + 1 >= h->nodes_cap) {  /* +1: first-edge offsets need n + 1 entries */
    void **arrays[] = NODE_ARRAYS(h);
    size_t old_cap = h->nodes_cap;
    if (grow_all(&h->nodes_cap, h->n_nodes + 2, arrays, node_sizes, NODE_ARRAY_COUNT) < 0 ||
        grow_id_high(h, old_cap) < 0)
      return heap_oom(c->s->err, h);
  }
  size_t i = h->n_nodes++;
  h->ntype[i] = (uint8_t)(type | detached << 6);
  heap_set24(h->nname, i, name < HEAP_WIDE_NAME ? (uint32_t)name : HEAP_WIDE_NAME);
  if (name >= HEAP_WIDE_NAME && heap_wide_set(&h->wide_nnames, (uint32_t)i, name) < 0) return heap_oom(c->s->err, h);
  if (set_id(h, i, (uint32_t)id) < 0) return heap_oom(c->s->err, h);
  if (heap_set_size(h, (uint32_t)i, (uint64_t)v[c->nfield[NF_SELF]]) < 0) return heap_oom(c->s->err, h);
  h->nedges[i] = (uint32_t)edges;
  c->edge_sum += edges;
  max_index_note(&c->node_name, name, at);
  return 0;
}

/* Node names in 4 bytes and no wide table, when the table would cost more
 * than that byte a node (an entry and its index slots take about 32
 * bytes): snapshots of more than 2^24 strings, whose string nodes are
 * named by their values.  The names are spread out in place
 * (heap_unpack24), then the wide ones are written from the table.  If the array
 * cannot grow, the names stay as they are. */
static void settle_node_names(pk_heap *h) {
  if (h->wide_nnames.len * 32 <= h->n_nodes) return;
  uint8_t *wide = realloc(h->nname, h->nodes_cap * 4 + 1);
  if (!wide) return;
  h->nname = wide;
  heap_unpack24((uint32_t *)(void *)wide, h->n_nodes);
  for (size_t k = 0; k < h->wide_nnames.len; k++) {
    uint32_t v = (uint32_t)h->wide_nnames.entries[k].value;
    memcpy(wide + 4 * (size_t)h->wide_nnames.entries[k].key, &v, 4);
  }
  heap_wide_free(&h->wide_nnames);
  h->nname_width = 4;
}

/* When the input's size is known, the node and edge arrays are allocated
 * once for the counts the header and the nodes announced (bounded by what
 * the rest of the input can hold: a record takes at least two bytes per
 * field) and mapped by a helper thread while they are parsed.  Anything
 * unexpected leaves the usual growth to the record loop. */
#define RESERVE_MIN ((uint64_t)1 << 16)
void heap_parse_reserve(parse_ctx *c, uint64_t announced, size_t width, size_t *cap, void **arrays[],
                        const size_t sizes[], size_t count, heap_prefault *pf) {
  uint64_t at = heap_scan_pos(c->s);
  if (c->input_size <= at || *cap) return;
  uint64_t room = (c->input_size - at) / (2 * width) + 2, want = announced < room ? announced : room;
  if (want < RESERVE_MIN || want >= UINT32_MAX || want > SIZE_MAX / 8) return;
  for (size_t i = 0; i < count; i++) {
    pf->start[i] = pk_malloc_huge((size_t)want * sizes[i]);
    pf->len[i] = (size_t)want * sizes[i];
    if (!pf->start[i]) {
      for (size_t j = 0; j <= i; j++) free(pf->start[j]);
      pf->count = 0;
      return;
    }
  }
  for (size_t i = 0; i < count; i++) *arrays[i] = pf->start[i];
  *cap = (size_t)want;
  pf->count = count;
}

/* to_node / node_width without a division: for to < 2^32 and a width of
 * at most 64, q = to * ceil(2^(32+l) / w) >> (32 + l) with 2^l >= w is exact. */
static void prepare_width(parse_ctx *c) {
  unsigned l = 0;
  while ((1u << l) < c->node_width) l++;
  c->width_shift = 32 + l;
  c->width_magic = (uint64_t)((((unsigned __int128)1 << c->width_shift) + c->node_width - 1) / c->node_width);
}

static int edge_record(void *ctx, const int64_t *v, uint64_t at) {
  parse_ctx *c = ctx;
  pk_heap *h = c->h;
  if (h->n_edges == c->split_edge && heap_split_join(c)) return SPLIT_DONE;
  if (h->n_edges >= UINT32_MAX - 1)
    return pk_error_set(c->s->err, PK_ELIMIT, h->path, PK_NO_POSITION, at, "more than 2^32-2 edges");
  if (h->n_edges >= h->edges_cap) {
    void **arrays[] = EDGE_ARRAYS(h);
    if (grow_all(&h->edges_cap, h->n_edges + 1, arrays, edge_sizes, 2) < 0) return heap_oom(c->s->err, h);
  }
  int rc = put_edge(c, h->n_edges, v, at, &h->wide_names, &c->edge_name);
  if (rc == 0) h->n_edges++;
  return rc;
}


/* samples and trace_function_infos: validated, counted, not kept (nothing
 * reads them); so are locations without the four fields heapdiff reads. */
typedef struct int_check {
  heap_scan *s;
  const char *what;
  int allow_negative_range;  /* samples hold timestamps: any int64 */
} int_check;

static int int_record(void *ctx, const int64_t *v, uint64_t at) {
  int_check *k = ctx;
  if (!k->allow_negative_range && (v[0] < 0 || v[0] > (int64_t)UINT32_MAX))
    return heap_scan_error(k->s, at, "value %lld out of range in \"%s\"", (long long)v[0], k->what);
  return 0;
}

/* When the input's size is known, the values get one block of what is
 * left of it, in huge pages: unescaped and NUL-terminated, a string never
 * outgrows its JSON text (its quotes pay for the NUL), so the block does
 * not move, and it faults in a few 2 MB pages instead of one per 4 KB (on
 * a 94 MB table, 0.2 s under a hypervisor).  Only the pages written count.
 * A value that does outgrow it (nothing known does) grows it as before.
 * When that room is under 4 GB, so are the offsets: they go straight into
 * soff32, reserved the same way for as many strings as the room can hold
 * (one takes 3 bytes at least: its quotes and a comma), instead of soff
 * and a copy to 32 bits at the end. */
static void reserve_strings(parse_ctx *c, heap_bytes *block) {
  pk_heap *h = c->h;
  uint64_t at = heap_scan_pos(c->s);
  if (c->input_size <= at || c->input_size - at >= SIZE_MAX) return;
  size_t room = (size_t)(c->input_size - at);
  if (!(block->data = pk_malloc_huge(room))) return;
  block->cap = room;
  size_t slots = room / 3 + 2;
  if (room <= UINT32_MAX && (h->soff32 = pk_malloc_huge(slots * sizeof *h->soff32))) h->strings_cap = slots;
}

/* Notes that a string starts at byte `at` of the values, in soff32 or soff. */
static int note_string_start(pk_heap *h, size_t at) {
  if (h->soff32) {
    if (at > UINT32_MAX || PK_GROW(h->soff32, h->strings_cap, h->n_strings + 2) < 0) return -1;
    h->soff32[h->n_strings] = (uint32_t)at;
  } else {
    if (PK_GROW(h->soff, h->strings_cap, h->n_strings + 2) < 0) return -1;
    h->soff[h->n_strings] = at;
  }
  return 0;
}

static int read_strings(parse_ctx *c) {
  heap_scan *s = c->s;
  pk_heap *h = c->h;
  heap_bytes block = {NULL, 0, 0, 0};
  int rc = 0;
  int ch = heap_scan_peek(s);
  if (ch != '[') return ch < 0 ? heap_scan_error(s, heap_scan_pos(s), "unexpected end of input")
                               : heap_scan_error(s, heap_scan_pos(s), "\"strings\" is not an array");
  s->p++;
  reserve_strings(c, &block);
  ch = heap_scan_peek(s);
  if (ch == ']') s->p++;
  while (ch != ']') {
    if (ch != '"') {
      rc = ch < 0 ? heap_scan_error(s, heap_scan_pos(s), "unexpected end of input inside \"strings\"")
                  : heap_scan_error(s, heap_scan_pos(s), "strings[%zu] is not a string", h->n_strings);
      break;
    }
    if (note_string_start(h, block.len) < 0) {
      rc = heap_oom(s->err, h);
      break;
    }
    if (h->n_strings >= UINT32_MAX - 1) {
      rc = pk_error_set(s->err, PK_ELIMIT, h->path, PK_NO_POSITION, heap_scan_pos(s), "too many strings");
      break;
    }
    if (c->file_path && heap_reread_note(&h->reread, h->n_strings, heap_scan_pos(s)) < 0) {
      rc = heap_oom(s->err, h);
      break;
    }
    h->n_strings++;
    if ((rc = heap_json_string(s, &block)) < 0) break;
    if ((rc = heap_bytes_append(&block, "", 1)) < 0) {
      rc = heap_oom(s->err, h);
      break;
    }
    ch = heap_scan_peek(s);
    if (ch == ',') {
      s->p++;
      ch = heap_scan_peek(s);
      if (ch == ']') {
        rc = heap_scan_error(s, heap_scan_pos(s), "trailing ',' in \"strings\"");
        break;
      }
    } else if (ch == ']') {
      s->p++;
    } else {
      rc = ch < 0 ? heap_scan_error(s, heap_scan_pos(s), "unexpected end of input inside \"strings\"")
                  : heap_scan_error(s, heap_scan_pos(s), "expected ',' or ']' in \"strings\"");
      break;
    }
  }
  if (h->soff) h->soff[h->n_strings] = block.len;
  if (h->soff32) h->soff32[h->n_strings] = (uint32_t)block.len;
  h->sdata = block.data;
  h->sdata_len = block.len;
  if (rc == 0 && h->soff && block.len <= UINT32_MAX && (h->soff32 = malloc((h->n_strings + 1) * sizeof *h->soff32))) {
    for (size_t i = 0; i <= h->n_strings; i++) h->soff32[i] = (uint32_t)h->soff[i];  /* half the memory */
    free(h->soff);
    h->soff = NULL;
  }
  return rc;
}

/* ---------------- top level ---------------- */

static int read_key(heap_scan *s, char *key, size_t size) {
  heap_bytes b = {NULL, 0, 0, 4096};
  int rc = heap_json_string(s, &b);
  if (rc == 0) {
    size_t n = b.len < size - 1 ? b.len : size - 1;
    memcpy(key, b.data ? b.data : "", n);
    key[n] = '\0';
  }
  free(b.data);
  return rc;
}

static int read_member(parse_ctx *c, const char *key, uint64_t key_at) {
  heap_scan *s = c->s;
  pk_heap *h = c->h;
  uint64_t count = 0;
  if (strcmp(key, "snapshot") == 0) {
    if (c->have_meta) return heap_scan_error(s, key_at, "duplicate \"snapshot\"");
    return parse_meta(c);
  }
  if (strcmp(key, "nodes") == 0) {
    if (!c->have_meta) return heap_scan_error(s, key_at, "\"nodes\" before the \"snapshot\" header");
    if (c->have_nodes) return heap_scan_error(s, key_at, "duplicate \"nodes\"");
    c->have_nodes = 1;
    heap_phase("parse: header");
    heap_prefault prefault = {.count = 0};
    void **arrays[] = NODE_ARRAYS(h);
    heap_parse_reserve(c, c->announced_nodes + 2, c->node_width, &h->nodes_cap, arrays, node_sizes, NODE_ARRAY_COUNT, &prefault);
    heap_prefault_start(&prefault, h->threads);
    prepare_width(c);
    if (heap_scan_peek(s) == '[') heap_split_start(c, heap_scan_pos(s) + 1);
    int rc = heap_json_int_records(s, c->node_width, 0, "nodes", node_record, c, &count);
    heap_prefault_wait(&prefault);
    return rc;
  }
  if (strcmp(key, "edges") == 0) {
    if (!c->have_nodes) return heap_scan_error(s, key_at, "\"edges\" before \"nodes\"");
    if (c->have_edges) return heap_scan_error(s, key_at, "duplicate \"edges\"");
    c->have_edges = 1;
    heap_phase("parse: nodes");
    heap_prefault prefault = {.start = {h->eto, h->ename}, .len = {h->edges_cap * 4, h->edges_cap * 3},
                             .count = h->edges_cap ? 2 : 0};
    if (!h->edges_cap) {
      void **arrays[] = EDGE_ARRAYS(h);
      heap_parse_reserve(c, c->edge_sum, c->edge_width, &h->edges_cap, arrays, edge_sizes, 2, &prefault);
    }
    if (c->half)  /* the second thread has mapped its half */
      for (size_t i = 0; i < prefault.count; i++) prefault.len[i] = c->split_edge * edge_sizes[i];
    heap_prefault_start(&prefault, h->threads);
    c->node_limit = h->n_nodes;
    if (heap_scan_peek(s) == '[') c->edges_at = heap_scan_pos(s) + 1;
    int rc = heap_json_int_records(s, c->edge_width, 0, "edges", edge_record, c, &count);
    int split = rc == SPLIT_DONE;
    if (split) rc = heap_split_merge(c);
    heap_prefault_wait(&prefault);
    if (rc == 0 && c->edge_sum != h->n_edges)
      rc = heap_scan_error(s, heap_scan_pos(s) - 1,
                           "the nodes' edge_count fields add up to %llu but \"edges\" holds %zu edges",
                           (unsigned long long)c->edge_sum, h->n_edges);
    if (rc == 0 && split) rc = heap_split_take_tail(c);
    heap_split_free(c);
    return rc;
  }
  if (strcmp(key, "strings") == 0) {
    if (c->have_strings) return heap_scan_error(s, key_at, "duplicate \"strings\"");
    c->have_strings = 1;
    heap_phase("parse: edges");
    return read_strings(c);
  }
  int is_samples = strcmp(key, "samples") == 0;
  unsigned bit = is_samples ? 1 : strcmp(key, "locations") == 0 ? 2 : strcmp(key, "trace_function_infos") == 0 ? 4 : 0;
  if (bit) {
    if (c->have_ints & bit) return heap_scan_error(s, key_at, "duplicate \"%s\"", key);
    c->have_ints |= bit;
    if (bit == 2 && c->location_width)
      return heap_json_int_records(s, c->location_width, 0, key, heap_location_record, c, &count);
    int_check check = {s, key, is_samples};
    return heap_json_int_records(s, 1, 1, key, int_record, &check, &count);
  }
  return heap_json_skip(s);  /* trace_tree and anything newer */
}

static int check_string_indexes(parse_ctx *c) {
  pk_heap *h = c->h;
  if (c->node_name.seen && c->node_name.value >= h->n_strings)
    return heap_scan_error(c->s, c->node_name.at, "node name: string index %llu out of range (%zu strings)",
                           (unsigned long long)c->node_name.value, h->n_strings);
  if (c->edge_name.seen && c->edge_name.value >= h->n_strings)
    return heap_scan_error(c->s, c->edge_name.at, "edge name: string index %llu out of range (%zu strings)",
                           (unsigned long long)c->edge_name.value, h->n_strings);
  return 0;
}

/* memory: the input when it is in memory; file_path: the path of a plain
 * file that may be read again (both allow the two-thread edge parse). */
static int parse_members(parse_ctx *c);

static int parse_snapshot(pk_heap *h, heap_scan *s, uint64_t input_size, const char *memory, const char *file_path) {
  parse_ctx c;
  memset(&c, 0, sizeof c);
  c.h = h;
  c.s = s;
  c.input_size = input_size;
  c.memory = memory;
  c.file_path = file_path;
  c.split_edge = SIZE_MAX;
  int rc = parse_members(&c);
  heap_split_free(&c);  /* the second thread writes into h until it is joined */
  return rc;
}

/* One "key": value member, the scanner at its key. */
static int parse_member(parse_ctx *c) {
  heap_scan *s = c->s;
  int ch = heap_scan_peek(s);
  if (ch != '"') {
    if (s->status) return s->status;
    return heap_scan_error(s, heap_scan_pos(s), ch < 0 ? "unexpected end of input" : "expected a key");
  }
  char key[64];
  uint64_t key_at = heap_scan_pos(s);
  int rc = read_key(s, key, sizeof key);
  if (rc < 0) return rc;
  if (heap_scan_peek(s) != ':') return s->status ? s->status : heap_scan_error(s, heap_scan_pos(s), "expected ':'");
  s->p++;
  return read_member(c, key, key_at);
}

int heap_parse_more_members(parse_ctx *c) {
  heap_scan *s = c->s;
  while (heap_scan_peek(s) == ',') {
    s->p++;
    int rc = parse_member(c);
    if (rc < 0) return rc;
  }
  return 0;
}

static int parse_members(parse_ctx *c) {
  heap_scan *s = c->s;
  pk_heap *h = c->h;
  int ch = heap_scan_peek(s);
  if (ch != '{') {
    if (s->status) return s->status;
    return heap_scan_error(s, heap_scan_pos(s), ch < 0 ? "empty input" : "not a heap snapshot: expected '{'");
  }
  s->p++;
  if (heap_scan_peek(s) != '}') {
    int rc = parse_member(c);
    if (rc == 0) rc = heap_parse_more_members(c);
    if (rc < 0) return rc;
    ch = heap_scan_peek(s);
    if (ch != '}') {
      if (s->status) return s->status;
      return heap_scan_error(s, heap_scan_pos(s), ch < 0 ? "unexpected end of input" : "expected ',' or '}'");
    }
  }
  s->p++;
  uint64_t end = heap_scan_pos(s);
  if (!c->have_meta) return heap_scan_error(s, end, "no \"snapshot\" header");
  if (!c->have_nodes) return heap_scan_error(s, end, "no \"nodes\" array");
  if (!c->have_edges) return heap_scan_error(s, end, "no \"edges\" array");
  if (!c->have_strings) return heap_scan_error(s, end, "no \"strings\" array");
  if (h->n_nodes == 0) return heap_scan_error(s, end, "the snapshot has no nodes");
  int rc = check_string_indexes(c);
  if (rc < 0) return rc;
  heap_build_edge_index(h);
  settle_node_names(h);
  rc = heap_locations_finish(c);
  if (rc < 0) return rc;
  heap_phase("parse: strings, done");
  return 0;
}

/* The size of an uncompressed regular file, else 0. */
static uint64_t plain_file_size(const pk_source *src, const char *path) {
  struct stat st;
  if (pk_source_is_gzip(src) || !path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  return (uint64_t)st.st_size;
}

static pk_heap *heap_new(const char *name, int threads) {
  pk_heap *h = calloc(1, sizeof *h);
  if (!h) return NULL;
  h->threads = threads;
  h->nname_width = 3;
  heap_reread_init(&h->reread);
  h->path = strdup(name ? name : "<memory>");
  if (!h->path) {
    free(h);
    return NULL;
  }
  return h;
}

int pk_heap_parse(pk_heap **out, const char *buf, size_t len, const char *name, pk_error *err) {
  *out = NULL;
  pk_release_big_frees();
  pk_heap *h = heap_new(name, PK_HEAP_DEFAULT_THREADS);
  if (!h) return pk_error_set(err, PK_ENOMEM, name, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  heap_scan s;
  heap_scan_open_memory(&s, buf, len, h->path, err);
  int rc = parse_snapshot(h, &s, len, buf, NULL);
  if (rc < 0) {
    pk_heap_free(h);
    return rc;
  }
  *out = h;
  return 0;
}

int pk_heap_load(pk_heap **out, const char *path, const pk_heap_options *opts, pk_error *err) {
  static const pk_heap_options defaults = PK_HEAP_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  *out = NULL;
  int version_rc = pk_error_check_version(err, "pk_heap_options", opts->version, PK_HEAP_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  pk_release_big_frees();
  pk_source *src;
  int rc = pk_source_open(&src, path, &opts->limits, err);
  if (rc < 0) return rc;
  pk_heap *h = heap_new(pk_source_name(src), opts->threads);
  if (!h) {
    pk_source_close(src);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  heap_scan s;
  rc = heap_scan_open_source(&s, src, opts, err);
  uint64_t size = plain_file_size(src, path);
  if (rc == 0) pk_progress_tick_init(&s.tick, &opts->progress, pk_source_name(src), "reading", size);
  int reread = size && (!opts->limits.max_bytes || size <= opts->limits.max_bytes);
  if (reread) heap_reread_open(&h->reread, path);  /* without it every string stays in memory */
  if (rc == 0) rc = parse_snapshot(h, &s, size, NULL, reread ? path : NULL);
  if (rc == 0) heap_reread_spill(h);  /* gzip'd or piped, and big: a scratch file to read back from */
  if (rc == 0 && h->reread.fd >= 0) {
    heap_reread_drop_values(h);
    heap_phase("parse: string values dropped");
  }
  heap_scan_close(&s);
  pk_source_close(src);
  if (rc < 0) {
    pk_heap_free(h);
    return rc;
  }
  *out = h;
  return 0;
}

void pk_heap_free(pk_heap *h) {
  if (!h) return;
  pk_thread_join(&h->dropper);
  for (size_t i = 0; i < h->n_node_types; i++) free(h->node_type_names[i]);
  for (size_t i = 0; i < h->n_edge_types; i++) free(h->edge_type_names[i]);
  free(h->ntype); free(h->nname); free(h->nid); free(h->nid_high); free(h->nself); free(h->nedges);
  free(h->ename); free(h->eto);
  heap_wide_free(&h->wide_sizes); heap_wide_free(&h->wide_names); heap_wide_free(&h->wide_nnames);
  free(h->soff); free(h->soff32); free(h->sdata); free(h->stag); free(h->kept);
  heap_reread_free(&h->reread);
  heap_locations_free(&h->locations);
  free(h->retained); heap_wide_free(&h->wide_retained); free(h->idom); free(h->distance); free(h->distance16); free(h->cls); free(h->cls16); free(h->flags);
  heap_names_free(&h->classes);
  free(h->path);
  free(h);
}
