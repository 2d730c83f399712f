/*
 * formats/trace_events.c - CPU profiles inside Chrome trace-event JSON.
 *
 * The DevTools Performance panel saves {traceEvents: [...], metadata} (or a
 * bare array of events).  The sampled CPU profile is spread over events:
 * `Profile` (start time, keyed by pid + id), then `ProfileChunk`s whose
 * args.data carry cpuProfile {nodes (with `parent`), samples} and
 * timeDeltas; older traces hold a whole profile in one `CpuProfile` event.
 * Thread names come from `thread_name` metadata events.
 *
 * Event keys come in any order (Chrome writes `args` before `name`), so the
 * profile parts of each event's args are scanned into a pending node table
 * and appended to their profile once the event's name and ids are known;
 * everything else is skipped token by token.  Each profile is then built
 * into the model like a .cpuprofile; when a trace holds several (threads,
 * workers), each gets a top frame naming its thread.
 *
 * A trace without a CPU profile is read from its duration events (B/E/X,
 * what chrome://tracing, Perfetto's JSON export and most tracers write):
 * each is handed to formats/trace_durations.c with its frame (speedscope's
 * key: the name and the args as JSON.stringify writes them, or for Hermes
 * traces name, url, line and column), which replays them per thread.  A
 * trace the writer did not finish (no closing `]`, as the trace-event
 * format allows) is read as if it were closed.  A trace with a top-level
 * `samples` array and `stackFrames` table is read from those instead
 * (formats/trace_samples.c), as speedscope does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/readers.h"
#include "formats/v8_nodes.h"
#include "formats/trace_durations.h"
#include "formats/trace_samples.h"
#include "formats/thread_select.h"

typedef struct trace_profile {
  int64_t pid, tid;
  char id[48];
  pk_v8_tree tree;
} trace_profile;

typedef struct thread_name {
  int64_t pid, tid;
  pk_id name;
} thread_name;

typedef struct trace_state {
  pk_json *js;
  pk_profile *p;
  trace_profile *profiles;
  size_t n_profiles, cap_profiles;
  thread_name *threads;
  size_t n_threads, cap_threads;
  size_t anonymous_profiles;  /* CpuProfile events get a fresh key each */
  pk_trace_durations durations;
  pk_trace_samples sampled;   /* top-level samples + stackFrames (Hermes) */
  bool has_samples;
  size_t n_events;            /* events scanned so far */
  bool bare_array;            /* the trace is a bare array of events */
  bool hermes;                /* Hermes frames: decided by the first event's args */
} trace_state;

enum { HERMES_KEYS = 8 }; /* line column name category url params allocatedCategory allocatedName */

/* What one event says, gathered before its parts are filed. */
typedef struct event {
  char name[32];
  char id[48];
  int64_t pid, tid;
  pk_id thread_name;
  pk_v8_tree pending;
  bool has_profile_data;
  /* duration events */
  char ph;
  bool has_ts, has_args;
  double ts, dur, tdur;
  bool has_dur, has_tdur;
  pk_id full_name;           /* interned name (any length) */
  size_t args_start, args_end;
  unsigned hermes_keys;      /* bit per Hermes argument present */
  pk_id url;                 /* Hermes args */
  int64_t line, column;
} event;

static const char *const hermes_args[HERMES_KEYS] = {"line", "column", "name", "category", "url", "params",
                                                     "allocatedCategory", "allocatedName"};

bool pk_trace_events_probe(const char *buf, size_t len) {
  pk_v8_sniff s = pk_v8_sniff_json(buf, len);
  return (s.object && s.trace_events) || (s.array && s.ph);
}

static void copy_token(pk_json *js, char *dst, size_t cap) {
  size_t n;
  const char *s;
  char num[48];
  if (js->tok == PK_JSON_STRING) {
    s = pk_json_str(js, &n);
    if (!s) n = 0;
  } else {
    n = js->tok_end - js->tok_start;
    if (n >= sizeof num) n = sizeof num - 1;
    memcpy(num, js->buf + js->tok_start, n);
    s = num;
  }
  if (n >= cap) n = cap - 1;
  memcpy(dst, s, n);
  dst[n] = 0;
}

