/*
 * callgrind.c - reader for valgrind's callgrind (and cachegrind-style
 * callgrind_annotate input) profiles.
 *
 * A callgrind file is a call graph, not stacks: per function (fl= file,
 * fn= name) cost lines give its self cost at positions, and after a call
 * (cfi=/cfl= file, cfn= callee, calls= count) the next cost line is the
 * inclusive cost of that call.  Names may be compressed ("(12) name"
 * defines id 12, "(12)" uses it); cost lines may repeat the previous line
 * ("*") or be relative to it ("-3"); several event types ("events: Ir Dr")
 * are several columns, which become the profile's sample types.
 *
 * A flame graph needs stacks, so the graph is expanded into a tree as
 * speedscope does (src/import/callgrind.ts), which makes the result
 * comparable with its snapshots: from every function nobody calls, each
 * callee gets the caller's weight times the share of the caller's total
 * that went to that callee, recursively; a function already on the stack
 * is not entered again (recursion is cut), subtrees under 1e-4 of the
 * heaviest function are dropped, and what the children do not take is the
 * node's self cost.  Weights are placed on a running total rounded to
 * integers exactly as speedscope rounds them.  The expansion keeps its own
 * explicit stack: no C recursion, whatever the call depth.
 *
 * Detection is by the format's own markers: a "# callgrind format" first
 * line, or an "events:" header together with an "fn=" line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "formats/readers.h"

enum { MAX_EVENTS = 64, MAX_POSITIONS = 4 };

typedef struct cg_name { /* "(id) name" compression table */
  uint64_t id;
  pk_id name;
} cg_name;

typedef struct cg_edge {
  pk_id parent, child;
  uint32_t next; /* next edge of the same parent, UINT32_MAX = last */
} cg_edge;

typedef struct cg {
  pk_profile *p;
  const char *path;
  size_t n_events, n_positions;
  char event_names[MAX_EVENTS][64];
  /* per model frame id */
  int64_t *totals; /* frame x n_events: self + inclusive call costs */
  uint32_t *first_edge, *last_edge;
  uint8_t *flags; /* 1 seen, 2 called by someone */
  size_t frame_cap;
  pk_id *order; /* frames in first-seen order */
  size_t n_order, cap_order;
  cg_edge *edges;
  int64_t *edge_w; /* edge x n_events */
  size_t n_edges, cap_edges, cap_edge_w;
  uint64_t *edge_slots; /* (parent, child) -> edge + 1, open addressing */
  size_t slot_count;
  cg_name *files, *fns;
  size_t n_files, cap_files, n_fns, cap_fns;
  pk_id file, fn, callee_file, callee_fn;
  int64_t prev[MAX_POSITIONS + MAX_EVENTS];
  size_t n_prev;
} cg;

