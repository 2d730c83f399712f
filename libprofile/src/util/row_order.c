/*
 * util/row_order.c - sort rank keys: value descending, then name bytes (see util/row_order.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/row_order.h"

static int compare_keys(const void *a, const void *b) {
  const pk_rank_key *x = a, *y = b;
  if (x->value != y->value) return x->value > y->value ? -1 : 1;
  size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = memcmp(x->name, y->name, n);
  if (c) return c;
  return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

void pk_rank_sort(pk_rank_key *keys, size_t count) { qsort(keys, count, sizeof *keys, compare_keys); }
