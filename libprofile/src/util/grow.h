/*
 * util/grow.h - growing a malloc'd array geometrically (internal).
 *
 * pk_grow makes room for `need` elements, doubling the capacity; it returns
 * 0, or -1 (leaving the array untouched) on overflow or allocation failure.
 */
#ifndef PK_GROW_H
#define PK_GROW_H

#include <stdint.h>
#include <stdlib.h>

static inline int pk_grow(void **array, size_t *capacity, size_t need, size_t elem_size) {
  if (need <= *capacity) return 0;
  size_t cap = *capacity ? *capacity : 16;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) return -1;
    cap *= 2;
  }
  if (cap > SIZE_MAX / elem_size) return -1;
  void *p = realloc(*array, cap * elem_size);
  if (!p) return -1;
  *array = p;
  *capacity = cap;
  return 0;
}

#define PK_GROW(array, capacity, need) \
  pk_grow((void **)&(array), &(capacity), (need), sizeof *(array))

#endif
