/*
 * heap/packed_wide.c - see heap/packed_wide.h.  Keys are node or edge numbers, below
 * UINT32_MAX, so that value marks an empty slot.
 */
#include <stdlib.h>
#include <string.h>

#include "heap/packed_wide.h"

static size_t slot_of(uint32_t key, size_t cap) {
  return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static int grow(heap_wide *w) {
  size_t cap = w->cap ? w->cap * 2 : 64;
  uint32_t *keys = malloc(cap * sizeof *keys);
  uint64_t *values = malloc(cap * sizeof *values);
  if (!keys || !values || cap > SIZE_MAX / 2 / sizeof *values) {
    free(keys);
    free(values);
    return -1;
  }
  memset(keys, 0xff, cap * sizeof *keys);
  for (size_t i = 0; i < w->cap; i++) {
    if (w->keys[i] == UINT32_MAX) continue;
    size_t j = slot_of(w->keys[i], cap);
    while (keys[j] != UINT32_MAX) j = (j + 1) & (cap - 1);
    keys[j] = w->keys[i];
    values[j] = w->values[i];
  }
  free(w->keys);
  free(w->values);
  w->keys = keys;
  w->values = values;
  w->cap = cap;
  return 0;
}

int heap_wide_set(heap_wide *w, uint32_t key, uint64_t value) {
  if ((w->len + 1) * 2 > w->cap && grow(w) < 0) return -1;
  size_t j = slot_of(key, w->cap);
  while (w->keys[j] != UINT32_MAX && w->keys[j] != key) j = (j + 1) & (w->cap - 1);
  if (w->keys[j] == UINT32_MAX) w->len++;
  w->keys[j] = key;
  w->values[j] = value;
  return 0;
}

uint64_t heap_wide_get(const heap_wide *w, uint32_t key) {
  if (!w->cap) return 0;
  size_t j = slot_of(key, w->cap);
  while (w->keys[j] != UINT32_MAX) {
    if (w->keys[j] == key) return w->values[j];
    j = (j + 1) & (w->cap - 1);
  }
  return 0;
}

void heap_wide_free(heap_wide *w) {
  free(w->keys);
  free(w->values);
  w->keys = NULL;
  w->values = NULL;
  w->cap = w->len = 0;
}
