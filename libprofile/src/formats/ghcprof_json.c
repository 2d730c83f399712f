/*
 * ghcprof_json.c - reader for GHC's JSON profiling report (`+RTS -pj`).
 *
 * The file is one object: `tick_interval` (microseconds per tick),
 * `cost_centres` ([{id, label, module, src_loc, is_caf}]) and `profile`,
 * the cost-centre tree: {id, entries, alloc, ticks, children: [...]}.
 * Each node adds its own ticks and allocated bytes under its parent, as
 * speedscope's haskell importer does: a frame is `module.label` with
 * src_loc as its file unless GHC wrote a placeholder (`<built-in>`,
 * `<entire-module>`, `<no location info>`).  Sample types: `time`
 * (ticks x tick_interval, in nanoseconds; the default) and `alloc` (bytes).
 * The text report (`+RTS -p`) is formats/ghcprof.c.
 *
 * Keys come in any order at the top, so their offsets are found first,
 * the cost centres read into a table sorted by id, then the tree walked
 * with an explicit stack of open nodes (its depth follows the input, the C
 * stack does not).  A node's `id` must come before its `children`, as GHC
 * writes it; its ticks and alloc may come anywhere and are added when the
 * node closes.  Detection: a JSON object with `cost_centres` and
 * `tick_interval` keys.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/json_fields.h"
#include "formats/readers.h"

bool pk_ghcprof_json_probe(const char *buf, size_t len) {
  size_t scan = len < 65536 ? len : 65536;
  const char *s = buf;
  while (scan && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, scan--;
  return scan && *s == '{' && memmem(s, scan, "\"cost_centres\"", 14) && memmem(s, scan, "\"tick_interval\"", 15);
}

typedef struct gj_centre {
  int64_t id;
  pk_id frame;
} gj_centre;

typedef struct gj_open {
  pk_id node; /* PK_NONE until the node's id is read */
  int64_t ticks, alloc;
} gj_open;

static int by_id(const void *a, const void *b) {
  const gj_centre *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int oom(pk_json *js) { return pk_json_fail(js, PK_ENOMEM, "out of memory"); }

/* The next value as a non-negative integer. */
static int next_count(pk_json *js, const char *what, int64_t *v) {
  if (pk_json_next(js) != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "%s is not a number", what);
  int rc = pk_json_int64(js, v);
  if (!rc && *v < 0) rc = pk_json_fail(js, PK_EPARSE, "negative %s", what);
  return rc;
}

static int read_centre(pk_json *js, pk_profile *p, gj_centre *out) {
  const char *label = NULL, *module = NULL;
  size_t label_len = 0, module_len = 0;
  pk_id label_id = PK_NONE, module_id = PK_NONE, file = 0;
  bool have_id = false;
  pk_json_tok tk;
  int rc = 0;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "id")) {
      rc = pk_json_expect(js, PK_JSON_NUMBER, "a cost centre id");
      if (!rc) rc = pk_json_int64(js, &out->id);
      have_id = true;
    } else if (pk_json_is(js, "label") || pk_json_is(js, "module") || pk_json_is(js, "src_loc")) {
      char which = pk_json_is(js, "label") ? 'l' : pk_json_is(js, "module") ? 'm' : 's';
      if ((rc = pk_json_expect(js, PK_JSON_STRING, "a string"))) break;
      size_t n;
      const char *s = pk_json_str(js, &n);
      pk_id id = pk_profile_intern(p, s, n);
      if (id == PK_NONE) return oom(js);
      if (which == 'l') label_id = id;
      else if (which == 'm') module_id = id;
      else file = n && s[0] == '<' ? 0 : id; /* <built-in>, <entire-module>: no place */
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (rc) return rc;
  if (tk != PK_JSON_OBJECT_END) return js->status;
  if (!have_id || label_id == PK_NONE || module_id == PK_NONE)
    return pk_json_fail(js, PK_EPARSE, "cost centre without %s", !have_id ? "id" : label_id == PK_NONE ? "label" : "module");
  label = pk_profile_string(p, label_id, &label_len);
  module = pk_profile_string(p, module_id, &module_len);
  char *name = malloc(module_len + label_len + 2);
  if (!name) return oom(js);
  memcpy(name, module, module_len);
  name[module_len] = '.';
  memcpy(name + module_len + 1, label, label_len);
  pk_frame f = {0};
  f.name = pk_profile_intern(p, name, module_len + 1 + label_len);
  f.file = file;
  free(name);
  if (f.name == PK_NONE || (out->frame = pk_profile_frame(p, &f)) == PK_NONE) return oom(js);
  return 0;
}

static int read_centres(pk_json *js, pk_profile *p, gj_centre **out, size_t *n) {
  size_t cap = 0;
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "the cost_centres array");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(js)) == PK_JSON_OBJECT) {
    if (pk_grow((void **)out, &cap, *n + 1, sizeof **out)) return oom(js);
    if (!(rc = read_centre(js, p, &(*out)[*n]))) (*n)++;
  }
  if (!rc && js->tok != PK_JSON_ARRAY_END) rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "a cost centre is not an object");
  if (!rc && *n > 1) {
    qsort(*out, *n, sizeof **out, by_id);
    for (size_t i = 1; i < *n && !rc; i++)
      if ((*out)[i].id == (*out)[i - 1].id) rc = pk_json_fail(js, PK_EPARSE, "cost centre id %lld twice", (long long)(*out)[i].id);
  }
  return rc;
}

