/*
 * speedscope_read.c - reader for speedscope's own JSON file format
 * (https://www.speedscope.app/file-format-schema.json), which profkit
 * also writes (speedscope_write.c), so a file goes out and comes back.
 *
 * A file is {shared: {frames: [{name, file, line, col}]}, profiles: [...]}
 * in any key order; each profile is "sampled" (samples: stacks of frame
 * indices, root first, with weights) or "evented" (open/close events of
 * frames at increasing times).  The top-level keys are found first and
 * then the frames and the profiles are scanned from their offsets with a
 * second cursor, so a file that puts `profiles` before `shared` costs no
 * copy.  Detection is exact: the `$schema` URL.
 *
 * Weights become int64: time units are converted to nanoseconds (the
 * format's weights are often fractional milliseconds), bytes stay bytes,
 * "none" counts are rounded.  Evented profiles follow speedscope's rules:
 * the time between two events belongs to the frame on top; closing a
 * frame that is not on top, or leaving frames open at the end, is an error
 * (speedscope refuses such files too).  With several profiles, each is
 * drawn under a base frame named after it; profiles in another unit than
 * the active one (profkit writes one profile per sample type: samples and
 * wall time) are left out with a warning.  --thread REGEX matches a
 * profile's name (or its index); --merge-threads drops the base frames.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/thread_select.h"
#include "formats/json_fields.h"
#include "formats/readers.h"

#define SPEEDSCOPE_SCHEMA "https://www.speedscope.app/file-format-schema.json"

bool pk_speedscope_probe(const char *buf, size_t len) {
  size_t scan = len < 4096 ? len : 4096;
  const char *s = buf;
  while (scan && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, scan--;
  return scan && *s == '{' && memmem(s, scan, SPEEDSCOPE_SCHEMA, strlen(SPEEDSCOPE_SCHEMA)) != NULL;
}

typedef struct unit_kind {
  const char *type, *unit;
  double scale; /* to the model's unit */
} unit_kind;

static const struct {
  const char *name;
  unit_kind kind;
} units[] = {
    {"nanoseconds", {"wall", "nanoseconds", 1}},   {"microseconds", {"wall", "nanoseconds", 1e3}},
    {"milliseconds", {"wall", "nanoseconds", 1e6}}, {"seconds", {"wall", "nanoseconds", 1e9}},
    {"bytes", {"space", "bytes", 1}},               {"none", {"samples", "count", 1}},
};

typedef struct ss_event {
  double at;
  uint32_t frame;
  char type;
  size_t offset;
} ss_event;

typedef struct ss_profile {
  char type; /* 's'ampled, 'e'vented */
  pk_id name;
  int unit;  /* index into units, -1 unknown */
  uint32_t *stack_frames; /* sampled: all stacks, concatenated */
  size_t n_frames, cap_frames;
  size_t *stack_end;      /* end of stack i in stack_frames */
  size_t n_stacks, cap_stacks;
  double *weights;
  size_t n_weights, cap_weights;
  ss_event *events;
  size_t n_events, cap_events;
} ss_profile;

typedef struct ss_state {
  pk_json *js;
  pk_profile *p;
  pk_id *frames;
  size_t n_frames, cap_frames;
  const pk_read_options *opts;
  const char *path;
} ss_state;

static void profile_free(ss_profile *pr) {
  free(pr->stack_frames);
  free(pr->stack_end);
  free(pr->weights);
  free(pr->events);
  memset(pr, 0, sizeof *pr);
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

static int read_number(pk_json *js, double *out) {
  pk_json_tok tk = pk_json_next(js);
  if (tk != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a number");
  return pk_json_double(js, out);
}

static int read_index(pk_json *js, uint32_t *out) {
  double v;
  int rc = read_number(js, &v);
  if (rc) return rc;
  if (!(v >= 0 && v < 4294967295.0) || v != floor(v)) return pk_json_fail(js, PK_EPARSE, "expected a frame index");
  *out = (uint32_t)v;
  return 0;
}

/* shared.frames */
static int scan_frames(ss_state *st) {
  pk_json *js = st->js;
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of frames");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a frame object");
    pk_frame f = {0};
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      if (pk_json_is(js, "name")) {
        rc = pk_json_field_string(js, st->p, &f.name);
      } else if (pk_json_is(js, "file")) {
        rc = pk_json_field_string(js, st->p, &f.file);
      } else if (pk_json_is(js, "line") || pk_json_is(js, "col")) {
        int32_t *dst = pk_json_is(js, "line") ? &f.line : &f.column;
        double v;
        tk = pk_json_next(js);
        if (tk == PK_JSON_NUMBER && !(rc = pk_json_double(js, &v))) *dst = v > 0 && v < 2147483647.0 ? (int32_t)v : 0;
        else if (tk != PK_JSON_NUMBER) rc = js->status ? js->status : pk_json_skip(js);
      } else {
        rc = pk_json_skip_value(js);
      }
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status;
    pk_id id = pk_profile_frame(st->p, &f);
    if (id == PK_NONE || PK_GROW(st->frames, st->cap_frames, st->n_frames + 1)) return oom(js);
    st->frames[st->n_frames++] = id;
  }
  return rc;
}

