/*
 * diff_paint.c - scene hooks for differential graphs (see diff_paint.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "profkit/diff_paint.h"

#include "numfmt.h"

/* Whether a mark means growth, after --negate. */
static bool warm(const pk_diff_paint *paint, pk_diff_mark m) {
  bool grew = m == PK_MARK_SELF_GREW || m == PK_MARK_TOTAL_GREW;
  return grew != paint->negate;
}

pk_rgb pk_diff_paint_color(const pk_diff_paint *paint, pk_id node) {
  double x;
  pk_diff_mark m = pk_diff_node_mark(paint->diff, node, &x);
  switch (m) {
    case PK_MARK_NONE: return PK_DIFF_WHITE;
    case PK_MARK_NOISE: return PK_DIFF_GREY;
    case PK_MARK_NEW: return PK_DIFF_NEW;
    case PK_MARK_REMOVED: return PK_DIFF_REMOVED;
    case PK_MARK_TOTAL_GREW:
    case PK_MARK_TOTAL_SHRANK: return warm(paint, m) ? PK_DIFF_PALE_RED : PK_DIFF_PALE_BLUE;
    default: break;
  }
  uint8_t fade = (uint8_t)(210.0 * (1.0 - fabs(x)));
  return warm(paint, m) ? (pk_rgb){255, fade, fade} : (pk_rgb){fade, fade, 255};
}

bool pk_diff_paint_outline(const pk_diff_paint *paint, pk_id node, pk_rgb *stroke) {
  pk_diff_mark m = pk_diff_node_mark(paint->diff, node, NULL);
  if (m != PK_MARK_TOTAL_GREW && m != PK_MARK_TOTAL_SHRANK) return false;
  *stroke = warm(paint, m) ? (pk_rgb){220, 0, 0} : (pk_rgb){0, 0, 220};
  return true;
}

static bool outline_hook(void *payload, const pk_profile *p, const pk_rect *rect, pk_rgb *stroke) {
  (void)p;
  return rect->node != PK_NONE && pk_diff_paint_outline(payload, rect->node, stroke);
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

static void tip_fixed(tip *t, double v, bool plus) {
  char buf[NUMFMT_MAX];
  tip_put(t, buf, numfmt_fixed(buf, v, 2, false, plus));
}

/* "self 1.20→3.40% (+2.20 pp, p=3e-05, grew)": shares before and after,
 * the change in points, p, and grew/shrank when significant at the level
 * the colours use, noise when not. */
static void tip_change(tip *t, const char *what, const pk_diff_change *c) {
  static const char *const verdict[] = {"no samples", "noise", "grew", "shrank"};
  char pv[NUMFMT_MAX];
  tip_str(t, what);
  tip_fixed(t, c->share_before, false);
  tip_str(t, "\xe2\x86\x92"); /* U+2192, an arrow */
  tip_fixed(t, c->share_after, false);
  tip_str(t, "% (");
  tip_fixed(t, c->delta_pp, true);
  tip_str(t, " pp, p=");
  tip_put(t, pv, numfmt_g2(pv, c->p_value));
  tip_str(t, ", ");
  tip_str(t, verdict[c->cls]);
  tip_str(t, ")");
}

/* Called for every drawn frame, tens of thousands of them: numbers are
 * formatted by hand (numfmt.h). */
static void tooltip_hook(void *payload, const pk_profile *p, const pk_rect *rect, char *buf,
                         size_t size) {
  (void)p;
  const pk_diff_paint *paint = payload;
  if (rect->node == PK_NONE || size == 0) return;
  tip t = {buf, buf + size - 1};
  pk_diff_change total = pk_diff_node_shown(paint->diff, rect->node, true);
  tip_str(&t, "before ");
  tip_int(&t, llround(total.before_scaled), false);
  tip_str(&t, ", after ");
  tip_int(&t, total.after, false);
  tip_str(&t, ", delta ");
  tip_int(&t, llround(total.delta), true);
  tip_str(&t, " (");
  if (total.before_scaled > 0) {
    tip_fixed(&t, total.delta_rel, true);
    tip_str(&t, "%); ");
  } else {
    tip_str(&t, "new); ");
  }
  pk_diff_mark m = pk_diff_node_mark(paint->diff, rect->node, NULL);
  if (m == PK_MARK_NEW) tip_str(&t, "NEW (absent before); ");
  if (m == PK_MARK_REMOVED) tip_str(&t, "REMOVED (absent after); ");
  /* Only what differs is said: a frame without samples of its own has no
   * self part, and a frame whose self is its total (a leaf) one part. */
  const int64_t *sv = pk_profile_self(pk_diff_profile(paint->diff), rect->node);
  bool no_self = sv[PK_DIFF_BEFORE] == 0 && sv[PK_DIFF_AFTER] == 0;
  if (no_self) {
    tip_change(&t, "no self samples; total ", &total);
  } else if (sv[PK_DIFF_BEFORE] == total.before && sv[PK_DIFF_AFTER] == total.after) {
    tip_change(&t, "self = total ", &total);
  } else {
    pk_diff_change self = pk_diff_node_shown(paint->diff, rect->node, false);
    tip_change(&t, "self ", &self);
    tip_change(&t, "; total ", &total);
  }
  *t.at = '\0';
}

void pk_diff_paint_init(pk_diff_paint *paint, const pk_diff *d, bool negate, pk_scene_options *opts) {
  paint->diff = d;
  paint->negate = negate;
  const char *grew = negate ? "blue" : "red", *shrank = negate ? "red" : "blue";
  int n = snprintf(paint->legend, sizeof paint->legend,
                   "%s/%s: own time grew/shrank; pale with dashed %s/%s outline: only the total (callees) "
                   "did; violet: new; teal: removed; grey: noise (%g%%)",
                   grew, shrank, grew, shrank, 100.0 * pk_diff_confidence(d));
  if (pk_diff_normalized(d) && n > 0 && (size_t)n < sizeof paint->legend)
    snprintf(paint->legend + n, sizeof paint->legend - (size_t)n, "; before scaled x%.4g",
             pk_diff_scale(d));
  opts->color = color_hook;
  opts->tooltip = tooltip_hook;
  opts->outline = outline_hook;
  opts->payload = paint;
  opts->legend = paint->legend;
}
