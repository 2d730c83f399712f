/*
 * formats/jfr.c - reader for Java Flight Recorder recordings (.jfr, as the
 * JDK, async-profiler and JDK Mission Control write them): execution,
 * native-method and allocation samples with their stack traces.
 *
 * Chunks are read one after the other (formats/jfr_chunk.c decodes the
 * header, the metadata and the values).  A first pass reads every chunk's
 * header and metadata and counts the sample events by kind, so the
 * profile gets one sample type per kind that occurs:
 *
 *   cpu        (count)  jdk.ExecutionSample
 *   native     (count)  jdk.NativeMethodSample
 *   alloc      (bytes)  jdk.ObjectAllocationSample, its weight
 *   alloc_tlab (bytes)  jdk.ObjectAllocationInNewTLAB and ...OutsideTLAB,
 *                       their allocationSize
 *
 * with cpu the default when present.  The second pass takes each chunk's
 * constant pools (the events of type 1, wherever they are in the chunk:
 * symbols, classes, methods and stack traces; other pools are skipped
 * value by value), indexes them by key in hash tables, then adds each
 * sample event's stack.  A stack trace is resolved to frames once per
 * chunk, and its samples after the first go straight to its leaf node.
 * Threads are not read: all threads are drawn in one tree.  Frames
 * are named as async-profiler and JMC show Java methods,
 * `package.Class.method` (the class name's `/` become `.`), without the
 * line, as speedscope does: one frame per method.
 * Detection: the FLR\0 magic at the start.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/jfr_chunk.h"
#include "formats/readers.h"

bool pk_jfr_probe(const char *buf, size_t len) { return len >= 4 && !memcmp(buf, "FLR\0", 4); }

enum { EV_CPU, EV_NATIVE, EV_ALLOC, EV_TLAB_IN, EV_TLAB_OUT, EV_KINDS };
static const char *const event_names[EV_KINDS] = {"jdk.ExecutionSample", "jdk.NativeMethodSample",
                                                  "jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB",
                                                  "jdk.ObjectAllocationOutsideTLAB"};
static const char *const weight_fields[EV_KINDS] = {NULL, NULL, "weight", "allocationSize", "allocationSize"};
enum { COL_CPU, COL_NATIVE, COL_ALLOC, COL_TLAB, COLS };
static const int column_of[EV_KINDS] = {COL_CPU, COL_NATIVE, COL_ALLOC, COL_TLAB, COL_TLAB};
static const char *const column_type[COLS] = {"cpu", "native", "alloc", "alloc_tlab"};
static const char *const column_unit[COLS] = {"count", "count", "bytes", "bytes"};

/* One constant-pool entry: a, b, c by pool (see read_pool_event); node:
 * a stack trace's leaf node once a sample added it (-1 before). */
typedef struct pool_entry {
  int64_t key, a, b, c, node;
} pool_entry;

/* A pool's entries in reading order and an open-addressing table of
 * them by key (slots: entry index + 1, 0 empty; linear probing, at most
 * half full), built once the chunk's pools are read. */
typedef struct pool {
  pool_entry *e;
  size_t n, cap;
  uint32_t *slots;
  size_t slot_count, slot_cap; /* slot_count: a power of two, or 0 */
} pool;

enum { POOL_SYMBOL, POOL_CLASS, POOL_METHOD, POOL_STACK, POOLS };
static const char *const pool_names[POOLS] = {"jdk.types.Symbol", "java.lang.Class", "jdk.types.Method",
                                              "jdk.types.StackTrace"};

typedef struct jfr_reader {
  pk_profile *p;
  jfr_cursor c;
  pool pools[POOLS];
  int64_t *frame_methods; /* stack-trace frames' method keys, leaf first, per chunk */
  size_t n_frame_methods, cap_frame_methods;
  pk_id *resolved; /* stack traces as frame ids, root first, per chunk */
  size_t n_resolved, cap_resolved;
  char *names; /* symbols as UTF-8, per chunk */
  size_t n_names, cap_names;
  char *scratch; /* a frame name being built */
  size_t cap_scratch;
  int column[COLS]; /* sample type index, -1 if absent */
  int n_columns;
} jfr_reader;

