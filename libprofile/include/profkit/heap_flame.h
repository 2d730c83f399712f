/*
 * heap_flame.h - the dominator tree as a call-tree profile, for retention
 * flame graphs drawn by the ordinary layout -> scene -> SVG path.
 *
 * Each heap object becomes a frame named by its class under the frame of
 * its immediate dominator, so paths of equal class names merge and a
 * frame's total is the retained size of everything under that class path.
 * One sample type per snapshot ("retained_<i>", "bytes"): with two
 * snapshots the same tree carries before/after columns for a differential
 * graph.  Objects deeper than max_depth fold into their ancestor at that
 * depth (their bytes stay in the totals).
 *
 * Ownership: *out belongs to the caller (pk_profile_free); it is finished.
 */
#ifndef PROFKIT_HEAP_FLAME_H
#define PROFKIT_HEAP_FLAME_H

#include "profkit/heap.h"
#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_HEAP_FLAME_DEPTH 128

/* Snapshots must be analyzed.  n >= 1. */
int pk_heap_flame_profile(pk_profile **out, pk_heap *const *snaps, size_t n, size_t max_depth, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
