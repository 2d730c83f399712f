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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/readers.h"
#include "formats/v8_nodes.h"

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
} trace_state;

/* What one event says, gathered before its parts are filed. */
typedef struct event {
  char name[32];
  char id[48];
  int64_t pid, tid;
  pk_id thread_name;
  pk_v8_tree pending;
  bool has_profile_data;
} event;

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
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "an object");
  pk_json_tok tk;
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

static int scan_args(trace_state *st, event *ev) {
  pk_json *js = st->js;
  pk_json_tok tk = pk_json_next(js);
  if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_skip(js);
  int rc = 0;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "data")) {
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

static int file_event(trace_state *st, event *ev) {
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

static int scan_event(trace_state *st) {
  pk_json *js = st->js;
  event ev;
  memset(&ev, 0, sizeof ev);
  ev.thread_name = PK_NONE;
  int rc = 0;
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "args")) {
      rc = scan_args(st, &ev);
    } else if (pk_json_is(js, "name") || pk_json_is(js, "id")) {
      bool is_name = pk_json_is(js, "name");
      tk = pk_json_next(js);
      if (tk == PK_JSON_STRING || tk == PK_JSON_NUMBER)
        copy_token(js, is_name ? ev.name : ev.id, is_name ? sizeof ev.name : sizeof ev.id);
      else
        rc = js->status ? js->status : pk_json_skip(js);
    } else if (pk_json_is(js, "pid") || pk_json_is(js, "tid")) {
      int64_t *dst = pk_json_is(js, "pid") ? &ev.pid : &ev.tid;
      tk = pk_json_next(js);
      if (tk == PK_JSON_NUMBER) rc = pk_json_int64(js, dst);
      else rc = js->status ? js->status : pk_json_skip(js);
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  if (!rc && (rc = file_event(st, &ev)) == PK_ENOMEM) rc = pk_json_fail(js, PK_ENOMEM, "out of memory");
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

static int build(trace_state *st, const pk_read_options *opts, const char *path, pk_error *err) {
  size_t used = 0;
  bool timed = false;
  for (size_t i = 0; i < st->n_profiles; i++) {
    if (st->profiles[i].tree.n_nodes) used++;
    timed |= st->profiles[i].tree.n_times > 0;
  }
  if (used == 0)
    return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                        "trace has no CPU profile (no Profile/ProfileChunk/CpuProfile events with nodes); "
                        "record with the JavaScript samples category enabled");
  if (pk_profile_add_sample_type(st->p, "samples", "count") < 0 ||
      (timed && pk_profile_add_sample_type(st->p, "wall", "microseconds") < 0))
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_profile_meta_of(st->p)->format = pk_profile_intern_cstr(st->p, "trace-events");
  for (size_t i = 0; i < st->n_profiles; i++) {
    trace_profile *tp = &st->profiles[i];
    if (!tp->tree.n_nodes) continue;
    pk_id under = PK_ROOT;
    tp->tree.lenient = true;
    if (used > 1) {
      pk_id f = thread_frame(st, tp);
      under = f == PK_NONE ? PK_NONE : pk_profile_child(st->p, PK_ROOT, f);
      if (under == PK_NONE) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    }
    int rc = pk_v8_tree_build(&tp->tree, st->p, PK_V8_CPU, under, opts, path, err);
    if (rc) return rc;
  }
  return 0;
}

int pk_trace_events_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                          const pk_read_options *opts, pk_error *err) {
  pk_json js;
  trace_state st = {0};
  st.js = &js;
  st.p = p;
  pk_json_init(&js, buf, len, path, err);
  pk_json_tok tk = pk_json_next(&js);
  int rc = 0;
  if (tk == PK_JSON_ARRAY) {
    rc = scan_events(&st);
  } else if (tk == PK_JSON_OBJECT) {
    while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
      if (pk_json_is(&js, "traceEvents")) {
        rc = pk_json_expect(&js, PK_JSON_ARRAY, "an array of trace events");
        if (!rc) rc = scan_events(&st);
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
  pk_json_fini(&js);
  return rc;
}