static int oom(jfr_reader *r, size_t at) { return jfr_fail(&r->c, at, PK_ENOMEM, "out of memory"); }

/* Calls back for each event of the chunk: its start, end and type id. */
typedef int (*event_fn)(jfr_reader *r, const jfr_chunk *ch, size_t at, size_t end, int64_t type, void *arg);

static int each_event(jfr_reader *r, const jfr_chunk *ch, event_fn fn, void *arg) {
  size_t pos = ch->start + JFR_HEADER_SIZE, chunk_end = ch->start + ch->size;
  while (pos < chunk_end) {
    jfr_cursor c = r->c;
    c.pos = pos;
    c.end = chunk_end;
    int64_t size, type;
    int rc = jfr_varint(&c, &size);
    if (!rc && (size <= 0 || (uint64_t)size > chunk_end - pos))
      rc = jfr_fail(&c, pos, PK_EPARSE, "event size %lld does not fit the %zu bytes left in its chunk",
                    (long long)size, chunk_end - pos);
    if (!rc) {
      c.end = pos + (size_t)size;
      rc = jfr_varint(&c, &type);
    }
    if (!rc) rc = fn(r, ch, c.pos, c.end, type, arg);
    if (rc) return rc;
    pos += (size_t)size;
  }
  return 0;
}

/* The chunk's event kinds: class ids (-1 absent) and field slots. */
typedef struct event_kinds {
  int64_t type[EV_KINDS];
  uint32_t cls[EV_KINDS];
  int8_t *wanted[EV_KINDS];
  size_t count[EV_KINDS];
} event_kinds;

static int find_event_kinds(jfr_reader *r, const jfr_chunk *ch, event_kinds *k) {
  for (int e = 0; e < EV_KINDS; e++) {
    int64_t i = jfr_class_named(&ch->meta, event_names[e]);
    k->type[e] = i < 0 ? -1 : ch->meta.classes[i].id;
    k->wanted[e] = NULL;
    if (i < 0) continue;
    uint32_t n = ch->meta.classes[i].n_fields;
    k->cls[e] = (uint32_t)i;
    if (!(k->wanted[e] = malloc(n + 1))) return oom(r, ch->start);
    memset(k->wanted[e], -1, n + 1);
    int64_t f = jfr_field_named(&ch->meta, (uint32_t)i, "stackTrace");
    if (f >= 0) k->wanted[e][f] = 0;
    f = weight_fields[e] ? jfr_field_named(&ch->meta, (uint32_t)i, weight_fields[e]) : -1;
    if (f >= 0) k->wanted[e][f] = 1;
  }
  return 0;
}

static void free_event_kinds(event_kinds *k) {
  for (int e = 0; e < EV_KINDS; e++) free(k->wanted[e]);
}

static int count_event(jfr_reader *r, const jfr_chunk *ch, size_t at, size_t end, int64_t type, void *arg) {
  (void)r, (void)ch, (void)at, (void)end;
  event_kinds *k = arg;
  for (int e = 0; e < EV_KINDS; e++)
    if (type == k->type[e]) k->count[e]++;
  return 0;
}

static size_t slot_of(int64_t key, size_t slot_count) {
  return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15u) >> 32) & (slot_count - 1);
}

static const pool_entry *lookup(const pool *pl, int64_t key) {
  if (!pl->slot_count) return NULL;
  for (size_t i = slot_of(key, pl->slot_count);; i = (i + 1) & (pl->slot_count - 1)) {
    uint32_t s = pl->slots[i];
    if (!s) return NULL;
    if (pl->e[s - 1].key == key) return &pl->e[s - 1];
  }
}

