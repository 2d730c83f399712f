/*
 * formats/v8_nodes.c - V8 profile nodes: scanning, link checking, building the model.
 *
 * Scanning fills flat records; nested `children` objects (legacy head
 * trees, heap profiles) are followed with an explicit stack of record
 * indices, so a 100,000-deep head tree costs memory, not C stack.  Call
 * frames become model frames when their node object closes, because V8
 * does not promise key order.
 *
 * Building runs in three passes over the records: ids -> record map
 * (util/file_id_map.c), parent resolution (children lists and `parent` fields, each
 * child claimed once), then model nodes, found by walking up each record's
 * unresolved ancestors with an explicit stack that also detects cycles.
 * Samples are then one array lookup each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/v8_nodes.h"

void pk_v8_tree_free(pk_v8_tree *t) {
  if (!t) return;
  free(t->nodes);
  free(t->edges);
  free(t->samples);
  free(t->times);
  free(t->sizes);
  pk_id_index_free(&t->map);
  memset(t, 0, sizeof *t);
}

static int new_record(pk_json *js, pk_v8_tree *t, uint32_t parent, uint32_t *out) {
  if (t->n_nodes >= UINT32_MAX - 1 || pk_grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes + 1, sizeof *t->nodes))
    return pk_json_fail(js, PK_ENOMEM, "out of memory");
  pk_v8_node *n = &t->nodes[t->n_nodes];
  memset(n, 0, sizeof *n);
  n->id = PK_V8_NO_ID;
  n->parent_id = PK_V8_NO_ID;
  n->parent = parent;
  n->line = -1;
  n->column = -1;
  n->offset = js->tok_start;
  n->model = PK_NONE;
  *out = (uint32_t)t->n_nodes++;
  return 0;
}

static int intern_str(pk_json *js, pk_profile *p, pk_id *out) {
  if (js->tok != PK_JSON_STRING) return pk_json_fail(js, PK_EPARSE, "expected a string");
  size_t n;
  const char *s = pk_json_str(js, &n);
  if (!s || (*out = pk_profile_intern(p, s, n)) == PK_NONE) return pk_json_fail(js, PK_ENOMEM, "out of memory");
  return 0;
}

static int read_int(pk_json *js, int64_t *out) {
  pk_json_tok tk = pk_json_next(js);
  if (tk == PK_JSON_ERROR) return js->status;
  if (tk == PK_JSON_STRING) { /* scriptId and some ids are strings */
    size_t n;
    const char *s = pk_json_str(js, &n);
    char tmp[32];
    if (!s || n == 0 || n >= sizeof tmp) return pk_json_fail(js, PK_EPARSE, "expected a number");
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *end;
    long long v = strtoll(tmp, &end, 10);
    if (*end) return pk_json_fail(js, PK_EPARSE, "expected a number");
    *out = v;
    return 0;
  }
  return pk_json_int64(js, out);
}

/* A call-frame field (in `callFrame`, or directly in a legacy node). */
static int call_frame_field(pk_json *js, pk_profile *p, pk_v8_node *n, bool *handled) {
  *handled = true;
  if (pk_json_is(js, "functionName")) {
    if (pk_json_next(js) == PK_JSON_ERROR) return js->status;
    return intern_str(js, p, &n->function_name);
  }
  if (pk_json_is(js, "url")) {
    if (pk_json_next(js) == PK_JSON_ERROR) return js->status;
    return intern_str(js, p, &n->url);
  }
  if (pk_json_is(js, "lineNumber")) return read_int(js, &n->line);
  if (pk_json_is(js, "columnNumber")) return read_int(js, &n->column);
  *handled = false;
  return 0;
}

static int parse_call_frame(pk_json *js, pk_profile *p, pk_v8_node *n) {
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "a callFrame object");
  if (rc) return rc;
  for (;;) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_OBJECT_END) return 0;
    if (tk != PK_JSON_KEY) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a key");
    bool handled;
    if ((rc = call_frame_field(js, p, n, &handled))) return rc;
    if (!handled && (rc = pk_json_skip_value(js))) return rc;
  }
}

