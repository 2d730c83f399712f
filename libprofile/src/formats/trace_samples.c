/*
 * trace_samples.c - the sampled variant of JSON traces: a top-level
 * `samples` array ({pid, tid, ts, sf}) whose `sf` names an entry of the
 * `stackFrames` object ({name, category, parent}), as Hermes and Android
 * systrace exports write them.  speedscope reads such a trace from its
 * samples alone, and so do we (src/import/trace-event.ts, same rules):
 *
 * - samples are split by (pid, tid), threads in (pid, tid) order, each
 *   thread's samples in file order;
 * - a sample weighs the time to the thread's next sample (the last one
 *   weighs 0); a negative gap counts as 0;
 * - its stack is the chain of `parent`s from `sf`, which ends at a frame
 *   without parent or at id 0;
 * - a frame is its name, told apart by its category.
 *
 * Threads are chosen and named like duration events (trace_durations.c).
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/json_fields.h"
#include "formats/trace_samples.h"

void pk_trace_samples_free(pk_trace_samples *s) {
  free(s->samples);
  free(s->frames);
  memset(s, 0, sizeof *s);
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

int pk_trace_samples_scan(pk_json *js, pk_trace_samples *s) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of samples");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a sample object");
    pk_trace_sample smp = {0, 0, 0, -1, (uint32_t)s->n_samples};
    double v;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      int which = pk_json_is(js, "pid") ? 0 : pk_json_is(js, "tid") ? 1 : pk_json_is(js, "ts") ? 2 : pk_json_is(js, "sf") ? 3 : -1;
      if (which < 0) {
        rc = pk_json_skip_value(js);
        continue;
      }
      rc = pk_json_number_like(js, &v);
      if (rc == 1) {
        rc = 0;
        continue;
      }
      if (rc) break;
      if (!(v > -9e12 && v < 9e12)) return pk_json_fail(js, PK_EPARSE, "sample field out of range");
      if (which == 0) smp.pid = (int64_t)v;
      else if (which == 1) smp.tid = (int64_t)v;
      else if (which == 2) smp.ts = (int64_t)(v * 1000.0 + (v < 0 ? -0.5 : 0.5)); /* us -> ns */
      else smp.sf = (int64_t)v;
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status;
    if (PK_GROW(s->samples, s->cap_samples, s->n_samples + 1)) return oom(js);
    s->samples[s->n_samples++] = smp;
  }
  return rc;
}

int pk_trace_frames_scan(pk_json *js, pk_profile *p, pk_trace_samples *s) {
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "an object of stack frames");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    int64_t id;
    if ((rc = pk_json_key_int64(js, "stack frame id", &id))) return rc;
    pk_trace_stack_frame fr = {id, -1, 0, 0};
    if ((rc = pk_json_expect(js, PK_JSON_OBJECT, "a stack frame object"))) return rc;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      if (pk_json_is(js, "name") || pk_json_is(js, "category")) {
        rc = pk_json_field_string(js, p, pk_json_is(js, "name") ? &fr.name : &fr.category);
      } else if (pk_json_is(js, "parent")) {
        double v;
        rc = pk_json_number_like(js, &v);
        if (rc == 1) rc = 0;
        else if (!rc) fr.parent = v > -9e18 && v < 9e18 ? (int64_t)v : 0;
      } else {
        rc = pk_json_skip_value(js);
      }
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status;
    if (PK_GROW(s->frames, s->cap_frames, s->n_frames + 1)) return oom(js);
    s->frames[s->n_frames++] = fr;
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  s->have_frames = !rc;
  return rc;
}

