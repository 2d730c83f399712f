/*
 * util/text_lines.h - one line at a time from a buffer (private).
 *
 *   const char *cur = buf, *end = buf + len, *line;
 *   size_t n;
 *   while ((line = pk_text_line(&cur, end, &n))) ...
 *
 * A line ends at '\n' (a '\r' before it is dropped from n); the last line
 * needs no newline.  Used by the line-oriented readers that have no tab or
 * column rules of their own (pmcstat, Papyrus).
 */
#ifndef PROFKIT_TEXT_LINES_H
#define PROFKIT_TEXT_LINES_H

#include <stddef.h>
#include <string.h>

static inline const char *pk_text_line(const char **cursor, const char *end, size_t *len) {
  const char *l = *cursor;
  if (l >= end) return NULL;
  const char *nl = memchr(l, '\n', (size_t)(end - l));
  const char *e = nl ? nl : end;
  *cursor = nl ? nl + 1 : end;
  *len = (size_t)(e - l);
  if (*len && l[*len - 1] == '\r') (*len)--;
  return l;
}

#endif
