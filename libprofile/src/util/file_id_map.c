/*
 * util/file_id_map.c - dense-or-sorted map from file ids to array positions.
 *
 * One sort of (id, index) pairs decides everything: duplicates are
 * adjacent, the range is first..last, and when that range is small the
 * sorted pairs are spread into a dense table and freed.
 */
#include <stdlib.h>
#include <string.h>

#include "util/file_id_map.h"
#include "profkit/error.h"

static int compare_pairs(const void *a, const void *b) {
  const pk_id_pair *x = a, *y = b;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

int pk_id_index_build(pk_id_index *ix, pk_id_pair *pairs, size_t n, size_t *duplicates,
                      uint32_t *first_duplicate) {
  memset(ix, 0, sizeof *ix);
  *duplicates = 0;
  *first_duplicate = PK_ID_ABSENT;
  if (n == 0) {
    free(pairs);
    return 0;
  }
  qsort(pairs, n, sizeof *pairs, compare_pairs);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && pairs[i].id == pairs[k - 1].id) {
      if (pairs[i].index < *first_duplicate) *first_duplicate = pairs[i].index;
      (*duplicates)++;
      continue;
    }
    pairs[k++] = pairs[i];
  }
  uint64_t range = pairs[k - 1].id - pairs[0].id;
  if (range < 4 * (uint64_t)k + 1024) {
    ix->dense_len = (size_t)range + 1;
    ix->min = pairs[0].id;
    ix->dense = calloc(ix->dense_len, sizeof *ix->dense);
    if (!ix->dense) {
      free(pairs);
      return PK_ENOMEM;
    }
    for (size_t i = 0; i < k; i++) ix->dense[pairs[i].id - ix->min] = pairs[i].index + 1;
    free(pairs);
    return 0;
  }
  ix->sorted = pairs;
  ix->n_sorted = k;
  return 0;
}

uint32_t pk_id_index_find(const pk_id_index *ix, uint64_t id) {
  if (ix->dense) {
    if (id < ix->min || id - ix->min >= ix->dense_len) return PK_ID_ABSENT;
    return ix->dense[id - ix->min] - 1; /* 0 - 1 wraps to PK_ID_ABSENT */
  }
  size_t lo = 0, hi = ix->n_sorted;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ix->sorted[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < ix->n_sorted && ix->sorted[lo].id == id ? ix->sorted[lo].index : PK_ID_ABSENT;
}

void pk_id_index_free(pk_id_index *ix) {
  free(ix->dense);
  free(ix->sorted);
  memset(ix, 0, sizeof *ix);
}
