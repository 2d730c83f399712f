/*
 * heap_causes.c - leaks as causes: the growth between the first and the
 * last snapshot grouped by the retainer that owns it.
 *
 * Every counted node of the last snapshot that is new (its id is not in
 * the first) is walked up its dominator chain to its holder: the first
 * node that existed in the first snapshot too and can hold data (the
 * root, or an object whose class is not an engine internal, a string or a
 * number; a Map's table or an Array's backing store is looked through, to
 * the Map or the Array).  Deleted nodes of the first snapshot are walked
 * the same way in the first snapshot, and meet the new ones at the holder
 * by its node id.  A chain is walked once: holders are memoised per node.
 *
 * One cause per holder, with exact counts and bytes (shallow sizes) of its
 * new and its deleted objects, then a verdict (heap_report.h, docs/heap.md):
 * causes made only of engine objects merge into one ENGINE entry; a
 * significant net rise (min_growth bytes and min_share of the heap) is a
 * LEAK when the old objects stay (evicted < max_turnover x new), BOUNDED
 * when new objects replace evicted ones or, over 3+ snapshots, when the
 * holder stopped growing in the last interval, and GROWTH when few new
 * objects carry it; a small net change with turnover (of min_growth bytes
 * or more) is CHURN; the rest
 * is not reported.  The first HEAP_MAX_CAUSES causes get a class breakdown
 * (closures by their function name when the graph is at hand).
 */
#include <string.h>

#include "util/grow.h"
#include "heap/heap_internal.h"
#include "heap/report/heap_causes.h"

#define HEAP_MAX_CAUSES 64
#define CLASS_ENGINE 1
#define CLASS_HOLDER 2
#define ENGINE_SLOT (UINT32_MAX - 1)  /* slot: folded into the engine entry */

bool heap_class_is_engine(const char *n) {
  static const char *const exact[] = {"(system)", "(array)", "(compiled code)", "(object shape)", "(code)", NULL};
  for (size_t i = 0; exact[i]; i++)
    if (strcmp(n, exact[i]) == 0) return true;
  return strncmp(n, "system / ", 9) == 0;
}

uint32_t heap_id_lookup(const heap_id_keys *ids, uint32_t id) {
  size_t lo = 0, hi = ids->len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    uint32_t at = (uint32_t)(ids->keys[mid] >> 32);
    if (at == id) return (uint32_t)ids->keys[mid];
    if (at < id) lo = mid + 1;
    else hi = mid;
  }
  return PK_HEAP_NONE;
}

static uint8_t *class_flags(const pk_heap *h) {
  uint8_t *f = calloc(h->classes.count + 1, 1);
  if (!f) return NULL;
  for (size_t c = 0; c < h->classes.count; c++) {
    const char *name = h->classes.names[c];
    if (heap_class_is_engine(name)) f[c] |= CLASS_ENGINE;
    else if (name[0] != '(') f[c] |= CLASS_HOLDER;
  }
  return f;
}

/* present: bit per node, set when its id is in the other snapshot. */
static uint32_t *holders(const pk_heap *h, const uint8_t *present, const uint8_t *flags) {
  size_t n = h->n_nodes, depth = 0, cap = 0;
  uint32_t *hold = malloc((n ? n : 1) * sizeof *hold), *stack = NULL;
  if (!hold) return NULL;
  memset(hold, 0xff, (n ? n : 1) * sizeof *hold);
  for (uint32_t v = 0; v < n; v++) {
    uint32_t x = v;
    while (hold[x] == PK_HEAP_NONE) {
      if (x == 0 || (heap_size(h, x) && heap_bit(present, x) && (flags[heap_cls(h, x)] & CLASS_HOLDER))) {
        hold[x] = x;
        break;
      }
      if (PK_GROW(stack, cap, depth + 1) < 0) {
        free(stack);
        free(hold);
        return NULL;
      }
      stack[depth++] = x;
      x = h->idom[x];
    }
    while (depth) hold[stack[--depth]] = hold[x];
  }
  free(stack);
  return hold;
}

typedef struct cause_acc {
  uint32_t holder;  /* node of the last snapshot */
  uint64_t new_count, new_bytes, deleted_count, deleted_bytes, user_new, user_deleted;
} cause_acc;

