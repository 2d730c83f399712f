/*
 * scene.c - a layout placed in pixels: flamegraph.pl's geometry and colours.
 *
 * One pass over the layout's rects turns value units into boxes: x from the
 * left pad and the pixels per unit, y from the depth (counted up from the
 * footer, or down from the header when inverted).  Colours come from the
 * caller's hook or the palette; palette colours are cached per frame, since
 * a frame recurs in many rects and hashing its name is the only costly step.
 * The root is coloured as flamegraph.pl colours it, from the empty name,
 * and shown as "all".
 */
#include "profkit/scene.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { FRAME_GAP = 1, XPAD = 10 }; /* flamegraph.pl's framepad and xpad */

static int bad_size(double v, double max) { return !isfinite(v) || v <= 0 || v > max; }

static int fill_defaults(pk_scene_options *o, pk_error *err) {
  if (!o->title) o->title = o->inverted ? "Icicle Graph" : "Flame Graph";
  if (!o->countname) o->countname = "samples";
  if (!o->nametype) o->nametype = "Function:";
  if (!o->fonttype) o->fonttype = "Verdana";
  if (o->width == 0) o->width = 1200;
  if (o->frame_height == 0) o->frame_height = 16;
  if (o->fontsize == 0) o->fontsize = 12;
  if (o->fontwidth == 0) o->fontwidth = 0.59;
  if ((unsigned)o->palette >= PK_PALETTE_COUNT) o->palette = PK_PALETTE_HOT;
  const char *bad = bad_size(o->width, 1e7) || o->width <= 4 * XPAD ? "width"
                    : bad_size(o->frame_height, 1e4)            ? "frame height"
                    : bad_size(o->fontsize, 1e4)                ? "font size"
                    : bad_size(o->fontwidth, 100)               ? "font width"
                                                                : NULL;
  if (bad)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "scene: invalid %s", bad);
  return PK_OK;
}

typedef struct color_cache {
  pk_rgb *rgb;
  uint8_t *known;
} color_cache;

static pk_rgb palette_color(const pk_scene *s, color_cache *cache, const pk_rect *r) {
  if (r->frame == PK_NONE) return pk_palette_color_mode(s->opts.palette, s->opts.color_mode, "", 0, 0);
  if (cache->known[r->frame]) return cache->rgb[r->frame];
  const pk_frame *f = pk_profile_get_frame(s->profile, r->frame);
  size_t len;
  const char *name = pk_profile_string(s->profile, f->name, &len);
  pk_rgb c = pk_palette_color_mode(s->opts.palette, s->opts.color_mode, name, len, f->kind);
  cache->rgb[r->frame] = c;
  cache->known[r->frame] = 1;
  return c;
}

int pk_scene_build(pk_scene **out, const pk_profile *p, const pk_layout *layout,
                   const pk_scene_options *opts, pk_error *err) {
  *out = NULL;
  if (opts && opts->version > PK_SCENE_OPTIONS_VERSION)
    return pk_error_check_version(err, "pk_scene_options", opts->version, PK_SCENE_OPTIONS_VERSION);
  pk_scene *s = calloc(1, sizeof *s);
  if (!s) goto oom;
  s->profile = p;
  s->layout = layout;
  if (opts) s->opts = *opts;
  int rc = fill_defaults(&s->opts, err);
  if (rc) {
    free(s);
    return rc;
  }
  const pk_scene_options *o = &s->opts;

  s->width = o->width;
  s->xpad = XPAD;
  s->title_y = o->fontsize * 2;
  s->header = o->fontsize * 3;
  if (o->subtitle) {
    s->subtitle_y = s->header + o->fontsize;
    s->header += o->fontsize * 2;
  }
  if (o->legend) {
    s->legend_y = s->header + o->fontsize;
    s->header += o->fontsize * 2;
  }
  s->footer = o->fontsize * 2 + 10;
  s->height = s->header + s->footer + ((double)layout->max_depth + 1) * o->frame_height;
  s->footer_y = s->height - s->footer / 2;

  s->count = layout->count;
  s->boxes = malloc((s->count ? s->count : 1) * sizeof *s->boxes);
  color_cache cache = {0};
  if (!o->color) {
    size_t frames = pk_profile_frame_count(p);
    cache.rgb = malloc((frames ? frames : 1) * sizeof *cache.rgb);
    cache.known = calloc(frames ? frames : 1, 1);
  }
  if (!s->boxes || (!o->color && (!cache.rgb || !cache.known))) {
    free(cache.rgb);
    free(cache.known);
    goto oom;
  }

  double per_unit = layout->total > 0 ? (s->width - 2 * s->xpad) / (double)layout->total : 0;
  double fh = o->frame_height, bottom = s->height - s->footer;
  for (size_t i = 0; i < s->count; i++) {
    const pk_rect *r = &layout->rects[i];
    pk_box *b = &s->boxes[i];
    b->x = s->xpad + (double)r->start * per_unit;
    b->w = (double)r->width * per_unit;
    b->h = fh - FRAME_GAP;
    b->y = o->inverted ? s->header + r->depth * fh : bottom - (r->depth + 1) * fh + FRAME_GAP;
    b->fill = o->color ? o->color(o->payload, p, r) : palette_color(s, &cache, r);
    b->rect = i;
    b->outlined = o->outline && o->outline(o->payload, p, r, &b->stroke);
  }
  free(cache.rgb);
  free(cache.known);
  *out = s;
  return PK_OK;

oom:
  pk_scene_free(s);
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "scene: out of memory");
}

void pk_scene_free(pk_scene *scene) {
  if (!scene) return;
  free(scene->boxes);
  free(scene);
}

const char *pk_scene_rect_name(const pk_scene *scene, size_t rect, size_t *len) {
  const pk_rect *r = &scene->layout->rects[rect];
  if (r->frame == PK_NONE) {
    if (len) *len = 3;
    return "all";
  }
  const pk_frame *f = pk_profile_get_frame(scene->profile, r->frame);
  return pk_profile_string(scene->profile, f->name, len);
}

double pk_scene_min_fraction(const pk_scene_options *opts, double min_px) {
  double width = opts && opts->width > 4 * XPAD && isfinite(opts->width) ? opts->width : 1200;
  if (!isfinite(min_px) || min_px <= 0) return 0;
  return min_px / (width - 2 * XPAD);
}
