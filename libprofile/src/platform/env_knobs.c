/*
 * platform/env_knobs.c - see platform/env_knobs.h.
 */
#include <stdlib.h>

#include "platform/env_knobs.h"

uint64_t pk_knob_heap_split_min(uint64_t fallback) {
  const char *knob = getenv("PK_HEAP_SPLIT_MIN");
  return knob ? strtoull(knob, NULL, 10) : fallback;
}

int pk_knob_heap_no_pack(void) { return getenv("PK_HEAP_NO_PACK") != NULL; }

int pk_knob_heap_wide_cursors(void) { return getenv("PK_HEAP_WIDE_CURSORS") != NULL; }

int pk_knob_no_huge_pages(void) { return getenv("PK_NOHUGE") != NULL; }

uint64_t pk_knob_heap_spill_min(uint64_t fallback) {
  const char *knob = getenv("PK_HEAP_SPILL_MIN");
  return knob ? strtoull(knob, NULL, 10) : fallback;
}