typedef struct deleted_obj {
  uint32_t holder_id;  /* PK_HEAP_NONE: the root */
  uint32_t engine;
  uint64_t bytes;
} deleted_obj;

typedef struct causes_ctx {
  pk_heap_report *r;
  pk_heap *const *snaps;
  size_t n;
  const heap_id_keys *ids;
  const uint32_t *pred, *from;
  cause_acc *acc;
  size_t n_acc, acc_cap;
  uint32_t *cause_of;  /* last snapshot's holder node -> acc index */
  uint32_t *site_memo; /* per function of the last snapshot's locations: closure name string, class id */
} causes_ctx;

static cause_acc *cause_for(causes_ctx *c, uint32_t holder) {
  if (c->cause_of[holder] == PK_HEAP_NONE) {
    if (PK_GROW(c->acc, c->acc_cap, c->n_acc + 1) < 0) return NULL;
    c->acc[c->n_acc] = (cause_acc){.holder = holder};
    c->cause_of[holder] = (uint32_t)c->n_acc++;
  }
  return &c->acc[c->cause_of[holder]];
}

/* Marks the counted nodes of a and b whose id is in the other snapshot. */
static void presence(const heap_id_keys *a, const heap_id_keys *b, uint8_t *in_b, uint8_t *in_a) {
  size_t i = 0, j = 0;
  while (i < a->len && j < b->len) {
    uint32_t ida = (uint32_t)(a->keys[i] >> 32), idb = (uint32_t)(b->keys[j] >> 32);
    if (ida < idb) i++;
    else if (idb < ida) j++;
    else {
      heap_bit_set(in_b, (uint32_t)a->keys[i++]);
      heap_bit_set(in_a, (uint32_t)b->keys[j++]);
    }
  }
}

/* Counted nodes of h whose bit in present is clear. */
static size_t count_absent(const pk_heap *h, const uint8_t *present) {
  size_t n = 0;
  for (uint32_t v = 0; v < h->n_nodes; v++) n += heap_size(h, v) && !heap_bit(present, v);
  return n;
}

/* The deleted objects of the first snapshot with their holder's id. */
static int deleted_objects(const pk_heap *a, const uint8_t *in_b, deleted_obj **out, size_t *len) {
  *out = NULL;
  *len = 0;
  if (!count_absent(a, in_b)) return 0;  /* nothing deleted: no walk */
  uint8_t *flags = class_flags(a);
  uint32_t *hold = flags ? holders(a, in_b, flags) : NULL;
  size_t n = 0, cap = 0;
  deleted_obj *d = NULL;
  int rc = hold ? 0 : -1;
  for (uint32_t v = 0; v < a->n_nodes && rc == 0; v++) {
    if (!heap_size(a, v) || heap_bit(in_b, v)) continue;
    if (PK_GROW(d, cap, n + 1) < 0) {
      rc = -1;
      break;
    }
    uint32_t hv = hold[v];
    d[n++] = (deleted_obj){hv == 0 ? PK_HEAP_NONE : heap_nid(a, hv), flags[heap_cls(a, v)] & CLASS_ENGINE,
                           heap_size(a, v)};
  }
  free(hold);
  free(flags);
  *out = d;
  *len = n;
  return rc;
}

