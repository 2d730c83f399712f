/*
 * formats/jfr_chunk.c - JFR chunk headers, metadata and value decoding
 * (see jfr_chunk.h for the layout).
 *
 * The metadata event holds a string table and a tree of elements (root >
 * metadata > class > field | annotation | setting, and a region element);
 * each element is a name index, attribute pairs of string indexes, and its
 * children.  The tree is walked with an explicit stack (depth at most
 * JFR_META_DEPTH), keeping the class elements directly under `metadata`
 * and their field elements: class attributes id, name; field attributes
 * name, class (a type id), constantPool, dimension.  Classes are sorted by
 * id so pools and events find their type by binary search.
 *
 * Values are skipped by a loop over an explicit stack of (class, next
 * field, array elements left), at most JFR_VALUE_DEPTH classes deep; each
 * step costs one unit of the cursor's budget, set from the event's size,
 * so types of empty structs cannot make a small input take long.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/escape.h"
#include "util/grow.h"
#include "util/error_va.h"
#include "util/utf8.h"
#include "formats/jfr_chunk.h"

#define JFR_META_DEPTH 32
#define JFR_VALUE_DEPTH 64

int jfr_fail(jfr_cursor *c, size_t at, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pk_error_setv(c->err, code, c->path, PK_NO_POSITION, at, fmt, ap);
  va_end(ap);
  return code;
}

static int truncated(jfr_cursor *c) { return jfr_fail(c, c->pos, PK_EPARSE, "value runs past the end of its event"); }

int jfr_varint(jfr_cursor *c, int64_t *out) {
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; i++) {
    if (c->pos >= c->end) return truncated(c);
    uint8_t b = c->buf[c->pos++];
    v |= (uint64_t)(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) {
      *out = (int64_t)v;
      return 0;
    }
  }
  if (c->pos >= c->end) return truncated(c);
  v |= (uint64_t)c->buf[c->pos++] << 56;
  *out = (int64_t)v;
  return 0;
}

int jfr_byte(jfr_cursor *c, uint8_t *out) {
  if (c->pos >= c->end) return truncated(c);
  *out = c->buf[c->pos++];
  return 0;
}

/* A count or length that must fit in what is left of the event (each
 * element takes at least one byte). */
static int count_within(jfr_cursor *c, int64_t *n, const char *what) {
  size_t at = c->pos;
  int rc = jfr_varint(c, n);
  if (!rc && (*n < 0 || (uint64_t)*n > c->end - c->pos))
    rc = jfr_fail(c, at, PK_EPARSE, "%s %lld is more than the %zu bytes left in its event", what, (long long)*n,
                  c->end - c->pos);
  return rc;
}

int jfr_read_string(jfr_cursor *c, jfr_string *out) {
  size_t at = c->pos;
  int64_t n, unit;
  int rc = jfr_byte(c, &out->encoding);
  if (rc) return rc;
  out->at = c->pos;
  out->len = 0;
  switch (out->encoding) {
  case 0:
  case 1:
    return 0;
  case 2:
    return jfr_varint(c, &out->key);
  case 3:
  case 5:
    if ((rc = count_within(c, &n, "string length"))) return rc;
    out->at = c->pos;
    out->len = (size_t)n;
    c->pos += (size_t)n;
    return 0;
  case 4:
    if ((rc = count_within(c, &n, "string length"))) return rc;
    out->at = c->pos;
    out->len = (size_t)n;
    for (int64_t i = 0; i < n && !rc; i++) rc = jfr_varint(c, &unit);
    return rc;
  default:
    return jfr_fail(c, at, PK_EPARSE, "unknown string encoding %u", out->encoding);
  }
}

