/*
 * platform/env_knobs.h - the environment variables the library reads, all
 * of them, in one place.
 *
 * They are knobs for tests and measurements, not settings for users (those
 * are options of the API calls).  Each is read when the call that uses it
 * starts (a parse, an analysis, a large mapping), never per element, so a
 * test may set one between two calls.
 *
 *   PK_HEAP_SPLIT_MIN  the fewest announced edges worth parsing a heap
 *                      snapshot on two threads (default 2^20; tests set 1)
 *   PK_HEAP_NO_PACK    set: the dominator pass keeps its 4-byte arrays even
 *                      below 2^23 nodes (tests the wide path on small graphs)
 *   PK_HEAP_WIDE_CURSORS  set: the dominator pass's cursors take 4 bytes even
 *                      below 2^24 stored predecessors (tests that path)
 *   PK_NOHUGE          set: no transparent huge pages for per-node arrays
 *                      (to measure what they bring)
 *   PK_HEAP_SPILL_MIN  the fewest string bytes of a snapshot that cannot be
 *                      read again (gzip'd, piped) worth writing its string
 *                      values to a scratch file (default 64 MiB; tests set 1)
 */
#ifndef PK_PLATFORM_ENV_KNOBS_H
#define PK_PLATFORM_ENV_KNOBS_H

#include <stdint.h>

uint64_t pk_knob_heap_split_min(uint64_t fallback);
int pk_knob_heap_no_pack(void);
int pk_knob_heap_wide_cursors(void);
int pk_knob_no_huge_pages(void);
uint64_t pk_knob_heap_spill_min(uint64_t fallback);

#endif
