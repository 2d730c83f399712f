/*
 * util/hash_index.h - open-addressing index of dense ids (internal).
 *
 * A slot packs a 32-bit hash of the key with the id + 1 (0 = empty).  The
 * key itself stays in the owner's table (a node's parent and frame, a
 * frame's fields); a probe compares the stored hash first and reads the
 * owner's entry only on a match, so a miss costs no extra cache line, and
 * growing the index needs no key at all.  Linear probing, kept at most
 * half full.
 */
#ifndef PK_IDINDEX_H
#define PK_IDINDEX_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pk_idindex {
  uint64_t *slots;
  size_t slot_count;  /* power of two */
  size_t used;
} pk_idindex;

#define PK_IDX_HASH(slot) ((uint32_t)((slot) >> 32))
#define PK_IDX_ID(slot) ((uint32_t)(slot) - 1)

static inline int pk_idindex_resize(pk_idindex *ix, size_t slot_count) {
  /* Written, not calloc'd: a fresh page first read maps the shared zero
   * page, and the later write then faults again and flushes the TLB of every
   * thread of the process. */
  if (slot_count > SIZE_MAX / sizeof(uint64_t)) return -1;
  uint64_t *slots = malloc(slot_count * sizeof *slots);
  if (!slots) return -1;
  memset(slots, 0, slot_count * sizeof *slots);
  size_t mask = slot_count - 1;
  for (size_t i = 0; i < ix->slot_count; i++) {
    uint64_t s = ix->slots[i];
    if (!s) continue;
    size_t j = PK_IDX_HASH(s) & mask;
    while (slots[j]) j = (j + 1) & mask;
    slots[j] = s;
  }
  free(ix->slots);
  ix->slots = slots;
  ix->slot_count = slot_count;
  return 0;
}

/* Makes room for one more id; -1 on allocation failure. */
static inline int pk_idindex_reserve(pk_idindex *ix) {
  if (ix->slot_count == 0) return pk_idindex_resize(ix, 1024);
  if ((ix->used + 1) * 2 > ix->slot_count) return pk_idindex_resize(ix, ix->slot_count * 2);
  return 0;
}

static inline void pk_idindex_put(pk_idindex *ix, size_t slot, uint32_t hash, uint32_t id) {
  ix->slots[slot] = ((uint64_t)hash << 32) | (uint64_t)(id + 1);
  ix->used++;
}

#endif
