/*
 * util/strtab.c - interned byte strings: arena copies plus a pk_idindex.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "util/strtab.h"

void pk_strtab_init_bare(pk_strtab *t, pk_arena *arena) {
  memset(t, 0, sizeof *t);
  t->arena = arena;
}

int pk_strtab_init(pk_strtab *t, pk_arena *arena) {
  pk_strtab_init_bare(t, arena);
  return pk_strtab_intern(t, "", 0) == 0 ? 0 : -1;
}

void pk_strtab_release(pk_strtab *t) {
  free(t->strings);
  free(t->index.slots);
  memset(t, 0, sizeof *t);
}

uint32_t pk_strtab_intern(pk_strtab *t, const char *s, size_t len) {
  if (len >= UINT32_MAX || pk_idindex_reserve(&t->index) != 0) return UINT32_MAX;
  uint32_t h = (uint32_t)pk_hash_bytes(s, len);
  size_t mask = t->index.slot_count - 1;
  size_t j = h & mask;
  const uint64_t *slots = t->index.slots;
  while (slots[j]) {
    if (PK_IDX_HASH(slots[j]) == h) {
      const pk_str *e = &t->strings[PK_IDX_ID(slots[j])];
      if (e->len == len && memcmp(e->data, s, len) == 0) return PK_IDX_ID(slots[j]);
    }
    j = (j + 1) & mask;
  }
  if (t->count >= UINT32_MAX - 1) return UINT32_MAX;
  if (PK_GROW(t->strings, t->capacity, t->count + 1) != 0) return UINT32_MAX;
  char *copy = pk_arena_strndup(t->arena, s, len);
  if (!copy) return UINT32_MAX;
  uint32_t id = (uint32_t)t->count++;
  t->strings[id].data = copy;
  t->strings[id].len = (uint32_t)len;
  pk_idindex_put(&t->index, j, h, id);
  return id;
}

size_t pk_strtab_memory(const pk_strtab *t) {
  return t->capacity * sizeof(pk_str) + t->index.slot_count * sizeof(uint64_t);
}