/* args.data of a profile event */
static int scan_data(trace_state *st, event *ev) {
  pk_json *js = st->js;
  pk_json_tok tk = pk_json_next(js);
  if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_skip(js); /* other events' data */
  int rc = 0;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "cpuProfile")) {
      ev->has_profile_data = true;
      if (!(rc = pk_json_expect(js, PK_JSON_OBJECT, "a cpuProfile object")))
        rc = pk_cpuprofile_scan_object(js, st->p, &ev->pending, NULL);
    } else if (pk_json_is(js, "timeDeltas")) {
      ev->has_profile_data = true;
      rc = pk_json_int_array(js, (void **)&ev->pending.times, sizeof *ev->pending.times, &ev->pending.n_times,
                             &ev->pending.cap_times);
    } else if (pk_json_is(js, "startTime")) {
      if (pk_json_next(js) == PK_JSON_NUMBER && !(rc = pk_json_int64(js, &ev->pending.start_time)))
        ev->pending.have_start = true;
      else if (!rc)
        rc = pk_json_skip(js);
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  return rc;
}

/* url, line and column of a Hermes frame */
static int scan_hermes_arg(trace_state *st, event *ev, int key) {
  pk_json *js = st->js;
  pk_json_tok tk = pk_json_next(js);
  if (tk == PK_JSON_ERROR) return js->status;
  if (key == 4 && tk == PK_JSON_STRING) {
    size_t n;
    const char *s = pk_json_str(js, &n);
    ev->url = s ? pk_profile_intern(st->p, s, n) : PK_NONE;
    return ev->url == PK_NONE ? pk_json_fail(js, PK_ENOMEM, "out of memory") : 0;
  }
  if (key <= 1 && tk == PK_JSON_NUMBER) {
    double v;
    int rc = pk_json_double(js, &v);
    if (!rc) *(key == 0 ? &ev->line : &ev->column) = v > 0 && v < 2147483647.0 ? (int64_t)v : 0;
    return rc;
  }
  return pk_json_skip(js);
}

