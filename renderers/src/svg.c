/*
 * svg.c - the SVG back end: a scene as one self-contained interactive file.
 *
 * The document keeps flamegraph.pl's shape so its users (and their scripts)
 * find what they know: a background gradient, title, "Reset Zoom",
 * "Search" and "ic" buttons, a details line and "Matched:" in the footer,
 * and one <g> per frame holding <title>NAME (N samples, P%)</title>, a
 * <rect> and a <text> label cut to fit with "..".  The script is our own
 * (svg_script.js, compiled in); it reads its settings from attributes of
 * <g id="frames"> and each frame's value-unit start and width from pk:s and
 * pk:w, so nothing but markup is generated here: no string is ever written
 * into JavaScript.  Every string that comes from the profile or the caller
 * goes through the escaper of xml_out.c.
 */
#include "profkit/svg.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xml_out.h"

extern const char pk_svg_script[];
extern const size_t pk_svg_script_len;

static const char ns_profkit[] = "urn:profkit:flamegraph";

static void rgb(xml_out *o, pk_rgb c) {
  xo_lit(o, "rgb(");
  xo_int(o, c.r);
  xo_lit(o, ",");
  xo_int(o, c.g);
  xo_lit(o, ",");
  xo_int(o, c.b);
  xo_lit(o, ")");
}

static void hex_rgb(xml_out *o, pk_rgb c) {
  static const char digits[] = "0123456789abcdef";
  char s[7] = {'#', digits[c.r >> 4], digits[c.r & 15], digits[c.g >> 4],
               digits[c.g & 15], digits[c.b >> 4], digits[c.b & 15]};
  xo_raw(o, s, sizeof s);
}

/* A CSS font-family list from user text: keeps letters, digits, spaces,
 * commas, dots, hyphens and underscores, so it can close no rule. */
static void font_family(xml_out *o, const char *s) {
  size_t kept = 0;
  for (; *s; s++) {
    char c = *s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
        c == ',' || c == '.' || c == '-' || c == '_') {
      xo_raw(o, &c, 1);
      kept++;
    }
  }
  if (!kept) xo_lit(o, "Verdana");
}

/* Notes go in an XML comment, which may not contain "--": a '-' that would
 * follow another is written as '=', and invalid text is sanitised. */
static void comment_text(xml_out *o, const char *s) {
  char prev = 0;
  for (const char *run = s; *s; s++) {
    if (*s == '-' && prev == '-') {
      xo_text(o, run, (size_t)(s - run));
      xo_lit(o, "=");
      run = s + 1;
    }
    prev = *s;
    if (!s[1]) xo_text(o, run, (size_t)(s + 1 - run));
  }
}

/* A <text> element with an id, at (x, y), holding escaped text. */
static void label(xml_out *o, const char *id, const char *cls, double x, double y, const char *text) {
  xo_lit(o, "<text id=\"");
  xo_lit(o, id);
  xo_lit(o, "\"");
  if (cls) {
    xo_lit(o, " class=\"");
    xo_lit(o, cls);
    xo_lit(o, "\"");
  }
  xo_lit(o, " x=\"");
  xo_num(o, x);
  xo_lit(o, "\" y=\"");
  xo_num(o, y);
  xo_lit(o, "\">");
  xo_cstr(o, text);
  xo_lit(o, "</text>\n");
}

