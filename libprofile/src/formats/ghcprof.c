/*
 * ghcprof.c - reader for GHC's text profiling report (`+RTS -p`, `-P`).
 *
 * After the summary tables comes the call tree: a header line
 * ("COST CENTRE MODULE SRC no. entries %time %alloc %time %alloc [ticks
 * bytes]"), a blank line, then one line per cost centre, indented one
 * space per level, until the next blank line.  Values sit in fixed columns
 * that start where their header word starts (columns counted in
 * characters, not bytes: names may be UTF-8).  Each line adds the
 * individual cost of `Module.costcentre` under its parent; an indentation
 * that skips a level is an error.  These are inferno's collapse-ghcprof
 * rules, so its expected outputs can be met.
 *
 * Sample types: `time` (the individual %time, in tenths of a percent, as
 * inferno's default), and with `-P` also `ticks` (count) and `alloc`
 * (bytes); ticks is the default when present.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

static const char *const header_words[] = {"COST", "CENTRE", "MODULE", "SRC", "no.", "entries", "%time", "%alloc", "%time", "%alloc"};
enum { N_HEADER = 10 };

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

static bool header_line(const char *s, size_t n) {
  size_t i = 0;
  for (int w = 0; w < N_HEADER; w++) {
    while (i < n && is_space(s[i])) i++;
    size_t start = i;
    while (i < n && !is_space(s[i])) i++;
    size_t len = strlen(header_words[w]);
    if (i - start != len || memcmp(s + start, header_words[w], len) != 0) return false;
  }
  return true;
}

bool pk_ghcprof_probe(const char *buf, size_t len) { return pk_any_line(buf, len, 65536, header_line); }

/* Byte offset of character `chars` of the line (UTF-8), or n. */
static size_t byte_at(const char *s, size_t n, size_t chars) {
  size_t i = 0;
  while (i < n && chars) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    chars--;
  }
  return i;
}

/* The word at or after character column `col`: start and length. */
static const char *word_at(const char *s, size_t n, size_t col, size_t *len) {
  size_t i = byte_at(s, n, col);
  while (i < n && is_space(s[i])) i++;
  size_t start = i;
  while (i < n && !is_space(s[i])) i++;
  *len = i - start;
  return s + start;
}

/* Character column where `word` starts in the header (first match), or -1. */
static long column_of(const char *s, size_t n, const char *word, bool end_of_previous) {
  size_t k = strlen(word);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(s + i, word, k) == 0) {
      size_t b = i;
      if (end_of_previous) { /* inferno: one past the end of the column before */
        while (b > 0 && is_space(s[b - 1])) b--;
      }
      size_t chars = 0;
      for (size_t j = 0; j < b; j++) chars += ((unsigned char)s[j] & 0xC0) != 0x80;
      return (long)chars;
    }
  return -1;
}

static bool number(const char *s, size_t n, double *out) {
  char tmp[64];
  if (!n || n >= sizeof tmp) return false;
  memcpy(tmp, s, n);
  tmp[n] = 0;
  char *end;
  *out = strtod(tmp, &end);
  return !*end && *out >= 0 && *out < 9e18;
}

int pk_ghcprof_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                     pk_error *err) {
  (void)opts;
  const char *l = buf, *end = buf + len;
  uint64_t line = 0;
  long col_module = -1, col_time = -1, col_ticks = -1, col_bytes = -1;
  while (l < end) { /* up to the call tree's header */
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    size_t n = (size_t)((nl ? nl : end) - l);
    line++;
    if (header_line(l, n)) {
      col_module = column_of(l, n, "MODULE", false);
      col_time = column_of(l, n, "%time", false);
      col_ticks = column_of(l, n, "ticks", true);
      col_bytes = column_of(l, n, "bytes", true);
      l = nl ? nl + 1 : end;
      break;
    }
    l = nl ? nl + 1 : end;
  }
  if (col_module < 0) return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no call tree header");
  bool ticks = col_ticks >= 0 && col_bytes >= 0;
  if (pk_profile_add_sample_type(p, "time", "permille") < 0 ||
      (ticks && (pk_profile_add_sample_type(p, "ticks", "count") < 0 || pk_profile_add_sample_type(p, "alloc", "bytes") < 0)))
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_profile_meta_of(p)->default_type = ticks ? 1 : 0;
  if (l < end) { /* the blank line after the header */
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    l = nl ? nl + 1 : end;
    line++;
  }
  pk_id *stack = NULL;
  size_t depth = 0, cap = 0, rows = 0;
  char *name = NULL;
  size_t name_cap = 0;
  int rc = 0;
  while (l < end && !rc) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    size_t n = (size_t)((nl ? nl : end) - l);
    const char *s = l;
    l = nl ? nl + 1 : end;
    line++;
    while (n && is_space(s[n - 1])) n--;
    if (!n) break;
    size_t indent = 0;
    while (indent < n && s[indent] == ' ') indent++;
    if (indent > depth) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "indentation skips a level");
      break;
    }
    depth = indent;
    size_t fl, ml;
    const char *fn = word_at(s, n, 0, &fl), *mod = word_at(s, n, (size_t)col_module, &ml);
    int64_t v[3] = {0, 0, 0};
    double d;
    size_t wl;
    const char *w = word_at(s, n, (size_t)col_time, &wl);
    if (!number(w, wl, &d) || d >= 9e17) { /* stored in tenths */
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "invalid cost field \"%.*s\"", (int)(wl < 40 ? wl : 40), w);
      break;
    }
    v[0] = (int64_t)(d * 10.0);
    for (int k = 0; ticks && k < 2; k++) {
      w = word_at(s, n, (size_t)(k ? col_bytes : col_ticks), &wl);
      if (!number(w, wl, &d)) {
        rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "invalid cost field \"%.*s\"", (int)(wl < 40 ? wl : 40), w);
        break;
      }
      v[1 + k] = (int64_t)d;
    }
    if (rc) break;
    if (pk_grow((void **)&name, &name_cap, ml + fl + 2, 1) || pk_grow((void **)&stack, &cap, depth + 1, sizeof *stack)) {
      rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
      break;
    }
    memcpy(name, mod, ml);
    name[ml] = '.';
    memcpy(name + ml + 1, fn, fl);
    pk_id f = pk_profile_frame_named(p, name, ml + 1 + fl, PK_FRAME_PLAIN);
    pk_id node = f == PK_NONE ? PK_NONE : pk_profile_child(p, depth ? stack[depth - 1] : PK_ROOT, f);
    if (node == PK_NONE) {
      rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
      break;
    }
    stack[depth++] = node;
    if (pk_profile_add_self(p, node, v)) rc = pk_error_set(err, PK_ELIMIT, path, line, PK_NO_POSITION, "costs overflow 2^63-1");
    rows++;
  }
  free(stack);
  free(name);
  if (!rc && !rows) rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "empty call tree");
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "ghcprof");
  return rc;
}