static int scan_args(trace_state *st, event *ev) {
  pk_json *js = st->js;
  pk_json_tok tk = pk_json_next(js);
  if (tk == PK_JSON_NULL) return 0;
  ev->has_args = true;
  ev->args_start = js->tok_start;
  if (tk != PK_JSON_OBJECT) {
    int rc = js->status ? js->status : pk_json_skip(js);
    ev->args_end = js->pos;
    return rc;
  }
  int rc = 0;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    int hermes_key = -1;
    if (st->n_events == 0 || st->hermes)
      for (int k = 0; k < HERMES_KEYS; k++)
        if (pk_json_is(js, hermes_args[k])) hermes_key = k;
    if (hermes_key >= 0) ev->hermes_keys |= 1u << hermes_key;
    if (hermes_key == 0 || hermes_key == 1 || hermes_key == 4) {
      rc = scan_hermes_arg(st, ev, hermes_key);
    } else if (pk_json_is(js, "data")) {
      rc = scan_data(st, ev);
    } else if (pk_json_is(js, "name")) {
      if (pk_json_next(js) == PK_JSON_STRING) {
        size_t n;
        const char *s = pk_json_str(js, &n);
        ev->thread_name = s ? pk_profile_intern(st->p, s, n) : PK_NONE;
      } else {
        rc = js->status ? js->status : pk_json_skip(js);
      }
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  ev->args_end = js->pos;
  return rc;
}

static trace_profile *find_profile(trace_state *st, int64_t pid, int64_t tid, const char *id) {
  for (size_t i = 0; i < st->n_profiles; i++) {
    trace_profile *tp = &st->profiles[i];
    if (tp->pid == pid && strcmp(tp->id, id) == 0) return tp;
  }
  if (pk_grow((void **)&st->profiles, &st->cap_profiles, st->n_profiles + 1, sizeof *st->profiles)) return NULL;
  trace_profile *tp = &st->profiles[st->n_profiles++];
  memset(tp, 0, sizeof *tp);
  tp->pid = pid;
  tp->tid = tid;
  snprintf(tp->id, sizeof tp->id, "%s", id);
  return tp;
}

/* Appends src's records to dst, shifting record indices. */
static int append_tree(pk_v8_tree *dst, pk_v8_tree *src) {
  uint32_t base = (uint32_t)dst->n_nodes;
  if (pk_grow((void **)&dst->nodes, &dst->cap_nodes, dst->n_nodes + src->n_nodes, sizeof *dst->nodes) ||
      pk_grow((void **)&dst->edges, &dst->cap_edges, dst->n_edges + src->n_edges, sizeof *dst->edges) ||
      pk_grow((void **)&dst->samples, &dst->cap_samples, dst->n_samples + src->n_samples, sizeof *dst->samples) ||
      pk_grow((void **)&dst->times, &dst->cap_times, dst->n_times + src->n_times, sizeof *dst->times))
    return PK_ENOMEM;
  for (size_t i = 0; i < src->n_nodes; i++) {
    pk_v8_node n = src->nodes[i];
    if (n.parent != UINT32_MAX) n.parent += base;
    dst->nodes[dst->n_nodes++] = n;
  }
  for (size_t i = 0; i < src->n_edges; i++) {
    pk_v8_edge e = src->edges[i];
    e.parent += base;
    dst->edges[dst->n_edges++] = e;
  }
  if (dst->n_samples == 0) dst->samples_offset = src->samples_offset;
  if (src->n_samples) memcpy(dst->samples + dst->n_samples, src->samples, src->n_samples * sizeof *src->samples);
  dst->n_samples += src->n_samples;
  if (src->n_times) memcpy(dst->times + dst->n_times, src->times, src->n_times * sizeof *src->times);
  dst->n_times += src->n_times;
  if (src->have_start && !dst->have_start) {
    dst->start_time = src->start_time;
    dst->have_start = true;
  }
  if (src->have_end) {
    dst->end_time = src->end_time;
    dst->have_end = true;
  }
  return 0;
}

/* microseconds (any fraction) to int64 nanoseconds */
static int to_ns(pk_json *js, double us, int64_t *out) {
  if (!(us > -9e12 && us < 9e12)) return pk_json_fail(js, PK_EPARSE, "event time %g us is out of range", us);
  double ns = us * 1000.0;
  *out = (int64_t)(ns < 0 ? ns - 0.5 : ns + 0.5);
  return 0;
}

/* The event's identity: speedscope's frame key. */
static int duration_frame(trace_state *st, const event *ev, pk_id *frame) {
  pk_profile *p = st->p;
  const char *name = ev->full_name != PK_NONE ? pk_profile_string(p, ev->full_name, NULL) : "";
  if (!*name) name = "(unnamed)";
  if (st->hermes) {
    pk_frame f = {0};
    f.name = pk_profile_intern_cstr(p, name);
    f.file = ev->url == PK_NONE ? 0 : ev->url;
    f.line = (int32_t)ev->line;
    f.column = (int32_t)ev->column;
    *frame = f.name == PK_NONE ? PK_NONE : pk_profile_frame(p, &f);
    return *frame == PK_NONE ? PK_ENOMEM : 0;
  }
  if (!ev->has_args) {
    *frame = pk_profile_frame_named(p, name, strlen(name), PK_FRAME_PLAIN);
    return *frame == PK_NONE ? PK_ENOMEM : 0;
  }
  size_t n, name_len = strlen(name);
  char *args = pk_trace_json_compact(st->js->buf, ev->args_start, ev->args_end, &n);
  char *key = args ? malloc(name_len + 1 + n + 1) : NULL;
  if (key) {
    memcpy(key, name, name_len);
    key[name_len] = ' ';
    memcpy(key + name_len + 1, args, n + 1);
    *frame = pk_profile_frame_named(p, key, name_len + 1 + n, PK_FRAME_PLAIN);
  }
  free(args);
  free(key);
  return key && *frame != PK_NONE ? 0 : PK_ENOMEM;
}

static int file_duration(trace_state *st, event *ev) {
  pk_trace_duration d = {0};
  int rc;
  if (!ev->has_ts) return 0; /* speedscope refuses such a trace; one event less is kinder */
  if ((rc = to_ns(st->js, ev->ts, &d.ts))) return rc;
  double dur = ev->has_dur ? ev->dur : ev->has_tdur ? ev->tdur : 0;
  if (ev->ph == 'X' && (rc = to_ns(st->js, dur > 0 ? dur : 0, &d.dur))) return rc;
  d.pid = ev->pid;
  d.tid = ev->tid;
  d.ph = ev->ph;
  d.name = ev->full_name;
  if ((rc = duration_frame(st, ev, &d.frame))) return rc;
  return pk_trace_durations_add(&st->durations, &d);
}

static int file_event(trace_state *st, event *ev) {
  if (ev->ph == 'B' || ev->ph == 'E' || ev->ph == 'X') return file_duration(st, ev);
  if (ev->ph == 'M' && ev->thread_name != PK_NONE &&
      (strcmp(ev->name, "thread_name") == 0 || strcmp(ev->name, "process_name") == 0)) {
    bool thread = strcmp(ev->name, "thread_name") == 0;
    if (pk_trace_durations_name(&st->durations, thread, ev->pid, ev->tid, ev->thread_name)) return PK_ENOMEM;
  }
  if (strcmp(ev->name, "thread_name") == 0 && ev->thread_name != PK_NONE) {
    if (pk_grow((void **)&st->threads, &st->cap_threads, st->n_threads + 1, sizeof *st->threads)) return PK_ENOMEM;
    st->threads[st->n_threads++] = (thread_name){ev->pid, ev->tid, ev->thread_name};
    return 0;
  }
  bool profile = strcmp(ev->name, "Profile") == 0, chunk = strcmp(ev->name, "ProfileChunk") == 0;
  bool whole = strcmp(ev->name, "CpuProfile") == 0;
  if (!profile && !chunk && !whole) return 0;
  if (whole) snprintf(ev->id, sizeof ev->id, "#cpuprofile%zu", st->anonymous_profiles++);
  trace_profile *tp = find_profile(st, ev->pid, ev->tid, ev->id);
  if (!tp) return PK_ENOMEM;
  if (profile || whole) tp->tid = ev->tid; /* the sampled thread; chunks come from the profiler's */
  return append_tree(&tp->tree, &ev->pending);
}

static int intern_token(pk_json *js, pk_profile *p, pk_id *out) {
  size_t n;
  const char *s;
  if (js->tok == PK_JSON_STRING) {
    s = pk_json_str(js, &n);
  } else {
    s = js->buf + js->tok_start;
    n = js->tok_end - js->tok_start;
  }
  *out = s ? pk_profile_intern(p, s, n) : PK_NONE;
  return *out == PK_NONE ? pk_json_fail(js, PK_ENOMEM, "out of memory") : 0;
}

static int scan_event(trace_state *st) {
  pk_json *js = st->js;
  event ev;
  memset(&ev, 0, sizeof ev);
  ev.thread_name = PK_NONE;
  ev.full_name = ev.url = PK_NONE;
  int rc = 0;
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "args")) {
      rc = scan_args(st, &ev);
    } else if (pk_json_is(js, "name") || pk_json_is(js, "id")) {
      bool is_name = pk_json_is(js, "name");
      tk = pk_json_next(js);
      if (tk == PK_JSON_STRING || tk == PK_JSON_NUMBER) {
        copy_token(js, is_name ? ev.name : ev.id, is_name ? sizeof ev.name : sizeof ev.id);
        if (is_name) rc = intern_token(js, st->p, &ev.full_name);
      } else {
        rc = js->status ? js->status : pk_json_skip(js);
      }
    } else if (pk_json_is(js, "pid") || pk_json_is(js, "tid")) {
      int64_t *dst = pk_json_is(js, "pid") ? &ev.pid : &ev.tid;
      double v;
      rc = pk_json_number_like(js, &v);
      if (rc == 1) rc = 0;
      else if (!rc) *dst = v > -9.2e18 && v < 9.2e18 ? (int64_t)v : 0;
    } else if (pk_json_is(js, "ph")) {
      tk = pk_json_next(js);
      if (tk == PK_JSON_STRING) {
        size_t n;
        const char *s = pk_json_str(js, &n);
        ev.ph = s && n == 1 ? s[0] : '?';
      } else {
        rc = js->status ? js->status : pk_json_skip(js);
      }
    } else if (pk_json_is(js, "ts") || pk_json_is(js, "dur") || pk_json_is(js, "tdur")) {
      bool *has = pk_json_is(js, "ts") ? &ev.has_ts : pk_json_is(js, "dur") ? &ev.has_dur : &ev.has_tdur;
      double *dst = pk_json_is(js, "ts") ? &ev.ts : pk_json_is(js, "dur") ? &ev.dur : &ev.tdur;
      rc = pk_json_number_like(js, dst);
      if (rc == 1) rc = 0;
      else if (!rc) *has = true;
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  if (!rc && st->n_events == 0) st->hermes = st->bare_array && ev.hermes_keys == (1u << HERMES_KEYS) - 1;
  if (!rc && (rc = file_event(st, &ev)) == PK_ENOMEM) rc = pk_json_fail(js, PK_ENOMEM, "out of memory");
  st->n_events++;
  pk_v8_tree_free(&ev.pending);
  return rc;
}

