/*
 * heap/packed_wide.c - see heap/packed_wide.h.
 */
#include <stdlib.h>
#include <string.h>

#include "heap/packed_wide.h"
#include "util/grow.h"
#include "util/hash.h"

/* The slot holding key, or the empty slot where it goes (the index has room). */
static size_t find(const heap_wide *w, uint32_t key, uint32_t hash) {
  size_t mask = w->index.slot_count - 1, j = hash & mask;
  for (uint64_t s; (s = w->index.slots[j]); j = (j + 1) & mask)
    if (PK_IDX_HASH(s) == hash && w->entries[PK_IDX_ID(s)].key == key) break;
  return j;
}

int heap_wide_set(heap_wide *w, uint32_t key, uint64_t value) {
  if (pk_idindex_reserve(&w->index) != 0) return -1;
  uint32_t hash = (uint32_t)pk_hash_mix(key);
  size_t j = find(w, key, hash);
  if (w->index.slots[j]) {
    w->entries[PK_IDX_ID(w->index.slots[j])].value = value;
    return 0;
  }
  if (w->len >= UINT32_MAX - 1 || PK_GROW(w->entries, w->cap, w->len + 1) != 0) return -1;
  w->entries[w->len] = (heap_wide_entry){key, value};
  pk_idindex_put(&w->index, j, hash, (uint32_t)w->len++);
  return 0;
}

uint64_t heap_wide_get(const heap_wide *w, uint32_t key) {
  if (!w->index.slot_count) return 0;
  uint64_t s = w->index.slots[find(w, key, (uint32_t)pk_hash_mix(key))];
  return s ? w->entries[PK_IDX_ID(s)].value : 0;
}

void heap_wide_free(heap_wide *w) {
  free(w->entries);
  free(w->index.slots);
  memset(w, 0, sizeof *w);
}
