/*
 * util/strtab.h - interned byte strings (internal).
 *
 * Strings are copied once into the owner's arena and named by a dense id;
 * id 0 is always "".  Lookup goes through a pk_idindex (hash kept beside
 * each id), so a probe compares bytes only on a hash match.
 */
#ifndef PK_STRTAB_H
#define PK_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "util/hash_index.h"
#include "profkit/arena.h"

typedef struct pk_str {
  const char *data;  /* NUL-terminated copy in the arena */
  uint32_t len;
} pk_str;

typedef struct pk_strtab {
  pk_arena *arena;  /* borrowed */
  pk_str *strings;
  size_t count, capacity;
  pk_idindex index;
} pk_strtab;

int pk_strtab_init(pk_strtab *t, pk_arena *arena);
/* The same without the reserved "": ids count from the first string interned. */
void pk_strtab_init_bare(pk_strtab *t, pk_arena *arena);
void pk_strtab_release(pk_strtab *t);
/* Returns the id, or UINT32_MAX on allocation failure or a string over 4 GiB. */
uint32_t pk_strtab_intern(pk_strtab *t, const char *s, size_t len);
size_t pk_strtab_memory(const pk_strtab *t);

#endif