static int scan_events(trace_state *st) {
  pk_json *js = st->js;
  for (;;) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk == PK_JSON_ERROR) return js->status;
    int rc = tk == PK_JSON_OBJECT ? scan_event(st) : pk_json_skip(js);
    if (rc) return rc;
  }
}

static pk_id thread_frame(trace_state *st, const trace_profile *tp) {
  char label[160];
  const char *name = NULL;
  for (size_t i = 0; i < st->n_threads; i++)
    if (st->threads[i].pid == tp->pid && st->threads[i].tid == tp->tid)
      name = pk_profile_string(st->p, st->threads[i].name, NULL);
  if (name)
    snprintf(label, sizeof label, "%.100s (pid %lld tid %lld)", name, (long long)tp->pid, (long long)tp->tid);
  else
    snprintf(label, sizeof label, "pid %lld tid %lld", (long long)tp->pid, (long long)tp->tid);
  return pk_profile_frame_named(st->p, label, strlen(label), PK_FRAME_PLAIN);
}

static const char *process_name(const trace_state *st, int64_t pid) {
  const char *found = NULL;
  for (size_t i = 0; i < st->durations.n_processes; i++)
    if (st->durations.processes[i].pid == pid) found = pk_profile_string(st->p, st->durations.processes[i].name, NULL);
  return found;
}