static int add_edge(pk_json *js, pk_v8_tree *t, uint32_t parent) {
  int64_t id;
  int rc = pk_json_int64(js, &id);
  if (rc) return rc;
  if (pk_grow((void **)&t->edges, &t->cap_edges, t->n_edges + 1, sizeof *t->edges))
    return pk_json_fail(js, PK_ENOMEM, "out of memory");
  t->edges[t->n_edges++] = (pk_v8_edge){parent, id, js->tok_start};
  return 0;
}

typedef struct rec_stack {
  uint32_t *v;
  size_t n, cap;
} rec_stack;

/* One key of the node on top of the stack.  Sets *open_children when the
 * key was `children` and its '[' has been read. */
static int node_key(pk_json *js, pk_profile *p, pk_v8_tree *t, uint32_t rec, bool *open_children) {
  pk_v8_node *n = &t->nodes[rec];
  int rc;
  bool handled;
  if (pk_json_is(js, "callFrame")) return parse_call_frame(js, p, n);
  if ((rc = call_frame_field(js, p, n, &handled)) || handled) return rc;
  if (pk_json_is(js, "id")) return read_int(js, &n->id);
  if (pk_json_is(js, "parent")) return read_int(js, &n->parent_id);
  if (pk_json_is(js, "hitCount") || pk_json_is(js, "selfSize")) return read_int(js, &n->self);
  if (pk_json_is(js, "children")) {
    if ((rc = pk_json_expect(js, PK_JSON_ARRAY, "a children array"))) return rc;
    *open_children = true;
    return 0;
  }
  return pk_json_skip_value(js);
}

int pk_v8_parse_node(pk_json *js, pk_profile *p, pk_v8_tree *t, uint32_t parent) {
  rec_stack st = {0};
  uint32_t rec;
  int rc = new_record(js, t, parent, &rec);
  bool in_children = false;
  if (!rc && pk_grow((void **)&st.v, &st.cap, 1, sizeof *st.v)) rc = pk_json_fail(js, PK_ENOMEM, "out of memory");
  if (!rc) st.v[st.n++] = rec;
  while (!rc && st.n > 0) {
    uint32_t top = st.v[st.n - 1];
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ERROR) {
      rc = js->status;
    } else if (in_children) {
      if (tk == PK_JSON_NUMBER) {
        rc = add_edge(js, t, top);
      } else if (tk == PK_JSON_OBJECT) {
        if (pk_grow((void **)&st.v, &st.cap, st.n + 1, sizeof *st.v)) {
          rc = pk_json_fail(js, PK_ENOMEM, "out of memory");
        } else if (!(rc = new_record(js, t, top, &rec))) {
          st.v[st.n++] = rec;
          in_children = false;
        }
      } else if (tk == PK_JSON_ARRAY_END) {
        in_children = false;
      } else {
        rc = pk_json_fail(js, PK_EPARSE, "expected a node id or a node object in `children`");
      }
    } else if (tk == PK_JSON_OBJECT_END) {
      st.n--;
      in_children = st.n > 0; /* back in the parent's children array */
    } else if (tk == PK_JSON_KEY) {
      rc = node_key(js, p, t, top, &in_children);
    } else {
      rc = pk_json_fail(js, PK_EPARSE, "expected a key in a node object");
    }
  }
  free(st.v);
  return rc;
}

int pk_v8_parse_nodes(pk_json *js, pk_profile *p, pk_v8_tree *t) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of nodes");
  if (rc) return rc;
  for (;;) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk == PK_JSON_ERROR) return js->status;
    if (tk != PK_JSON_OBJECT) return pk_json_fail(js, PK_EPARSE, "expected a node object");
    if ((rc = pk_v8_parse_node(js, p, t, UINT32_MAX))) return rc;
  }
}

/* ---- building ---- */