int jfr_string_utf8(jfr_cursor *c, const jfr_string *s, char **buf, size_t *len, size_t *cap, size_t *at) {
  size_t most = s->encoding == 3 ? s->len : s->len * 4; /* Latin-1 and UTF-16 take at most 4 bytes a unit */
  if (pk_grow((void **)buf, cap, *len + most + 1, 1))
    return jfr_fail(c, s->at, PK_ENOMEM, "out of memory");
  char *out = *buf + *len;
  *at = *len;
  if (s->encoding == 3) {
    memcpy(out, c->buf + s->at, s->len);
    out += s->len;
  } else if (s->encoding == 5) {
    for (size_t i = 0; i < s->len; i++) out += pk_utf8_encode(c->buf[s->at + i], out);
  } else if (s->encoding == 4) { /* UTF-16 units as varints; already bounds-checked by jfr_read_string */
    jfr_cursor units = *c;
    units.pos = s->at;
    int64_t u, lo;
    for (size_t i = 0; i < s->len; i++) {
      if (jfr_varint(&units, &u)) return c->err->code;
      uint32_t cp = (uint32_t)u & 0xFFFF, pair = 0;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s->len) {
        jfr_cursor peek = units;
        if (!jfr_varint(&peek, &lo) && (pair = pk_utf16_pair(cp, (uint32_t)lo & 0xFFFF))) {
          units = peek;
          i++;
        }
      }
      out += pk_utf8_encode(pair ? pair : pk_utf16_unit(cp), out);
    }
  }
  *out++ = '\0';
  *len = (size_t)(out - *buf);
  return 0;
}

static uint64_t be(const unsigned char *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++) v = v << 8 | p[i];
  return v;
}

int jfr_chunk_header(jfr_cursor *c, size_t start, jfr_chunk *ch) {
  const unsigned char *h = c->buf + start;
  size_t left = c->end - start;
  if (left < JFR_HEADER_SIZE) return jfr_fail(c, start, PK_EPARSE, "truncated chunk header (%zu of 68 bytes)", left);
  if (memcmp(h, "FLR\0", 4)) return jfr_fail(c, start, PK_EPARSE, "not a JFR chunk (no FLR magic)");
  unsigned major = (unsigned)be(h + 4, 2), minor = (unsigned)be(h + 6, 2);
  if (major != 2)
    return jfr_fail(c, start + 4, PK_EPARSE, "JFR version %u.%u is not supported (2.x is: JDK 11 and later)", major,
                    minor);
  uint64_t size = be(h + 8, 8), pool = be(h + 16, 8), meta = be(h + 24, 8);
  if (size < JFR_HEADER_SIZE || size > left)
    return jfr_fail(c, start + 8, PK_EPARSE, "chunk size %llu does not fit the %zu bytes left in the file%s",
                    (unsigned long long)size, left, size > left ? " (truncated recording?)" : "");
  if (meta < JFR_HEADER_SIZE || meta >= size)
    return jfr_fail(c, start + 24, PK_EPARSE, "metadata offset %llu is outside its chunk of %llu bytes",
                    (unsigned long long)meta, (unsigned long long)size);
  if (pool >= size) /* 0: no constant pool */
    return jfr_fail(c, start + 16, PK_EPARSE, "constant pool offset %llu is outside its chunk of %llu bytes",
                    (unsigned long long)pool, (unsigned long long)size);
  ch->start = start;
  ch->size = (size_t)size;
  ch->pool_offset = (int64_t)pool;
  ch->meta_offset = (int64_t)meta;
  return 0;
}

void jfr_chunk_free(jfr_chunk *ch) {
  free(ch->meta.classes);
  free(ch->meta.fields);
  free(ch->meta.strings);
  memset(&ch->meta, 0, sizeof ch->meta);
}

static int by_class_id(const void *a, const void *b) {
  const jfr_class *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

int64_t jfr_class_index(const jfr_meta *m, int64_t id) {
  size_t lo = 0, hi = m->n_classes;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->classes[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < m->n_classes && m->classes[lo].id == id ? (int64_t)lo : -1;
}

int64_t jfr_class_named(const jfr_meta *m, const char *name) {
  for (size_t i = 0; i < m->n_classes; i++)
    if (!strcmp(m->classes[i].name, name)) return (int64_t)i;
  return -1;
}

int64_t jfr_field_named(const jfr_meta *m, uint32_t cls, const char *name) {
  const jfr_class *k = &m->classes[cls];
  for (uint32_t i = 0; i < k->n_fields; i++)
    if (!strcmp(m->fields[k->first_field + i].name, name)) return i;
  return -1;
}

static uint8_t kind_of(const char *name) {
  static const struct { const char *name; uint8_t kind; } prims[] = {
      {"boolean", JFR_BYTE1}, {"byte", JFR_BYTE1},   {"char", JFR_VARINT},     {"short", JFR_VARINT},
      {"int", JFR_VARINT},    {"long", JFR_VARINT},  {"float", JFR_FLOAT4},    {"double", JFR_DOUBLE8},
      {"java.lang.String", JFR_STRING}};
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
    if (!strcmp(name, prims[i].name)) return prims[i].kind;
  return JFR_STRUCT;
}

/* A decimal attribute (a type id); false if it is not one. */
static bool decimal(const char *s, int64_t *out) {
  int64_t v = 0;
  if (!*s) return false;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *s - '0', &v))
      return false;
  }
  *out = v;
  return true;
}