/* Field slots of the pooled classes: which field goes where. */
typedef struct pool_kinds {
  int64_t cls[POOLS];
  int8_t *wanted[POOLS];
  uint32_t frame_cls; /* jdk.types.StackFrame */
  int8_t *frame_wanted;
  int64_t frames_field; /* StackTrace.frames */
} pool_kinds;

static int8_t *slots_for(const jfr_meta *m, uint32_t cls, const char *a, const char *b) {
  uint32_t n = m->classes[cls].n_fields;
  int8_t *w = malloc(n + 1);
  if (!w) return NULL;
  memset(w, -1, n + 1);
  int64_t f = jfr_field_named(m, cls, a);
  if (f >= 0) w[f] = 0;
  f = b ? jfr_field_named(m, cls, b) : -1;
  if (f >= 0) w[f] = 1;
  return w;
}

static int find_pool_kinds(jfr_reader *r, const jfr_chunk *ch, pool_kinds *k) {
  static const char *const first[POOLS] = {"string", "name", "type", NULL};
  static const char *const second[POOLS] = {NULL, NULL, "name", NULL};
  memset(k, 0, sizeof *k);
  k->frames_field = -1;
  for (int i = 0; i < POOLS; i++) {
    k->cls[i] = jfr_class_named(&ch->meta, pool_names[i]);
    if (k->cls[i] >= 0 && first[i] &&
        !(k->wanted[i] = slots_for(&ch->meta, (uint32_t)k->cls[i], first[i], second[i])))
      return oom(r, ch->start);
  }
  int64_t frame = jfr_class_named(&ch->meta, "jdk.types.StackFrame");
  if (k->cls[POOL_STACK] >= 0 && frame >= 0) {
    k->frames_field = jfr_field_named(&ch->meta, (uint32_t)k->cls[POOL_STACK], "frames");
    k->frame_cls = (uint32_t)frame;
    if (!(k->frame_wanted = slots_for(&ch->meta, (uint32_t)frame, "method", NULL))) return oom(r, ch->start);
  }
  return 0;
}

static void free_pool_kinds(pool_kinds *k) {
  for (int i = 0; i < POOLS; i++) free(k->wanted[i]);
  free(k->frame_wanted);
}

/* A stack trace: a = first frame in frame_methods, b = frame count,
 * c = its resolved frames in r->resolved (-1 until resolved). */
static int read_stack_trace(jfr_reader *r, const jfr_chunk *ch, const pool_kinds *k, pool_entry *e) {
  jfr_cursor *c = &r->c;
  const jfr_class *st = &ch->meta.classes[k->cls[POOL_STACK]];
  e->a = (int64_t)r->n_frame_methods;
  e->b = 0;
  e->c = -1;
  int rc = 0;
  for (uint32_t i = 0; i < st->n_fields && !rc; i++) {
    const jfr_field *f = &ch->meta.fields[st->first_field + i];
    if ((int64_t)i != k->frames_field || !f->array || f->pooled || f->cls != k->frame_cls) {
      rc = jfr_skip_field(c, &ch->meta, f);
      continue;
    }
    int64_t n, method;
    size_t at = c->pos;
    if ((rc = jfr_varint(c, &n))) break;
    if (n < 0 || (uint64_t)n > c->end - c->pos)
      return jfr_fail(c, at, PK_EPARSE, "stack trace of %lld frames is longer than its event", (long long)n);
    if (PK_GROW(r->frame_methods, r->cap_frame_methods, r->n_frame_methods + (size_t)n)) return oom(r, at);
    for (int64_t j = 0; j < n && !rc; j++) {
      method = -1;
      if (!(rc = jfr_read_record(c, &ch->meta, k->frame_cls, k->frame_wanted, &method, NULL)))
        r->frame_methods[r->n_frame_methods++] = method;
    }
    e->b = n;
  }
  return rc;
}