static pk_heap_verdict judge(const causes_ctx *c, const cause_acc *a, const uint64_t *trend, char *why, size_t size) {
  const pk_heap_verdict_options *o = &c->r->opts;
  int64_t net = (int64_t)a->new_bytes - (int64_t)a->deleted_bytes;
  double total = (double)c->r->stats[c->n - 1].total;
  char grown[32];
  pk_heap_format_size(grown, sizeof grown, net, true);
  if (!a->user_new && !a->user_deleted) return PK_HEAP_ENGINE;
  bool significant = net >= (int64_t)o->min_growth && (double)net >= o->min_share * total;
  if (significant && a->new_count < o->min_new) {
    snprintf(why, size, "net %s with only %llu new objects: existing objects grew", grown,
             (unsigned long long)a->new_count);
    return PK_HEAP_GROWTH;
  }
  if (significant && (double)a->deleted_count >= o->max_turnover * (double)a->new_count) {
    snprintf(why, size,
             "%llu new objects replaced %llu evicted ones (%.0f%%, bound %.0f%%): a cache filling, net %s",
             (unsigned long long)a->new_count, (unsigned long long)a->deleted_count,
             100.0 * (double)a->deleted_count / (double)a->new_count, 100 * o->max_turnover, grown);
    return PK_HEAP_BOUNDED;
  }
  if (significant && c->n >= 3 && trend[c->n - 1] < trend[c->n - 2] + o->min_growth) {
    char last[32];
    pk_heap_format_size(last, sizeof last, (int64_t)trend[c->n - 1] - (int64_t)trend[c->n - 2], true);
    snprintf(why, size, "net %s, but the holder's growth stopped: %s in the last interval", grown, last);
    return PK_HEAP_BOUNDED;
  }
  if (significant) {
    snprintf(why, size, "%llu new objects stay and the old ones stay too (%llu evicted): net %s",
             (unsigned long long)a->new_count, (unsigned long long)a->deleted_count, grown);
    return PK_HEAP_LEAK;
  }
  uint64_t turnover = a->new_bytes > a->deleted_bytes ? a->new_bytes : a->deleted_bytes;
  if (a->new_count >= o->min_new && a->deleted_count >= o->min_new && turnover >= o->min_growth &&
      (double)(net < 0 ? -net : net) <= o->tolerance * (double)turnover) {
    snprintf(why, size, "%llu new and %llu deleted objects, net %s", (unsigned long long)a->new_count,
             (unsigned long long)a->deleted_count, grown);
    return PK_HEAP_CHURN;
  }
  return PK_HEAP_STABLE;  /* not reported */
}

static int verdict_rank(pk_heap_verdict v) {
  switch (v) {
    case PK_HEAP_LEAK: return 0;
    case PK_HEAP_BOUNDED: return 1;
    case PK_HEAP_GROWTH: return 2;
    case PK_HEAP_CHURN: return 3;
    case PK_HEAP_ENGINE: return 4;
    default: return 5;
  }
}

typedef struct scored {
  uint32_t acc;
  pk_heap_verdict verdict;
  int64_t net;
} scored;

static int by_rank(const void *pa, const void *pb) {
  const scored *a = pa, *b = pb;
  if (verdict_rank(a->verdict) != verdict_rank(b->verdict)) return verdict_rank(a->verdict) - verdict_rank(b->verdict);
  if (a->net != b->net) return a->net > b->net ? -1 : 1;
  return a->acc < b->acc ? -1 : a->acc > b->acc;
}

static void holder_trend(const causes_ctx *c, uint32_t hb, uint64_t *trend) {
  const pk_heap *b = c->snaps[c->n - 1];
  for (size_t s = 0; s < c->n; s++) {
    uint32_t node = hb == 0 ? 0 : s == c->n - 1 ? hb : heap_id_lookup(&c->ids[s], heap_nid(b, hb));
    trend[s] = node == PK_HEAP_NONE ? 0 : heap_retained(c->snaps[s], node);
  }
}

/* "Map `pending`": the holder's class and the named edge it hangs from. */
static char *holder_label(const causes_ctx *c, uint32_t hb) {
  const pk_heap *b = c->snaps[c->n - 1];
  char buf[512];
  if (hb == PK_HEAP_NONE) return strdup("the engine (code, shapes, feedback, system / ...)");
  if (hb == 0) return strdup("(root): no single holder");
  const char *cls = b->classes.names[heap_cls(b, hb)];
  uint32_t e = c->pred ? c->pred[hb] : PK_HEAP_NONE;
  const char *edge = e != PK_HEAP_NONE && heap_edge_named(heap_ekind(b, e)) ? heap_str(b, heap_ename(b, e)) : "";
  if (*edge && strspn(edge, "0123456789") != strlen(edge)) snprintf(buf, sizeof buf, "%s `%.200s`", cls, edge);
  else snprintf(buf, sizeof buf, "%s", cls);
  return strdup(buf);
}