enum { DUPLICATE_IDS, MISSING_CHILDREN, MISSING_PARENTS, UNKNOWN_SAMPLES };

static void note(pk_v8_tree *t, int kind, size_t offset) {
  if (!t->repaired[0] && !t->repaired[1] && !t->repaired[2] && !t->repaired[3]) t->first_repair_offset = offset;
  t->repaired[kind]++;
}

static void report(const pk_v8_tree *t, const pk_read_options *opts, const char *path) {
  if (!opts || !opts->warn) return;
  if (!t->repaired[0] && !t->repaired[1] && !t->repaired[2] && !t->repaired[3]) return;
  char msg[400];
  snprintf(msg, sizeof msg,
           "repaired a damaged node table (first at byte %zu): %zu duplicate ids, %zu children and "
           "%zu parents that are no node, %zu samples of unknown nodes skipped",
           t->first_repair_offset, t->repaired[DUPLICATE_IDS], t->repaired[MISSING_CHILDREN],
           t->repaired[MISSING_PARENTS], t->repaired[UNKNOWN_SAMPLES]);
  opts->warn(opts->warn_payload, path, msg);
}

/* V8 ids are int64; the index keys on their bit pattern. */
static uint32_t map_find(const pk_id_index *m, int64_t id) { return pk_id_index_find(m, (uint64_t)id); }

static int build_map(pk_id_index *m, pk_v8_tree *t, const char *path, pk_error *err) {
  size_t with_id = 0;
  for (size_t i = 0; i < t->n_nodes; i++) with_id += t->nodes[i].id != PK_V8_NO_ID;
  pk_id_pair *pairs = malloc((with_id ? with_id : 1) * sizeof *pairs);
  if (!pairs) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  size_t k = 0;
  for (size_t i = 0; i < t->n_nodes; i++)
    if (t->nodes[i].id != PK_V8_NO_ID) pairs[k++] = (pk_id_pair){(uint64_t)t->nodes[i].id, (uint32_t)i};
  size_t dups;
  uint32_t first_dup;
  if (pk_id_index_build(m, pairs, k, &dups, &first_dup))
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (dups) {
    note(t, DUPLICATE_IDS, t->nodes[first_dup].offset);
    t->repaired[DUPLICATE_IDS] += dups - 1;
  }
  return 0;
}

static int link_parents(pk_v8_tree *t, const pk_id_index *m, const char *path, pk_error *err) {
  for (size_t i = 0; i < t->n_edges; i++) {
    const pk_v8_edge *e = &t->edges[i];
    uint32_t c = map_find(m, e->child_id);
    if (c == UINT32_MAX) {
      note(t, MISSING_CHILDREN, e->offset);
      continue;
    }
    if (t->nodes[c].parent != UINT32_MAX && t->nodes[c].parent != e->parent)
      return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, e->offset, "node %lld has two parents",
                          (long long)e->child_id);
    t->nodes[c].parent = e->parent;
  }
  for (size_t i = 0; i < t->n_nodes; i++) {
    pk_v8_node *n = &t->nodes[i];
    if (n->parent_id == PK_V8_NO_ID) continue;
    uint32_t par = map_find(m, n->parent_id);
    if (par == UINT32_MAX) {
      note(t, MISSING_PARENTS, n->offset);
      continue;
    }
    if (n->parent != UINT32_MAX && n->parent != par)
      return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, n->offset, "node %lld has two parents",
                          (long long)n->id);
    n->parent = par;
  }
  return 0;
}

