/*
 * heap/parse/snapshot_json.c - streaming JSON readers for heap snapshots.
 *
 * Strings are unescaped while they are read, in runs between quotes and
 * backslashes.  The integer-array reader lives in heap/parse/snapshot_json.h (inline, so
 * each caller's record callback is inlined into its loop).
 */
#include <stdlib.h>
#include <string.h>

#include "heap/parse/snapshot_json.h"
#include "profkit/escape.h"
#include "util/grow.h"
#include "util/utf8.h"


int heap_bytes_append(heap_bytes *b, const char *data, size_t len) {
  if (len > SIZE_MAX - b->len) return PK_ENOMEM;
  size_t need = b->len + len;
  if (b->limit && need > b->limit) return PK_ELIMIT;
  if (PK_GROW(b->data, b->cap, need) != 0) return PK_ENOMEM;
  memcpy(b->data + b->len, data, len);
  b->len = need;
  return 0;
}

static int append_error(heap_scan *s, int rc, uint64_t at) {
  if (rc == PK_ELIMIT) return pk_error_set(s->err, rc, s->name, PK_NO_POSITION, at, "value too large");
  return pk_error_set(s->err, rc, s->name, PK_NO_POSITION, at, "out of memory");
}

int heap_json_end_of_input(heap_scan *s, const char *inside, uint64_t started) {
  if (s->status) return s->status;
  return heap_scan_error(s, heap_scan_pos(s), "unexpected end of input inside %s (started at byte %llu)",
                         inside, (unsigned long long)started);
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

/* Decodes the escape at s->p (a backslash; 12 bytes are available unless at
 * end of input) into out; advances s->p. */
static int unescape(heap_scan *s, heap_bytes *out, uint64_t started) {
  const char *p = s->p;
  size_t avail = (size_t)(s->end - p);
  if (avail < 2) return heap_json_end_of_input(s, "a string", started);
  char c = p[1], buf[4];
  size_t n = 1;
  switch (c) {
    case '"': case '\\': case '/': buf[0] = c; break;
    case 'b': buf[0] = '\b'; break;
    case 'f': buf[0] = '\f'; break;
    case 'n': buf[0] = '\n'; break;
    case 'r': buf[0] = '\r'; break;
    case 't': buf[0] = '\t'; break;
    case 'u': {
      unsigned cp, low;
      if (avail < 6 || hex4(p + 2, &cp) < 0)
        return heap_scan_error(s, heap_scan_pos(s), "invalid \\u escape in a string");
      size_t used = 6;
      uint32_t pair = avail >= 12 && p[6] == '\\' && p[7] == 'u' && hex4(p + 8, &low) == 0 ? pk_utf16_pair(cp, low) : 0;
      if (pair) used = 12;
      n = pk_utf8_encode(pair ? pair : pk_utf16_unit(cp), buf);
      s->p += used;
      int rc = heap_bytes_append(out, buf, n);
      return rc < 0 ? append_error(s, rc, started) : 0;
    }
    default:
      return heap_scan_error(s, heap_scan_pos(s), "invalid escape \\%c in a string", c);
  }
  s->p += 2;
  int rc = heap_bytes_append(out, buf, n);
  return rc < 0 ? append_error(s, rc, started) : 0;
}

int heap_json_string(heap_scan *s, heap_bytes *out) {
  uint64_t started = heap_scan_pos(s);
  s->p++;  /* the opening quote */
  for (;;) {
    if (s->p == s->end) {
      int rc = heap_scan_fill(s, 1);
      if (rc < 0) return rc;
      if (s->p == s->end) return heap_json_end_of_input(s, "a string", started);
    }
    const char *q = s->p;
    while (q < s->end && *q != '"' && *q != '\\') q++;
    if (q > s->p) {
      int rc = heap_bytes_append(out, s->p, (size_t)(q - s->p));
      if (rc < 0) return append_error(s, rc, started);
      s->p = q;
    }
    if (q == s->end) continue;
    if (*q == '"') {
      s->p++;
      return 0;
    }
    int rc = heap_scan_fill(s, 12);
    if (rc < 0) return rc;
    rc = unescape(s, out, started);
    if (rc < 0) return rc;
  }
}

/* Copies (or skips, out == NULL) a string verbatim, escapes included. */
static int raw_string(heap_scan *s, heap_bytes *out) {
  uint64_t started = heap_scan_pos(s);
  const char *from = s->p;
  s->p++;
  int escaped = 0;
  for (;;) {
    if (s->p == s->end) {
      if (out && s->p > from) {
        int rc = heap_bytes_append(out, from, (size_t)(s->p - from));
        if (rc < 0) return append_error(s, rc, started);
      }
      int rc = heap_scan_fill(s, 1);
      if (rc < 0) return rc;
      if (s->p == s->end) return heap_json_end_of_input(s, "a string", started);
      from = s->p;
    }
    char c = *s->p++;
    if (escaped) escaped = 0;
    else if (c == '\\') escaped = 1;
    else if (c == '"') break;
  }
  if (out) {
    int rc = heap_bytes_append(out, from, (size_t)(s->p - from));
    if (rc < 0) return append_error(s, rc, started);
  }
  return 0;
}

static int is_delimiter(int c) {
  return c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == ' ' ||
         c == '\n' || c == '\r' || c == '\t';
}

static int copy_value(heap_scan *s, heap_bytes *out) {
  uint64_t started = heap_scan_pos(s);
  uint64_t depth = 0;
  for (;;) {
    int c = heap_scan_peek(s);
    if (c < 0) return heap_json_end_of_input(s, "a value", started);
    int rc = 0;
    if (c == '"') {
      rc = raw_string(s, out);
      if (rc < 0) return rc;
    } else if (c == '{' || c == '[' || c == '}' || c == ']' || c == ',' || c == ':') {
      if (c == '{' || c == '[') depth++;
      else if (depth == 0) return heap_scan_error(s, heap_scan_pos(s), "unexpected '%c'", c);
      else if (c == '}' || c == ']') depth--;
      char ch = (char)c;
      if (out && (rc = heap_bytes_append(out, &ch, 1)) < 0) return append_error(s, rc, started);
      s->p++;
    } else {
      size_t n = 0;
      for (;;) {
        if (s->p == s->end && ((rc = heap_scan_fill(s, 1)) < 0 || s->p == s->end)) break;
        if (is_delimiter((unsigned char)*s->p)) break;
        if (out && (rc = heap_bytes_append(out, s->p, 1)) < 0) return append_error(s, rc, started);
        s->p++;
        n++;
      }
      if (rc < 0) return rc;
      if (n == 0) return heap_scan_error(s, heap_scan_pos(s), "unexpected character");
      if (out && (rc = heap_bytes_append(out, " ", 1)) < 0) return append_error(s, rc, started);
    }
    if (depth == 0) return 0;
  }
}

int heap_json_skip(heap_scan *s) { return copy_value(s, NULL); }
int heap_json_capture(heap_scan *s, heap_bytes *out) { return copy_value(s, out); }
