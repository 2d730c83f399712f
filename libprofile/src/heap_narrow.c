/*
 * heap_narrow.c - see heap_narrow.h.  One pass checks and encodes; the copy
 * is dropped at the first value that does not fit.
 */
#include <stdlib.h>

#include "heap_narrow.h"

uint16_t *heap_narrow(const uint32_t *v, size_t n, uint32_t base) {
  uint16_t *out = malloc((n ? n : 1) * sizeof *out);
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++) {
    uint32_t x = v[i];
    if (x == PK_HEAP_NONE) out[i] = 0xffff;
    else if (x < 0x8000) out[i] = (uint16_t)x;
    else if (x >= base && x - base < 0x7fff) out[i] = (uint16_t)(0x8000 | (x - base));
    else {
      free(out);
      return NULL;
    }
  }
  return out;
}