static int scan_samples(pk_json *js, ss_profile *pr) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of samples");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_ARRAY) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a stack (array of frame indices)");
    for (;;) {
      tk = pk_json_next(js);
      if (tk == PK_JSON_ARRAY_END) break;
      if (tk != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a frame index");
      double v;
      if ((rc = pk_json_double(js, &v))) return rc;
      if (!(v >= 0 && v < 4294967295.0) || v != floor(v)) return pk_json_fail(js, PK_EPARSE, "expected a frame index");
      if (PK_GROW(pr->stack_frames, pr->cap_frames, pr->n_frames + 1)) return oom(js);
      pr->stack_frames[pr->n_frames++] = (uint32_t)v;
    }
    if (PK_GROW(pr->stack_end, pr->cap_stacks, pr->n_stacks + 1)) return oom(js);
    pr->stack_end[pr->n_stacks++] = pr->n_frames;
  }
  return rc;
}

static int scan_weights(pk_json *js, ss_profile *pr) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of weights");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a weight");
    if (PK_GROW(pr->weights, pr->cap_weights, pr->n_weights + 1)) return oom(js);
    rc = pk_json_double(js, &pr->weights[pr->n_weights++]);
  }
  return rc;
}

static int scan_events(pk_json *js, ss_profile *pr) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of events");
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected an event object");
    ss_event ev = {0, UINT32_MAX, 0, js->tok_start};
    bool have_at = false;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      if (pk_json_is(js, "type")) {
        tk = pk_json_next(js);
        size_t n;
        const char *s = tk == PK_JSON_STRING ? pk_json_str(js, &n) : NULL;
        if (!s || n != 1 || (s[0] != 'O' && s[0] != 'C'))
          return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected event type \"O\" or \"C\"");
        ev.type = s[0];
      } else if (pk_json_is(js, "frame")) {
        rc = read_index(js, &ev.frame);
      } else if (pk_json_is(js, "at")) {
        rc = read_number(js, &ev.at);
        have_at = true;
      } else {
        rc = pk_json_skip_value(js);
      }
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status;
    if (!ev.type || ev.frame == UINT32_MAX || !have_at)
      return pk_json_fail_at(js, ev.offset, PK_EPARSE, "event without type, frame or at");
    if (PK_GROW(pr->events, pr->cap_events, pr->n_events + 1)) return oom(js);
    pr->events[pr->n_events++] = ev;
  }
  return rc;
}

static int scan_profile(ss_state *st, ss_profile *pr) {
  pk_json *js = st->js;
  pk_json_tok tk;
  int rc = 0;
  pr->unit = -1;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "type") || pk_json_is(js, "unit")) {
      bool is_type = pk_json_is(js, "type");
      tk = pk_json_next(js);
      size_t n;
      const char *s = tk == PK_JSON_STRING ? pk_json_str(js, &n) : NULL;
      if (!s) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a string");
      if (is_type) {
        pr->type = n == 7 && memcmp(s, "sampled", 7) == 0 ? 's' : n == 7 && memcmp(s, "evented", 7) == 0 ? 'e' : '?';
      } else {
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
          if (strlen(units[u].name) == n && memcmp(units[u].name, s, n) == 0) pr->unit = (int)u;
        if (pr->unit < 0) return pk_json_fail(js, PK_EPARSE, "unknown unit (expected one of speedscope's)");
      }
    } else if (pk_json_is(js, "name")) {
      rc = pk_json_field_string(js, st->p, &pr->name);
    } else if (pk_json_is(js, "samples")) {
      rc = scan_samples(js, pr);
    } else if (pk_json_is(js, "weights")) {
      rc = scan_weights(js, pr);
    } else if (pk_json_is(js, "events")) {
      rc = scan_events(js, pr);
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  return rc;
}

static int weight_of(pk_json *js, double w, double scale, size_t offset, int64_t *out) {
  double v = w * scale;
  if (!(v >= 0 && v < 9.2e18)) return pk_json_fail_at(js, offset, PK_EPARSE, "weight %g is negative or out of range", w);
  *out = (int64_t)llround(v);
  return 0;
}

