/*
 * diff_paint.h - colours, tooltips and legend of a differential flame graph.
 *
 * Plugs a pk_diff into the scene's hooks.  A frame's colour follows its
 * mark (pk_diff_node_mark): where time moved.
 *
 *   red   own (self) time grew, significantly   (255, g, g), g = 210 x (1 - intensity)
 *   blue  own time shrank, significantly        (g, g, 255)
 *   pale red, dashed red outline   own change is noise, total grew significantly
 *   pale blue, dashed blue outline own change is noise, total shrank
 *   violet  new: no samples before               (200, 120, 255)
 *   teal    removed: no samples after            (80, 200, 200)
 *   grey  changed within noise on both counts    (200, 200, 200)
 *   white no self samples, total unchanged       (255, 255, 255)
 *
 * intensity is |delta| over the largest significant self delta (diff.h),
 * so the biggest change is saturated.  negate swaps red and blue
 * (flamegraph.pl --negate).  Tooltips give before, after, delta and delta %
 * of the frame's total, then its self and total shares before and after,
 * their change in points, p-values and whether each is significant.
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
  char legend[256];
} pk_diff_paint;

#define PK_DIFF_GREY ((pk_rgb){200, 200, 200})
#define PK_DIFF_WHITE ((pk_rgb){255, 255, 255})
#define PK_DIFF_PALE_RED ((pk_rgb){255, 232, 232})
#define PK_DIFF_PALE_BLUE ((pk_rgb){232, 232, 255})
#define PK_DIFF_NEW ((pk_rgb){200, 120, 255})
#define PK_DIFF_REMOVED ((pk_rgb){80, 200, 200})

/* Sets paint up and points opts' color, tooltip, payload and legend at it. */
void pk_diff_paint_init(pk_diff_paint *paint, const pk_diff *d, bool negate, pk_scene_options *opts);
/* The colour of a node of pk_diff_profile(d). */
pk_rgb pk_diff_paint_color(const pk_diff_paint *paint, pk_id node);
/* True, with the outline's colour, for inclusive-only changes. */
bool pk_diff_paint_outline(const pk_diff_paint *paint, pk_id node, pk_rgb *stroke);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
