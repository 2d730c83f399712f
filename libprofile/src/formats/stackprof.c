/*
 * stackprof.c - reader for Ruby stackprof JSON (`StackProf.run(raw: true)`,
 * `stackprof --json`).
 *
 * The file holds `frames` ({id: {name, file, line}}), `mode` (cpu, wall or
 * object), `interval` (microseconds) and `raw`: runs of [height, frame
 * ids root first..., count], with `raw_timestamp_deltas` giving each
 * sample's duration in wall mode.  Weights follow speedscope
 * (src/import/stackprof.ts), so its snapshots can be met: object mode
 * counts objects, cpu mode weighs count x interval, wall mode the sum of
 * the samples' timestamp deltas; a stack that is only "(garbage
 * collection)" is put on top of the previous stack; a frame without a name
 * is "(unknown)".  Times become nanoseconds.
 *
 * Keys come in any order, so the top-level keys are located first and
 * `frames`, `raw` and the deltas are then read from their offsets with
 * cursors of their own (the deltas in step with `raw`, never stored).
 * Detection: a JSON object with stackprof's `mode` and `gc_samples` keys.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/json_fields.h"
#include "formats/readers.h"

bool pk_stackprof_probe(const char *buf, size_t len) {
  size_t scan = len < 2048 ? len : 2048;
  const char *s = buf;
  while (scan && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, scan--;
  return scan && *s == '{' && memmem(s, scan, "\"gc_samples\"", 12) && memmem(s, scan, "\"mode\"", 6);
}

typedef struct sp_frame {
  int64_t id;
  pk_id frame;
} sp_frame;

static int by_id(const void *a, const void *b) {
  const sp_frame *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

static int scan_frames(pk_json *js, pk_profile *p, sp_frame **out, size_t *n) {
  size_t cap = 0;
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "an object of frames");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    int64_t id;
    if ((rc = pk_json_key_int64(js, "frame id", &id))) return rc;
    pk_frame f = {0};
    if ((rc = pk_json_expect(js, PK_JSON_OBJECT, "a frame object"))) return rc;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      if (pk_json_is(js, "name") || pk_json_is(js, "file")) {
        rc = pk_json_field_string(js, p, pk_json_is(js, "name") ? &f.name : &f.file);
      } else if (pk_json_is(js, "line")) {
        double v;
        rc = pk_json_number_like(js, &v);
        if (rc == 1) rc = 0;
        else if (!rc) f.line = v > 0 && v < 2147483647.0 ? (int32_t)v : 0;
      } else {
        rc = pk_json_skip_value(js);
      }
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status;
    if (!f.name && (f.name = pk_profile_intern_cstr(p, "(unknown)")) == PK_NONE) return oom(js);
    pk_id id_in_model = pk_profile_frame(p, &f);
    if (id_in_model == PK_NONE || pk_grow((void **)out, &cap, *n + 1, sizeof **out)) return oom(js);
    (*out)[(*n)++] = (sp_frame){id, id_in_model};
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  if (*n > 1) qsort(*out, *n, sizeof **out, by_id);
  return rc;
}

static int next_int(pk_json *js, int64_t *v, const char *what) {
  pk_json_tok tk = pk_json_next(js);
  if (tk != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected %s", what);
  return pk_json_int64(js, v);
}

typedef struct sp_state {
  pk_profile *p;
  pk_json *raw, *deltas; /* deltas NULL unless wall mode */
  const sp_frame *frames;
  size_t n_frames;
  char mode; /* 'o'bject, 'c'pu, 'w'all */
  int64_t interval;
} sp_state;

