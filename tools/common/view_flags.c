/*
 * view_flags.c - shared flags of flamegen and flamediff (see view_flags.h).
 *
 * Kept apart from cli.c because it links the renderers: cli.c is generic
 * option parsing, this is "how profkit tools turn a profile into output".
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/layout_chart.h"
#include "profkit/outfile.h"
#include "profkit/png.h"
#include "profkit/svg.h"
#include "profkit/top.h"
#include "profkit/transform.h"
#include "view_flags.h"

void pk_view_init(pk_view *v) {
  memset(v, 0, sizeof *v);
  pk_read_options read = PK_READ_OPTIONS_INIT;
  pk_filter_options filter = PK_FILTER_OPTIONS_INIT;
  v->read = read;
  v->read.warn = pk_cli_warn;
  v->filter = filter;
}

static int palette_option(pk_view *v, const char *value) {
  int palette = pk_palette_by_name(value);
  if (palette < 0) {
    pk_cli_fail("--colors: unknown palette '%s' (see --help)", value);
    return PK_EXIT_USAGE;
  }
  v->scene.palette = (pk_palette)palette;
  return 0;
}

static int number(const char *name, const char *value, double min, double max, double *out) {
  return pk_cli_double(name, value, min, max, out) ? 0 : PK_EXIT_USAGE;
}

static int graph_option(pk_view *v, int id, const char *value) {
  pk_scene_options *s = &v->scene;
  switch (id) {
    case PK_VIEW_OUTPUT: v->output = value; return 0;
    case PK_VIEW_FORMAT: v->format = value; return 0;
    case PK_VIEW_TITLE: s->title = value; return 0;
    case PK_VIEW_SUBTITLE: s->subtitle = value; return 0;
    case PK_VIEW_WIDTH: return number("width", value, 100, 1e6, &s->width);
    case PK_VIEW_HEIGHT: return number("height", value, 1, 1000, &s->frame_height);
    case PK_VIEW_MINWIDTH: v->minwidth = value; return 0;
    case PK_VIEW_FONTSIZE: return number("fontsize", value, 1, 500, &s->fontsize);
    case PK_VIEW_FONTTYPE: s->fonttype = value; return 0;
    case PK_VIEW_FONTWIDTH: return number("fontwidth", value, 0.05, 5, &s->fontwidth);
    case PK_VIEW_COLORS: return palette_option(v, value);
    case PK_VIEW_HASH: return 0;
    case PK_VIEW_COUNTNAME: s->countname = value; return 0;
    case PK_VIEW_NAMETYPE: s->nametype = value; return 0;
    case PK_VIEW_NOTES: s->notes = value; return 0;
    case PK_VIEW_INVERTED: s->inverted = true; return 0;
    case PK_VIEW_REVERSE: v->reverse = true; return 0;
    case PK_VIEW_FLAMECHART: v->flamechart = true; return 0;
  }
  return -1;
}

static int filter_option(pk_view *v, int id, const char *value) {
  pk_filter_options *f = &v->filter;
  switch (id) {
    case PK_VIEW_FOCUS: f->focus = value; return 0;
    case PK_VIEW_FOCUS_ROOT: f->focus_root = true; return 0;
    case PK_VIEW_IGNORE: f->ignore = value; return 0;
    case PK_VIEW_HIDE: f->hide = value; return 0;
    case PK_VIEW_PRUNE_FROM: f->prune_from = value; return 0;
    case PK_VIEW_MIN_PERCENT: return number("min-percent", value, 0, 100, &f->min_percent);
    case PK_VIEW_TOP:
      if (!pk_cli_size("top", value, &v->top) || v->top == 0) {
        pk_cli_fail("--top: '%s' is not a positive number of rows", value);
        return PK_EXIT_USAGE;
      }
      return 0;
    case PK_VIEW_TOP_BY:
      if (strcmp(value, "self") != 0 && strcmp(value, "total") != 0) {
        pk_cli_fail("--top-by: expected self or total, got '%s'", value);
        return PK_EXIT_USAGE;
      }
      v->top_by_total = strcmp(value, "total") == 0;
      return 0;
  }
  return -1;
}

static int read_option(pk_view *v, int id, const char *value) {
  pk_read_options *r = &v->read;
  unsigned long long size;
  switch (id) {
    case PK_VIEW_SAMPLE_TYPE: v->sample_type = value; return 0;
    case PK_VIEW_PID: r->perf_pid = true; return 0;
    case PK_VIEW_TID: r->perf_tid = true; return 0;
    case PK_VIEW_KERNEL: r->perf_kernel = true; return 0;
    case PK_VIEW_JIT: r->perf_jit = true; return 0;
    case PK_VIEW_ALL: r->perf_kernel = r->perf_jit = true; return 0;
    case PK_VIEW_ADDRS: r->perf_addrs = true; return 0;
    case PK_VIEW_EXCLUDE_IDLE: r->exclude_idle = true; return 0;
    case PK_VIEW_MAX_INPUT:
      if (!pk_cli_size("max-input-size", value, &size)) return PK_EXIT_USAGE;
      r->limits.max_bytes = size;
      return 0;
    case PK_VIEW_MAX_RATIO: return number("max-ratio", value, 1, 1e9, &r->limits.max_ratio);
    case PK_VIEW_INPUT_FORMAT: r->format = value; return 0;
    case PK_VIEW_MAX_DEPTH: {
      double depth;
      int rc = number("max-depth", value, 2, 1e9, &depth);
      r->max_depth = (size_t)depth;
      return rc;
    }
  }
  return -1;
}

int pk_view_option(pk_view *v, int id, const char *value) {
  int rc = graph_option(v, id, value);
  if (rc < 0) rc = filter_option(v, id, value);
  if (rc < 0) rc = read_option(v, id, value);
  return rc;
}

static bool valid_minwidth(const char *v) {
  char *end;
  double x = strtod(v, &end);
  return end != v && (*end == '\0' || (end[0] == '%' && end[1] == '\0')) && x >= 0;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

int pk_view_finish(pk_view *v, const char *const *formats) {
  if (v->minwidth && !valid_minwidth(v->minwidth)) {
    pk_cli_fail("--minwidth: '%s' is not a width in pixels or a percentage", v->minwidth);
    return PK_EXIT_USAGE;
  }
  if (v->filter.focus_root && !v->filter.focus) {
    pk_cli_fail("--focus-root needs --focus REGEX");
    return PK_EXIT_USAGE;
  }
  if (v->flamechart && v->reverse) {
    pk_cli_fail("--flamechart keeps the time order; it cannot be combined with --reverse");
    return PK_EXIT_USAGE;
  }
  v->writer = NULL;
  if (v->top) {
    v->kind = PK_VIEW_TABLE;
    return 0;
  }
  const char *format = v->format;
  for (size_t i = 0; format && formats && formats[i]; i++)
    if (strcmp(format, formats[i]) == 0) {
      v->kind = PK_VIEW_WRITER;
      return 0;
    }
  if (format ? strcmp(format, "svg") == 0 : !v->output || !(ends_with(v->output, ".png") ||
                                                            pk_writer_by_path(v->output))) {
    v->kind = PK_VIEW_SVG;
  } else if (format ? strcmp(format, "png") == 0 : ends_with(v->output, ".png")) {
    v->kind = PK_VIEW_PNG;
  } else if ((v->writer = format ? pk_writer_by_name(format) : pk_writer_by_path(v->output))) {
    v->kind = PK_VIEW_WRITER;
  } else {
    pk_cli_fail("--format: unknown output format '%s' (see --help)", format);
    return PK_EXIT_USAGE;
  }
  if (v->kind == PK_VIEW_PNG) atexit(pk_png_shutdown);
  if (v->flamechart && v->kind == PK_VIEW_WRITER) {
    pk_cli_fail("--flamechart draws a graph; use svg or png output");
    return PK_EXIT_USAGE;
  }
  return 0;
}

int pk_view_read(pk_profile **out, const char *path, const pk_view *v, size_t *type, pk_error *err) {
  int rc = pk_read_profile(out, path, &v->read, err);
  if (rc != PK_OK) return rc;
  int found = v->sample_type ? pk_profile_find_type(*out, v->sample_type)
                             : (int)pk_profile_default_type(*out);
  if (found < 0) {
    pk_profile_free(*out);
    *out = NULL;
    return pk_error_set(err, PK_EINVAL, strcmp(path, "-") ? path : "<stdin>", PK_NO_POSITION,
                        PK_NO_POSITION, "no sample type '%s' in this profile", v->sample_type);
  }
  *type = (size_t)found;
  return PK_OK;
}

int pk_view_transform(pk_profile **p, const pk_view *v, size_t type, pk_error *err) {
  int rc = PK_OK;
  if (!pk_filter_is_identity(&v->filter)) {
    pk_filter_options f = v->filter;
    f.type = type;
    pk_profile *filtered;
    rc = pk_profile_filter(&filtered, *p, &f, err);
    pk_profile_free(*p);
    *p = rc == PK_OK ? filtered : NULL;
  }
  if (rc == PK_OK && v->reverse) {
    pk_profile *reversed;
    rc = pk_profile_reverse(&reversed, *p, err);
    pk_profile_free(*p);
    *p = rc == PK_OK ? reversed : NULL;
  }
  return rc;
}

typedef struct side {
  const char *path;
  const pk_view *view;
  pk_profile *profile;
  size_t type;
  int rc;
  pk_error err;
} side;

static void *read_side(void *arg) {
  side *s = arg;
  pk_error_clear(&s->err);
  s->rc = pk_view_read(&s->profile, s->path, s->view, &s->type, &s->err);
  if (s->rc == PK_OK) s->rc = pk_view_transform(&s->profile, s->view, s->type, &s->err);
  return NULL;
}

int pk_view_read_pair(pk_profile *out[2], size_t type[2], char *const paths[2], const pk_view *v,
                      pk_error *err) {
  /* A diff reads self values only: without filters, the totals are not needed. */
  pk_view untransformed = *v;
  if (pk_filter_is_identity(&v->filter) && !v->reverse) untransformed.read.no_totals = true;
  v = &untransformed;
  side sides[2] = {{paths[0], v, NULL, 0, 0, {0}}, {paths[1], v, NULL, 0, 0, {0}}};
  pthread_t thread;
  bool threaded = strcmp(paths[0], "-") != 0 && strcmp(paths[1], "-") != 0 &&
                  pthread_create(&thread, NULL, read_side, &sides[1]) == 0;
  read_side(&sides[0]);
  if (threaded) pthread_join(thread, NULL);
  else read_side(&sides[1]);
  int failed = sides[0].rc != PK_OK ? 0 : sides[1].rc != PK_OK ? 1 : -1;
  if (failed >= 0) {
    if (err) *err = sides[failed].err;
    pk_profile_free(sides[0].profile);
    pk_profile_free(sides[1].profile);
    out[0] = out[1] = NULL;
    return sides[failed].rc;
  }
  for (int i = 0; i < 2; i++) {
    out[i] = sides[i].profile;
    type[i] = sides[i].type;
  }
  return PK_OK;
}

