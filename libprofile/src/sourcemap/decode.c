/*
 * sourcemap/decode.c - source map v3 JSON into a pk_sm_map (see
 * sourcemap_internal.h): the VLQ decoder, the mappings grammar and the
 * map's fields, including index maps.
 *
 * The JSON is walked with the project's pull tokenizer; "mappings" may come
 * before "sources" and "names", so it is kept (its bytes and offset) and
 * decoded once the object is read, when the indices can be checked.
 *
 * Mappings: lines are separated by ';', segments by ','; a segment holds 1,
 * 4 or 5 base64 VLQ fields: generated column (relative to the previous
 * segment of the line, reset each line), then source index, original line
 * and original column, then name index (each relative to its previous
 * value in the whole map).  A VLQ digit holds five value bits and a
 * continuation bit (32), least significant group first; the lowest bit of
 * the value is its sign.  Values are limited to 31 bits of magnitude and
 * every running sum is checked to stay in 0 .. 2^31 - 1, so nothing
 * overflows whatever the input; a bad segment is PK_EPARSE naming the map
 * and the byte offset.  The number of segments is at most the length of
 * the mappings string, so memory follows the map's real size.
 *
 * Index maps: {"sections": [{"offset": {"line", "column"}, "map": {...}}]}
 * are read one level deep (a section holding sections, or a "url"
 * section, is refused); each section's segments are shifted by its offset
 * (the column only on its first line) and its indices rebased onto the
 * sources and names gathered so far.  The segments are finally sorted by
 * generated position (then by the rest, as the source-map library orders
 * them) when they are not in that order already.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/arena.h"
#include "sourcemap/sourcemap_internal.h"
#include "util/base64.h"
#include "util/grow.h"
#include "util/json_tokenizer.h"

/* ---- VLQ ---- */

int pk_vlq_decode(const char *text, size_t len, size_t *pos, int32_t *out) {
  uint64_t value = 0;
  unsigned shift = 0;
  size_t at = *pos;
  for (;;) {
    if (at >= len || text[at] == ',' || text[at] == ';') {
      *pos = at;
      return PK_VLQ_TRUNCATED;
    }
    int digit = pk_base64_digit((unsigned char)text[at]);
    if (digit < 0) {
      *pos = at;
      return PK_VLQ_BAD_DIGIT;
    }
    uint64_t bits = (uint64_t)(digit & 31);
    /* 32 bits: 31 of magnitude and the sign.  A digit that would add bits
     * past them (or a continuation past the seventh digit) is too large. */
    if (shift > 30 || (bits << shift) >> 32) {
      *pos = at;
      return PK_VLQ_TOO_LARGE;
    }
    value |= bits << shift;
    shift += 5;
    at++;
    if (!(digit & 32)) break;
  }
  *pos = at;
  uint64_t magnitude = value >> 1;
  if (magnitude > INT32_MAX) return PK_VLQ_TOO_LARGE;
  *out = (value & 1) ? -(int32_t)magnitude : (int32_t)magnitude;
  return PK_VLQ_OK;
}

size_t pk_vlq_encode(int32_t value, char *out) {
  uint32_t v = value < 0 ? ((uint32_t)(-(int64_t)value) << 1) | 1u : (uint32_t)value << 1;
  size_t n = 0;
  do {
    unsigned digit = v & 31;
    v >>= 5;
    if (v) digit |= 32;
    out[n++] = pk_base64_char(digit);
  } while (v);
  return n;
}

/* ---- building a map ---- */