/* What the metadata walk keeps while reading the tree. */
typedef struct meta_walk {
  jfr_cursor *c;
  jfr_meta *m;
  size_t *offsets; /* string index -> offset into m->strings, then... */
  const char **names; /* ...string index -> the string */
  int64_t n_strings;
  int64_t *field_types; /* per field: its type id until classes are sorted */
  size_t cap_classes, cap_fields, cap_types;
} meta_walk;

enum { EL_OTHER, EL_ROOT, EL_METADATA, EL_CLASS, EL_FIELD };

static int string_at(meta_walk *w, size_t at, int64_t index, const char **out) {
  if (index < 0 || index >= w->n_strings)
    return jfr_fail(w->c, at, PK_EPARSE, "metadata string index %lld out of range (%lld strings)", (long long)index,
                    (long long)w->n_strings);
  *out = w->names[index];
  return 0;
}

/* Reads one element's name and attributes; adds a class or field when it
 * is one, returning its kind in *kind and its child count in *children. */
static int read_element(meta_walk *w, int parent, int *kind, int64_t *children) {
  jfr_cursor *c = w->c;
  size_t at = c->pos;
  int64_t name_index, n_attrs, key, value;
  const char *name = "", *sk = "", *sv = "";
  int rc = jfr_varint(c, &name_index);
  if (!rc) rc = string_at(w, at, name_index, &name);
  if (!rc) rc = count_within(c, &n_attrs, "attribute count");
  if (rc) return rc;
  *kind = parent == EL_ROOT && !strcmp(name, "metadata") ? EL_METADATA
          : parent == EL_METADATA && !strcmp(name, "class") ? EL_CLASS
          : parent == EL_CLASS && !strcmp(name, "field") ? EL_FIELD
                                                             : EL_OTHER;
  jfr_class cls = {.id = -1, .name = NULL, .first_field = (uint32_t)w->m->n_fields};
  jfr_field fld = {0};
  int64_t type = -1;
  for (int64_t i = 0; i < n_attrs; i++) {
    size_t attr_at = c->pos;
    if ((rc = jfr_varint(c, &key)) || (rc = string_at(w, attr_at, key, &sk)) || (rc = jfr_varint(c, &value)) ||
        (rc = string_at(w, attr_at, value, &sv)))
      return rc;
    if (*kind == EL_CLASS && !strcmp(sk, "id") && !decimal(sv, &cls.id))
      return jfr_fail(c, attr_at, PK_EPARSE, "class id \"%.40s\" is not a number", sv);
    if (*kind == EL_CLASS && !strcmp(sk, "name")) cls.name = sv;
    if (*kind == EL_FIELD && !strcmp(sk, "name")) fld.name = sv;
    if (*kind == EL_FIELD && !strcmp(sk, "class") && !decimal(sv, &type))
      return jfr_fail(c, attr_at, PK_EPARSE, "field type \"%.40s\" is not a number", sv);
    if (*kind == EL_FIELD && !strcmp(sk, "constantPool")) fld.pooled = !strcmp(sv, "true");
    if (*kind == EL_FIELD && !strcmp(sk, "dimension")) fld.array = !strcmp(sv, "1");
  }
  if (*kind == EL_CLASS) {
    if (cls.id < 0 || !cls.name) return jfr_fail(c, at, PK_EPARSE, "class element without id or name");
    if (PK_GROW(w->m->classes, w->cap_classes, w->m->n_classes + 1)) return jfr_fail(c, at, PK_ENOMEM, "out of memory");
    w->m->classes[w->m->n_classes++] = cls;
  } else if (*kind == EL_FIELD) {
    if (type < 0 || !fld.name) return jfr_fail(c, at, PK_EPARSE, "field element without name or class");
    if (PK_GROW(w->m->fields, w->cap_fields, w->m->n_fields + 1) ||
        PK_GROW(w->field_types, w->cap_types, w->m->n_fields + 1))
      return jfr_fail(c, at, PK_ENOMEM, "out of memory");
    w->field_types[w->m->n_fields] = type;
    w->m->fields[w->m->n_fields++] = fld;
    w->m->classes[w->m->n_classes - 1].n_fields++;
  }
  return count_within(c, children, "child element count");
}