static int read_pool_event(jfr_reader *r, const jfr_chunk *ch, size_t at, size_t end, int64_t type, void *arg) {
  if (type != JFR_EVENT_POOL) return 0;
  const pool_kinds *k = arg;
  jfr_cursor *c = &r->c;
  c->pos = at;
  c->end = end;
  int64_t v, n_pools, pool_type, count;
  uint8_t flags;
  int rc = 0;
  for (int i = 0; i < 3 && !rc; i++) rc = jfr_varint(c, &v); /* start time, duration, delta to the previous pool */
  if (rc || (rc = jfr_byte(c, &flags)) || (rc = jfr_varint(c, &n_pools))) return rc;
  for (int64_t p = 0; p < n_pools; p++) {
    size_t pool_at = c->pos;
    if ((rc = jfr_varint(c, &pool_type))) return rc;
    int64_t cls = jfr_class_index(&ch->meta, pool_type);
    if (cls < 0)
      return jfr_fail(c, pool_at, PK_EPARSE, "constant pool of type %lld, which the metadata does not describe",
                      (long long)pool_type);
    int which = POOLS;
    for (int i = 0; i < POOLS; i++)
      if (cls == k->cls[i]) which = i;
    if ((rc = jfr_varint(c, &count))) return rc;
    if (count < 0 || (uint64_t)count > c->end - c->pos)
      return jfr_fail(c, pool_at, PK_EPARSE, "constant pool of %lld entries is longer than its event",
                      (long long)count);
    jfr_field as_value = {.cls = (uint32_t)cls};
    pool *pl = which < POOLS ? &r->pools[which] : NULL;
    if (pl && PK_GROW(pl->e, pl->cap, pl->n + (size_t)count)) return oom(r, pool_at);
    for (int64_t i = 0; i < count && !rc; i++) {
      int64_t key;
      if ((rc = jfr_varint(c, &key))) break;
      if (!pl) {
        rc = jfr_skip_field(c, &ch->meta, &as_value);
        continue;
      }
      pool_entry e = {key, -1, -1, -1, -1};
      if (which == POOL_STACK) {
        rc = read_stack_trace(r, ch, k, &e);
      } else if (which == POOL_SYMBOL) {
        jfr_string s = {.encoding = 0};
        size_t off;
        int64_t unused = 0;
        rc = jfr_read_record(c, &ch->meta, (uint32_t)cls, k->wanted[which], &unused, &s);
        if (!rc && (s.encoding == 3 || s.encoding == 4 || s.encoding == 5) &&
            !(rc = jfr_string_utf8(c, &s, &r->names, &r->n_names, &r->cap_names, &off)))
          e.a = (int64_t)off;
      } else {
        int64_t ints[2] = {-1, -1};
        rc = jfr_read_record(c, &ch->meta, (uint32_t)cls, k->wanted[which], ints, NULL);
        e.a = ints[0];
        e.b = ints[1];
      }
      if (!rc) pl->e[pl->n++] = e;
    }
    if (rc) return rc;
  }
  return 0;
}

/* A method's frame id (cached in its entry's c), named Class.method. */
static int method_frame(jfr_reader *r, pool_entry *m, size_t at, pk_id *out) {
  if (m->c >= 0) {
    *out = (pk_id)m->c;
    return 0;
  }
  const pool_entry *cls = lookup(&r->pools[POOL_CLASS], m->a);
  const pool_entry *cname = cls ? lookup(&r->pools[POOL_SYMBOL], cls->a) : NULL;
  const pool_entry *mname = lookup(&r->pools[POOL_SYMBOL], m->b);
  const char *c = cname && cname->a >= 0 ? r->names + cname->a : "";
  const char *n = mname && mname->a >= 0 ? r->names + mname->a : "[unknown method]";
  size_t lc = strlen(c), ln = strlen(n);
  if (PK_GROW(r->scratch, r->cap_scratch, lc + ln + 2)) return oom(r, at);
  for (size_t i = 0; i < lc; i++) r->scratch[i] = c[i] == '/' ? '.' : c[i];
  size_t len = lc;
  if (lc) r->scratch[len++] = '.';
  memcpy(r->scratch + len, n, ln);
  len += ln;
  pk_id id = pk_profile_frame_named(r->p, r->scratch, len, PK_FRAME_PLAIN);
  if (id == PK_NONE) return oom(r, at);
  m->c = (int64_t)id;
  *out = id;
  return 0;
}

