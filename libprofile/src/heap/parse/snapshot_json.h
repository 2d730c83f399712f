/*
 * heap/parse/snapshot_json.h - the JSON pieces a heap snapshot is made of, read from a
 * heap_scan window without building a tree: strings (unescaped into a
 * growing byte buffer), integer arrays (handed over record by record),
 * and any other value (skipped, or captured as text for jansson).
 * Nesting is tracked with a counter, never with recursion.
 */
#ifndef PK_HEAP_JSON_H
#define PK_HEAP_JSON_H

#include <stdint.h>

#include "heap/parse/byte_window.h"
#include "platform/compiler.h"

typedef struct heap_bytes {
  char *data;
  size_t len, cap;
  size_t limit;  /* PK_ELIMIT beyond this many bytes; 0 = none */
} heap_bytes;

/* Reads a JSON string at s->p (which must be '"') and appends its unescaped
 * UTF-8 bytes to out (no NUL).  Lone surrogates become U+FFFD. */
int heap_json_string(heap_scan *s, heap_bytes *out);

/* Skips one JSON value of any kind. */
int heap_json_skip(heap_scan *s);

/* Copies the text of one JSON value into out. */
int heap_json_capture(heap_scan *s, heap_bytes *out);

/* "unexpected end of input inside X" at the current position (or the read error). */
int heap_json_end_of_input(heap_scan *s, const char *inside, uint64_t started);

#define HEAP_NUMBER_ROOM 32
#define HEAP_MAX_DIGITS 18

/* Reads an array of integers, `width` (<= 64) values per record, calling
 * record(ctx, values, offset of the record's first value) for each.  A
 * record callback returns 0 or a negative pk_status.  Negative numbers are
 * an error unless allow_negative; fractions and exponents always are.
 * *count gets the number of values read.  `what` names the array in errors.
 *
 * This is the hot loop of the parser: digits go straight from the window
 * into the record buffer, a number never straddles a refill because the
 * loop keeps HEAP_NUMBER_ROOM bytes ahead, and V8's separators (",", "\n,")
 * are taken without a call.  It is inline so that the callback is too. */
typedef int (*heap_record_fn)(void *ctx, const int64_t *values, uint64_t offset);

/* The loop of heap_json_int_records from the value at s->p (a record's
 * first), to and including the closing ']'; `started` is where the array
 * began (for messages).  heap/parse/snapshot_reader.c also starts it in the middle of an
 * array, on a second thread. */
static PK_ALWAYS_INLINE int heap_json_int_values(heap_scan *s, size_t width, int allow_negative, const char *what,
                          heap_record_fn record, void *ctx, uint64_t *count, uint64_t started) {
  int64_t values[64];
  size_t k = 0;
  uint64_t n = 0, record_offset = 0;
  int c;
  for (;;) {
    if ((size_t)(s->end - s->p) < HEAP_NUMBER_ROOM) {
      int rc = heap_scan_fill(s, HEAP_NUMBER_ROOM);
      if (rc < 0) return rc;
    }
    const char *p = s->p, *end = s->end;
    int negative = 0;
    if (p < end && *p == '-') {
      negative = 1;
      p++;
    }
    const char *digits = p;
    uint64_t v = 0;
    while (p < end && (unsigned)(*p - '0') < 10) v = v * 10 + (uint64_t)(*p++ - '0');
    if (p == digits) {
      if (p == end) return heap_json_end_of_input(s, what, started);
      return heap_scan_error(s, heap_scan_pos(s), "expected an integer in \"%s\"", what);
    }
    if (p - digits > HEAP_MAX_DIGITS)
      return heap_scan_error(s, heap_scan_pos(s), "integer too large in \"%s\"", what);
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
      return heap_scan_error(s, heap_scan_pos(s), "expected an integer in \"%s\", found a fraction", what);
    if (negative && !allow_negative)
      return heap_scan_error(s, heap_scan_pos(s), "negative value in \"%s\"", what);
    if (k == 0) record_offset = heap_scan_pos(s);
    values[k++] = negative ? -(int64_t)v : (int64_t)v;
    n++;
    s->p = p;
    if (k == width) {
      int rc = record(ctx, values, record_offset);
      if (rc < 0) return rc;
      k = 0;
    }
    /* separators: V8's ",digit" and "\n,digit" need no call */
    if (s->p + 2 < s->end) {
      if (s->p[0] == ',' && (unsigned)(s->p[1] - '0') < 10) {
        s->p++;
        continue;
      }
      if (s->p[0] == '\n' && s->p[1] == ',' && (unsigned)(s->p[2] - '0') < 10) {
        s->p += 2;
        continue;
      }
    }
    c = heap_scan_peek(s);
    if (c == ',') {
      s->p++;
      c = heap_scan_peek(s);
      if (c < 0) return heap_json_end_of_input(s, what, started);
      continue;
    }
    if (c == ']') {
      if (k != 0)
        return heap_scan_error(s, heap_scan_pos(s),
                               "\"%s\" ends inside a record: %llu values are not a multiple of %zu", what,
                               (unsigned long long)n, width);
      s->p++;
      *count = n;
      return 0;
    }
    if (c < 0) return heap_json_end_of_input(s, what, started);
    return heap_scan_error(s, heap_scan_pos(s), "expected ',' or ']' in \"%s\"", what);
  }
}

static PK_ALWAYS_INLINE int heap_json_int_records(heap_scan *s, size_t width, int allow_negative, const char *what,
                          heap_record_fn record, void *ctx, uint64_t *count) {
  uint64_t started = heap_scan_pos(s);
  int c = heap_scan_peek(s);
  if (c != '[') {
    if (c < 0) return heap_json_end_of_input(s, what, started);
    return heap_scan_error(s, heap_scan_pos(s), "\"%s\" is not an array", what);
  }
  s->p++;
  c = heap_scan_peek(s);
  if (c == ']') {
    s->p++;
    *count = 0;
    return 0;
  }
  return heap_json_int_values(s, width, allow_negative, what, record, ctx, count, started);
}

int heap_bytes_append(heap_bytes *b, const char *data, size_t len);

#endif