static int oom(pk_error *err, const char *path) {
  return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

void pk_sm_map_free(pk_sm_map *m) {
  if (!m) return;
  pk_arena_free(m->arena);
  free(m->sources);
  free(m->contents);
  free(m->names);
  free(m->mappings);
  free(m);
}

/* Path normalisation as the source-map library does for sources: "."
 * segments dropped, "dir/.." pairs folded, in the path part of a URL. */
static void normalize_path(char *s) {
  char *path = s;
  char *scheme = strstr(s, "://");
  if (scheme && scheme != s && strcspn(s, "/") == (size_t)(scheme - s) + 1) {
    path = strchr(scheme + 3, '/');
    if (!path) return;
  }
  bool absolute = path[0] == '/';
  char *r = path + absolute, *w = path + absolute;
  char *base = w; /* segments before base are ".." that cannot fold */
  while (*r) {
    size_t seg = strcspn(r, "/");
    bool more = r[seg] == '/';
    if (seg == 1 && r[0] == '.') {
      /* dropped */
    } else if (seg == 2 && r[0] == '.' && r[1] == '.' && w > base) {
      w--; /* back over the previous segment and its '/' */
      while (w > base && w[-1] != '/') w--;
    } else if (seg == 2 && r[0] == '.' && r[1] == '.' && absolute) {
      /* "/.." is "/" */
    } else {
      memmove(w, r, seg);
      w += seg;
      if (seg == 2 && r[0] == '.' && r[1] == '.') base = w + (more ? 1 : 0);
      if (more) *w++ = '/';
    }
    r += seg + (more ? 1 : 0);
  }
  *w = '\0';
}

/* sourceRoot joined with a source (unless the source is a URL or
 * absolute), then normalised. */
static char *resolve_source(pk_arena *arena, const char *root, const char *src, size_t len) {
  bool absolute = len && (src[0] == '/' || memchr(src, ':', len) != NULL);
  size_t rlen = root && !absolute ? strlen(root) : 0;
  bool slash = rlen && root[rlen - 1] != '/';
  char *out = pk_arena_alloc(arena, rlen + slash + len + 1);
  if (!out) return NULL;
  if (rlen) memcpy(out, root, rlen);
  if (slash) out[rlen] = '/';
  memcpy(out + rlen + slash, src, len);
  out[rlen + slash + len] = '\0';
  normalize_path(out);
  return out;
}

/* What one map object holds, before it is merged into the pk_sm_map
 * (its strings are already in the map's arena; the arrays are its own). */
typedef struct fields {
  char *file, *root;
  const char *mappings;
  size_t mappings_len, mappings_at;
  char **sources, **contents, **names;
  size_t n_sources, cap_sources, n_contents, cap_contents, n_names, cap_names;
  bool has_mappings, has_sections, escaped;
} fields;

static void fields_free(fields *f) {
  free(f->sources);
  free(f->contents);
  free(f->names);
  memset(f, 0, sizeof *f);
}

/* The tokenizer's own error when it has one, else a parse error saying
 * what was expected where the last token is. */
static int unexpected(pk_json *js, const char *what) {
  return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "%s", what);
}

/* An array of strings (null entries kept as NULL when nulls_ok). */
static int read_strings(pk_json *js, pk_arena *arena, const char *what, bool nulls_ok, char ***v, size_t *n,
                        size_t *cap) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, what);
  if (rc) return rc;
  for (;;) {
    pk_json_tok t = pk_json_next(js);
    if (t == PK_JSON_ARRAY_END) return 0;
    if (t == PK_JSON_ERROR) return js->status;
    char *s = NULL;
    if (t == PK_JSON_STRING) {
      size_t len;
      const char *bytes = pk_json_str(js, &len);
      if (!bytes || !(s = pk_arena_strndup(arena, bytes, len))) return pk_json_fail(js, PK_ENOMEM, "out of memory");
    } else if (!(t == PK_JSON_NULL && nulls_ok)) {
      return pk_json_fail(js, PK_EPARSE, "%s: expected an array of strings", what);
    }
    if (PK_GROW(*v, *cap, *n + 1)) return pk_json_fail(js, PK_ENOMEM, "out of memory");
    (*v)[(*n)++] = s;
  }
}

