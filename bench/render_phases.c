/*
 * render_phases.c - where the time of drawing a flame graph goes.
 *
 *   render_phases FILE [REPEAT [MINWIDTH_PX]]
 *
 * Reads FILE (any format profkit reads), then runs layout -> scene -> SVG
 * (to a temporary file) REPEAT times (default 5) with frames narrower than
 * MINWIDTH_PX pruned (default 0.1, flamegraph.pl's; 0 draws every node) and
 * prints the best time of each phase, the rect count and the SVG size.  Built with the tests
 * (build/bench/render_phases); bench/render_phases.sh runs it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "profkit/reader.h"
#include "profkit/svg.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void keep_best(double *best, double t) {
  if (*best == 0 || t < *best) *best = t;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: render_phases FILE [REPEAT]\n");
    return 2;
  }
  int repeat = argc > 2 ? atoi(argv[2]) : 5;
  double min_px = argc > 3 ? atof(argv[3]) : 0.1;
  pk_error err;
  pk_profile *p = NULL;
  pk_read_options ro = PK_READ_OPTIONS_INIT;
  double t0 = now();
  if (pk_read_profile(&p, argv[1], &ro, &err)) {
    char msg[2048];
    pk_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "render_phases: %s\n", msg);
    return 1;
  }
  double read_time = now() - t0;
  double layout_best = 0, scene_best = 0, svg_best = 0;
  size_t rects = 0;
  long bytes = 0;
  for (int i = 0; i < repeat; i++) {
    pk_scene_options so = {0};
    pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
    lo.type = pk_profile_default_type(p);
    lo.min_fraction = pk_scene_min_fraction(&so, min_px);
    pk_layout *l = NULL;
    pk_scene *s = NULL;
    double a = now();
    if (pk_layout_flame(&l, p, &lo, &err)) return 1;
    double b = now();
    if (pk_scene_build(&s, p, l, &so, &err)) return 1;
    double c = now();
    FILE *out = tmpfile();
    if (!out || pk_svg_render(out, s, &err)) return 1;
    bytes = ftell(out);
    fclose(out);
    double d = now();
    keep_best(&layout_best, b - a);
    keep_best(&scene_best, c - b);
    keep_best(&svg_best, d - c);
    rects = l->count;
    pk_scene_free(s);
    pk_layout_free(l);
  }
  printf("nodes %zu, rects drawn %zu, svg %ld bytes\n", pk_profile_node_count(p), rects, bytes);
  printf("read %.3f s (once); best of %d: layout %.3f s, scene %.3f s, svg %.3f s, "
         "layout+scene+svg %.3f s\n",
         read_time, repeat, layout_best, scene_best, svg_best, layout_best + scene_best + svg_best);
  pk_profile_free(p);
  return 0;
}