static const char *thread_name_of(const trace_state *st, int64_t pid, int64_t tid) {
  const char *found = NULL;
  for (size_t i = 0; i < st->n_threads; i++)
    if (st->threads[i].pid == pid && st->threads[i].tid == tid) found = pk_profile_string(st->p, st->threads[i].name, NULL);
  return found;
}

static bool keep_profile(const trace_state *st, const pk_thread_select *select, const trace_profile *tp) {
  return tp->tree.n_nodes &&
         pk_thread_select_keep(select, process_name(st, tp->pid), tp->pid, thread_name_of(st, tp->pid, tp->tid), tp->tid);
}

static int build(trace_state *st, const pk_read_options *opts, const char *path, pk_error *err) {
  pk_thread_select select;
  int rc = pk_thread_select_init(&select, opts, path, err);
  if (rc) return rc;
  size_t used = 0, kept = 0;
  bool timed = false;
  for (size_t i = 0; i < st->n_profiles; i++) {
    used += st->profiles[i].tree.n_nodes > 0;
    if (keep_profile(st, &select, &st->profiles[i])) {
      kept++;
      timed |= st->profiles[i].tree.n_times > 0;
    }
  }
  if (st->has_samples && st->sampled.have_frames) { /* speedscope reads these first */
    pk_profile_meta_of(st->p)->format = pk_profile_intern_cstr(st->p, "trace-events");
    rc = pk_trace_samples_build(&st->sampled, &st->durations, st->p, &select, path, err);
    pk_thread_select_free(&select);
    return rc;
  }
  if (used == 0 && st->durations.n_events) {
    pk_profile_meta_of(st->p)->format = pk_profile_intern_cstr(st->p, "trace-events");
    rc = pk_trace_durations_build(&st->durations, st->p, &select, path, err);
    pk_thread_select_free(&select);
    return rc;
  }
  if (used == 0)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "trace has no CPU profile (no Profile/ProfileChunk/CpuProfile events with nodes) "
                      "and no duration events (B/E/X)");
  else if (kept == 0)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "no thread of the trace matches --thread/--process");
  else if (pk_profile_add_sample_type(st->p, "samples", "count") < 0 ||
           (timed && pk_profile_add_sample_type(st->p, "wall", "microseconds") < 0))
    rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (!rc) pk_profile_meta_of(st->p)->format = pk_profile_intern_cstr(st->p, "trace-events");
  for (size_t i = 0; i < st->n_profiles && !rc; i++) {
    trace_profile *tp = &st->profiles[i];
    if (!keep_profile(st, &select, tp)) continue;
    pk_id under = PK_ROOT;
    tp->tree.lenient = true;
    if (kept > 1 && !select.merge) {
      pk_id f = thread_frame(st, tp);
      under = f == PK_NONE ? PK_NONE : pk_profile_child(st->p, PK_ROOT, f);
      if (under == PK_NONE) rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    }
    if (!rc) rc = pk_v8_tree_build(&tp->tree, st->p, PK_V8_CPU, under, opts, path, err);
  }
  pk_thread_select_free(&select);
  return rc;
}

