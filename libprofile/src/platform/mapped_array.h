/*
 * platform/mapped_array.h - growable arrays for per-node data, straight from the kernel
 * (internal).
 *
 * A profile's node, self and total arrays reach hundreds of MB.  They are
 * anonymous mappings grown with mremap: growing never copies, new pages
 * arrive zero-filled (so "calloc" semantics cost nothing), and on kernels
 * whose transparent huge pages are "madvise" we ask for them, which turns
 * half a million page faults into a few hundred.  Capacities are kept in
 * elements by the caller; sizes here are in bytes, rounded to pages.  The
 * sanitizer build (PK_ARENA_DEBUG) uses malloc so ASan sees every access.
 */
#ifndef PK_BIGARRAY_H
#define PK_BIGARRAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "platform/env_knobs.h"

/* Mappings start at 64 KiB; the sanitizer build's malloc'd arrays at 4 KiB,
 * so that its fuzzers do not zero 64 KiB per array for a ten-line input. */
#ifdef PK_ARENA_DEBUG
#define PK_BIGARRAY_MIN ((size_t)1 << 12)
#else
#define PK_BIGARRAY_MIN ((size_t)1 << 16)
#endif

static inline size_t pk_bigarray_bytes(size_t elements, size_t elem_size) {
  if (elements == 0) return 0;
  if (elements > SIZE_MAX / elem_size) return SIZE_MAX;
  size_t bytes = PK_BIGARRAY_MIN;
  while (bytes < elements * elem_size) {
    if (bytes > SIZE_MAX / 2) return SIZE_MAX;
    bytes *= 2;
  }
  return bytes;
}

/* Makes room for `need` elements (zero-filled past the old end); returns 0
 * or -1 leaving the array as it was. */
static inline int pk_bigarray_grow(void **array, size_t *capacity, size_t need, size_t elem_size) {
  if (need <= *capacity) return 0;
  size_t old_bytes = pk_bigarray_bytes(*capacity, elem_size);
  size_t bytes = pk_bigarray_bytes(need, elem_size);
  if (bytes == SIZE_MAX) return -1;
#ifdef PK_ARENA_DEBUG
  unsigned char *grown = realloc(*array, bytes);
  if (!grown) return -1;
  memset(grown + old_bytes, 0, bytes - old_bytes);
  *array = grown;
  *capacity = bytes / elem_size;
  return 0;
#endif
  void *p;
  if (*array)
    p = mremap(*array, old_bytes, bytes, MREMAP_MAYMOVE);
  else
    p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return -1;
#ifdef MADV_HUGEPAGE
  if (bytes >= ((size_t)4 << 20) && !pk_knob_no_huge_pages()) madvise(p, bytes, MADV_HUGEPAGE);
#endif
  *array = p;
  *capacity = bytes / elem_size;
  return 0;
}

static inline void pk_bigarray_free(void *array, size_t capacity, size_t elem_size) {
#ifdef PK_ARENA_DEBUG
  free(array);
  return;
#endif
  if (array) munmap(array, pk_bigarray_bytes(capacity, elem_size));
}

#define PK_BIGARRAY_GROW(array, capacity, need) \
  pk_bigarray_grow((void **)&(array), &(capacity), (need), sizeof *(array))
#define PK_BIGARRAY_FREE(array, capacity) pk_bigarray_free((array), (capacity), sizeof *(array))

#endif