static pk_id frame_of(ss_state *st, uint32_t index, size_t offset, int *rc) {
  if (index >= st->n_frames) {
    *rc = pk_json_fail_at(st->js, offset, PK_EPARSE, "frame index %u is not in shared.frames (%zu frames)", index,
                          st->n_frames);
    return PK_NONE;
  }
  return st->frames[index];
}

static int add_sampled(ss_state *st, const ss_profile *pr, pk_id base, double scale, size_t offset) {
  if (pr->n_weights != pr->n_stacks)
    return pk_json_fail_at(st->js, offset, PK_EPARSE, "%zu samples but %zu weights", pr->n_stacks, pr->n_weights);
  int rc = 0;
  size_t start = 0;
  for (size_t i = 0; i < pr->n_stacks && !rc; i++) {
    pk_id node = base;
    for (size_t k = start; k < pr->stack_end[i] && !rc; k++) {
      pk_id f = frame_of(st, pr->stack_frames[k], offset, &rc);
      if (!rc && (node = pk_profile_child(st->p, node, f)) == PK_NONE) rc = oom(st->js);
    }
    start = pr->stack_end[i];
    int64_t v;
    if (!rc && !(rc = weight_of(st->js, pr->weights[i], scale, offset, &v)) && pk_profile_add_self(st->p, node, &v))
      rc = pk_json_fail_at(st->js, offset, PK_ELIMIT, "weights overflow 2^63-1");
  }
  return rc;
}

static int add_evented(ss_state *st, const ss_profile *pr, pk_id base, double scale) {
  pk_id *nodes = NULL;
  uint32_t *open = NULL;
  size_t depth = 0, cap_nodes = 0, cap_open = 0;
  double last = 0;
  int rc = 0;
  for (size_t i = 0; i < pr->n_events && !rc; i++) {
    const ss_event *ev = &pr->events[i];
    if (i && ev->at < last) {
      rc = pk_json_fail_at(st->js, ev->offset, PK_EPARSE, "event at %g is before the previous one (%g)", ev->at, last);
      break;
    }
    if (ev->type == 'C' && (!depth || open[depth - 1] != ev->frame)) {
      rc = pk_json_fail_at(st->js, ev->offset, PK_EPARSE, "closes frame %u while %s is on top", ev->frame,
                           depth ? "another frame" : "no frame");
      break;
    }
    int64_t v;
    if (depth && ev->at > last && !(rc = weight_of(st->js, ev->at - last, scale, ev->offset, &v)) &&
        pk_profile_add_self(st->p, nodes[depth - 1], &v))
      rc = pk_json_fail_at(st->js, ev->offset, PK_ELIMIT, "weights overflow 2^63-1");
    last = ev->at;
    if (rc) break;
    if (ev->type == 'C') {
      depth--;
      continue;
    }
    pk_id f = frame_of(st, ev->frame, ev->offset, &rc);
    if (rc) break;
    pk_id node = pk_profile_child(st->p, depth ? nodes[depth - 1] : base, f);
    if (node == PK_NONE || PK_GROW(nodes, cap_nodes, depth + 1) || PK_GROW(open, cap_open, depth + 1)) {
      rc = oom(st->js);
      break;
    }
    nodes[depth] = node;
    open[depth++] = ev->frame;
  }
  if (!rc && depth)
    rc = pk_json_fail_at(st->js, pr->events[pr->n_events - 1].offset, PK_EPARSE,
                         "%zu frames are still open at the end of the profile", depth);
  free(nodes);
  free(open);
  return rc;
}

static void warn(const ss_state *st, const char *msg) {
  if (st->opts && st->opts->warn) st->opts->warn(st->opts->warn_payload, st->path, msg);
}

/* The profiles array: every profile is scanned, then those in the unit
 * of the active one (activeProfileIndex, what speedscope opens on) are
 * added, each under a base frame naming it when there are several. */
static bool keep(const ss_state *st, const pk_thread_select *select, const ss_profile *pr, size_t index) {
  const char *name = pr->name != PK_NONE && pr->name ? pk_profile_string(st->p, pr->name, NULL) : NULL;
  return pk_thread_select_keep(select, NULL, 0, name, (int64_t)index);
}

