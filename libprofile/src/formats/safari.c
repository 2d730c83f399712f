/*
 * safari.c - reader for Safari's Web Inspector timeline recording (the JSON
 * that "Export" writes from the Timelines tab), by the rules of speedscope's
 * Safari importer, so that its snapshots are met.
 *
 * The file holds {version, recording: {displayName, instrumentTypes,
 * records, sampleStackTraces: [{timestamp, stackFrames: [...]}],
 * sampleDurations: [seconds...]}, overview}.  Sample i weighs
 * sampleDurations[i]; its stackFrames are leaf first ({name, url, line,
 * column}), so they are added reversed.  A frame without a name is
 * "(anonymous) FILE:LINE" with FILE the last part of its url, as the V8
 * readers name one (speedscope writes "(anonymous FILE:LINE)"), or
 * "(anonymous)" without a url.  speedscope also inserts the idle time
 * between samples as an empty stack, which profkit does not draw (a graph
 * has no frame for it).  Durations become nanoseconds, each rounded.
 *
 * The recording's keys come in any order, so the offsets of the two arrays
 * are found first, then both are read in step with cursors of their own
 * (the samples are never all held).  Detection: a JSON object with
 * `recording` and `instrumentTypes` keys in its first 64 KiB.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/json_fields.h"
#include "formats/readers.h"

bool pk_safari_probe(const char *buf, size_t len) {
  size_t scan = len < 65536 ? len : 65536;
  const char *s = buf;
  while (scan && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, scan--;
  return scan && *s == '{' && memmem(s, scan, "\"recording\"", 11) && memmem(s, scan, "\"instrumentTypes\"", 17);
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

/* A number as a JS integer-valued line or column; missing_ok leaves *out alone. */
static int read_position(pk_json *js, double *out) {
  double v;
  int rc = pk_json_number_like(js, &v);
  if (rc == 1) return 0; /* not a number: skipped */
  if (!rc) *out = v;
  return rc;
}

static pk_id frame_of(pk_json *js, pk_profile *p, const char *name, size_t name_len, const char *url, size_t url_len,
                      bool has_url, double line, double column) {
  pk_frame f = {0};
  f.line = line >= 1 && line < 2147483647.0 ? (int32_t)line : 0;
  f.column = column >= 1 && column < 2147483647.0 ? (int32_t)column : 0;
  if (has_url && (f.file = pk_profile_intern(p, url, url_len)) == PK_NONE) return PK_NONE;
  if (name_len) {
    f.name = pk_profile_intern(p, name, name_len);
  } else if (has_url && url_len) {
    const char *base = url;
    for (size_t i = 0; i < url_len; i++)
      if (url[i] == '/') base = url + i + 1;
    size_t base_len = url_len - (size_t)(base - url);
    char num[32];
    if (isnan(line)) snprintf(num, sizeof num, "undefined");
    else if (line == floor(line) && fabs(line) < 1e15) snprintf(num, sizeof num, "%lld", (long long)line);
    else snprintf(num, sizeof num, "%.17g", line);
    size_t nl = strlen(num), n = 13 + base_len + nl;
    char *text = malloc(n);
    if (!text) return PK_NONE;
    memcpy(text, "(anonymous) ", 12);
    memcpy(text + 12, base, base_len);
    text[12 + base_len] = ':';
    memcpy(text + 13 + base_len, num, nl);
    f.name = pk_profile_intern(p, text, n);
    free(text);
  } else {
    f.name = pk_profile_intern_cstr(p, "(anonymous)");
  }
  (void)js;
  return f.name == PK_NONE ? PK_NONE : pk_profile_frame(p, &f);
}

/* One stack frame object; *out its frame. */
static int read_frame(pk_json *js, pk_profile *p, char **name_buf, size_t *name_cap, pk_id *out) {
  size_t name_len = 0, url_len = 0;
  bool has_url = false;
  double line = NAN, column = NAN;
  pk_id url_id = 0;
  pk_json_tok tk;
  int rc = 0;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "name")) {
      if ((tk = pk_json_next(js)) != PK_JSON_STRING) {
        rc = js->status ? js->status : pk_json_skip(js);
        continue;
      }
      const char *s = pk_json_str(js, &name_len);
      if (pk_grow((void **)name_buf, name_cap, name_len + 1, 1)) return oom(js);
      memcpy(*name_buf, s, name_len);
    } else if (pk_json_is(js, "url")) {
      if ((tk = pk_json_next(js)) != PK_JSON_STRING) {
        rc = js->status ? js->status : pk_json_skip(js);
        continue;
      }
      const char *s = pk_json_str(js, &url_len);
      if ((url_id = pk_profile_intern(p, s, url_len)) == PK_NONE) return oom(js);
      has_url = true;
    } else if (pk_json_is(js, "line")) {
      rc = read_position(js, &line);
    } else if (pk_json_is(js, "column")) {
      rc = read_position(js, &column);
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (rc) return rc;
  if (tk != PK_JSON_OBJECT_END) return js->status;
  const char *url = has_url ? pk_profile_string(p, url_id, NULL) : NULL;
  *out = frame_of(js, p, *name_buf, name_len, url, url_len, has_url, line, column);
  return *out == PK_NONE ? oom(js) : 0;
}

