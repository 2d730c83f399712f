/*
 * layout.h - where every frame of a flame graph goes, computed once.
 *
 * A layout is a flat array of rects in depth-first pre-order (a parent
 * before its children; rect 0 is the root).  Positions are in value units
 * (samples, bytes, microseconds): `start` is the offset from the left edge
 * of the root and `width` the frame's value.  Siblings are merged (the model
 * already merged equal frames) and sorted by name, which is flamegraph.pl's
 * order.  Frames narrower than min_fraction of the root are dropped together
 * with their subtree.  The layout knows nothing of pixels; pk_scene turns it
 * into boxes, and the SVG and PNG back ends draw the scene.
 *
 * Ownership: pk_layout_free releases the layout; it holds no pointer into
 * the profile, only ids.
 */
#ifndef PROFKIT_LAYOUT_H
#define PROFKIT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_rect {
  pk_id node;      /* node in the profile, PK_NONE if the rect has none */
  pk_id frame;     /* frame in the profile (PK_NONE for the root) */
  uint32_t depth;  /* root = 0 */
  int64_t start;   /* value units from the left edge */
  int64_t width;   /* value units */
} pk_rect;

typedef struct pk_layout {
  pk_rect *rects;
  size_t count;
  uint32_t max_depth;
  int64_t total;   /* the root's width */
  size_t type;     /* sample type column the widths come from */
  /* What min_fraction left out: frames dropped with their callees (each
   * counted once, its callees not visited) and their summed width. */
  size_t pruned_count;
  int64_t pruned_value;
} pk_layout;

#define PK_LAYOUT_OPTIONS_VERSION 1

typedef struct pk_layout_options {
  unsigned version;     /* PK_LAYOUT_OPTIONS_VERSION, set by PK_LAYOUT_OPTIONS_INIT */
  size_t type;          /* sample type column for widths */
  double min_fraction;  /* drop frames narrower than this share of the root; 0 keeps all */
} pk_layout_options;

#define PK_LAYOUT_OPTIONS_INIT {.version = PK_LAYOUT_OPTIONS_VERSION, .type = 0, .min_fraction = 0.0}

/* Flame graph layout of a finished profile (pk_profile_finish). */
int pk_layout_flame(pk_layout **out, const pk_profile *p, const pk_layout_options *opts, pk_error *err);
void pk_layout_free(pk_layout *layout);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