static int read_tree(meta_walk *w) {
  struct { int kind; int64_t left; } stack[JFR_META_DEPTH];
  int depth = 0, kind;
  int64_t children;
  int rc = read_element(w, EL_OTHER, &kind, &children);
  if (rc) return rc;
  stack[depth++] = (typeof(stack[0])){EL_ROOT, children};
  while (depth > 0) {
    if (stack[depth - 1].left == 0) {
      depth--;
      continue;
    }
    stack[depth - 1].left--;
    size_t at = w->c->pos;
    if ((rc = read_element(w, stack[depth - 1].kind, &kind, &children))) return rc;
    if (children == 0) continue;
    if (depth == JFR_META_DEPTH)
      return jfr_fail(w->c, at, PK_EPARSE, "metadata elements nest deeper than %d levels", JFR_META_DEPTH);
    stack[depth++] = (typeof(stack[0])){kind, children};
  }
  return 0;
}

int jfr_chunk_metadata(jfr_cursor *c, jfr_chunk *ch) {
  size_t at = ch->start + (size_t)ch->meta_offset, chunk_end = ch->start + ch->size;
  jfr_cursor ev = *c;
  ev.pos = at;
  ev.end = chunk_end;
  int64_t size, type, skip, n_strings;
  int rc = jfr_varint(&ev, &size);
  if (rc) return rc;
  if (size <= 0 || (uint64_t)size > chunk_end - at)
    return jfr_fail(c, at, PK_EPARSE, "metadata event size %lld does not fit its chunk", (long long)size);
  ev.end = at + (size_t)size;
  if ((rc = jfr_varint(&ev, &type))) return rc;
  if (type != JFR_EVENT_METADATA)
    return jfr_fail(c, at, PK_EPARSE, "event at the metadata offset has type %lld, not 0", (long long)type);
  for (int i = 0; i < 3 && !rc; i++) rc = jfr_varint(&ev, &skip); /* start time, duration, metadata id */
  if (rc || (rc = count_within(&ev, &n_strings, "metadata string count"))) return rc;
  meta_walk w = {.c = &ev, .m = &ch->meta, .n_strings = n_strings};
  size_t len = 0, cap = 0;
  w.offsets = malloc(((size_t)n_strings + 1) * sizeof *w.offsets);
  if (!w.offsets) return jfr_fail(c, at, PK_ENOMEM, "out of memory");
  for (int64_t i = 0; i < n_strings && !rc; i++) {
    jfr_string s;
    if (!(rc = jfr_read_string(&ev, &s)))
      rc = jfr_string_utf8(&ev, &s, &ch->meta.strings, &len, &cap, &w.offsets[i]);
  }
  if (!rc && !(w.names = malloc(((size_t)n_strings + 1) * sizeof *w.names)))
    rc = jfr_fail(c, at, PK_ENOMEM, "out of memory");
  for (int64_t i = 0; i < n_strings && !rc; i++) w.names[i] = ch->meta.strings + w.offsets[i];
  if (!rc) rc = read_tree(&w);
  if (!rc) {
    for (size_t i = 0; i < ch->meta.n_classes; i++) ch->meta.classes[i].kind = kind_of(ch->meta.classes[i].name);
    if (ch->meta.n_classes) qsort(ch->meta.classes, ch->meta.n_classes, sizeof *ch->meta.classes, by_class_id);
    for (size_t i = 1; i < ch->meta.n_classes && !rc; i++)
      if (ch->meta.classes[i].id == ch->meta.classes[i - 1].id)
        rc = jfr_fail(c, at, PK_EPARSE, "metadata describes class %lld twice", (long long)ch->meta.classes[i].id);
    for (size_t i = 0; i < ch->meta.n_fields && !rc; i++) {
      int64_t k = jfr_class_index(&ch->meta, w.field_types[i]);
      if (k < 0)
        rc = jfr_fail(c, at, PK_EPARSE, "field %s has type %lld, which the metadata does not describe",
                      ch->meta.fields[i].name, (long long)w.field_types[i]);
      else ch->meta.fields[i].cls = (uint32_t)k;
    }
  }
  free(w.offsets);
  free(w.names);
  free(w.field_types);
  return rc;
}