/* The frame of a record: "(anonymous) file.js:12" for unnamed functions. */
static pk_id record_frame(pk_profile *p, const pk_v8_node *n) {
  size_t name_len, url_len;
  pk_profile_string(p, n->function_name, &name_len);
  const char *url = pk_profile_string(p, n->url, &url_len);
  pk_frame f = {0};
  f.file = n->url;
  f.line = n->line >= 0 && n->line < INT32_MAX ? (int32_t)n->line + 1 : 0;
  f.column = n->column >= 0 && n->column < INT32_MAX ? (int32_t)n->column + 1 : 0;
  if (name_len > 0) {
    f.name = n->function_name;
  } else if (url_len == 0) {
    f.name = pk_profile_intern_cstr(p, "(anonymous)");
  } else {
    const char *base = url;
    for (const char *q = url; q < url + url_len; q++)
      if (*q == '/') base = q + 1;
    if (base == url + url_len) base = url;
    size_t blen = (size_t)(url + url_len - base);
    char *tmp = malloc(blen + 40);
    if (!tmp) return PK_NONE;
    int k = snprintf(tmp, blen + 40, "(anonymous) %.*s:%d", (int)blen, base, f.line);
    f.name = pk_profile_intern(p, tmp, (size_t)k);
    free(tmp);
  }
  if (f.name == PK_NONE) return PK_NONE;
  return pk_profile_frame(p, &f);
}

static bool name_is(const pk_profile *p, pk_id s, const char *lit) {
  size_t n;
  const char *v = pk_profile_string(p, s, &n);
  return n == strlen(lit) && memcmp(v, lit, n) == 0;
}

enum { UNSEEN = 0, VISITING = 1, DONE = 2 };

static int build_nodes(pk_v8_tree *t, pk_profile *p, pk_id under, const char *path, pk_error *err) {
  rec_stack st = {0};
  int rc = 0;
  for (size_t i = 0; i < t->n_nodes && !rc; i++) {
    uint32_t r = (uint32_t)i;
    while (r != UINT32_MAX && t->nodes[r].state != DONE) {
      if (t->nodes[r].state == VISITING) {
        rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, t->nodes[r].offset,
                          "node parent links form a cycle through node %lld", (long long)t->nodes[r].id);
        break;
      }
      t->nodes[r].state = VISITING;
      if (pk_grow((void **)&st.v, &st.cap, st.n + 1, sizeof *st.v)) {
        rc = PK_ENOMEM;
        break;
      }
      st.v[st.n++] = r;
      r = t->nodes[r].parent;
    }
    while (!rc && st.n > 0) {
      pk_v8_node *n = &t->nodes[st.v[--st.n]];
      pk_id parent_model = n->parent == UINT32_MAX ? under : t->nodes[n->parent].model;
      if (n->parent == UINT32_MAX && name_is(p, n->function_name, "(root)")) {
        n->model = under;
      } else if (name_is(p, n->url, "native dummy.js")) {
        n->model = parent_model; /* V8's placeholder script, not code: its time is its parent's, as in speedscope */
      } else {
        pk_id frame = record_frame(p, n);
        n->model = frame == PK_NONE ? PK_NONE : pk_profile_child(p, parent_model, frame);
        if (n->model == PK_NONE) rc = PK_ENOMEM;
      }
      n->state = DONE;
    }
    st.n = 0;
  }
  free(st.v);
  if (rc == PK_ENOMEM) return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  return rc;
}

int pk_v8_add_types(pk_profile *p, pk_v8_kind kind, const pk_v8_tree *t, const char *path, pk_error *err) {
  int rc;
  if (kind == PK_V8_HEAP) {
    rc = pk_profile_add_sample_type(p, "space", "bytes");
    if (rc >= 0 && t->n_sizes > 0) rc = pk_profile_add_sample_type(p, "objects", "count");
  } else {
    rc = pk_profile_add_sample_type(p, "samples", "count");
    if (rc >= 0 && t->n_times > 0) rc = pk_profile_add_sample_type(p, "wall", "microseconds");
  }
  if (rc < 0) return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "cannot add sample types");
  return 0;
}

static bool is_idle(const pk_profile *p, const pk_v8_node *n) { return name_is(p, n->function_name, "(idle)"); }

static int add_values(pk_profile *p, pk_id node, const int64_t *v, const char *path, pk_error *err) {
  int rc = pk_profile_add_self(p, node, v);
  if (rc) return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "sample values overflow");
  return 0;
}

