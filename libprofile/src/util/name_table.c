/*
 * util/name_table.c - a table of distinct strings with dense ids.
 *
 * The slot array is kept at most half full and doubled (rehashing every
 * name) when it would pass that, so probes stay short.
 */
#include <stdlib.h>
#include <string.h>

#include "util/name_table.h"

static uint64_t hash_bytes(const char *s, size_t len) {
  uint64_t x = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) x = (x ^ (unsigned char)s[i]) * 1099511628211ull;
  return x;
}

static int rehash(heap_names *t, size_t cap) {
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots) return -1;
  for (size_t c = 0; c < t->count; c++) {
    size_t j = hash_bytes(t->names[c], strlen(t->names[c])) & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = (uint32_t)c + 1;
  }
  free(t->slots);
  t->slots = slots;
  t->slot_cap = cap;
  return 0;
}

uint32_t heap_names_intern(heap_names *t, const char *name, size_t len) {
  if ((t->count + 1) * 2 > t->slot_cap && rehash(t, t->slot_cap ? t->slot_cap * 2 : 256) < 0) return UINT32_MAX;
  size_t j = hash_bytes(name, len) & (t->slot_cap - 1);
  while (t->slots[j]) {
    const char *c = t->names[t->slots[j] - 1];
    if (strncmp(c, name, len) == 0 && c[len] == '\0') return t->slots[j] - 1;
    j = (j + 1) & (t->slot_cap - 1);
  }
  if (t->count >= t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    char **names = realloc(t->names, cap * sizeof *names);
    if (!names) return UINT32_MAX;
    t->names = names;
    t->cap = cap;
  }
  char *copy = malloc(len + 1);
  if (!copy) return UINT32_MAX;
  memcpy(copy, name, len);
  copy[len] = '\0';
  t->names[t->count] = copy;
  t->slots[j] = (uint32_t)t->count + 1;
  return (uint32_t)t->count++;
}

void heap_names_free(heap_names *t) {
  for (size_t i = 0; i < t->count; i++) free(t->names[i]);
  free(t->names);
  free(t->slots);
  memset(t, 0, sizeof *t);
}
