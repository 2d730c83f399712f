/*
 * gecko.c - reader for the Gecko profile format of the Firefox Profiler:
 * the raw format Firefox's profiler writes, the same wrapped in the old
 * devtools performance panel's export ({profile: {...}, duration, ...},
 * what speedscope reads), and the "processed" format the Firefox Profiler
 * front end saves and samply writes (meta.preprocessedProfileVersion).
 *
 * A profile holds `threads` and, in the raw format, `processes`: profiles
 * of child processes with threads and processes of their own.  Each thread
 * has tables: samples (stack, time), stackTable (prefix, frame), frameTable
 * (raw: location, a string index; processed: func, line, column), funcTable
 * (processed: name, fileName, lineNumber, columnNumber) and the strings
 * (stringTable, stringArray, or the profile's shared.stringArray).  A raw
 * table is {schema: {column: index}, data: [[row], ...]}, a processed one
 * {column: [values], ...}; read_table reads both into columns of doubles
 * (null is NaN), so the rest of the reader sees one shape.
 *
 * Following speedscope (src/import/firefox.ts): a sample weighs the time to
 * the next sample of its thread (the last one weighs nothing), in
 * nanoseconds; a raw frame's location "name (file:line:col)" gives the
 * frame's name, file, line and column (column made 1-based).  In the
 * devtools export, as speedscope does, frames whose location is not of that
 * form (native frames, labels) and Firefox's own JavaScript (resource:,
 * self-hosted) are left out; in a bare raw profile they are kept (a native
 * frame is named by its whole location), since they are all a C++ or Rust
 * profile has.
 *
 * Threads: every thread of every process is listed first, in one pass over
 * the nested processes (an explicit stack of open profile objects, never
 * recursion, and no subtree scanned twice), then --thread and
 * --process choose; with several kept threads each gets a base frame
 * "process (pid P), thread (tid T)" unless --merge-threads.  A single kept
 * thread keeps its time order (events) for flame charts.
 *
 * Hostile input: every index read from a table is checked against the
 * table it points into; a stack's prefix must be an earlier row of the
 * stack table (Gecko writes them so), which makes a cycle impossible and
 * lets each stack's call-tree node be found once and remembered.  Errors
 * name the file and the byte offset of the table (or value) at fault.
 * Detection: a JSON object holding "threads" and a "stackTable" or
 * "frameTable" key (searched in the whole object: the devtools export puts
 * a long markers array first).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/thread_select.h"
#include "formats/readers.h"
#include "util/json_tokenizer.h"

bool pk_gecko_probe(const char *buf, size_t len) {
  const char *s = buf;
  size_t n = len;
  while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, n--;
  return n && *s == '{' && memmem(s, n, "\"threads\"", 9) &&
         (memmem(s, n, "\"stackTable\"", 12) || memmem(s, n, "\"frameTable\"", 12));
}

/* ---- columns and tables ---- */

typedef struct gk_column {
  double *v; /* NaN for null or a value that is not a number */
  size_t n, cap;
  bool present;
} gk_column;

static double col_at(const gk_column *c, size_t i) { return i < c->n ? c->v[i] : NAN; }

