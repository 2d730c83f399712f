/*
 * heap/packed_wide.h - the rare values too wide for a narrow per-node or per-edge
 * array (internal).
 *
 * Self sizes are kept in 16 bits, retained sizes in 32, and node and edge
 * names in 24 (node names in 32 when too many are wider, see
 * snapshot_reader.c); the few that do not fit leave a sentinel in the
 * narrow array and their real value here, keyed by node or edge number.  The entries are a dense array indexed by the
 * library's one hash index (util/hash_index.h, doubled at half load), so a
 * hostile file full of wide values costs memory in proportion to its size
 * and constant time per lookup.
 */
#ifndef PK_HEAP_WIDE_H
#define PK_HEAP_WIDE_H

#include <stddef.h>
#include <stdint.h>

#include "util/hash_index.h"

typedef struct heap_wide_entry {
  uint32_t key;
  uint64_t value;
} heap_wide_entry;

typedef struct heap_wide {
  heap_wide_entry *entries;  /* in the order keys were first set */
  size_t len, cap;
  pk_idindex index;
} heap_wide;

/* Stores value under key (replacing any); 0, or -1 if the table cannot grow. */
int heap_wide_set(heap_wide *w, uint32_t key, uint64_t value);
/* The value stored under key; 0 if there is none. */
uint64_t heap_wide_get(const heap_wide *w, uint32_t key);
void heap_wide_free(heap_wide *w);

#endif
