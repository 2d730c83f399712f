/*
 * png.c - draw a pk_scene with cairo into a PNG stream (see png.h).
 *
 * Drawing order follows the SVG: background gradient, title lines, then one
 * rounded box per frame with its label.  Names are made valid UTF-8 first
 * (cairo stops drawing for good on invalid UTF-8).  The label is the
 * longest prefix, on character boundaries, that fits the box with "..":
 * found by binary search over the prefix length with cairo_text_extents,
 * so a box costs O(log n) measurements, not one per character.
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#include "profkit/escape.h"
#include "profkit/png.h"

enum { LABEL_PAD = 3, NAME_MAX_BYTES = 4096 };

static void set_rgb(cairo_t *cr, pk_rgb c) { cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0); }

static void background(cairo_t *cr, const pk_scene *s) {
  pk_rgb top, bottom;
  pk_palette_background(s->opts.palette, &top, &bottom);
  cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, 0, s->height);
  cairo_pattern_add_color_stop_rgb(g, 0.05, top.r / 255.0, top.g / 255.0, top.b / 255.0);
  cairo_pattern_add_color_stop_rgb(g, 0.95, bottom.r / 255.0, bottom.g / 255.0, bottom.b / 255.0);
  cairo_set_source(cr, g);
  cairo_paint(cr);
  cairo_pattern_destroy(g);
}

static void centered(cairo_t *cr, const pk_scene *s, const char *text, double y, double size, pk_rgb color) {
  char buf[1024];
  pk_utf8_sanitize(buf, sizeof buf, text, strlen(text));
  cairo_set_font_size(cr, size);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, buf, &ext);
  set_rgb(cr, color);
  cairo_move_to(cr, s->width / 2 - ext.x_advance / 2, y);
  cairo_show_text(cr, buf);
}

static double advance(cairo_t *cr, const char *text) {
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text, &ext);
  return ext.x_advance;
}

/* Byte length of the first `chars` characters of valid UTF-8 s. */
static size_t prefix_bytes(const char *s, size_t len, size_t chars) {
  size_t i = 0;
  while (chars-- > 0 && i < len) {
    size_t n = pk_utf8_sequence((const unsigned char *)s + i, len - i);
    i += n ? n : 1;
  }
  return i;
}

static size_t count_chars(const char *s, size_t len) {
  size_t chars = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) chars++;
  return chars;
}

/* Writes into label the text to draw in `room` px, or "" when fewer than
 * three characters fit (flamegraph.pl's rule). */
static void fit_label(cairo_t *cr, char *label, size_t cap, const char *name, size_t len, double room) {
  label[0] = '\0';
  if (room <= 0) return;
  size_t n = pk_utf8_sanitize(label, cap - 3, name, len);
  if (advance(cr, label) <= room) return;
  size_t chars = count_chars(label, n), lo = 0, hi = chars;
  char trial[NAME_MAX_BYTES + 8];
  while (lo < hi) { /* largest k with prefix(k) + ".." fitting */
    size_t mid = (lo + hi + 1) / 2;
    size_t bytes = prefix_bytes(label, n, mid);
    memcpy(trial, label, bytes);
    memcpy(trial + bytes, "..", 3);
    if (advance(cr, trial) <= room) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 2) {
    label[0] = '\0';
    return;
  }
  size_t bytes = prefix_bytes(label, n, lo);
  memcpy(label + bytes, "..", 3);
}

static void frames(cairo_t *cr, const pk_scene *s) {
  char label[NAME_MAX_BYTES + 8];
  cairo_set_font_size(cr, s->opts.fontsize);
  double min_label = 3 * s->opts.fontsize * s->opts.fontwidth;
  for (size_t i = 0; i < s->count; i++) {
    const pk_box *b = &s->boxes[i];
    if (b->w < 0.1) continue;
    set_rgb(cr, b->fill);
    double r = b->w > 4 && b->h > 4 ? 2 : 0;
    cairo_new_sub_path(cr);
    cairo_arc(cr, b->x + b->w - r, b->y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, b->x + b->w - r, b->y + b->h - r, r, 0, M_PI / 2);
    cairo_arc(cr, b->x + r, b->y + b->h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, b->x + r, b->y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
    if (b->outlined) { /* a dashed line just inside the box */
      static const double dash[] = {3, 2};
      cairo_fill_preserve(cr);
      set_rgb(cr, b->stroke);
      cairo_set_line_width(cr, 1);
      cairo_set_dash(cr, dash, 2, 0);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
    } else {
      cairo_fill(cr);
    }
    if (b->w < min_label) continue;
    size_t len;
    const char *name = pk_scene_rect_name(s, b->rect, &len);
    fit_label(cr, label, sizeof label - 8, name, len, b->w - 2 * LABEL_PAD);
    if (!label[0]) continue;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, b->x + LABEL_PAD, b->y + b->h / 2 + 3);
    cairo_show_text(cr, label);
  }
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length) {
  return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int pk_png_render(FILE *out, const pk_scene *s, pk_error *err) {
  double w = ceil(s->width), h = ceil(s->height);
  if (!(w >= 1 && h >= 1 && w <= PK_PNG_MAX_SIDE && h <= PK_PNG_MAX_SIDE && w * h <= PK_PNG_MAX_PIXELS))
    return pk_error_set(err, PK_ELIMIT, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "png: a %.0f x %.0f px image exceeds the limits (%d px a side, %.0f px in "
                        "all); lower --width or --height", w, h, PK_PNG_MAX_SIDE, (double)PK_PNG_MAX_PIXELS);
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
  cairo_t *cr = cairo_create(surface);
  char family[256];
  pk_utf8_sanitize(family, sizeof family, s->opts.fonttype, strlen(s->opts.fonttype));
  cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  background(cr, s);
  pk_rgb black = {0, 0, 0}, grey = {160, 160, 160};
  centered(cr, s, s->opts.title, s->title_y, s->opts.fontsize + 5, black);
  if (s->opts.subtitle) centered(cr, s, s->opts.subtitle, s->subtitle_y, s->opts.fontsize, grey);
  if (s->opts.legend) centered(cr, s, s->opts.legend, s->legend_y, s->opts.fontsize, grey);
  if (s->opts.footnote) { /* the details line's resting text */
    char buf[1024];
    pk_utf8_sanitize(buf, sizeof buf, s->opts.footnote, strlen(s->opts.footnote));
    cairo_set_font_size(cr, s->opts.fontsize);
    set_rgb(cr, black);
    cairo_move_to(cr, s->xpad, s->footer_y);
    cairo_show_text(cr, buf);
  }
  frames(cr, s);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS) {
    cairo_surface_flush(surface);
    st = cairo_surface_write_to_png_stream(surface, write_stream, out);
  }
  cairo_surface_destroy(surface);
  if (st == CAIRO_STATUS_NO_MEMORY)
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "png: out of memory");
  if (st != CAIRO_STATUS_SUCCESS || fflush(out) != 0 || ferror(out))
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "png: %s",
                        cairo_status_to_string(st));
  return PK_OK;
}

void pk_png_shutdown(void) {
  cairo_debug_reset_static_data();
  FcFini();
}
