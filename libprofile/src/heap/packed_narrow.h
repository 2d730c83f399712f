/*
 * heap/packed_narrow.h - per-node 32-bit results stored in 16 bits when they fit
 * (internal).
 *
 * Class ids and distances are small in nearly every snapshot; once a pass
 * has computed them in 32 bits, heap_narrow makes a 16-bit copy so that the
 * 32-bit array can be freed.  A value fits if it is PK_HEAP_NONE, below
 * 0x8000, or `base` plus less than 0x7fff (distances put what only system
 * roots reach at HEAP_DISTANCE_SYSTEM + d; class ids pass base 0x8000, which
 * makes every id below 0xffff fit as itself).  The distances' BFS writes
 * 16 bits from the start (heap_narrow_one) and starts again in 32 only when
 * a distance does not fit.
 */
#ifndef PK_HEAP_NARROW_H
#define PK_HEAP_NARROW_H

#include <stddef.h>
#include <stdint.h>

#include "profkit/heap.h"

/* The 16-bit copy of v[0..n), or NULL if a value does not fit or on OOM
 * (the caller then keeps v). */
uint16_t *heap_narrow(const uint32_t *v, size_t n, uint32_t base);

/* Packs v[0..n) (every value below 2^24) into its first 3n bytes, in
 * place, and gives the pages of the rest back; heap_unpack24 undoes it.
 * For arrays that must survive a phase that does not read them. */
void heap_pack24(uint32_t *v, size_t n);
void heap_unpack24(uint32_t *v, size_t n);

/* Stores x in 16 bits in *out as heap_narrow does; -1 if it does not fit. */
static inline int heap_narrow_one(uint32_t x, uint32_t base, uint16_t *out) {
  if (x == PK_HEAP_NONE) *out = 0xffff;
  else if (x < 0x8000) *out = (uint16_t)x;
  else if (x >= base && x - base < 0x7fff) *out = (uint16_t)(0x8000 | (x - base));
  else return -1;
  return 0;
}

static inline uint32_t heap_widen(uint16_t x, uint32_t base) {
  return x == 0xffff ? PK_HEAP_NONE : x < 0x8000 ? x : base + (x & 0x7fffu);
}

#endif
