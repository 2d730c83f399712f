/*
 * util/name_table.h - a table of distinct strings with dense ids (internal).
 *
 * Used for class names, inside a snapshot and across the snapshots of a
 * report.  Open addressing over FNV-1a hashes; names are malloc'd copies.
 */
#ifndef PK_HEAP_NAMES_H
#define PK_HEAP_NAMES_H

#include <stddef.h>
#include <stdint.h>

typedef struct heap_names {
  char **names;
  size_t count, cap;
  uint32_t *slots;  /* id + 1; 0 = empty */
  size_t slot_cap;
} heap_names;

/* Id of name[0..len), added if new; UINT32_MAX on allocation failure. */
uint32_t heap_names_intern(heap_names *t, const char *name, size_t len);
void heap_names_free(heap_names *t);

#endif
