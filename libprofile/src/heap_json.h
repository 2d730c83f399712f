/*
 * heap_json.h - the JSON pieces a heap snapshot is made of, read from a
 * heap_scan window without building a tree: strings (unescaped into a
 * growing byte buffer), integer arrays (handed over record by record),
 * and any other value (skipped, or captured as text for jansson).
 * Nesting is tracked with a counter, never with recursion.
 */
#ifndef PK_HEAP_JSON_H
#define PK_HEAP_JSON_H

#include <stdint.h>

#include "heap_scan.h"

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

/* Reads an array of integers, `width` values per record, calling
 * record(ctx, values, offset of the record's first value) for each.  A
 * record callback returns 0 or a negative pk_status.  Negative numbers are
 * an error unless allow_negative; fractions and exponents always are.
 * *count gets the number of values read.  `what` names the array in errors. */
typedef int (*heap_record_fn)(void *ctx, const int64_t *values, uint64_t offset);
int heap_json_int_records(heap_scan *s, size_t width, int allow_negative, const char *what,
                          heap_record_fn record, void *ctx, uint64_t *count);

int heap_bytes_append(heap_bytes *b, const char *data, size_t len);

#endif