/* Times are input values: every sum and difference of two is checked (a
 * profile whose times span more than int64 microseconds is refused). */
static int time_overflow(const char *path, uint64_t offset, pk_error *err) {
  return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, offset,
                      "timestamps out of range: a time difference overflows 64 bits");
}

static int add_samples(pk_v8_tree *t, pk_profile *p, pk_v8_kind kind, const pk_id_index *m,
                       const pk_read_options *opts, const char *path, pk_error *err) {
  size_t n_types = pk_profile_type_count(p);
  bool timed = kind == PK_V8_CPU && n_types > 1;
  bool exclude_idle = opts && opts->exclude_idle;
  int64_t now = t->have_start ? t->start_time : 0;
  int64_t base = now;
  if (timed && t->times_absolute && t->n_times > 0) base = now = t->times[0];
  for (size_t i = 0; i < t->n_samples; i++) {
    uint32_t r = map_find(m, t->samples[i]);
    /* Heap profiles written by node --heap-prof name nodes in `samples`
     * that are absent from the tree they write.  The bytes come from
     * selfSize, so nothing is lost but one object in the objects column:
     * normal, not a damaged table, and not worth a warning. */
    if (r == UINT32_MAX && kind == PK_V8_HEAP) continue;
    if (r == UINT32_MAX && t->lenient) {
      note(t, UNKNOWN_SAMPLES, t->samples_offset);
      continue;
    }
    if (r == UINT32_MAX)
      return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, t->samples_offset,
                          "sample %zu names node %lld, which is not a node", i, (long long)t->samples[i]);
    int64_t v[2] = {1, 0};
    int64_t at = now;
    if (kind == PK_V8_HEAP) { /* bytes come from selfSize; samples count objects */
      v[0] = 0;
      v[1] = 1;
    } else if (timed) {
      if (t->times_absolute) {
        at = i < t->n_times ? t->times[i] : now;
        if (at < now) at = now;
        /* node <= 10 writes one timestamp more than samples; like
         * speedscope, the extra one is ignored and the last sample weighs 0 */
        int64_t next = i + 1 < t->n_times && i + 1 < t->n_samples ? t->times[i + 1] : at;
        if (next > at && __builtin_sub_overflow(next, at, &v[1])) return time_overflow(path, t->samples_offset, err);
      } else {
        int64_t d = i < t->n_times ? t->times[i] : 0;
        if (__builtin_add_overflow(now, d > 0 ? d : 0, &at)) return time_overflow(path, t->samples_offset, err);
        int64_t dn = i + 1 < t->n_times ? t->times[i + 1] : 0;
        v[1] = dn > 0 ? dn : 0;
      }
      now = at;
    }
    const pk_v8_node *n = &t->nodes[r];
    if (exclude_idle && is_idle(p, n)) continue;
    int rc = add_values(p, n->model, v, path, err);
    if (rc) return rc;
    int64_t since;
    if (timed && __builtin_sub_overflow(at, base, &since)) return time_overflow(path, t->samples_offset, err);
    if (timed && (rc = pk_profile_add_event(p, n->model, since)))
      return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  if (timed) {
    pk_profile_meta *meta = pk_profile_meta_of(p);
    meta->time_unit = pk_profile_intern_cstr(p, "microseconds");
    meta->time_start = base;
    int64_t end = t->have_end && t->end_time > now ? t->end_time : now, span;
    if (__builtin_sub_overflow(end, base, &span)) return time_overflow(path, t->samples_offset, err);
    if (span > meta->duration) meta->duration = span;
  }
  return 0;
}

int pk_v8_tree_prepare(pk_v8_tree *t, pk_profile *p, pk_id under, const char *path, pk_error *err) {
  int rc = build_map(&t->map, t, path, err);
  if (!rc) rc = link_parents(t, &t->map, path, err);
  if (!rc) rc = build_nodes(t, p, under, path, err);
  t->prepared = rc == 0;
  return rc;
}

