/*
 * png.h - the PNG back end: a pk_scene drawn through cairo.
 *
 * Same scene as the SVG (boxes, colours, title, subtitle, legend), so a PNG
 * and an SVG of one profile match frame for frame.  Text goes through
 * cairo's font API, which asks fontconfig for the scene's font family
 * (Verdana falls back to DejaVu Sans from fonts-dejavu-core); labels are fitted with the
 * real advance widths of that font and cut with ".." as flamegraph.pl does.
 * A PNG is static: no zoom, search or tooltips.
 */
#ifndef PROFKIT_PNG_H
#define PROFKIT_PNG_H

#include <stdio.h>

#include "profkit/scene.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* Largest width or height cairo can draw, px. */
#define PK_PNG_MAX_SIDE 32767
/* Largest image drawn, px (4 bytes each in memory while drawing). */
#define PK_PNG_MAX_PIXELS (64.0 * 1024 * 1024)

/* Draws scene into out as PNG.  PK_ELIMIT when the image would exceed
 * PK_PNG_MAX_SIDE on a side or PK_PNG_MAX_PIXELS in all, PK_ENOMEM, PK_EIO on a write error. */
int pk_png_render(FILE *out, const pk_scene *scene, pk_error *err);

/* Releases the process-wide font caches of cairo and fontconfig.  Optional:
 * call once after the last PNG (tools register it with atexit), so leak
 * checkers see a clean exit.  No PNG may be drawn afterwards. */
void pk_png_shutdown(void);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