/* A bare array of events that the writer did not close (the format allows
 * it): a copy of the buffer, closed, or NULL when none is needed. */
static char *closed_copy(const char *buf, size_t len, size_t *out_len) {
  size_t i = 0, e = len;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')) i++;
  if (i >= len || buf[i] != '[') return NULL;
  while (e > i && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\n' || buf[e - 1] == '\r')) e--;
  if (e > i && buf[e - 1] == ']') return NULL;
  if (e > i && buf[e - 1] == ',') e--;
  char *copy = malloc(e + 2);
  if (!copy) return NULL;
  memcpy(copy, buf, e);
  copy[e] = ']';
  copy[e + 1] = 0;
  *out_len = e + 1;
  return copy;
}

int pk_trace_events_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                          const pk_read_options *opts, pk_error *err) {
  pk_json js;
  trace_state st = {0};
  st.js = &js;
  st.p = p;
  size_t closed_len = 0;
  char *closed = closed_copy(buf, len, &closed_len);
  if (closed) {
    buf = closed;
    len = closed_len;
  }
  pk_json_init(&js, buf, len, path, err);
  pk_json_tok tk = pk_json_next(&js);
  int rc = 0;
  if (tk == PK_JSON_ARRAY) {
    st.bare_array = true;
    rc = scan_events(&st);
  } else if (tk == PK_JSON_OBJECT) {
    while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
      if (pk_json_is(&js, "traceEvents")) {
        rc = pk_json_expect(&js, PK_JSON_ARRAY, "an array of trace events");
        if (!rc) rc = scan_events(&st);
      } else if (pk_json_is(&js, "samples")) {
        rc = pk_trace_samples_scan(&js, &st.sampled);
        st.has_samples = true;
      } else if (pk_json_is(&js, "stackFrames")) {
        rc = pk_trace_frames_scan(&js, p, &st.sampled);
      } else {
        rc = pk_json_skip_value(&js);
      }
    }
    if (!rc && tk != PK_JSON_OBJECT_END) rc = js.status;
  } else {
    rc = js.status ? js.status : pk_json_fail(&js, PK_EPARSE, "expected a trace (object or array)");
  }
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  if (!rc) rc = build(&st, opts, path, err);
  for (size_t i = 0; i < st.n_profiles; i++) pk_v8_tree_free(&st.profiles[i].tree);
  free(st.profiles);
  free(st.threads);
  pk_trace_durations_free(&st.durations);
  pk_trace_samples_free(&st.sampled);
  pk_json_fini(&js);
  free(closed);
  return rc;
}
