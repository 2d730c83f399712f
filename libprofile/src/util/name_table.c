/*
 * util/name_table.c - see util/name_table.h.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/name_table.h"

uint32_t heap_names_intern(heap_names *t, const char *name, size_t len) {
  if (!t->arena) {
    if (!(t->arena = pk_arena_new())) return UINT32_MAX;
    pk_strtab_init_bare(&t->table, t->arena);
  }
  uint32_t id = pk_strtab_intern(&t->table, name, len);
  if (id == UINT32_MAX || id < t->count) return id;
  if (PK_GROW(t->names, t->cap, t->count + 1) != 0) return UINT32_MAX;  /* the next call retries */
  t->names[t->count++] = t->table.strings[id].data;
  return id;
}

void heap_names_free(heap_names *t) {
  free(t->names);
  pk_strtab_release(&t->table);
  pk_arena_free(t->arena);
  memset(t, 0, sizeof *t);
}