static int skip_scalar(jfr_cursor *c, uint8_t kind) {
  int64_t v;
  jfr_string s;
  size_t n = kind == JFR_BYTE1 ? 1 : kind == JFR_FLOAT4 ? 4 : kind == JFR_DOUBLE8 ? 8 : 0;
  if (kind == JFR_VARINT) return jfr_varint(c, &v);
  if (kind == JFR_STRING) return jfr_read_string(c, &s);
  if (n > c->end - c->pos) return truncated(c);
  c->pos += n;
  return 0;
}

/* One element of field f (its array-ness already handled). */
typedef struct skip_frame {
  uint32_t cls, next;
  const jfr_field *array_of; /* the array field being walked, or NULL */
  int64_t left;              /* its elements still to skip */
} skip_frame;

static int skip_struct(jfr_cursor *c, const jfr_meta *m, uint32_t cls) {
  skip_frame stack[JFR_VALUE_DEPTH];
  int depth = 0;
  stack[depth++] = (skip_frame){cls, 0, NULL, 0};
  uint64_t budget = 64 * (uint64_t)(c->end - c->pos) + 4096;
  while (depth > 0) {
    if (budget-- == 0) return jfr_fail(c, c->pos, PK_EPARSE, "value nests too many empty structs");
    skip_frame *fr = &stack[depth - 1];
    const jfr_field *f;
    int64_t v;
    int rc;
    if (fr->left > 0) {
      fr->left--;
      f = fr->array_of;
    } else {
      const jfr_class *k = &m->classes[fr->cls];
      if (fr->next == k->n_fields) {
        depth--;
        continue;
      }
      f = &m->fields[k->first_field + fr->next++];
      if (f->array) {
        if ((rc = count_within(c, &fr->left, "array length"))) return rc;
        fr->array_of = f;
        continue;
      }
    }
    const jfr_class *t = &m->classes[f->cls];
    if (f->pooled) rc = jfr_varint(c, &v);
    else if (t->kind != JFR_STRUCT) rc = skip_scalar(c, t->kind);
    else if (depth == JFR_VALUE_DEPTH)
      rc = jfr_fail(c, c->pos, PK_EPARSE, "values nest deeper than %d structs", JFR_VALUE_DEPTH);
    else {
      stack[depth++] = (skip_frame){f->cls, 0, NULL, 0};
      rc = 0;
    }
    if (rc) return rc;
  }
  return 0;
}

static int skip_one(jfr_cursor *c, const jfr_meta *m, const jfr_field *f) {
  int64_t v;
  uint8_t kind = m->classes[f->cls].kind;
  if (f->pooled) return jfr_varint(c, &v);
  return kind == JFR_STRUCT ? skip_struct(c, m, f->cls) : skip_scalar(c, kind);
}

int jfr_skip_field(jfr_cursor *c, const jfr_meta *m, const jfr_field *f) {
  if (!f->array) return skip_one(c, m, f);
  int64_t n;
  int rc = count_within(c, &n, "array length");
  for (int64_t i = 0; i < n && !rc; i++) rc = skip_one(c, m, f);
  return rc;
}

int jfr_read_record(jfr_cursor *c, const jfr_meta *m, uint32_t cls, const int8_t *wanted, int64_t *ints,
                    jfr_string *strs) {
  const jfr_class *k = &m->classes[cls];
  int rc = 0;
  for (uint32_t i = 0; i < k->n_fields && !rc; i++) {
    const jfr_field *f = &m->fields[k->first_field + i];
    uint8_t kind = m->classes[f->cls].kind, b = 0;
    int slot = wanted ? wanted[i] : -1;
    if (slot < 0 || f->array || (!f->pooled && kind != JFR_VARINT && kind != JFR_BYTE1 && kind != JFR_STRING))
      rc = jfr_skip_field(c, m, f);
    else if (f->pooled || kind == JFR_VARINT)
      rc = jfr_varint(c, &ints[slot]);
    else if (kind == JFR_BYTE1) {
      if (!(rc = jfr_byte(c, &b))) ints[slot] = b;
    } else if (strs)
      rc = jfr_read_string(c, &strs[slot]);
    else
      rc = jfr_skip_field(c, m, f);
  }
  return rc;
}
