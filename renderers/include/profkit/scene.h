/*
 * scene.h - a layout placed in pixels, with colours and labels: what the
 * SVG and PNG back ends both draw.
 *
 *   +--------------------------------------------------+
 *   |                 title / subtitle                 |  header band
 *   |  [Reset Zoom]                         [Search]   |
 *   |        [leaf ]  [leaf]                           |
 *   |  [ child of root      ] [ child        ]         |  one row per depth
 *   |  [ all                                  ]        |  (top-down if inverted)
 *   |  details line                        Matched: x% |  footer band
 *   +--------------------------------------------------+
 *
 * Geometry follows flamegraph.pl (xpad 10, header 3 x fontsize, plus
 * 2 x fontsize for a subtitle and for a legend line, footer 2 x fontsize +
 * 10, frames frame_height apart with a 1 px gap) so its users find things
 * where they expect.  Colours
 * come from the palette unless the caller supplies a colour hook (the
 * differential graph does); tooltips can be extended the same way.
 *
 * Ownership: the scene borrows the profile, the layout and the option
 * strings (they must outlive it) and owns its boxes; pk_scene_free releases
 * them.  Back ends escape every string they draw; the SVG back end also
 * filters fonttype to letters, digits, space and ",.-_" (it lands in CSS).
 */
#ifndef PROFKIT_SCENE_H
#define PROFKIT_SCENE_H

#include <stdbool.h>

#include "profkit/layout.h"
#include "profkit/palette.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_SCENE_OPTIONS_VERSION 1

typedef struct pk_scene_options {
  unsigned version;     /* PK_SCENE_OPTIONS_VERSION, set by PK_SCENE_OPTIONS_INIT */
  const char *title;        /* NULL: "Flame Graph" ("Icicle Graph" when inverted) */
  const char *subtitle;     /* NULL: none */
  const char *countname;    /* NULL: "samples" */
  const char *nametype;     /* NULL: "Function:" */
  const char *notes;        /* NULL: none */
  const char *fonttype;     /* NULL: "Verdana" */
  double width;             /* image width in px; 0: 1200 */
  double frame_height;      /* px; 0: 16 */
  double fontsize;          /* px; 0: 12 */
  double fontwidth;         /* average glyph width / fontsize; 0: 0.59 */
  pk_palette palette;
  bool inverted;            /* icicle: root at the top */
  /* Optional colour override for a rect (differential graphs). */
  pk_rgb (*color)(void *payload, const pk_profile *p, const pk_rect *rect);
  /* Optional text appended to a rect's tooltip (e.g. "before 10, after 12, +20%").
   * Both hooks must be safe to call from two threads at once: the SVG back
   * end formats the two halves of a big graph in parallel. */
  void (*tooltip)(void *payload, const pk_profile *p, const pk_rect *rect, char *buf, size_t size);
  void *payload;
  const char *legend;       /* optional line drawn under the subtitle */
  pk_color_mode color_mode; /* which flamegraph.pl name hash picks palette colours */
  /* Optional: true when a rect is drawn with a dashed outline of colour
   * *stroke (differential graphs mark inclusive-only changes so); same
   * thread rules as the hooks above. */
  bool (*outline)(void *payload, const pk_profile *p, const pk_rect *rect, pk_rgb *stroke);
  /* Optional: the details line's text while no frame is pointed at (what
   * was not drawn, say); NULL: empty. */
  const char *footnote;
} pk_scene_options;

/* Every field zero: the defaults above. */
#define PK_SCENE_OPTIONS_INIT {.version = PK_SCENE_OPTIONS_VERSION}

typedef struct pk_box {
  double x, y, w, h;  /* px */
  pk_rgb fill;
  size_t rect;        /* index into layout->rects */
  bool outlined;      /* drawn with a dashed outline of colour stroke */
  pk_rgb stroke;
} pk_box;

typedef struct pk_scene {
  const pk_profile *profile;
  const pk_layout *layout;
  pk_scene_options opts;  /* with defaults filled in */
  pk_box *boxes;          /* one per layout rect, same order */
  size_t count;
  double width, height;   /* image size, px */
  double xpad, header, footer;
  /* Text baselines, px: title, subtitle and legend (when present), and the
   * footer line holding the details text and "Matched: N%". */
  double title_y, subtitle_y, legend_y, footer_y;
} pk_scene;

/* Places every rect of layout.  Fails with PK_EINVAL for a non-positive or
 * absurd width, frame height or font size, PK_ENOMEM on allocation failure;
 * *out is NULL on failure.  opts may be NULL (all defaults). */
int pk_scene_build(pk_scene **out, const pk_profile *p, const pk_layout *layout,
                   const pk_scene_options *opts, pk_error *err);
void pk_scene_free(pk_scene *scene);

/* The name shown for a rect ("all" for the root), with its kind suffix stripped. */
const char *pk_scene_rect_name(const pk_scene *scene, size_t rect, size_t *len);
/* The largest min_fraction that drops frames narrower than min_px pixels. */
double pk_scene_min_fraction(const pk_scene_options *opts, double min_px);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