static void header(xml_out *o, const pk_scene *s) {
  const pk_scene_options *opt = &s->opts;
  xo_lit(o, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
            "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
            "<svg version=\"1.1\" width=\"");
  xo_num(o, s->width);
  xo_lit(o, "\" height=\"");
  xo_num(o, s->height);
  xo_lit(o, "\" onload=\"pk_init(evt)\" viewBox=\"0 0 ");
  xo_num(o, s->width);
  xo_lit(o, " ");
  xo_num(o, s->height);
  xo_lit(o, "\" xmlns=\"http://www.w3.org/2000/svg\" "
            "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:pk=\"");
  xo_lit(o, ns_profkit);
  xo_lit(o, "\">\n<!-- Flame graph drawn by profkit (layout and palettes after "
            "https://github.com/brendangregg/FlameGraph). -->\n<!-- NOTES: ");
  if (opt->notes) comment_text(o, opt->notes);
  xo_lit(o, " -->\n");

  pk_rgb top, bottom;
  pk_palette_background(opt->palette, &top, &bottom);
  xo_lit(o, "<defs>\n<linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\">\n"
            "<stop stop-color=\"");
  hex_rgb(o, top);
  xo_lit(o, "\" offset=\"5%\"/>\n<stop stop-color=\"");
  hex_rgb(o, bottom);
  xo_lit(o, "\" offset=\"95%\"/>\n</linearGradient>\n</defs>\n<style type=\"text/css\">\n"
            "text { font-family:");
  font_family(o, opt->fonttype);
  xo_lit(o, "; font-size:");
  xo_num(o, opt->fontsize);
  xo_lit(o, "px; fill:rgb(0,0,0); }\n#title { text-anchor:middle; font-size:");
  xo_num(o, opt->fontsize + 5);
  xo_lit(o, "px; }\n#subtitle, #legend { text-anchor:middle; fill:rgb(160,160,160); }\n"
            "#search, #ignorecase { opacity:0.1; cursor:pointer; text-anchor:end; }\n"
            "#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity:1; }\n"
            "#matched { text-anchor:end; }\n#unzoom { cursor:pointer; }\n"
            "#frames > *:hover { stroke:black; stroke-width:0.5; cursor:pointer; }\n"
            ".hide { display:none; }\n.parent { opacity:0.5; }\n</style>\n"
            "<script type=\"text/ecmascript\"><![CDATA[\n");
  xo_raw(o, pk_svg_script, pk_svg_script_len);
  xo_lit(o, "]]></script>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" "
            "fill=\"url(#background)\"/>\n");

  double middle = s->width / 2, right = s->width - s->xpad;
  label(o, "title", NULL, middle, s->title_y, opt->title);
  if (opt->subtitle) label(o, "subtitle", NULL, middle, s->subtitle_y, opt->subtitle);
  if (opt->legend) label(o, "legend", NULL, middle, s->legend_y, opt->legend);
  label(o, "details", NULL, s->xpad, s->footer_y, s->opts.footnote ? s->opts.footnote : " ");
  label(o, "unzoom", "hide", s->xpad, s->title_y, "Reset Zoom");
  label(o, "search", NULL, right - 24, s->title_y, "Search");
  label(o, "ignorecase", NULL, right, s->title_y, "ic");
  label(o, "matched", "hide", right, s->footer_y, " ");

  xo_lit(o, "<g id=\"frames\" pk:total=\"");
  xo_int(o, s->layout->total);
  xo_lit(o, "\" pk:xpad=\"");
  xo_num(o, s->xpad);
  xo_lit(o, "\" pk:width=\"");
  xo_num(o, s->width);
  xo_lit(o, "\" pk:fh=\"");
  xo_num(o, opt->frame_height);
  xo_lit(o, "\" pk:fontsize=\"");
  xo_num(o, opt->fontsize);
  xo_lit(o, "\" pk:fontwidth=\"");
  xo_fixed(o, opt->fontwidth, 4);
  xo_lit(o, "\" pk:nametype=\"");
  xo_cstr(o, opt->nametype);
  xo_lit(o, "\">\n");
}

/* "NAME (N samples, P%[; extra])" */
static void tooltip(xml_out *o, const pk_scene *s, size_t i, const char *name, size_t len, bool plain,
                    char *extra, size_t extra_size) {
  const pk_rect *r = &s->layout->rects[i];
  if (plain) xo_raw(o, name, len);
  else xo_text(o, name, len);
  xo_lit(o, " (");
  xo_count(o, r->width);
  xo_lit(o, " ");
  xo_cstr(o, s->opts.countname);
  xo_lit(o, ", ");
  if (i == 0) {
    xo_lit(o, "100");
  } else {
    double total = (double)s->layout->total;
    xo_fixed(o, total > 0 ? 100.0 * (double)r->width / total : 0, 2);
  }
  xo_lit(o, "%");
  if (s->opts.tooltip) {
    extra[0] = '\0';
    s->opts.tooltip(s->opts.payload, s->profile, r, extra, extra_size);
    extra[extra_size - 1] = '\0';
    if (extra[0]) {
      xo_lit(o, "; ");
      xo_cstr(o, extra);
    }
  }
  xo_lit(o, ")");
}

/* Writes the frames [first, end) of the scene. */
static void frames(xml_out *o, const pk_scene *s, size_t first, size_t end) {
  char extra[512];
  double glyph = s->opts.fontsize * s->opts.fontwidth;
  for (size_t i = first; i < end; i++) {
    const pk_box *b = &s->boxes[i];
    const pk_rect *r = &s->layout->rects[b->rect];
    size_t len, utf16;
    const char *name = pk_scene_rect_name(s, b->rect, &len);
    /* Most names need no escaping: one scan tells, then they are copied. */
    bool plain = xo_plain_run(name, len) == len;
    if (plain) utf16 = len;
    else xo_chars(name, len, &utf16);

    xo_lit(o, "<g pk:s=\"");
    xo_int(o, r->start);
    xo_lit(o, "\" pk:w=\"");
    xo_int(o, r->width);
    xo_lit(o, "\" pk:n=\"");
    xo_int(o, (int64_t)utf16);
    xo_lit(o, "\"><title>");
    tooltip(o, s, b->rect, name, len, plain, extra, sizeof extra);
    xo_lit(o, "</title><rect x=\"");
    xo_fixed(o, b->x, 1);
    xo_lit(o, "\" y=\"");
    xo_num(o, b->y);
    xo_lit(o, "\" width=\"");
    xo_fixed(o, b->w, 1);
    xo_lit(o, "\" height=\"");
    xo_num(o, b->h);
    xo_lit(o, "\" fill=\"");
    rgb(o, b->fill);
    if (b->outlined) {
      xo_lit(o, "\" stroke=\"");
      rgb(o, b->stroke);
      xo_lit(o, "\" stroke-width=\"1\" stroke-dasharray=\"3,2");
    }
    xo_lit(o, "\" rx=\"2\" ry=\"2\"/><text x=\"");
    xo_fixed(o, b->x + 3, 2);
    xo_lit(o, "\" y=\"");
    xo_num(o, b->y + b->h / 2 + 3);
    xo_lit(o, "\">");
    double fit = b->w / glyph;
    size_t max_chars = fit >= 3 ? (size_t)(fit < 1e9 ? fit : 1e9) : 0;
    if (!plain) {
      xo_text_fit(o, name, len, max_chars);
    } else if (max_chars >= 3) { /* as xo_text_fit, one byte a character */
      xo_raw(o, name, len <= max_chars ? len : max_chars - 2);
      if (len > max_chars) xo_raw(o, "..", 2);
    }
    xo_lit(o, "</text></g>\n");
  }
}