static int read_string(pk_json *js, pk_arena *arena, const char *what, char **out) {
  pk_json_tok t = pk_json_next(js);
  if (t == PK_JSON_NULL) return 0;
  if (t == PK_JSON_ERROR) return js->status;
  if (t != PK_JSON_STRING) return pk_json_fail(js, PK_EPARSE, "%s: expected a string", what);
  size_t len;
  const char *s = pk_json_str(js, &len);
  if (!s || !(*out = pk_arena_strndup(arena, s, len))) return pk_json_fail(js, PK_ENOMEM, "out of memory");
  return 0;
}

typedef struct decoder {
  pk_json *js;
  pk_sm_map *map;
  const char *path;
  pk_error *err;
} decoder;

static int segment_fail(decoder *d, const fields *f, size_t pos, int32_t line, size_t segment, const char *what) {
  uint64_t offset = f->escaped ? f->mappings_at : f->mappings_at + pos;
  return pk_error_set(d->err, PK_EPARSE, d->path, PK_NO_POSITION, offset,
                      "mappings: %s (generated line %ld, segment %zu)", what, (long)line + 1, segment + 1);
}

static const char *vlq_problem(int rc) {
  return rc == PK_VLQ_TRUNCATED  ? "truncated VLQ value"
         : rc == PK_VLQ_BAD_DIGIT ? "a byte that is not a base64 digit"
                                  : "VLQ value beyond 32 bits";
}

/* Moves the running index *acc by delta; false (leaving it) when the
 * result is no index of an array of count. */
static bool step_index(int32_t *acc, int32_t delta, size_t count, int64_t *next) {
  *next = (int64_t)*acc + delta;
  if (*next < 0 || (uint64_t)*next >= count) return false;
  *acc = (int32_t)*next;
  return true;
}

static int index_fail(decoder *d, const fields *f, size_t pos, int32_t line, size_t segment, const char *what,
                      int64_t index, size_t count) {
  char message[96];
  snprintf(message, sizeof message, "%s index %lld out of range (%zu %ss)", what, (long long)index, count, what);
  return segment_fail(d, f, pos, line, segment, message);
}

/* Adds delta to *acc, keeping it in 0 .. 2^31 - 1. */
static bool add_checked(int32_t *acc, int32_t delta) {
  int64_t sum = (int64_t)*acc + delta;
  if (sum < 0 || sum > INT32_MAX) return false;
  *acc = (int32_t)sum;
  return true;
}

/* Decodes f's mappings into d->map: lines shifted by line0, the first
 * line's columns by column0, indices by the given bases.  The running
 * values start from zero in each map object, as it was written alone. */
static int decode_mappings(decoder *d, const fields *f, int32_t line0, int32_t column0, size_t source_base,
                           size_t name_base) {
  const char *s = f->mappings;
  size_t len = f->mappings_len, pos = 0, segment = 0;
  int32_t line = 0, column = 0, source = 0, orig_line = 0, orig_column = 0, name = 0;
  pk_sm_map *m = d->map;
  while (pos < len) {
    char c = s[pos];
    if (c == ';') {
      if (line == INT32_MAX) return segment_fail(d, f, pos, line, segment, "too many lines");
      line++, column = 0, segment = 0, pos++;
      continue;
    }
    if (c == ',') {
      pos++;
      continue;
    }
    int32_t v[5];
    int n = 0;
    size_t start = pos;
    while (pos < len && s[pos] != ',' && s[pos] != ';') {
      if (n == 5) return segment_fail(d, f, pos, line, segment, "more than 5 fields in a segment");
      int rc = pk_vlq_decode(s, len, &pos, &v[n]);
      if (rc) return segment_fail(d, f, pos, line, segment, vlq_problem(rc));
      n++;
    }
    if (n != 1 && n != 4 && n != 5)
      return segment_fail(d, f, start, line, segment, "a segment needs 1, 4 or 5 fields");
    if (!add_checked(&column, v[0])) return segment_fail(d, f, start, line, segment, "generated column out of range");
    pk_sm_mapping out = {line, column, -1, 0, 0, -1};
    if (n >= 4) {
      int64_t next;
      if (!step_index(&source, v[1], f->n_sources, &next))
        return index_fail(d, f, start, line, segment, "source", next, f->n_sources);
      if (!add_checked(&orig_line, v[2])) return segment_fail(d, f, start, line, segment, "original line out of range");
      if (!add_checked(&orig_column, v[3]))
        return segment_fail(d, f, start, line, segment, "original column out of range");
      out.source = (int32_t)(source_base + (size_t)source);
      out.orig_line = orig_line;
      out.orig_column = orig_column;
    }
    if (n == 5) {
      int64_t next;
      if (!step_index(&name, v[4], f->n_names, &next))
        return index_fail(d, f, start, line, segment, "name", next, f->n_names);
      out.name = (int32_t)(name_base + (size_t)name);
    }
    int32_t shifted_line = out.gen_line, shifted_column = out.gen_column;
    if (!add_checked(&shifted_line, line0) || (line == 0 && !add_checked(&shifted_column, column0)))
      return segment_fail(d, f, start, line, segment, "section offset moves the segment out of range");
    out.gen_line = shifted_line;
    out.gen_column = shifted_column;
    if (PK_GROW(m->mappings, m->cap_mappings, m->n_mappings + 1)) return oom(d->err, d->path);
    m->mappings[m->n_mappings++] = out;
    segment++;
  }
  return 0;
}

