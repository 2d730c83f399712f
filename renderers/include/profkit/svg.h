/*
 * svg.h - the SVG back end: one self-contained interactive file.
 *
 * Draws a pk_scene as flamegraph.pl users know it: a <g> per frame holding
 * its <title> tooltip, <rect> and <text> label, plus an embedded script of
 * our own for click-to-zoom, reset, regex search with "Matched: N%", and a
 * details line.  Every string from the profile is XML-escaped.
 */
#ifndef PROFKIT_SVG_H
#define PROFKIT_SVG_H

#include <stdio.h>

#include "profkit/scene.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

int pk_svg_render(FILE *out, const pk_scene *scene, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