/* v as an index into a table of n rows. */
static bool as_index(double v, size_t n, size_t *out) {
  if (!(v >= 0 && v < (double)n) || v != floor(v)) return false;
  *out = (size_t)v;
  return true;
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

static int push(pk_json *js, gk_column *c, double v) {
  if (PK_GROW(c->v, c->cap, c->n + 1)) return oom(js);
  c->v[c->n++] = v;
  return 0;
}

/* The value of the token just read: a number, or NaN (the value skipped). */
static int cell(pk_json *js, pk_json_tok tk, double *out) {
  *out = NAN;
  if (tk == PK_JSON_NUMBER) {
    double v;
    int rc = pk_json_double(js, &v);
    if (!rc) *out = v;
    return rc;
  }
  if (tk == PK_JSON_ERROR) return js->status;
  return pk_json_skip(js);
}

typedef struct gk_reader {
  const char *buf, *path;
  size_t len;
  pk_error *err;
  pk_profile *p;
  const pk_read_options *opts;
  bool js_only; /* the devtools export: speedscope's frame rules */
} gk_reader;

/* Reads the table object at `offset` into cols (one per name; present
 * tells which the table has) and *rows.  Raw tables: schema + data rows;
 * processed: one array per column. */
static int read_table(const gk_reader *r, size_t offset, const char *what, const char *const *names, gk_column *cols,
                      size_t n_cols, size_t *rows) {
  pk_json js;
  int schema[8];
  size_t data_at = SIZE_MAX, length = SIZE_MAX;
  for (size_t c = 0; c < n_cols; c++) schema[c] = -1;
  pk_json_init_at(&js, r->buf, r->len, offset, r->path, r->err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, what);
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (pk_json_is(&js, "schema")) {
      if ((rc = pk_json_expect(&js, PK_JSON_OBJECT, "a schema object"))) break;
      while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
        size_t c = 0;
        while (c < n_cols && !pk_json_is(&js, names[c])) c++;
        if (c == n_cols) {
          rc = pk_json_skip_value(&js);
          continue;
        }
        double v;
        if ((rc = cell(&js, pk_json_next(&js), &v))) break;
        size_t k;
        if (!as_index(v, 4096, &k)) rc = pk_json_fail(&js, PK_EPARSE, "%s: schema column out of range", what);
        else schema[c] = (int)k;
      }
      if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
      continue;
    }
    if (pk_json_is(&js, "data")) {
      data_at = js.pos;
      rc = pk_json_skip_value(&js);
      continue;
    }
    if (pk_json_is(&js, "length")) {
      double v;
      if ((rc = cell(&js, pk_json_next(&js), &v))) break;
      size_t k;
      if (as_index(v, 1e15, &k)) length = k;
      continue;
    }
    size_t c = 0;
    while (c < n_cols && !pk_json_is(&js, names[c])) c++;
    if (c == n_cols || (tk = pk_json_next(&js)) != PK_JSON_ARRAY) { /* another column, or a null one */
      rc = c == n_cols ? pk_json_skip_value(&js) : tk == PK_JSON_ERROR ? js.status : pk_json_skip(&js);
      continue;
    }
    cols[c].present = true;
    cols[c].n = 0;
    while (!rc && (tk = pk_json_next(&js)) != PK_JSON_ARRAY_END) {
      double v;
      if (!(rc = cell(&js, tk, &v))) rc = push(&js, &cols[c], v);
    }
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
  pk_json_fini(&js);
  size_t n = 0;
  if (!rc && data_at != SIZE_MAX) { /* raw rows: [[cell, cell, ...], ...] */
    for (size_t c = 0; c < n_cols; c++) {
      cols[c].present = schema[c] >= 0;
      cols[c].n = 0;
    }
    pk_json_init_at(&js, r->buf, r->len, data_at, r->path, r->err);
    rc = pk_json_expect(&js, PK_JSON_ARRAY, "an array of rows");
    while (!rc && (tk = pk_json_next(&js)) != PK_JSON_ARRAY_END) {
      if (tk != PK_JSON_ARRAY) {
        rc = js.status ? js.status : pk_json_fail(&js, PK_EPARSE, "%s: expected a row (an array)", what);
        break;
      }
      int k = 0;
      while (!rc && (tk = pk_json_next(&js)) != PK_JSON_ARRAY_END) {
        size_t c = 0;
        while (c < n_cols && schema[c] != k) c++;
        double v;
        if (c == n_cols || cols[c].n != n) rc = tk == PK_JSON_ERROR ? js.status : pk_json_skip(&js); /* not read */
        else if (!(rc = cell(&js, tk, &v))) rc = push(&js, &cols[c], v);
        if (k < 4096) k++;
      }
      n++;
      for (size_t c = 0; c < n_cols && !rc; c++) /* a short row */
        if (cols[c].n < n) rc = push(&js, &cols[c], NAN);
    }
    pk_json_fini(&js);
  } else if (!rc) {
    for (size_t c = 0; c < n_cols; c++)
      if (cols[c].present && (n == 0 || cols[c].n < n)) n = cols[c].n;
    if (length != SIZE_MAX && length < n) n = length;
  }
  *rows = n;
  return rc;
}

static void columns_free(gk_column *cols, size_t n) {
  for (size_t c = 0; c < n; c++) free(cols[c].v);
  memset(cols, 0, n * sizeof *cols);
}

/* ---- strings ---- */

typedef struct gk_strings {
  char *bytes;
  size_t n_bytes, cap_bytes;
  size_t *end; /* string i is bytes[end[i-1] .. end[i]) */
  size_t n, cap;
} gk_strings;