typedef struct class_tuple {
  uint64_t key;  /* kept cause << 32 | name id */
  uint64_t bytes;
} class_tuple;

static int by_key(const void *pa, const void *pb) {
  const class_tuple *a = pa, *b = pb;
  return a->key < b->key ? -1 : a->key > b->key;
}

static int by_bytes(const void *pa, const void *pb) {
  const pk_heap_cause_class *a = pa, *b = pb;
  if (a->bytes != b->bytes) return a->bytes > b->bytes ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* The class of a new node as a cause lists it: closures by function name,
 * and where it is defined when the snapshot has locations
 * (heap/report/closure_site.c; memoised per function and name). */
static uint32_t class_key(causes_ctx *c, const pk_heap *b, uint32_t v) {
  const char *cls = b->classes.names[heap_cls(b, v)];
  if (c->pred && strcmp(cls, "Function") == 0) {
    uint32_t fn_index = heap_nname(b, v);
    const char *fn = heap_str(b, fn_index);
    heap_site site;
    if (*fn && c->site_memo && heap_closure_site(b, v, &site) == 0) {
      uint32_t *memo = &c->site_memo[2 * site.entry];
      if (memo[0] != fn_index || memo[1] == UINT32_MAX) {
        memo[0] = fn_index;
        memo[1] = heap_site_class(c->r, fn, &site);
      }
      return memo[1];
    }
    if (*fn) {
      char buf[240];
      int len = snprintf(buf, sizeof buf, "%.200s()", fn);
      return heap_names_intern(&c->r->cause_names, buf, (size_t)len);
    }
  }
  return heap_names_intern(&c->r->cause_names, cls, strlen(cls));
}

/* Class breakdown of the kept causes; slot[acc] = kept cause or NONE. */
static int breakdown(causes_ctx *c, const uint32_t *hold, const uint8_t *in_a, const uint32_t *slot,
                     const uint32_t *map) {
  const pk_heap *b = c->snaps[c->n - 1];
  class_tuple *t = NULL;
  size_t n = 0, cap = 0;
  size_t functions = b->locations.count;
  if (c->pred && functions && functions < SIZE_MAX / (2 * sizeof *c->site_memo)) {
    if (!(c->site_memo = malloc(2 * functions * sizeof *c->site_memo))) return -1;
    memset(c->site_memo, 0xff, 2 * functions * sizeof *c->site_memo);
  }
  for (uint32_t v = 0; v < b->n_nodes; v++) {
    if (!heap_size(b, v) || heap_bit(in_a, v)) continue;
    uint32_t k = slot[c->cause_of[hold[v]]];
    if (k == PK_HEAP_NONE) continue;
    pk_heap_verdict verdict = c->r->causes[k].verdict;
    if (verdict == PK_HEAP_LEAK) c->r->class_leak_new[map[heap_cls(b, v)]]++;
    if (verdict == PK_HEAP_BOUNDED) c->r->class_bounded_new[map[heap_cls(b, v)]]++;
    uint32_t name = class_key(c, b, v);
    if (name == UINT32_MAX || PK_GROW(t, cap, n + 1) < 0) {
      free(t);
      return -1;
    }
    t[n++] = (class_tuple){(uint64_t)k << 32 | name, heap_size(b, v)};
  }
  if (n > 1) qsort(t, n, sizeof *t, by_key);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && t[j].key >> 32 == t[i].key >> 32) j++;
    size_t distinct = 0;
    for (size_t x = i; x < j; x++) distinct += x == i || t[x].key != t[x - 1].key;
    pk_heap_cause *cause = &c->r->causes[t[i].key >> 32];
    pk_heap_cause_class *cls = calloc(distinct, sizeof *cls);
    if (!cls) {
      free(t);
      return -1;
    }
    size_t m = 0;
    for (size_t x = i; x < j; x++) {
      if (x == i || t[x].key != t[x - 1].key) {
        uint32_t id = (uint32_t)t[x].key;
        if (id < c->r->n_sites && c->r->sites[id].file) cls[m] = c->r->sites[id];
        cls[m++].name = id < c->r->n_sites && c->r->sites[id].file ? c->r->sites[id].name : c->r->cause_names.names[id];
      }
      cls[m - 1].count++;
      cls[m - 1].bytes += t[x].bytes;
    }
    qsort(cls, m, sizeof *cls, by_bytes);
    cause->classes = cls;
    cause->n_classes = m;
    i = j;
  }
  free(t);
  return 0;
}

