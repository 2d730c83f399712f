/*
 * test_png.c - the PNG back end checked by pixels: the colour under each
 * frame is the scene's colour, the title band holds text, labels stay in
 * their box, and oversized images are refused.
 */
#include <cairo.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/folded.h"
#include "profkit/png.h"

typedef struct reader { const unsigned char *data; size_t len, at; } reader;

static cairo_status_t read_mem(void *closure, unsigned char *out, unsigned int n) {
  reader *r = closure;
  if (r->len - r->at < n) return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data + r->at, n);
  r->at += n;
  return CAIRO_STATUS_SUCCESS;
}

static pk_rgb pixel(cairo_surface_t *s, double x, double y) {
  unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  uint32_t v = *(uint32_t *)(data + (int)y * stride + (int)x * 4);
  return (pk_rgb){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
}

static pk_rgb hook_color(void *payload, const pk_profile *p, const pk_rect *r) {
  (void)payload, (void)p;
  return r->depth == 0 ? (pk_rgb){10, 20, 240} : (pk_rgb){250, 250, 250};
}

static int near(pk_rgb a, pk_rgb b) { return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2; }
static int dark(pk_rgb c) { return c.r + c.g + c.b < 200; }

static cairo_surface_t *render(const pk_scene *scene) {
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  CHECK_EQ_INT(pk_png_render(f, scene, NULL), PK_OK);
  fclose(f);
  CHECK(size > 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0);
  reader r = {(unsigned char *)buf, size, 0};
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
  free(buf);
  CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(s);
  return s;
}

int main(void) {
  const char *text =
      "main;parse;tokenize 300\n"
      "main;parse 100\n"
      "main;render_with_a_very_long_function_name_that_cannot_fit 50\n"
      "main;render_with_a_very_long_function_name_that_cannot_fit;x 10\n"
      "main;idle 540\n";
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_folded_parse(p, text, strlen(text), "t.folded", NULL, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  pk_layout *layout;
  CHECK_EQ_INT(pk_layout_flame(&layout, p, NULL, NULL), PK_OK);
  pk_scene_options o = {0};
  o.width = 600;
  o.title = "PNG pixels";
  pk_scene *scene;
  CHECK_EQ_INT(pk_scene_build(&scene, p, layout, &o, NULL), PK_OK);
  cairo_surface_t *img = render(scene);
  CHECK_EQ_INT(cairo_image_surface_get_width(img), 600);
  CHECK_EQ_INT(cairo_image_surface_get_height(img), (int)scene->height);

  /* Colour near each frame's right edge (labels start at the left). */
  for (size_t i = 0; i < scene->count; i++) {
    const pk_box *b = &scene->boxes[i];
    if (b->w < 8) continue;
    pk_rgb got = pixel(img, b->x + b->w - 4, b->y + b->h / 2);
    if (!near(got, b->fill))
      fprintf(stderr, "box %zu: pixel (%d,%d,%d), fill (%d,%d,%d)\n", i, got.r, got.g, got.b, b->fill.r,
              b->fill.g, b->fill.b);
    CHECK(near(got, b->fill));
  }
  /* The title band holds dark text around the middle; the corner is background. */
  int title_pixels = 0;
  for (int y = 0; y < (int)scene->header; y++)
    for (int x = 200; x < 400; x++) title_pixels += dark(pixel(img, x, y));
  CHECK(title_pixels > 30);
  pk_rgb top, bottom;
  pk_palette_background(o.palette, &top, &bottom);
  CHECK(near(pixel(img, 1, 1), top));
  /* Labels never run past their box: the long name is cut with "..". */
  for (size_t i = 0; i < scene->count; i++) {
    const pk_box *b = &scene->boxes[i];
    size_t len;
    const char *name = pk_scene_rect_name(scene, b->rect, &len);
    if (strncmp(name, "render_with", 11) != 0) continue;
    int spill = 0, inside = 0;
    for (int y = (int)b->y; y < (int)(b->y + b->h); y++) {
      for (int x = (int)(b->x + b->w) + 1; x < (int)(b->x + b->w) + 4; x++) spill += dark(pixel(img, x, y));
      for (int x = (int)b->x + 3; x < (int)(b->x + b->w) - 3; x++) inside += dark(pixel(img, x, y));
    }
    CHECK_EQ_INT(spill, 0);
    CHECK(inside > 10); /* a fitted label was drawn */
  }
  cairo_surface_destroy(img);
  pk_scene_free(scene);

  /* A colour hook (as the differential graph uses) reaches the pixels. */
  o.color = hook_color;
  o.inverted = true;
  CHECK_EQ_INT(pk_scene_build(&scene, p, layout, &o, NULL), PK_OK);
  img = render(scene);
  const pk_box *root = &scene->boxes[0];
  CHECK(root->y < scene->header + 1); /* icicle: root at the top */
  CHECK(near(pixel(img, root->x + root->w - 4, root->y + root->h / 2), ((pk_rgb){10, 20, 240})));
  cairo_surface_destroy(img);
  pk_scene_free(scene);

  /* Too large for cairo: a clear error, nothing drawn. */
  o.width = 40000;
  CHECK_EQ_INT(pk_scene_build(&scene, p, layout, &o, NULL), PK_OK);
  pk_error err;
  FILE *sink = fopen("/dev/null", "w");
  CHECK_EQ_INT(pk_png_render(sink, scene, &err), PK_ELIMIT);
  CHECK(strstr(err.message, "40000") != NULL);
  fclose(sink);
  pk_scene_free(scene);
  pk_layout_free(layout);
  pk_profile_free(p);
  pk_png_shutdown();
  return pk_check_exit("test_png");
}
