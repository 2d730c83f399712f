/*
 * util/row_order.h - ordering rows by a value, largest first, ties by name (internal).
 *
 * Tables of functions are sorted for --top and for diff reports; both want
 * a deterministic order, so equal values fall back to the names' bytes.
 * Values are doubles: int64 counts above 2^53 may compare equal when they
 * differ in the last units, which only moves them among their ties.
 */
#ifndef PK_RANK_H
#define PK_RANK_H

#include <stddef.h>

typedef struct pk_rank_key {
  double value;
  const char *name;
  size_t name_len;
  size_t index;   /* the row the key stands for */
} pk_rank_key;

void pk_rank_sort(pk_rank_key *keys, size_t count);

#endif