/* Judges every holder's cause (engine ones merged into one, appended last)
 * and keeps the reported ones, ordered, in r->causes. */
static int keep_causes(causes_ctx *c, uint32_t **slot_out) {
  pk_heap_report *r = c->r;
  cause_acc engine = {.holder = PK_HEAP_NONE};
  scored *s = malloc((c->n_acc + 1) * sizeof *s);
  uint32_t *slot = malloc((c->n_acc + 2) * sizeof *slot);
  if (!s || !slot) {
    free(s);
    free(slot);
    return -1;
  }
  size_t n = 0;
  uint64_t trend[PK_HEAP_MAX_SNAPSHOTS];
  char why[240];
  for (size_t i = 0; i < c->n_acc; i++) {
    cause_acc *a = &c->acc[i];
    slot[i] = PK_HEAP_NONE;
    holder_trend(c, a->holder, trend);
    pk_heap_verdict v = judge(c, a, trend, why, sizeof why);
    if (v == PK_HEAP_ENGINE) {
      engine.new_count += a->new_count;
      engine.new_bytes += a->new_bytes;
      engine.deleted_count += a->deleted_count;
      engine.deleted_bytes += a->deleted_bytes;
      slot[i] = ENGINE_SLOT;
      continue;
    }
    if (v == PK_HEAP_STABLE) continue;
    if (v == PK_HEAP_LEAK) r->n_leaks++;
    /* churn ranks by its turnover, the others by their net rise */
    int64_t score = v == PK_HEAP_CHURN ? (int64_t)a->new_bytes : (int64_t)a->new_bytes - (int64_t)a->deleted_bytes;
    s[n++] = (scored){(uint32_t)i, v, score};
  }
  int64_t engine_net = (int64_t)engine.new_bytes - (int64_t)engine.deleted_bytes;
  if (engine.new_count + engine.deleted_count) {
    if (PK_GROW(c->acc, c->acc_cap, c->n_acc + 1) < 0) {
      free(s);
      free(slot);
      return -1;
    }
    c->acc[c->n_acc] = engine;
    slot[c->n_acc] = PK_HEAP_NONE;
    s[n++] = (scored){(uint32_t)c->n_acc++, PK_HEAP_ENGINE, engine_net};
  }
  if (n > 1) qsort(s, n, sizeof *s, by_rank);
  if (n > HEAP_MAX_CAUSES) n = HEAP_MAX_CAUSES;
  const pk_heap *last = c->snaps[c->n - 1];
  if (n && !last->graph_dropped && !r->pred && heap_shortest_tree(last, &r->pred, &r->from) < 0) {
    free(s);
    free(slot);
    return -1;
  }
  c->pred = r->pred;
  c->from = r->from;
  r->causes = calloc(n + 1, sizeof *r->causes);
  if (!r->causes) {
    free(s);
    free(slot);
    return -1;
  }
  for (size_t k = 0; k < n; k++) {
    cause_acc *a = &c->acc[s[k].acc];
    pk_heap_cause *out = &r->causes[r->n_causes++];
    out->verdict = s[k].verdict;
    holder_trend(c, a->holder == PK_HEAP_NONE ? 0 : a->holder, out->holder_retained);
    if (a->holder == PK_HEAP_NONE) {
      memset(out->holder_retained, 0, sizeof out->holder_retained);
      snprintf(out->reason, sizeof out->reason,
               "the engine's own objects (JIT code, shapes, feedback): never a leak on their own");
    } else {
      judge(c, a, out->holder_retained, out->reason, sizeof out->reason);
    }
    out->new_count = a->new_count;
    out->new_bytes = a->new_bytes;
    out->deleted_count = a->deleted_count;
    out->deleted_bytes = a->deleted_bytes;
    out->net_bytes = (int64_t)a->new_bytes - (int64_t)a->deleted_bytes;
    char path[HEAP_PATH_SHAPE_MAX] = "";
    if (c->pred && a->holder != PK_HEAP_NONE) heap_path_shape(c->snaps[c->n - 1], c->pred, c->from, a->holder, path);
    out->holder = holder_label(c, a->holder);
    out->path = strdup(path);
    if (!out->holder || !out->path) {
      free(s);
      free(slot);
      return -1;
    }
    slot[s[k].acc] = (uint32_t)k;
  }
  /* engine holders point at the engine entry when it was kept */
  uint32_t engine_slot = PK_HEAP_NONE;
  for (size_t k = 0; k < r->n_causes; k++)
    if (r->causes[k].verdict == PK_HEAP_ENGINE) engine_slot = (uint32_t)k;
  for (size_t i = 0; i < c->n_acc; i++)
    if (slot[i] == ENGINE_SLOT) slot[i] = engine_slot;
  free(s);
  *slot_out = slot;
  return 0;
}