bool pk_callgrind_probe(const char *buf, size_t len) {
  size_t scan = len < 8192 ? len : 8192;
  const char *s = buf, *end = buf + scan;
  while (s < end && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++;
  if ((size_t)(end - s) >= 18 && memcmp(s, "# callgrind format", 18) == 0) return true;
  bool events = false, fn = false;
  for (const char *l = buf; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    size_t n = (size_t)((nl ? nl : end) - l);
    if (n >= 7 && memcmp(l, "events:", 7) == 0) events = true;
    if (n >= 3 && memcmp(l, "fn=", 3) == 0) fn = true;
    l = nl ? nl + 1 : end;
  }
  return events && fn;
}

static int fail_line(cg *c, uint64_t line, pk_error *err, int code, const char *msg) {
  return pk_error_set(err, code, c->path, line, PK_NO_POSITION, "%s", msg);
}

static int ensure_frame(cg *c, pk_id f) {
  if (f < c->frame_cap) return 0;
  size_t cap = c->frame_cap ? c->frame_cap : 64;
  while (cap <= f) cap *= 2;
  int64_t *t = realloc(c->totals, cap * c->n_events * sizeof *t);
  if (!t) return PK_ENOMEM;
  c->totals = t;
  uint32_t *a = realloc(c->first_edge, cap * sizeof *a);
  if (!a) return PK_ENOMEM;
  c->first_edge = a;
  uint32_t *b = realloc(c->last_edge, cap * sizeof *b);
  if (!b) return PK_ENOMEM;
  c->last_edge = b;
  uint8_t *fl = realloc(c->flags, cap);
  if (!fl) return PK_ENOMEM;
  c->flags = fl;
  memset(c->totals + c->frame_cap * c->n_events, 0, (cap - c->frame_cap) * c->n_events * sizeof *t);
  for (size_t i = c->frame_cap; i < cap; i++) c->first_edge[i] = c->last_edge[i] = UINT32_MAX;
  memset(c->flags + c->frame_cap, 0, cap - c->frame_cap);
  c->frame_cap = cap;
  return 0;
}

/* The frame of (file, function), registered in first-seen order. */
static int frame_of(cg *c, pk_id file, pk_id fn, pk_id *out) {
  pk_frame f = {0};
  f.name = fn ? fn : pk_profile_intern_cstr(c->p, "(unknown)");
  f.file = file ? file : pk_profile_intern_cstr(c->p, "(unknown)");
  *out = pk_profile_frame(c->p, &f);
  if (*out == PK_NONE || ensure_frame(c, *out)) return PK_ENOMEM;
  if (!(c->flags[*out] & 1)) {
    c->flags[*out] |= 1;
    if (PK_GROW(c->order, c->cap_order, c->n_order + 1)) return PK_ENOMEM;
    c->order[c->n_order++] = *out;
  }
  return 0;
}

static int add_total(cg *c, pk_id f, const int64_t *costs) {
  for (size_t e = 0; e < c->n_events; e++) {
    int64_t *t = &c->totals[(size_t)f * c->n_events + e];
    if (__builtin_add_overflow(*t, costs[e], t)) return PK_ELIMIT;
  }
  return 0;
}

static int find_edge(cg *c, pk_id parent, pk_id child, uint32_t *out) {
  if (c->n_edges * 2 >= c->slot_count) {
    size_t count = c->slot_count ? c->slot_count * 2 : 256;
    uint64_t *slots = calloc(count, sizeof *slots);
    if (!slots) return PK_ENOMEM;
    for (size_t i = 0; i < c->n_edges; i++) {
      size_t j = pk_hash_mix((uint64_t)c->edges[i].parent << 32 | c->edges[i].child) & (count - 1);
      while (slots[j]) j = (j + 1) & (count - 1);
      slots[j] = i + 1;
    }
    free(c->edge_slots);
    c->edge_slots = slots;
    c->slot_count = count;
  }
  size_t mask = c->slot_count - 1, j = pk_hash_mix((uint64_t)parent << 32 | child) & mask;
  for (; c->edge_slots[j]; j = (j + 1) & mask) {
    const cg_edge *e = &c->edges[c->edge_slots[j] - 1];
    if (e->parent == parent && e->child == child) {
      *out = (uint32_t)(c->edge_slots[j] - 1);
      return 0;
    }
  }
  if (c->n_edges >= UINT32_MAX - 1 || PK_GROW(c->edges, c->cap_edges, c->n_edges + 1) ||
      pk_grow((void **)&c->edge_w, &c->cap_edge_w, (c->n_edges + 1) * c->n_events, sizeof *c->edge_w))
    return PK_ENOMEM;
  uint32_t id = (uint32_t)c->n_edges++;
  c->edges[id] = (cg_edge){parent, child, UINT32_MAX};
  memset(c->edge_w + (size_t)id * c->n_events, 0, c->n_events * sizeof *c->edge_w);
  if (c->last_edge[parent] == UINT32_MAX) c->first_edge[parent] = id;
  else c->edges[c->last_edge[parent]].next = id;
  c->last_edge[parent] = id;
  c->edge_slots[j] = (uint64_t)id + 1;
  *out = id;
  return 0;
}

/* "(id) name", "(id)" or "name"; returns 0, PK_ENOMEM, or 1 for an unknown id. */
static int compressed_name(cg *c, const char *v, size_t n, cg_name **table, size_t *count, size_t *cap,
                           pk_id *out) {
  if (n && v[0] == '(') {
    size_t i = 1;
    uint64_t id = 0;
    while (i < n && v[i] >= '0' && v[i] <= '9' && id < UINT64_MAX / 10) id = id * 10 + (uint64_t)(v[i++] - '0');
    if (i > 1 && i < n && v[i] == ')') {
      size_t rest = i + 1;
      while (rest < n && (v[rest] == ' ' || v[rest] == '\t')) rest++;
      if (rest == n) { /* a use */
        for (size_t k = *count; k-- > 0;)
          if ((*table)[k].id == id) {
            *out = (*table)[k].name;
            return 0;
          }
        return 1;
      }
      pk_id name = pk_profile_intern(c->p, v + rest, n - rest);
      if (name == PK_NONE || pk_grow((void **)table, cap, *count + 1, sizeof **table)) return PK_ENOMEM;
      (*table)[(*count)++] = (cg_name){id, name};
      *out = name;
      return 0;
    }
  }
  *out = pk_profile_intern(c->p, v, n);
  return *out == PK_NONE ? PK_ENOMEM : 0;
}

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* A cost line: positions then costs; returns false if it is not one. */
static bool cost_line(cg *c, const char *l, size_t n, int64_t *nums, size_t *count) {
  size_t k = 0, i = 0;
  while (i < n) {
    while (i < n && is_space(l[i])) i++;
    if (i == n) break;
    size_t s = i;
    while (i < n && !is_space(l[i])) i++;
    if (k >= MAX_POSITIONS + MAX_EVENTS) return false;
    const char *t = l + s;
    size_t len = i - s;
    int64_t prev = k < c->n_prev ? c->prev[k] : 0;
    bool relative = len && (t[0] == '-' || (t[0] == '+' && k < c->n_positions));
    if (len == 1 && t[0] == '*') {
      if (k >= c->n_prev) return false;
      nums[k++] = prev;
      continue;
    }
    size_t j = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    int base = 10;
    if (len > j + 2 && t[j] == '0' && (t[j + 1] == 'x' || t[j + 1] == 'X')) base = 16, j += 2;
    if (j >= len) return false;
    uint64_t v = 0;
    for (; j < len; j++) {
      int d = t[j] >= '0' && t[j] <= '9' ? t[j] - '0'
              : base == 16 && ((t[j] | 32) >= 'a' && (t[j] | 32) <= 'f') ? (t[j] | 32) - 'a' + 10 : -1;
      if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return false;
      v = v * (uint64_t)base + (uint64_t)d;
    }
    if (v > INT64_MAX / 2) return false;
    int64_t x = t[0] == '-' ? -(int64_t)v : (int64_t)v;
    if (relative && k >= c->n_prev) return false;
    nums[k++] = relative ? prev + x : x;
  }
  *count = k;
  return k > 0;
}

static int on_costs(cg *c, const int64_t *nums, size_t count, bool call, uint64_t line, pk_error *err) {
  int64_t costs[MAX_EVENTS] = {0};
  for (size_t e = 0; e < c->n_events; e++) {
    int64_t v = c->n_positions + e < count ? nums[c->n_positions + e] : 0;
    if (v < 0) return fail_line(c, line, err, PK_EPARSE, "negative cost");
    costs[e] = v;
  }
  memcpy(c->prev, nums, count * sizeof *nums);
  c->n_prev = count;
  pk_id caller;
  if (frame_of(c, c->file, c->fn, &caller)) return fail_line(c, line, err, PK_ENOMEM, "out of memory");
  if (call) {
    pk_id callee;
    uint32_t edge;
    if (frame_of(c, c->callee_file ? c->callee_file : c->file, c->callee_fn, &callee) ||
        find_edge(c, caller, callee, &edge))
      return fail_line(c, line, err, PK_ENOMEM, "out of memory");
    c->flags[callee] |= 2;
    for (size_t e = 0; e < c->n_events; e++)
      if (__builtin_add_overflow(c->edge_w[(size_t)edge * c->n_events + e], costs[e],
                                 &c->edge_w[(size_t)edge * c->n_events + e]))
        return fail_line(c, line, err, PK_ELIMIT, "costs overflow 2^63-1");
  }
  if (add_total(c, caller, costs)) return fail_line(c, line, err, PK_ELIMIT, "costs overflow 2^63-1");
  return 0;
}

static bool key_is(const char *l, size_t n, const char *key) {
  size_t k = strlen(key);
  return n > k && memcmp(l, key, k) == 0 && l[k] == '=';
}

static int header(cg *c, const char *l, size_t n, uint64_t line, pk_error *err) {
  const char *v = memchr(l, ':', n) + 1;
  size_t vn = (size_t)(l + n - v);
  bool events = n >= 7 && memcmp(l, "events:", 7) == 0, positions = n >= 10 && memcmp(l, "positions:", 10) == 0;
  if (!events && !positions) return 0;
  if (events && c->n_events) return fail_line(c, line, err, PK_EPARSE, "a second \"events:\" line");
  size_t count = 0;
  for (size_t i = 0; i < vn;) {
    while (i < vn && is_space(v[i])) i++;
    size_t s = i;
    while (i < vn && !is_space(v[i])) i++;
    if (i == s) continue;
    if (events) {
      if (count == MAX_EVENTS) return fail_line(c, line, err, PK_ELIMIT, "more than 64 event types");
      snprintf(c->event_names[count], sizeof c->event_names[count], "%.*s", (int)(i - s), v + s);
    }
    count++;
  }
  if (positions) {
    if (count == 0 || count > MAX_POSITIONS) return fail_line(c, line, err, PK_EPARSE, "bad \"positions:\" line");
    c->n_positions = count;
    return 0;
  }
  if (count == 0) return fail_line(c, line, err, PK_EPARSE, "\"events:\" names no event");
  c->n_events = count;
  return 0;
}

static int assignment(cg *c, const char *l, size_t n, bool *call, uint64_t line, pk_error *err) {
  const char *eq = memchr(l, '=', n);
  const char *v = eq + 1;
  size_t vn = (size_t)(l + n - v);
  while (vn && is_space(v[vn - 1])) vn--;
  pk_id *dst = NULL;
  bool file_table = true;
  if (key_is(l, n, "fl")) dst = &c->file;
  else if (key_is(l, n, "fi") || key_is(l, n, "fe")) dst = NULL; /* inlined code: kept in its function */
  else if (key_is(l, n, "fn")) dst = &c->fn, file_table = false;
  else if (key_is(l, n, "cfi") || key_is(l, n, "cfl")) dst = &c->callee_file;
  else if (key_is(l, n, "cfn")) dst = &c->callee_fn, file_table = false;
  else if (key_is(l, n, "calls")) {
    *call = true;
    return 0;
  } else {
    return 0; /* ob=, cob=, jump=, ...: not needed for the tree */
  }
  pk_id name;
  int rc = file_table ? compressed_name(c, v, vn, &c->files, &c->n_files, &c->cap_files, &name)
                      : compressed_name(c, v, vn, &c->fns, &c->n_fns, &c->cap_fns, &name);
  if (rc == 1) return fail_line(c, line, err, PK_EPARSE, "name id used before it was defined");
  if (rc) return fail_line(c, line, err, PK_ENOMEM, "out of memory");
  if (dst) *dst = name;
  return 0;
}

/* ---- expansion into a tree (speedscope's rules, iteratively) ---- */

typedef struct visit {
  pk_id frame, node;
  double subtree, self, prev; /* prev: the running total when the current child started */
  uint32_t edge;              /* next edge to visit */
} visit;

typedef struct expand {
  cg *c;
  size_t e;       /* event column */
  double mult;    /* Time_(10ns): 10 */
  double cumulative;
  int64_t last;
  int64_t *values;
  visit *stack;
  size_t depth, cap;
  uint8_t *on_stack; /* per frame */
} expand;

static int64_t js_round(double v) { return (int64_t)floor(v + 0.5); }

/* Moves the clock to v: the time since the last event is the top node's. */
static int advance(expand *x, int64_t v) {
  if (x->depth && v > x->last) {
    x->values[x->e] = v - x->last;
    int rc = pk_profile_add_self(x->c->p, x->stack[x->depth - 1].node, x->values);
    x->values[x->e] = 0;
    if (rc) return rc;
  }
  x->last = v;
  return 0;
}

static int try_enter(expand *x, pk_id frame, double subtree, double max_weight, bool *entered) {
  cg *c = x->c;
  *entered = false;
  double total = (double)c->totals[(size_t)frame * c->n_events + x->e];
  if (x->on_stack[frame] || subtree < 1e-4 * max_weight || total == 0) return 0;
  int rc = advance(x, js_round(x->cumulative * x->mult));
  if (rc) return rc;
  pk_id parent = x->depth ? x->stack[x->depth - 1].node : PK_ROOT;
  pk_id node = pk_profile_child(c->p, parent, frame);
  if (node == PK_NONE || PK_GROW(x->stack, x->cap, x->depth + 1)) return PK_ENOMEM;
  x->stack[x->depth++] = (visit){frame, node, subtree, subtree, 0, c->first_edge[frame]};
  x->on_stack[frame] = 1;
  *entered = true;
  return 0;
}

static int expand_column(cg *c, size_t e, uint8_t *on_stack, int64_t *values) {
  expand x = {c, e, strcmp(c->event_names[e], "Time_(10ns)") == 0 ? 10.0 : 1.0, 0, 0, values, NULL, 0, 0, on_stack};
  double max_weight = 0;
  for (size_t i = 0; i < c->n_order; i++) {
    double t = (double)c->totals[(size_t)c->order[i] * c->n_events + e];
    if (t > max_weight) max_weight = t;
  }
  int rc = 0;
  for (size_t r = 0; r < c->n_order && !rc; r++) {
    pk_id root = c->order[r];
    if (c->flags[root] & 2) continue;
    bool entered;
    rc = try_enter(&x, root, (double)c->totals[(size_t)root * c->n_events + e], max_weight, &entered);
    while (!rc && x.depth) {
      visit *v = &x.stack[x.depth - 1];
      if (v->edge != UINT32_MAX) {
        const cg_edge *edge = &c->edges[v->edge];
        double share = (double)c->edge_w[(size_t)v->edge * c->n_events + e] /
                       (double)c->totals[(size_t)v->frame * c->n_events + e];
        v->edge = edge->next;
        v->prev = x.cumulative;
        rc = try_enter(&x, edge->child, v->subtree * share, max_weight, &entered);
        continue; /* a child not entered took nothing */
      }
      x.on_stack[v->frame] = 0;
      x.cumulative += v->self;
      rc = advance(&x, js_round(x.cumulative * x.mult));
      x.depth--;
      if (x.depth) {
        visit *parent = &x.stack[x.depth - 1];
        parent->self -= x.cumulative - parent->prev;
      }
    }
  }
  free(x.stack);
  return rc;
}

static int build(cg *c, pk_error *err) {
  for (size_t e = 0; e < c->n_events; e++) {
    const char *name = c->event_names[e];
    const char *unit = strcmp(name, "Time_(10ns)") == 0 ? "nanoseconds" : strcmp(name, "Memory_(bytes)") == 0 ? "bytes" : "count";
    if (pk_profile_add_sample_type(c->p, name, unit) < 0)
      return pk_error_set(err, PK_ENOMEM, c->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  pk_profile_meta_of(c->p)->default_type = 0;
  uint8_t *on_stack = calloc(c->frame_cap ? c->frame_cap : 1, 1);
  int64_t *values = calloc(c->n_events, sizeof *values);
  int rc = on_stack && values ? 0 : PK_ENOMEM;
  for (size_t e = 0; e < c->n_events && !rc; e++) rc = expand_column(c, e, on_stack, values);
  free(on_stack);
  free(values);
  if (rc == PK_ELIMIT) return pk_error_set(err, rc, c->path, PK_NO_POSITION, PK_NO_POSITION, "costs overflow 2^63-1");
  if (rc) return pk_error_set(err, PK_ENOMEM, c->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  return 0;
}

int pk_callgrind_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                       pk_error *err) {
  (void)opts;
  cg c = {0};
  c.p = p;
  c.path = path;
  c.n_positions = 1;
  int rc = 0;
  bool call = false;
  uint64_t line = 0, call_line = 0;
  int64_t nums[MAX_POSITIONS + MAX_EVENTS];
  for (const char *s = buf, *end = buf + len; s < end && !rc;) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *l = s;
    size_t n = (size_t)((nl ? nl : end) - s);
    s = nl ? nl + 1 : end;
    line++;
    while (n && is_space(l[n - 1])) n--;
    size_t lead = 0;
    while (lead < n && is_space(l[lead])) lead++;
    if (lead == n || l[lead] == '#') continue;
    const char *colon = memchr(l, ':', n), *eq = memchr(l, '=', n);
    bool word = n && ((l[0] | 32) >= 'a' && (l[0] | 32) <= 'z');
    size_t count;
    if (word && colon && (!eq || colon < eq)) {
      rc = header(&c, l, n, line, err);
    } else if (word && eq) {
      if (call) rc = fail_line(&c, line, err, PK_EPARSE, "expected the cost line of the call above");
      else rc = assignment(&c, l, n, &call, line, err);
      call_line = line;
    } else if (cost_line(&c, l, n, nums, &count)) {
      if (!c.n_events) rc = fail_line(&c, line, err, PK_EPARSE, "cost line before the \"events:\" line");
      else rc = on_costs(&c, nums, count, call, line, err);
      if (call) c.callee_file = c.callee_fn = 0;
      call = false;
    } else {
      rc = fail_line(&c, line, err, PK_EPARSE, "not a callgrind line (header, name=value or costs)");
    }
  }
  if (!rc && call) rc = fail_line(&c, call_line, err, PK_EPARSE, "calls= line without its cost line");
  if (!rc && !c.n_events) rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no \"events:\" line");
  if (!rc) rc = build(&c, err);
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "callgrind");
  free(c.totals);
  free(c.first_edge);
  free(c.last_edge);
  free(c.flags);
  free(c.order);
  free(c.edges);
  free(c.edge_w);
  free(c.edge_slots);
  free(c.files);
  free(c.fns);
  return rc;
}