typedef struct sf_state {
  pk_profile *p;
  pk_json *samples, *durations;
  pk_id *frames, *reversed;
  size_t cap, cap_reversed;
  char *name;
  size_t name_cap;
} sf_state;

static int read_sample(sf_state *st, int64_t w) {
  pk_json *js = st->samples;
  size_t depth = 0;
  pk_json_tok tk;
  int rc = 0;
  bool have_frames = false;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (!pk_json_is(js, "stackFrames")) {
      rc = pk_json_skip_value(js);
      continue;
    }
    if ((rc = pk_json_expect(js, PK_JSON_ARRAY, "a stackFrames array"))) break;
    have_frames = true;
    depth = 0;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_OBJECT) {
      if (pk_grow((void **)&st->frames, &st->cap, depth + 1, sizeof *st->frames)) return oom(js);
      rc = read_frame(js, st->p, &st->name, &st->name_cap, &st->frames[depth]);
      if (!rc) depth++;
    }
    if (!rc && js->tok != PK_JSON_ARRAY_END) rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "a stack frame is not an object");
  }
  if (rc) return rc;
  if (tk != PK_JSON_OBJECT_END) return js->status;
  if (!have_frames) return pk_json_fail(js, PK_EPARSE, "sample without stackFrames");
  if (pk_grow((void **)&st->reversed, &st->cap_reversed, depth + 1, sizeof *st->reversed)) return oom(js);
  for (size_t k = 0; k < depth; k++) st->reversed[k] = st->frames[depth - 1 - k];
  if (w > 0 && depth && pk_profile_add_stack(st->p, st->reversed, depth, &w, NULL))
    return pk_json_fail(js, PK_ELIMIT, "weights overflow 2^63-1");
  return 0;
}

static int read_samples(sf_state *st) {
  int rc = pk_json_expect(st->samples, PK_JSON_ARRAY, "the sampleStackTraces array");
  if (!rc) rc = pk_json_expect(st->durations, PK_JSON_ARRAY, "the sampleDurations array");
  while (!rc) {
    pk_json_tok tk = pk_json_next(st->samples);
    if (tk == PK_JSON_ARRAY_END) {
      if (pk_json_next(st->durations) != PK_JSON_ARRAY_END)
        rc = st->durations->status ? st->durations->status
                                   : pk_json_fail(st->durations, PK_EPARSE, "sampleDurations has more entries than sampleStackTraces");
      break;
    }
    if (tk != PK_JSON_OBJECT) {
      rc = st->samples->status ? st->samples->status : pk_json_fail(st->samples, PK_EPARSE, "a sample is not an object");
      break;
    }
    double d;
    if (pk_json_next(st->durations) != PK_JSON_NUMBER) {
      rc = st->durations->status ? st->durations->status
                                 : pk_json_fail(st->durations, PK_EPARSE, "sampleDurations has fewer entries than sampleStackTraces");
      break;
    }
    if ((rc = pk_json_double(st->durations, &d))) break;
    if (!(d >= 0 && d < 9e9)) {
      rc = pk_json_fail(st->durations, PK_EPARSE, "sample duration %g s out of range", d);
      break;
    }
    rc = read_sample(st, (int64_t)llround(d * 1e9));
  }
  return rc;
}

int pk_safari_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                    pk_error *err) {
  (void)opts;
  pk_json js;
  size_t samples_at = SIZE_MAX, durations_at = SIZE_MAX;
  bool recording = false;
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a Safari timeline recording (a JSON object)");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (!pk_json_is(&js, "recording")) {
      rc = pk_json_skip_value(&js);
      continue;
    }
    recording = true;
    if ((rc = pk_json_expect(&js, PK_JSON_OBJECT, "a recording object"))) break;
    while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
      if (pk_json_is(&js, "sampleStackTraces")) samples_at = js.pos;
      else if (pk_json_is(&js, "sampleDurations")) durations_at = js.pos;
      rc = pk_json_skip_value(&js);
    }
    if (!rc && tk != PK_JSON_OBJECT_END) rc = js.status;
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  pk_json_fini(&js);
  if (!rc && (!recording || samples_at == SIZE_MAX || durations_at == SIZE_MAX))
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "Safari recording without %s (record with the JavaScript & Events timeline)",
                      !recording ? "recording" : samples_at == SIZE_MAX ? "sampleStackTraces" : "sampleDurations");
  if (!rc && pk_profile_add_sample_type(p, "wall", "nanoseconds") < 0)
    rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (!rc) {
    pk_json durations;
    sf_state st = {p, &js, &durations, NULL, NULL, 0, 0, NULL, 0};
    pk_json_init_at(&js, buf, len, samples_at, path, err);
    pk_json_init_at(&durations, buf, len, durations_at, path, err);
    rc = read_samples(&st);
    pk_json_fini(&durations);
    pk_json_fini(&js);
    free(st.frames);
    free(st.reversed);
    free(st.name);
  }
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "safari");
  return rc;
}
