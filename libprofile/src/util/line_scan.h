/*
 * util/line_scan.h - whether any line of a text prefix passes a test.
 *
 * Format probes look for a marker line (a header) that need not be the
 * first: pk_any_line walks the lines of the first `limit` bytes and asks
 * `match` about each (without its '\n').  Linear in the bytes scanned.
 * pk_next_line is the readers' line loop: one line at a time, '\r\n' or
 * '\n' ended.
 */
#ifndef PK_UTIL_LINE_SCAN_H
#define PK_UTIL_LINE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool pk_any_line(const char *buf, size_t len, size_t limit, bool (*match)(const char *line, size_t n)) {
  size_t scan = len < limit ? len : limit;
  for (const char *l = buf, *end = buf + scan; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    if (match(l, (size_t)((nl ? nl : end) - l))) return true;
    l = nl ? nl + 1 : end;
  }
  return false;
}

/* The line at *at (NULL when *at reached end), its length without the
 * '\n' and a '\r' before it in *n; *at moves to the next line. */
static inline const char *pk_next_line(const char **at, const char *end, size_t *n) {
  const char *l = *at;
  if (l >= end) return NULL;
  const char *nl = memchr(l, '\n', (size_t)(end - l));
  *n = (size_t)((nl ? nl : end) - l);
  if (*n && l[*n - 1] == '\r') (*n)--;
  *at = nl ? nl + 1 : end;
  return l;
}

#endif