int heap_causes_build(pk_heap_report *r, pk_heap *const *snaps, size_t n, const heap_id_keys *ids,
                      const uint32_t *map_last) {
  const pk_heap *a = snaps[0], *b = snaps[n - 1];
  causes_ctx c = {r, snaps, n, ids, NULL, NULL, NULL, 0, 0, NULL, NULL};
  uint8_t *in_b = calloc(a->n_nodes / 8 + 1, 1), *in_a = calloc(b->n_nodes / 8 + 1, 1);
  deleted_obj *dels = NULL;
  size_t n_dels = 0;
  uint8_t *flags = NULL;
  uint32_t *hold = NULL, *slot = NULL;
  int rc = in_b && in_a ? 0 : -1;
  if (rc == 0) {
    presence(&ids[0], &ids[n - 1], in_b, in_a);
    rc = deleted_objects(a, in_b, &dels, &n_dels);
  }
  free(in_b);
  if (rc == 0 && !n_dels && !count_absent(b, in_a)) {  /* nothing new, nothing deleted: no cause */
    free(in_a);
    return 0;
  }
  if (rc == 0 && (!(flags = class_flags(b)) || !(hold = holders(b, in_a, flags)))) rc = -1;
  if (rc == 0 && !(c.cause_of = malloc((b->n_nodes ? b->n_nodes : 1) * sizeof *c.cause_of))) rc = -1;
  if (rc == 0) memset(c.cause_of, 0xff, (b->n_nodes ? b->n_nodes : 1) * sizeof *c.cause_of);
  for (uint32_t v = 0; v < b->n_nodes && rc == 0; v++) {
    if (!heap_size(b, v) || heap_bit(in_a, v)) continue;
    cause_acc *acc = cause_for(&c, hold[v]);
    if (!acc) {
      rc = -1;
      break;
    }
    acc->new_count++;
    acc->new_bytes += heap_size(b, v);
    acc->user_new += !(flags[heap_cls(b, v)] & CLASS_ENGINE);
  }
  for (size_t i = 0; i < n_dels && rc == 0; i++) {
    uint32_t hb = dels[i].holder_id == PK_HEAP_NONE ? 0 : heap_id_lookup(&ids[n - 1], dels[i].holder_id);
    cause_acc *acc = cause_for(&c, hb == PK_HEAP_NONE ? 0 : hb);
    if (!acc) {
      rc = -1;
      break;
    }
    acc->deleted_count++;
    acc->deleted_bytes += dels[i].bytes;
    acc->user_deleted += !dels[i].engine;
  }
  free(dels);
  if (rc == 0 && (!(r->class_leak_new = calloc(r->n_rows + 1, sizeof *r->class_leak_new)) ||
                  !(r->class_bounded_new = calloc(r->n_rows + 1, sizeof *r->class_bounded_new))))
    rc = -1;
  if (rc == 0) rc = keep_causes(&c, &slot);
  if (rc == 0) rc = breakdown(&c, hold, in_a, slot, map_last);
  free(slot);
  free(flags);
  free(hold);
  free(in_a);
  free(c.cause_of);
  free(c.site_memo);
  free(c.acc);
  return rc;
}