/* Adds sample i (node `id`) at time `at` weighing `wall`. */
static int add_timed(pk_v8_tree *t, pk_profile *p, size_t i, int64_t id, int64_t at, int64_t base, int64_t wall,
                     const pk_read_options *opts, pk_json *js) {
  uint32_t r = map_find(&t->map, id);
  if (r == UINT32_MAX) {
    if (t->lenient) {
      note(t, UNKNOWN_SAMPLES, t->samples_offset);
      return 0;
    }
    return pk_json_fail_at(js, t->samples_offset, PK_EPARSE, "sample %zu names node %lld, which is not a node", i,
                           (long long)id);
  }
  const pk_v8_node *n = &t->nodes[r];
  if (opts && opts->exclude_idle && is_idle(p, n)) return 0;
  int64_t v[2] = {1, wall}, since;
  if (__builtin_sub_overflow(at, base, &since))
    return pk_json_fail(js, PK_EPARSE, "timestamps out of range: a time difference overflows 64 bits");
  int rc = pk_profile_add_self(p, n->model, v);
  if (!rc) rc = pk_profile_add_event(p, n->model, since);
  if (rc) return pk_json_fail(js, rc, rc == PK_ENOMEM ? "out of memory" : "sample values overflow");
  return 0;
}

/* Sample ids in order: from t->samples, or read again from the input
 * (deferred samples: a second cursor at the array, nothing stored). */
typedef struct sample_source {
  const pk_v8_tree *t;
  pk_json cursor;
  size_t next;
} sample_source;

static int next_sample(sample_source *s, int64_t *id) {
  if (!s->t->samples_deferred) {
    *id = s->t->samples[s->next++];
    return 0;
  }
  if (pk_json_next(&s->cursor) != PK_JSON_NUMBER)
    return s->cursor.status ? s->cursor.status : pk_json_fail(&s->cursor, PK_EPARSE, "expected a node id");
  s->next++;
  return pk_json_int64(&s->cursor, id);
}

int pk_v8_stream_deltas(pk_json *js, pk_v8_tree *t, pk_profile *p, const pk_read_options *opts) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of numbers");
  int64_t base = t->have_start ? t->start_time : 0, now = base;
  sample_source src = {.t = t};
  if (t->samples_deferred) {
    pk_json_init_at(&src.cursor, js->buf, js->len, t->samples_offset, js->path, js->err);
    if (!rc) rc = pk_json_expect(&src.cursor, PK_JSON_ARRAY, "the samples array");
  }
  /* delta i places sample i (at the previous time + delta) and completes
   * sample i-1, which weighs the time to sample i */
  int64_t cur_id = 0, cur_at = 0;
  bool have_cur = false;
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) break;
    if (tk != PK_JSON_NUMBER) {
      rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a number in the array");
      break;
    }
    int64_t d;
    if ((rc = pk_json_int64(js, &d))) break;
    if (d < 0) d = 0; /* negative deltas are clamped */
    if (have_cur) rc = add_timed(t, p, src.next - 1, cur_id, cur_at, base, d, opts, js);
    have_cur = false;
    if (!rc && src.next < t->n_samples && !(rc = next_sample(&src, &cur_id))) {
      if (__builtin_add_overflow(now, d, &now)) {
        rc = pk_json_fail(js, PK_EPARSE, "timestamps out of range: the sum of timeDeltas overflows 64 bits");
        break;
      }
      cur_at = now;
      have_cur = true;
    }
  }
  if (!rc && have_cur) rc = add_timed(t, p, src.next - 1, cur_id, cur_at, base, 0, opts, js);
  while (!rc && src.next < t->n_samples && !(rc = next_sample(&src, &cur_id)))
    rc = add_timed(t, p, src.next - 1, cur_id, now, base, 0, opts, js);
  if (t->samples_deferred) pk_json_fini(&src.cursor);
  if (rc) return rc;
  pk_profile_meta *meta = pk_profile_meta_of(p);
  meta->time_unit = pk_profile_intern_cstr(p, "microseconds");
  meta->time_start = base;
  if (__builtin_sub_overflow(now, base, &meta->duration))
    return pk_json_fail(js, PK_EPARSE, "timestamps out of range: a time difference overflows 64 bits");
  t->streamed = true;
  return 0;
}

