/*
 * html.h - one self-contained interactive HTML page per report.
 *
 * The page holds its data and its code, nothing else: no network, no
 * external script or font (a Content-Security-Policy forbids any).  The
 * model is embedded as one JSON document in a <script type="application/json">
 * element (a string table and flat per-node arrays in pre-order, see
 * docs/design.md, "HTML pages"); the page's JavaScript (renderers/src/html/
 * page.js, compiled in) draws it on a canvas: flame graph, icicle, flame
 * chart, sandwich view, function table, search, zoom.  Every name is data:
 * it reaches the page only as an escaped JSON string and is shown with
 * textContent or fillText, never as markup.
 *
 * Colours and statistics are computed here, in C, by the same functions the
 * SVG uses (palette.h, the scene's colour hook, diff.h's tests), and
 * embedded; the page does arithmetic on counts only.
 *
 * Each function writes the whole page to out; PK_EIO when a write fails,
 * PK_ENOMEM.  opts may be NULL (defaults: "Flame Graph", the hot palette).
 */
#ifndef PROFKIT_HTML_H
#define PROFKIT_HTML_H

#include <stdio.h>

#include "profkit/diff_paint.h"
#include "profkit/heap_report.h"
#include "profkit/scene.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* A flame graph page of a finished profile, all of its sample types
 * (`type` is the one shown first).  From opts: title, subtitle, palette,
 * color_mode, inverted, legend and the colour hook (called once per node,
 * with a rect whose node and frame are set).  A flame chart is offered
 * when the profile has a time order. */
int pk_html_flame(FILE *out, const pk_profile *p, size_t type, const pk_scene_options *opts,
                  pk_error *err);

/* A differential page: the diff's tree in the shape of "after" (or
 * "before", a toggle), coloured by paint (pk_diff_paint_init), each node's
 * self p-value, and the table of significant changes of functions. */
int pk_html_diff(FILE *out, const pk_diff *d, const pk_diff_paint *paint,
                 const pk_scene_options *opts, pk_error *err);

/* A heap page: the verdicts with their retainer paths, the class table, a
 * per-class trend (three or more snapshots), and the retention flame
 * graph `flame` (pk_heap_flame_profile; may be NULL) with one column per
 * snapshot, coloured by opts' hook when given. */
int pk_html_heap(FILE *out, const pk_heap_report *r, const pk_profile *flame,
                 const pk_scene_options *opts, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
