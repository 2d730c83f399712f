/*
 * util/range_map.h - an ordered map of address ranges [start, start+size)
 * to 32-bit values, for code maps that change while they are read (JIT
 * code created, moved and deleted between samples).
 *
 * A skip list: lookups, inserts and removals in O(log n) expected time,
 * all iterative.  The levels come from a fixed-seed generator, so a run is
 * reproducible.  Ranges do not overlap: adding one removes every range it
 * overlaps, as V8's code map does.
 */
#ifndef PK_UTIL_RANGE_MAP_H
#define PK_UTIL_RANGE_MAP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct pk_range_map pk_range_map;

/* NULL when out of memory. */
pk_range_map *pk_range_map_new(void);
/* Frees the map and its ranges; accepts NULL. */
void pk_range_map_free(pk_range_map *m);
/* Adds [start, start+size) (size at least 1; it is cut at 2^64) with value,
 * after removing the ranges it overlaps; -1 when out of memory. */
int pk_range_map_add(pk_range_map *m, uint64_t start, uint64_t size, uint32_t value);
/* Removes the range starting exactly at start; false if there is none.
 * size and value (either may be NULL) get the removed range's. */
bool pk_range_map_remove(pk_range_map *m, uint64_t start, uint64_t *size, uint32_t *value);
/* The range starting exactly at start (its value), false if none. */
bool pk_range_map_at(const pk_range_map *m, uint64_t start, uint32_t *value);
/* The range containing addr (its value and start), false if none. */
bool pk_range_map_find(const pk_range_map *m, uint64_t addr, uint32_t *value, uint64_t *start);

#endif
