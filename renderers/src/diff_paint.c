/*
 * diff_paint.c - scene hooks for differential graphs (see diff_paint.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "profkit/diff_paint.h"

#include "numfmt.h"

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

/* Appends to a tooltip buffer, keeping room for its NUL. */
typedef struct tip {
  char *at, *end;
} tip;

static void tip_put(tip *t, const char *s, size_t n) {
  if (n > (size_t)(t->end - t->at)) n = (size_t)(t->end - t->at);
  memcpy(t->at, s, n);
  t->at += n;
}

static void tip_str(tip *t, const char *s) { tip_put(t, s, strlen(s)); }

static void tip_int(tip *t, int64_t v, bool plus) {
  char buf[NUMFMT_MAX];
  tip_put(t, buf, numfmt_int(buf, v, plus));
}

static void tip_fixed(tip *t, double v) {
  char buf[NUMFMT_MAX];
  tip_put(t, buf, numfmt_fixed(buf, v, 2, false, true));
}

/* Called for every drawn frame, tens of thousands of them: numbers are
 * formatted by hand (numfmt.h), and only a frame with self samples pays
 * for its p-value. */
static void tooltip_hook(void *payload, const pk_profile *p, const pk_rect *rect, char *buf,
                         size_t size) {
  (void)p;
  const pk_diff_paint *paint = payload;
  if (rect->node == PK_NONE || size == 0) return;
  tip t = {buf, buf + size - 1};
  /* The total's counts only: its p-value is not shown, so not computed. */
  const int64_t *total = pk_profile_total(pk_diff_profile(paint->diff), rect->node);
  double before = (double)total[PK_DIFF_BEFORE] * pk_diff_scale(paint->diff);
  double delta = (double)total[PK_DIFF_AFTER] - before;
  tip_str(&t, "before ");
  tip_int(&t, llround(before), false);
  tip_str(&t, ", after ");
  tip_int(&t, total[PK_DIFF_AFTER], false);
  tip_str(&t, ", delta ");
  tip_int(&t, llround(delta), true);
  tip_str(&t, " (");
  if (before > 0) {
    tip_fixed(&t, 100.0 * delta / before);
    tip_str(&t, "%); ");
  } else {
    tip_str(&t, "new); ");
  }
  pk_diff_class cls;
  pk_diff_node_intensity(paint->diff, rect->node, &cls);
  if (cls == PK_DIFF_NONE) {
    tip_str(&t, "no self samples");
  } else {
    static const char *const verdict[] = {"no self samples", "noise", "grew", "shrank"};
    pk_diff_change s = pk_diff_node_self(paint->diff, rect->node);
    char pv[32];
    int n = snprintf(pv, sizeof pv, ", p=%.2g, ", s.p_value);
    tip_str(&t, "self ");
    tip_fixed(&t, s.delta_pp);
    tip_str(&t, " pp");
    if (n > 0 && (size_t)n < sizeof pv) tip_put(&t, pv, (size_t)n);
    tip_str(&t, verdict[s.cls]);
  }
  *t.at = '\0';
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
