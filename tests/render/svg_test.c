/*
 * svg_test.c - the SVG back end, read back through libxml2.
 *
 * Each test renders a profile built through the profile.h API into memory,
 * parses it with libxml2 (no network, no DTD) and compares what a browser
 * would see with the layout: one frame <g> per rect, widths and positions
 * from value/total, tooltips, labels, and hostile names that must come
 * back as the same text without creating any element.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/svg.h"

typedef struct rendered {
  pk_profile *profile;
  pk_layout *layout;
  pk_scene *scene;
  char *svg;
  size_t len;
  xmlDocPtr doc;
} rendered;

static int render(rendered *r, pk_profile *p, const pk_scene_options *opts) {
  memset(r, 0, sizeof *r);
  r->profile = p;
  pk_error err;
  if (pk_layout_flame(&r->layout, p, NULL, &err) || pk_scene_build(&r->scene, p, r->layout, opts, &err)) {
    fprintf(stderr, "render: %s\n", err.message);
    return -1;
  }
  FILE *f = open_memstream(&r->svg, &r->len);
  int rc = pk_svg_render(f, r->scene, &err);
  fclose(f);
  CHECK_EQ_INT(rc, 0);
  r->doc = xmlReadMemory(r->svg, (int)r->len, "test.svg", NULL, XML_PARSE_NONET);
  CHECK(r->doc != NULL); /* well-formed */
  return r->doc ? 0 : -1;
}

static void release(rendered *r) {
  xmlFreeDoc(r->doc);
  free(r->svg);
  pk_scene_free(r->scene);
  pk_layout_free(r->layout);
  pk_profile_free(r->profile);
}

/* ---- small DOM helpers ---- */

static int is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (is(c, name)) return c;
  return NULL;
}

static xmlNodePtr by_id(xmlNodePtr n, const char *id) {
  /* iterative pre-order walk */
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
      int hit = v && strcmp((const char *)v, id) == 0;
      xmlFree(v);
      if (hit) return n;
    }
    if (n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  return NULL;
}

static size_t count_elements(xmlNodePtr n, const char *name) {
  size_t count = 0;
  while (n) {
    if (is(n, name)) count++;
    if (n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  return count;
}

/* Attribute as a number (NaN if absent); ns_prop for pk: attributes. */
static double num(xmlNodePtr n, const char *name, int pk_ns) {
  xmlChar *v = pk_ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)"urn:profkit:flamegraph")
                     : xmlGetProp(n, (const xmlChar *)name);
  double d = v ? strtod((const char *)v, NULL) : NAN;
  xmlFree(v);
  return d;
}

/* Text content, malloc'd. */
static char *text(xmlNodePtr n) {
  xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
  char *s = strdup(c ? (const char *)c : "");
  xmlFree(c);
  return s;
}

static size_t utf16_length(const char *s) {
  size_t n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
    if ((*u & 0xC0) != 0x80) n++;
    if (*u >= 0xF0) n++; /* astral: a surrogate pair */
  }
  return n;
}

static size_t chars(const char *s) {
  size_t n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++) n += (*u & 0xC0) != 0x80;
  return n;
}

/* ---- tests ---- */

static const char *hostile = "</text><script>alert(1)</script>";

