/*
 * sourcemap/lookup.c - which map applies to a frame, and what the map says
 * of the frame's position (see profkit/sourcemap.h).
 *
 * Matching: a frame's file is a URL or a path; its last component (query
 * and fragment cut) is compared with each map's key and with the last
 * component of the map's "file" field, and the whole of it with "file";
 * the first map added that matches wins.
 *
 * Position: speedscope's rule, since browsers report a function at the
 * parenthesis of its argument list rather than at its name: binary search
 * for the first segment at or after the frame's 1-based (line, column),
 * and take the one before it (the last segment when none is after; no
 * mapping when the very first segment is already after).
 *
 * Name: the segment's name when it has one; else, with the source's text
 * in sourcesContent, the first identifier (\w+) on the original line from
 * the original column.  "constructor" becomes the frame's own name plus
 * " constructor"; "function", "const" and "export" (the guess hit a
 * keyword) and a name the frame's own name already contains (n.zap holds
 * zap) keep the frame's name.
 */
#include <string.h>

#include "sourcemap/sourcemap_internal.h"

/* The last path component of a URL or path, without ?query or #fragment. */
static const char *last_component(const char *file, size_t *len) {
  size_t end = strcspn(file, "?#");
  size_t start = end;
  while (start > 0 && file[start - 1] != '/' && file[start - 1] != '\\') start--;
  *len = end - start;
  return file + start;
}

static bool same(const char *a, size_t alen, const char *b) {
  return strlen(b) == alen && memcmp(a, b, alen) == 0;
}

const pk_sm_map *pk_sm_find(const pk_source_maps *maps, const char *file) {
  if (!maps || !file || !*file) return NULL;
  size_t len;
  const char *base = last_component(file, &len);
  if (len == 0) return NULL;
  for (size_t i = 0; i < maps->count; i++) {
    const pk_sm_map *m = maps->maps[i];
    if (same(base, len, m->key)) return m;
    if (m->file) {
      size_t flen;
      const char *fbase = last_component(m->file, &flen);
      if (strcmp(m->file, file) == 0 || (flen == len && memcmp(fbase, base, len) == 0)) return m;
    }
  }
  return NULL;
}

/* Index of the segment that covers 1-based (line, column), or -1. */
static long covering_segment(const pk_sm_map *m, int32_t line, int32_t column) {
  size_t lo = 0, hi = m->n_mappings; /* first segment at or after the position */
  int64_t want_line = (int64_t)line - 1, want_column = (int64_t)column - 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const pk_sm_mapping *s = &m->mappings[mid];
    bool after = s->gen_line > want_line || (s->gen_line == want_line && s->gen_column >= want_column);
    if (after) hi = mid;
    else lo = mid + 1;
  }
  if (m->n_mappings == 0 || lo == 0) return -1;
  return (long)lo - 1;
}

static bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The first \w+ run of the source's line `line` from `column` (UTF-16 units). */
static const char *guess_name(const char *content, int32_t line, int32_t column, size_t *len) {
  const char *p = content;
  for (int32_t i = 0; i < line; i++) {
    p = strchr(p, '\n');
    if (!p) return NULL;
    p++;
  }
  const char *end = p + strcspn(p, "\n");
  /* The column counts UTF-16 units, as JavaScript strings do: a UTF-8
   * lead byte is one unit (two for 4-byte sequences), continuation bytes
   * none. */
  for (int64_t units = 0; p < end && units < column; p++) {
    unsigned char c = (unsigned char)*p;
    units += (c & 0xC0) == 0x80 ? 0 : c >= 0xF0 ? 2 : 1;
  }
  while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;
  if (p >= end) return NULL;
  while (p < end && !is_word(*p)) p++;
  const char *start = p;
  while (p < end && is_word(*p)) p++;
  *len = (size_t)(p - start);
  return *len ? start : NULL;
}

static bool contains(const char *hay, const char *needle, size_t len) {
  size_t n = strlen(hay);
  for (size_t i = 0; len <= n && i <= n - len; i++)
    if (memcmp(hay + i, needle, len) == 0) return true;
  return false;
}

bool pk_source_maps_lookup(pk_source_location *out, const pk_source_maps *maps, const char *file, const char *name,
                           int32_t line, int32_t column) {
  const pk_sm_map *m = pk_sm_find(maps, file);
  if (!m || line <= 0 || column <= 0) return false;
  long at = covering_segment(m, line, column);
  if (at < 0) return false;
  const pk_sm_mapping *s = &m->mappings[at];
  if (!name) name = "";
  const char *found = NULL;
  size_t found_len = 0;
  if (s->name >= 0) {
    found = m->names[s->name];
    found_len = strlen(found);
  } else if (s->source >= 0 && m->contents[s->source]) {
    found = guess_name(m->contents[s->source], s->orig_line, s->orig_column, &found_len);
  }
  out->name_suffix = "";
  if (found && same(found, found_len, "constructor")) {
    found = NULL;
    out->name_suffix = " constructor";
  } else if (found && (same(found, found_len, "function") || same(found, found_len, "const") ||
                       same(found, found_len, "export") || contains(name, found, found_len))) {
    found = NULL;
  }
  out->name = found ? found : name;
  out->name_len = found ? found_len : strlen(name);
  out->file = s->source >= 0 ? m->sources[s->source] : NULL;
  /* 1-based; a value at the very top of the range stays there. */
  out->line = s->source < 0 ? 0 : s->orig_line < INT32_MAX ? s->orig_line + 1 : INT32_MAX;
  out->column = s->source < 0 ? 0 : s->orig_column < INT32_MAX ? s->orig_column + 1 : INT32_MAX;
  return true;
}