/* Moves f's sources, contents and names into the map and decodes its
 * mappings (shifted by the section offset). */
static int merge_fields(decoder *d, fields *f, int32_t line0, int32_t column0) {
  pk_sm_map *m = d->map;
  size_t source_base = m->n_sources, name_base = m->n_names;
  if (f->n_sources > INT32_MAX - source_base || f->n_names > INT32_MAX - name_base)
    return pk_error_set(d->err, PK_ELIMIT, d->path, PK_NO_POSITION, PK_NO_POSITION, "too many sources or names");
  if (PK_GROW(m->sources, m->cap_sources, source_base + f->n_sources + 1)) return oom(d->err, d->path);
  char **contents = realloc(m->contents, m->cap_sources * sizeof *contents);
  if (!contents) return oom(d->err, d->path);
  m->contents = contents;
  for (size_t i = 0; i < f->n_sources; i++) {
    const char *src = f->sources[i] ? f->sources[i] : "";
    m->sources[source_base + i] = resolve_source(m->arena, f->root, src, strlen(src));
    m->contents[source_base + i] = i < f->n_contents ? f->contents[i] : NULL;
    m->n_sources++;
    if (!m->sources[source_base + i]) return oom(d->err, d->path);
  }
  if (PK_GROW(m->names, m->cap_names, name_base + f->n_names + 1)) return oom(d->err, d->path);
  if (f->n_names) memcpy(m->names + name_base, f->names, f->n_names * sizeof *f->names);
  m->n_names += f->n_names;
  if (!m->file) m->file = f->file;
  return decode_mappings(d, f, line0, column0, source_base, name_base);
}

static int read_map_object(decoder *d, int32_t line0, int32_t column0, bool top);

/* "offset": {"line": L, "column": C} */
static int read_offset(decoder *d, int64_t *line, int64_t *column) {
  pk_json *js = d->js;
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "offset");
  if (rc) return rc;
  pk_json_tok t;
  while ((t = pk_json_next(js)) == PK_JSON_KEY) {
    int64_t *slot = pk_json_is(js, "line") ? line : pk_json_is(js, "column") ? column : NULL;
    if (!slot) {
      if ((rc = pk_json_skip_value(js))) return rc;
      continue;
    }
    if ((rc = pk_json_expect(js, PK_JSON_NUMBER, "offset line/column")) || (rc = pk_json_int64(js, slot))) return rc;
    if (*slot < 0 || *slot > INT32_MAX) return pk_json_fail(js, PK_EPARSE, "section offset out of range");
  }
  return t == PK_JSON_OBJECT_END ? 0 : unexpected(js, "bad offset");
}

