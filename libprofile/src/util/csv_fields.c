/*
 * util/csv_fields.c - splitting one CSV record into its fields (see csv_fields.h).
 *
 * One pass over the line: an unquoted field runs to the next comma; a field
 * that starts with a quote runs to the quote that is not doubled, which
 * must be followed by a comma or the end of the line.
 */
#include <stdint.h>
#include <string.h>

#include "util/csv_fields.h"

size_t pk_csv_split(const char *line, size_t n, pk_csv_field *fields, size_t max) {
  size_t count = 0, i = 0;
  for (;;) {
    pk_csv_field f = {line + i, 0, false};
    if (i < n && line[i] == '"') {
      size_t start = ++i;
      for (;;) {
        if (i >= n) return 0; /* unclosed quote */
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            f.escaped = true;
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      f.text = line + start;
      f.len = i - start;
      i++; /* the closing quote */
      if (i < n && line[i] != ',') return 0;
    } else {
      const char *comma = memchr(line + i, ',', n - i);
      size_t stop = comma ? (size_t)(comma - line) : n;
      f.len = stop - i;
      i = stop;
    }
    if (count < max) fields[count] = f;
    count++;
    if (i >= n) return count;
    i++; /* the comma */
  }
}

size_t pk_csv_unquote(const pk_csv_field *f, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < f->len; i++) {
    out[o++] = f->text[i];
    if (f->escaped && f->text[i] == '"' && i + 1 < f->len && f->text[i + 1] == '"') i++;
  }
  return o;
}

bool pk_csv_field_is(const pk_csv_field *f, const char *s) {
  size_t n = strlen(s);
  return f->len == n && memcmp(f->text, s, n) == 0;
}

bool pk_csv_count(const pk_csv_field *f, long long *out) {
  uint64_t v = 0;
  bool digit = false;
  for (size_t i = 0; i < f->len; i++) {
    char c = f->text[i];
    if (c == ',' && digit) continue;
    if (c < '0' || c > '9') return false;
    if (v > ((uint64_t)INT64_MAX - (uint64_t)(c - '0')) / 10) return false;
    v = v * 10 + (uint64_t)(c - '0');
    digit = true;
  }
  if (!digit) return false;
  *out = (long long)v;
  return true;
}
