/*
 * peer_colors_test.c - whole graphs against inferno's and flamegraph.pl's.
 *
 * For each case a folded file is read, laid out, coloured and drawn by
 * profkit, and the peer's SVG for the same input is parsed alongside.  Every
 * frame is reduced to (tooltip, fill, x, width in px); both lists are
 * sorted and must match one for one: the same frames with the same counts
 * and percentages, the same colours, the same places.
 *
 * inferno's expected SVGs come from ../shared/peers (the "hash" cases: its
 * hash is flamegraph.pl's --hash).  flamegraph.pl itself is run when
 * FLAMEGRAPH_DIR points at a FlameGraph checkout and perl is installed, in
 * both colour modes.  With neither available the test is skipped (77).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "profkit/reader.h"
#include "profkit/svg.h"

typedef struct frame {
  char *tip;
  char fill[24];
  double x, w;
} frame;

typedef struct frames {
  frame *v;
  size_t n, cap;
} frames;

static double attr_num(xmlNodePtr n, const char *name, int *percent) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  double d = v ? strtod((const char *)v, NULL) : NAN;
  if (percent) *percent = v && strchr((const char *)v, '%') != NULL;
  xmlFree(v);
  return d;
}

/* Collects every <g> that holds a <title> and a <rect>, iteratively. */
static void collect(xmlNodePtr n, frames *out) {
  while (n) {
    if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "g") == 0) {
      xmlNodePtr title = NULL, rect = NULL;
      for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)c->name, "title") == 0) title = c;
        if (strcmp((const char *)c->name, "rect") == 0) rect = c;
      }
      if (title && rect) {
        if (out->n == out->cap) {
          out->cap = out->cap ? out->cap * 2 : 256;
          out->v = realloc(out->v, out->cap * sizeof *out->v);
        }
        frame *f = &out->v[out->n++];
        xmlChar *t = xmlNodeGetContent(title), *fill = xmlGetProp(rect, (const xmlChar *)"fill");
        f->tip = strdup((const char *)t);
        snprintf(f->fill, sizeof f->fill, "%s", fill ? (const char *)fill : "");
        xmlFree(t);
        xmlFree(fill);
        int percent;
        f->x = attr_num(rect, "x", &percent);
        f->w = attr_num(rect, "width", NULL);
        if (percent) { /* inferno: percent of the 1180 px frames area, offset by xpad */
          f->x = 10 + f->x * 11.80;
          f->w = f->w * 11.80;
        }
      }
    }
    if (n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
}

static int by_tip_then_x(const void *a, const void *b) {
  const frame *x = a, *y = b;
  int c = strcmp(x->tip, y->tip);
  if (c) return c;
  return x->x < y->x ? -1 : x->x > y->x;
}

