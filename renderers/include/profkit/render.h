/*
 * render.h - the back-end table and the one call that draws a profile
 * (layout -> scene -> SVG or PNG), shared by flamegen, flamediff and
 * heapdiff.
 *
 * A back end is a name, a file extension and a function drawing a scene
 * to a stream.  pk_render_draw computes the layout (a flame graph, or a
 * flame chart in time order), places it as a scene and hands the scene to
 * the back end; a tool picks the back end by --format or by the output
 * file's extension and never calls a back end directly.
 */
#ifndef PROFKIT_RENDER_H
#define PROFKIT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "profkit/scene.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_backend {
  const char *name;       /* "svg", "png" */
  const char *extension;  /* ".svg", ".png" */
  int (*render)(FILE *out, const pk_scene *scene, pk_error *err);
  void (*shutdown)(void); /* process-wide caches to release at exit, or NULL */
} pk_backend;

/* The back end of that name, or NULL. */
const pk_backend *pk_backend_by_name(const char *name);
/* The back end whose extension ends path, or NULL. */
const pk_backend *pk_backend_by_path(const char *path);
/* NULL-terminated list of every back end. */
const pk_backend *const *pk_backend_list(void);

/* Places an existing layout of p as a scene and draws it with backend into
 * out (for callers that read the layout first, e.g. what it left out). */
int pk_render_draw_layout(FILE *out, const pk_profile *p, const pk_layout *layout, const pk_scene_options *scene,
                          const pk_backend *backend, pk_error *err);

/* Lays p out (pk_layout_chart when chart, else pk_layout_flame), builds the
 * scene and draws it with backend into out. */
int pk_render_draw(FILE *out, const pk_profile *p, const pk_layout_options *layout, const pk_scene_options *scene,
                   bool chart, const pk_backend *backend, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
