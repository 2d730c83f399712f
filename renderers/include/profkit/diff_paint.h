/*
 * diff_paint.h - colours, tooltips and legend of a differential flame graph.
 *
 * Plugs a pk_diff into the scene's hooks.  A frame's colour says how its
 * self value changed (as in flamegraph.pl's differential graphs):
 *
 *   red   grew, significantly      (255, g, g), g = 210 x (1 - intensity)
 *   blue  shrank, significantly    (g, g, 255)
 *   grey  changed within sampling noise            (200, 200, 200)
 *   white no self samples on either side           (255, 255, 255)
 *
 * intensity is |delta| over the largest significant delta (diff.h), so the
 * biggest change is saturated.  negate swaps red and blue (flamegraph.pl
 * --negate).  Tooltips add before, after, delta and delta % of the frame's
 * total, and its self change with the p-value.
 *
 * Ownership: the caller owns the pk_diff_paint; it and the diff must
 * outlive every scene built with the options it filled.
 */
#ifndef PROFKIT_DIFF_PAINT_H
#define PROFKIT_DIFF_PAINT_H

#include <stdbool.h>

#include "profkit/diff.h"
#include "profkit/scene.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_diff_paint {
  const pk_diff *diff;
  bool negate;
  char legend[160];
} pk_diff_paint;

#define PK_DIFF_GREY ((pk_rgb){200, 200, 200})
#define PK_DIFF_WHITE ((pk_rgb){255, 255, 255})

/* Sets paint up and points opts' color, tooltip, payload and legend at it. */
void pk_diff_paint_init(pk_diff_paint *paint, const pk_diff *d, bool negate, pk_scene_options *opts);
/* The colour of a node of pk_diff_profile(d). */
pk_rgb pk_diff_paint_color(const pk_diff_paint *paint, pk_id node);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