static int parse(const char *svg, size_t len, frames *out) {
  xmlDocPtr doc = xmlReadMemory(svg, (int)len, "peer.svg", NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  if (!doc) return -1;
  collect(xmlDocGetRootElement(doc), out);
  xmlFreeDoc(doc);
  qsort(out->v, out->n, sizeof *out->v, by_tip_then_x);
  return 0;
}

static void release(frames *f) {
  for (size_t i = 0; i < f->n; i++) free(f->v[i].tip);
  free(f->v);
}

static int ours(const char *folded, pk_palette palette, pk_color_mode mode, bool inverted, frames *out) {
  pk_profile *p = NULL;
  pk_error err;
  pk_read_options ro = PK_READ_OPTIONS_INIT;
  if (pk_read_profile(&p, folded, &ro, &err)) {
    fprintf(stderr, "%s: %s\n", folded, err.message);
    return -1;
  }
  pk_scene_options so = {0};
  so.palette = palette;
  so.color_mode = mode;
  so.inverted = inverted;
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.min_fraction = pk_scene_min_fraction(&so, 0.1); /* both peers' default --minwidth */
  pk_layout *l = NULL;
  pk_scene *s = NULL;
  char *svg = NULL;
  size_t len = 0;
  int rc = pk_layout_flame(&l, p, &lo, &err);
  if (!rc) rc = pk_scene_build(&s, p, l, &so, &err);
  if (!rc) {
    FILE *f = open_memstream(&svg, &len);
    rc = pk_svg_render(f, s, &err);
    fclose(f);
  }
  if (!rc) rc = parse(svg, len, out);
  free(svg);
  pk_scene_free(s);
  pk_layout_free(l);
  pk_profile_free(p);
  return rc;
}

/* Same frames, colours and places; prints the first differences. */
static void compare(const char *label, const frames *mine, const frames *peer) {
  int shown = 0;
  if (mine->n != peer->n) {
    fprintf(stderr, "%s: %zu frames, peer has %zu\n", label, mine->n, peer->n);
    pk_check_failures++;
    return;
  }
  for (size_t i = 0; i < mine->n; i++) {
    const frame *a = &mine->v[i], *b = &peer->v[i];
    int same = strcmp(a->tip, b->tip) == 0 && strcmp(a->fill, b->fill) == 0 &&
               fabs(a->x - b->x) <= 0.11 && fabs(a->w - b->w) <= 0.11;
    if (!same) {
      if (shown++ < 5)
        fprintf(stderr, "%s: ours \"%s\" %s x=%.2f w=%.2f, peer \"%s\" %s x=%.2f w=%.2f\n", label,
                a->tip, a->fill, a->x, a->w, b->tip, b->fill, b->x, b->w);
      pk_check_failures++;
    }
  }
  printf("%s: %zu frames compared\n", label, mine->n);
}

static char *slurp_command(const char *cmd, size_t *len) {
  FILE *f = popen(cmd, "r");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t k;
  while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  int status = pclose(f);
  if (status != 0 && n == 0) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static int run_inferno(const char *peers) {
  struct {
    const char *input, *expected;
    pk_palette palette;
    bool inverted;
  } cases[] = {
      {"inferno/flamegraph-submodule-57207af/test/results/perf-vertx-stacks-01-collapsed-all.txt",
       "inferno/tests/data/flamegraph/perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all.svg",
       PK_PALETTE_HOT, false},
      {"inferno/flamegraph-submodule-57207af/test/results/perf-vertx-stacks-01-collapsed-all.txt",
       "inferno/tests/data/flamegraph/inverted/inverted.svg", PK_PALETTE_HOT, true},
      {"inferno/flamegraph-submodule-57207af/test/results/perf-java-stacks-01-collapsed-all.txt",
       "inferno/tests/data/flamegraph/colors/java.svg", PK_PALETTE_JAVA, false},
      {"inferno/flamegraph-submodule-57207af/test/results/perf-js-stacks-01-collapsed-all.txt",
       "inferno/tests/data/flamegraph/colors/js.svg", PK_PALETTE_JS, false},
  };
  /* Not colors/async-profiler-java.svg: inferno's java palette also takes
   * dotted package names (com.foo.Bar) as Java; flamegraph.pl, our
   * reference, does not (run_flamegraph_pl checks that input against it). */
  int ran = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char input[4096], expected[4096];
    snprintf(input, sizeof input, "%s/%s", peers, cases[i].input);
    snprintf(expected, sizeof expected, "%s/%s", peers, cases[i].expected);
    size_t len;
    char *svg = pk_check_read_file(expected, &len);
    if (!svg || access(input, R_OK) != 0) {
      free(svg);
      continue;
    }
    frames mine = {0}, peer = {0};
    CHECK(parse(svg, len, &peer) == 0);
    CHECK(ours(input, cases[i].palette, PK_COLOR_HASH, cases[i].inverted, &mine) == 0);
    compare(cases[i].expected, &mine, &peer);
    release(&mine);
    release(&peer);
    free(svg);
    ran++;
  }
  return ran;
}

static int run_flamegraph_pl(const char *dir, const char *peers) {
  static const char results[] = "inferno/flamegraph-submodule-57207af/test/results/";
  struct {
    const char *input;
    pk_palette palette;
  } cases[] = {
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_HOT},
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_JAVA},
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_MEM},
      {"perf-js-stacks-01-collapsed-all.txt", PK_PALETTE_JS},
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_PERL},
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_IO},
      {"perf-java-stacks-01-collapsed-all.txt", PK_PALETTE_PURPLE},
      /* Not perf-vertx: one of its lines ends ";  3", a frame named " " to
       * flamegraph.pl, an empty name to profkit's reader (and inferno's). */
      {"../../tests/data/flamegraph/colors/async-profiler-collapsed-part.txt", PK_PALETTE_JAVA},
  };
  char script[4096];
  snprintf(script, sizeof script, "%s/flamegraph.pl", dir);
  if (access(script, R_OK) != 0 || system("perl -e 1 2>/dev/null") != 0) return 0;
  int ran = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char input[4096];
    snprintf(input, sizeof input, "%s/%s%s", peers, results, cases[i].input);
    if (access(input, R_OK) != 0) continue;
    for (int mode = 0; mode < 2; mode++) {
      char cmd[9000];
      snprintf(cmd, sizeof cmd, "perl '%s' %s --colors %s '%s' 2>/dev/null", script,
               mode == PK_COLOR_HASH ? "--hash" : "", pk_palette_name(cases[i].palette), input);
      size_t len;
      char *svg = slurp_command(cmd, &len);
      CHECK(svg != NULL);
      if (!svg) continue;
      frames mine = {0}, peer = {0};
      CHECK(parse(svg, len, &peer) == 0);
      CHECK(ours(input, cases[i].palette, mode, false, &mine) == 0);
      char label[256];
      snprintf(label, sizeof label, "flamegraph.pl %s %s %s", strrchr(input, '/') + 1,
               pk_palette_name(cases[i].palette), mode == PK_COLOR_HASH ? "--hash" : "(default)");
      compare(label, &mine, &peer);
      release(&mine);
      release(&peer);
      free(svg);
      ran++;
    }
  }
  return ran;
}

int main(void) {
  LIBXML_TEST_VERSION
  const char *peers = getenv("PK_PEERS");
  const char *fg = getenv("FLAMEGRAPH_DIR");
  int ran = 0;
  if (peers) ran += run_inferno(peers);
  if (peers && fg && *fg) ran += run_flamegraph_pl(fg, peers);
  xmlCleanupParser();
  if (!ran) {
    printf("render_peer_colors: skipped (no ../shared/peers, no FLAMEGRAPH_DIR)\n");
    return 77;
  }
  return pk_check_exit("render_peer_colors");
}