static void test_frames_and_escaping(void) {
  char longname[201];
  memset(longname, 'x', 200);
  longname[200] = '\0';
  const char *stacks[] = {
      "main;</text><script>alert(1)</script>",
      "main;a\"b'c&d]]>e",
      "main;\xff\xfe" "bad\x01" "ctl\r\n\t.",
      "main;\xF0\x9F\x98\x80x",
      longname,
      "main;a\"b'c&d]]>e;leaf",
  };
  /* what a parser must give back for each name */
  const char *expect[] = {
      "</text><script>alert(1)</script>",
      "a\"b'c&d]]>e",
      "\xEF\xBF\xBD\xEF\xBF\xBD" "bad\xEF\xBF\xBD" "ctl\r\n\t.",
      "\xF0\x9F\x98\x80x",
  };
  const int64_t values[] = {40, 30, 20, 10, 30, 5};
  pk_scene_options opts = {0};
  opts.title = "T<\"&'>";
  opts.subtitle = "sub</text>";
  opts.notes = "a--b-->c<!--";
  opts.countname = "q\"s";
  opts.nametype = "N'<";
  opts.legend = "legend & more";
  opts.fonttype = "Verdana; } </style><script>";
  rendered r;
  if (render(&r, pk_check_profile(stacks, values, 6), &opts)) return;
  xmlNodePtr root = xmlDocGetRootElement(r.doc);
  CHECK(is(root, "svg"));
  CHECK_EQ_INT(count_elements(root, "script"), 1); /* ours only */
  CHECK_EQ_INT(count_elements(root, "style"), 1);

  char *t = text(by_id(root, "title"));
  CHECK_STR(t, "T<\"&'>");
  free(t);
  t = text(by_id(root, "subtitle"));
  CHECK_STR(t, "sub</text>");
  free(t);
  t = text(by_id(root, "legend"));
  CHECK_STR(t, "legend & more");
  free(t);
  xmlNodePtr frames = by_id(root, "frames");
  CHECK(frames != NULL);
  xmlChar *nametype = xmlGetNsProp(frames, (const xmlChar *)"nametype", (const xmlChar *)"urn:profkit:flamegraph");
  CHECK_STR((const char *)nametype, "N'<");
  xmlFree(nametype);
  CHECK_EQ_INT(num(frames, "total", 1), r.layout->total);

  size_t i = 0, found = 0;
  double per_unit = (1200.0 - 20) / (double)r.layout->total;
  for (xmlNodePtr g = frames->children; g; g = g->next) {
    if (g->type != XML_ELEMENT_NODE) continue;
    CHECK(is(g, "g"));
    if (i >= r.layout->count) {
      i++;
      continue;
    }
    const pk_rect *rect = &r.layout->rects[i];
    xmlNodePtr title = child(g, "title"), box = child(g, "rect"), label = child(g, "text");
    CHECK(title && box && label);
    CHECK_EQ_INT(num(g, "w", 1), rect->width);
    CHECK_EQ_INT(num(g, "s", 1), rect->start);
    CHECK(fabs(num(box, "width", 0) - (double)rect->width * per_unit) <= 0.051);
    CHECK(fabs(num(box, "x", 0) - (10 + (double)rect->start * per_unit)) <= 0.051);

    char *tip = text(title), *shown = text(label);
    size_t name_len = (size_t)num(g, "n", 1);
    for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
      size_t n = strlen(expect[k]);
      if (strncmp(tip, expect[k], n) == 0 && strncmp(tip + n, " (", 2) == 0) {
        found |= 1u << k;
        CHECK_EQ_INT(name_len, utf16_length(expect[k]));
        if (k == 0) CHECK_STR(shown, hostile); /* wide enough to show whole */
      }
    }
    if (strncmp(tip, longname, 200) == 0) {
      size_t fit = (size_t)floor(num(box, "width", 0) / (12 * 0.59));
      CHECK(chars(shown) <= fit && chars(shown) >= fit - 1);
      CHECK(strlen(shown) >= 3 && strcmp(shown + strlen(shown) - 2, "..") == 0);
      found |= 1u << 8;
    }
    if (i == 0) CHECK_STR(tip, "all (135 q\"s, 100%)");
    if (strncmp(tip, "main (", 6) == 0) CHECK_STR(tip, "main (105 q\"s, 77.78%)");
    free(tip);
    free(shown);
    i++;
  }
  CHECK_EQ_INT(i, r.layout->count);
  CHECK_EQ_INT(found, 0x10F);
  /* The escaped CSS cannot close its rule or element. */
  CHECK(strstr(r.svg, "font-family:Verdana  ") != NULL);
  release(&r);
}