static int scan_profiles(ss_state *st, const pk_thread_select *select, size_t active, size_t *n_added) {
  pk_json *js = st->js;
  ss_profile *list = NULL;
  size_t n = 0, cap = 0;
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of profiles");
  size_t *offsets = NULL, cap_offsets = 0;
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) break;
    if (tk != PK_JSON_OBJECT) {
      rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a profile object");
      break;
    }
    if (PK_GROW(list, cap, n + 1) || PK_GROW(offsets, cap_offsets, n + 1)) {
      rc = oom(js);
      break;
    }
    memset(&list[n], 0, sizeof list[n]);
    offsets[n] = js->tok_start;
    rc = scan_profile(st, &list[n]);
    n++;
    if (!rc && list[n - 1].type != 's' && list[n - 1].type != 'e')
      rc = pk_json_fail_at(js, offsets[n - 1], PK_EPARSE, "profile type is neither \"sampled\" nor \"evented\"");
    if (!rc && list[n - 1].unit < 0) list[n - 1].unit = 5; /* none */
  }
  size_t kept = 0;
  int kind = n ? list[active < n ? active : 0].unit : -1;
  size_t same_unit = 0;
  for (size_t i = 0; i < n && !rc; i++)
    if (strcmp(units[list[i].unit].kind.unit, units[kind].kind.unit) == 0) {
      same_unit++;
      kept += keep(st, select, &list[i], i);
    }
  if (!rc && n && !kept)
    rc = pk_error_set(js->err, PK_EPARSE, st->path, PK_NO_POSITION, PK_NO_POSITION,
                      "no profile of the file matches --thread/--process");
  if (!rc && n && pk_profile_add_sample_type(st->p, units[kind].kind.type, units[kind].kind.unit) < 0) rc = oom(js);
  for (size_t i = 0; i < n && !rc; i++) {
    ss_profile *pr = &list[i];
    if (strcmp(units[pr->unit].kind.unit, units[kind].kind.unit) != 0 || !keep(st, select, pr, i)) continue;
    pk_id base = PK_ROOT;
    if (kept > 1 && !select->merge) {
      const char *name = pr->name != PK_NONE && pr->name ? pk_profile_string(st->p, pr->name, NULL) : "";
      char label[64];
      if (!*name) snprintf(label, sizeof label, "profile %zu", i + 1), name = label;
      pk_id f = pk_profile_frame_named(st->p, name, strlen(name), PK_FRAME_PLAIN);
      base = f == PK_NONE ? PK_NONE : pk_profile_child(st->p, PK_ROOT, f);
      if (base == PK_NONE) rc = oom(js);
    }
    double scale = units[pr->unit].kind.scale;
    if (!rc) rc = pr->type == 's' ? add_sampled(st, pr, base, scale, offsets[i]) : add_evented(st, pr, base, scale);
  }
  if (!rc && same_unit < n) {
    char msg[200];
    snprintf(msg, sizeof msg, "read %zu of %zu profiles: the others are not in %s like the active one", same_unit, n,
             units[kind].kind.unit);
    warn(st, msg);
  }
  for (size_t i = 0; i < n; i++) profile_free(&list[i]);
  free(list);
  free(offsets);
  *n_added = kept;
  return rc;
}

int pk_speedscope_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                        pk_error *err) {
  pk_json js;
  ss_state st = {0};
  st.js = &js;
  st.p = p;
  st.opts = opts;
  st.path = path;
  size_t shared_at = SIZE_MAX, profiles_at = SIZE_MAX, active = 0;
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a speedscope file (a JSON object)");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (pk_json_is(&js, "activeProfileIndex")) {
      double v;
      if (pk_json_next(&js) == PK_JSON_NUMBER && !(rc = pk_json_double(&js, &v)))
        active = v >= 0 && v < 1e9 ? (size_t)v : 0;
      else if (!rc)
        rc = js.status ? js.status : pk_json_skip(&js);
      continue;
    }
    if (pk_json_is(&js, "shared")) shared_at = js.pos;
    else if (pk_json_is(&js, "profiles")) profiles_at = js.pos;
    rc = pk_json_skip_value(&js);
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  pk_json_fini(&js);
  if (!rc && (shared_at == SIZE_MAX || profiles_at == SIZE_MAX))
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "speedscope file without %s", shared_at == SIZE_MAX ? "shared.frames" : "profiles");
  if (!rc) { /* shared: {frames: [...]} */
    pk_json_init_at(&js, buf, len, shared_at, path, err);
    rc = pk_json_expect(&js, PK_JSON_OBJECT, "the shared object");
    while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY)
      rc = pk_json_is(&js, "frames") ? scan_frames(&st) : pk_json_skip_value(&js);
    if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
    pk_json_fini(&js);
  }
  size_t n_profiles = 0;
  pk_thread_select select;
  if (!rc && !(rc = pk_thread_select_init(&select, opts, path, err))) {
    pk_json_init_at(&js, buf, len, profiles_at, path, err);
    rc = scan_profiles(&st, &select, active, &n_profiles);
    pk_json_fini(&js);
    pk_thread_select_free(&select);
  }
  if (!rc && n_profiles == 0)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "speedscope file without profiles");
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "speedscope");
  free(st.frames);
  return rc;
}
