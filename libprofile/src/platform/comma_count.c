/*
 * platform/comma_count.c - see platform/comma_count.h.  Each byte of the
 * SSE2 accumulator counts the commas of its lane over 64 bytes (at most 4),
 * summed with one SAD per block; the block holding a ']' or the wanted
 * comma is finished byte by byte.
 */
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "platform/comma_count.h"

int64_t pk_count_commas(const char *p, size_t n, uint64_t want, size_t *at) {
  uint64_t got = 0;
  size_t i = 0;
  *at = n;
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), close = _mm_set1_epi8(']');
  for (; i + 64 <= n; i += 64) {
    __m128i commas = _mm_setzero_si128(), closing = _mm_setzero_si128();
    for (size_t j = 0; j < 64; j += 16) {  /* each byte of `commas` counts up to 4 */
      __m128i v = _mm_loadu_si128((const __m128i *)(p + i + j));
      commas = _mm_sub_epi8(commas, _mm_cmpeq_epi8(v, comma));
      closing = _mm_or_si128(closing, _mm_cmpeq_epi8(v, close));
    }
    __m128i sums = _mm_sad_epu8(commas, _mm_setzero_si128());
    uint64_t block = (uint64_t)_mm_cvtsi128_si64(sums) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
    if (_mm_movemask_epi8(closing) || got + block >= want) break;
    got += block;
  }
#endif
  for (; i < n; i++) {
    if (p[i] == ']') return -1;
    if (p[i] == ',' && ++got == want) {
      *at = i + 1;
      return (int64_t)got;
    }
  }
  *at = n;
  return (int64_t)got;
}