static int read_strings(const gk_reader *r, size_t offset, gk_strings *s) {
  pk_json js;
  pk_json_init_at(&js, r->buf, r->len, offset, r->path, r->err);
  int rc = pk_json_expect(&js, PK_JSON_ARRAY, "an array of strings");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) != PK_JSON_ARRAY_END) {
    size_t n = 0;
    const char *str = "";
    if (tk == PK_JSON_STRING) {
      if (!(str = pk_json_str(&js, &n))) rc = oom(&js);
    } else {
      rc = tk == PK_JSON_ERROR ? js.status : pk_json_skip(&js);
    }
    if (!rc && (pk_grow((void **)&s->bytes, &s->cap_bytes, s->n_bytes + n + 1, 1) || PK_GROW(s->end, s->cap, s->n + 1)))
      rc = oom(&js);
    if (rc) break;
    memcpy(s->bytes + s->n_bytes, str, n);
    s->n_bytes += n;
    s->end[s->n++] = s->n_bytes;
  }
  pk_json_fini(&js);
  return rc;
}

static const char *string_at(const gk_strings *s, size_t i, size_t *n) {
  size_t start = i ? s->end[i - 1] : 0;
  *n = s->end[i] - start;
  return s->bytes + start;
}

/* The shared strings of the processed format, read once for all the
 * threads that use them (the last profile's, which is every thread's in
 * practice). */
typedef struct gk_shared_cache {
  size_t at; /* offset of the strings held, SIZE_MAX if none */
  gk_strings s;
} gk_shared_cache;

/* ---- threads ---- */

typedef struct gk_thread {
  size_t at; /* the thread object */
  size_t samples, stacks, frames, funcs, strings; /* offsets, SIZE_MAX if absent */
  size_t profile;                                 /* index of its profile object (gk_list.shared) */
  char name[128], process[128];
  int64_t pid, tid;
} gk_thread;

/* A string or number value as text (names, pids); anything else leaves out alone. */
static int text_value(pk_json *js, char *out, size_t cap, int64_t *id) {
  pk_json_tok tk = pk_json_next(js);
  size_t n;
  const char *s;
  if (tk == PK_JSON_STRING) {
    if (!(s = pk_json_str(js, &n))) return oom(js);
  } else if (tk == PK_JSON_NUMBER) {
    s = js->buf + js->tok_start;
    n = js->tok_end - js->tok_start;
  } else {
    return tk == PK_JSON_ERROR ? js->status : pk_json_skip(js);
  }
  if (out) {
    if (n >= cap) n = cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
  }
  if (id) {
    char digits[24];
    size_t k = n < sizeof digits - 1 ? n : sizeof digits - 1;
    memcpy(digits, s, k);
    digits[k] = 0;
    *id = strtoll(digits, NULL, 10);
  }
  return 0;
}

static int scan_thread(pk_json *js, gk_thread *t) {
  int rc = 0;
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    size_t *at = pk_json_is(js, "samples")      ? &t->samples
                 : pk_json_is(js, "stackTable") ? &t->stacks
                 : pk_json_is(js, "frameTable") ? &t->frames
                 : pk_json_is(js, "funcTable")  ? &t->funcs
                 : pk_json_is(js, "stringTable") || pk_json_is(js, "stringArray") ? &t->strings
                                                                                     : NULL;
    if (at) {
      *at = js->pos;
      rc = pk_json_skip_value(js);
    } else if (pk_json_is(js, "name")) {
      rc = text_value(js, t->name, sizeof t->name, NULL);
    } else if (pk_json_is(js, "processName")) {
      rc = text_value(js, t->process, sizeof t->process, NULL);
    } else if (pk_json_is(js, "processType")) {
      if (!t->process[0]) rc = text_value(js, t->process, sizeof t->process, NULL);
      else rc = pk_json_skip_value(js);
    } else if (pk_json_is(js, "pid")) {
      rc = text_value(js, NULL, 0, &t->pid);
    } else if (pk_json_is(js, "tid")) {
      rc = text_value(js, NULL, 0, &t->tid);
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (!rc && js->tok != PK_JSON_OBJECT_END) rc = js->status;
  return rc;
}

typedef struct gk_list {
  gk_thread *threads;
  size_t n, cap;
  size_t *shared; /* per profile object: its shared.stringArray, SIZE_MAX if none */
  size_t n_profiles, cap_profiles;
} gk_list;

/* The threads array at the cursor: each thread's keys are read in the same pass. */
static int scan_threads(pk_json *js, gk_list *l, size_t profile) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of threads");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) != PK_JSON_ARRAY_END) {
    if (tk != PK_JSON_OBJECT)
      return js->status ? js->status
                        : pk_json_fail(js, PK_EPARSE,
                                       "a thread that is not an object (a thread stored as a JSON string, from an "
                                       "old Firefox, is not read)");
    if (PK_GROW(l->threads, l->cap, l->n + 1)) return oom(js);
    gk_thread *t = &l->threads[l->n++];
    memset(t, 0, sizeof *t);
    t->at = js->tok_start;
    t->samples = t->stacks = t->frames = t->funcs = t->strings = SIZE_MAX;
    t->profile = profile;
    rc = scan_thread(js, t);
  }
  return rc;
}

