/*
 * heap/packed_narrow.c - see heap/packed_narrow.h.  One pass checks and encodes; the copy
 * is dropped at the first value that does not fit.
 */
#include <stdlib.h>

#include "heap/packed_narrow.h"
#include "platform/pages.h"

uint16_t *heap_narrow(const uint32_t *v, size_t n, uint32_t base) {
  uint16_t *out = malloc((n ? n : 1) * sizeof *out);
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++)
    if (heap_narrow_one(v[i], base, &out[i]) < 0) {
      free(out);
      return NULL;
    }
  return out;
}

/* Entry i moves from bytes 4i.. to 3i..: forwards, nothing is overwritten
 * before it is read (3i + 2 < 4i + 4), and backwards on the way back. */
void heap_pack24(uint32_t *v, size_t n) {
  uint8_t *b = (uint8_t *)v;
  for (size_t i = 0; i < n; i++) {
    uint32_t x = v[i];
    b[3 * i] = (uint8_t)x;
    b[3 * i + 1] = (uint8_t)(x >> 8);
    b[3 * i + 2] = (uint8_t)(x >> 16);
  }
  heap_release_pages(b + 3 * n, n);
}

void heap_unpack24(uint32_t *v, size_t n) {
  const uint8_t *b = (const uint8_t *)v;
  for (size_t i = n; i-- > 0;)
    v[i] = (uint32_t)b[3 * i] | (uint32_t)b[3 * i + 1] << 8 | (uint32_t)b[3 * i + 2] << 16;
}
