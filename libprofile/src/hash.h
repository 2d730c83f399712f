/*
 * hash.h - the hash functions libprofile's tables share (internal).
 *
 * pk_hash_bytes reads 8 bytes at a time and mixes with multiply-xorshift;
 * good enough distribution for interning tables and far faster than a
 * byte-at-a-time hash on long frame names.  Not for hostile-collision
 * resistance beyond what open addressing with a good mix gives.
 */
#ifndef PK_HASH_H
#define PK_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t pk_hash_mix(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  return x;
}

static inline uint64_t pk_hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xff51afd7ed558ccdull);
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ pk_hash_mix(w)) * 0x9fb21c651e98df25ull;
    p += 8;
    len -= 8;
  }
  uint64_t tail = 0;
  memcpy(&tail, p, len);
  h ^= pk_hash_mix(tail ^ ((uint64_t)len << 56));
  return pk_hash_mix(h);
}

#endif
