/*
 * strtab.c - interned byte strings: arena copies plus an open-addressing
 * index.  The table doubles when it is half full; the stored hash avoids
 * recomputing on growth and most byte comparisons on lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "hash.h"
#include "strtab.h"

static int rehash(pk_strtab *t, size_t slot_count) {
  uint32_t *slots = calloc(slot_count, sizeof *slots);
  uint32_t *hashes = malloc(slot_count * sizeof *hashes);
  if (!slots || !hashes) {
    free(slots);
    free(hashes);
    return -1;
  }
  size_t mask = slot_count - 1;
  for (size_t i = 0; i < t->slot_count; i++) {
    if (!t->slots[i]) continue;
    size_t j = t->slot_hash[i] & mask;
    while (slots[j]) j = (j + 1) & mask;
    slots[j] = t->slots[i];
    hashes[j] = t->slot_hash[i];
  }
  free(t->slots);
  free(t->slot_hash);
  t->slots = slots;
  t->slot_hash = hashes;
  t->slot_count = slot_count;
  return 0;
}

int pk_strtab_init(pk_strtab *t, pk_arena *arena) {
  memset(t, 0, sizeof *t);
  t->arena = arena;
  if (rehash(t, 1024) != 0) return -1;
  return pk_strtab_intern(t, "", 0) == 0 ? 0 : -1;
}

void pk_strtab_release(pk_strtab *t) {
  free(t->strings);
  free(t->slots);
  free(t->slot_hash);
  memset(t, 0, sizeof *t);
}

uint32_t pk_strtab_intern(pk_strtab *t, const char *s, size_t len) {
  if (len >= UINT32_MAX) return UINT32_MAX;
  if ((t->count + 1) * 2 > t->slot_count && rehash(t, t->slot_count * 2) != 0) return UINT32_MAX;
  uint32_t h = (uint32_t)pk_hash_bytes(s, len);
  size_t mask = t->slot_count - 1;
  size_t j = h & mask;
  while (t->slots[j]) {
    if (t->slot_hash[j] == h) {
      const pk_str *e = &t->strings[t->slots[j] - 1];
      if (e->len == len && memcmp(e->data, s, len) == 0) return t->slots[j] - 1;
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
  t->slots[j] = id + 1;
  t->slot_hash[j] = h;
  return id;
}

size_t pk_strtab_memory(const pk_strtab *t) {
  return t->capacity * sizeof(pk_str) + t->slot_count * 2 * sizeof(uint32_t);
}