static int read_sections(decoder *d) {
  pk_json *js = d->js;
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "sections");
  if (rc) return rc;
  int64_t last_line = -1, last_column = -1;
  pk_json_tok t;
  while ((t = pk_json_next(js)) == PK_JSON_OBJECT) {
    int64_t line = -1, column = -1;
    bool has_map = false;
    while ((t = pk_json_next(js)) == PK_JSON_KEY) {
      if (pk_json_is(js, "offset")) {
        if ((rc = read_offset(d, &line, &column))) return rc;
      } else if (pk_json_is(js, "map")) {
        if (line < 0 || column < 0)
          return pk_json_fail(js, PK_EPARSE, "a section's \"offset\" with line and column must come before its \"map\"");
        if (line < last_line || (line == last_line && column < last_column))
          return pk_json_fail(js, PK_EPARSE, "sections out of order");
        last_line = line, last_column = column;
        if ((rc = read_map_object(d, (int32_t)line, (int32_t)column, false))) return rc;
        has_map = true;
      } else if (pk_json_is(js, "url")) {
        return pk_json_fail(js, PK_EPARSE, "sections with \"url\" are not supported (give the maps themselves)");
      } else if ((rc = pk_json_skip_value(js))) {
        return rc;
      }
    }
    if (t != PK_JSON_OBJECT_END) return unexpected(js, "bad section");
    if (!has_map) return pk_json_fail(js, PK_EPARSE, "a section without \"map\"");
  }
  if (t != PK_JSON_ARRAY_END) return unexpected(js, "sections: expected objects");
  return 0;
}

/* One map object (the '{' not yet read).  top: the whole file, which may
 * be an index map; a section's map may not. */
static int read_map_object(decoder *d, int32_t line0, int32_t column0, bool top) {
  pk_json *js = d->js;
  fields f;
  memset(&f, 0, sizeof f);
  int rc = pk_json_expect(js, PK_JSON_OBJECT, "a source map object");
  pk_json_tok t = PK_JSON_ERROR;
  while (rc == 0 && (t = pk_json_next(js)) == PK_JSON_KEY) {
    if (pk_json_is(js, "version")) {
      int64_t version = 0;
      rc = pk_json_expect(js, PK_JSON_NUMBER, "version");
      if (!rc) rc = pk_json_int64(js, &version);
      if (!rc && version != 3)
        rc = pk_json_fail(js, PK_EPARSE, "source map version %lld (only 3 is read)", (long long)version);
    } else if (pk_json_is(js, "file")) {
      rc = read_string(js, d->map->arena, "file", &f.file);
    } else if (pk_json_is(js, "sourceRoot")) {
      rc = read_string(js, d->map->arena, "sourceRoot", &f.root);
    } else if (pk_json_is(js, "sources")) {
      rc = read_strings(js, d->map->arena, "sources", true, &f.sources, &f.n_sources, &f.cap_sources);
    } else if (pk_json_is(js, "sourcesContent")) {
      rc = read_strings(js, d->map->arena, "sourcesContent", true, &f.contents, &f.n_contents, &f.cap_contents);
    } else if (pk_json_is(js, "names")) {
      rc = read_strings(js, d->map->arena, "names", false, &f.names, &f.n_names, &f.cap_names);
    } else if (pk_json_is(js, "mappings")) {
      rc = pk_json_expect(js, PK_JSON_STRING, "mappings");
      if (!rc) {
        f.mappings_at = js->tok_start;
        f.escaped = js->tok_escaped;
        const char *s = pk_json_str(js, &f.mappings_len);
        /* Unescaped (the usual case) it is read in place; an escaped one
         * is in the tokenizer's scratch, which the next string reuses. */
        f.mappings = !s || !f.escaped ? s : pk_arena_strndup(d->map->arena, s, f.mappings_len);
        if (!f.mappings) rc = pk_json_fail(js, PK_ENOMEM, "out of memory");
        f.has_mappings = true;
      }
    } else if (pk_json_is(js, "sections")) {
      if (!top) rc = pk_json_fail(js, PK_EPARSE, "a section's map holds sections (only one level is allowed)");
      else if (f.has_mappings) rc = pk_json_fail(js, PK_EPARSE, "a map with both \"mappings\" and \"sections\"");
      else rc = read_sections(d);
      f.has_sections = true;
    } else {
      rc = pk_json_skip_value(js);
    }
  }
  if (rc == 0 && t != PK_JSON_OBJECT_END) rc = unexpected(js, "bad source map object");
  if (rc == 0 && f.has_sections && f.has_mappings)
    rc = pk_json_fail(js, PK_EPARSE, "a map with both \"mappings\" and \"sections\"");
  if (rc == 0 && !f.has_sections && !f.has_mappings)
    rc = pk_json_fail(js, PK_EPARSE, "no \"mappings\" (is this a source map?)");
  if (rc == 0 && f.has_mappings) rc = merge_fields(d, &f, line0, column0);
  if (rc == 0 && f.has_sections && !d->map->file) d->map->file = f.file;
  fields_free(&f);
  return rc;
}

