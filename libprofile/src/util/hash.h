/*
 * util/hash.h - the hash functions libprofile's tables share (internal).
 *
 * pk_hash_bytes reads 8 bytes at a time and folds each word in with one
 * 64x64->128-bit multiply (the high and low halves xored), the construction
 * of wyhash: a good distribution for interning tables at about one
 * multiply per 8 bytes (the last few bytes are read as wyhash does, in
 * two overlapping loads).  Not meant to resist deliberate collisions beyond
 * what a well-mixed open-addressing table gives.
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

static inline uint64_t pk_hash_fold(uint64_t a, uint64_t b) {
  __uint128_t product = (__uint128_t)a * b;
  return (uint64_t)product ^ (uint64_t)(product >> 64);
}

static inline uint64_t pk_hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = pk_hash_fold(w ^ 0xa0761d6478bd642full, h ^ 0xe7037ed1a0b428dbull);
    p += 8;
    len -= 8;
  }
  /* The last 0-7 bytes in at most two loads, never byte by byte: bytes
   * copied one at a time into a word and read back stall the load. */
  uint64_t tail = 0;
  if (len >= 4) {
    uint32_t head4, tail4;
    memcpy(&head4, p, 4);
    memcpy(&tail4, p + len - 4, 4);
    tail = (uint64_t)head4 << 32 | tail4;
  } else if (len) {
    tail = (uint64_t)p[0] << 16 | (uint64_t)p[len >> 1] << 8 | p[len - 1];
  }
  h = pk_hash_fold(tail ^ 0x8ebc6af09c88c6e3ull, h ^ 0x589965cc75374cc3ull);
  return pk_hash_fold(h, 0x1d8e4e27c47d124full);
}

#endif