/* The shared object at `offset`: its stringArray's offset, or SIZE_MAX. */
static size_t shared_strings(const gk_reader *r, size_t offset) {
  pk_json js;
  size_t at = SIZE_MAX;
  pk_json_init_at(&js, r->buf, r->len, offset, r->path, r->err);
  if (pk_json_next(&js) == PK_JSON_OBJECT)
    while (pk_json_next(&js) == PK_JSON_KEY) {
      if (pk_json_is(&js, "stringArray")) at = js.pos;
      if (pk_json_skip_value(&js)) break;
    }
  pk_json_fini(&js);
  return at;
}

/* The profile object at the cursor and the child process profiles nested
 * in its `processes`, in one pass: an explicit stack of the open profile
 * objects (and whether the cursor is in one's processes array) stands for
 * recursion.  Threads join l->threads; a profile's `shared` is looked up
 * when it closes.  At the root, a `profile` key (the devtools export) goes
 * to *wrapped. */
typedef struct gk_open {
  size_t profile, shared_at;
  bool in_processes;
} gk_open;

static int scan_profiles(const gk_reader *r, pk_json *js, gk_list *l, size_t *wrapped) {
  gk_open *open = NULL;
  size_t depth = 0, cap = 0;
  int rc = pk_json_expect(js, PK_JSON_OBJECT, wrapped ? "a Gecko profile (a JSON object)" : "a profile object");
  bool entering = !rc;
  while (!rc) {
    if (entering) { /* a profile object was just opened */
      entering = false;
      if (PK_GROW(open, cap, depth + 1) || PK_GROW(l->shared, l->cap_profiles, l->n_profiles + 1)) {
        rc = oom(js);
        break;
      }
      l->shared[l->n_profiles] = SIZE_MAX;
      open[depth++] = (gk_open){l->n_profiles++, SIZE_MAX, false};
    }
    gk_open *top = &open[depth - 1];
    pk_json_tok tk = pk_json_next(js);
    if (top->in_processes) {
      if (tk == PK_JSON_OBJECT) entering = true;
      else if (tk == PK_JSON_ARRAY_END) top->in_processes = false;
      else rc = js->status ? js->status
                           : pk_json_fail(js, PK_EPARSE, "a process profile that is not an object (a JSON string, "
                                                         "from an old Firefox, is not read)");
      continue;
    }
    if (tk == PK_JSON_OBJECT_END) {
      if (top->shared_at != SIZE_MAX) l->shared[top->profile] = shared_strings(r, top->shared_at);
      if (--depth == 0) break;
      continue;
    }
    if (tk != PK_JSON_KEY) {
      rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a key");
      break;
    }
    if (pk_json_is(js, "threads")) {
      rc = scan_threads(js, l, top->profile);
    } else if (pk_json_is(js, "processes")) {
      if ((tk = pk_json_next(js)) == PK_JSON_ARRAY) top->in_processes = true;
      else rc = tk == PK_JSON_ERROR ? js->status : pk_json_skip(js);
    } else {
      if (pk_json_is(js, "shared")) top->shared_at = js->pos;
      else if (wrapped && depth == 1 && pk_json_is(js, "profile")) *wrapped = js->pos;
      rc = pk_json_skip_value(js);
    }
  }
  free(open);
  return rc;
}

/* ---- one thread's samples into the call tree ---- */

enum { S_STACK, S_TIME, S_DELTA };
enum { K_PREFIX, K_FRAME };
enum { F_LOCATION, F_FUNC, F_LINE, F_COLUMN };
enum { U_NAME, U_FILE, U_LINE, U_COLUMN };
static const char *const sample_cols[] = {"stack", "time", "timeDeltas"};
static const char *const stack_cols[] = {"prefix", "frame"};
static const char *const frame_cols[] = {"location", "func", "line", "column"};
static const char *const func_cols[] = {"name", "fileName", "lineNumber", "columnNumber"};

