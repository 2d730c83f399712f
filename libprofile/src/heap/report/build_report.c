/*
 * heap/report/build_report.c - building a pk_heap_report from analyzed snapshots.
 *
 * Classes are matched across snapshots by name (one heap_names table for
 * the report).  Objects are matched by node id: each snapshot gets an array
 * of (id << 32 | node) keys for its counted nodes (shallow size > 0),
 * radix-sorted on the id, and two snapshots are compared by one merge of
 * their arrays.  An id present in both but in different classes counts as
 * deleted from one class and new in the other, as in DevTools' per-class
 * comparison.  Retained sizes per class, and of the new objects only, come
 * from heap_class_retained.
 */
#include <math.h>
#include <string.h>

#include "heap/heap_internal.h"
#include "heap/report/report_internal.h"
#include "heap/report/heap_causes.h"

static int compare_keys(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Sorts keys by their upper 32 bits, stably (LSD radix, two 16-bit
 * passes).  The lower 32 bits, the node, ascend in the input, so a stable
 * sort by id is a sort by the whole key: below a few thousand keys qsort
 * gives the same order without the radix's fixed cost of two 65537-entry
 * count tables (the cost of every small snapshot, such as a fuzzer's). */
static int sort_by_id(uint64_t *keys, size_t n) {
  if (n < 4096) {
    qsort(keys, n, sizeof *keys, compare_keys);
    return 0;
  }
  uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) return -1;
  for (int shift = 32; shift < 64; shift += 16) {
    size_t count[65537] = {0};
    for (size_t i = 0; i < n; i++) count[((keys[i] >> shift) & 0xffff) + 1]++;
    for (size_t i = 1; i <= 65536; i++) count[i] += count[i - 1];
    for (size_t i = 0; i < n; i++) tmp[count[(keys[i] >> shift) & 0xffff]++] = keys[i];
    memcpy(keys, tmp, n * sizeof *keys);
  }
  free(tmp);
  return 0;
}

static int id_keys(const pk_heap *h, uint64_t **out, size_t *len) {
  size_t n = 0;
  for (uint32_t v = 0; v < h->n_nodes; v++) n += heap_size(h, v) != 0;
  uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
  if (!keys) return -1;
  n = 0;
  for (uint32_t v = 0; v < h->n_nodes; v++)
    if (heap_size(h, v)) keys[n++] = (uint64_t)heap_nid(h, v) << 32 | v;
  if (sort_by_id(keys, n) < 0) {
    free(keys);
    return -1;
  }
  *out = keys;
  *len = n;
  return 0;
}

typedef struct side {
  const pk_heap *h;
  const uint64_t *keys;
  size_t len;
  const uint32_t *map;  /* local class -> report class */
  uint32_t *node_class; /* per node report class once plain objects were renamed (unify_plain), else NULL */
} side;

static inline uint32_t side_class(const side *s, uint32_t v) {
  return s->node_class ? s->node_class[v] : s->map[heap_cls(s->h, v)];
}

/* A plain object ("Object", "{a, b}") that the last snapshot holds too
 * takes its class there, so one object keeps one key across snapshots
 * even when the popularity of interfaces changed between them (each
 * snapshot's interfaces are inferred from its own objects).  The per-node
 * array is made only when some object moves.  -1 on OOM. */
static int unify_plain(side *s, const side *last, const heap_names *names) {
  size_t i = 0, j = 0;
  while (i < s->len && j < last->len) {
    uint32_t ida = (uint32_t)(s->keys[i] >> 32), idb = (uint32_t)(last->keys[j] >> 32);
    if (ida != idb) {
      ida < idb ? i++ : j++;
      continue;
    }
    uint32_t na = (uint32_t)s->keys[i++], nb = (uint32_t)last->keys[j++];
    uint32_t ca = side_class(s, na), cb = side_class(last, nb);
    if (ca == cb || !heap_class_is_plain(names->names[ca]) || !heap_class_is_plain(names->names[cb])) continue;
    if (!s->node_class) {
      if (!(s->node_class = malloc((s->h->n_nodes ? s->h->n_nodes : 1) * sizeof *s->node_class))) return -1;
      for (uint32_t v = 0; v < s->h->n_nodes; v++) s->node_class[v] = s->map[heap_cls(s->h, v)];
    }
    s->node_class[na] = cb;
  }
  return 0;
}

/* Calls pair(ctx, a_node, b_node) for every counted id of a or b; a missing
 * side (or a different class) is PK_HEAP_NONE. */
static void merge(const side *a, const side *b, void (*pair)(void *, uint32_t, uint32_t), void *ctx) {
  size_t i = 0, j = 0;
  while (i < a->len || j < b->len) {
    uint64_t ida = i < a->len ? a->keys[i] >> 32 : UINT64_MAX;
    uint64_t idb = j < b->len ? b->keys[j] >> 32 : UINT64_MAX;
    if (ida < idb) {
      pair(ctx, (uint32_t)a->keys[i++], PK_HEAP_NONE);
    } else if (idb < ida) {
      pair(ctx, PK_HEAP_NONE, (uint32_t)b->keys[j++]);
    } else {
      uint32_t na = (uint32_t)a->keys[i++], nb = (uint32_t)b->keys[j++];
      if (side_class(a, na) == side_class(b, nb)) {
        pair(ctx, na, nb);
      } else {
        pair(ctx, na, PK_HEAP_NONE);
        pair(ctx, PK_HEAP_NONE, nb);
      }
    }
  }
}

typedef struct first_last_ctx {
  pk_heap_report *r;
  const side *a, *b;
  uint8_t *new_mask;  /* bit per node of b */
} first_last_ctx;

static void first_last_pair(void *p, uint32_t na, uint32_t nb) {
  first_last_ctx *c = p;
  if (na != PK_HEAP_NONE && nb != PK_HEAP_NONE) return;
  if (nb != PK_HEAP_NONE) {
    pk_heap_class_row *row = &c->r->rows[side_class(c->b, nb)];
    row->new_count++;
    row->alloc_size += heap_size(c->b->h, nb);
    heap_bit_set(c->new_mask, nb);
  } else {
    pk_heap_class_row *row = &c->r->rows[side_class(c->a, na)];
    row->deleted_count++;
    row->freed_size += heap_size(c->a->h, na);
  }
}

typedef struct born_ctx {
  const side *s1;
  uint8_t *born;  /* bit per node of s1: not in s0 */
} born_ctx;

static void born_pair(void *p, uint32_t n0, uint32_t n1) {
  born_ctx *c = p;
  if (n0 == PK_HEAP_NONE && n1 != PK_HEAP_NONE) heap_bit_set(c->born, n1);
}

typedef struct survive_ctx {
  pk_heap_report *r;
  const side *s1, *last;
  const uint8_t *born;
} survive_ctx;

static void survive_pair(void *p, uint32_t n1, uint32_t nl) {
  survive_ctx *c = p;
  if (n1 == PK_HEAP_NONE || nl == PK_HEAP_NONE || !heap_bit(c->born, n1)) return;
  c->r->rows[side_class(c->last, nl)].survivors++;
}

/* -1 on OOM, -2 when the snapshots cannot be compared (err set). */
static int build(pk_heap_report *r, pk_heap *const *snaps, size_t n, side *sides, uint8_t **new_mask, pk_error *err) {
  /* classes of every snapshot -> report classes */
  for (size_t s = 0; s < n; s++) {
    const pk_heap *h = snaps[s];
    uint32_t *map = malloc((h->classes.count + 1) * sizeof *map);
    if (!map) return -1;
    sides[s].map = map;
    sides[s].h = h;
    for (size_t c = 0; c < h->classes.count; c++) {
      map[c] = heap_names_intern(&r->names, h->classes.names[c], strlen(h->classes.names[c]));
      if (map[c] == UINT32_MAX) return -1;
    }
  }
  r->rows = calloc(r->names.count + 1, sizeof *r->rows);
  if (!r->rows) return -1;
  r->n_rows = r->names.count;
  int rc = 0;
  heap_id_keys ids[PK_HEAP_MAX_SNAPSHOTS];
  for (size_t s = 0; n >= 2 && s < n && rc == 0; s++) {
    rc = id_keys(snaps[s], (uint64_t **)&sides[s].keys, &sides[s].len);
    ids[s] = (heap_id_keys){sides[s].keys, sides[s].len};
  }
  for (size_t s = 1; n >= 2 && s < n && rc == 0; s++) {
    pk_error why;
    pk_error_clear(&why);
    if (heap_comparable(snaps[s - 1], &ids[s - 1], sides[s - 1].map, snaps[s], &ids[s], sides[s].map, &r->names,
                        &why) == 0)
      continue;
    if (!r->opts.any_process) {
      if (err) *err = why;
      rc = -2;
    } else if (!r->warning[0]) {
      snprintf(r->warning, sizeof r->warning, "%s: %s; compared anyway (--any-process): new and deleted counts "
               "and causes are not meaningful", why.path, why.message);
    }
  }
  for (size_t s = 0; n >= 2 && s + 1 < n && rc == 0; s++) rc = unify_plain(&sides[s], &sides[n - 1], &r->names);
  if (rc < 0) return rc;
  uint64_t *retained = calloc(r->n_rows + 1, sizeof *retained);
  if (!retained) return -1;
  for (size_t s = 0; s < n; s++) {
    const pk_heap *h = snaps[s];
    pk_heap_statistics(h, &r->stats[s]);
    r->nodes[s] = h->n_nodes;
    r->edges[s] = h->n_edges;
    if (!(r->snapshot_paths[s] = strdup(h->path))) {
      free(retained);
      return -1;
    }
    for (uint32_t v = 0; v < h->n_nodes; v++) {
      if (!heap_size(h, v)) continue;
      pk_heap_class_row *row = &r->rows[side_class(&sides[s], v)];
      row->count[s]++;
      row->shallow[s] += heap_size(h, v);
    }
    memset(retained, 0, (r->n_rows + 1) * sizeof *retained);
    if (heap_class_retained(h, NULL, sides[s].map, sides[s].node_class, r->n_rows, retained) < 0) {
      free(retained);
      return -1;
    }
    for (size_t c = 0; c < r->n_rows; c++) r->rows[c].retained[s] = retained[c];
  }
  if (n >= 2) {
    if (rc == 0) rc = heap_causes_build(r, snaps, n, ids, sides[n - 1].map);
    const side *a = &sides[0], *b = &sides[n - 1];
    uint8_t *mask = rc == 0 ? calloc(b->h->n_nodes / 8 + 1, 1) : NULL;
    if (!mask && rc == 0) rc = -1;
    if (rc == 0) {
      first_last_ctx c = {r, a, b, mask};
      merge(a, b, first_last_pair, &c);
      memset(retained, 0, (r->n_rows + 1) * sizeof *retained);
      rc = heap_class_retained(b->h, mask, b->map, NULL, 0, retained);
      for (size_t k = 0; k < r->n_rows && rc == 0; k++) r->rows[k].new_retained = retained[k];
    }
    *new_mask = mask;
    if (rc == 0 && n >= 3) {
      uint8_t *born = calloc(sides[1].h->n_nodes / 8 + 1, 1);
      if (!born) rc = -1;
      else {
        born_ctx bc = {&sides[1], born};
        merge(&sides[0], &sides[1], born_pair, &bc);
        survive_ctx sc = {r, &sides[1], &sides[n - 1], born};
        merge(&sides[1], &sides[n - 1], survive_pair, &sc);
        free(born);
      }
    }
  }
  free(retained);
  return rc;
}

static void derive(pk_heap_class_row *row, size_t n) {
  size_t last = n - 1;
  row->count_delta = (int64_t)row->new_count - (int64_t)row->deleted_count;
  row->self_size_delta = (int64_t)row->alloc_size - (int64_t)row->freed_size;
  row->retained_delta = (int64_t)row->retained[last] - (int64_t)row->retained[0];
  row->monotonic = true;
  for (size_t s = 1; s < n; s++)
    if (row->retained[s] < row->retained[s - 1]) row->monotonic = false;
  double mean_x = (double)(n - 1) / 2, mean_y = 0, sxy = 0, sxx = 0;
  for (size_t s = 0; s < n; s++) mean_y += (double)row->retained[s] / (double)n;
  for (size_t s = 0; s < n; s++) {
    sxy += ((double)s - mean_x) * ((double)row->retained[s] - mean_y);
    sxx += ((double)s - mean_x) * ((double)s - mean_x);
  }
  row->slope = sxx > 0 ? sxy / sxx : 0;
}

static int row_order(const void *pa, const void *pb) {
  const pk_heap_class_row *a = pa, *b = pb;
  static const int rank[] = {[PK_HEAP_LEAK] = 0, [PK_HEAP_BOUNDED] = 1, [PK_HEAP_GROWTH] = 2,
                             [PK_HEAP_CHURN] = 3, [PK_HEAP_SHRINK] = 4, [PK_HEAP_ENGINE] = 5,
                             [PK_HEAP_STABLE] = 6};
  if (rank[a->verdict] != rank[b->verdict]) return rank[a->verdict] - rank[b->verdict];
  uint64_t ma = (uint64_t)llabs(a->retained_delta), mb = (uint64_t)llabs(b->retained_delta);
  if (ma != mb) return ma > mb ? -1 : 1;
  return strcmp(a->name, b->name);
}

static int summary_order(const void *pa, const void *pb) {
  const pk_heap_class_row *a = pa, *b = pb;
  if (a->retained[0] != b->retained[0]) return a->retained[0] > b->retained[0] ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* Notes meta.node_count / edge_count that disagree with what the file holds. */
static void meta_warning(pk_heap_report *r, const pk_heap *h) {
  if ((!h->announced_nodes || h->announced_nodes == h->n_nodes) && (!h->announced_edges || h->announced_edges == h->n_edges))
    return;
  size_t len = strlen(r->warning);
  snprintf(r->warning + len, sizeof r->warning - len,
           "%s%s: the header announces %llu nodes and %llu edges, the file holds %zu and %zu", len ? "; " : "",
           h->path, (unsigned long long)h->announced_nodes, (unsigned long long)h->announced_edges, h->n_nodes,
           h->n_edges);
}

int pk_heap_report_build(pk_heap_report **out, pk_heap *const *snaps, size_t n,
                         const pk_heap_verdict_options *opts, pk_error *err) {
  static const pk_heap_verdict_options defaults = PK_HEAP_VERDICT_OPTIONS_INIT;
  *out = NULL;
  if (opts && opts->version > PK_HEAP_VERDICT_OPTIONS_VERSION)
    return pk_error_check_version(err, "pk_heap_verdict_options", opts->version,
                                  PK_HEAP_VERDICT_OPTIONS_VERSION);
  if (n == 0 || n > PK_HEAP_MAX_SNAPSHOTS)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION, "between 1 and %d snapshots",
                        PK_HEAP_MAX_SNAPSHOTS);
  for (size_t s = 0; s < n; s++)
    if (!snaps[s]->analyzed)
      return pk_error_set(err, PK_EINVAL, snaps[s]->path, PK_NO_POSITION, PK_NO_POSITION, "snapshot not analyzed");
  pk_heap_report *r = calloc(1, sizeof *r);
  if (!r) return heap_oom(err, snaps[0]);
  r->n_snapshots = n;
  r->opts = opts ? *opts : defaults;
  for (size_t s = 0; s < n; s++) meta_warning(r, snaps[s]);
  side sides[PK_HEAP_MAX_SNAPSHOTS];
  memset(sides, 0, sizeof sides);
  uint8_t *new_mask = NULL;
  int rc = build(r, snaps, n, sides, &new_mask, err);
  /* drop classes with no object in any snapshot (unpopular interface names) */
  size_t kept = 0;
  for (size_t c = 0; c < r->n_rows && rc == 0; c++) {
    pk_heap_class_row *row = &r->rows[c];
    row->name = r->names.names[c];
    uint64_t any = row->new_count + row->deleted_count;
    for (size_t s = 0; s < n; s++) any += row->count[s];
    if (!any) continue;
    derive(row, n);
    heap_verdict(row, n, &r->opts);
    if (r->class_leak_new) heap_verdict_by_causes(row, r->class_leak_new[c], r->class_bounded_new[c]);
    r->rows[kept++] = *row;
  }
  if (rc == 0) {
    r->n_rows = kept;
    qsort(r->rows, r->n_rows, sizeof *r->rows, n == 1 ? summary_order : row_order);
    if (n >= 2 && r->opts.path_classes && !snaps[n - 1]->graph_dropped)
      rc = heap_report_paths(r, snaps[n - 1], sides[n - 1].map, new_mask, r->opts.path_classes,
                             r->opts.paths_per_class ? r->opts.paths_per_class : 1);
  }
  free(new_mask);
  for (size_t s = 0; s < n; s++) {
    free((void *)sides[s].map);
    free((void *)sides[s].keys);
    free(sides[s].node_class);
  }
  if (rc < 0) {
    pk_heap_report_free(r);
    return rc == -2 ? PK_EFORMAT : heap_oom(err, snaps[0]);
  }
  *out = r;
  heap_phase("report built");
  return 0;
}

void pk_heap_report_free(pk_heap_report *r) {
  if (!r) return;
  heap_names_free(&r->names);
  for (size_t s = 0; s < r->n_snapshots; s++) free(r->snapshot_paths[s]);
  for (size_t i = 0; i < r->n_paths; i++) free((void *)r->paths[i].path);
  free(r->paths);
  for (size_t i = 0; i < r->n_causes; i++) {
    free((void *)r->causes[i].holder);
    free((void *)r->causes[i].path);
    free((void *)r->causes[i].classes);
  }
  free(r->causes);
  heap_names_free(&r->cause_names);
  free(r->sites);
  heap_names_free(&r->site_strings);
  free(r->class_leak_new);
  free(r->class_bounded_new);
  free(r->pred);
  free(r->from);
  free(r->rows);
  free(r);
}

size_t pk_heap_report_snapshot_count(const pk_heap_report *r) { return r->n_snapshots; }
size_t pk_heap_report_row_count(const pk_heap_report *r) { return r->n_rows; }
const pk_heap_class_row *pk_heap_report_row(const pk_heap_report *r, size_t i) { return &r->rows[i]; }
const pk_heap_stats *pk_heap_report_stats(const pk_heap_report *r, size_t i) { return &r->stats[i]; }
size_t pk_heap_report_leak_count(const pk_heap_report *r) { return r->n_leaks; }
const char *pk_heap_report_warning(const pk_heap_report *r) { return r->warning; }
size_t pk_heap_report_cause_count(const pk_heap_report *r) { return r->n_causes; }
const pk_heap_cause *pk_heap_report_cause(const pk_heap_report *r, size_t i) { return &r->causes[i]; }
const char *pk_heap_report_path_name(const pk_heap_report *r, size_t i) { return r->snapshot_paths[i]; }
size_t pk_heap_report_path_count(const pk_heap_report *r) { return r->n_paths; }
const pk_heap_path_group *pk_heap_report_path(const pk_heap_report *r, size_t i) { return &r->paths[i]; }