static int resolve_stack(jfr_reader *r, pool_entry *st, size_t at) {
  if (st->b == 0) { /* an empty stack: its samples go to the root */
    st->c = 0;
    return 0;
  }
  if (PK_GROW(r->resolved, r->cap_resolved, r->n_resolved + (size_t)st->b)) return oom(r, at);
  pk_id *out = r->resolved + r->n_resolved;
  for (int64_t i = 0; i < st->b; i++) { /* leaf first in the pool, root first in the profile */
    int64_t key = r->frame_methods[st->a + st->b - 1 - i];
    pool_entry *m = (pool_entry *)lookup(&r->pools[POOL_METHOD], key);
    pool_entry unknown = {key, -1, -1, -1, -1};
    int rc = method_frame(r, m ? m : &unknown, at, &out[i]);
    if (rc) return rc;
  }
  st->c = (int64_t)r->n_resolved;
  r->n_resolved += (size_t)st->b;
  return 0;
}

static int add_sample_event(jfr_reader *r, const jfr_chunk *ch, size_t at, size_t end, int64_t type, void *arg) {
  const event_kinds *k = arg;
  int e = 0;
  while (e < EV_KINDS && type != k->type[e]) e++;
  if (e == EV_KINDS) return 0;
  jfr_cursor *c = &r->c;
  c->pos = at;
  c->end = end;
  int64_t ints[2] = {0, 1}; /* stack trace key, weight */
  int rc = jfr_read_record(c, &ch->meta, k->cls[e], k->wanted[e], ints, NULL);
  if (rc) return rc;
  pool_entry *st = (pool_entry *)lookup(&r->pools[POOL_STACK], ints[0]);
  if (!st || ints[1] <= 0) return 0; /* no stack recorded, or nothing allocated */
  int64_t values[COLS] = {0};
  values[r->column[column_of[e]]] = ints[1];
  if (st->node >= 0) { /* the stack's next samples go straight to its leaf */
    rc = pk_profile_add_self(r->p, (pk_id)st->node, values);
  } else {
    pk_id leaf;
    if (st->c < 0 && (rc = resolve_stack(r, st, at))) return rc;
    rc = pk_profile_add_stack(r->p, st->b ? r->resolved + st->c : NULL, (size_t)st->b, values, &leaf);
    if (!rc) st->node = (int64_t)leaf;
  }
  if (rc) return jfr_fail(c, at, rc == PK_ENOMEM ? PK_ENOMEM : PK_ELIMIT,
                          rc == PK_ENOMEM ? "out of memory" : "weights overflow 2^63-1");
  return 0;
}

/* Builds the pool's table; a key given twice keeps its first entry. */
static int index_pool(jfr_reader *r, pool *pl, size_t at) {
  pl->slot_count = 0;
  if (pl->n == 0) return 0;
  if (pl->n > UINT32_MAX / 2) return jfr_fail(&r->c, at, PK_ELIMIT, "constant pool of more than 2^31 entries");
  size_t count = 16;
  while (count < 2 * pl->n) count *= 2;
  if (PK_GROW(pl->slots, pl->slot_cap, count)) return oom(r, at);
  memset(pl->slots, 0, count * sizeof *pl->slots);
  pl->slot_count = count;
  for (size_t k = 0; k < pl->n; k++) {
    size_t i = slot_of(pl->e[k].key, count);
    while (pl->slots[i] && pl->e[pl->slots[i] - 1].key != pl->e[k].key) i = (i + 1) & (count - 1);
    if (!pl->slots[i]) pl->slots[i] = (uint32_t)(k + 1);
  }
  return 0;
}