typedef struct gk_tables {
  gk_column samples[3], stacks[2], frames[4], funcs[4];
  size_t n_samples, n_stacks, n_frames, n_funcs;
  gk_strings own;            /* the thread's stringTable, if it has one */
  const gk_strings *strings; /* own, or the profile's shared strings */
  pk_id *frame_id;   /* per frame row: the model frame, PK_NONE if left out */
  uint8_t *frame_ok; /* 0 not yet resolved, 1 resolved */
  pk_id *node;       /* per stack row: its call-tree node, PK_NONE if not yet found */
  size_t bad_frame;  /* the frame row whose index was out of range */
} gk_tables;

static void tables_free(gk_tables *t) {
  columns_free(t->samples, 3);
  columns_free(t->stacks, 2);
  columns_free(t->frames, 4);
  columns_free(t->funcs, 4);
  free(t->own.bytes);
  free(t->own.end);
  free(t->frame_id);
  free(t->frame_ok);
  free(t->node);
}

static int32_t small_int(double v) { return v >= 0 && v < 2147483647.0 ? (int32_t)v : 0; }

/* Digits at the end of s[0..*n) after a ':' : strips them and sets *v. */
static bool strip_number(const char *s, size_t *n, int32_t *v) {
  size_t k = *n;
  while (k && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
  if (k == *n || k == 0 || s[k - 1] != ':') return false;
  double d = 0;
  for (size_t i = k; i < *n; i++) d = d * 10 + (s[i] - '0');
  *v = small_int(d);
  *n = k - 1;
  return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* A raw location "name (file:line:col)" split as speedscope's pattern
 * /(.*)\s+\((.*?)(?::(\d+))?(?::(\d+))?\)$/ does; false if it is not of
 * that form. */
static bool split_location(const char *s, size_t n, pk_frame *f, pk_profile *p, bool *internal) {
  if (n < 3 || s[n - 1] != ')') return false;
  size_t open = n - 1;
  while (open > 0 && !(s[open - 1] == '(' && open >= 2 && is_space(s[open - 2]))) open--;
  if (open == 0) return false;
  const char *file = s + open;
  size_t file_n = n - 1 - open;
  for (size_t i = 0; i < file_n; i++)
    if (file[i] == '\n' || file[i] == '\r') return false;
  size_t name_start = 0, name_end = open - 2;
  for (size_t i = 0; i < name_end; i++)
    if (s[i] == '\n' || s[i] == '\r') name_start = i + 1;
  int32_t a = 0, b = 0;
  if (strip_number(file, &file_n, &b)) {
    if (strip_number(file, &file_n, &a)) f->line = a, f->column = b < 2147483646 ? b + 1 : 0;
    else f->line = b;
  }
  *internal = (file_n >= 9 && memcmp(file, "resource:", 9) == 0) ||
              (file_n == 11 && memcmp(file, "self-hosted", 11) == 0) ||
              (file_n >= 12 && memcmp(file, "self-hosted:", 12) == 0);
  f->name = pk_profile_intern(p, s + name_start, name_end - name_start);
  f->file = pk_profile_intern(p, file, file_n);
  return true;
}

static int string_index(const gk_tables *t, double v, size_t *out) {
  return as_index(v, t->strings->n, out) ? 0 : PK_EPARSE;
}

/* The model frame of frame row i (PK_NONE: left out); PK_ENOMEM, or
 * PK_EPARSE on a bad index (frame_of records the row). */
static int frame_lookup(const gk_reader *r, gk_tables *t, size_t i, pk_id *out) {
  if (t->frame_ok[i]) {
    *out = t->frame_id[i];
    return 0;
  }
  pk_frame f = {0};
  size_t si, n;
  const char *s;
  pk_id id = PK_NONE;
  if (t->frames[F_FUNC].present) { /* processed: the function table */
    size_t fn;
    if (!as_index(col_at(&t->frames[F_FUNC], i), t->n_funcs, &fn) ||
        string_index(t, col_at(&t->funcs[U_NAME], fn), &si))
      return PK_EPARSE;
    s = string_at(t->strings, si, &n);
    if ((f.name = pk_profile_intern(r->p, s, n)) == PK_NONE) return PK_ENOMEM;
    double file = col_at(&t->funcs[U_FILE], fn);
    if (!isnan(file)) {
      if (string_index(t, file, &si)) return PK_EPARSE;
      s = string_at(t->strings, si, &n);
      if ((f.file = pk_profile_intern(r->p, s, n)) == PK_NONE) return PK_ENOMEM;
    }
    double line = col_at(&t->frames[F_LINE], i), col = col_at(&t->frames[F_COLUMN], i);
    f.line = small_int(isnan(line) ? col_at(&t->funcs[U_LINE], fn) : line);
    f.column = small_int(isnan(col) ? col_at(&t->funcs[U_COLUMN], fn) : col);
    id = pk_profile_frame(r->p, &f);
    if (id == PK_NONE) return PK_ENOMEM;
  } else { /* raw: the location string */
    if (string_index(t, col_at(&t->frames[F_LOCATION], i), &si)) return PK_EPARSE;
    s = string_at(t->strings, si, &n);
    bool internal = false;
    if (split_location(s, n, &f, r->p, &internal)) {
      if (f.name == PK_NONE || f.file == PK_NONE) return PK_ENOMEM;
      if (!(r->js_only && internal) && (id = pk_profile_frame(r->p, &f)) == PK_NONE) return PK_ENOMEM;
    } else if (!r->js_only && (id = pk_profile_frame_named(r->p, s, n, PK_FRAME_PLAIN)) == PK_NONE) {
      return PK_ENOMEM;
    }
  }
  t->frame_ok[i] = 1;
  t->frame_id[i] = id;
  *out = id;
  return 0;
}

static int frame_of(const gk_reader *r, gk_tables *t, size_t i, pk_id *out) {
  int rc = frame_lookup(r, t, i, out);
  if (rc == PK_EPARSE) t->bad_frame = i;
  return rc;
}

/* The call-tree node of stack row i: the stack rows are checked first
 * (prefix an earlier row, frame in range), so the walk up ends. */
static int node_of(const gk_reader *r, gk_tables *t, size_t i, pk_id base, size_t **path, size_t *cap, pk_id *out) {
  size_t n = 0, j = i;
  for (;;) {
    if (PK_GROW(*path, *cap, n + 1)) return PK_ENOMEM;
    (*path)[n++] = j;
    double prefix = col_at(&t->stacks[K_PREFIX], j);
    if (isnan(prefix)) break;
    j = (size_t)prefix;
    if (t->node[j] != PK_NONE) break;
  }
  size_t top = (*path)[n - 1];
  double prefix = col_at(&t->stacks[K_PREFIX], top);
  pk_id parent = isnan(prefix) ? base : t->node[(size_t)prefix];
  while (n) {
    size_t k = (*path)[--n];
    pk_id f;
    int rc = frame_of(r, t, (size_t)col_at(&t->stacks[K_FRAME], k), &f);
    if (rc) return rc;
    if (f != PK_NONE && (parent = pk_profile_child(r->p, parent, f)) == PK_NONE) return PK_ENOMEM;
    t->node[k] = parent;
  }
  *out = parent;
  return 0;
}

/* A parse error at byte `at` (the table at fault). */
#define fail_at(r, at, ...) pk_error_set((r)->err, PK_EPARSE, (r)->path, PK_NO_POSITION, (at), __VA_ARGS__)

static int fail_oom(const gk_reader *r) {
  return pk_error_set(r->err, PK_ENOMEM, r->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

static int read_thread_tables(const gk_reader *r, const gk_thread *th, size_t shared, gk_shared_cache *cache,
                              gk_tables *t) {
  const char *missing = th->samples == SIZE_MAX  ? "samples"
                        : th->stacks == SIZE_MAX ? "stackTable"
                        : th->frames == SIZE_MAX ? "frameTable"
                        : th->strings == SIZE_MAX && shared == SIZE_MAX ? "stringTable"
                                                                                      : NULL;
  if (missing)
    return pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, th->at, "thread '%s' has no %s", th->name, missing);
  int rc = read_table(r, th->samples, "the samples table", sample_cols, t->samples, 3, &t->n_samples);
  if (!rc) rc = read_table(r, th->stacks, "the stackTable", stack_cols, t->stacks, 2, &t->n_stacks);
  if (!rc) rc = read_table(r, th->frames, "the frameTable", frame_cols, t->frames, 4, &t->n_frames);
  if (!rc && th->funcs != SIZE_MAX) rc = read_table(r, th->funcs, "the funcTable", func_cols, t->funcs, 4, &t->n_funcs);
  t->strings = &t->own;
  if (!rc && th->strings != SIZE_MAX) {
    rc = read_strings(r, th->strings, &t->own);
  } else if (!rc) {
    if (cache->at != shared) {
      free(cache->s.bytes);
      free(cache->s.end);
      memset(&cache->s, 0, sizeof cache->s);
      cache->at = SIZE_MAX;
      if (!(rc = read_strings(r, shared, &cache->s))) cache->at = shared;
    }
    t->strings = &cache->s;
  }
  if (rc) return rc;
  const char *column = !t->samples[S_STACK].present                                      ? "samples.stack"
                       : !t->samples[S_TIME].present && !t->samples[S_DELTA].present     ? "samples.time"
                       : !t->stacks[K_PREFIX].present || !t->stacks[K_FRAME].present     ? "stackTable.prefix/frame"
                       : !t->frames[F_LOCATION].present && !t->frames[F_FUNC].present    ? "frameTable.location/func"
                       : t->frames[F_FUNC].present && !t->funcs[U_NAME].present          ? "funcTable.name"
                                                                                         : NULL;
  if (column)
    return pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, th->at, "thread '%s' has no column %s", th->name,
                        column);
  for (size_t i = 0; i < t->n_stacks; i++) { /* every row: prefix earlier, frame in range */
    double prefix = col_at(&t->stacks[K_PREFIX], i);
    size_t k;
    if (!isnan(prefix) && !as_index(prefix, i, &k))
      return fail_at(r, th->stacks, "stackTable row %zu: the prefix is not an earlier row", i);
    if (!as_index(col_at(&t->stacks[K_FRAME], i), t->n_frames, &k))
      return fail_at(r, th->stacks, "stackTable row %zu: frame index out of range", i);
  }
  if (!(t->frame_id = malloc((t->n_frames + 1) * sizeof *t->frame_id)) ||
      !(t->frame_ok = calloc(t->n_frames + 1, 1)) || !(t->node = malloc((t->n_stacks + 1) * sizeof *t->node)))
    return fail_oom(r);
  for (size_t i = 0; i < t->n_stacks; i++) t->node[i] = PK_NONE;
  return 0;
}

/* Sample i's time in nanoseconds (times are milliseconds). */
static bool sample_time(const gk_tables *t, size_t i, double *running, int64_t *ns) {
  double ms;
  if (t->samples[S_TIME].present) {
    ms = col_at(&t->samples[S_TIME], i);
  } else {
    *running += col_at(&t->samples[S_DELTA], i);
    ms = *running;
  }
  if (!(ms > -4e12 && ms < 4e12)) return false; /* differences fit int64 in ns */
  *ns = llround(ms * 1e6);
  return true;
}

/* Adds the thread's samples (strings from `shared` when it has none) under base; with `timed` (one thread kept)
 * also their time order for flame charts, times from the first sample's
 * (*origin) to the last's (*end). */
static int add_thread(const gk_reader *r, const gk_thread *th, size_t shared, gk_shared_cache *cache, pk_id base,
                      bool timed, int64_t *origin, int64_t *end) {
  gk_tables t;
  memset(&t, 0, sizeof t);
  int rc = read_thread_tables(r, th, shared, cache, &t);
  size_t *path = NULL, cap = 0;
  double running = 0;
  int64_t now = 0, next;
  if (!rc && t.n_samples && !sample_time(&t, 0, &running, &now))
    rc = fail_at(r, th->samples, "sample 0: time missing or out of range");
  *origin = *end = now;
  for (size_t i = 0; !rc && i + 1 < t.n_samples; i++, now = next) {
    if (!sample_time(&t, i + 1, &running, &next)) {
      rc = fail_at(r, th->samples, "sample %zu: time missing or out of range", i + 1);
      break;
    }
    if (next < now) {
      rc = fail_at(r, th->samples, "sample %zu: time goes backwards", i + 1);
      break;
    }
    *end = next;
    int64_t w = next - now;
    if (w == 0) continue;
    double stack = col_at(&t.samples[S_STACK], i);
    pk_id node = base; /* no stack: time outside any frame, not drawn */
    size_t k;
    if (!isnan(stack) && !as_index(stack, t.n_stacks, &k)) {
      rc = fail_at(r, th->samples, "sample %zu: stack index out of range", i);
      break;
    }
    if (!isnan(stack) && (node = t.node[k]) == PK_NONE && (rc = node_of(r, &t, k, base, &path, &cap, &node))) {
      rc = rc == PK_EPARSE ? fail_at(r, th->frames, "frameTable row %zu: a string or function index out of range",
                                     t.bad_frame)
                           : fail_oom(r);
      break;
    }
    /* node == base: every frame left out (devtools export), an empty stack as speedscope has it */
    if (node != base && (rc = pk_profile_add_self(r->p, node, &w))) {
      rc = pk_error_set(r->err, rc, r->path, PK_NO_POSITION, PK_NO_POSITION, "sample weights overflow 2^63-1");
      break;
    }
    if (timed && pk_profile_add_event(r->p, node == base ? PK_ROOT : node, now - *origin)) rc = fail_oom(r);
  }
  free(path);
  tables_free(&t);
  return rc;
}

/* The base frame of a thread: "process (pid P), thread (tid T)". */
static pk_id thread_frame(pk_profile *p, const gk_thread *t) {
  char label[320];
  snprintf(label, sizeof label, "%s (pid %lld), %s (tid %lld)", t->process[0] ? t->process : "process",
           (long long)t->pid, t->name[0] ? t->name : "thread", (long long)t->tid);
  pk_id f = pk_profile_frame_named(p, label, strlen(label), PK_FRAME_PLAIN);
  return f == PK_NONE ? PK_NONE : pk_profile_child(p, PK_ROOT, f);
}

static int add_threads(const gk_reader *r, const gk_list *l) {
  gk_shared_cache cache = {SIZE_MAX, {0}};
  pk_thread_select select;
  int rc = pk_thread_select_init(&select, r->opts, r->path, r->err);
  if (rc) return rc;
  size_t kept = 0;
  for (size_t i = 0; i < l->n; i++) {
    const gk_thread *t = &l->threads[i];
    kept += pk_thread_select_keep(&select, t->process, t->pid, t->name, t->tid);
  }
  if (!l->n)
    rc = pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, PK_NO_POSITION, "Gecko profile without threads");
  else if (!kept)
    rc = pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, PK_NO_POSITION,
                      "no thread of the file matches --thread/--process");
  if (!rc && pk_profile_add_sample_type(r->p, "wall", "nanoseconds") < 0)
    rc = pk_error_set(r->err, PK_ENOMEM, r->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  for (size_t i = 0; i < l->n && !rc; i++) {
    const gk_thread *t = &l->threads[i];
    if (!pk_thread_select_keep(&select, t->process, t->pid, t->name, t->tid)) continue;
    pk_id base = PK_ROOT;
    if (kept > 1 && !select.merge && (base = thread_frame(r->p, t)) == PK_NONE)
      rc = pk_error_set(r->err, PK_ENOMEM, r->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    int64_t origin, end;
    if (!rc) rc = add_thread(r, t, l->shared[t->profile], &cache, base, kept == 1, &origin, &end);
    if (!rc && kept == 1 && pk_profile_event_count(r->p)) { /* one thread: its time order */
      pk_profile_meta *meta = pk_profile_meta_of(r->p);
      meta->time_unit = pk_profile_intern_cstr(r->p, "nanoseconds");
      meta->time_start = origin;
      meta->duration = end - origin;
    }
  }
  pk_thread_select_free(&select);
  free(cache.s.bytes);
  free(cache.s.end);
  return rc;
}

int pk_gecko_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                   pk_error *err) {
  gk_reader r = {buf, path, len, err, p, opts, false};
  gk_list l = {0};
  size_t wrapped = SIZE_MAX;
  pk_json js;
  pk_json_init(&js, buf, len, path, err);
  int rc = scan_profiles(&r, &js, &l, &wrapped);
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  pk_json_fini(&js);
  if (!rc && l.n == 0 && l.n_profiles == 1 && wrapped != SIZE_MAX) { /* the devtools export: {profile: {...}, ...} */
    r.js_only = true;
    pk_json_init_at(&js, buf, len, wrapped, path, err);
    rc = scan_profiles(&r, &js, &l, NULL);
    pk_json_fini(&js);
  }
  if (!rc) rc = add_threads(&r, &l);
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "gecko");
  free(l.threads);
  free(l.shared);
  return rc;
}
