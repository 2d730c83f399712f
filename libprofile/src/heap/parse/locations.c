/*
 * heap/parse/locations.c - the snapshot's "locations": where each closure's
 * function is defined, kept for the functions only.
 *
 * V8 writes one record per located object (meta.location_fields: usually
 * object_index, script_id, line, column; line and column 0-based): every
 * closure at its function's start, and plain objects at their
 * constructor's (dropped at once when the node is known to be no closure).  A 600 MB snapshot holds about two million of them (42
 * MB of text), nearly all closures, while the functions they are closures
 * of are a few thousand.  So records are stored while parsing as varints
 * (the node as a zigzag delta from the previous record's, then script id,
 * line, column: about 6 bytes each, on either parse thread), and once the
 * graph is complete heap_locations_finish keeps one entry per
 * SharedFunctionInfo a located closure reaches by its "shared" edge (the
 * first record of its closures; a bit per node marks those listed), sorted
 * by that node, and frees the varints.  A closure's location is then its
 * "shared" edge followed by a binary search (heap_location_of).
 *
 * Checks, as for the other arrays, with the byte offset of the record: a
 * value past 2^32-1, an object_index that is not a multiple of the node
 * field count, or (at the end, against the largest one seen) past the last
 * node; records of a count that is no multiple of the field count fail in
 * the array reader.  Records of objects that are not closures, and closures
 * without a "shared" edge, are dropped.
 */
#include <string.h>

#include "util/grow.h"
#include "heap/parse/snapshot_reader_internal.h"

static int put_varint(heap_locations *l, uint64_t v) {
  if (l->raw_cap - l->raw_len < 10 && PK_GROW(l->raw, l->raw_cap, l->raw_len + 10) < 0) return -1;
  while (v >= 0x80) {
    l->raw[l->raw_len++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  l->raw[l->raw_len++] = (uint8_t)v;
  return 0;
}

static uint64_t get_varint(const uint8_t *raw, size_t len, size_t *at) {
  uint64_t v = 0;
  for (unsigned shift = 0; *at < len && shift < 64; shift += 7) {
    uint8_t b = raw[(*at)++];
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  return v;
}

int heap_location_record(void *ctx, const int64_t *v, uint64_t at) {
  parse_ctx *c = ctx;
  heap_locations *l = &c->h->locations;
  for (size_t k = 0; k < c->location_width; k++)
    if (v[k] < 0 || v[k] > (int64_t)UINT32_MAX)
      return heap_scan_error(c->s, at, "location %zu: value %lld out of range", l->raw_records + l->raw_records_seen,
                             (long long)v[k]);
  uint64_t object = (uint64_t)v[c->lfield[LF_OBJECT]];
  uint64_t node = object / c->node_width;
  if (node * c->node_width != object)
    return heap_scan_error(c->s, at, "location %zu: object_index %llu is not a multiple of the node field count %zu",
                           l->raw_records + l->raw_records_seen, (unsigned long long)object, c->node_width);
  if ((!l->raw_records && !l->raw_records_seen) || object > l->max_object) {
    l->max_object = object;
    l->max_object_at = at;
  }
  const pk_heap *h = c->h;  /* the second parse thread's has no nodes: it keeps every record */
  if (node < h->n_nodes && heap_nkind(h, (uint32_t)node) != PK_HEAP_NODE_CLOSURE) {
    l->raw_records_seen++;
    return 0;
  }
  uint64_t delta = node - l->last_node;  /* zigzag of the signed difference */
  uint64_t zigzag = node >= l->last_node ? delta << 1 : ((l->last_node - node) << 1) - 1;
  l->last_node = node;
  l->raw_records++;
  if (put_varint(l, zigzag) < 0 || put_varint(l, (uint64_t)v[c->lfield[LF_SCRIPT]]) < 0 ||
      put_varint(l, (uint64_t)v[c->lfield[LF_LINE]]) < 0 || put_varint(l, (uint64_t)v[c->lfield[LF_COLUMN]]) < 0)
    return heap_oom(c->s->err, c->h);
  return 0;
}

static int by_shared(const void *pa, const void *pb) {
  const heap_location *a = pa, *b = pb;
  return a->shared < b->shared ? -1 : a->shared > b->shared;  /* distinct */
}

int heap_locations_finish(parse_ctx *c) {
  pk_heap *h = c->h;
  heap_locations *l = &h->locations;
  if ((l->raw_records || l->raw_records_seen) && l->max_object / c->node_width >= h->n_nodes)
    return heap_scan_error(c->s, l->max_object_at, "location: object_index %llu points past the last node (%zu nodes)",
                           (unsigned long long)l->max_object, h->n_nodes);
  size_t cap = 0, at = 0;
  uint64_t node = 0;
  uint8_t *seen = calloc(h->n_nodes / 8 + 1, 1);  /* functions already listed: the first record wins */
  int rc = seen ? 0 : heap_oom(c->s->err, h);
  for (size_t r = 0; r < l->raw_records && rc == 0; r++) {
    uint64_t zigzag = get_varint(l->raw, l->raw_len, &at);
    node = zigzag & 1 ? node - ((zigzag + 1) >> 1) : node + (zigzag >> 1);
    heap_location loc = {PK_HEAP_NONE, 0, 0, 0};
    loc.script_id = (uint32_t)get_varint(l->raw, l->raw_len, &at);
    loc.line = (uint32_t)get_varint(l->raw, l->raw_len, &at);
    loc.column = (uint32_t)get_varint(l->raw, l->raw_len, &at);
    if (node >= h->n_nodes || heap_nkind(h, (uint32_t)node) != PK_HEAP_NODE_CLOSURE) continue;
    loc.shared = heap_edge_to(h, (uint32_t)node, "shared");
    if (loc.shared == PK_HEAP_NONE || heap_bit(seen, loc.shared)) continue;
    heap_bit_set(seen, loc.shared);
    if (PK_GROW(l->list, cap, l->count + 1) < 0) rc = heap_oom(c->s->err, h);
    else l->list[l->count++] = loc;
  }
  free(seen);
  free(l->raw);
  l->raw = NULL;
  l->raw_len = l->raw_cap = l->raw_records = l->raw_records_seen = 0;
  if (rc < 0) return rc;
  if (l->count > 1) qsort(l->list, l->count, sizeof *l->list, by_shared);
  size_t kept = l->count;
  if (kept && kept < cap) {
    heap_location *fit = realloc(l->list, kept * sizeof *fit);
    if (fit) l->list = fit;
  }
  return 0;
}

const heap_location *heap_location_of(const pk_heap *h, uint32_t shared) {
  const heap_locations *l = &h->locations;
  size_t lo = 0, hi = l->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->list[mid].shared == shared) return &l->list[mid];
    if (l->list[mid].shared < shared) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

void heap_locations_free(heap_locations *l) {
  free(l->raw);
  free(l->list);
  memset(l, 0, sizeof *l);
}
