/*
 * util/name_table.h - distinct names with dense ids, each a C string that
 * stays put (internal).
 *
 * Used for class names, inside a snapshot and across the snapshots of a
 * report.  The interning is pk_strtab's (one hash, one index); this adds
 * what the heap code reads: names[id] as a NUL-terminated string, ids from
 * 0 in the order names first came, and a zero-initialised table that is
 * ready to use (the arena is made on the first intern).
 */
#ifndef PK_HEAP_NAMES_H
#define PK_HEAP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "profkit/arena.h"
#include "util/strtab.h"

typedef struct heap_names {
  const char **names;  /* id -> name, in the arena */
  size_t count, cap;
  pk_arena *arena;
  pk_strtab table;
} heap_names;

/* Id of name[0..len), added if new; UINT32_MAX on allocation failure. */
uint32_t heap_names_intern(heap_names *t, const char *name, size_t len);
void heap_names_free(heap_names *t);

#endif