static int compare_mappings(const void *a, const void *b) {
  const pk_sm_mapping *x = a, *y = b;
  const int32_t *p = &x->gen_line, *q = &y->gen_line;
  for (int i = 0; i < 6; i++)
    if (p[i] != q[i]) return p[i] < q[i] ? -1 : 1;
  return 0;
}

/* The last path component of path, without a ".map" ending. */
static char *default_key(pk_arena *arena, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t len = strlen(base);
  if (len > 4 && strcmp(base + len - 4, ".map") == 0) len -= 4;
  return pk_arena_strndup(arena, base, len);
}

int pk_source_maps_add_buffer(pk_source_maps *maps, const char *path, const char *key, const char *buf,
                              size_t len, pk_error *err) {
  if (!path) path = "<source map>";
  pk_sm_map *m = calloc(1, sizeof *m);
  if (!m || !(m->arena = pk_arena_new())) {
    free(m);
    return oom(err, path);
  }
  m->path = pk_arena_strndup(m->arena, path, strlen(path));
  m->key = key ? pk_arena_strndup(m->arena, key, strlen(key)) : default_key(m->arena, path);
  if (!m->path || !m->key || PK_GROW(maps->maps, maps->cap, maps->count + 1)) {
    pk_sm_map_free(m);
    return oom(err, path);
  }
  /* The XSSI guard a map may start with: ")]}'" and the rest of its line. */
  size_t skip = 0;
  if (len >= 4 && memcmp(buf, ")]}'", 4) == 0) {
    const char *nl = memchr(buf, '\n', len);
    skip = nl ? (size_t)(nl - buf) + 1 : len;
  }
  pk_json js;
  pk_json_init_at(&js, buf, len, skip, path, err);
  decoder d = {&js, m, path, err};
  int rc = read_map_object(&d, 0, 0, true);
  if (rc == 0 && pk_json_next(&js) != PK_JSON_EOF)
    rc = js.status ? js.status : pk_json_fail(&js, PK_EPARSE, "text after the source map object");
  pk_json_fini(&js);
  if (rc) {
    pk_sm_map_free(m);
    return rc;
  }
  /* Segments come in generated order unless a line lists columns out of
   * order or sections overlap: sort only then. */
  bool sorted = true;
  for (size_t i = 1; sorted && i < m->n_mappings; i++)
    sorted = compare_mappings(&m->mappings[i - 1], &m->mappings[i]) <= 0;
  if (!sorted) qsort(m->mappings, m->n_mappings, sizeof *m->mappings, compare_mappings);
  maps->maps[maps->count++] = m;
  return PK_OK;
}

pk_source_maps *pk_source_maps_new(void) { return calloc(1, sizeof(pk_source_maps)); }

void pk_source_maps_free(pk_source_maps *maps) {
  if (!maps) return;
  for (size_t i = 0; i < maps->count; i++) pk_sm_map_free(maps->maps[i]);
  free(maps->maps);
  free(maps);
}

size_t pk_source_maps_count(const pk_source_maps *maps) { return maps ? maps->count : 0; }
