/*
 * render.c - the back-end table (SVG, PNG) and pk_render_draw, the one
 * path from a profile to a drawn image: layout, scene, back end.
 */
#include <string.h>

#include "profkit/layout_chart.h"
#include "profkit/png.h"
#include "profkit/render.h"
#include "profkit/svg.h"

static const pk_backend svg_backend = {"svg", ".svg", pk_svg_render, NULL};
static const pk_backend png_backend = {"png", ".png", pk_png_render, pk_png_shutdown};
static const pk_backend *const backends[] = {&svg_backend, &png_backend, NULL};

const pk_backend *const *pk_backend_list(void) { return backends; }

const pk_backend *pk_backend_by_name(const char *name) {
  for (size_t i = 0; name && backends[i]; i++)
    if (strcmp(name, backends[i]->name) == 0) return backends[i];
  return NULL;
}

const pk_backend *pk_backend_by_path(const char *path) {
  size_t len = path ? strlen(path) : 0;
  for (size_t i = 0; backends[i]; i++) {
    size_t ext = strlen(backends[i]->extension);
    if (len >= ext && strcmp(path + len - ext, backends[i]->extension) == 0) return backends[i];
  }
  return NULL;
}

int pk_render_draw_layout(FILE *out, const pk_profile *p, const pk_layout *layout, const pk_scene_options *so,
                          const pk_backend *backend, pk_error *err) {
  pk_scene *scene = NULL;
  int rc = pk_scene_build(&scene, p, layout, so, err);
  if (rc == PK_OK) rc = backend->render(out, scene, err);
  pk_scene_free(scene);
  return rc;
}

int pk_render_draw(FILE *out, const pk_profile *p, const pk_layout_options *lo, const pk_scene_options *so,
                   bool chart, const pk_backend *backend, pk_error *err) {
  pk_layout *layout = NULL;
  int rc = chart ? pk_layout_chart(&layout, p, lo, err) : pk_layout_flame(&layout, p, lo, err);
  if (rc == PK_OK) rc = pk_render_draw_layout(out, p, layout, so, backend, err);
  pk_layout_free(layout);
  return rc;
}