/* A big graph's frames are cut into chunks.  The calling thread formats
 * chunks from the front straight to the output while a second thread
 * formats chunks from the back into memory, until they meet; then the
 * second thread's chunks are copied out in order.  However the cost of a
 * frame varies along the graph, both threads stay busy, and since frames
 * are independent the file is the same byte for byte either way. */
typedef struct chunked {
  const pk_scene *scene;
  size_t chunk_frames, chunk_count;
  pthread_mutex_t lock;
  size_t front, back;  /* chunks [front, back) are not claimed yet */
  char *text;          /* the second thread's chunks, last chunk first */
  size_t len;
  size_t *start, *end; /* per chunk: its bytes in text */
  int failed;          /* the second thread's text is not to be used */
} chunked;

#define PARALLEL_FRAMES 20000
#define CHUNKS 64

static bool claim(chunked *c, bool from_front, size_t *chunk) {
  pthread_mutex_lock(&c->lock);
  bool claimed = c->front < c->back;
  if (claimed) *chunk = from_front ? c->front++ : --c->back;
  pthread_mutex_unlock(&c->lock);
  return claimed;
}

static void chunk_frames(xml_out *o, const chunked *c, size_t chunk) {
  size_t first = chunk * c->chunk_frames, end = first + c->chunk_frames;
  frames(o, c->scene, first, end < c->scene->count ? end : c->scene->count);
}

static void *back_chunks(void *arg) {
  chunked *c = arg;
  xml_out *o = malloc(sizeof *o);
  if (!o) {
    c->failed = 1;
    return NULL;
  }
  xo_init_memory(o);
  size_t chunk;
  while (!c->failed && claim(c, false, &chunk)) {
    c->start[chunk] = o->mem_len;
    chunk_frames(o, c, chunk);
    if (xo_finish(o) != 0) c->failed = 1; /* the calling thread formats this chunk again */
    c->end[chunk] = o->mem_len;
  }
  c->text = o->mem;
  c->len = o->mem_len;
  free(o);
  return NULL;
}

/* Writes every frame, on two threads when the graph is big. */
static void all_frames(xml_out *o, const pk_scene *scene) {
  chunked c = {scene, scene->count / CHUNKS + 1, 0, PTHREAD_MUTEX_INITIALIZER, 0, 0, NULL, 0, NULL, NULL, 0};
  c.chunk_count = (scene->count + c.chunk_frames - 1) / c.chunk_frames;
  c.back = c.chunk_count;
  pthread_t thread;
  bool parallel = scene->count >= PARALLEL_FRAMES && (c.start = malloc(c.chunk_count * sizeof *c.start)) &&
                  (c.end = malloc(c.chunk_count * sizeof *c.end)) &&
                  pthread_create(&thread, NULL, back_chunks, &c) == 0;
  size_t chunk;
  while (claim(&c, true, &chunk)) chunk_frames(o, &c, chunk);
  if (parallel) pthread_join(thread, NULL);
  for (chunk = c.back; chunk < c.chunk_count; chunk++) {
    if (c.failed) chunk_frames(o, &c, chunk); /* no memory for the copy: write it here */
    else xo_raw(o, c.text + c.start[chunk], c.end[chunk] - c.start[chunk]);
  }
  free(c.text);
  free(c.start);
  free(c.end);
}

int pk_svg_render(FILE *out, const pk_scene *scene, pk_error *err) {
  xml_out *o = malloc(sizeof *o);
  if (!o) return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "svg: out of memory");
  xo_init(o, out);
  header(o, scene);
  all_frames(o, scene);
  xo_lit(o, "</g>\n</svg>\n");
  int failed = xo_finish(o);
  free(o);
  if (failed)
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "svg: could not write the output");
  return PK_OK;
}
