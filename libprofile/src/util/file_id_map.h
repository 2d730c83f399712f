/*
 * util/file_id_map.h - map the ids a file uses (V8 node ids, pprof location and
 * function ids) to positions in our arrays (private).
 *
 * Files number things as they like: usually 1..N, sometimes sparse or huge.
 * The index is a dense array when the id range is at most a few times the
 * count (one load per lookup), else a sorted array searched in O(log n).
 * Memory is bounded by the number of ids, never by their values.
 *
 * Ownership: the index owns its arrays (pk_id_index_free); the caller's
 * pair array is sorted in place and adopted.
 */
#ifndef PROFKIT_ID_INDEX_H
#define PROFKIT_ID_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct pk_id_pair {
  uint64_t id;
  uint32_t index;
} pk_id_pair;

typedef struct pk_id_index {
  uint32_t *dense;     /* id - min -> index + 1, 0 = absent */
  uint64_t min;
  size_t dense_len;
  pk_id_pair *sorted;  /* when not dense */
  size_t n_sorted;
} pk_id_index;

#define PK_ID_ABSENT UINT32_MAX

/* Builds the index from pairs[0..n) and takes ownership of `pairs` (malloc'd).
 * A repeated id keeps its first (lowest index) entry; *duplicates gets how
 * many were dropped and *first_duplicate the index of the first of them.
 * Returns 0 or PK_ENOMEM (pairs freed either way). */
int pk_id_index_build(pk_id_index *ix, pk_id_pair *pairs, size_t n, size_t *duplicates,
                      uint32_t *first_duplicate);
/* The index stored for id, or PK_ID_ABSENT. */
uint32_t pk_id_index_find(const pk_id_index *ix, uint64_t id);
void pk_id_index_free(pk_id_index *ix);

#endif