static int close_node(pk_json *js, pk_profile *p, const gj_open *o, int64_t tick_ns) {
  if (o->node == PK_NONE) return pk_json_fail(js, PK_EPARSE, "profile node without id");
  int64_t v[2];
  if (__builtin_mul_overflow(o->ticks, tick_ns, &v[0])) return pk_json_fail(js, PK_ELIMIT, "ticks overflow");
  v[1] = o->alloc;
  if ((v[0] || v[1]) && pk_profile_add_self(p, o->node, v)) return pk_json_fail(js, PK_ELIMIT, "costs overflow 2^63-1");
  return 0;
}

static int read_tree(pk_json *js, pk_profile *p, const gj_centre *centres, size_t n_centres, int64_t tick_ns) {
  gj_open *open = NULL;
  size_t depth = 0, cap = 0;
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "the profile tree (an object)");
  bool started = false;
  while (!rc) {
    pk_json_tok tk = started ? pk_json_next(js) : PK_JSON_OBJECT;
    started = true;
    if (tk == PK_JSON_OBJECT) { /* the root, or a child in a children array */
      if (pk_grow((void **)&open, &cap, depth + 1, sizeof *open)) {
        rc = oom(js);
        break;
      }
      open[depth++] = (gj_open){PK_NONE, 0, 0};
    } else if (tk == PK_JSON_OBJECT_END) {
      if ((rc = close_node(js, p, &open[depth - 1], tick_ns))) break;
      if (!--depth) break;
    } else if (tk == PK_JSON_ARRAY_END) {
      continue; /* the end of a children array: the parent's keys go on */
    } else if (tk == PK_JSON_KEY) {
      gj_open *o = &open[depth - 1];
      if (pk_json_is(js, "id")) {
        int64_t id;
        if ((rc = next_count(js, "id", &id))) break;
        gj_centre key = {id, 0};
        const gj_centre *c = n_centres ? bsearch(&key, centres, n_centres, sizeof *centres, by_id) : NULL;
        if (!c) {
          rc = pk_json_fail(js, PK_EPARSE, "cost centre %lld is not in cost_centres", (long long)id);
          break;
        }
        if (o->node != PK_NONE) {
          rc = pk_json_fail(js, PK_EPARSE, "profile node with two ids");
          break;
        }
        o->node = pk_profile_child(p, depth > 1 ? open[depth - 2].node : PK_ROOT, c->frame);
        if (o->node == PK_NONE) rc = oom(js);
      } else if (pk_json_is(js, "ticks")) {
        rc = next_count(js, "ticks", &o->ticks);
      } else if (pk_json_is(js, "alloc")) {
        rc = next_count(js, "alloc", &o->alloc);
      } else if (pk_json_is(js, "children")) {
        if (o->node == PK_NONE) rc = pk_json_fail(js, PK_EPARSE, "children before the node's id");
        else rc = pk_json_expect(js, PK_JSON_ARRAY, "a children array");
      } else {
        rc = pk_json_skip_value(js);
      }
    } else {
      rc = js->status ? js->status : pk_json_fail(js, PK_EPARSE, "a child in children is not an object");
    }
  }
  free(open);
  return rc;
}

int pk_ghcprof_json_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                          pk_error *err) {
  (void)opts;
  pk_json js;
  size_t centres_at = SIZE_MAX, tree_at = SIZE_MAX;
  int64_t tick_us = -1;
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a GHC JSON profile (a JSON object)");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (pk_json_is(&js, "tick_interval")) {
      rc = next_count(&js, "tick_interval", &tick_us);
      continue;
    }
    if (pk_json_is(&js, "cost_centres")) centres_at = js.pos;
    else if (pk_json_is(&js, "profile")) tree_at = js.pos;
    rc = pk_json_skip_value(&js);
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status;
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  pk_json_fini(&js);
  if (!rc && (centres_at == SIZE_MAX || tree_at == SIZE_MAX || tick_us < 0))
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "GHC JSON profile without %s",
                      centres_at == SIZE_MAX ? "cost_centres" : tree_at == SIZE_MAX ? "profile" : "tick_interval");
  int64_t tick_ns = 0;
  if (!rc && __builtin_mul_overflow(tick_us, (int64_t)1000, &tick_ns))
    rc = pk_error_set(err, PK_ELIMIT, path, PK_NO_POSITION, PK_NO_POSITION, "tick_interval overflows");
  if (!rc && (pk_profile_add_sample_type(p, "time", "nanoseconds") < 0 || pk_profile_add_sample_type(p, "alloc", "bytes") < 0))
    rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  gj_centre *centres = NULL;
  size_t n_centres = 0;
  if (!rc) {
    pk_json_init_at(&js, buf, len, centres_at, path, err);
    rc = read_centres(&js, p, &centres, &n_centres);
    pk_json_fini(&js);
  }
  if (!rc) {
    pk_json_init_at(&js, buf, len, tree_at, path, err);
    rc = read_tree(&js, p, centres, n_centres, tick_ns);
    pk_json_fini(&js);
  }
  free(centres);
  if (!rc) {
    pk_profile_meta_of(p)->default_type = 0;
    pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "ghcprof-json");
  }
  return rc;
}