int pk_v8_load_deferred_samples(pk_json *js, pk_v8_tree *t) {
  if (!t->samples_deferred) return 0;
  pk_json cursor;
  pk_json_init_at(&cursor, js->buf, js->len, t->samples_offset, js->path, js->err);
  size_t count = t->n_samples;
  t->n_samples = 0;
  int rc = pk_json_int_array(&cursor, (void **)&t->samples, sizeof *t->samples, &t->n_samples, &t->cap_samples);
  pk_json_fini(&cursor);
  t->samples_deferred = false;
  if (!rc && t->n_samples != count) rc = pk_json_fail_at(js, t->samples_offset, PK_EPARSE, "samples changed");
  return rc;
}

int pk_v8_tree_build(pk_v8_tree *t, pk_profile *p, pk_v8_kind kind, pk_id under, const pk_read_options *opts,
                     const char *path, pk_error *err) {
  int rc = t->prepared ? 0 : pk_v8_tree_prepare(t, p, under, path, err);
  bool cpu_samples = kind == PK_V8_CPU && t->n_samples > 0;
  if (!rc && !cpu_samples) { /* hitCount, or selfSize for heap profiles */
    bool exclude_idle = opts && opts->exclude_idle;
    for (size_t i = 0; i < t->n_nodes && !rc; i++) {
      const pk_v8_node *n = &t->nodes[i];
      if (n->self == 0 || (exclude_idle && is_idle(p, n))) continue;
      if (n->self < 0)
        rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, n->offset, "negative count %lld",
                          (long long)n->self);
      else
        rc = add_values(p, n->model, (int64_t[2]){n->self, 0}, path, err);
    }
  }
  if (t->streamed) {
    pk_profile_meta *meta = pk_profile_meta_of(p);
    int64_t span;
    if (t->have_end && __builtin_sub_overflow(t->end_time, meta->time_start, &span))
      rc = time_overflow(path, PK_NO_POSITION, err);
    else if (t->have_end && span > meta->duration)
      meta->duration = span;
  } else if (!rc && t->n_samples > 0) {
    rc = add_samples(t, p, kind, &t->map, opts, path, err);
  }
  if (!rc) report(t, opts, path);
  return rc;
}

/* ---- sniffing ---- */

pk_v8_sniff pk_v8_sniff_json(const char *buf, size_t len) {
  pk_v8_sniff s = {0};
  size_t window = len < 65536 ? len : 65536;
  pk_json js;
  pk_json_init(&js, buf, window, NULL, NULL);
  pk_json_tok tk = pk_json_next(&js);
  s.object = tk == PK_JSON_OBJECT;
  s.array = tk == PK_JSON_ARRAY;
  for (int guard = 0; guard < 100000 && (s.object || s.array); guard++) {
    tk = pk_json_next(&js);
    if (tk == PK_JSON_ERROR || tk == PK_JSON_EOF) break;
    if (tk != PK_JSON_KEY) continue;
    if (js.depth == 1) {
      s.nodes |= pk_json_is(&js, "nodes");
      s.head |= pk_json_is(&js, "head");
      s.samples |= pk_json_is(&js, "samples");
      s.trace_events |= pk_json_is(&js, "traceEvents");
      s.snapshot |= pk_json_is(&js, "snapshot");
    }
    s.call_frame |= pk_json_is(&js, "callFrame");
    s.hit_count |= pk_json_is(&js, "hitCount");
    s.self_size |= pk_json_is(&js, "selfSize");
    s.ph |= pk_json_is(&js, "ph");
  }
  pk_json_fini(&js);
  return s;
}