static void test_geometry(void) {
  const char *stacks[] = {"a;b;c", "a;d"};
  const int64_t values[] = {3, 1};
  pk_scene_options opts = {0};
  rendered r;
  if (render(&r, pk_check_profile(stacks, values, 2), &opts)) return;
  const pk_scene *s = r.scene;
  CHECK_EQ_INT(s->width, 1200);
  CHECK_EQ_INT(s->header, 36);
  CHECK_EQ_INT(s->footer, 34);
  CHECK_EQ_INT(s->height, 36 + 34 + 4 * 16);
  CHECK_EQ_INT(s->boxes[0].y, s->height - 34 - 16 + 1); /* root at the bottom */
  CHECK_EQ_INT(s->boxes[0].h, 15);
  CHECK_EQ_INT(s->boxes[1].y, s->boxes[0].y - 16);
  CHECK_STR(s->opts.title, "Flame Graph");
  xmlNodePtr root = xmlDocGetRootElement(r.doc);
  CHECK_EQ_INT(num(root, "height", 0), s->height);
  release(&r);

  opts.inverted = true;
  opts.subtitle = "s";
  opts.legend = "l";
  opts.width = 800;
  opts.frame_height = 20;
  opts.fontsize = 10;
  if (render(&r, pk_check_profile(stacks, values, 2), &opts)) return;
  s = r.scene;
  CHECK_STR(s->opts.title, "Icicle Graph");
  CHECK_EQ_INT(s->header, 30 + 20 + 20);
  CHECK_EQ_INT(s->footer, 30);
  CHECK_EQ_INT(s->boxes[0].y, s->header); /* root at the top */
  CHECK_EQ_INT(s->boxes[1].y, s->header + 20);
  CHECK_EQ_INT(s->boxes[0].w, 780);
  CHECK(s->subtitle_y > s->title_y && s->legend_y > s->subtitle_y && s->legend_y < s->header);
  release(&r);

  /* absurd sizes are refused */
  pk_profile *p = pk_check_profile(stacks, values, 2);
  pk_layout *l = NULL;
  pk_scene *bad = (pk_scene *)1;
  pk_error err;
  CHECK_EQ_INT(pk_layout_flame(&l, p, NULL, &err), 0);
  opts = (pk_scene_options){0};
  opts.width = -5;
  CHECK_EQ_INT(pk_scene_build(&bad, p, l, &opts, &err), PK_EINVAL);
  CHECK(bad == NULL);
  opts.width = NAN;
  CHECK_EQ_INT(pk_scene_build(&bad, p, l, &opts, &err), PK_EINVAL);
  opts.width = 0;
  opts.fontsize = INFINITY;
  CHECK_EQ_INT(pk_scene_build(&bad, p, l, &opts, &err), PK_EINVAL);
  CHECK(strstr(err.message, "font size") != NULL);
  CHECK(pk_scene_min_fraction(NULL, 0.1) > 0.1 / 1181 && pk_scene_min_fraction(NULL, 0.1) < 0.1 / 1179);
  CHECK_EQ_INT(pk_scene_min_fraction(NULL, 0), 0);
  pk_layout_free(l);
  pk_profile_free(p);
}

static pk_rgb fixed_color(void *payload, const pk_profile *p, const pk_rect *rect) {
  (*(int *)payload)++;
  return (pk_rgb){1, 2, 3};
}

static void extra_tip(void *payload, const pk_profile *p, const pk_rect *rect, char *buf, size_t size) {
  snprintf(buf, size, "before %d <&>", (int)rect->width - 1);
}

static void test_hooks(void) {
  const char *stacks[] = {"a;b", "c"};
  const int64_t values[] = {2, 5};
  int calls = 0;
  pk_scene_options opts = {0};
  opts.color = fixed_color;
  opts.tooltip = extra_tip;
  opts.payload = &calls;
  rendered r;
  if (render(&r, pk_check_profile(stacks, values, 2), &opts)) return;
  CHECK_EQ_INT(calls, 4);
  CHECK(strstr(r.svg, "fill=\"rgb(1,2,3)\"") != NULL);
  char *t = text(child(xmlFirstElementChild(by_id(xmlDocGetRootElement(r.doc), "frames")), "title"));
  CHECK_STR(t, "all (7 samples, 100%; before 6 <&>)");
  free(t);
  release(&r);
}

static void test_empty_and_failures(void) {
  rendered r;
  if (render(&r, pk_check_profile(NULL, NULL, 0), NULL)) return;
  CHECK_EQ_INT(r.layout->count, 1);
  xmlNodePtr frames = by_id(xmlDocGetRootElement(r.doc), "frames");
  CHECK_EQ_INT(xmlChildElementCount(frames), 1);
  FILE *full = fopen("/dev/full", "w");
  if (full) {
    pk_error err;
    CHECK_EQ_INT(pk_svg_render(full, r.scene, &err), PK_EIO);
    fclose(full);
  }
  release(&r);
}

/* A 100,000-deep stack draws (flat markup, no recursion) and parses. */
static void test_deep(void) {
  enum { DEPTH = 100000 };
  pk_profile *p = pk_profile_new();
  CHECK(pk_profile_add_sample_type(p, "samples", "count") == 0);
  pk_id *frames = malloc(DEPTH * sizeof *frames);
  for (size_t i = 0; i < DEPTH; i++) frames[i] = pk_profile_frame_named(p, i % 2 ? "odd" : "even", i % 2 ? 3 : 4, 0);
  int64_t v = 1;
  CHECK(pk_profile_add_stack(p, frames, DEPTH, &v, NULL) == 0);
  CHECK(pk_profile_finish(p, NULL) == 0);
  free(frames);
  rendered r;
  if (render(&r, p, NULL)) return;
  CHECK_EQ_INT(xmlChildElementCount(by_id(xmlDocGetRootElement(r.doc), "frames")), DEPTH + 1);
  CHECK_EQ_INT(r.scene->height, 36 + 34 + (DEPTH + 1) * 16.0);
  release(&r);
}

int main(void) {
  LIBXML_TEST_VERSION
  test_frames_and_escaping();
  test_geometry();
  test_hooks();
  test_empty_and_failures();
  test_deep();
  xmlCleanupParser();
  return pk_check_exit("render_svg");
}