int pk_view_draw(FILE *out, const pk_view *v, const pk_profile *p, size_t type,
                 const pk_scene_options *scene, pk_error *err) {
  pk_scene_options opts = scene ? *scene : v->scene;
  if (!opts.countname) {
    const char *unit = pk_profile_string(p, pk_profile_type(p, type).unit, NULL);
    opts.countname = (!*unit || strcmp(unit, "count") == 0) ? "samples" : unit;
  }
  if (v->flamechart && !opts.title) opts.title = "Flame Chart";
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.type = type;
  const char *mw = v->minwidth ? v->minwidth : "0.1";
  double min = atof(mw);
  size_t len = strlen(mw);
  lo.min_fraction = (len && mw[len - 1] == '%') ? min / 100.0 : pk_scene_min_fraction(&opts, min);
  pk_layout *layout = NULL;
  pk_scene *built = NULL;
  int rc = v->flamechart ? pk_layout_chart(&layout, p, &lo, err) : pk_layout_flame(&layout, p, &lo, err);
  if (rc == PK_OK) rc = pk_scene_build(&built, p, layout, &opts, err);
  if (rc == PK_OK) rc = v->kind == PK_VIEW_PNG ? pk_png_render(out, built, err) : pk_svg_render(out, built, err);
  pk_scene_free(built);
  pk_layout_free(layout);
  return rc;
}

int pk_view_write(const pk_view *v, const pk_profile *p, size_t type, const pk_scene_options *scene,
                  pk_error *err) {
  pk_outfile *out = NULL;
  int rc = pk_outfile_open(&out, v->output, err);
  if (rc != PK_OK) return rc;
  FILE *stream = pk_outfile_stream(out);
  if (v->kind == PK_VIEW_TABLE) {
    pk_top_options t = {type, (size_t)v->top, v->top_by_total};
    rc = pk_top_write(stream, p, &t, err);
  } else if (v->kind == PK_VIEW_WRITER) {
    rc = v->writer ? v->writer->write(p, type, stream, err)
                   : pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                                  "no writer for this format");
  } else {
    rc = pk_view_draw(stream, v, p, type, scene, err);
  }
  if (rc == PK_OK) return pk_outfile_commit(out, err);
  pk_outfile_abort(out);
  return rc;
}