static int by_id(const void *a, const void *b) {
  const pk_trace_stack_frame *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int by_thread(const void *a, const void *b) {
  const pk_trace_sample *x = a, *y = b;
  if (x->pid != y->pid) return x->pid < y->pid ? -1 : 1;
  if (x->tid != y->tid) return x->tid < y->tid ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static const pk_trace_stack_frame *find(const pk_trace_samples *s, int64_t id) {
  pk_trace_stack_frame key = {id, 0, 0, 0};
  return !s->n_frames ? NULL : bsearch(&key, s->frames, s->n_frames, sizeof *s->frames, by_id);
}

/* The stack of sf, root first, into *stack; PK_EPARSE for an unknown frame
 * or a parent chain longer than the table (a cycle). */
static int stack_of(const pk_trace_samples *s, pk_profile *p, int64_t sf, pk_id **stack, size_t *n, size_t *cap) {
  *n = 0;
  for (int64_t id = sf; id != 0 && id != -1;) {
    const pk_trace_stack_frame *fr = find(s, id);
    if (!fr || *n >= s->n_frames) return PK_EPARSE;
    pk_frame f = {0};
    f.name = fr->name == 0 ? pk_profile_intern_cstr(p, "(unnamed)") : fr->name;
    f.module = fr->category;
    pk_id frame = pk_profile_frame(p, &f);
    if (frame == PK_NONE || pk_grow((void **)stack, cap, *n + 1, sizeof **stack)) return PK_ENOMEM;
    (*stack)[(*n)++] = frame;
    id = fr->parent;
  }
  for (size_t a = 0, b = *n ? *n - 1 : 0; a < b; a++, b--) {
    pk_id t = (*stack)[a];
    (*stack)[a] = (*stack)[b];
    (*stack)[b] = t;
  }
  return 0;
}

int pk_trace_samples_build(pk_trace_samples *s, const pk_trace_durations *names, pk_profile *p,
                           const pk_thread_select *select, const char *path, pk_error *err) {
  if (pk_profile_add_sample_type(p, "wall", "nanoseconds") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (s->n_frames > 1) qsort(s->frames, s->n_frames, sizeof *s->frames, by_id);
  if (s->n_samples > 1) qsort(s->samples, s->n_samples, sizeof *s->samples, by_thread);
  size_t threads = 0;
  for (size_t i = 0; i < s->n_samples; i++)
    if (i == 0 || s->samples[i].pid != s->samples[i - 1].pid || s->samples[i].tid != s->samples[i - 1].tid)
      threads += pk_trace_keep_thread(names, p, select, s->samples[i].pid, s->samples[i].tid);
  if (threads == 0)
    return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                        s->n_samples ? "no thread of the trace matches --thread/--process" : "trace has no samples");
  pk_id *stack = NULL, *with_base = NULL;
  size_t n = 0, cap = 0, cap_base = 0;
  int rc = 0;
  for (size_t a = 0; a < s->n_samples && !rc;) {
    size_t b = a + 1;
    while (b < s->n_samples && s->samples[b].pid == s->samples[a].pid && s->samples[b].tid == s->samples[a].tid) b++;
    if (!pk_trace_keep_thread(names, p, select, s->samples[a].pid, s->samples[a].tid)) {
      a = b;
      continue;
    }
    pk_id base = PK_NONE;
    if (threads > 1 && !select->merge && (base = pk_trace_thread_frame(names, p, s->samples[a].pid, s->samples[a].tid)) == PK_NONE)
      rc = PK_ENOMEM;
    for (size_t i = a; i < b && !rc; i++) {
      int64_t w = i + 1 < b ? s->samples[i + 1].ts - s->samples[i].ts : 0;
      if (w <= 0) continue;
      if ((rc = stack_of(s, p, s->samples[i].sf, &stack, &n, &cap))) break;
      const pk_id *frames = stack;
      size_t depth = n;
      if (base != PK_NONE) {
        if (pk_grow((void **)&with_base, &cap_base, n + 1, sizeof *with_base)) {
          rc = PK_ENOMEM;
          break;
        }
        with_base[0] = base;
        if (n) memcpy(with_base + 1, stack, n * sizeof *stack);
        frames = with_base;
        depth = n + 1;
      }
      rc = pk_profile_add_stack(p, frames, depth, &w, NULL);
    }
    a = b;
  }
  free(stack);
  free(with_base);
  if (rc == PK_EPARSE)
    return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION,
                        "a sample's stack names a frame missing from stackFrames (or a cycle of parents)");
  if (rc == PK_ELIMIT) return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "sample weights overflow 2^63-1");
  if (rc) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  return 0;
}