static int read_chunk_samples(jfr_reader *r, const jfr_chunk *ch) {
  pool_kinds pk;
  event_kinds ek;
  memset(&ek, 0, sizeof ek);
  for (int i = 0; i < POOLS; i++) r->pools[i].n = r->pools[i].slot_count = 0;
  r->n_frame_methods = r->n_resolved = r->n_names = 0;
  int rc = find_pool_kinds(r, ch, &pk);
  if (!rc) rc = each_event(r, ch, read_pool_event, &pk);
  for (int i = 0; i < POOLS && !rc; i++) rc = index_pool(r, &r->pools[i], ch->start);
  if (!rc) rc = find_event_kinds(r, ch, &ek);
  if (!rc) rc = each_event(r, ch, add_sample_event, &ek);
  free_pool_kinds(&pk);
  free_event_kinds(&ek);
  return rc;
}

int pk_jfr_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                 pk_error *err) {
  (void)opts;
  jfr_reader r = {.p = p, .c = {(const unsigned char *)buf, 0, len, path, err}};
  jfr_chunk *chunks = NULL;
  size_t n_chunks = 0, cap_chunks = 0, counts[EV_KINDS] = {0};
  int rc = 0;
  for (size_t pos = 0; pos < len && !rc;) { /* pass 1: chunks, metadata, which samples there are */
    if (PK_GROW(chunks, cap_chunks, n_chunks + 1)) {
      rc = oom(&r, pos);
      break;
    }
    jfr_chunk *ch = &chunks[n_chunks];
    memset(ch, 0, sizeof *ch);
    if ((rc = jfr_chunk_header(&r.c, pos, ch))) break;
    n_chunks++;
    event_kinds ek;
    memset(&ek, 0, sizeof ek);
    if (!(rc = jfr_chunk_metadata(&r.c, ch)) && !(rc = find_event_kinds(&r, ch, &ek)))
      rc = each_event(&r, ch, count_event, &ek);
    for (int e = 0; e < EV_KINDS; e++) counts[e] += ek.count[e];
    free_event_kinds(&ek);
    pos += ch->size;
  }
  for (int i = 0; i < COLS; i++) r.column[i] = -1;
  for (int e = 0; e < EV_KINDS && !rc; e++) {
    int col = column_of[e];
    if (!counts[e] || r.column[col] >= 0) continue;
    r.column[col] = 0; /* numbered below, in column order */
  }
  for (int i = 0; i < COLS && !rc; i++) {
    if (r.column[i] < 0) continue;
    r.column[i] = r.n_columns++;
    if (pk_profile_add_sample_type(p, column_type[i], column_unit[i]) < 0) rc = oom(&r, 0);
  }
  if (!rc && !r.n_columns)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "recording has no execution or allocation samples (jdk.ExecutionSample, "
                      "jdk.NativeMethodSample, jdk.ObjectAllocationSample, jdk.ObjectAllocationInNewTLAB/OutsideTLAB)");
  for (size_t i = 0; i < n_chunks && !rc; i++) rc = read_chunk_samples(&r, &chunks[i]); /* pass 2 */
  if (!rc) {
    pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "jfr");
    pk_profile_meta_of(p)->default_type = r.column[COL_CPU] >= 0 ? r.column[COL_CPU] : 0;
  }
  for (size_t i = 0; i < n_chunks; i++) jfr_chunk_free(&chunks[i]);
  free(chunks);
  for (int i = 0; i < POOLS; i++) {
    free(r.pools[i].e);
    free(r.pools[i].slots);
  }
  free(r.frame_methods);
  free(r.resolved);
  free(r.names);
  free(r.scratch);
  return rc;
}
