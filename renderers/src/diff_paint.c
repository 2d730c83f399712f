/*
 * diff_paint.c - scene hooks for differential graphs (see diff_paint.h).
 */
#include <math.h>
#include <stdio.h>

#include "profkit/diff_paint.h"

pk_rgb pk_diff_paint_color(const pk_diff_paint *paint, pk_id node) {
  pk_diff_class cls;
  double x = pk_diff_node_intensity(paint->diff, node, &cls);
  if (cls == PK_DIFF_NONE) return PK_DIFF_WHITE;
  if (cls == PK_DIFF_NOISE) return PK_DIFF_GREY;
  if (paint->negate) x = -x;
  uint8_t fade = (uint8_t)(210.0 * (1.0 - fabs(x)));
  return x >= 0 ? (pk_rgb){255, fade, fade} : (pk_rgb){fade, fade, 255};
}

static pk_rgb color_hook(void *payload, const pk_profile *p, const pk_rect *rect) {
  (void)p;
  const pk_diff_paint *paint = payload;
  return rect->node == PK_NONE ? PK_DIFF_WHITE : pk_diff_paint_color(paint, rect->node);
}

/* Called for every drawn frame, so it formats few floats: most frames are
 * callers with no self samples, whose self part is one short phrase. */
static void tooltip_hook(void *payload, const pk_profile *p, const pk_rect *rect, char *buf,
                         size_t size) {
  (void)p;
  const pk_diff_paint *paint = payload;
  if (rect->node == PK_NONE) return;
  /* The total's counts only: its p-value is not shown, so not computed. */
  const int64_t *total = pk_profile_total(pk_diff_profile(paint->diff), rect->node);
  double before = (double)total[PK_DIFF_BEFORE] * pk_diff_scale(paint->diff);
  double delta = (double)total[PK_DIFF_AFTER] - before;
  char rel[32];
  if (before > 0) snprintf(rel, sizeof rel, "%+.2f%%", 100.0 * delta / before);
  else snprintf(rel, sizeof rel, "new");
  int n = snprintf(buf, size, "before %lld, after %lld, delta %+lld (%s); ", llround(before),
                   (long long)total[PK_DIFF_AFTER], llround(delta), rel);
  if (n < 0 || (size_t)n >= size) return;
  pk_diff_class cls;
  pk_diff_node_intensity(paint->diff, rect->node, &cls);
  if (cls == PK_DIFF_NONE) {
    snprintf(buf + n, size - (size_t)n, "no self samples");
    return;
  }
  pk_diff_change s = pk_diff_node_self(paint->diff, rect->node);
  static const char *const verdict[] = {"no self samples", "noise", "grew", "shrank"};
  snprintf(buf + n, size - (size_t)n, "self %+.2f pp, p=%.2g, %s", s.delta_pp, s.p_value, verdict[s.cls]);
}

void pk_diff_paint_init(pk_diff_paint *paint, const pk_diff *d, bool negate, pk_scene_options *opts) {
  paint->diff = d;
  paint->negate = negate;
  int n = snprintf(paint->legend, sizeof paint->legend,
                   "%s: grew, %s: shrank (significant at %g%%); grey: within sampling noise",
                   negate ? "blue" : "red", negate ? "red" : "blue", 100.0 * pk_diff_confidence(d));
  if (pk_diff_normalized(d) && n > 0 && (size_t)n < sizeof paint->legend)
    snprintf(paint->legend + n, sizeof paint->legend - (size_t)n, "; before scaled x%.4g",
             pk_diff_scale(d));
  opts->color = color_hook;
  opts->tooltip = tooltip_hook;
  opts->payload = paint;
  opts->legend = paint->legend;
}