static int scan_raw(sp_state *st) {
  pk_json *js = st->raw;
  pk_id *stack = NULL, *prev = NULL, *joined = NULL;
  size_t cap = 0, cap_prev = 0, cap_joined = 0, n_prev = 0;
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "the raw array");
  if (!rc && st->deltas) rc = pk_json_expect(st->deltas, PK_JSON_ARRAY, "the raw_timestamp_deltas array");
  pk_id gc = pk_profile_intern_cstr(st->p, "(garbage collection)");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) break;
    if (tk != PK_JSON_NUMBER) {
      rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a stack height");
      break;
    }
    int64_t height, count;
    if ((rc = pk_json_int64(js, &height))) break;
    if (height < 0 || height > 1 << 20) {
      rc = pk_json_fail(js, PK_EPARSE, "stack height %lld out of range", (long long)height);
      break;
    }
    if (pk_grow((void **)&stack, &cap, (size_t)height + 1, sizeof *stack)) {
      rc = oom(js);
      break;
    }
    for (int64_t k = 0; k < height && !rc; k++) {
      int64_t id;
      if ((rc = next_int(js, &id, "a frame id"))) break;
      sp_frame key = {id, 0};
      const sp_frame *f = !st->n_frames ? NULL : bsearch(&key, st->frames, st->n_frames, sizeof *st->frames, by_id);
      if (!f) rc = pk_json_fail(js, PK_EPARSE, "frame %lld is not in frames", (long long)id);
      else stack[k] = f->frame;
    }
    if (rc || (rc = next_int(js, &count, "a sample count"))) break;
    if (count < 0) {
      rc = pk_json_fail(js, PK_EPARSE, "negative sample count");
      break;
    }
    const pk_id *frames = stack;
    size_t depth = (size_t)height;
    if (height == 1 && pk_profile_get_frame(st->p, stack[0])->name == gc) { /* GC on top of the last stack */
      if (pk_grow((void **)&joined, &cap_joined, n_prev + 1, sizeof *joined)) {
        rc = oom(js);
        break;
      }
      if (n_prev) memcpy(joined, prev, n_prev * sizeof *prev);
      joined[n_prev] = stack[0];
      frames = joined;
      depth = n_prev + 1;
    }
    int64_t w = 0;
    if (st->mode == 'o') {
      w = count;
    } else if (st->mode == 'c') {
      if (__builtin_mul_overflow(count, st->interval, &w) || __builtin_mul_overflow(w, (int64_t)1000, &w))
        rc = pk_json_fail(js, PK_ELIMIT, "sample weight overflows");
    } else {
      double sum = 0, d;
      for (int64_t k = 0; k < count && !rc; k++) {
        if (pk_json_next(st->deltas) != PK_JSON_NUMBER)
          rc = st->deltas->status ? st->deltas->status
                                  : pk_json_fail(st->deltas, PK_EPARSE, "raw_timestamp_deltas has fewer samples than raw");
        else if (!(rc = pk_json_double(st->deltas, &d)))
          sum += d;
      }
      if (!rc && !(sum >= 0 && sum < 9e15)) rc = pk_json_fail(js, PK_EPARSE, "sample duration out of range");
      if (!rc) w = (int64_t)(sum * 1000.0 + 0.5);
    }
    if (!rc && w > 0 && pk_profile_add_stack(st->p, frames, depth, &w, NULL))
      rc = pk_json_fail(js, PK_ELIMIT, "weights overflow 2^63-1");
    if (!rc) { /* this stack is the previous one for the next GC sample */
      if (pk_grow((void **)&prev, &cap_prev, depth + 1, sizeof *prev)) {
        rc = oom(js);
        break;
      }
      memcpy(prev, frames, depth * sizeof *frames);
      n_prev = depth;
    }
  }
  free(stack);
  free(prev);
  free(joined);
  return rc;
}

int pk_stackprof_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                       pk_error *err) {
  (void)opts;
  pk_json js;
  size_t frames_at = SIZE_MAX, raw_at = SIZE_MAX, deltas_at = SIZE_MAX;
  sp_state st = {p, NULL, NULL, NULL, 0, 'w', 1000};
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a stackprof profile (a JSON object)");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (pk_json_is(&js, "mode")) {
      if ((tk = pk_json_next(&js)) == PK_JSON_STRING) {
        st.mode = pk_json_is(&js, "object") ? 'o' : pk_json_is(&js, "cpu") ? 'c' : 'w';
      } else {
        rc = js.status ? js.status : pk_json_skip(&js);
      }
      continue;
    }
    if (pk_json_is(&js, "interval")) {
      double v;
      rc = pk_json_number_like(&js, &v);
      if (rc == 1) rc = 0;
      else if (!rc) st.interval = v >= 0 && v < 9e12 ? (int64_t)v : 0;
      continue;
    }
    if (pk_json_is(&js, "frames")) frames_at = js.pos;
    else if (pk_json_is(&js, "raw")) raw_at = js.pos;
    else if (pk_json_is(&js, "raw_timestamp_deltas")) deltas_at = js.pos;
    rc = pk_json_skip_value(&js);
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  pk_json_fini(&js);
  if (!rc && (frames_at == SIZE_MAX || raw_at == SIZE_MAX || (st.mode == 'w' && deltas_at == SIZE_MAX)))
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "stackprof profile without %s (record with raw: true)",
                      frames_at == SIZE_MAX ? "frames" : raw_at == SIZE_MAX ? "raw" : "raw_timestamp_deltas");
  sp_frame *frames = NULL;
  if (!rc) {
    pk_json_init_at(&js, buf, len, frames_at, path, err);
    rc = scan_frames(&js, p, &frames, &st.n_frames);
    pk_json_fini(&js);
  }
  if (!rc && pk_profile_add_sample_type(p, st.mode == 'o' ? "objects" : "wall", st.mode == 'o' ? "count" : "nanoseconds") < 0)
    rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (!rc) {
    pk_json deltas;
    st.frames = frames;
    st.raw = &js;
    pk_json_init_at(&js, buf, len, raw_at, path, err);
    if (st.mode == 'w') {
      pk_json_init_at(&deltas, buf, len, deltas_at, path, err);
      st.deltas = &deltas;
    }
    rc = scan_raw(&st);
    if (st.deltas) pk_json_fini(&deltas);
    pk_json_fini(&js);
  }
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "stackprof");
  free(frames);
  return rc;
}
